import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export interface OrganisationsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  urn: number | null;
  la_code: string | null;
  group_uid: string | null;
  local_authority_id: number | null;
  phase: string | null;
  school_type: string | null;
  status: string;
  opened_on: string | null;
  closed_on: string | null;
  pupils: number | null;
  fsm_percent: number | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  website: string | null;
  description: string | null;
  type_group: string | null;
  town: string | null;
  group_type: string | null;
  group_id: string | null;
  ofsted_rating: string | null;
  ofsted_date: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  person_ref: string | null;
  job_title: string | null;
  organisation_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RolesTable {
  code: string;
  name: string;
  description: string;
  origin: string;
  category: number | null;
  strand: number | null;
}

export interface RoleAssignmentsTable {
  id: Generated<number>;
  person_id: number;
  role_code: string;
  organisation_id: number;
  start_date: string | null;
  end_date: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RelationshipsTable {
  id: Generated<number>;
  type: string;
  from_organisation_id: number;
  to_organisation_id: number;
  start_date: string | null;
  end_date: string | null;
  note: string | null;
  subtype: Generated<string>;
  source: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PendingLinksTable {
  urn: number;
  link_urn: number;
  subtype: string;
  link_date: string | null;
}

export interface PendingMembershipsTable {
  urn: number;
  group_uid: string;
  source: string;
}

export interface SharingAgreementsTable {
  id: Generated<number>;
  organisation_id: number;
  partnership_id: number;
  what: string;
  detail: string;
  start_date: string;
  end_date: string | null;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
}

export interface MembershipRequestsTable {
  id: Generated<number>;
  member_id: number;
  partnership_id: number;
  start_date: string | null;
  end_date: string | null;
  note: string | null;
  asked_by: string;
  status: Generated<string>;
  requested_by: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  relationship_id: number | null;
  created_at: CreatedAt;
}

export interface LandscapeTables {
  organisations: OrganisationsTable;
  people: PeopleTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  relationships: RelationshipsTable;
  pending_links: PendingLinksTable;
  pending_memberships: PendingMembershipsTable;
  sharing_agreements: SharingAgreementsTable;
  membership_requests: MembershipRequestsTable;
}
