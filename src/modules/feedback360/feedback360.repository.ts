import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { isHeadTitle } from '../landscape/index.js';
import type { StoredResponse } from './feedback360.domain.js';
import type { RaterRelationship } from './feedback360.table.js';

export interface Round {
  id: number;
  ownerId: number;
  frameworkId: number;
  title: string;
  openedOn: string;
  closesOn: string;
  status: 'open' | 'closed';
  closedAt: Date | null;
}

export interface Rater {
  id: number;
  roundId: number;
  name: string;
  email: string;
  relationship: RaterRelationship;
  personId: number | null;
  invitedAt: Date;
  respondedAt: Date | null;
}

export interface NewRater {
  name: string;
  email: string;
  relationship: RaterRelationship;
  personId: number | null;
  tokenHash: string;
}

/** A person of the landscape the leader could ask, and why. */
export interface Suggestion {
  personId: number;
  name: string;
  email: string;
  jobTitle: string | null;
  organisation: string | null;
  relationship: RaterRelationship;
}

const ROUND = [
  'id',
  'owner_id as ownerId',
  'framework_id as frameworkId',
  'title',
  'opened_on as openedOn',
  'closes_on as closesOn',
  'status',
  'closed_at as closedAt',
] as const;

const RATER = [
  'id',
  'round_id as roundId',
  'name',
  'email',
  'relationship',
  'person_id as personId',
  'invited_at as invitedAt',
  'responded_at as respondedAt',
] as const;

/** The only SQL of 360 feedback; the landscape's tables are read, never written. */
export function createFeedback360Repository(db: Db) {
  return {
    async insertRound(values: {
      ownerId: number;
      frameworkId: number;
      title: string;
      openedOn: string;
      closesOn: string;
    }): Promise<number> {
      const { id } = await db
        .insertInto('feedback_rounds')
        .values({
          owner_id: values.ownerId,
          framework_id: values.frameworkId,
          title: values.title,
          opened_on: values.openedOn,
          closes_on: values.closesOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    findRound: (id: number): Promise<Round | undefined> =>
      db.selectFrom('feedback_rounds').select(ROUND).where('id', '=', id).executeTakeFirst(),

    roundsOf: (ownerId: number): Promise<Round[]> =>
      db
        .selectFrom('feedback_rounds')
        .select(ROUND)
        .where('owner_id', '=', ownerId)
        .orderBy('opened_on', 'desc')
        .orderBy('id', 'desc')
        .execute(),

    async closeRound(id: number): Promise<void> {
      await db
        .updateTable('feedback_rounds')
        .set({ status: 'closed', closed_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    ratersOf: (roundId: number): Promise<Rater[]> =>
      db.selectFrom('feedback_raters').select(RATER).where('round_id', '=', roundId).orderBy('name').execute(),

    /** How many were asked and how many answered, per round. */
    async countsOf(roundIds: number[]): Promise<Map<number, { invited: number; answered: number }>> {
      if (!roundIds.length) return new Map();
      const rows = await db
        .selectFrom('feedback_raters')
        .select((eb) => [
          'round_id as roundId',
          eb.fn.countAll<string>().as('invited'),
          eb.fn.count<string>('responded_at').as('answered'),
        ])
        .where('round_id', 'in', roundIds)
        .groupBy('round_id')
        .execute();
      return new Map(rows.map((r) => [r.roundId, { invited: Number(r.invited), answered: Number(r.answered) }]));
    },

    async insertRaters(roundId: number, raters: NewRater[]): Promise<Rater[]> {
      if (!raters.length) return [];
      return db
        .insertInto('feedback_raters')
        .values(
          raters.map((r) => ({
            round_id: roundId,
            name: r.name,
            email: r.email,
            relationship: r.relationship,
            person_id: r.personId,
            token_hash: r.tokenHash,
          })),
        )
        .returning(RATER)
        .execute();
    },

    raterByTokenHash: (hash: string): Promise<Rater | undefined> =>
      db.selectFrom('feedback_raters').select(RATER).where('token_hash', '=', hash).executeTakeFirst(),

    /**
     * Marks the rater answered, only if they had not: false when another request got there
     * first (the link answers once). Only the day is kept, as on the answer, so that the time of
     * an answer cannot be matched to the rater who gave it.
     */
    async markResponded(raterId: number): Promise<boolean> {
      const day = new Date();
      day.setUTCHours(0, 0, 0, 0);
      const result = await db
        .updateTable('feedback_raters')
        .set({ responded_at: day })
        .where('id', '=', raterId)
        .where('responded_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertResponse(roundId: number, submittedOn: string, response: StoredResponse): Promise<void> {
      await db
        .insertInto('feedback_responses')
        .values({
          round_id: roundId,
          relationship: response.relationship,
          submitted_on: submittedOn,
          ratings: JSON.stringify(response.ratings),
          comment: response.comment,
        })
        .execute();
    },

    /** A round's answers, in no order that says anything (sorted by relationship, then their content). */
    async responsesOf(roundId: number): Promise<StoredResponse[]> {
      const rows = await db
        .selectFrom('feedback_responses')
        .select(['relationship', 'ratings', 'comment'])
        .where('round_id', '=', roundId)
        .orderBy('relationship')
        .orderBy(sql`ratings::text`)
        .orderBy('comment')
        .execute();
      return rows.map((r) => ({
        relationship: r.relationship,
        ratings: typeof r.ratings === 'string' ? JSON.parse(r.ratings) : r.ratings,
        comment: r.comment,
      }));
    },

    async account(userId: number): Promise<{ name: string; email: string; personId: number | null } | undefined> {
      return db
        .selectFrom('users')
        .select(['name', 'email', 'person_id as personId'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },

    /**
     * The people of the landscape an account's leader could ask for feedback, from their real
     * ties: the head of their own school (manager) and its governors, people of schools their
     * school supports (supported school) or is otherwise tied to (partner school), and people
     * of schools in the same partnerships (peer). Only people with an email address.
     */
    async suggestionsFor(userId: number, today: string): Promise<Suggestion[]> {
      const account = await db
        .selectFrom('users')
        .select(['email', 'person_id as personId'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!account) return [];
      const selves = await db
        .selectFrom('people')
        .select(['id', 'organisation_id as organisationId'])
        .where((eb) =>
          eb.or([
            eb(sql`lower(email)`, '=', account.email),
            ...(account.personId !== null ? [eb('id', '=', account.personId)] : []),
          ]),
        )
        .execute();
      const selfIds = selves.map((s) => s.id);
      const own = [...new Set(selves.map((s) => s.organisationId).filter((o): o is number => o !== null))];
      if (!own.length) return [];

      const current = <T extends { end_date: string | null; start_date: string | null }>(r: T) =>
        (r.end_date === null || r.end_date >= today) && (r.start_date === null || r.start_date <= today);
      const ties = (
        await db
          .selectFrom('relationships')
          .select(['type', 'from_organisation_id as fromId', 'to_organisation_id as toId', 'start_date', 'end_date'])
          .where((eb) => eb.or([eb('from_organisation_id', 'in', own), eb('to_organisation_id', 'in', own)]))
          .execute()
      ).filter(current);

      const relationOf = new Map<number, RaterRelationship>();
      for (const tie of ties) {
        if (['membership', 'governance', 'lineage'].includes(tie.type)) continue;
        if (tie.type === 'support' && own.includes(tie.fromId) && !own.includes(tie.toId))
          relationOf.set(tie.toId, 'supported-school');
        else {
          const other = own.includes(tie.fromId) ? tie.toId : tie.fromId;
          if (!own.includes(other) && relationOf.get(other) !== 'supported-school')
            relationOf.set(other, 'partner-school');
        }
      }
      const partnerships = ties.filter((t) => t.type === 'membership' && own.includes(t.fromId)).map((t) => t.toId);
      if (partnerships.length) {
        const fellows = (
          await db
            .selectFrom('relationships')
            .select(['from_organisation_id as fromId', 'start_date', 'end_date'])
            .where('type', '=', 'membership')
            .where('to_organisation_id', 'in', partnerships)
            .execute()
        ).filter(current);
        for (const f of fellows)
          if (!own.includes(f.fromId) && !relationOf.has(f.fromId)) relationOf.set(f.fromId, 'peer');
      }

      const orgIds = [...own, ...relationOf.keys()];
      const people = await db
        .selectFrom('people as p')
        .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
        .select([
          'p.id as personId',
          'p.name',
          'p.email',
          'p.job_title as jobTitle',
          'p.organisation_id as organisationId',
          'o.name as organisation',
        ])
        .where('p.organisation_id', 'in', orgIds)
        .where('p.email', 'is not', null)
        .where('p.email', '!=', '')
        .orderBy('p.name')
        .execute();

      const isGovernor = (t: string) => /governor|trustee/.test(t);
      const suggestions: Suggestion[] = [];
      const seen = new Set<string>([account.email]);
      for (const p of people) {
        if (selfIds.includes(p.personId)) continue;
        const email = p.email!.trim().toLowerCase();
        if (seen.has(email)) continue;
        const title = (p.jobTitle ?? '').toLowerCase();
        let relationship: RaterRelationship | undefined;
        if (own.includes(p.organisationId!)) {
          if (isGovernor(title)) relationship = 'governor';
          else if (isHeadTitle(title)) relationship = 'manager';
        } else {
          relationship = isGovernor(title) ? undefined : relationOf.get(p.organisationId!);
        }
        if (!relationship) continue;
        seen.add(email);
        suggestions.push({
          personId: p.personId,
          name: p.name,
          email,
          jobTitle: p.jobTitle,
          organisation: p.organisation,
          relationship,
        });
      }
      return suggestions;
    },
  };
}

export type Feedback360Repository = ReturnType<typeof createFeedback360Repository>;
