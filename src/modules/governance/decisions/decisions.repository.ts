import type { Db } from '../../../db/database.js';
import type { Against, Verdict } from './decisions.domain.js';

/** A decision as its log and page show it, with its forum's name and partnership. */
export interface DecisionRow {
  id: number;
  forumId: number;
  forumName: string;
  partnershipId: number;
  title: string;
  proposal: string;
  status: 'proposed' | 'decided' | 'confirmed' | 'changed' | 'reversed';
  decision: string | null;
  decidedOn: string | null;
  decidedBy: string | null;
  reviewOn: string | null;
}

/** One figure as it was seen at a review, so the record stays what was seen. */
export interface MeasuredFigure {
  indicatorCode: string;
  indicatorName: string;
  organisationId: number;
  organisationName: string;
  baseline: number | null;
  baselinePeriod: string | null;
  latest: number | null;
  latestPeriod: string | null;
  expectedChange: number;
  actualChange: number | null;
  /** Whether it moved as expected: as far or further, partly (the right way, not as far), or not. */
  against: Against | null;
  words: string;
}

/** The decisions log's tables: decisions with their advice, outcomes, expectations and reviews, and escalations up the ladder. */
export function createDecisionsRepository(db: Db) {
  const decisions = () =>
    db
      .selectFrom('decisions as d')
      .innerJoin('forums as f', 'f.organisation_id', 'd.forum_id')
      .innerJoin('organisations as o', 'o.id', 'd.forum_id')
      .select(['d.id', 'd.forum_id as forumId', 'o.name as forumName', 'f.partnership_id as partnershipId'])
      .select(['d.title', 'd.proposal', 'd.status', 'd.decision', 'd.decided_on as decidedOn'])
      .select(['d.decided_by as decidedBy', 'd.review_on as reviewOn']);

  const escalations = () =>
    db
      .selectFrom('escalations as e')
      .innerJoin('organisations as fo', 'fo.id', 'e.from_id')
      .innerJoin('organisations as t', 't.id', 'e.to_id')
      .select(['e.id', 'e.partnership_id as partnershipId', 'e.decision_id as decisionId', 'e.parent_id as parentId'])
      .select(['e.reason', 'e.matter', 'e.from_id as fromId', 'fo.name as fromName', 'e.to_id as toId'])
      .select(['t.name as toName', 'e.raised_on as raisedOn', 'e.status', 'e.answer', 'e.answered_on as answeredOn'])
      .orderBy('e.id');

  return {
    findDecision: (id: number): Promise<DecisionRow | undefined> =>
      decisions().where('d.id', '=', id).executeTakeFirst(),

    /** The decisions of these forums, the latest decided first and proposals at the top. */
    decisionsOfForums(forumIds: number[]): Promise<DecisionRow[]> {
      if (!forumIds.length) return Promise.resolve([]);
      return decisions()
        .where('d.forum_id', 'in', forumIds)
        .orderBy('d.decided_on', (o) => o.desc().nullsFirst())
        .orderBy('d.id', 'desc')
        .execute();
    },

    /** The forums of a partnership, for the log to ask which the reader may see. */
    forumIdsOf: async (partnershipId: number): Promise<number[]> =>
      (
        await db.selectFrom('forums').select('organisation_id').where('partnership_id', '=', partnershipId).execute()
      ).map((r) => r.organisation_id),

    /** Of these outcomes, those of the partnership. */
    outcomesOf: (partnershipId: number, ids: number[]) =>
      ids.length
        ? db
            .selectFrom('outcomes')
            .select(['id', 'title'])
            .where('partnership_id', '=', partnershipId)
            .where('id', 'in', ids)
            .execute()
        : Promise.resolve([]),

    partnershipOutcomes: (partnershipId: number) =>
      db
        .selectFrom('outcomes')
        .select(['id', 'title'])
        .where('partnership_id', '=', partnershipId)
        .orderBy('position')
        .orderBy('id')
        .execute(),

    advice: (decisionIds: number[]) =>
      decisionIds.length
        ? db
            .selectFrom('decision_advice as a')
            .leftJoin('organisations as o', 'o.id', 'a.forum_id')
            .select([
              'a.id',
              'a.decision_id as decisionId',
              'a.adviser',
              'a.forum_id as forumId',
              'o.name as forumName',
            ])
            .select(['a.position', 'a.advice', 'a.given_on as givenOn'])
            .where('a.decision_id', 'in', decisionIds)
            .orderBy('a.given_on')
            .orderBy('a.id')
            .execute()
        : Promise.resolve([]),

    outcomes: (decisionIds: number[]) =>
      decisionIds.length
        ? db
            .selectFrom('decision_outcomes as d')
            .innerJoin('outcomes as o', 'o.id', 'd.outcome_id')
            .select(['d.decision_id as decisionId', 'o.id', 'o.title'])
            .where('d.decision_id', 'in', decisionIds)
            .orderBy('o.position')
            .orderBy('o.id')
            .execute()
        : Promise.resolve([]),

    expectations: (decisionIds: number[]) =>
      decisionIds.length
        ? db
            .selectFrom('decision_expectations as e')
            .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
            .select(['e.id', 'e.decision_id as decisionId', 'e.indicator_code as indicatorCode'])
            .select(['e.organisation_id as organisationId', 'o.name as organisationName', 'e.baseline'])
            .select(['e.baseline_period as baselinePeriod', 'e.expected_change as expectedChange', 'e.note'])
            .where('e.decision_id', 'in', decisionIds)
            .orderBy('e.id')
            .execute()
        : Promise.resolve([]),

    reviews: async (decisionIds: number[]) =>
      decisionIds.length
        ? (
            await db
              .selectFrom('decision_reviews as r')
              .leftJoin('users as u', 'u.id', 'r.reviewed_by')
              .select(['r.id', 'r.decision_id as decisionId', 'r.reviewed_on as reviewedOn', 'r.verdict', 'r.note'])
              .select(['r.measured', 'r.next_review_on as nextReviewOn', 'u.name as reviewedBy'])
              .where('r.decision_id', 'in', decisionIds)
              .orderBy('r.id')
              .execute()
          ).map((r) => ({ ...r, measured: r.measured as MeasuredFigure[] }))
        : [],

    insertDecision: async (row: {
      forum_id: number;
      title: string;
      proposal: string;
      recorded_by: number | null;
      outcomeIds: number[];
    }) => {
      const { outcomeIds, ...values } = row;
      const { id } = await db.insertInto('decisions').values(values).returning('id').executeTakeFirstOrThrow();
      if (outcomeIds.length)
        await db
          .insertInto('decision_outcomes')
          .values(outcomeIds.map((outcome_id) => ({ decision_id: id, outcome_id })))
          .execute();
      return id;
    },

    insertAdvice: async (row: {
      decision_id: number;
      adviser: string;
      forum_id: number | null;
      position: 'support' | 'concerns' | 'oppose';
      advice: string;
      given_on: string;
    }) => (await db.insertInto('decision_advice').values(row).returning('id').executeTakeFirstOrThrow()).id,

    async recordDecision(
      id: number,
      values: { decision: string; decided_by: string; decided_on: string; review_on: string },
      expectations: Array<{
        indicator_code: string;
        organisation_id: number;
        baseline: number | null;
        baseline_period: string | null;
        expected_change: number;
        note: string;
      }>,
    ) {
      await db
        .updateTable('decisions')
        .set({ ...values, status: 'decided' })
        .where('id', '=', id)
        .execute();
      if (expectations.length)
        await db
          .insertInto('decision_expectations')
          .values(expectations.map((e) => ({ ...e, decision_id: id })))
          .execute();
    },

    async insertReview(review: {
      decision_id: number;
      reviewed_on: string;
      verdict: Verdict;
      note: string;
      measured: MeasuredFigure[];
      next_review_on: string | null;
      due_on: string | null;
      reviewed_by: number | null;
      decision: string | null;
    }) {
      const { decision, measured, ...values } = review;
      const { id } = await db
        .insertInto('decision_reviews')
        .values({ ...values, measured: JSON.stringify(measured) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const status = ({ confirm: 'confirmed', change: 'changed', reverse: 'reversed' } as const)[review.verdict];
      await db
        .updateTable('decisions')
        .set({ status, review_on: review.next_review_on, ...(decision ? { decision } : {}) })
        .where('id', '=', review.decision_id)
        .execute();
      return id;
    },

    /** Decided (or changed) decisions of these forums, or of all forums, whose review is on or before a day and not yet held. */
    reviewsDue: (forumIds: number[] | null, until: string) => {
      if (forumIds && !forumIds.length) return Promise.resolve([]);
      let query = decisions()
        .where('d.status', 'in', ['decided', 'changed'])
        .where('d.review_on', '<=', until)
        .orderBy('d.review_on')
        .orderBy('d.id');
      if (forumIds) query = query.where('d.forum_id', 'in', forumIds);
      return query.execute() as Promise<Array<DecisionRow & { reviewOn: string }>>;
    },

    /** The decisions of the forums of these partnerships, with each forum's visibility, for system health. */
    decisionsOfPartnerships: (partnershipIds: number[]) =>
      partnershipIds.length
        ? decisions().select('f.visibility').where('f.partnership_id', 'in', partnershipIds).orderBy('d.id').execute()
        : Promise.resolve([]),

    /** When each of these decisions was reviewed, the date each review answered and its verdict. */
    reviewDates: (decisionIds: number[]) =>
      decisionIds.length
        ? db
            .selectFrom('decision_reviews')
            .select(['decision_id as decisionId', 'reviewed_on as reviewedOn', 'due_on as dueOn', 'verdict'])
            .where('decision_id', 'in', decisionIds)
            .orderBy('id')
            .execute()
        : Promise.resolve([]),

    /** The escalations of these partnerships still open at the end of a day. */
    escalationsOpenOn: (partnershipIds: number[], day: string) =>
      partnershipIds.length
        ? escalations()
            .where('e.partnership_id', 'in', partnershipIds)
            .where('e.raised_on', '<=', day)
            .where((eb) => eb.or([eb('e.answered_on', 'is', null), eb('e.answered_on', '>', day)]))
            .execute()
        : Promise.resolve([]),

    ladder: (partnershipId: number) =>
      db
        .selectFrom('escalation_steps as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(['s.position', 's.organisation_id as organisationId', 'o.name as organisationName', 's.label'])
        .where('s.partnership_id', '=', partnershipId)
        .orderBy('s.position')
        .execute(),

    async replaceLadder(partnershipId: number, steps: Array<{ organisationId: number; label: string }>) {
      await db.deleteFrom('escalation_steps').where('partnership_id', '=', partnershipId).execute();
      if (steps.length)
        await db
          .insertInto('escalation_steps')
          .values(
            steps.map((s, i) => ({
              partnership_id: partnershipId,
              position: i + 1,
              organisation_id: s.organisationId,
              label: s.label,
            })),
          )
          .execute();
    },

    organisationsNamed: (ids: number[]) =>
      ids.length
        ? db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute()
        : Promise.resolve([]),

    findEscalation: (id: number) => escalations().where('e.id', '=', id).executeTakeFirst(),
    escalationsOfDecisions: (decisionIds: number[]) =>
      decisionIds.length ? escalations().where('e.decision_id', 'in', decisionIds).execute() : Promise.resolve([]),
    openEscalationsTo: (organisationIds: number[]) =>
      organisationIds.length
        ? escalations().where('e.to_id', 'in', organisationIds).where('e.status', '=', 'open').execute()
        : Promise.resolve([]),

    insertEscalation: async (row: {
      partnership_id: number;
      decision_id: number | null;
      parent_id: number | null;
      reason: 'against-advice' | 'unsettled';
      matter: string;
      from_id: number;
      to_id: number;
      raised_on: string;
      raised_by: number | null;
    }) => (await db.insertInto('escalations').values(row).returning('id').executeTakeFirstOrThrow()).id,

    async closeEscalation(
      id: number,
      values: { status: 'answered' | 'escalated'; answer?: string; answered_on: string; answered_by: number | null },
    ) {
      await db.updateTable('escalations').set(values).where('id', '=', id).where('status', '=', 'open').execute();
    },
  };
}

export type DecisionsRepository = ReturnType<typeof createDecisionsRepository>;
