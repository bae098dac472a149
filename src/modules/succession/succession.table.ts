import type { ColumnType, Generated } from 'kysely';

/** A post, stretch role, secondment or project a partnership's leaders offer. */
export interface OpportunitiesTable {
  id: Generated<number>;
  partnership_id: number;
  title: string;
  kind: string;
  /** The member schools it is at; none means across the partnership. */
  school_ids: ColumnType<number[], number[] | undefined, number[]>;
  asks: string;
  suits: string | null;
  closes_on: string;
  status: ColumnType<string, string | undefined, string>;
  filled_by_user_id: number | null;
  filled_by_name: string | null;
  posted_by: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: Date | null;
}

/** An account's interest in an opportunity, with a short note. */
export interface OpportunityInterestsTable {
  opportunity_id: number;
  user_id: number;
  note: string;
  created_at: ColumnType<Date, never, never>;
}

/** A leader's own succession intention: a role they are developing towards, or when they plan to leave a post. */
export interface SuccessionIntentionsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  /** `headship`, a code of `roles`, or (for a post left) `other`. */
  role: string;
  organisation_id: number | null;
  /** YYYY-MM, for leaving only. */
  leaving_month: string | null;
  note: string | null;
  created_at: ColumnType<Date, never, never>;
}

/** A partnership an intention is shared with, whose leaders may then read it. */
export interface SuccessionSharesTable {
  intention_id: number;
  partnership_id: number;
  shared_at: ColumnType<Date, never, never>;
}

export interface SuccessionTables {
  opportunities: OpportunitiesTable;
  opportunity_interests: OpportunityInterestsTable;
  succession_intentions: SuccessionIntentionsTable;
  succession_shares: SuccessionSharesTable;
}
