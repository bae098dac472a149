import { AppError, notFound, type FieldProblem } from '../../../platform/http/errors.js';
import type { HealthScope } from '../../definition.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../../platform/http/require-actor.js';
import { systemOfKind, todayIso } from '../landscape.domain.js';
import { canEditOrganisation, PARTNERSHIP_KINDS } from '../landscape.policy.js';
import type { Page } from '../landscape.sql.js';
import {
  checkDateOrder,
  failIfProblems,
  pageOf,
  requireOrganisationEditor,
  type PartContext,
  type Selection,
} from '../landscape.shared.js';
import type { Organisation, OrganisationValues } from './organisations.repository.js';
import type {
  OrganisationCreateInput,
  OrganisationListFilter,
  OrganisationUpdateInput,
} from './organisations.schemas.js';

export type OrganisationDetail = Organisation & { widerSystem: string };

/** UK postcodes are stored upper-case with one space before the inward code. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

function withSystem(organisation: Organisation): OrganisationDetail {
  return { ...organisation, widerSystem: systemOfKind(organisation.kind) };
}

/** Forums are organisations too, but only governance makes them, with the forum's own record beside. */
function refuseForum(kind: string | undefined, was?: string): void {
  if (kind === 'forum' && was !== 'forum')
    throw new AppError('validation', 'Forums are made from a partnership’s governance page', [
      { field: 'kind', message: 'Forums are made from a partnership’s governance page: choose another kind' },
    ]);
}

function conflictOrValidation(problems: FieldProblem[]) {
  if (problems.length > 0 && problems.every((p) => p.rule === 'unique')) {
    throw new AppError('conflict', 'Another organisation already has this key', problems);
  }
  failIfProblems(problems);
}

/** Organisations: the list, one profile, adding and changing them, and the organisations a key stands for. */
export function createOrganisationsPart({ repo, reads, audited, resolveScopeOrFail, resolveSelection }: PartContext) {
  /** An organisation by id: fresh, or for a reader (`actor`) at their version of the data. */
  async function getOrganisationRecord(id: number, actor?: Actor): Promise<Organisation> {
    const organisation = await (actor ? reads(actor) : repo).findOrganisation(id);
    if (!organisation) throw notFound(`Organisation ${id}`);
    return organisation;
  }

  /** Checks an organisation as it would be after a change, listing every problem. */
  async function checkOrganisation(merged: OrganisationValues, id: number | undefined, problems: FieldProblem[]) {
    if (merged.laCode && merged.kind !== 'local-authority')
      problems.push({ field: 'laCode', message: 'Only a local authority has a local-authority code: leave it empty' });
    if (merged.localAuthorityId) {
      const la = await repo.findOrganisation(merged.localAuthorityId);
      if (!la || la.kind !== 'local-authority')
        problems.push({ field: 'localAuthorityId', message: 'Choose a local authority that is in Syslead' });
      else if (la.id === id)
        problems.push({ field: 'localAuthorityId', message: 'An organisation cannot be its own local authority' });
    }
    checkDateOrder(merged.openedOn, merged.closedOn, 'openedOn', 'closedOn', problems);
    const keys: Array<[keyof OrganisationValues, { urn?: number; laCode?: string; groupUid?: string }]> = [];
    if (merged.urn) keys.push(['urn', { urn: merged.urn }]);
    if (merged.laCode && merged.kind === 'local-authority') keys.push(['laCode', { laCode: merged.laCode }]);
    if (merged.groupUid) keys.push(['groupUid', { groupUid: merged.groupUid }]);
    for (const [field, key] of keys) {
      const owner = await repo.findOrganisationIdByKey(key);
      if (owner !== undefined && owner !== id)
        problems.push({
          field,
          rule: 'unique',
          message: `Organisation ${owner} already has this ${field === 'urn' ? 'URN' : 'code'}`,
        });
    }
  }

  const part = {
    async listOrganisations(
      actor: Actor | undefined,
      filter: OrganisationListFilter,
    ): Promise<Page<OrganisationDetail>> {
      requireSignedIn(actor);
      const page = await reads(actor).listOrganisations({
        ...filter,
        page: filter.page ?? 1,
        perPage: filter.perPage ?? 25,
      });
      return pageOf(page, withSystem);
    },

    async getOrganisation(actor: Actor | undefined, id: number): Promise<OrganisationDetail> {
      return withSystem(await getOrganisationRecord(id, requireSignedIn(actor)));
    },

    async createOrganisation(actor: Actor | undefined, input: OrganisationCreateInput): Promise<OrganisationDetail> {
      requireAdmin(actor);
      refuseForum(input.kind);
      const values: OrganisationValues = {
        ...input,
        postcode: input.postcode ? normalisePostcode(input.postcode) : undefined,
      };
      const problems: FieldProblem[] = [];
      await checkOrganisation(values, undefined, problems);
      conflictOrValidation(problems);
      const id = await audited(
        actor,
        (r) => r.insertOrganisation(values),
        (newId) => ({
          action: 'create',
          entity: 'organisation',
          entityId: newId,
          organisationIds: [newId],
          detail: { ...input },
        }),
      );
      return withSystem(await getOrganisationRecord(id));
    },

    async updateOrganisation(
      actor: Actor | undefined,
      id: number,
      input: OrganisationUpdateInput,
    ): Promise<OrganisationDetail> {
      requireSignedIn(actor);
      const existing = await getOrganisationRecord(id);
      requireOrganisationEditor(actor, id);
      if (input.kind !== undefined && input.kind !== existing.kind) requireAdmin(actor);
      refuseForum(input.kind, existing.kind);
      if (existing.kind === 'forum' && input.kind !== undefined && input.kind !== 'forum')
        throw new AppError('validation', 'A forum stays a forum: it is kept with its partnership’s governance', [
          { field: 'kind', message: 'A forum’s kind cannot be changed' },
        ]);
      const changes: OrganisationValues = {
        ...input,
        ...(input.postcode ? { postcode: normalisePostcode(input.postcode) } : {}),
      };
      const problems: FieldProblem[] = [];
      await checkOrganisation({ ...existing, ...changes }, id, problems);
      conflictOrValidation(problems);
      await audited(
        actor,
        (r) => r.updateOrganisation(id, changes),
        () => ({ action: 'update', entity: 'organisation', entityId: id, organisationIds: [id], detail: { ...input } }),
      );
      return withSystem(await getOrganisationRecord(id));
    },

    /**
     * For governance alone: the organisation of a new forum of a partnership, a member of it, made
     * by a leader of that partnership (or an administrator); both writes are audited as any other.
     */
    async createForumOrganisation(
      actor: Actor | undefined,
      input: { name: string; partnershipId: number },
    ): Promise<OrganisationDetail> {
      const signedIn = requireOrganisationEditor(actor, input.partnershipId);
      const values: OrganisationValues = { kind: 'forum', name: input.name, status: 'open' };
      const id = await audited(
        signedIn,
        (r) => r.insertOrganisation(values),
        (newId) => ({
          action: 'create',
          entity: 'organisation',
          entityId: newId,
          organisationIds: [newId, input.partnershipId],
          detail: { ...values },
        }),
      );
      // A tie the network maps, not a membership: a forum is not one of the partnership's members, so
      // an account of the forum alone is not one of the partnership's people.
      const tie = { type: 'partnership', fromOrganisationId: id, toOrganisationId: input.partnershipId } as const;
      await audited(
        signedIn,
        (r) => r.insertRelationship(tie),
        (newId) => ({
          action: 'create',
          entity: 'relationship',
          entityId: newId,
          organisationIds: [id, input.partnershipId],
          detail: { ...tie },
        }),
      );
      return withSystem(await getOrganisationRecord(id));
    },

    async listLocalAuthorities(actor: Actor | undefined) {
      requireSignedIn(actor);
      return reads(actor).listLocalAuthorities();
    },

    /**
     * The organisations a key (or several, separated by commas) stands for today, and the
     * partnership it names when it is one key of a trust, federation, network or local authority.
     */
    async resolveSelection(actor: Actor | undefined, refs: string): Promise<Selection> {
      requireSignedIn(actor);
      const selection = await resolveSelection(refs, todayIso());
      if (!selection)
        throw new AppError('validation', 'Give the key of a local authority, school, trust, federation or network', [
          { field: 'scope', message: 'Enter an LA code, a trust’s UID or a URN' },
        ]);
      return selection;
    },

    /** An organisation and, when it is a partnership, its members today (a local authority: the organisations in its area). */
    async organisationAndMembers(actor: Actor | undefined, organisationId: number): Promise<number[]> {
      requireSignedIn(actor);
      return (await resolveScopeOrFail(`org:${organisationId}`, todayIso())).ids;
    },

    /**
     * The part of the system whose health is read on a day: `england` (every organisation), or
     * `org:<id>` of a partnership (a trust, federation, network or local authority) with the
     * organisations it stands for on that day.
     */
    async healthScope(actor: Actor | undefined, ref: string, asOf = todayIso()): Promise<Omit<HealthScope, 'asOf'>> {
      requireSignedIn(actor);
      if (ref === 'england') {
        const all = await repo.kindsOf(asOf);
        return {
          ref,
          name: 'England',
          organisationId: null,
          kind: null,
          organisationIds: all.map((o) => o.id),
          schoolIds: all.filter((o) => o.kind === 'school').map((o) => o.id),
        };
      }
      const found = /^org:\d{1,9}$/.test(ref) ? await repo.resolveScope(ref, asOf) : undefined;
      if (!found || !PARTNERSHIP_KINDS.has(found.kind))
        throw new AppError('not_found', 'There is no partnership, trust or local authority with that key');
      const kinds = await repo.kindsOf(asOf, found.ids);
      return {
        ref,
        name: found.name,
        organisationId: found.id,
        kind: found.kind,
        organisationIds: kinds.map((o) => o.id),
        schoolIds: kinds.filter((o) => o.kind === 'school').map((o) => o.id),
      };
    },

    /** The partnerships and local authorities that the organisations given are, belong to today, or lie in. */
    async partnershipsAround(actor: Actor | undefined, organisationIds: number[]): Promise<number[]> {
      requireSignedIn(actor);
      return repo.partnershipsAround(organisationIds, todayIso(), [...PARTNERSHIP_KINDS]);
    },

    /** The organisations the actor leads (or coordinates), for choosing which one acts. */
    async ledOrganisations(actor: Actor | undefined): Promise<OrganisationDetail[]> {
      const signedIn = requireSignedIn(actor);
      const led = signedIn.memberships
        .filter((m) => canEditOrganisation(signedIn, m.organisationId))
        .map((m) => m.organisationId);
      return Promise.all(led.map((id) => part.getOrganisation(signedIn, id)));
    },
  };
  return part;
}
