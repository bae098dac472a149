import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

export interface PracticesTable {
  id: Generated<number>;
  title: string;
  problem: string;
  approach: string;
  organisation_id: number;
  contact_person_id: number | null;
  areas: ColumnType<string[], string[] | undefined, string[]>;
  eef_strand: Generated<string>;
  eef_impact_months: number | null;
  eef_cost: number | null;
  eef_evidence: number | null;
  evidence_note: Generated<string>;
  published: Generated<boolean>;
  source_enquiry_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Date | null;
}

export interface PracticePartnershipsTable {
  practice_id: number;
  partnership_id: number;
}

export interface PracticeResourcesTable {
  id: Generated<number>;
  practice_id: number;
  title: string;
  url: string;
}

export interface PracticeAdoptionsTable {
  id: Generated<number>;
  practice_id: number;
  organisation_id: number;
  from_organisation_id: number | null;
  adapted: ColumnType<string[], string[] | undefined, string[]>;
  adaptation: Generated<string>;
  lead_person_id: number | null;
  started_on: string;
  review_on: string;
  judgement: 'keep' | 'adapt' | 'stop' | null;
  judged_on: string | null;
  judgement_note: Generated<string>;
  judged_by: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface PracticeTrialMeasuresTable {
  adoption_id: number;
  indicator_id: number;
  baseline_period: string | null;
  baseline_value: number | null;
  review_period: string | null;
  review_value: number | null;
}

export interface PracticesTables {
  practices: PracticesTable;
  practice_partnerships: PracticePartnershipsTable;
  practice_resources: PracticeResourcesTable;
  practice_adoptions: PracticeAdoptionsTable;
  practice_trial_measures: PracticeTrialMeasuresTable;
}
