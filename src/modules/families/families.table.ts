import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type ReferralStatus = 'sent' | 'received' | 'accepted' | 'declined' | 'completed';
type Stamp = ColumnType<Date, Date | undefined, Date>;

/** An agency's settings for family records: its data protection lead, who may share without consent, how long it keeps a closed record. */
export interface FamilyAgencySettingsTable {
  organisation_id: number;
  data_protection_lead_id: number | null;
  safeguarding_lead_ids: ColumnType<number[], string | undefined, string>;
  retention_years: ColumnType<number, number | undefined, number>;
  updated_at: Stamp;
}

/** A family record: a reference that names no one, the agency that opened it, and when it closes and is erased. */
export interface FamiliesTable {
  id: Generated<number>;
  reference: string;
  organisation_id: number;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  opened_on: string;
  closed_on: string | null;
  erase_on: string | null;
  created_at: Stamp;
}

/** A child or adult of the family: the minimum, and a child's school. */
export interface FamilyPeopleTable {
  id: Generated<number>;
  family_id: number;
  role: 'child' | 'adult';
  name: string;
  born_on: string | null;
  school_id: number | null;
  relationship: ColumnType<string, string | undefined, string>;
}

/** A need of the family under one of Every Child Matters' outcomes; its summary is sealed. */
export interface FamilyNeedsTable {
  id: Generated<number>;
  family_id: number;
  outcome: string;
  summary: string;
}

/** A place in the team around the family, dated; one current member is the lead professional. */
export interface FamilyMembersTable {
  id: Generated<number>;
  family_id: number;
  user_id: number;
  organisation_id: number;
  team_role: string;
  is_lead: ColumnType<boolean, boolean | undefined, boolean>;
  joined_on: string;
  left_on: string | null;
  left_at: Date | null;
}

/** Consent given for one purpose: which kinds of information may go to which kinds of agency, and for how long. */
export interface FamilyConsentsTable {
  id: Generated<number>;
  family_id: number;
  given_by: number;
  purpose: string;
  information: Json<string[]>;
  agencies: Json<string[]>;
  lawful_basis: string;
  from_on: string;
  until_on: string | null;
  withdrawn_on: string | null;
  recorded_by: number | null;
  recorded_at: Stamp;
}

/** Sharing without consent where the law allows it, with its (sealed) reason, for the data protection lead to review. */
export interface FamilyOverridesTable {
  id: Generated<number>;
  family_id: number;
  agency: string;
  information: Json<string[]>;
  reason: string;
  shared_by: number | null;
  organisation_id: number;
  shared_at: Stamp;
  ends_on: string;
  reviewed_at: Date | null;
  reviewed_by: number | null;
  review_note: string | null;
}

/** A view of a family by someone outside its team, time-limited, with its (sealed) reason, reviewed afterwards. */
export interface FamilyBreakGlassTable {
  id: Generated<number>;
  family_id: number;
  user_id: number;
  reason: string;
  opened_at: Stamp;
  expires_at: Date;
  reviewed_at: Date | null;
  reviewed_by: number | null;
  review_outcome: 'justified' | 'not-justified' | null;
  review_note: string | null;
}

/** A note of the team, of one kind of information and sensitivity, written for one agency; its body is sealed. */
export interface FamilyNotesTable {
  id: Generated<number>;
  family_id: number;
  organisation_id: number;
  information: string;
  sensitivity: 'standard' | 'sensitive';
  body: string;
  written_by: number | null;
  written_at: Stamp;
}

/** What one agency will do for the family, by when (sealed). */
export interface FamilyServicesTable {
  id: Generated<number>;
  family_id: number;
  organisation_id: number;
  what: string;
  due_on: string;
  done_on: string | null;
}

/** A referral from one agency to another, with the time each step took; message and reason sealed. */
export interface FamilyReferralsTable {
  id: Generated<number>;
  family_id: number;
  from_organisation_id: number;
  to_organisation_id: number;
  outcome: string;
  message: string;
  answer_within_days: number;
  status: ColumnType<ReferralStatus, ReferralStatus | undefined, ReferralStatus>;
  sent_by: number | null;
  sent_at: Date;
  received_at: Date | null;
  answered_at: Date | null;
  completed_at: Date | null;
  decline_reason: string | null;
  flagged_at: Date | null;
}

/** What an erased record leaves: its agencies, outcomes and referral times, naming no one. */
export interface FamilyErasedTable {
  id: Generated<number>;
  organisation_id: number | null;
  opened_on: string;
  closed_on: string;
  erased_at: Stamp;
  outcomes: Json<string[]>;
  organisation_ids: Json<number[]>;
  referrals: Json<Array<{ from: number; to: number; days: number | null; status: string }>>;
}

export interface FamiliesTables {
  family_agency_settings: FamilyAgencySettingsTable;
  families: FamiliesTable;
  family_people: FamilyPeopleTable;
  family_needs: FamilyNeedsTable;
  family_members: FamilyMembersTable;
  family_consents: FamilyConsentsTable;
  family_overrides: FamilyOverridesTable;
  family_break_glass: FamilyBreakGlassTable;
  family_notes: FamilyNotesTable;
  family_services: FamilyServicesTable;
  family_referrals: FamilyReferralsTable;
  family_erased: FamilyErasedTable;
}
