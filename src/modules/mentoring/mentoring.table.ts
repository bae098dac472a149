import type { ColumnType, Generated } from 'kysely';
import type { RelationStatus } from './mentoring.domain.js';

type CreatedAt = ColumnType<Date, never, never>;

/** An account's offer to mentor: how many mentees it takes at once, and a short note. */
export interface MentorOffersTable {
  user_id: number;
  capacity: number;
  note: string;
  offered_at: ColumnType<Date, Date | undefined, Date>;
  /** When they stopped offering; null while they offer. */
  withdrawn_at: Date | null;
}

/** A component of a framework a mentor offers experience in. */
export interface MentorOfferComponentsTable {
  user_id: number;
  component_id: number;
}

/** A mentor–mentee relation and its dated steps. */
export interface MentoringRelationsTable {
  id: Generated<number>;
  mentee_id: number;
  mentor_id: number;
  proposed_by: number;
  status: RelationStatus;
  /** The components the mentee wants to grow in, as a JSON array of ids. */
  component_ids: ColumnType<number[], string, string>;
  proposed_on: string;
  agreed_on: string | null;
  started_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  created_at: CreatedAt;
}

/** A note of a meeting, read by the mentee and the mentor only. */
export interface MentoringNotesTable {
  id: Generated<number>;
  relation_id: number;
  author_id: number | null;
  met_on: string;
  body: string;
  created_at: CreatedAt;
}

export interface MentoringTables {
  mentor_offers: MentorOffersTable;
  mentor_offer_components: MentorOfferComponentsTable;
  mentoring_relations: MentoringRelationsTable;
  mentoring_notes: MentoringNotesTable;
}
