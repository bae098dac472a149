import type { ColumnType, Generated } from 'kysely';

type Visibility = 'public' | 'partnership' | 'forum';
type Created = ColumnType<Date, never, never>;

/** One of a partnership's shared outcomes: an Every Child Matters outcome or one of its own ambitions. */
export interface OutcomesTable {
  id: Generated<number>;
  partnership_id: number;
  title: string;
  description: Generated<string>;
  source: 'every-child-matters' | 'ambition';
  position: Generated<number>;
  created_at: Created;
}

/** An indicator of the catalogue that evidences an outcome. */
export interface OutcomeMeasuresTable {
  id: Generated<number>;
  outcome_id: number;
  indicator_code: string;
}

/** The value a measure should reach by a year; the last year's is the target. */
export interface OutcomeMilestonesTable {
  measure_id: number;
  year: number;
  value: number;
}

/** An engagement or practice that aims at an outcome. */
export interface OutcomeLinksTable {
  outcome_id: number;
  kind: 'engagement' | 'practice';
  ref_id: number;
  linked_by: number | null;
  linked_at: Created;
}

/** What a partner organisation committed to do towards an outcome, with its status and evidence. */
export interface CommitmentsTable {
  id: Generated<number>;
  outcome_id: number;
  organisation_id: number;
  what: string;
  due_on: string | null;
  status: 'red' | 'amber' | 'green';
  evidence: Generated<string>;
  done_on: string | null;
  created_at: Created;
  updated_at: Date | null;
}

/** A forum: an organisation of kind `forum` of a partnership, and the forum it feeds. */
export interface ForumsTable {
  organisation_id: number;
  partnership_id: number;
  kind:
    'partnership-board' | 'pupil' | 'parent' | 'community' | 'advisory' | 'trust-board' | 'governing-body' | 'other';
  purpose: Generated<string>;
  feeds_id: number | null;
  visibility: Visibility;
  created_at: Created;
}

/** A member of a forum for a term: a person, or someone representing an organisation. */
export interface ForumMembersTable {
  id: Generated<number>;
  forum_id: number;
  name: string;
  person_id: number | null;
  represents_id: number | null;
  role: 'chair' | 'vice-chair' | 'member' | 'champion';
  term_from: string;
  term_to: string | null;
  election_id: number | null;
  left_on: string | null;
  created_at: Created;
}

/** An election to a forum: seats, who elects (peers, for an advisory board), and when it closed. */
export interface ElectionsTable {
  id: Generated<number>;
  forum_id: number;
  title: string;
  seats: number;
  electorate: 'peers' | 'partnership' | 'pupils' | 'parents' | 'community' | 'members';
  electorate_note: Generated<string>;
  opens_on: string;
  closes_on: string;
  closed_at: Date | null;
  turnout: number | null;
  created_at: Created;
}

/** Who stood in an election, their votes and whether they were elected. */
export interface ElectionCandidatesTable {
  id: Generated<number>;
  election_id: number;
  name: string;
  person_id: number | null;
  organisation_id: number | null;
  statement: Generated<string>;
  votes: number | null;
  elected: Generated<boolean>;
}

/** A forum's meeting, and its minutes once held. */
export interface MeetingsTable {
  id: Generated<number>;
  forum_id: number;
  title: string;
  held_on: string;
  status: Generated<'planned' | 'held'>;
  minutes: string | null;
  minutes_by: number | null;
  minutes_at: Date | null;
  created_at: Created;
}

/** An item of a meeting's agenda, in order; the system issues log comes first. */
export interface MeetingItemsTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  title: string;
  source: 'system-issue' | 'recommendation' | 'decision-review' | 'escalation' | 'other';
  ref_id: number | null;
}

/** A paper for a meeting, with its own visibility. */
export interface MeetingPapersTable {
  id: Generated<number>;
  meeting_id: number;
  title: string;
  body: Generated<string>;
  visibility: Visibility;
  added_by: number | null;
  created_at: Created;
}

export interface MeetingAttendanceTable {
  meeting_id: number;
  member_id: number;
  status: 'present' | 'apologies' | 'absent';
}

/** A forum's recommendation to the forum it feeds, and the answer given. */
export interface RecommendationsTable {
  id: Generated<number>;
  from_forum_id: number;
  to_forum_id: number;
  meeting_id: number | null;
  title: string;
  body: Generated<string>;
  made_on: string;
  made_by: number | null;
  response: 'accepted' | 'partly' | 'declined' | null;
  answer: string | null;
  answered_on: string | null;
  answered_by: number | null;
  created_at: Created;
}

/** A decision of a forum: the proposal, the decision, who took it and when it is reviewed. */
export interface DecisionsTable {
  id: Generated<number>;
  forum_id: number;
  meeting_id: number | null;
  title: string;
  proposal: string;
  status: Generated<'proposed' | 'decided' | 'confirmed' | 'changed' | 'reversed'>;
  decision: string | null;
  decided_on: string | null;
  decided_by: string | null;
  review_on: string | null;
  recorded_by: number | null;
  created_at: Created;
}

/** Advice sought before a decision, and what the adviser said. */
export interface DecisionAdviceTable {
  id: Generated<number>;
  decision_id: number;
  adviser: string;
  forum_id: number | null;
  position: 'support' | 'concerns' | 'oppose';
  advice: string;
  given_on: string;
}

export interface DecisionOutcomesTable {
  decision_id: number;
  outcome_id: number;
}

/** The change a decision expects in an indicator of an organisation, from a baseline. */
export interface DecisionExpectationsTable {
  id: Generated<number>;
  decision_id: number;
  indicator_code: string;
  organisation_id: number;
  baseline: number | null;
  baseline_period: string | null;
  expected_change: number;
  note: Generated<string>;
}

/** A review of a decision against the figures: confirmed, changed or reversed. */
export interface DecisionReviewsTable {
  id: Generated<number>;
  decision_id: number;
  reviewed_on: string;
  verdict: 'confirm' | 'change' | 'reverse';
  note: Generated<string>;
  measured: ColumnType<unknown, string, string>;
  next_review_on: string | null;
  /** The review date this review answered (null for a review held before Syslead kept it and not found since). */
  due_on: string | null;
  reviewed_by: number | null;
  created_at: Created;
}

/** A step of a partnership's escalation ladder, lowest first. */
export interface EscalationStepsTable {
  partnership_id: number;
  position: number;
  organisation_id: number;
  label: string;
}

/** A matter raised to the next step of the ladder, with the answer; escalated again, it has a child. */
export interface EscalationsTable {
  id: Generated<number>;
  partnership_id: number;
  decision_id: number | null;
  parent_id: number | null;
  reason: 'against-advice' | 'unsettled';
  matter: string;
  from_id: number;
  to_id: number;
  raised_on: string;
  raised_by: number | null;
  status: Generated<'open' | 'answered' | 'escalated'>;
  answer: string | null;
  answered_on: string | null;
  answered_by: number | null;
  created_at: Created;
}

export interface GovernanceTables {
  outcomes: OutcomesTable;
  outcome_measures: OutcomeMeasuresTable;
  outcome_milestones: OutcomeMilestonesTable;
  outcome_links: OutcomeLinksTable;
  commitments: CommitmentsTable;
  forums: ForumsTable;
  forum_members: ForumMembersTable;
  elections: ElectionsTable;
  election_candidates: ElectionCandidatesTable;
  meetings: MeetingsTable;
  meeting_items: MeetingItemsTable;
  meeting_papers: MeetingPapersTable;
  meeting_attendance: MeetingAttendanceTable;
  recommendations: RecommendationsTable;
  decisions: DecisionsTable;
  decision_advice: DecisionAdviceTable;
  decision_outcomes: DecisionOutcomesTable;
  decision_expectations: DecisionExpectationsTable;
  decision_reviews: DecisionReviewsTable;
  escalation_steps: EscalationStepsTable;
  escalations: EscalationsTable;
}
