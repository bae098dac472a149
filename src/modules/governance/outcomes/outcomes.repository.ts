import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../../db/database.js';

export type CommitmentStatus = 'red' | 'amber' | 'green';
export type WorkKind = 'engagement' | 'practice';

export interface Outcome {
  id: number;
  partnershipId: number;
  title: string;
  description: string;
  source: 'every-child-matters' | 'ambition';
  position: number;
}

export interface Measure {
  id: number;
  outcomeId: number;
  indicatorCode: string;
  /** Oldest year first; the last is the target. */
  milestones: Array<{ year: number; value: number }>;
}

export interface Commitment {
  id: number;
  outcomeId: number;
  outcomeTitle: string;
  partnershipId: number;
  organisationId: number;
  organisationName: string;
  what: string;
  dueOn: string | null;
  status: CommitmentStatus;
  evidence: string;
  doneOn: string | null;
}

const OUTCOME_COLUMNS = [
  'id',
  'partnership_id as partnershipId',
  'title',
  'description',
  'source',
  'position',
] as const;

/** The rows of shared outcomes, their measures and milestones, the work linked to them and the commitments made. */
export function createOutcomesRepository(db: Db) {
  const commitments = () =>
    db
      .selectFrom('commitments as c')
      .innerJoin('outcomes as o', 'o.id', 'c.outcome_id')
      .innerJoin('organisations as g', 'g.id', 'c.organisation_id')
      .select(['c.id', 'c.outcome_id as outcomeId', 'o.title as outcomeTitle', 'o.partnership_id as partnershipId'])
      .select(['c.organisation_id as organisationId', 'g.name as organisationName', 'c.what', 'c.due_on as dueOn'])
      .select(['c.status', 'c.evidence', 'c.done_on as doneOn'])
      .orderBy('o.position')
      .orderBy('c.due_on', (o) => o.asc().nullsLast())
      .orderBy('c.id');

  return {
    async outcomesOf(partnershipIds: number[]): Promise<Outcome[]> {
      if (!partnershipIds.length) return [];
      return db
        .selectFrom('outcomes')
        .select(OUTCOME_COLUMNS)
        .where('partnership_id', 'in', partnershipIds)
        .orderBy('position')
        .orderBy('id')
        .execute();
    },

    async findOutcome(id: number): Promise<Outcome | undefined> {
      return db.selectFrom('outcomes').select(OUTCOME_COLUMNS).where('id', '=', id).executeTakeFirst();
    },

    async outcomeTitles(ids: number[]) {
      if (!ids.length) return [];
      return db
        .selectFrom('outcomes')
        .select(['id', 'title', 'partnership_id as partnershipId'])
        .where('id', 'in', ids)
        .execute();
    },

    async insertOutcome(input: Omit<Outcome, 'id' | 'position'>): Promise<number> {
      const last = await db
        .selectFrom('outcomes')
        .select((e) => e.fn.max('position').as('position'))
        .where('partnership_id', '=', input.partnershipId)
        .executeTakeFirst();
      const row = await db
        .insertInto('outcomes')
        .values({
          partnership_id: input.partnershipId,
          title: input.title,
          description: input.description,
          source: input.source,
          position: Number(last?.position ?? 0) + 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateOutcome(id: number, change: { title: string; description: string; position: number }) {
      await db.updateTable('outcomes').set(change).where('id', '=', id).execute();
    },

    async deleteOutcome(id: number) {
      await db.deleteFrom('outcomes').where('id', '=', id).execute();
    },

    /** What refers to an outcome and keeps it from being removed. */
    async referencesTo(id: number) {
      const [c, d] = await Promise.all([
        db
          .selectFrom('commitments')
          .select((e) => e.fn.countAll<string>().as('n'))
          .where('outcome_id', '=', id)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('decision_outcomes')
          .select((e) => e.fn.countAll<string>().as('n'))
          .where('outcome_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      return { commitments: Number(c.n), decisions: Number(d.n) };
    },

    async measuresOf(outcomeIds: number[]): Promise<Measure[]> {
      if (!outcomeIds.length) return [];
      const [measures, milestones] = await Promise.all([
        db
          .selectFrom('outcome_measures')
          .select(['id', 'outcome_id as outcomeId', 'indicator_code as indicatorCode'])
          .where('outcome_id', 'in', outcomeIds)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('outcome_milestones as s')
          .innerJoin('outcome_measures as m', 'm.id', 's.measure_id')
          .select(['s.measure_id as measureId', 's.year', 's.value'])
          .where('m.outcome_id', 'in', outcomeIds)
          .orderBy('s.year')
          .execute(),
      ]);
      return measures.map((m) => ({
        ...m,
        milestones: milestones
          .filter((s) => s.measureId === m.id)
          .map((s) => ({ year: s.year, value: Number(s.value) })),
      }));
    },

    async findMeasure(id: number) {
      return db
        .selectFrom('outcome_measures')
        .select(['id', 'outcome_id as outcomeId', 'indicator_code as indicatorCode'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertMeasure(outcomeId: number, indicatorCode: string): Promise<number> {
      const row = await db
        .insertInto('outcome_measures')
        .values({ outcome_id: outcomeId, indicator_code: indicatorCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async replaceMilestones(measureId: number, milestones: Array<{ year: number; value: number }>) {
      await db.deleteFrom('outcome_milestones').where('measure_id', '=', measureId).execute();
      if (milestones.length)
        await db
          .insertInto('outcome_milestones')
          .values(milestones.map((m) => ({ measure_id: measureId, year: m.year, value: m.value })))
          .execute();
    },

    async deleteMeasure(id: number) {
      await db.deleteFrom('outcome_measures').where('id', '=', id).execute();
    },

    async linksOf(outcomeId: number) {
      return db
        .selectFrom('outcome_links')
        .select(['kind', 'ref_id as refId'])
        .where('outcome_id', '=', outcomeId)
        .orderBy('linked_at')
        .execute();
    },

    async insertLink(outcomeId: number, kind: WorkKind, refId: number, linkedBy: number | null) {
      await db
        .insertInto('outcome_links')
        .values({ outcome_id: outcomeId, kind, ref_id: refId, linked_by: linkedBy })
        .onConflict((c) => c.columns(['outcome_id', 'kind', 'ref_id']).doNothing())
        .execute();
    },

    async deleteLink(outcomeId: number, kind: WorkKind, refId: number) {
      await db
        .deleteFrom('outcome_links')
        .where('outcome_id', '=', outcomeId)
        .where('kind', '=', kind)
        .where('ref_id', '=', refId)
        .execute();
    },

    /** The decisions that say they aim at an outcome, with the forum each belongs to. */
    async decisionsFor(outcomeId: number) {
      return db
        .selectFrom('decision_outcomes as x')
        .innerJoin('decisions as d', 'd.id', 'x.decision_id')
        .select(['d.id', 'd.forum_id as forumId', 'd.title', 'd.status', 'd.decided_on as decidedOn'])
        .where('x.outcome_id', '=', outcomeId)
        .orderBy('d.decided_on', (o) => o.desc().nullsFirst())
        .orderBy('d.id')
        .execute();
    },

    async commitmentsOf(outcomeIds: number[]): Promise<Commitment[]> {
      if (!outcomeIds.length) return [];
      return commitments().where('c.outcome_id', 'in', outcomeIds).execute();
    },

    /** Commitments not yet done of these partnerships' outcomes, or made by these organisations. */
    async openCommitments(by: { partnershipIds?: number[]; organisationIds?: number[] }): Promise<Commitment[]> {
      const partnerships = by.partnershipIds ?? [];
      const organisations = by.organisationIds ?? [];
      if (!partnerships.length && !organisations.length) return [];
      return commitments()
        .where('c.done_on', 'is', null)
        .where((e) =>
          e.or([
            ...(partnerships.length ? [e('o.partnership_id', 'in', partnerships)] : []),
            ...(organisations.length ? [e('c.organisation_id', 'in', organisations)] : []),
          ]),
        )
        .execute();
    },

    /** The commitments to these partnerships' outcomes made by a day and not done by it. */
    async commitmentsOpenOn(partnershipIds: number[], day: string): Promise<Commitment[]> {
      if (!partnershipIds.length) return [];
      return commitments()
        .where('o.partnership_id', 'in', partnershipIds)
        .where(sql<SqlBool>`c.created_at::date <= ${day}`)
        .where((e) => e.or([e('c.done_on', 'is', null), e('c.done_on', '>', day)]))
        .execute();
    },

    async findCommitment(id: number): Promise<Commitment | undefined> {
      return commitments().where('c.id', '=', id).executeTakeFirst();
    },

    async insertCommitment(input: {
      outcomeId: number;
      organisationId: number;
      what: string;
      dueOn: string | null;
      status: CommitmentStatus;
      evidence: string;
    }): Promise<number> {
      const row = await db
        .insertInto('commitments')
        .values({
          outcome_id: input.outcomeId,
          organisation_id: input.organisationId,
          what: input.what,
          due_on: input.dueOn,
          status: input.status,
          evidence: input.evidence,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateCommitment(id: number, change: { status: CommitmentStatus; evidence: string; doneOn: string | null }) {
      await db
        .updateTable('commitments')
        .set({ status: change.status, evidence: change.evidence, done_on: change.doneOn, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type OutcomesRepository = ReturnType<typeof createOutcomesRepository>;
