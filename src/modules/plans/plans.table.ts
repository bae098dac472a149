import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

/** A leader's development plan: theirs to write, read by whom they share their record with. */
export interface PlansTable {
  id: Generated<number>;
  owner_id: number;
  title: string;
  status: Generated<'draft' | 'active' | 'complete'>;
  aiming_at: Generated<string>;
  next_review_on: string | null;
  created_at: CreatedAt;
  updated_at: Date | null;
}

export interface PlanGoalsTable {
  id: Generated<number>;
  plan_id: number;
  text: string;
  created_at: CreatedAt;
}

/** A component of a framework a goal is about. */
export interface PlanGoalComponentsTable {
  goal_id: number;
  component_id: number;
}

/** An action towards a goal; a system-work action is linked to the record made for it. */
export interface PlanActionsTable {
  id: Generated<number>;
  goal_id: number;
  title: string;
  kind: string;
  due_on: string | null;
  status: Generated<string>;
  /** What the system-work action asks for: a role code, an organisation, an engagement or enquiry. */
  target_role_code: string | null;
  target_organisation_id: number | null;
  target_record_id: number | null;
  /** The question of an enquiry to start. */
  target_text: Generated<string>;
  /** The record made for it, once made. */
  link_kind: 'role-assignment' | 'engagement' | 'enquiry' | null;
  link_id: number | null;
  /** Why the record could not be made, in a person's words ('' when it was, or not tried). */
  refusal: Generated<string>;
  created_at: CreatedAt;
  updated_at: Date | null;
}

export interface PlanReviewsTable {
  id: Generated<number>;
  plan_id: number;
  held_on: string;
  reviewer_id: number | null;
  went_well: Generated<string>;
  next_steps: Generated<string>;
  created_at: CreatedAt;
}

export interface PlansTables {
  plans: PlansTable;
  plan_goals: PlanGoalsTable;
  plan_goal_components: PlanGoalComponentsTable;
  plan_actions: PlanActionsTable;
  plan_reviews: PlanReviewsTable;
}
