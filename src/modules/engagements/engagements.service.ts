import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import type { BrokerageService } from '../brokerage/index.js';
import { formatValue, MIN_COHORT, type IndicatorsService, type Unit } from '../indicators/index.js';
import { canEditOrganisation, staffOrganisations, todayIso, type LandscapeService } from '../landscape/index.js';
import { CHECK_IN_EVERY_DAYS, ENGAGEMENT_TYPES, phasesOf } from './engagements.domain.js';
import { createEngagementsRepository, type Engagement, type EngagementsRepository } from './engagements.repository.js';

export interface EngagementOpening {
  type: string;
  title?: string;
  aims: string;
  freedoms?: string;
  accountableTo: string;
  days?: number;
  chargeOut?: number;
  startDate?: string;
  /** Indicators to watch, each with a target (the baseline is the supported school's latest value). */
  measures: Array<{ code: string; target?: number }>;
}

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
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createEngagementsRepository(trx)),
      () => ({
        action,
        entity: 'engagement',
        entityId: engagement.id,
        organisationIds: [engagement.supportedId, engagement.supportingId],
        detail,
      }),
    );
  }

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
        { field: 'type', message: 'is not a type of engagement' },
      ]);
    const measures: Array<{
      indicatorId: number;
      baselinePeriod: string | null;
      baselineValue: number | null;
      targetValue: number | null;
    }> = [];
    for (const m of opening.measures) {
      const indicator = await indicators.findIndicator(m.code);
      // An indicator the opener may not see for the supported school cannot be chosen: it would show its values to everyone in the engagement.
      if (!indicator || !(await indicators.maySee(actor, m.code, parties.supportedId))) {
        throw new AppError('validation', `No indicator you can see has the code "${m.code}"`, [
          { field: 'measures', message: 'names an indicator you cannot choose' },
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
    /** Engagements the actor's organisations are in (administrators: all). */
    async list(actor: Actor | undefined): Promise<Engagement[]> {
      const viewer = requireSignedIn(actor);
      return repo.list(viewer.isAdmin ? null : inside(viewer));
    },

    /** Accepts an offer of help and opens the engagement it leads to, with a mandate and a baseline. */
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
      const measures = await Promise.all(
        stored.map(async (m) => {
          const baseline = await baselineFor(actor!, engagement, m);
          return {
            ...m,
            baselinePeriod: baseline.period,
            baselineValue: baseline.value,
            baselineShared: baseline.shared,
          };
        }),
      );
      const last = checkIns[0]?.heldOn ?? engagement.startDate;
      const due = new Date(`${last}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + CHECK_IN_EVERY_DAYS);
      return {
        engagement,
        actions,
        checkIns,
        measures,
        people,
        phases: phasesOf(engagement.type),
        nextCheckInDue: due.toISOString().slice(0, 10),
        canEdit: leadsEither(actor!, engagement),
      };
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
          { field: 'personId', message: 'is not in either school' },
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

    /** Records a check-in: when, what was seen, and the next steps agreed. */
    async checkIn(
      actor: Actor | undefined,
      id: number,
      checkIn: { heldOn?: string; notes: string; nextSteps?: string },
    ): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if (engagement.status !== 'active') throw new AppError('conflict', 'This engagement has closed');
      await recorded(
        leader,
        engagement,
        (r) =>
          r.insertCheckIn(id, {
            heldOn: checkIn.heldOn ?? todayIso(),
            notes: checkIn.notes,
            nextSteps: checkIn.nextSteps ?? '',
            createdBy: accountIdOf(leader),
          }),
        'check-in',
      );
    },

    /** Moves the engagement to another of its phases, or closes it (the exit). */
    async setPhase(actor: Actor | undefined, id: number, phase: string): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if (phase !== 'closed' && !phasesOf(engagement.type).includes(phase))
        throw new AppError('validation', 'Choose one of the engagement’s phases', [
          { field: 'phase', message: 'is not a phase of this engagement' },
        ]);
      const change = phase === 'closed' ? { status: 'closed', end_date: todayIso() } : { phase };
      await recorded(leader, engagement, (r) => r.update(id, change), 'update', { phase });
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
      const supported = await landscape.getOrganisation(viewer, engagement.supportedId);
      const fsmCode = 'census-fsm-ever-percent';
      const fsm =
        (await indicators.latestValues(viewer, { code: fsmCode, organisationIds: [engagement.supportedId] })).get(
          engagement.supportedId,
        )?.value ??
        supported.fsmPercent ??
        null;
      // Similar schools: same phase, FSM share within five points (the latest census the viewer may see, else the register), not in support.
      const candidates = await repo.schoolsNotInSupport(supported.phase, [
        engagement.supportedId,
        engagement.supportingId,
      ]);
      const censusFsm =
        fsm === null
          ? new Map()
          : await indicators.latestValues(viewer, { code: fsmCode, organisationIds: candidates.map((c) => c.id) });
      const similar = candidates
        .filter((c) => {
          const theirs = censusFsm.get(c.id)?.value ?? c.fsmPercent;
          return fsm === null || (theirs !== null && Math.abs(theirs - fsm) <= 5);
        })
        .map((c) => c.id);
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
            return {
              indicator: { code: indicator.code, name: indicator.name, direction: indicator.direction },
              baseline: {
                period: baseline.period,
                value: baseline.value,
                display: baseline.shared ? show(baseline.value) : 'Not shared with you',
              },
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
                  peersMargin: margin === null ? null : show(margin),
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
