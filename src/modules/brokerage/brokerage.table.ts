import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

export interface NeedsTable {
  id: Generated<number>;
  organisation_id: number;
  area: string;
  detail: string;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
  closed_at: Date | null;
}

export interface OffersTable {
  id: Generated<number>;
  organisation_id: number;
  person_id: number | null;
  area: string;
  detail: string;
  days_per_term: number;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface MatchWeightsTable {
  organisation_id: number;
  weights: string;
  updated_by: number | null;
  updated_at: ColumnType<Date, never, Date>;
}

export interface SupportRequestsTable {
  id: Generated<number>;
  need_id: number;
  organisation_id: number;
  message: string;
  partnership_id: number | null;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
  accepted_at: Date | null;
}

export interface RequestInvitationsTable {
  request_id: number;
  organisation_id: number;
  declined_at: Date | null;
  decline_reason: string | null;
  declined_by: number | null;
}

export interface RequestOffersTable {
  id: Generated<number>;
  request_id: number;
  organisation_id: number;
  message: string;
  days: number;
  status: Generated<string>;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface BrokerageTables {
  needs: NeedsTable;
  offers: OffersTable;
  match_weights: MatchWeightsTable;
  support_requests: SupportRequestsTable;
  request_invitations: RequestInvitationsTable;
  request_offers: RequestOffersTable;
}
