import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import { median } from '../../shared/median.js';
import { daysBetween } from '../../shared/time-in-words.js';
import type { AuditEvent, AuditService } from '../audit/index.js';
import { describeChange, formatValue, type Direction, type IndicatorsService, type Unit } from '../indicators/index.js';
import {
  canEditOrganisation,
  ledOrganisationIds,
  staffOrganisations,
  todayIso,
  type LandscapeService,
} from '../landscape/index.js';
import { areaOf, AREAS, DEFAULT_WEIGHTS, DESIGNATION_ROLES, FACTORS, type Weights } from './brokerage.domain.js';
import { isFalling, rankMatches, type Evidence, type Match } from './brokerage.match.js';
import {
  createBrokerageRepository,
  type BrokerageRepository,
  type Need,
  type SupportRequest,
} from './brokerage.repository.js';

export interface Suggestion {
  area: string;
  label: string;
  reason: string;
}

/** What a need is matched with, as the API and the command line give it. */
export interface MatchList {
  need: { id: number | null; organisationId: number; name: string; area: string; label: string };
  weights: Weights;
  evidence: string | null;
  matches: Match[];
}

/**
 * A request waiting for an answer from one of the actor's organisations: `offer` (it was asked
 * and has not offered), `decide` (offers to its own request wait for its choice) or `shared`
 * (shared with a partnership it leads, and no school has offered yet).
 */
export type AwaitedAnswer = {
  requestId: number;
  askingId: number;
  askingName: string;
  area: string;
  label: string;
  askedAt: Date;
} & ({ kind: 'decide'; offers: number } | { kind: 'offer' | 'shared'; askedId: number; askedName: string });

/** An accepted offer: who supports whom, in what area, for how many days. */
export interface AcceptedOffer {
  requestId: number;
  supportedId: number;
  supportingId: number;
  area: string;
  days: number;
}

export function createBrokerageService({
  db,
  landscape,
  indicators,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  indicators: IndicatorsService;
  audit: AuditService;
}) {
  const repo = createBrokerageRepository(db);

  function requireLeader(actor: Actor | undefined, organisationId: number, what: string): Actor {
    const signedIn = requireSignedIn(actor);
    if (!canEditOrganisation(signedIn, organisationId))
      throw new AppError('forbidden', `Only the organisation’s leaders can ${what}`);
    return signedIn;
  }
  const inside = staffOrganisations;

  function audited<T>(
    actor: Actor,
    write: (r: BrokerageRepository) => Promise<T>,
    event: (result: T) => AuditEvent,
  ): Promise<T> {
    return audit.recorded(actor, (trx) => write(createBrokerageRepository(trx)), event);
  }

  /** Whether the actor may see a request: the asking school, those it invited, its chosen partnership, administrators. */
  function maySeeRequest(
    actor: Actor,
    request: SupportRequest & { invited: number[] },
    partnerships: number[],
  ): boolean {
    if (actor.isAdmin) return true;
    const mine = inside(actor);
    return (
      mine.includes(request.organisationId) ||
      request.invited.some((id) => mine.includes(id)) ||
      (request.partnershipId !== null && partnerships.includes(request.partnershipId))
    );
  }

  async function actorPartnerships(actor: Actor): Promise<number[]> {
    const mine = inside(actor);
    return [...mine, ...(await landscape.partnershipsOf(mine))];
  }

  async function getVisibleRequest(actor: Actor, id: number) {
    const request = await repo.findRequest(id);
    // A request the actor may not see is answered as if it did not exist.
    if (!request || !maySeeRequest(actor, request, await actorPartnerships(actor)))
      throw notFound(`Support request ${id}`);
    return request;
  }

  async function evidenceOf(area: string): Promise<{
    evidence: Evidence | null;
    code: string | null;
    periods: Map<string, { value: number | null; q1: number | null; q3: number | null }>;
  }> {
    const code = areaOf(area).indicators[0];
    const figures = code ? await indicators.nationalFigures(code) : undefined;
    if (!figures) return { evidence: null, code: null, periods: new Map() };
    const latest = [...figures.periods.keys()].sort().at(-1);
    const national = latest ? figures.periods.get(latest)! : { value: null, q1: null, q3: null };
    const { indicator } = figures;
    return {
      code: indicator.code,
      periods: figures.periods,
      evidence: {
        indicatorName: indicator.name,
        direction: indicator.direction as Direction,
        benchmark: national.value,
        q1: national.q1,
        q3: national.q3,
        format: (v) => formatValue(indicator.unit as Unit, indicator.grades, v),
        change: (from, to) => describeChange(indicator, from, to).text,
      },
    };
  }

  async function weightsFor(organisationId: number): Promise<Weights> {
    const partnerships = await landscape.partnershipsOf([organisationId]);
    for (const id of partnerships) {
      const saved = await repo.findWeights(id);
      if (saved) return { ...DEFAULT_WEIGHTS, ...saved };
    }
    return { ...DEFAULT_WEIGHTS };
  }

  const service = {
    areas: AREAS,

    /** A school's needs (its members and administrators). */
    async listNeeds(actor: Actor | undefined, organisationId: number): Promise<Need[]> {
      const viewer = requireSignedIn(actor);
      if (!viewer.isAdmin && !inside(viewer).includes(organisationId))
        throw new AppError('forbidden', 'A school’s needs are seen by its own staff');
      return repo.listNeeds([organisationId]);
    },

    async stateNeed(
      actor: Actor | undefined,
      input: { organisationId: number; area: string; detail?: string },
    ): Promise<Need> {
      const leader = requireLeader(actor, input.organisationId, 'state its needs');
      await landscape.getOrganisation(leader, input.organisationId);
      const id = await audited(
        leader,
        (r) =>
          r.insertNeed({
            organisationId: input.organisationId,
            area: input.area,
            detail: input.detail ?? '',
            createdBy: accountIdOf(leader),
          }),
        (needId) => ({
          action: 'create',
          entity: 'need',
          entityId: needId,
          organisationIds: [input.organisationId],
          detail: { area: input.area },
        }),
      );
      return (await repo.findNeed(id))!;
    },

    async getNeed(actor: Actor | undefined, id: number): Promise<Need> {
      const viewer = requireSignedIn(actor);
      const need = await repo.findNeed(id);
      if (!need || (!viewer.isAdmin && !inside(viewer).includes(need.organisationId))) throw notFound(`Need ${id}`);
      return need;
    },

    async closeNeed(actor: Actor | undefined, id: number, status: 'met' | 'withdrawn'): Promise<void> {
      const need = await service.getNeed(actor, id);
      const leader = requireLeader(actor, need.organisationId, 'close its needs');
      await audited(
        leader,
        (r) => r.setNeedStatus(id, status),
        () => ({
          action: 'close',
          entity: 'need',
          entityId: id,
          organisationIds: [need.organisationId],
          detail: { status },
        }),
      );
    },

    /**
     * Undoes closing a need (see `audit.undoable`): open again as it was, unless the school has
     * stated another need in the same area since, which then stands for it.
     */
    async reopenNeed(actor: Actor | undefined, id: number): Promise<void> {
      const need = await service.getNeed(actor, id);
      const leader = requireLeader(actor, need.organisationId, 'reopen its needs');
      if (need.status === 'open') throw new AppError('conflict', 'This need is already open');
      const since = (await repo.listNeeds([need.organisationId])).find(
        (n) => n.id !== id && n.area === need.area && n.status === 'open',
      );
      if (since)
        throw new AppError(
          'conflict',
          `${need.organisationName} has stated a new need in ${areaOf(need.area).label} since, so this one stays closed: the new need stands for it`,
        );
      await audit.recorded(
        leader,
        async (trx) => {
          await audit.undoable(leader, { entity: 'need', entityId: id, action: 'close' }, trx);
          await createBrokerageRepository(trx).setNeedStatus(id, 'open');
        },
        () => ({
          action: 'reopen',
          entity: 'need',
          entityId: id,
          organisationIds: [need.organisationId],
          detail: { was: need.status },
        }),
      );
    },

    /**
     * Needs suggested by a school's own results: indicators of an area worse than England's or
     * falling, and inspection grades below the expected. Suggestions only: a leader states a need.
     */
    async suggestNeeds(actor: Actor | undefined, organisationId: number): Promise<Suggestion[]> {
      const suggested = await suggestions(actor, organisationId, 'need');
      // A need already stated (and still open, or being met) is not suggested again.
      const stated = new Set(
        (await repo.listNeeds([organisationId])).filter((n) => n.status === 'open').map((n) => n.area),
      );
      return suggested.filter((s) => !stated.has(s.area));
    },

    /** Strengths suggested by results well above England's (top quarter) and by designations. */
    async suggestStrengths(actor: Actor | undefined, organisationId: number): Promise<Suggestion[]> {
      return suggestions(actor, organisationId, 'strength');
    },

    async listOffers(actor: Actor | undefined, organisationId?: number) {
      requireSignedIn(actor);
      return repo.listOffers(organisationId ? [organisationId] : null);
    },

    async makeOffer(
      actor: Actor | undefined,
      input: { organisationId: number; area: string; detail?: string; daysPerTerm: number; personId?: number },
    ) {
      const leader = requireLeader(actor, input.organisationId, 'offer its help');
      await landscape.getOrganisation(leader, input.organisationId);
      return audited(
        leader,
        (r) =>
          r.insertOffer({
            ...input,
            detail: input.detail ?? '',
            personId: input.personId ?? null,
            createdBy: accountIdOf(leader),
          }),
        (id) => ({
          action: 'create',
          entity: 'offer',
          entityId: id,
          organisationIds: [input.organisationId],
          detail: { area: input.area, daysPerTerm: input.daysPerTerm },
        }),
      );
    },

    /** One of a school's offers, to its leaders (and administrators). */
    async getOffer(actor: Actor | undefined, id: number) {
      const offer = await repo.findOffer(id);
      if (!offer) throw notFound(`Offer ${id}`);
      requireLeader(actor, offer.organisationId, 'see its offers here');
      return { ...offer, label: areaOf(offer.area).label };
    },

    async withdrawOffer(actor: Actor | undefined, id: number): Promise<void> {
      const offer = await service.getOffer(actor, id);
      const leader = requireLeader(actor, offer.organisationId, 'withdraw its offers');
      await audited(
        leader,
        (r) => r.setOfferStatus(id, 'withdrawn'),
        () => ({
          action: 'withdraw',
          entity: 'offer',
          entityId: id,
          organisationIds: [offer.organisationId],
          detail: { status: 'withdrawn' },
        }),
      );
    },

    /** Undoes withdrawing an offer (see `audit.undoable`): it is offered, and matched, again. */
    async restoreOffer(actor: Actor | undefined, id: number): Promise<void> {
      const offer = await service.getOffer(actor, id);
      const leader = requireLeader(actor, offer.organisationId, 'restore its offers');
      if (offer.status === 'open') throw new AppError('conflict', 'This offer is already open');
      await audit.recorded(
        leader,
        async (trx) => {
          await audit.undoable(leader, { entity: 'offer', entityId: id, action: 'withdraw' }, trx);
          await createBrokerageRepository(trx).setOfferStatus(id, 'open');
        },
        () => ({
          action: 'restore',
          entity: 'offer',
          entityId: id,
          organisationIds: [offer.organisationId],
          detail: { status: 'open' },
        }),
      );
    },

    /** The weights of a partnership's matches (defaults when it has set none). */
    async weights(actor: Actor | undefined, partnershipId: number): Promise<Weights> {
      requireSignedIn(actor);
      return { ...DEFAULT_WEIGHTS, ...((await repo.findWeights(partnershipId)) ?? {}) };
    },

    async setWeights(actor: Actor | undefined, partnershipId: number, weights: Weights): Promise<void> {
      const leader = requireLeader(actor, partnershipId, 'change how its matches are weighed');
      const clean = Object.fromEntries(
        FACTORS.map((f) => [f, Math.max(0, Math.min(10, Number(weights[f] ?? DEFAULT_WEIGHTS[f])))]),
      );
      await audited(
        leader,
        (r) => r.saveWeights(partnershipId, clean, accountIdOf(leader)),
        () => ({
          action: 'update',
          entity: 'match-weights',
          entityId: partnershipId,
          organisationIds: [partnershipId],
          detail: clean,
        }),
      );
    },

    /**
     * Schools that could help with a school's need in an area, best first, each with its score
     * and reasons; within a scope when one is given (else all of England).
     */
    async matches(
      actor: Actor | undefined,
      input: {
        organisationId: number;
        area: string;
        needId?: number;
        scope?: string;
        includeFalling?: boolean;
        limit?: number;
      },
    ): Promise<MatchList> {
      const viewer = requireSignedIn(actor);
      if (!viewer.isAdmin && !inside(viewer).includes(input.organisationId))
        throw new AppError('forbidden', 'Matches are found for your own school’s needs');
      const organisation = await landscape.getOrganisation(viewer, input.organisationId);
      const place = await repo.seekerPlace(input.organisationId);
      const own = [input.organisationId];
      const [pupils, fsm] = await Promise.all([
        indicators.latestValues(viewer, { code: 'census-pupils', organisationIds: own }),
        indicators.latestValues(viewer, { code: 'census-fsm-ever-percent', organisationIds: own }),
      ]);
      const seeker = place && {
        ...place,
        pupils: pupils.get(input.organisationId)?.value ?? place.pupils,
        fsm: fsm.get(input.organisationId)?.value ?? place.fsm,
      };
      const scope = input.scope ? await landscape.resolveSelection(viewer, input.scope) : null;
      const { evidence, code } = await evidenceOf(input.area);
      const area = areaOf(input.area);
      const candidates = await repo.candidates({
        seekerId: input.organisationId,
        area: input.area,
        results: code
          ? await indicators.latestValues(viewer, { code, organisationIds: scope?.ids ?? null })
          : new Map(),
        designationRoles: Object.entries(DESIGNATION_ROLES)
          .filter(([, a]) => a === input.area)
          .map(([role]) => role),
        seekerPartnerships: await landscape.partnershipsOf([input.organisationId]),
        seekerLocalAuthorityId: seeker?.localAuthorityId ?? null,
        scopeIds: scope?.ids ?? null,
        today: todayIso(),
        betterThan:
          evidence && evidence.benchmark !== null && evidence.direction !== 'neither'
            ? { value: evidence.benchmark, direction: evidence.direction }
            : undefined,
      });
      const weights = await weightsFor(input.organisationId);
      return {
        need: {
          id: input.needId ?? null,
          organisationId: organisation.id,
          name: organisation.name,
          area: area.code,
          label: area.label,
        },
        weights,
        evidence: evidence
          ? `${evidence.indicatorName}: England ${evidence.benchmark === null ? 'not loaded' : evidence.format(evidence.benchmark)}`
          : null,
        matches: rankMatches(seeker!, candidates, evidence, weights, {
          includeFalling: input.includeFalling,
          limit: input.limit ?? 20,
        }),
      };
    },

    /** Asks chosen organisations (and, if the school chooses, its partnership) for help with a need. */
    async requestSupport(
      actor: Actor | undefined,
      input: { needId: number; invite: number[]; message?: string; partnershipId?: number },
    ): Promise<number> {
      const need = await service.getNeed(actor, input.needId);
      const leader = requireLeader(actor, need.organisationId, 'ask for help');
      if (need.status !== 'open') throw new AppError('conflict', 'This need is no longer open');
      const invite = [...new Set(input.invite)].filter((id) => id !== need.organisationId);
      if (invite.length === 0 && !input.partnershipId)
        throw new AppError('validation', 'Invite at least one school, or share the request with your partnership', [
          { field: 'invite', message: 'Tick at least one school to ask' },
        ]);
      for (const id of invite) await landscape.getOrganisation(leader, id);
      if (
        input.partnershipId &&
        !(await landscape.partnershipsOf([need.organisationId])).includes(input.partnershipId)
      ) {
        throw new AppError('validation', 'Share a request only with a partnership your school belongs to', [
          { field: 'partnershipId', message: 'Choose one of your school’s partnerships' },
        ]);
      }
      return audited(
        leader,
        (r) =>
          r.insertRequest({
            needId: need.id,
            organisationId: need.organisationId,
            message: input.message ?? '',
            partnershipId: input.partnershipId ?? null,
            invited: invite,
            createdBy: accountIdOf(leader),
          }),
        (id) => ({
          action: 'create',
          entity: 'support-request',
          entityId: id,
          organisationIds: [need.organisationId, ...invite],
          detail: { area: need.area, invited: invite.length },
        }),
      );
    },

    /** Requests the actor may see: made by its school, inviting it, or shared with its partnership. */
    async listRequests(actor: Actor | undefined): Promise<SupportRequest[]> {
      const viewer = requireSignedIn(actor);
      const mine = inside(viewer);
      return repo.listRequests(mine, await actorPartnerships(viewer));
    },

    /**
     * What the organisations the actor leads owe an answer on: requests they were asked and have
     * not offered on, offers made to their own open requests, and requests shared with a
     * partnership they lead that no school has offered on yet.
     */
    async waitingForAnswer(actor: Actor | undefined): Promise<AwaitedAnswer[]> {
      const viewer = requireSignedIn(actor);
      const led = ledOrganisationIds(viewer);
      if (!led.length) return [];
      const open = (await repo.listRequests(led, led)).filter((r) => r.status === 'open');
      const waiting: AwaitedAnswer[] = [];
      for (const r of open) {
        const [found, offers] = await Promise.all([repo.findRequest(r.id), repo.listRequestOffers(r.id)]);
        const base = {
          requestId: r.id,
          askingId: r.organisationId,
          askingName: r.organisationName,
          area: r.area,
          label: areaOf(r.area).label,
          askedAt: r.createdAt,
        };
        if (led.includes(r.organisationId)) {
          const offered = offers.filter((o) => o.status === 'offered').length;
          if (offered) waiting.push({ ...base, kind: 'decide', offers: offered });
          continue;
        }
        for (const id of led.filter((o) => found!.invited.includes(o) && !offers.some((f) => f.organisationId === o)))
          waiting.push({
            ...base,
            kind: 'offer',
            askedId: id,
            askedName: (await landscape.getOrganisation(viewer, id)).name,
          });
        if (r.partnershipId !== null && led.includes(r.partnershipId) && offers.length === 0)
          waiting.push({
            ...base,
            kind: 'shared',
            askedId: r.partnershipId,
            askedName: (await landscape.getOrganisation(viewer, r.partnershipId)).name,
          });
      }
      return waiting;
    },

    async getRequest(actor: Actor | undefined, id: number) {
      const viewer = requireSignedIn(actor);
      const request = await getVisibleRequest(viewer, id);
      const [offers, answers] = await Promise.all([repo.listRequestOffers(id), repo.listAnswers(id)]);
      const asking = viewer.isAdmin || canEditOrganisation(viewer, request.organisationId);
      const mine = inside(viewer);
      const own = <T extends { organisationId: number }>(rows: T[]) =>
        asking ? rows : rows.filter((r) => mine.includes(r.organisationId));
      // The asking school sees every offer and every answer; a helper sees its own.
      return { request, offers: own(offers), answers: own(answers), asking };
    },

    /** An offer on a request, as the asking school's leader sees it before accepting (others: not found). */
    async offerToAccept(actor: Actor | undefined, offerId: number) {
      const viewer = requireSignedIn(actor);
      const offer = await repo.findRequestOffer(offerId);
      if (!offer) throw notFound(`Offer ${offerId}`);
      const view = await service.getRequest(viewer, offer.requestId);
      const shown = view.offers.find((o) => o.id === offerId);
      if (!shown || !view.asking) throw notFound(`Offer ${offerId}`);
      return { request: view.request, offer: shown };
    },

    /** An asked school says it cannot help, with a reason the asking school reads (its leaders). */
    async declineRequest(
      actor: Actor | undefined,
      input: { requestId: number; organisationId: number; reason: string },
    ): Promise<void> {
      const viewer = requireSignedIn(actor);
      const request = await getVisibleRequest(viewer, input.requestId);
      const leader = requireLeader(viewer, input.organisationId, 'answer a request for help');
      if (!request.invited.includes(input.organisationId))
        throw new AppError('forbidden', 'Only a school that was asked can decline a request');
      if (request.status !== 'open') throw new AppError('conflict', 'This request has already been answered');
      const answer = (await repo.listAnswers(request.id)).find((a) => a.organisationId === input.organisationId);
      if (answer?.answer === 'offered')
        throw new AppError('conflict', 'Your school has already offered help with this request');
      await audited(
        leader,
        async (r) => {
          if (!(await r.declineInvitation(request.id, input.organisationId, input.reason, accountIdOf(leader))))
            throw new AppError('conflict', 'Your school has already declined this request');
        },
        () => ({
          action: 'decline',
          entity: 'support-request',
          entityId: request.id,
          organisationIds: [request.organisationId, input.organisationId],
          detail: { organisationId: input.organisationId },
        }),
      );
    },

    /**
     * Undoes a school's decline (see `audit.undoable`) while the request is still open: the
     * school is asked again, and may offer. The asking school has already been told of the decline.
     */
    async undoDecline(actor: Actor | undefined, input: { requestId: number; organisationId: number }): Promise<void> {
      const viewer = requireSignedIn(actor);
      const request = await getVisibleRequest(viewer, input.requestId);
      const leader = requireLeader(viewer, input.organisationId, 'answer a request for help');
      if (request.status !== 'open')
        throw new AppError('conflict', 'This request has been answered since, so the decline stands');
      await audit.recorded(
        leader,
        async (trx) => {
          const entry = await audit.undoable(
            leader,
            { entity: 'support-request', entityId: request.id, action: 'decline' },
            trx,
          );
          if (entry.detail.organisationId !== input.organisationId)
            throw new AppError('conflict', 'This can no longer be undone: it has been changed since');
          if (!(await createBrokerageRepository(trx).undoDecline(request.id, input.organisationId)))
            throw new AppError('conflict', 'Your school has not declined this request');
        },
        () => ({
          action: 'undo-decline',
          entity: 'support-request',
          entityId: request.id,
          organisationIds: [request.organisationId, input.organisationId],
          detail: { organisationId: input.organisationId },
        }),
      );
    },

    /** A helper offers: "what do you want, what do you need, how can I help?" */
    async offerHelp(
      actor: Actor | undefined,
      input: { requestId: number; organisationId: number; message?: string; days: number },
    ): Promise<number> {
      const viewer = requireSignedIn(actor);
      const request = await getVisibleRequest(viewer, input.requestId);
      const leader = requireLeader(viewer, input.organisationId, 'offer help');
      if (request.status !== 'open') throw new AppError('conflict', 'This request is no longer open');
      if (input.organisationId === request.organisationId)
        throw new AppError('validation', 'A school cannot offer help to itself', [
          { field: 'organisationId', message: 'Your school is the one asking: it cannot offer help to itself' },
        ]);
      const partnerships = await landscape.partnershipsOf([input.organisationId]);
      const invited =
        request.invited.includes(input.organisationId) ||
        (request.partnershipId !== null && partnerships.includes(request.partnershipId));
      if (!invited) throw new AppError('forbidden', 'Only invited schools can offer help with this request');
      const answer = (await repo.listAnswers(request.id)).find((a) => a.organisationId === input.organisationId);
      if (answer?.answer === 'declined') throw new AppError('conflict', 'Your school has declined this request');
      return audited(
        leader,
        (r) => r.insertRequestOffer({ ...input, message: input.message ?? '', createdBy: accountIdOf(leader) }),
        (id) => ({
          action: 'create',
          entity: 'request-offer',
          entityId: id,
          organisationIds: [request.organisationId, input.organisationId],
          detail: { days: input.days, requestId: request.id },
        }),
      ).catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('conflict', 'Your school has already offered help with this request');
        throw error;
      });
    },

    /**
     * Accepts an offer made to a request (the asking school's leaders): the request is answered
     * and the other offers declined, with what follows from it: `then` reads what it needs first and gives a write that
     * runs in the same transaction (opening the engagement), so both happen or neither does.
     */
    async acceptOffer<T>(
      actor: Actor | undefined,
      offerId: number,
      then: (accepted: AcceptedOffer) => Promise<(trx: Db) => Promise<T>>,
    ): Promise<T> {
      const viewer = requireSignedIn(actor);
      const offer = await repo.findRequestOffer(offerId);
      if (!offer) throw notFound(`Offer ${offerId}`);
      const request = await getVisibleRequest(viewer, offer.requestId);
      const leader = requireLeader(viewer, request.organisationId, 'accept help');
      if (request.status !== 'open') throw new AppError('conflict', 'This request has already been answered');
      const accepted: AcceptedOffer = {
        requestId: request.id,
        supportedId: request.organisationId,
        supportingId: offer.organisationId,
        area: request.area,
        days: Number(offer.days),
      };
      const after = await then(accepted);
      return audit.recorded(
        leader,
        async (trx) => {
          // Only an open request can be accepted, checked again inside the transaction: two leaders accepting at once open one engagement.
          if (!(await createBrokerageRepository(trx).acceptRequestOffer(request.id, offerId)))
            throw new AppError('conflict', 'This request has already been answered');
          return after(trx);
        },
        () => ({
          action: 'accept',
          entity: 'request-offer',
          entityId: offerId,
          organisationIds: [request.organisationId, offer.organisationId],
          detail: { requestId: request.id },
        }),
      );
    },

    /** For system health: help accepted for these organisations' needs between two days, both included, of the requests the actor may see. */
    async acceptedBetween(actor: Actor | undefined, scopeIds: number[] | null, between: { from: string; to: string }) {
      const viewer = requireSignedIn(actor);
      const found = await repo.acceptedBetween(scopeIds, between.from, between.to);
      const seen = viewer.isAdmin ? null : new Set((await service.listRequests(viewer)).map((r) => r.id));
      return found.filter((r) => !seen || seen.has(r.id)).map((r) => ({ ...r, label: areaOf(r.area).label }));
    },

    /**
     * Coverage for a scope: schools with an open need and no active engagement (waiting for
     * help), whole days from a request to its accepted offer (of requests accepted between two
     * days, when given). Needs are shown only to those who may see them.
     */
    async coverage(actor: Actor | undefined, scopeRef?: string, accepted: { from?: string; to?: string } = {}) {
      const viewer = requireSignedIn(actor);
      const scope = scopeRef ? await landscape.resolveSelection(viewer, scopeRef) : null;
      const facts = await repo.coverageFacts(scope?.ids ?? null, accepted);
      const visible = viewer.isAdmin ? null : new Set(await visibleSchools(viewer));
      const needs = facts.needs.filter((n) => !visible || visible.has(n.organisationId));
      const waits = facts.accepted
        .filter((r) => !visible || visible.has(r.organisationId))
        .map((r) => daysBetween(r.createdAt, r.acceptedAt));
      return {
        scope: scope ? { ref: scope.ref, name: scope.name } : null,
        waiting: needs.filter((n) => !n.engaged).map((n) => ({ ...n, label: areaOf(n.area).label })),
        supported: needs.filter((n) => n.engaged).length,
        requestToAcceptance: waits.length
          ? { requests: waits.length, medianDays: median(waits)!, longestDays: Math.max(...waits) }
          : null,
      };
    },
  };

  /** Schools whose needs a viewer may see: its own, and the members of partnerships (and local authorities) it belongs to. */
  async function visibleSchools(viewer: Actor): Promise<number[]> {
    const mine = inside(viewer);
    const groups = await Promise.all(mine.map((id) => landscape.organisationAndMembers(viewer, id)));
    return [...new Set(groups.flat())];
  }

  async function suggestions(
    actor: Actor | undefined,
    organisationId: number,
    kind: 'need' | 'strength',
  ): Promise<Suggestion[]> {
    const viewer = requireSignedIn(actor);
    const values = await indicators.organisationValues(viewer, organisationId);
    const found: Suggestion[] = [];
    for (const area of AREAS) {
      for (const code of area.indicators) {
        const mine = values
          .filter((v) => v.indicator.code === code && v.value !== null)
          .sort((a, b) => b.period.localeCompare(a.period));
        const latest = mine[0];
        if (!latest) continue;
        const figures = await indicators.nationalFigures(code);
        const national = figures?.periods.get(latest.period);
        const direction = latest.indicator.direction as Direction;
        const show = (v: number) => formatValue(latest.indicator.unit as Unit, latest.indicator.grades, v);
        const grade = latest.indicator.unit === 'grade';
        // Below Good (single word) or Expected (report cards); safeguarding below Met.
        const gradeCut = latest.indicator.grades.length === 2 ? 2 : 3;
        let reason: string | undefined;
        if (kind === 'need') {
          const falling = mine[1] ? isFalling({ value: latest.value, previous: mine[1].value }, direction) : false;
          if (grade && latest.value! < gradeCut)
            reason = `${latest.indicator.name}: ${show(latest.value!)} (${latest.period})`;
          else if (
            !grade &&
            national?.value != null &&
            ((direction === 'higher' && latest.value! < national.value) ||
              (direction === 'lower' && latest.value! > national.value))
          ) {
            reason = `${latest.indicator.name} ${show(latest.value!)} in ${latest.period}, England ${show(national.value)}`;
          } else if (falling)
            reason = `${latest.indicator.name} ${describeChange(latest.indicator, mine[1]!.value!, latest.value!).text}`;
        } else if (
          !grade &&
          national?.q1 != null &&
          national.q3 != null &&
          ((direction === 'higher' && latest.value! > national.q3) ||
            (direction === 'lower' && latest.value! < national.q1))
        ) {
          reason = `${latest.indicator.name} ${show(latest.value!)} in ${latest.period}: among England’s best quarter`;
        } else if (grade && latest.value! >= latest.indicator.grades.length) {
          reason = `${latest.indicator.name}: ${show(latest.value!)} (${latest.period})`;
        }
        if (reason) {
          found.push({ area: area.code, label: area.label, reason });
          break;
        }
      }
    }
    if (kind === 'strength') {
      const designated = await landscape.listRoleAssignments(viewer, { organisationId, perPage: 200 });
      for (const a of designated.items.filter((x) => x.current && DESIGNATION_ROLES[x.roleCode])) {
        if (!found.some((f) => f.area === DESIGNATION_ROLES[a.roleCode]))
          found.push({
            area: DESIGNATION_ROLES[a.roleCode]!,
            label: areaOf(DESIGNATION_ROLES[a.roleCode]!).label,
            reason: `${a.roleName}: ${a.personName}`,
          });
      }
    }
    return found;
  }

  return service;
}
export type BrokerageService = ReturnType<typeof createBrokerageService>;
