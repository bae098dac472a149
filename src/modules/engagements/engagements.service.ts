import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import type { BrokerageService } from '../brokerage/index.js';
import {
  describeChange,
  formatDifference,
  formatValue,
  MIN_COHORT,
  type IndicatorsService,
  type Unit,
} from '../indicators/index.js';
import { canEditOrganisation, staffOrganisations, todayIso, type LandscapeService } from '../landscape/index.js';
import { formatDate } from '../../platform/http/views.js';
import {
  CHECK_IN_EDIT_DAYS,
  checkInDateProblem,
  checkInDue,
  ENGAGEMENT_TYPES,
  phasesOf,
  withinEditWindow,
} from './engagements.domain.js';
import {
  createEngagementsRepository,
  type CheckIn,
  type Engagement,
  type EngagementsRepository,
} from './engagements.repository.js';

/** What a check-in form gives: when it was held (today when not given), what was seen, the next steps agreed. */
export interface CheckInInput {
  heldOn?: string;
  notes: string;
  nextSteps?: string;
}
import { daysBetween } from '../../shared/time-in-words.js';

export interface EngagementOpening {
  type: string;
  title?: string;
  aims: string;
  freedoms?: string;
  accountableTo: string;
  days?: number;
  chargeOut?: number;
  startDate?: string;
  /** Indicators to watch, each with a target and when to review it (the baseline is the supported school's latest value). */
  measures: Array<{ code: string; target?: number; reviewOn?: string }>;
}

/** A check-in shows as due this many days before its day. */
const DUE_SOON_DAYS = 14;

/** Support engagements: opened from an accepted offer (or directly by both schools' leaders), run, and their impact read honestly. */
export function createEngagementsService({
  db,
  landscape,
  indicators,
  brokerage,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  indicators: IndicatorsService;
  brokerage: BrokerageService;
  audit: AuditService;
}) {
  const repo = createEngagementsRepository(db);

  const inside = staffOrganisations;
  const isParty = (actor: Actor, e: Engagement) =>
    actor.isAdmin || inside(actor).some((id) => id === e.supportedId || id === e.supportingId);
  const leadsEither = (actor: Actor, e: Engagement) =>
    canEditOrganisation(actor, e.supportedId) || canEditOrganisation(actor, e.supportingId);

  /** An engagement for those in it (either school's staff) and administrators; to anyone else it does not exist. */
  async function getVisible(actor: Actor | undefined, id: number): Promise<Engagement> {
    const viewer = requireSignedIn(actor);
    const engagement = await repo.find(id);
    if (!engagement || !isParty(viewer, engagement)) throw notFound(`Engagement ${id}`);
    return engagement;
  }

  async function getLed(actor: Actor | undefined, id: number): Promise<{ leader: Actor; engagement: Engagement }> {
    const engagement = await getVisible(actor, id);
    if (!leadsEither(actor!, engagement))
      throw new AppError('forbidden', 'Only the leaders of the two schools can change the engagement');
    return { leader: actor!, engagement };
  }

  /** Runs a change to an engagement and its audit entry in one transaction: both happen or neither does. */
  function recorded<T>(
    actor: Actor,
    engagement: Engagement,
    write: (r: EngagementsRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> | ((result: T) => Record<string, unknown>) = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createEngagementsRepository(trx)),
      (result) => ({
        action,
        entity: 'engagement',
        entityId: engagement.id,
        organisationIds: [engagement.supportedId, engagement.supportingId],
        detail: typeof detail === 'function' ? detail(result) : detail,
      }),
    );
  }

  /** A check-in's date must fall within the engagement's time so far: refused with a message a person reads. */
  function checkDate(engagement: Engagement, heldOn: string): void {
    const problem = checkInDateProblem(heldOn, engagement.startDate, todayIso(), formatDate);
    if (problem) throw new AppError('validation', problem, [{ field: 'heldOn', message: problem }]);
  }

  /** Whether the actor wrote the check-in and may still change it (a fortnight after writing it). */
  const mayChangeCheckIn = (actor: Actor, engagement: Engagement, checkIn: CheckIn) =>
    engagement.status === 'active' &&
    leadsEither(actor, engagement) &&
    checkIn.createdBy !== null &&
    checkIn.createdBy === accountIdOf(actor) &&
    withinEditWindow(checkIn.createdAt);

  /** A check-in its author may still change, for a change or a deletion; anyone else is refused. */
  async function getChangeable(actor: Actor | undefined, id: number, checkInId: number) {
    const { leader, engagement } = await getLed(actor, id);
    const checkIn = await repo.findCheckIn(id, checkInId);
    if (!checkIn) throw notFound(`Check-in ${checkInId}`);
    if (checkIn.createdBy === null || checkIn.createdBy !== accountIdOf(leader))
      throw new AppError('forbidden', 'Only the person who wrote a check-in can change or delete it');
    if (engagement.status !== 'active') throw new AppError('conflict', 'This engagement has closed');
    if (!withinEditWindow(checkIn.createdAt))
      throw new AppError(
        'forbidden',
        `A check-in can be changed or deleted only in the ${CHECK_IN_EDIT_DAYS} days after it was written`,
      );
    return { leader, engagement, checkIn };
  }

  /** A check-in as its reader sees it: with whether they may still change it. */
  const checkInFor = (actor: Actor, engagement: Engagement, c: CheckIn) => ({
    id: c.id,
    heldOn: c.heldOn,
    notes: c.notes,
    nextSteps: c.nextSteps,
    edited: c.updatedAt !== null,
    mayChange: mayChangeCheckIn(actor, engagement, c),
  });

  /**
   * Checks an opening and reads what it needs (the baseline of each measure, as the opener may
   * see it), then gives the write, to run inside the transaction that accepts the offer or alone.
   */
  async function prepareOpening(
    actor: Actor,
    parties: { supportedId: number; supportingId: number; requestId: number | null; area: string; days: number },
    opening: EngagementOpening,
  ): Promise<(trx: Db) => Promise<number>> {
    if (!ENGAGEMENT_TYPES[opening.type])
      throw new AppError('validation', 'Choose a type of engagement', [
        { field: 'type', message: 'Choose a kind of engagement from the list' },
      ]);
    const measures: Array<{
      indicatorId: number;
      baselinePeriod: string | null;
      baselineValue: number | null;
      targetValue: number | null;
      reviewOn: string | null;
    }> = [];
    for (const m of opening.measures) {
      const indicator = await indicators.findIndicator(m.code);
      // An indicator the opener may not see for the supported school cannot be chosen: it would show its values to everyone in the engagement.
      if (!indicator || !(await indicators.maySee(actor, m.code, parties.supportedId))) {
        throw new AppError('validation', `No indicator you can see has the code "${m.code}"`, [
          { field: 'measures', message: 'Choose the indicators to watch from the list' },
        ]);
      }
      const baseline = (
        await indicators.latestValues(actor, { code: m.code, organisationIds: [parties.supportedId] })
      ).get(parties.supportedId);
      measures.push({
        indicatorId: indicator.id,
        baselinePeriod: baseline?.period ?? null,
        baselineValue: baseline?.value ?? null,
        targetValue: m.target ?? null,
        reviewOn: m.reviewOn ?? null,
      });
    }
    const [supported, supporting] = await Promise.all([
      landscape.getOrganisation(actor, parties.supportedId),
      landscape.getOrganisation(actor, parties.supportingId),
    ]);
    const engagement = {
      type: opening.type,
      title: opening.title?.trim() || `${ENGAGEMENT_TYPES[opening.type]}: ${supporting.name} with ${supported.name}`,
      supportedId: parties.supportedId,
      supportingId: parties.supportingId,
      requestId: parties.requestId,
      area: parties.area,
      aims: opening.aims,
      freedoms: opening.freedoms ?? '',
      accountableTo: opening.accountableTo,
      phase: phasesOf(opening.type)[0]!,
      days: opening.days ?? parties.days,
      chargeOut: opening.chargeOut ?? null,
      startDate: opening.startDate ?? todayIso(),
      createdBy: accountIdOf(actor),
    };
    return async (trx) => {
      const id = await createEngagementsRepository(trx).insert(engagement, measures);
      // In the transaction it is given (the accepted offer's `recorded`, or openDirect's): the entry commits with the engagement.
      await audit.record(
        actor,
        {
          action: 'create',
          entity: 'engagement',
          entityId: id,
          organisationIds: [parties.supportedId, parties.supportingId],
          detail: { type: opening.type },
        },
        trx,
      );
      return id;
    };
  }

  /** A measure's baseline as the viewer may see it: hidden when the supported school's values are not theirs to see. */
  async function baselineFor(
    actor: Actor,
    engagement: Engagement,
    m: { code: string; baselinePeriod: string | null; baselineValue: number | null },
  ) {
    const visible = await indicators.maySee(actor, m.code, engagement.supportedId);
    return { period: visible ? m.baselinePeriod : null, value: visible ? m.baselineValue : null, shared: visible };
  }

  const service = {
    /** Engagements the actor's organisations are in (administrators: all), each with when its next check-in is due. */
    async list(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      const today = todayIso();
      return (await repo.list(viewer.isAdmin ? null : inside(viewer))).map((e) => ({
        ...e,
        nextCheckIn: checkInDue(e.lastCheckIn, e.startDate, today),
        leading: leadsEither(viewer, e),
      }));
    },

    /** For system health: the engagements these organisations are in (all, with none given) that the actor may see, with the indicators each measures. */
    async ofOrganisations(actor: Actor | undefined, organisationIds: number[] | null) {
      const viewer = requireSignedIn(actor);
      const found = (await repo.list(organisationIds)).filter((e) => isParty(viewer, e));
      const codes = await repo.measuredCodes(found.map((e) => e.id));
      return found.map((e) => ({ ...e, measures: codes.get(e.id) ?? [] }));
    },

    /**
     * The engagement list as a leader reads it: those they lead first (active ones, the most
     * overdue check-in first), then the other engagements their schools are in.
     */
    async board(actor: Actor | undefined) {
      const all = await service.list(actor);
      const urgency = (a: (typeof all)[number], b: (typeof all)[number]) =>
        Number(b.status === 'active') - Number(a.status === 'active') ||
        b.nextCheckIn.daysOverdue - a.nextCheckIn.daysOverdue ||
        a.nextCheckIn.on.localeCompare(b.nextCheckIn.on);
      return {
        yours: all.filter((e) => e.leading).sort(urgency),
        others: all.filter((e) => !e.leading),
      };
    },

    /** Accepts an offer of help and opens the engagement it leads to, with a mandate and a baseline. */
    /** The offer a leader of the asking school is about to accept, for the opening form. */
    offerToAccept: (actor: Actor | undefined, offerId: number) => brokerage.offerToAccept(actor, offerId),

    async acceptAndOpen(actor: Actor | undefined, offerId: number, opening: EngagementOpening): Promise<number> {
      const viewer = requireSignedIn(actor);
      return brokerage.acceptOffer(viewer, offerId, (accepted) => prepareOpening(viewer, accepted, opening));
    },

    /** Opens an engagement two schools agreed outside Syslead (leaders of both, or an administrator). */
    async openDirect(
      actor: Actor | undefined,
      parties: { supportedId: number; supportingId: number; area?: string },
      opening: EngagementOpening,
    ): Promise<number> {
      const viewer = requireSignedIn(actor);
      if (
        !(canEditOrganisation(viewer, parties.supportedId) && canEditOrganisation(viewer, parties.supportingId)) &&
        !viewer.isAdmin
      ) {
        throw new AppError(
          'forbidden',
          'An engagement without a request is opened by leaders of both schools, or an administrator',
        );
      }
      const write = await prepareOpening(
        viewer,
        { ...parties, requestId: null, area: parties.area ?? '', days: opening.days ?? 0 },
        opening,
      );
      return db.transaction().execute(write);
    },

    /** The engagement with its actions, check-ins (and when the next is due) and measures. */
    async get(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      const [actions, checkIns, stored, people] = await Promise.all([
        repo.listActions(id),
        repo.listCheckIns(id),
        repo.listMeasures(id),
        repo.listPeople(id),
      ]);
      const viewer = actor!;
      const measures = await Promise.all(
        stored.map(async (m) => {
          const baseline = await baselineFor(viewer, engagement, m);
          const indicator = await indicators.findIndicator(m.code);
          // The latest figure, as the viewer may see it anywhere else.
          const latest = baseline.shared
            ? (await indicators.latestValues(viewer, { code: m.code, organisationIds: [engagement.supportedId] })).get(
                engagement.supportedId,
              )
            : undefined;
          const show = (v: number | null) =>
            indicator ? formatValue(indicator.unit as Unit, indicator.grades, v) : v === null ? '—' : String(v);
          return {
            ...m,
            name: indicator?.name ?? m.code,
            baselinePeriod: baseline.period,
            baselineValue: baseline.value,
            baselineShared: baseline.shared,
            baselineDisplay: baseline.shared ? show(baseline.value) : 'not shared with you',
            targetDisplay: m.targetValue === null ? null : show(m.targetValue),
            latestPeriod: latest?.period ?? null,
            latestValue: latest?.value ?? null,
            latestDisplay: latest ? show(latest.value) : null,
            changeSinceBaseline:
              indicator && latest && baseline.value !== null && baseline.period && latest.period > baseline.period
                ? describeChange(indicator, baseline.value, latest.value).text
                : null,
          };
        }),
      );
      const nextCheckIn = checkInDue(checkIns[0]?.heldOn ?? null, engagement.startDate, todayIso());
      return {
        engagement,
        actions,
        openActions: actions.filter((a) => a.doneOn === null),
        checkIns: checkIns.map((c) => checkInFor(viewer, engagement, c)),
        measures,
        people,
        phases: phasesOf(engagement.type),
        nextCheckInDue: nextCheckIn.on,
        nextCheckIn,
        canEdit: leadsEither(viewer, engagement),
      };
    },

    /** What the check-in form needs: the engagement, and the days a check-in may be dated between. */
    async checkInForm(actor: Actor | undefined, id: number) {
      const { engagement } = await getLed(actor, id);
      if (engagement.status !== 'active') throw new AppError('conflict', 'This engagement has closed');
      return { engagement, earliest: engagement.startDate, latest: todayIso() };
    },

    /** One check-in its author may still change, to fill the form that changes it. */
    async getCheckIn(actor: Actor | undefined, id: number, checkInId: number) {
      const { engagement, checkIn } = await getChangeable(actor, id, checkInId);
      return { engagement, checkIn, earliest: engagement.startDate, latest: todayIso() };
    },

    /**
     * What is due in the active engagements the actor's own organisations are in: check-ins due
     * within two weeks or overdue (soonest first), and targets whose review date has passed.
     * `engaged` says whether there are any such engagements at all.
     */
    async due(actor: Actor | undefined, today = todayIso()) {
      const viewer = requireSignedIn(actor);
      const active = (await repo.list(inside(viewer))).filter((e) => e.status === 'active');
      const checkIns: Array<{ engagement: Engagement; dueOn: string; days: number }> = [];
      const reviews: Array<{ engagement: Engagement; indicatorName: string; reviewOn: string }> = [];
      for (const engagement of active) {
        const [held, measures] = await Promise.all([
          repo.listCheckIns(engagement.id),
          repo.listMeasures(engagement.id),
        ]);
        const dueOn = checkInDue(held[0]?.heldOn ?? null, engagement.startDate, today).on;
        const days = daysBetween(today, dueOn);
        if (days <= DUE_SOON_DAYS) checkIns.push({ engagement, dueOn, days });
        for (const m of measures)
          if (m.reviewOn && m.reviewOn <= today)
            reviews.push({ engagement, indicatorName: m.name, reviewOn: m.reviewOn });
      }
      return { engaged: active.length > 0, checkIns: checkIns.sort((a, b) => a.days - b.days), reviews };
    },

    /** Names a person of either school in the engagement, with their part in it (e.g. executive head, maths lead). */
    async addPerson(actor: Actor | undefined, id: number, input: { personId: number; role: string }): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      const people = [
        ...(await landscape.listPeopleOfOrganisation(leader, engagement.supportedId)),
        ...(await landscape.listPeopleOfOrganisation(leader, engagement.supportingId)),
      ];
      if (!people.some((p) => p.id === input.personId))
        throw new AppError('validation', 'Choose a person of one of the two schools', [
          { field: 'personId', message: 'Choose a person who works at one of the two schools' },
        ]);
      await recorded(leader, engagement, (r) => r.addPerson(id, input.personId, input.role), 'add-person', {
        personId: input.personId,
      });
    },

    /** People of the two schools, to choose from when naming who is in the engagement. */
    async candidatePeople(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      return [
        ...(await landscape.listPeopleOfOrganisation(actor, engagement.supportedId)),
        ...(await landscape.listPeopleOfOrganisation(actor, engagement.supportingId)),
      ];
    },

    async addAction(
      actor: Actor | undefined,
      id: number,
      action: { description: string; owner?: string; dueOn?: string },
    ): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      await recorded(
        leader,
        engagement,
        (r) =>
          r.insertAction(id, {
            description: action.description,
            owner: action.owner ?? '',
            dueOn: action.dueOn ?? null,
          }),
        'add-action',
      );
    },

    async completeAction(actor: Actor | undefined, id: number, actionId: number): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      await recorded(
        leader,
        engagement,
        async (r) => {
          if ((await r.completeAction(id, actionId, todayIso())) === 0) throw notFound(`Action ${actionId}`);
        },
        'complete-action',
      );
    },

    /** Records a check-in (the leaders of either school): when, what was seen, and the next steps agreed. */
    async checkIn(actor: Actor | undefined, id: number, checkIn: CheckInInput) {
      const { leader, engagement } = await getLed(actor, id);
      if (engagement.status !== 'active') throw new AppError('conflict', 'This engagement has closed');
      const heldOn = checkIn.heldOn ?? todayIso();
      checkDate(engagement, heldOn);
      const checkInId = await recorded(
        leader,
        engagement,
        (r) =>
          r.insertCheckIn(id, {
            heldOn,
            notes: checkIn.notes,
            nextSteps: checkIn.nextSteps ?? '',
            createdBy: accountIdOf(leader),
          }),
        'check-in',
        (checkInId) => ({ checkInId, heldOn }),
      );
      return checkInFor(leader, engagement, (await repo.findCheckIn(id, checkInId))!);
    },

    /** Corrects a check-in: only its author, and only in the fortnight after writing it. */
    async changeCheckIn(actor: Actor | undefined, id: number, checkInId: number, change: Partial<CheckInInput>) {
      const { leader, engagement, checkIn } = await getChangeable(actor, id, checkInId);
      const next = {
        heldOn: change.heldOn ?? checkIn.heldOn,
        notes: change.notes ?? checkIn.notes,
        nextSteps: change.nextSteps ?? checkIn.nextSteps,
      };
      checkDate(engagement, next.heldOn);
      await recorded(leader, engagement, (r) => r.updateCheckIn(id, checkInId, next), 'update-check-in', {
        checkInId,
        heldOn: next.heldOn,
      });
      return checkInFor(leader, engagement, (await repo.findCheckIn(id, checkInId))!);
    },

    /** Deletes a check-in: only its author, and only in the fortnight after writing it. */
    async deleteCheckIn(actor: Actor | undefined, id: number, checkInId: number): Promise<void> {
      const { leader, engagement, checkIn } = await getChangeable(actor, id, checkInId);
      await recorded(leader, engagement, (r) => r.deleteCheckIn(id, checkInId), 'delete-check-in', {
        checkInId,
        heldOn: checkIn.heldOn,
      });
    },

    /** Moves the engagement to another of its phases, or closes it (the exit). */
    async setPhase(actor: Actor | undefined, id: number, phase: string): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if (phase !== 'closed' && !phasesOf(engagement.type).includes(phase))
        throw new AppError('validation', 'Choose one of the engagement’s phases', [
          { field: 'phase', message: 'Choose where the engagement is now from the list' },
        ]);
      const change = phase === 'closed' ? { status: 'closed', end_date: todayIso() } : { phase };
      await recorded(leader, engagement, (r) => r.update(id, change), 'update', { phase });
    },

    /**
     * Schools of a context like this school's, to read its figures beside: the same phase, an FSM
     * share within five points (the latest census the viewer may see, else the register's), open,
     * and not in support now; never the school itself or those excluded.
     */
    async similarSchools(actor: Actor | undefined, organisationId: number, excludeIds: number[] = []) {
      const viewer = requireSignedIn(actor);
      const school = await landscape.getOrganisation(viewer, organisationId);
      const fsmCode = 'census-fsm-ever-percent';
      const fsm =
        (await indicators.latestValues(viewer, { code: fsmCode, organisationIds: [organisationId] })).get(
          organisationId,
        )?.value ??
        school.fsmPercent ??
        null;
      const candidates = await repo.schoolsNotInSupport(school.phase, [organisationId, ...excludeIds]);
      const censusFsm =
        fsm === null
          ? new Map()
          : await indicators.latestValues(viewer, { code: fsmCode, organisationIds: candidates.map((c) => c.id) });
      return candidates
        .filter((c) => {
          const theirs = censusFsm.get(c.id)?.value ?? c.fsmPercent;
          return fsm === null || (theirs !== null && Math.abs(theirs - fsm) <= 5);
        })
        .map((c) => c.id);
    },

    /**
     * Impact, read as contribution: each measure's values for the supported school from its
     * baseline on, beside schools of similar context not in support (their mean and how sure it
     * is) and beside the supporting school's own trend over the same time.
     */
    async impact(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      const viewer = actor!;
      const measures = await repo.listMeasures(id);
      const similar = await service.similarSchools(viewer, engagement.supportedId, [engagement.supportingId]);
      return {
        engagement,
        measures: await Promise.all(
          measures.map(async (m) => {
            const indicator = (await indicators.findIndicator(m.code))!;
            const show = (v: number | null) =>
              v === null ? '—' : formatValue(indicator.unit as Unit, indicator.grades, v);
            const baseline = await baselineFor(viewer, engagement, m);
            const from = m.baselinePeriod;
            const [partner, supporter, peers] = await Promise.all([
              indicators.series(viewer, { code: m.code, organisationId: engagement.supportedId, fromPeriod: from }),
              indicators.series(viewer, { code: m.code, organisationId: engagement.supportingId, fromPeriod: from }),
              indicators.comparison(viewer, { code: m.code, organisationIds: similar, fromPeriod: from }),
            ]);
            const periods = [...new Set([...partner, ...supporter, ...peers].map((p) => p.period))].sort();
            const valueIn = (rows: Array<{ period: string; value: number }>, period: string) =>
              rows.find((r) => r.period === period)?.value ?? null;
            const latest = partner.at(-1);
            return {
              indicator: {
                code: indicator.code,
                name: indicator.name,
                direction: indicator.direction,
                unit: indicator.unit,
                grades: indicator.grades,
                source: indicator.source,
              },
              baseline: {
                period: baseline.period,
                value: baseline.value,
                display: baseline.shared ? show(baseline.value) : 'Not shared with you',
              },
              change:
                baseline.value !== null && baseline.period && latest && latest.period > baseline.period
                  ? {
                      since: baseline.period,
                      to: latest.period,
                      ...describeChange(indicator, baseline.value, latest.value),
                    }
                  : null,
              target: { value: m.targetValue, display: show(m.targetValue) },
              rows: periods.map((period) => {
                const peer = peers.find((p) => p.period === period);
                const margin =
                  peer && peer.mean !== null && peer.sd !== null && peer.n > 1
                    ? (1.96 * peer.sd) / Math.sqrt(peer.n)
                    : null;
                return {
                  period,
                  partner: show(valueIn(partner, period)),
                  supporter: show(valueIn(supporter, period)),
                  peers: peer?.mean != null ? show(peer.mean) : '—',
                  peersMargin: margin === null ? null : formatDifference(indicator.unit as Unit, margin),
                  peersCount: peer?.n ?? 0,
                  partnerValue: valueIn(partner, period),
                  supporterValue: valueIn(supporter, period),
                  peersValue: peer?.mean ?? null,
                };
              }),
              minCohort: MIN_COHORT,
              thinComparison: peers.some((p) => p.mean === null),
              smallComparison: peers.length > 0 && Math.min(...peers.map((p) => p.n)) < 10,
            };
          }),
        ),
      };
    },
  };
  return service;
}
export type EngagementsService = ReturnType<typeof createEngagementsService>;
