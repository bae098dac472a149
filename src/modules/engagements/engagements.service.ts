import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import type { BrokerageService } from '../brokerage/index.js';
import { formatValue, type IndicatorsService, type Unit } from '../indicators/index.js';
import { canEditOrganisation, staffOrganisations, todayIso, type LandscapeService } from '../landscape/index.js';
import { CHECK_IN_EVERY_DAYS, ENGAGEMENT_TYPES, phasesOf } from './engagements.domain.js';
import { createEngagementsRepository, type Engagement } from './engagements.repository.js';

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
export function createEngagementsService({ db, landscape, indicators, brokerage, audit }: { db: Db; landscape: LandscapeService; indicators: IndicatorsService; brokerage: BrokerageService; audit: AuditService }) {
  const repo = createEngagementsRepository(db);

  const inside = staffOrganisations;
  const isParty = (actor: Actor, e: Engagement) => actor.isAdmin || inside(actor).some((id) => id === e.supportedId || id === e.supportingId);
  const leadsEither = (actor: Actor, e: Engagement) => canEditOrganisation(actor, e.supportedId) || canEditOrganisation(actor, e.supportingId);

  /** An engagement for those in it (either school's staff) and administrators; to anyone else it does not exist. */
  async function getVisible(actor: Actor | undefined, id: number): Promise<Engagement> {
    const viewer = requireSignedIn(actor);
    const engagement = await repo.find(id);
    if (!engagement || !isParty(viewer, engagement)) throw notFound(`Engagement ${id}`);
    return engagement;
  }

  async function getLed(actor: Actor | undefined, id: number): Promise<{ leader: Actor; engagement: Engagement }> {
    const engagement = await getVisible(actor, id);
    if (!leadsEither(actor!, engagement)) throw new AppError('forbidden', 'Only the leaders of the two schools can change the engagement');
    return { leader: actor!, engagement };
  }

  async function record(actor: Actor, engagement: Engagement, action: string, detail: Record<string, unknown> = {}) {
    await audit.record(actor, { action, entity: 'engagement', entityId: engagement.id, organisationIds: [engagement.supportedId, engagement.supportingId], detail });
  }

  async function open(actor: Actor, parties: { supportedId: number; supportingId: number; requestId: number | null; area: string; days: number }, opening: EngagementOpening): Promise<number> {
    if (!ENGAGEMENT_TYPES[opening.type]) throw new AppError('validation', 'Choose a type of engagement', [{ field: 'type', message: 'is not a type of engagement' }]);
    const measures: Array<{ indicatorId: number; baselinePeriod: string | null; baselineValue: number | null; targetValue: number | null }> = [];
    for (const m of opening.measures) {
      const indicator = await indicators.findIndicator(m.code);
      if (!indicator) throw new AppError('validation', `No indicator has the code "${m.code}"`, [{ field: 'measures', message: 'names an unknown indicator' }]);
      const baseline = await repo.latest(parties.supportedId, indicator.id);
      measures.push({ indicatorId: indicator.id, baselinePeriod: baseline?.period ?? null, baselineValue: baseline?.value ?? null, targetValue: m.target ?? null });
    }
    const [supported, supporting] = await Promise.all([landscape.getOrganisation(actor, parties.supportedId), landscape.getOrganisation(actor, parties.supportingId)]);
    return audit.recorded(
      actor,
      (trx) => createEngagementsRepository(trx).insert(
        {
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
        },
        measures,
      ),
      (created) => ({ action: 'create', entity: 'engagement', entityId: created, organisationIds: [parties.supportedId, parties.supportingId], detail: { type: opening.type } }),
    );
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
      const accepted = await brokerage.acceptOffer(viewer, offerId);
      return open(viewer, { ...accepted }, opening);
    },

    /** Opens an engagement two schools agreed outside Syslead (leaders of both, or an administrator). */
    async openDirect(actor: Actor | undefined, parties: { supportedId: number; supportingId: number; area?: string }, opening: EngagementOpening): Promise<number> {
      const viewer = requireSignedIn(actor);
      if (!(canEditOrganisation(viewer, parties.supportedId) && canEditOrganisation(viewer, parties.supportingId)) && !viewer.isAdmin) {
        throw new AppError('forbidden', 'An engagement without a request is opened by leaders of both schools, or an administrator');
      }
      return open(viewer, { ...parties, requestId: null, area: parties.area ?? '', days: opening.days ?? 0 }, opening);
    },

    /** The engagement with its actions, check-ins (and when the next is due) and measures. */
    async get(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      const [actions, checkIns, measures, people] = await Promise.all([repo.listActions(id), repo.listCheckIns(id), repo.listMeasures(id), repo.listPeople(id)]);
      const last = checkIns[0]?.heldOn ?? engagement.startDate;
      const due = new Date(`${last}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + CHECK_IN_EVERY_DAYS);
      return { engagement, actions, checkIns, measures, people, phases: phasesOf(engagement.type), nextCheckInDue: due.toISOString().slice(0, 10), canEdit: leadsEither(actor!, engagement) };
    },

    /** Names a person of either school in the engagement, with their part in it (e.g. executive head, maths lead). */
    async addPerson(actor: Actor | undefined, id: number, input: { personId: number; role: string }): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      const people = [...(await landscape.listPeopleOfOrganisation(leader, engagement.supportedId)), ...(await landscape.listPeopleOfOrganisation(leader, engagement.supportingId))];
      if (!people.some((p) => p.id === input.personId)) throw new AppError('validation', 'Choose a person of one of the two schools', [{ field: 'personId', message: 'is not in either school' }]);
      await repo.addPerson(id, input.personId, input.role);
      await record(leader, engagement, 'add-person', { personId: input.personId });
    },

    /** People of the two schools, to choose from when naming who is in the engagement. */
    async candidatePeople(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      return [...(await landscape.listPeopleOfOrganisation(actor, engagement.supportedId)), ...(await landscape.listPeopleOfOrganisation(actor, engagement.supportingId))];
    },

    async addAction(actor: Actor | undefined, id: number, action: { description: string; owner?: string; dueOn?: string }): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      await repo.insertAction(id, { description: action.description, owner: action.owner ?? '', dueOn: action.dueOn ?? null });
      await record(leader, engagement, 'add-action');
    },

    async completeAction(actor: Actor | undefined, id: number, actionId: number): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if ((await repo.completeAction(id, actionId, todayIso())) === 0) throw notFound(`Action ${actionId}`);
      await record(leader, engagement, 'complete-action');
    },

    /** Records a check-in: when, what was seen, and the next steps agreed. */
    async checkIn(actor: Actor | undefined, id: number, checkIn: { heldOn?: string; notes: string; nextSteps?: string }): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if (engagement.status !== 'active') throw new AppError('conflict', 'This engagement has closed');
      await repo.insertCheckIn(id, { heldOn: checkIn.heldOn ?? todayIso(), notes: checkIn.notes, nextSteps: checkIn.nextSteps ?? '', createdBy: accountIdOf(leader) });
      await record(leader, engagement, 'check-in');
    },

    /** Moves the engagement to another of its phases, or closes it (the exit). */
    async setPhase(actor: Actor | undefined, id: number, phase: string): Promise<void> {
      const { leader, engagement } = await getLed(actor, id);
      if (phase === 'closed') {
        await repo.update(id, { status: 'closed', end_date: todayIso() });
      } else {
        if (!phasesOf(engagement.type).includes(phase)) throw new AppError('validation', 'Choose one of the engagement’s phases', [{ field: 'phase', message: 'is not a phase of this engagement' }]);
        await repo.update(id, { phase });
      }
      await record(leader, engagement, 'update', { phase });
    },

    /**
     * Impact, read as contribution: each measure's values for the supported school from its
     * baseline on, beside schools of similar context not in support (their mean and how sure it
     * is) and beside the supporting school's own trend over the same time.
     */
    async impact(actor: Actor | undefined, id: number) {
      const engagement = await getVisible(actor, id);
      const measures = await repo.listMeasures(id);
      const fsmIndicator = await indicators.findIndicator('census-fsm-ever-percent');
      const supported = await landscape.getOrganisation(actor, engagement.supportedId);
      const fsm = fsmIndicator ? ((await repo.latest(engagement.supportedId, fsmIndicator.id))?.value ?? supported.fsmPercent ?? null) : null;
      return {
        engagement,
        measures: await Promise.all(
          measures.map(async (m) => {
            const indicator = (await indicators.findIndicator(m.code))!;
            const show = (v: number | null) => (v === null ? '—' : formatValue(indicator.unit as Unit, indicator.grades, v));
            const [partner, supporter, peers] = await Promise.all([
              repo.trend(engagement.supportedId, m.indicatorId, m.baselinePeriod),
              repo.trend(engagement.supportingId, m.indicatorId, m.baselinePeriod),
              repo.comparisonTrend({ indicatorId: m.indicatorId, fsmIndicatorId: fsmIndicator?.id ?? -1, phase: supported.phase, fsm, excludeIds: [engagement.supportedId, engagement.supportingId], fromPeriod: m.baselinePeriod }),
            ]);
            const periods = [...new Set([...partner, ...supporter, ...peers].map((p) => p.period))].sort();
            const valueIn = (rows: Array<{ period: string; value: number }>, period: string) => rows.find((r) => r.period === period)?.value ?? null;
            return {
              indicator: { code: indicator.code, name: indicator.name, direction: indicator.direction },
              baseline: { period: m.baselinePeriod, value: m.baselineValue, display: show(m.baselineValue) },
              target: { value: m.targetValue, display: show(m.targetValue) },
              rows: periods.map((period) => {
                const peer = peers.find((p) => p.period === period);
                const margin = peer && peer.sd !== null && peer.n > 1 ? (1.96 * peer.sd) / Math.sqrt(peer.n) : null;
                return {
                  period,
                  partner: show(valueIn(partner, period)),
                  supporter: show(valueIn(supporter, period)),
                  peers: peer ? show(peer.mean) : '—',
                  peersMargin: margin === null ? null : show(margin),
                  peersCount: peer?.n ?? 0,
                  partnerValue: valueIn(partner, period),
                  supporterValue: valueIn(supporter, period),
                  peersValue: peer?.mean ?? null,
                };
              }),
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
