import { AppError, notFound, type FieldProblem } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../../platform/http/require-actor.js';
import { isCurrent, isHeadTitle, todayIso } from '../landscape.domain.js';
import { canEditOrganisation, canSeePersonalData } from '../landscape.policy.js';
import type { Page } from '../landscape.sql.js';
import {
  checkDateOrder,
  endBeforeEnding,
  endingDay,
  failIfProblems,
  pageOf,
  requireOrganisationEditor,
  type PartContext,
} from '../landscape.shared.js';
import type { RoleAssignment } from './people.repository.js';
import type {
  PersonCreateInput,
  PersonListFilter,
  PersonUpdateInput,
  RoleAssignmentCreateInput,
  RoleAssignmentListFilter,
  RoleAssignmentUpdateInput,
} from './people.schemas.js';

export type RoleAssignmentDetail = RoleAssignment & { current: boolean };

/** A person as this actor may see them: contact details only for those entitled. */
function visiblePerson<P extends { email: string | null; organisationId: number | null }>(
  actor: Actor | undefined,
  person: P,
  sharedWith: number[],
): P {
  return canSeePersonalData(actor, person, sharedWith) ? person : { ...person, email: null };
}

function describeAssignment(assignment: RoleAssignment, today = todayIso()): RoleAssignmentDetail {
  return { ...assignment, current: isCurrent(assignment.startDate, assignment.endDate, today) };
}

/**
 * People, the role taxonomy and the roles people hold: who sees a person's contact details,
 * adding and changing people, a subject access request and an erasure, giving and ending roles.
 */
export function createPeoplePart({ audit, repo, reads, audited, personalData }: PartContext) {
  async function checkAssignment(
    merged: RoleAssignmentCreateInput | (RoleAssignmentUpdateInput & { personId: number }),
    problems: FieldProblem[],
  ) {
    if (merged.personId !== undefined && !(await repo.findPerson(merged.personId)))
      problems.push({ field: 'personId', message: 'That person is not in Syslead' });
    if (merged.roleCode !== undefined && !(await repo.roleExists(merged.roleCode)))
      problems.push({ field: 'roleCode', message: 'Choose a role from the list' });
    if (merged.organisationId !== undefined && !(await repo.findOrganisation(merged.organisationId))) {
      problems.push({ field: 'organisationId', message: 'Choose an organisation that is in Syslead' });
    }
    checkDateOrder(merged.startDate, merged.endDate, 'startDate', 'endDate', problems);
  }

  /** A role on a person is given, changed and ended by their own organisation: its leaders, or an administrator. */
  async function requireRoleGiver(actor: Actor | undefined, personId: number): Promise<Actor> {
    const signedIn = requireSignedIn(actor);
    if (signedIn.isAdmin) return signedIn;
    const person = await repo.findPerson(personId);
    if (!person || !canEditOrganisation(signedIn, person.organisationId)) {
      throw new AppError(
        'forbidden',
        'Only a leader of the person’s own organisation or an administrator can give or end their roles',
      );
    }
    return signedIn;
  }

  const part = {
    /** People by name, role or organisation; lists never carry contact details. */
    async listPeople(actor: Actor | undefined, filter: PersonListFilter) {
      requireSignedIn(actor);
      const page = await reads(actor).listPeople({ ...filter, page: filter.page ?? 1, perPage: filter.perPage ?? 25 });
      return pageOf(page, (p) => ({ ...p, email: null }));
    },

    /** One person; their contact details only for those entitled, and each such read is audited. */
    async getPerson(actor: Actor | undefined, id: number) {
      requireSignedIn(actor);
      const person = await repo.findPerson(id);
      if (!person) throw notFound(`Person ${id}`);
      const sharedWith =
        person.organisationId && actor?.memberships.length
          ? await repo.sharedWith(person.organisationId, 'contact-details', todayIso())
          : [];
      const visible = visiblePerson(actor, person, sharedWith);
      if (visible.email) {
        // A read of personal data writes nothing else: its audit entry stands alone.
        await audit.record(actor, {
          action: 'read-personal',
          entity: 'person',
          entityId: id,
          organisationIds: person.organisationId ? [person.organisationId] : [],
          detail: { fields: ['email'] },
        });
      }
      return visible;
    },

    async listPeopleOfOrganisation(actor: Actor | undefined, organisationId: number) {
      requireSignedIn(actor);
      return (await reads(actor).listPeopleOfOrganisation(organisationId)).map((p) => ({ ...p, email: null }));
    },

    async createPerson(actor: Actor | undefined, input: PersonCreateInput) {
      if (!input.organisationId) requireAdmin(actor);
      else requireOrganisationEditor(actor, input.organisationId);
      const problems: FieldProblem[] = [];
      if (input.organisationId && !(await repo.findOrganisation(input.organisationId)))
        problems.push({ field: 'organisationId', message: 'Choose an organisation that is in Syslead' });
      if (input.personRef && (await repo.personRefTaken(input.personRef)))
        problems.push({ field: 'personRef', message: 'Another person already has this reference' });
      failIfProblems(problems);
      // Audit entries name fields, never their values: the trail must not keep what an erasure removes.
      const id = await audited(
        actor,
        (r) => r.insertPerson({ ...input, email: input.email?.toLowerCase() }),
        (newId) => ({
          action: 'create',
          entity: 'person',
          entityId: newId,
          organisationIds: input.organisationId ? [input.organisationId] : [],
          detail: { fields: Object.keys(input) },
        }),
      );
      return part.getPerson(actor, id);
    },

    async updatePerson(actor: Actor | undefined, id: number, input: PersonUpdateInput) {
      requireSignedIn(actor);
      const existing = await repo.findPerson(id);
      if (!existing) throw notFound(`Person ${id}`);
      if (!existing.organisationId) requireAdmin(actor);
      requireOrganisationEditor(
        actor,
        existing.organisationId,
        ...(input.organisationId ? [input.organisationId] : []),
      );
      const problems: FieldProblem[] = [];
      if (input.organisationId && !(await repo.findOrganisation(input.organisationId)))
        problems.push({ field: 'organisationId', message: 'Choose an organisation that is in Syslead' });
      if (input.personRef && (await repo.personRefTaken(input.personRef, id)))
        problems.push({ field: 'personRef', message: 'Another person already has this reference' });
      failIfProblems(problems);
      const organisations = [existing.organisationId, input.organisationId].filter(
        (o): o is number => typeof o === 'number',
      );
      await audited(
        actor,
        (r) => r.updatePerson(id, { ...input, email: input.email ? input.email.toLowerCase() : input.email }),
        () => ({
          action: 'update',
          entity: 'person',
          entityId: id,
          organisationIds: organisations,
          detail: { fields: Object.keys(input) },
        }),
      );
      return part.getPerson(actor, id);
    },

    /**
     * Everything held about a person, for a subject access request (administrators only;
     * audited): their record and roles, and for each account that is them (linked, or with
     * their email address) what every module holds about it, each part as its module's own
     * rules give it (a 360's results only where enough answered, say).
     */
    async exportPersonData(actor: Actor | undefined, id: number) {
      requireAdmin(actor);
      const person = await repo.findPerson(id);
      if (!person) throw notFound(`Person ${id}`);
      const roles = await repo.listAssignments({ personId: id, page: 1, perPage: 10000 });
      const accounts = await Promise.all(
        (await repo.accountsOfPerson(id, person.email)).map(async (a) => ({
          email: a.email,
          held: await personalData(a.userId),
        })),
      );
      // A read of personal data writes nothing else: its audit entry stands alone.
      await audit.record(actor, {
        action: 'export-personal',
        entity: 'person',
        entityId: id,
        organisationIds: person.organisationId ? [person.organisationId] : [],
      });
      return { person, roleAssignments: roles.items, accounts };
    },

    /**
     * Erases a person and their role assignments (administrators only). Counts made later no
     * longer include them; the audit trail keeps that an erasure happened, not what was erased.
     */
    async erasePerson(actor: Actor | undefined, id: number): Promise<{ roleAssignments: number }> {
      requireAdmin(actor);
      const person = await repo.findPerson(id);
      if (!person) throw notFound(`Person ${id}`);
      const removed = await audited(
        actor,
        (r) => r.deletePerson(id),
        (count) => ({
          action: 'erase',
          entity: 'person',
          entityId: id,
          organisationIds: person.organisationId ? [person.organisationId] : [],
          detail: { roleAssignments: count },
        }),
      );
      return { roleAssignments: removed };
    },

    /**
     * For system health (the background job only): the system-leadership roles in force on a day
     * held by people who work at these organisations, each with where its holder works and whether
     * they are a headteacher (by job title), and the accounts that are each holder. No names.
     */
    async leadershipRoles(actor: Actor | undefined, organisationIds: number[], day: string) {
      requireAdmin(actor, 'read the roles held across the system');
      const held = await repo.rolesHeldOn(organisationIds, day);
      return {
        roles: held.map((r) => ({
          personId: r.personId,
          organisationId: r.organisationId,
          head: isHeadTitle(r.jobTitle),
        })),
        accounts: await repo.accountsOfPeople([...new Set(held.map((r) => r.personId))]),
      };
    },

    async listRoles(actor: Actor | undefined, onDate = todayIso()) {
      requireSignedIn(actor);
      return reads(actor).listRoles(onDate);
    },

    async listRoleAssignments(
      actor: Actor | undefined,
      filter: RoleAssignmentListFilter,
    ): Promise<Page<RoleAssignmentDetail>> {
      requireSignedIn(actor);
      const page = await reads(actor).listAssignments({
        ...filter,
        page: filter.page ?? 1,
        perPage: filter.perPage ?? 25,
      });
      const today = todayIso();
      return pageOf(page, (a) => describeAssignment(a, today));
    },

    async getRoleAssignment(actor: Actor | undefined, id: number): Promise<RoleAssignmentDetail> {
      requireSignedIn(actor);
      const assignment = await repo.findAssignment(id);
      if (!assignment) throw notFound(`Role assignment ${id}`);
      return describeAssignment(assignment);
    },

    async createRoleAssignment(
      actor: Actor | undefined,
      input: RoleAssignmentCreateInput,
    ): Promise<RoleAssignmentDetail> {
      await requireRoleGiver(actor, input.personId);
      const problems: FieldProblem[] = [];
      await checkAssignment(input, problems);
      failIfProblems(problems);
      const id = await audited(
        actor,
        (r) => r.insertAssignment(input),
        (newId) => ({
          action: 'create',
          entity: 'role-assignment',
          entityId: newId,
          organisationIds: [input.organisationId],
          detail: { ...input },
        }),
      );
      return part.getRoleAssignment(actor, id);
    },

    async updateRoleAssignment(
      actor: Actor | undefined,
      id: number,
      input: RoleAssignmentUpdateInput,
    ): Promise<RoleAssignmentDetail> {
      const existing = await part.getRoleAssignment(actor, id);
      await requireRoleGiver(actor, existing.personId);
      const problems: FieldProblem[] = [];
      await checkAssignment(
        {
          personId: existing.personId,
          roleCode: input.roleCode,
          organisationId: input.organisationId,
          startDate: input.startDate === undefined ? existing.startDate : input.startDate,
          endDate: input.endDate === undefined ? existing.endDate : input.endDate,
        },
        problems,
      );
      failIfProblems(problems);
      const organisationIds = [existing.organisationId, ...(input.organisationId ? [input.organisationId] : [])];
      await audited(
        actor,
        (r) => r.updateAssignment(id, input),
        () => ({ action: 'update', entity: 'role-assignment', entityId: id, organisationIds, detail: { ...input } }),
      );
      return part.getRoleAssignment(actor, id);
    },

    /** Ends a role today (or on its first day, if it has not begun), keeping it in the record. */
    async endRoleAssignment(actor: Actor | undefined, id: number): Promise<RoleAssignmentDetail> {
      const existing = await part.getRoleAssignment(actor, id);
      await requireRoleGiver(actor, existing.personId);
      const endDate = endingDay(existing.startDate);
      // Already ended: nothing to do (ending again would lengthen it).
      if (existing.endDate !== null && existing.endDate <= endDate) return existing;
      await audited(
        actor,
        (r) => r.updateAssignment(id, { endDate }),
        () => ({
          action: 'end',
          entity: 'role-assignment',
          entityId: id,
          organisationIds: [existing.organisationId],
          detail: { endDate, before: existing.endDate },
        }),
      );
      return part.getRoleAssignment(actor, id);
    },

    /** Undoes ending a role (see `endBeforeEnding`): its end date goes back to what it was. */
    async restoreRoleAssignment(actor: Actor | undefined, id: number): Promise<RoleAssignmentDetail> {
      const existing = await part.getRoleAssignment(actor, id);
      await requireRoleGiver(actor, existing.personId);
      const endDate = await endBeforeEnding(audit, actor, {
        entity: 'role-assignment',
        id,
        endDate: existing.endDate,
      });
      await audited(
        actor,
        (r) => r.updateAssignment(id, { endDate }),
        () => ({
          action: 'restore',
          entity: 'role-assignment',
          entityId: id,
          organisationIds: [existing.organisationId],
          detail: { endDate },
        }),
      );
      return part.getRoleAssignment(actor, id);
    },
  };
  return part;
}
