import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import { formatDate } from '../../platform/http/views.js';
import { agoInWords, daysBetween } from '../../shared/time-in-words.js';
import type { AuditService } from '../audit/index.js';
import { canEditOrganisation, staffOrganisations, todayIso, type LandscapeService } from '../landscape/index.js';
import {
  createEnquiriesRepository,
  type Cycle,
  type EnquiriesRepository,
  type Enquiry,
} from './enquiries.repository.js';

/** A cycle as a form or the API gives it: when, what was tried, what was learnt, what comes next. */
export interface CycleInput {
  heldOn?: string;
  tried: string;
  learnt?: string;
  next?: string;
}

/** An enquiry's people tell the home page when no cycle has been recorded for this many days. */
export const QUIET_AFTER_DAYS = 42;

/** The refusal to someone who leads no school. */
const ONLY_LEADERS_START = 'An enquiry is started by a leader of a school, or an administrator';

export const ENQUIRY_ROLES: Record<string, string> = { lead: 'Lead', member: 'Member' };

/**
 * Enquiry projects across schools. Seen by administrators, the staff of its schools and the
 * staff of the partnerships those schools belong to, and by its own people; changed by the
 * leaders of its schools and its people who lead it; cycles and findings are written by those
 * and by its other people.
 */
export function createEnquiriesService({
  db,
  landscape,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  audit: AuditService;
}) {
  const repo = createEnquiriesRepository(db);
  const idsOf = (e: Enquiry) => e.organisations.map((o) => o.id);

  /** The actor's role among the enquiry's people (lead, member), or undefined. */
  async function roleIn(actor: Actor, enquiryId: number): Promise<string | undefined> {
    const id = accountIdOf(actor);
    return id === null ? undefined : (await repo.rolesOfAccount(id)).get(enquiryId);
  }

  /** Whether the actor may see the enquiry: see the service's rule. */
  async function maySee(actor: Actor, e: Enquiry, role: string | undefined): Promise<boolean> {
    if (actor.isAdmin || role) return true;
    const mine = staffOrganisations(actor);
    if (!mine.length) return false;
    const inIt = [...idsOf(e), ...(await landscape.partnershipsOf(idsOf(e)))];
    return inIt.some((id) => mine.includes(id));
  }

  /** The enquiry as its reader may use it; to anyone who may not see it, it does not exist. */
  async function getVisible(actor: Actor | undefined, id: number) {
    const viewer = requireSignedIn(actor);
    const enquiry = await repo.find(id);
    const role = enquiry ? await roleIn(viewer, id) : undefined;
    if (!enquiry || !(await maySee(viewer, enquiry, role))) throw notFound(`Enquiry ${id}`);
    const mayChange = idsOf(enquiry).some((o) => canEditOrganisation(viewer, o)) || role === 'lead';
    return { viewer, enquiry, role, mayChange, mayWrite: mayChange || role !== undefined };
  }

  /** The enquiry for a change to it (its schools' leaders, its leads, administrators); while it is active. */
  async function getChangeable(actor: Actor | undefined, id: number) {
    const found = await getVisible(actor, id);
    if (!found.mayChange)
      throw new AppError('forbidden', 'Only the leaders of its schools and the enquiry’s leads can change an enquiry');
    if (found.enquiry.status !== 'active') throw new AppError('conflict', 'This enquiry has finished');
    return found;
  }

  /** The enquiry for a cycle or a finding (its people too); while it is active. */
  async function getWritable(actor: Actor | undefined, id: number) {
    const found = await getVisible(actor, id);
    if (!found.mayWrite)
      throw new AppError(
        'forbidden',
        'Only the enquiry’s people and the leaders of its schools can record its cycles and findings',
      );
    if (found.enquiry.status !== 'active') throw new AppError('conflict', 'This enquiry has finished');
    return found;
  }

  /** Runs a change to an enquiry and its audit entry in one transaction. */
  function recorded<T>(
    actor: Actor,
    enquiry: { id: number; organisationIds: number[] },
    write: (r: EnquiriesRepository) => Promise<T>,
    action: string,
    detail: (result: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createEnquiriesRepository(trx)),
      (result) => ({
        action,
        entity: 'enquiry',
        entityId: enquiry.id,
        organisationIds: enquiry.organisationIds,
        detail: detail(result),
      }),
    );
  }

  /** A school by its URN, or a problem with the field it was typed in. */
  async function schoolOfUrn(actor: Actor, urn: string, field: string): Promise<number> {
    const found = (await landscape.listOrganisations(actor, { q: urn, kind: 'school' })).items.find(
      (o) => String(o.urn) === urn.trim(),
    );
    if (!found)
      throw new AppError('validation', `No school has the URN ${urn}`, [
        { field, message: `No school in Syslead has the URN ${urn}: check the number on the school’s page` },
      ]);
    return found.id;
  }

  /** Schools by id, each checked to be a school. */
  async function checkSchools(actor: Actor, ids: number[], field: string): Promise<void> {
    for (const id of ids) {
      const organisation = await landscape.getOrganisation(actor, id).catch(() => undefined);
      if (organisation?.kind !== 'school')
        throw new AppError('validation', 'Choose schools for the enquiry', [
          { field, message: 'An enquiry is made of schools: choose a school' },
        ]);
    }
  }

  /** A cycle's date falls between the enquiry's start and today. */
  function checkCycleDate(enquiry: Enquiry, heldOn: string): void {
    const problem =
      heldOn < enquiry.startedOn
        ? `The cycle cannot be dated before the enquiry started on ${formatDate(enquiry.startedOn)}`
        : heldOn > todayIso()
          ? 'The cycle cannot be dated in the future: give today’s date or an earlier one'
          : undefined;
    if (problem) throw new AppError('validation', problem, [{ field: 'heldOn', message: problem }]);
  }

  /** Whether the actor may change a cycle: its author, or a lead of the enquiry (its schools' leaders too). */
  const mayChangeCycle = (actor: Actor, found: { mayChange: boolean; enquiry: Enquiry }, c: Cycle) =>
    found.enquiry.status === 'active' &&
    (found.mayChange || (c.createdBy !== null && c.createdBy === accountIdOf(actor)));

  /** An enquiry in the overview: its schools, its last cycle and how long ago, its findings. */
  const summary = (e: Enquiry, today: string) => ({
    ...e,
    lastCycleAgo: e.lastCycleOn ? agoInWords(e.lastCycleOn, today) : null,
    quiet: e.status === 'active' && daysBetween(e.lastCycleOn ?? e.startedOn, today) >= QUIET_AFTER_DAYS,
  });

  const service = {
    /** Every enquiry the actor may see, each with its schools, last cycle and its age, and findings. */
    async list(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      const today = todayIso();
      const roles = accountIdOf(viewer) === null ? new Map<number, string>() : await repo.rolesOfAccount(viewer.userId);
      const visible: Enquiry[] = [];
      for (const e of await repo.list()) if (await maySee(viewer, e, roles.get(e.id))) visible.push(e);
      return visible.map((e) => ({ ...summary(e, today), role: roles.get(e.id) ?? null }));
    },

    /** Whether the actor may start an enquiry: a leader of a school, or an administrator. */
    mayStart(actor: Actor | undefined): boolean {
      return !!actor && (actor.isAdmin || actor.memberships.some((m) => canEditOrganisation(actor, m.organisationId)));
    },

    /** The schools the actor leads, for the form that starts an enquiry; refused to anyone who may not start one. */
    async ledSchools(actor: Actor | undefined) {
      if (!service.mayStart(requireSignedIn(actor))) throw new AppError('forbidden', ONLY_LEADERS_START);
      return (await landscape.ledOrganisations(actor)).filter((o) => o.kind === 'school');
    },

    /** A school's id by its URN, checking it is a school (for forms that ask for one). */
    schoolOfUrn: (actor: Actor | undefined, urn: string, field: string) =>
      schoolOfUrn(requireSignedIn(actor), urn, field),

    /**
     * Starts an enquiry: led by a school the actor leads (an administrator: any), with others in
     * it. `field` names the field its schools were given in, for a problem with them.
     */
    async create(
      actor: Actor | undefined,
      input: { title: string; question: string; method?: string; startedOn?: string; organisationIds: number[] },
      field = 'organisationIds',
    ): Promise<number> {
      const viewer = requireSignedIn(actor);
      if (!service.mayStart(viewer)) throw new AppError('forbidden', ONLY_LEADERS_START);
      const organisationIds = [...new Set(input.organisationIds)];
      const lead = organisationIds[0];
      if (lead === undefined)
        throw new AppError('validation', 'Choose the lead school', [
          { field, message: 'Choose the school that leads the enquiry' },
        ]);
      if (!canEditOrganisation(viewer, lead))
        throw new AppError('validation', 'You can start an enquiry only for a school you lead', [
          { field, message: 'Give a school you lead: the lead school’s leaders start its enquiries' },
        ]);
      await checkSchools(viewer, organisationIds, field);
      const startedOn = input.startedOn ?? todayIso();
      if (startedOn > todayIso())
        throw new AppError('validation', 'An enquiry cannot start in the future', [
          {
            field: 'startedOn',
            message: 'The start date cannot be in the future: give today’s date or an earlier one',
          },
        ]);
      return audit.recorded(
        viewer,
        (trx) =>
          createEnquiriesRepository(trx).insert({
            title: input.title.trim(),
            question: input.question.trim(),
            method: input.method?.trim() ?? '',
            startedOn,
            organisationIds,
            createdBy: accountIdOf(viewer),
          }),
        (id) => ({ action: 'create', entity: 'enquiry', entityId: id, organisationIds, detail: {} }),
      );
    },

    /** The enquiry with its schools, people, cycles (newest first, each with whether the reader may change it) and findings. */
    async get(actor: Actor | undefined, id: number) {
      const found = await getVisible(actor, id);
      const [people, cycles, findings] = await Promise.all([
        repo.listPeople(id),
        repo.listCycles(id),
        repo.listFindings(id),
      ]);
      return {
        enquiry: summary(found.enquiry, todayIso()),
        people,
        cycles: cycles.map((c) => ({
          id: c.id,
          heldOn: c.heldOn,
          tried: c.tried,
          learnt: c.learnt,
          next: c.next,
          authorName: c.authorName,
          edited: c.updatedAt !== null,
          mayChange: mayChangeCycle(found.viewer, found, c),
        })),
        findings,
        role: found.role ?? null,
        mayChange: found.mayChange && found.enquiry.status === 'active',
        mayWrite: found.mayWrite && found.enquiry.status === 'active',
      };
    },

    /**
     * One finding, for turning it into a practice: the enquiry's question and schools with it.
     * Refused (as not found) to anyone who may not see the enquiry.
     */
    async finding(actor: Actor | undefined, enquiryId: number, findingId: number) {
      const { enquiry } = await getVisible(actor, enquiryId);
      const finding = await repo.findFinding(enquiryId, findingId);
      if (!finding) throw notFound(`Finding ${findingId}`);
      return {
        enquiryId,
        title: enquiry.title,
        question: enquiry.question,
        statement: finding.statement,
        evidence: finding.evidence,
        organisationIds: idsOf(enquiry),
      };
    },

    /** What the cycle form needs: the enquiry, and the days a cycle may be dated between. */
    async cycleForm(actor: Actor | undefined, id: number) {
      const { enquiry } = await getWritable(actor, id);
      return { enquiry, earliest: enquiry.startedOn, latest: todayIso() };
    },

    /** What the finding form needs. */
    async findingForm(actor: Actor | undefined, id: number) {
      return (await getWritable(actor, id)).enquiry;
    },

    /** One cycle the actor may change, to fill the form that changes it. */
    async getCycle(actor: Actor | undefined, id: number, cycleId: number) {
      const found = await getVisible(actor, id);
      const cycle = await repo.findCycle(id, cycleId);
      if (!cycle) throw notFound(`Cycle ${cycleId}`);
      if (!mayChangeCycle(found.viewer, found, cycle)) {
        if (found.enquiry.status !== 'active') throw new AppError('conflict', 'This enquiry has finished');
        throw new AppError('forbidden', 'Only the person who wrote a cycle, or a lead of the enquiry, can change it');
      }
      return { ...found, cycle, earliest: found.enquiry.startedOn, latest: todayIso() };
    },

    /** Records a cycle: when, what was tried, what was learnt, what comes next. */
    async addCycle(actor: Actor | undefined, id: number, input: CycleInput) {
      const { viewer, enquiry } = await getWritable(actor, id);
      const heldOn = input.heldOn ?? todayIso();
      checkCycleDate(enquiry, heldOn);
      const cycleId = await recorded(
        viewer,
        { id, organisationIds: idsOf(enquiry) },
        (r) =>
          r.insertCycle(id, {
            heldOn,
            tried: input.tried.trim(),
            learnt: input.learnt?.trim() ?? '',
            next: input.next?.trim() ?? '',
            createdBy: accountIdOf(viewer),
          }),
        'add-cycle',
        (cycleId) => ({ cycleId, heldOn }),
      );
      return (await service.get(viewer, id)).cycles.find((c) => c.id === cycleId)!;
    },

    /** Changes a cycle: its author, or a lead of the enquiry. */
    async changeCycle(actor: Actor | undefined, id: number, cycleId: number, input: CycleInput) {
      const { viewer, enquiry, cycle } = await service.getCycle(actor, id, cycleId);
      const next = {
        heldOn: input.heldOn ?? cycle.heldOn,
        tried: input.tried.trim(),
        learnt: input.learnt?.trim() ?? '',
        next: input.next?.trim() ?? '',
      };
      checkCycleDate(enquiry, next.heldOn);
      await recorded(
        viewer,
        { id, organisationIds: idsOf(enquiry) },
        (r) => r.updateCycle(id, cycleId, next),
        'update-cycle',
        () => ({ cycleId, heldOn: next.heldOn }),
      );
    },

    /** Records a finding: a statement and its evidence. */
    async addFinding(actor: Actor | undefined, id: number, input: { statement: string; evidence?: string }) {
      const { viewer, enquiry } = await getWritable(actor, id);
      const findingId = await recorded(
        viewer,
        { id, organisationIds: idsOf(enquiry) },
        (r) =>
          r.insertFinding(id, {
            statement: input.statement.trim(),
            evidence: input.evidence?.trim() ?? '',
            createdBy: accountIdOf(viewer),
          }),
        'add-finding',
        (findingId) => ({ findingId }),
      );
      return (await repo.findFinding(id, findingId))!;
    },

    /** Adds a school to the enquiry. */
    async addSchool(actor: Actor | undefined, id: number, organisationId: number): Promise<void> {
      const { viewer, enquiry } = await getChangeable(actor, id);
      await checkSchools(viewer, [organisationId], 'schoolUrn');
      if (idsOf(enquiry).includes(organisationId))
        throw new AppError('conflict', 'That school is in the enquiry already', [
          { field: 'schoolUrn', message: 'That school is in the enquiry already' },
        ]);
      await recorded(
        viewer,
        { id, organisationIds: [...idsOf(enquiry), organisationId] },
        (r) => r.addOrganisation(id, organisationId),
        'add-school',
        () => ({ organisationId }),
      );
    },

    /** People of the enquiry's schools, to choose from when adding someone. */
    async candidatePeople(actor: Actor | undefined, id: number) {
      const { viewer, enquiry } = await getVisible(actor, id);
      const lists = await Promise.all(idsOf(enquiry).map((o) => landscape.listPeopleOfOrganisation(viewer, o)));
      return lists.flat();
    },

    /** Names a person of one of its schools in the enquiry, as its lead or a member; they are told. */
    async addPerson(actor: Actor | undefined, id: number, input: { personId: number; role: string }): Promise<void> {
      const { viewer, enquiry } = await getChangeable(actor, id);
      if (!ENQUIRY_ROLES[input.role])
        throw new AppError('validation', 'Choose their role in the enquiry', [
          { field: 'role', message: 'Choose whether they lead the enquiry or are a member of it' },
        ]);
      if (!(await service.candidatePeople(viewer, id)).some((p) => p.id === input.personId))
        throw new AppError('validation', 'Choose a person of one of the enquiry’s schools', [
          { field: 'personId', message: 'Choose a person who works at one of the enquiry’s schools' },
        ]);
      await recorded(
        viewer,
        { id, organisationIds: idsOf(enquiry) },
        (r) => r.addPerson(id, input.personId, input.role),
        'add-person',
        () => ({ personId: input.personId, role: input.role }),
      );
    },

    /** The accounts of a person, to tell them they were added (for the notification that follows). */
    accountsOfPerson: (personId: number) => repo.accountsOfPerson(personId),

    /** The enquiry, for the page that asks before finishing it. */
    async toFinish(actor: Actor | undefined, id: number) {
      return (await getChangeable(actor, id)).enquiry;
    },

    /** Finishes the enquiry: no more cycles or findings are recorded; it stays to be read. */
    async finish(actor: Actor | undefined, id: number): Promise<void> {
      const { viewer, enquiry } = await getChangeable(actor, id);
      await recorded(viewer, { id, organisationIds: idsOf(enquiry) }, (r) => r.finish(id, todayIso()), 'finish');
    },

    /** Active enquiries the actor is one of the people of, with no cycle recorded for six weeks. */
    async quiet(actor: Actor | undefined, today = todayIso()) {
      const viewer = requireSignedIn(actor);
      const userId = accountIdOf(viewer);
      if (userId === null) return { involved: false, enquiries: [] };
      const roles = await repo.rolesOfAccount(userId);
      const mine = (await repo.list()).filter((e) => roles.has(e.id) && e.status === 'active');
      return {
        involved: mine.length > 0,
        enquiries: mine
          .map((e) => ({ ...summary(e, today), quietDays: daysBetween(e.lastCycleOn ?? e.startedOn, today) }))
          .filter((e) => e.quietDays >= QUIET_AFTER_DAYS),
      };
    },
  };
  return service;
}
export type EnquiriesService = ReturnType<typeof createEnquiriesService>;
