import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

/** A framework of capabilities: Syslead's own (built in) or one an administrator added. */
export interface FrameworksTable {
  id: Generated<number>;
  code: string;
  name: string;
  source: string;
  description: string;
  /** The rating scale, lowest first: `[{ value, label }]`. */
  scale: ColumnType<Array<{ value: number; label: string }>, string, string>;
  built_in: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface FrameworkDomainsTable {
  id: Generated<number>;
  framework_id: number;
  position: number;
  name: string;
  description: string;
}

export interface FrameworkComponentsTable {
  id: Generated<number>;
  framework_id: number;
  domain_id: number;
  code: string;
  position: number;
  name: string;
  description: string;
  /** The area of brokerage a strength in it can be offered under, if any. */
  area: string | null;
}

/** A leader's self-assessment against one framework on one day. */
export interface SelfAssessmentsTable {
  id: Generated<number>;
  owner_id: number;
  framework_id: number;
  assessed_on: string;
  created_at: CreatedAt;
}

export interface SelfAssessmentRatingsTable {
  assessment_id: number;
  component_id: number;
  rating: number;
  evidence: Generated<string>;
  /** The leader lets this strength appear as an offer in brokerage. */
  offered: Generated<boolean>;
}

/** An account a leader lets read their development data (assessments, feedback results, plans). */
export interface DevelopmentSharesTable {
  owner_id: number;
  reader_id: number;
  relation: 'mentor' | 'line-manager' | 'colleague';
  shared_at: CreatedAt;
}

export interface DevelopmentTables {
  frameworks: FrameworksTable;
  framework_domains: FrameworkDomainsTable;
  framework_components: FrameworkComponentsTable;
  self_assessments: SelfAssessmentsTable;
  self_assessment_ratings: SelfAssessmentRatingsTable;
  development_shares: DevelopmentSharesTable;
}
