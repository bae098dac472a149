import type { Db } from '../../../db/database.js';
import { toCsv } from '../../../platform/csv/csv-writer.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { BACKGROUND_JOB } from '../../../platform/http/actor.js';
import { accountIdOf, requireAdmin, requireSignedIn } from '../../../platform/http/require-actor.js';
import { canEditOrganisation, todayIso } from '../../landscape/index.js';
import { reviewDateFor } from '../../practices/index.js';
import { maySee, type ForumReader } from '../governance.domain.js';
import type { GovernancePartContext } from '../governance.part.js';
import {
  AGAINST,
  expectedInWords,
  measureAgainst,
  movementInWords,
  REVIEW_MONTHS,
  reviewsDueBy,
  STATUSES,
  type Position,
  type Reason,
  type Verdict,
} from './decisions.domain.js';
import {
  createDecisionsRepository,
  type DecisionRow,
  type DecisionsRepository,
  type MeasuredFigure,
} from './decisions.repository.js';

export interface ProposalInput {
  title: string;
  proposal: string;
  outcomeIds?: number[];
}

export interface AdviceInput {
  adviser: string;
  /** The partnership's forum the adviser speaks for, if any. */
  forumId?: number | null;
  position: Position;
  advice: string;
  givenOn: string;
}

export interface ExpectationInput {
  indicatorCode: string;
  /** The partnership, or one of its member organisations. */
  organisationId: number;
  /** Signed, in the indicator's unit: -2 for "fall by two percentage points". */
  expectedChange: number;
  /** The period whose figure is the baseline (a decision taken on last year's figures); the latest unless given. */
  baselinePeriod?: string;
  note?: string;
}

export interface DecideInput {
  decision: string;
  decidedBy: string;
  decidedOn: string;
  /** Six months after the decision unless given. */
  reviewOn?: string;
  expectations?: ExpectationInput[];
}

export interface ReviewInput {
  verdict: Verdict;
  note: string;
  /** On a change: what is decided now, and when it is reviewed next. */
  decision?: string;
  nextReviewOn?: string;
}

export interface EscalationInput {
  reason: Reason;
  /** The organisation raising it: the forum that advised against the decision, or the forum that took it. */
  fromId: number;
  matter: string;
}

/** Whoever reads a scope's health: its people, who see partnership business but not a members-only forum's. */
const SCOPE_READER: ForumReader = {
  signedIn: true,
  isAdmin: false,
  inForum: false,
  leadsForum: false,
  inPartnership: true,
  leadsPartnership: false,
};

const problem = (field: string, message: string, summary = message) =>
  new AppError('validation', summary, [{ field, message }]);

/** Leads an organisation (leader or coordinator of it); administrators are not its leads. */
const leadsOrganisation = (actor: Actor | undefined, organisationId: number) =>
  actor !== undefined && !actor.isAdmin && canEditOrganisation(actor, organisationId);

/**
 * The decisions log of a partnership's forums: proposals with the advice sought before deciding,
 * decisions with the outcomes they aim at and the effect they expect on indicators (the baseline
 * taken when decided), reviews against the figures, and escalation up the partnership's ladder.
 * Advice comes first: a proposal with no advice recorded cannot be decided.
 */
export function createDecisionsPart({ db, access, audit, indicators, landscape }: GovernancePartContext) {
  const repo = createDecisionsRepository(db);

  function recorded<T>(
    actor: Actor,
    entity: 'decision' | 'escalation' | 'escalation-ladder',
    action: string,
    organisationIds: number[],
    write: (r: DecisionsRepository, trx: Db) => Promise<T>,
    entityId: (result: T) => number,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createDecisionsRepository(trx), trx),
      (result) => ({ action, entity, entityId: entityId(result), organisationIds, detail }),
    );
  }

  /** A decision whose forum the actor may see (to anyone else it does not exist). */
  async function decisionFor(actor: Actor | undefined, id: number) {
    const decision = await repo.findDecision(id);
    if (!decision) throw notFound('This decision');
    const found = await access.forum(actor, decision.forumId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw notFound('This decision');
      throw error;
    });
    return { decision, ...found };
  }

  async function conductingDecision(actor: Actor | undefined, id: number) {
    const found = await decisionFor(actor, id);
    await access.conducting(actor, found.decision.forumId);
    return found;
  }

  /** The forums of a partnership the actor may see. */
  async function visibleForums(actor: Actor | undefined, partnershipId: number): Promise<number[]> {
    const ids = await repo.forumIdsOf(partnershipId);
    const seen = await Promise.all(
      ids.map((id) =>
        access.forum(actor, id).then(
          () => id,
          () => undefined,
        ),
      ),
    );
    return seen.filter((id): id is number => id !== undefined);
  }

  /** Decisions with their advice, outcomes, expectations, reviews and escalations. */
  async function withDetail(rows: DecisionRow[]) {
    const ids = rows.map((d) => d.id);
    const [advice, outcomes, expectations, reviews, escalations] = await Promise.all([
      repo.advice(ids),
      repo.outcomes(ids),
      repo.expectations(ids),
      repo.reviews(ids),
      repo.escalationsOfDecisions(ids),
    ]);
    const catalogue = new Map(
      await Promise.all(
        [...new Set(expectations.map((e) => e.indicatorCode))].map(
          async (code) => [code, await indicators.findIndicator(code)] as const,
        ),
      ),
    );
    return rows.map((d) => {
      const mine = reviews.filter((r) => r.decisionId === d.id);
      return {
        ...d,
        statusText: STATUSES[d.status],
        advice: advice.filter((a) => a.decisionId === d.id),
        outcomes: outcomes.filter((o) => o.decisionId === d.id).map(({ id, title }) => ({ id, title })),
        expectations: expectations
          .filter((e) => e.decisionId === d.id)
          .map((e) => {
            const indicator = catalogue.get(e.indicatorCode);
            return {
              ...e,
              indicatorName: indicator?.name ?? e.indicatorCode,
              expectedInWords: expectedInWords(indicator?.unit ?? 'count', e.expectedChange),
            };
          }),
        reviews: mine,
        latestVerdict: mine.at(-1)?.verdict ?? null,
        escalations: escalations.filter((e) => e.decisionId === d.id),
      };
    });
  }

  /** The figures of a decision's expectations as the actor may see them now, beside the baseline. */
  async function figuresNow(actor: Actor, decisionId: number): Promise<MeasuredFigure[]> {
    const expectations = await repo.expectations([decisionId]);
    return Promise.all(
      expectations.map(async (e) => {
        const indicator = await indicators.findIndicator(e.indicatorCode);
        const latest = (
          await indicators.latestValues(actor, { code: e.indicatorCode, organisationIds: [e.organisationId] })
        ).get(e.organisationId);
        const actual = latest && e.baseline !== null ? latest.value - e.baseline : null;
        return {
          indicatorCode: e.indicatorCode,
          indicatorName: indicator?.name ?? e.indicatorCode,
          organisationId: e.organisationId,
          organisationName: e.organisationName,
          baseline: e.baseline,
          baselinePeriod: e.baselinePeriod,
          latest: latest?.value ?? null,
          latestPeriod: latest?.period ?? null,
          expectedChange: e.expectedChange,
          actualChange: actual,
          against: actual === null ? null : measureAgainst(e.expectedChange, actual),
          words: indicator
            ? movementInWords(indicator, e.expectedChange, e.baseline, latest?.value ?? null)
            : 'This indicator is no longer in the catalogue.',
        };
      }),
    );
  }

  /** The ladder's step an organisation stands on, and the one above it. */
  async function nextStep(partnershipId: number, fromId: number) {
    const steps = await repo.ladder(partnershipId);
    const at = steps.findIndex((s) => s.organisationId === fromId);
    if (at < 0)
      throw problem(
        'fromId',
        'This organisation is not on the partnership’s escalation ladder, so the matter has nowhere to go. A leader of the partnership adds it to the ladder first.',
      );
    const next = steps[at + 1];
    if (!next)
      throw problem(
        'fromId',
        `${steps[at]!.organisationName} is the top of the partnership’s escalation ladder: there is no one above it to escalate to.`,
      );
    return next;
  }

  /**
   * An escalation the actor may read: leaders of the organisations on its trail, and whoever may see
   * the forum whose decision it is (by the rule of sight, so a members-only forum's matter stays with
   * its members); one of no decision, the partnership's people. The background job reads it to tell.
   */
  async function escalationFor(actor: Actor | undefined, id: number) {
    const viewer = requireSignedIn(actor);
    const escalation = await repo.findEscalation(id);
    if (!escalation) throw notFound('This escalation');
    const trail =
      escalation.decisionId === null ? [escalation] : await repo.escalationsOfDecisions([escalation.decisionId]);
    const onTrail = trail.some((e) => leadsOrganisation(viewer, e.fromId) || leadsOrganisation(viewer, e.toId));
    const decision = escalation.decisionId === null ? undefined : await repo.findDecision(escalation.decisionId);
    const seesIt = decision
      ? await access.forum(viewer, decision.forumId).then(
          () => true,
          () => false,
        )
      : viewer.isAdmin || (await access.inPartnership(viewer, escalation.partnershipId));
    if (!onTrail && !seesIt && viewer !== BACKGROUND_JOB) throw notFound('This escalation');
    return { viewer, escalation, trail };
  }

  function answering(actor: Actor | undefined, escalation: { toId: number; toName: string; status: string }) {
    const viewer = requireSignedIn(actor);
    if (!leadsOrganisation(viewer, escalation.toId))
      throw new AppError('forbidden', `Only a leader of ${escalation.toName} can answer or escalate this matter`);
    if (escalation.status !== 'open')
      throw new AppError(
        'conflict',
        escalation.status === 'answered'
          ? 'This matter has been answered already'
          : 'This matter has been escalated further already',
      );
    return viewer;
  }

  /** The decisions of these partnerships' forums that their people may see, with their reviews. */
  async function scopeDecisions(partnershipIds: number[]) {
    const decisions = (await repo.decisionsOfPartnerships(partnershipIds)).filter((d) =>
      maySee(d.visibility, SCOPE_READER),
    );
    const reviews = await repo.reviewDates(decisions.map((d) => d.id));
    return decisions.map((d) => ({ ...d, reviews: reviews.filter((r) => r.decisionId === d.id) }));
  }

  async function logOf(actor: Actor | undefined, partnershipId: number) {
    const { partnership, leads } = await access.partnership(actor, partnershipId);
    const decisions = await withDetail(await repo.decisionsOfForums(await visibleForums(actor, partnershipId)));
    return { partnership, leads, decisions };
  }

  const part = {
    /** A partnership's decisions log: every decision of its forums the actor may see. */
    decisionsOf: logOf,

    /** The decisions log as its page (and print) shows it, with the forums whose proposals the actor records. */
    async decisionsLog(actor: Actor | undefined, partnershipId: number) {
      const log = await logOf(actor, partnershipId);
      const mayPropose = (
        await Promise.all(
          (await visibleForums(actor, partnershipId)).map(async (id) => {
            const { forum, reader } = await access.forum(actor, id);
            return reader.leadsForum || reader.leadsPartnership ? { id, name: forum.name } : undefined;
          }),
        )
      ).filter((f) => f !== undefined);
      return { ...log, mayPropose };
    },

    /** The decisions log as CSV, one decision a row. */
    async decisionsCsv(actor: Actor | undefined, partnershipId: number): Promise<string> {
      const { decisions } = await logOf(actor, partnershipId);
      return toCsv(
        [
          'decision_id',
          'title',
          'forum',
          'decision',
          'decided_on',
          'decided_by',
          'advice',
          'outcomes',
          'expected_effects',
          'review_on',
          'status',
          'latest_verdict',
        ],
        decisions.map((d) => [
          d.id,
          d.title,
          d.forumName,
          d.decision ?? '',
          d.decidedOn ?? '',
          d.decidedBy ?? '',
          d.advice.map((a) => `${a.adviser}: ${a.position}`).join('; '),
          d.outcomes.map((o) => o.title).join('; '),
          d.expectations.map((e) => `${e.indicatorName} at ${e.organisationName}: ${e.expectedInWords}`).join('; '),
          d.reviewOn ?? '',
          d.status,
          d.latestVerdict ?? '',
        ]),
      );
    },

    /** A forum's decisions. */
    async forumDecisions(actor: Actor | undefined, forumId: number) {
      const { forum, reader } = await access.forum(actor, forumId);
      return {
        forum,
        mayConduct: reader.leadsForum || reader.leadsPartnership,
        decisions: await withDetail(await repo.decisionsOfForums([forumId])),
      };
    },

    /** What the proposal form offers: the forum and its partnership's outcomes. */
    async proposalChoices(actor: Actor | undefined, forumId: number) {
      const { forum } = await access.conducting(actor, forumId);
      return { forum, outcomes: await repo.partnershipOutcomes(forum.partnershipId) };
    },

    /** A forum lead records a proposal, and the outcomes of the partnership it aims at. */
    async propose(actor: Actor | undefined, forumId: number, input: ProposalInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { forum } = await access.conducting(viewer, forumId);
      const outcomeIds = [...new Set(input.outcomeIds ?? [])];
      const outcomes = await repo.outcomesOf(forum.partnershipId, outcomeIds);
      if (outcomes.length !== outcomeIds.length)
        throw problem('outcomeIds', 'Choose outcomes of this forum’s partnership only');
      return recorded(
        viewer,
        'decision',
        'propose',
        [forum.partnershipId, forum.id],
        (r) =>
          r.insertDecision({
            forum_id: forum.id,
            title: input.title,
            proposal: input.proposal,
            recorded_by: accountIdOf(viewer),
            outcomeIds,
          }),
        (id) => id,
        { forumId: forum.id, title: input.title, outcomeIds },
      );
    },

    /** The advice sought on a proposal, before it is decided. */
    async addAdvice(actor: Actor | undefined, decisionId: number, input: AdviceInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { decision, forum } = await conductingDecision(viewer, decisionId);
      if (decision.status !== 'proposed')
        throw new AppError('conflict', 'This proposal has been decided: advice is recorded before the decision');
      if (input.givenOn > todayIso()) throw problem('givenOn', 'The day the advice was given must be today or earlier');
      if (input.forumId) {
        const forums = await repo.forumIdsOf(forum.partnershipId);
        if (!forums.includes(input.forumId)) throw problem('forumId', 'Choose one of this partnership’s forums');
      }
      return recorded(
        viewer,
        'decision',
        'advice',
        [forum.partnershipId, forum.id],
        (r) =>
          r.insertAdvice({
            decision_id: decisionId,
            adviser: input.adviser,
            forum_id: input.forumId ?? null,
            position: input.position,
            advice: input.advice,
            given_on: input.givenOn,
          }),
        () => decisionId,
        { adviser: input.adviser, forumId: input.forumId ?? null, position: input.position },
      );
    },

    /** What the decision form offers: the organisations an effect may be measured for. */
    async decideChoices(actor: Actor | undefined, decisionId: number) {
      const { decision, forum } = await conductingDecision(actor, decisionId);
      const ids = await landscape.organisationAndMembers(actor, forum.partnershipId);
      const organisations = (await repo.organisationsNamed(ids)).sort((a, b) => a.name.localeCompare(b.name));
      return {
        decision,
        organisations,
        forums: (await repo.organisationsNamed(await repo.forumIdsOf(forum.partnershipId))).sort((a, b) =>
          a.name.localeCompare(b.name),
        ),
        indicators: (await indicators.listIndicators(actor)).map((i) => ({ code: i.code, name: i.name, unit: i.unit })),
        adviceCount: (await repo.advice([decisionId])).length,
        defaultReviewOn: reviewDateFor(todayIso(), REVIEW_MONTHS),
      };
    },

    /**
     * A forum lead records the decision on a proposal that has had advice, the effect it expects
     * on indicators (each baseline is the latest value the lead may see now) and its review date.
     */
    async decide(actor: Actor | undefined, decisionId: number, input: DecideInput): Promise<void> {
      const viewer = requireSignedIn(actor);
      const { decision, forum } = await conductingDecision(viewer, decisionId);
      if (decision.status !== 'proposed') throw new AppError('conflict', 'This proposal has been decided already');
      if (!(await repo.advice([decisionId])).length)
        throw problem(
          'decision',
          'Record the advice sought before the decision: who was asked, where they stand and what they said.',
          'This proposal has no advice recorded yet. Advice is sought before a decision is taken: record it first.',
        );
      if (input.decidedOn > todayIso()) throw problem('decidedOn', 'The day it was decided must be today or earlier');
      const reviewOn = input.reviewOn ?? reviewDateFor(input.decidedOn, REVIEW_MONTHS);
      if (reviewOn <= input.decidedOn)
        throw problem('reviewOn', 'The review date must be after the day it was decided');
      const members = await landscape.organisationAndMembers(viewer, forum.partnershipId);
      const expectations = await Promise.all(
        (input.expectations ?? []).map(async (e, i) => {
          if (!(await indicators.findIndicator(e.indicatorCode)))
            throw problem(`expectations.${i}.indicatorCode`, 'Choose an indicator of the catalogue');
          if (!members.includes(e.organisationId))
            throw problem(
              `expectations.${i}.organisationId`,
              'Choose the partnership or one of its member organisations',
            );
          const baseline = e.baselinePeriod
            ? (
                await indicators.series(viewer, {
                  code: e.indicatorCode,
                  organisationId: e.organisationId,
                  fromPeriod: e.baselinePeriod,
                })
              ).find((v) => v.period === e.baselinePeriod)
            : (
                await indicators.latestValues(viewer, { code: e.indicatorCode, organisationIds: [e.organisationId] })
              ).get(e.organisationId);
          if (e.baselinePeriod && !baseline)
            throw problem(
              `expectations.${i}.baselinePeriod`,
              `There is no figure for ${e.baselinePeriod} that you may see: choose a period with a figure, or leave it empty for the latest`,
            );
          return {
            indicator_code: e.indicatorCode,
            organisation_id: e.organisationId,
            baseline: baseline?.value ?? null,
            baseline_period: baseline?.period ?? null,
            expected_change: e.expectedChange,
            note: e.note ?? '',
          };
        }),
      );
      await recorded(
        viewer,
        'decision',
        'decide',
        [forum.partnershipId, forum.id],
        (r) =>
          r.recordDecision(
            decisionId,
            { decision: input.decision, decided_by: input.decidedBy, decided_on: input.decidedOn, review_on: reviewOn },
            expectations,
          ),
        () => decisionId,
        { decidedOn: input.decidedOn, reviewOn, expectations: expectations.length },
      );
    },

    /** A decision with its advice, outcomes, expectations, reviews and escalations, and what the actor may do with it. */
    async decision(actor: Actor | undefined, id: number) {
      const { decision, forum, reader } = await decisionFor(actor, id);
      const [detail] = await withDetail([decision]);
      const opposing = [
        ...new Set(detail!.advice.filter((a) => a.position === 'oppose' && a.forumId).map((a) => a.forumId!)),
      ];
      const conducts = reader.leadsForum || reader.leadsPartnership;
      const escalateFrom = [
        ...(conducts && decision.status !== 'proposed'
          ? [{ id: forum.id, name: forum.name, reason: 'unsettled' as const }]
          : []),
        ...opposing
          .filter((f) => leadsOrganisation(actor, f))
          .map((f) => ({
            id: f,
            name: detail!.advice.find((a) => a.forumId === f)!.forumName ?? '',
            reason: 'against-advice' as const,
          })),
      ];
      return {
        ...detail!,
        forum,
        mayConduct: conducts,
        escalateFrom: decision.status === 'proposed' ? [] : escalateFrom,
      };
    },

    /** A decision's review: each expected effect beside what the figures did since the baseline. */
    async reviewPage(actor: Actor | undefined, id: number) {
      const viewer = requireSignedIn(actor);
      const found = await part.decision(viewer, id);
      return {
        decision: found,
        figures: await figuresNow(viewer, id),
        mayReview: found.mayConduct && (found.status === 'decided' || found.status === 'changed'),
        defaultNextReviewOn: reviewDateFor(todayIso(), REVIEW_MONTHS),
        against: AGAINST,
      };
    },

    /** A forum lead records the review's verdict, with the figures seen, so the record stays what was seen. */
    async reviewDecision(actor: Actor | undefined, id: number, input: ReviewInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { decision, forum } = await conductingDecision(viewer, id);
      if (decision.status !== 'decided' && decision.status !== 'changed')
        throw new AppError(
          'conflict',
          decision.status === 'proposed'
            ? 'This proposal has not been decided yet, so there is nothing to review'
            : 'This decision has been reviewed and closed',
        );
      const today = todayIso();
      if (input.verdict === 'change') {
        if (!input.decision) throw problem('decision', 'Say what is decided now');
        if (!input.nextReviewOn) throw problem('nextReviewOn', 'Give the day the changed decision is reviewed');
        if (input.nextReviewOn <= today) throw problem('nextReviewOn', 'The next review must be after today');
      }
      const measured = await figuresNow(viewer, id);
      return recorded(
        viewer,
        'decision',
        'review',
        [forum.partnershipId, forum.id],
        (r) =>
          r.insertReview({
            decision_id: id,
            reviewed_on: today,
            verdict: input.verdict,
            note: input.note,
            measured,
            next_review_on: input.verdict === 'change' ? input.nextReviewOn! : null,
            due_on: decision.reviewOn,
            reviewed_by: accountIdOf(viewer),
            decision: input.verdict === 'change' ? input.decision! : null,
          }),
        () => id,
        { verdict: input.verdict },
      );
    },

    /** Reviews of the forums the actor leads that fall on or before a day and are not yet held. */
    async reviewsDue(actor: Actor | undefined, until: string) {
      const viewer = requireSignedIn(actor);
      const led = viewer.memberships
        .filter((m) => leadsOrganisation(viewer, m.organisationId))
        .map((m) => m.organisationId);
      return repo.reviewsDue(led, until);
    },

    /** For the daily job: every decision whose review date has passed without a review. */
    async overdueReviews(actor: Actor | undefined, today: string) {
      requireAdmin(actor, 'list every overdue review');
      return (await repo.reviewsDue(null, today)).filter((d) => d.reviewOn < today);
    },

    /** A partnership's escalation ladder, lowest step first, and the organisations a lead may put on it. */
    async ladder(actor: Actor | undefined, partnershipId: number) {
      const { partnership, leads } = await access.partnership(actor, partnershipId);
      const steps = await repo.ladder(partnershipId);
      const ids = [
        ...(await repo.forumIdsOf(partnershipId)),
        ...(await landscape.organisationAndMembers(actor, partnershipId)),
        ...steps.map((s) => s.organisationId),
      ];
      const choices = (await repo.organisationsNamed([...new Set(ids)])).sort((a, b) => a.name.localeCompare(b.name));
      return { partnership, leads, steps, choices };
    },

    /** A partnership lead sets the ladder: organisations in order, lowest first, each once. */
    async setLadder(
      actor: Actor | undefined,
      partnershipId: number,
      steps: Array<{ organisationId: number; label: string }>,
    ): Promise<void> {
      const viewer = requireSignedIn(actor);
      const { leads } = await access.partnership(viewer, partnershipId);
      if (!leads) throw new AppError('forbidden', 'Only a leader of the partnership can set its escalation ladder');
      const ids = steps.map((s) => s.organisationId);
      if (new Set(ids).size !== ids.length) throw problem('steps', 'Put each organisation on the ladder once');
      if ((await repo.organisationsNamed(ids)).length !== ids.length)
        throw problem('steps', 'Choose organisations that exist in Syslead');
      await recorded(
        viewer,
        'escalation-ladder',
        'set',
        [partnershipId],
        (r) => r.replaceLadder(partnershipId, steps),
        () => partnershipId,
        { steps: ids },
      );
    },

    /**
     * Raises a matter of a decision to the next step of the ladder: the lead of a forum that advised
     * against it, or the lead of the forum that took it when it cannot settle the matter.
     */
    async escalate(actor: Actor | undefined, decisionId: number, input: EscalationInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { decision, forum } = await decisionFor(viewer, decisionId);
      if (decision.status === 'proposed')
        throw new AppError('conflict', 'This proposal has not been decided yet: there is nothing to escalate');
      if (input.reason === 'unsettled') {
        if (input.fromId !== forum.id) throw problem('fromId', `A matter it cannot settle is raised by ${forum.name}`);
        await access.conducting(viewer, forum.id);
      } else {
        const opposed = (await repo.advice([decisionId])).some(
          (a) => a.position === 'oppose' && a.forumId === input.fromId,
        );
        if (!opposed)
          throw problem(
            'fromId',
            'Only a forum whose advice opposed the decision can escalate it as against its advice',
          );
        if (!leadsOrganisation(viewer, input.fromId))
          throw new AppError(
            'forbidden',
            'Only the chair or clerk of the forum that advised against it can escalate it',
          );
      }
      // The matter goes above the forum that took the decision, whoever raises it.
      const next = await nextStep(forum.partnershipId, forum.id);
      return recorded(
        viewer,
        'escalation',
        'raise',
        [forum.partnershipId, input.fromId, next.organisationId],
        (r) =>
          r.insertEscalation({
            partnership_id: forum.partnershipId,
            decision_id: decisionId,
            parent_id: null,
            reason: input.reason,
            matter: input.matter,
            from_id: input.fromId,
            to_id: next.organisationId,
            raised_on: todayIso(),
            raised_by: accountIdOf(viewer),
          }),
        (id) => id,
        { decisionId, toId: next.organisationId },
      );
    },

    /** An escalation and its whole trail, with whether the actor may answer it. */
    async escalation(actor: Actor | undefined, id: number) {
      const { viewer, escalation, trail } = await escalationFor(actor, id);
      const decision =
        escalation.decisionId === null
          ? null
          : await decisionFor(viewer, escalation.decisionId).then(
              ({ decision }) => ({ id: decision.id, title: decision.title }),
              () => null,
            );
      return {
        ...escalation,
        decision,
        trail,
        mayAnswer: escalation.status === 'open' && leadsOrganisation(viewer, escalation.toId),
      };
    },

    /** The receiving organisation's leader answers the matter. */
    async answerEscalation(actor: Actor | undefined, id: number, input: { answer: string }): Promise<void> {
      const { escalation } = await escalationFor(actor, id);
      const viewer = answering(actor, escalation);
      await recorded(
        viewer,
        'escalation',
        'answer',
        [escalation.partnershipId, escalation.fromId, escalation.toId],
        (r) =>
          r.closeEscalation(id, {
            status: 'answered',
            answer: input.answer,
            answered_on: todayIso(),
            answered_by: accountIdOf(viewer),
          }),
        () => id,
      );
    },

    /** The receiving organisation's leader passes the matter to the next step; this one is marked escalated. */
    async escalateFurther(actor: Actor | undefined, id: number, input: { matter: string }): Promise<number> {
      const { escalation } = await escalationFor(actor, id);
      const viewer = answering(actor, escalation);
      const next = await nextStep(escalation.partnershipId, escalation.toId);
      const today = todayIso();
      return recorded(
        viewer,
        'escalation',
        'raise',
        [escalation.partnershipId, escalation.toId, next.organisationId],
        async (r) => {
          await r.closeEscalation(id, { status: 'escalated', answered_on: today, answered_by: accountIdOf(viewer) });
          return r.insertEscalation({
            partnership_id: escalation.partnershipId,
            decision_id: escalation.decisionId,
            parent_id: id,
            reason: escalation.reason,
            matter: input.matter,
            from_id: escalation.toId,
            to_id: next.organisationId,
            raised_on: today,
            raised_by: accountIdOf(viewer),
          });
        },
        (child) => child,
        { parentId: id, decisionId: escalation.decisionId, toId: next.organisationId },
      );
    },

    /**
     * For system health (the background job only): of the reviews of these partnerships' decisions
     * that fell due by a day, how many were held by their date; and the escalations open then.
     * Decisions of a forum whose business is its members' alone are left out.
     */
    async decisionsHealth(actor: Actor | undefined, partnershipIds: number[], day: string) {
      requireAdmin(actor, 'read the decisions of every partnership');
      const due = (await scopeDecisions(partnershipIds)).flatMap((d) => reviewsDueBy(d, d.reviews, day));
      const open = await repo.escalationsOpenOn(partnershipIds, day);
      return {
        reviewsDue: due.length,
        reviewedOnTime: due.filter((r) => r.onTime).length,
        escalationsOpen: open.length,
        escalatedTo: [...new Set(open.map((e) => e.toId))].map((id) => ({
          id,
          name: open.find((e) => e.toId === id)!.toName,
          open: open.filter((e) => e.toId === id).length,
        })),
      };
    },

    /** For system health: the decisions of these partnerships taken, and those reversed at review, from one day to another. */
    async decisionsBetween(actor: Actor | undefined, partnershipIds: number[], from: string, to: string) {
      const viewer = requireSignedIn(actor);
      const within = (day: string | null) => day !== null && day >= from && day <= to;
      // What the reader is to each forum, asked once a forum.
      const readers = new Map<number, Promise<ForumReader>>();
      const readerOf = (d: { forumId: number; partnershipId: number }) => {
        if (!readers.has(d.forumId))
          readers.set(d.forumId, access.readerOf(viewer, { id: d.forumId, partnershipId: d.partnershipId }));
        return readers.get(d.forumId)!;
      };
      const seen: Awaited<ReturnType<typeof scopeDecisions>> = [];
      for (const d of await scopeDecisions(partnershipIds)) if (maySee(d.visibility, await readerOf(d))) seen.push(d);
      return seen.flatMap((d) => [
        ...(within(d.decidedOn)
          ? [{ id: d.id, title: d.title, forumName: d.forumName, on: d.decidedOn!, change: 'taken' as const }]
          : []),
        ...d.reviews
          .filter((r) => r.verdict === 'reverse' && within(r.reviewedOn))
          .map((r) => ({
            id: d.id,
            title: d.title,
            forumName: d.forumName,
            on: r.reviewedOn,
            change: 'reversed' as const,
          })),
      ]);
    },

    /** Open escalations to the organisations the actor leads. */
    async escalationsWaiting(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      return repo.openEscalationsTo(
        viewer.memberships.filter((m) => leadsOrganisation(viewer, m.organisationId)).map((m) => m.organisationId),
      );
    },
  };
  return part;
}
