import type { ColumnType, Generated } from 'kysely';

/** How a rater stands to the leader they give feedback to. */
export type RaterRelationship = 'manager' | 'peer' | 'partner-school' | 'supported-school' | 'governor';

/** A leader's round of 360 feedback against one framework. */
export interface FeedbackRoundsTable {
  id: Generated<number>;
  owner_id: number;
  framework_id: number;
  title: string;
  opened_on: string;
  closes_on: string;
  status: Generated<'open' | 'closed'>;
  closed_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

/** Someone the leader asked for feedback: their private link is kept only as a hash. */
export interface FeedbackRatersTable {
  id: Generated<number>;
  round_id: number;
  name: string;
  email: string;
  relationship: RaterRelationship;
  person_id: number | null;
  token_hash: string;
  invited_at: ColumnType<Date, never, never>;
  responded_at: Date | null;
}

/** One answer: no rater, no id, no time of day. */
export interface FeedbackResponsesTable {
  round_id: number;
  relationship: RaterRelationship;
  submitted_on: string;
  ratings: ColumnType<Array<{ componentId: number; rating: number }>, string, string>;
  comment: string | null;
}

export interface Feedback360Tables {
  feedback_rounds: FeedbackRoundsTable;
  feedback_raters: FeedbackRatersTable;
  feedback_responses: FeedbackResponsesTable;
}
