import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

export interface EngagementsTable {
  id: Generated<number>;
  type: string;
  title: string;
  supported_id: number;
  supporting_id: number;
  request_id: number | null;
  area: string;
  aims: string;
  freedoms: string;
  accountable_to: string;
  phase: string;
  days: number;
  charge_out: number | null;
  start_date: string;
  end_date: string | null;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface EngagementPeopleTable {
  engagement_id: number;
  person_id: number;
  role: string;
}

export interface EngagementActionsTable {
  id: Generated<number>;
  engagement_id: number;
  description: string;
  owner: string;
  due_on: string | null;
  done_on: string | null;
}

export interface EngagementCheckInsTable {
  id: Generated<number>;
  engagement_id: number;
  held_on: string;
  notes: string;
  next_steps: string;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Date | null;
}

export interface EngagementMeasuresTable {
  engagement_id: number;
  indicator_id: number;
  baseline_period: string | null;
  baseline_value: number | null;
  target_value: number | null;
  /** When the target is to be reviewed against the results (none: at the engagement's exit). */
  review_on: string | null;
}

export interface EngagementsTables {
  engagements: EngagementsTable;
  engagement_people: EngagementPeopleTable;
  engagement_actions: EngagementActionsTable;
  engagement_check_ins: EngagementCheckInsTable;
  engagement_measures: EngagementMeasuresTable;
}
