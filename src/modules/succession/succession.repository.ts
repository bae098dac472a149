import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';

/** An opportunity as stored. */
export interface Opportunity {
  id: number;
  partnershipId: number;
  title: string;
  kind: string;
  schoolIds: number[];
  asks: string;
  suits: string | null;
  closesOn: string;
  status: string;
  filledByUserId: number | null;
  filledByName: string | null;
  postedBy: number | null;
  createdAt: Date;
}

export interface OpportunityInput {
  title: string;
  kind: string;
  schoolIds: number[];
  asks: string;
  suits: string | null;
  closesOn: string;
}

/** Who expressed interest, as the partnership's leaders see them. */
export interface Interest {
  opportunityId: number;
  userId: number;
  name: string;
  email: string;
  note: string;
  createdAt: Date;
}

/** A succession intention as stored, with the partnerships it is shared with. */
export interface Intention {
  id: number;
  userId: number;
  kind: 'towards' | 'leaving';
  role: string;
  organisationId: number | null;
  leavingMonth: string | null;
  note: string | null;
  createdAt: Date;
}

export interface IntentionInput {
  kind: 'towards' | 'leaving';
  role: string;
  organisationId: number | null;
  leavingMonth: string | null;
  note: string | null;
}

/** The SQL of opportunities and succession: this module's tables, and read-only looks at the landscape's. */
export function createSuccessionRepository(db: Db) {
  const opportunities = () =>
    db
      .selectFrom('opportunities as o')
      .select([
        'o.id',
        'o.partnership_id as partnershipId',
        'o.title',
        'o.kind',
        'o.school_ids as schoolIds',
        'o.asks',
        'o.suits',
        'o.closes_on as closesOn',
        'o.status',
        'o.filled_by_user_id as filledByUserId',
        'o.filled_by_name as filledByName',
        'o.posted_by as postedBy',
        'o.created_at as createdAt',
      ]);
  const intentions = () =>
    db
      .selectFrom('succession_intentions as i')
      .select([
        'i.id',
        'i.user_id as userId',
        sql<'towards' | 'leaving'>`i.kind`.as('kind'),
        'i.role',
        'i.organisation_id as organisationId',
        'i.leaving_month as leavingMonth',
        'i.note',
        'i.created_at as createdAt',
      ]);
  return {
    async insertOpportunity(partnershipId: number, postedBy: number, input: OpportunityInput): Promise<number> {
      const row = await db
        .insertInto('opportunities')
        .values({
          partnership_id: partnershipId,
          posted_by: postedBy,
          title: input.title,
          kind: input.kind,
          school_ids: input.schoolIds,
          asks: input.asks,
          suits: input.suits,
          closes_on: input.closesOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findOpportunity(id: number): Promise<Opportunity | undefined> {
      return opportunities().where('o.id', '=', id).executeTakeFirst();
    },

    /** The opportunities of these partnerships, soonest closing first (open ones only when asked). */
    listOpportunities(partnershipIds: number[], { openOnly = false } = {}): Promise<Opportunity[]> {
      if (!partnershipIds.length) return Promise.resolve([]);
      let query = opportunities().where('o.partnership_id', 'in', partnershipIds);
      if (openOnly) query = query.where('o.status', '=', 'open');
      return query.orderBy('o.closes_on').orderBy('o.id').execute();
    },

    async setStatus(
      id: number,
      status: string,
      filled: { userId: number | null; name: string | null } = { userId: null, name: null },
    ): Promise<void> {
      await db
        .updateTable('opportunities')
        .set({ status, filled_by_user_id: filled.userId, filled_by_name: filled.name, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    interestsIn(opportunityId: number): Promise<Interest[]> {
      return db
        .selectFrom('opportunity_interests as x')
        .innerJoin('users as u', 'u.id', 'x.user_id')
        .select([
          'x.opportunity_id as opportunityId',
          'x.user_id as userId',
          'u.name',
          'u.email',
          'x.note',
          'x.created_at as createdAt',
        ])
        .where('x.opportunity_id', '=', opportunityId)
        .orderBy('x.created_at')
        .execute();
    },

    /** An account's interests, each with its opportunity's title. */
    interestsOf(userId: number) {
      return db
        .selectFrom('opportunity_interests as x')
        .innerJoin('opportunities as o', 'o.id', 'x.opportunity_id')
        .select([
          'x.opportunity_id as opportunityId',
          'o.title',
          'o.status',
          'o.partnership_id as partnershipId',
          'x.note',
          'x.created_at as createdAt',
        ])
        .where('x.user_id', '=', userId)
        .orderBy('x.created_at', 'desc')
        .execute();
    },

    /** Records interest; false when the account had expressed it already. */
    async express(opportunityId: number, userId: number, note: string): Promise<boolean> {
      const rows = await db
        .insertInto('opportunity_interests')
        .values({ opportunity_id: opportunityId, user_id: userId, note })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .execute();
      return rows.length > 0;
    },

    async withdraw(opportunityId: number, userId: number): Promise<boolean> {
      const rows = await db
        .deleteFrom('opportunity_interests')
        .where('opportunity_id', '=', opportunityId)
        .where('user_id', '=', userId)
        .returning('user_id')
        .execute();
      return rows.length > 0;
    },

    async insertIntention(userId: number, input: IntentionInput): Promise<number> {
      const row = await db
        .insertInto('succession_intentions')
        .values({
          user_id: userId,
          kind: input.kind,
          role: input.role,
          organisation_id: input.organisationId,
          leaving_month: input.leavingMonth,
          note: input.note,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findIntention(id: number): Promise<Intention | undefined> {
      return intentions().where('i.id', '=', id).executeTakeFirst();
    },

    intentionsOf(userId: number): Promise<Intention[]> {
      return intentions().where('i.user_id', '=', userId).orderBy('i.kind', 'desc').orderBy('i.id').execute();
    },

    async deleteIntention(id: number): Promise<void> {
      await db.deleteFrom('succession_intentions').where('id', '=', id).execute();
    },

    /** The partnerships each of these intentions is shared with. */
    async sharesOf(intentionIds: number[]): Promise<Array<{ intentionId: number; partnershipId: number }>> {
      if (!intentionIds.length) return [];
      return db
        .selectFrom('succession_shares')
        .select(['intention_id as intentionId', 'partnership_id as partnershipId'])
        .where('intention_id', 'in', intentionIds)
        .execute();
    },

    async share(intentionId: number, partnershipId: number): Promise<boolean> {
      const rows = await db
        .insertInto('succession_shares')
        .values({ intention_id: intentionId, partnership_id: partnershipId })
        .onConflict((oc) => oc.doNothing())
        .returning('intention_id')
        .execute();
      return rows.length > 0;
    },

    async unshare(intentionId: number, partnershipId: number): Promise<boolean> {
      const rows = await db
        .deleteFrom('succession_shares')
        .where('intention_id', '=', intentionId)
        .where('partnership_id', '=', partnershipId)
        .returning('intention_id')
        .execute();
      return rows.length > 0;
    },

    /** The intentions shared with a partnership, with the names of the accounts that shared them. */
    sharedWith(partnershipId: number): Promise<Array<Intention & { name: string }>> {
      return intentions()
        .innerJoin('succession_shares as s', 's.intention_id', 'i.id')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .select('u.name')
        .where('s.partnership_id', '=', partnershipId)
        .where('u.disabled_at', 'is', null)
        .orderBy(sql`lower(u.name)`)
        .orderBy('i.id')
        .execute();
    },

    /** How many intentions of each kind are shared with each of these partnerships (no one named). */
    async sharedCounts(partnershipIds?: number[]) {
      let query = db
        .selectFrom('succession_shares as s')
        .innerJoin('succession_intentions as i', 'i.id', 's.intention_id')
        .select(['s.partnership_id as partnershipId', 'i.kind', sql<number>`count(*)::int`.as('count')])
        .groupBy(['s.partnership_id', 'i.kind']);
      if (partnershipIds) {
        if (!partnershipIds.length) return [];
        query = query.where('s.partnership_id', 'in', partnershipIds);
      }
      return query.execute();
    },

    /** The accounts that lead or coordinate an organisation (by their membership). */
    async leadersOf(organisationId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('organisation_members')
        .select('user_id')
        .where('organisation_id', '=', organisationId)
        .where('role', 'in', ['leader', 'coordinator'])
        .execute();
      return rows.map((r) => r.user_id);
    },

    /** The names and kinds of organisations. */
    organisations(ids: number[]): Promise<Array<{ id: number; name: string; kind: string }>> {
      if (!ids.length) return Promise.resolve([]);
      return db
        .selectFrom('organisations')
        .select(['id', 'name', 'kind'])
        .where('id', 'in', ids)
        .orderBy('name')
        .execute();
    },

    /** The roles of the landscape, by name. */
    roles(): Promise<Array<{ code: string; name: string }>> {
      return db.selectFrom('roles').select(['code', 'name']).orderBy('name').execute();
    },

    /** The people whose job title at these organisations says they are its head (not a deputy or assistant). */
    heads(organisationIds: number[]): Promise<Array<{ organisationId: number; name: string; jobTitle: string }>> {
      if (!organisationIds.length) return Promise.resolve([]);
      return db
        .selectFrom('people')
        .select(['organisation_id as organisationId', 'name', 'job_title as jobTitle'])
        .where('organisation_id', 'in', organisationIds)
        .where(
          sql<SqlBool>`(job_title ~* '\\m(head|headteacher|head teacher|principal|executive head)\\M'
            and job_title !~* '(deputy|assistant|head of|vice)')`,
        )
        .$narrowType<{ organisationId: number; jobTitle: string }>()
        .orderBy('name')
        .execute();
    },

    /** The roles held today at these organisations, with who holds each. */
    rolesHeld(organisationIds: number[], onDate: string) {
      if (!organisationIds.length) return Promise.resolve([]);
      return db
        .selectFrom('role_assignments as a')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .innerJoin('roles as r', 'r.code', 'a.role_code')
        .select(['a.role_code as code', 'r.name as roleName', 'a.organisation_id as organisationId', 'p.name'])
        .where('a.organisation_id', 'in', organisationIds)
        .where((eb) => eb.or([eb('a.start_date', 'is', null), eb('a.start_date', '<=', onDate)]))
        .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>=', onDate)]))
        .orderBy('r.name')
        .orderBy('p.name')
        .execute();
    },
  };
}

export type SuccessionRepository = ReturnType<typeof createSuccessionRepository>;
