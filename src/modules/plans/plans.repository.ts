import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';

export type PlanStatus = 'draft' | 'active' | 'complete';
export type LinkKind = 'role-assignment' | 'engagement' | 'enquiry';

export interface Plan {
  id: number;
  ownerId: number;
  ownerName: string;
  title: string;
  status: PlanStatus;
  aimingAt: string;
  nextReviewOn: string | null;
}

export interface Goal {
  id: number;
  planId: number;
  text: string;
  componentIds: number[];
}

export interface Action {
  id: number;
  goalId: number;
  title: string;
  kind: string;
  dueOn: string | null;
  status: string;
  targetRoleCode: string | null;
  targetOrganisationId: number | null;
  targetRecordId: number | null;
  targetText: string;
  linkKind: LinkKind | null;
  linkId: number | null;
  refusal: string;
}

export interface Review {
  id: number;
  planId: number;
  heldOn: string;
  reviewerId: number | null;
  reviewerName: string | null;
  wentWell: string;
  nextSteps: string;
}

export interface ActionValues {
  title: string;
  kind: string;
  dueOn: string | null;
  targetRoleCode: string | null;
  targetOrganisationId: number | null;
  targetRecordId: number | null;
  targetText: string;
}

/** The SQL of development plans, and the read-only look-ups of accounts and landscape people they need. */
export function createPlansRepository(db: Db) {
  const plans = () =>
    db
      .selectFrom('plans as p')
      .innerJoin('users as u', 'u.id', 'p.owner_id')
      .select([
        'p.id',
        'p.owner_id as ownerId',
        'u.name as ownerName',
        'p.title',
        'p.status',
        'p.aiming_at as aimingAt',
        'p.next_review_on as nextReviewOn',
      ]);
  const actions = () =>
    db
      .selectFrom('plan_actions as a')
      .select([
        'a.id',
        'a.goal_id as goalId',
        'a.title',
        'a.kind',
        'a.due_on as dueOn',
        'a.status',
        'a.target_role_code as targetRoleCode',
        'a.target_organisation_id as targetOrganisationId',
        'a.target_record_id as targetRecordId',
        'a.target_text as targetText',
        'a.link_kind as linkKind',
        'a.link_id as linkId',
        'a.refusal',
      ]);
  return {
    /** Of these accounts, those with a plan in progress (active), begun by the end of a day. */
    async ownersWithActivePlan(ownerIds: number[], day: string): Promise<number[]> {
      if (!ownerIds.length) return [];
      const rows = await db
        .selectFrom('plans')
        .select('owner_id')
        .distinct()
        .where('owner_id', 'in', ownerIds)
        .where('status', '=', 'active')
        .where(sql<SqlBool>`created_at::date <= ${day}`)
        .execute();
      return rows.map((r) => r.owner_id);
    },

    async insertPlan(
      ownerId: number,
      v: { title: string; aimingAt: string; status: PlanStatus; nextReviewOn: string | null },
    ) {
      const row = await db
        .insertInto('plans')
        .values({
          owner_id: ownerId,
          title: v.title,
          aiming_at: v.aimingAt,
          status: v.status,
          next_review_on: v.nextReviewOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updatePlan(
      id: number,
      v: { title: string; aimingAt: string; status: PlanStatus; nextReviewOn: string | null },
    ) {
      await db
        .updateTable('plans')
        .set({
          title: v.title,
          aiming_at: v.aimingAt,
          status: v.status,
          next_review_on: v.nextReviewOn,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    findPlan: (id: number): Promise<Plan | undefined> =>
      plans().where('p.id', '=', id).executeTakeFirst() as Promise<Plan | undefined>,

    plansOf: (ownerId: number): Promise<Plan[]> =>
      plans().where('p.owner_id', '=', ownerId).orderBy('p.id', 'desc').execute() as Promise<Plan[]>,

    /** Plans whose next review date has passed, of plans still draft or active. */
    overdueOf: (ownerId: number, today: string): Promise<Plan[]> =>
      plans()
        .where('p.owner_id', '=', ownerId)
        .where('p.status', '<>', 'complete')
        .where('p.next_review_on', '<', today)
        .orderBy('p.next_review_on')
        .execute() as Promise<Plan[]>,

    async insertGoal(planId: number, text: string, componentIds: number[]) {
      const row = await db
        .insertInto('plan_goals')
        .values({ plan_id: planId, text })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (componentIds.length)
        await db
          .insertInto('plan_goal_components')
          .values(componentIds.map((c) => ({ goal_id: row.id, component_id: c })))
          .execute();
      return row.id;
    },

    async goalsOf(planId: number): Promise<Goal[]> {
      const goals = await db
        .selectFrom('plan_goals')
        .select(['id', 'plan_id as planId', 'text'])
        .where('plan_id', '=', planId)
        .orderBy('id')
        .execute();
      if (!goals.length) return [];
      const links = await db
        .selectFrom('plan_goal_components')
        .select(['goal_id as goalId', 'component_id as componentId'])
        .where(
          'goal_id',
          'in',
          goals.map((g) => g.id),
        )
        .orderBy('component_id')
        .execute();
      return goals.map((g) => ({
        ...g,
        componentIds: links.filter((l) => l.goalId === g.id).map((l) => l.componentId),
      }));
    },

    async insertAction(goalId: number, v: ActionValues) {
      const row = await db
        .insertInto('plan_actions')
        .values({
          goal_id: goalId,
          title: v.title,
          kind: v.kind,
          due_on: v.dueOn,
          target_role_code: v.targetRoleCode,
          target_organisation_id: v.targetOrganisationId,
          target_record_id: v.targetRecordId,
          target_text: v.targetText,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    actionsOfPlan: (planId: number): Promise<Action[]> =>
      actions()
        .innerJoin('plan_goals as g', 'g.id', 'a.goal_id')
        .where('g.plan_id', '=', planId)
        .orderBy('a.due_on', (ob) => ob.asc().nullsLast())
        .orderBy('a.id')
        .execute() as Promise<Action[]>,

    async setActionStatus(id: number, status: string) {
      await db
        .updateTable('plan_actions')
        .set({ status, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    async setLink(id: number, link: { kind: LinkKind; id: number } | null, refusal: string) {
      await db
        .updateTable('plan_actions')
        .set({ link_kind: link?.kind ?? null, link_id: link?.id ?? null, refusal, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    async insertReview(planId: number, v: { heldOn: string; reviewerId: number; wentWell: string; nextSteps: string }) {
      const row = await db
        .insertInto('plan_reviews')
        .values({
          plan_id: planId,
          held_on: v.heldOn,
          reviewer_id: v.reviewerId,
          went_well: v.wentWell,
          next_steps: v.nextSteps,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async setNextReview(planId: number, on: string | null) {
      await db.updateTable('plans').set({ next_review_on: on }).where('id', '=', planId).execute();
    },

    reviewsOf: (planId: number): Promise<Review[]> =>
      db
        .selectFrom('plan_reviews as r')
        .leftJoin('users as u', 'u.id', 'r.reviewer_id')
        .select([
          'r.id',
          'r.plan_id as planId',
          'r.held_on as heldOn',
          'r.reviewer_id as reviewerId',
          'u.name as reviewerName',
          'r.went_well as wentWell',
          'r.next_steps as nextSteps',
        ])
        .where('r.plan_id', '=', planId)
        .orderBy('r.held_on', 'desc')
        .orderBy('r.id', 'desc')
        .execute(),

    /** The account's name and email, and its landscape person if it names one. */
    account: (userId: number) =>
      db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'person_id as personId'])
        .where('id', '=', userId)
        .executeTakeFirst(),

    /** The landscape person of an account: the one it names, else the person with its email address. */
    async personOfAccount(userId: number): Promise<{ id: number; organisationId: number | null } | undefined> {
      const account = await db
        .selectFrom('users')
        .select(['email', 'person_id as personId'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!account) return undefined;
      const query = db.selectFrom('people').select(['id', 'organisation_id as organisationId']);
      if (account.personId !== null) {
        const named = await query.where('id', '=', account.personId).executeTakeFirst();
        if (named) return named;
      }
      return query
        .where(sql<string>`lower(email)`, '=', account.email.toLowerCase())
        .orderBy('id')
        .executeTakeFirst();
    },
  };
}

export type PlansRepository = ReturnType<typeof createPlansRepository>;
