import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  must_change_password: Generated<boolean>;
  person_id: number | null;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  /** When the person last opened the home page, and when the visit before began (what changed is told since then). */
  last_visit_at: Date | null;
  previous_visit_at: Date | null;
  /** Set while an administrator has disabled the account: it cannot sign in. */
  disabled_at: Date | null;
  last_signed_in_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface OrganisationMembersTable {
  user_id: number;
  organisation_id: number;
  role: string;
  created_at: ColumnType<Date, never, never>;
}

export interface IdentityProvidersTable {
  id: Generated<number>;
  email_domain: string;
  label: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  created_at: ColumnType<Date, never, never>;
}

export interface SignInRequestsTable {
  state: string;
  provider_id: number;
  code_verifier: string;
  nonce: string;
  next: string;
  expires_at: Date;
  /** The invitation this sign-in accepts, when it was started from one. */
  invitation_id: number | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  email: string;
  organisation_id: number;
  role: string;
  status: Generated<'pending' | 'accepted' | 'withdrawn' | 'expired'>;
  expires_at: Date;
  invited_by: number | null;
  created_at: ColumnType<Date, never, never>;
  ended_at: Date | null;
  ended_by: number | null;
}

export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  at: ColumnType<Date, never, never>;
  user_id: number | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  organisation_ids: ColumnType<number[], number[] | undefined, never>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: ColumnType<Date, never, Date>;
  expires_at: Date;
  second_factor_pending: Generated<boolean>;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  /** `read`: GET and HEAD only; `write`: everything the owner may do. */
  scope: 'read' | 'write';
  created_at: ColumnType<Date, never, never>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A one-time recovery code of two-factor sign-in, kept only as its hash; used once, then spent. */
export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: ColumnType<Date, never, never>;
  used_at: Date | null;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  organisation_members: OrganisationMembersTable;
  identity_providers: IdentityProvidersTable;
  sign_in_requests: SignInRequestsTable;
  invitations: InvitationsTable;
  recovery_codes: RecoveryCodesTable;
  audit_log: AuditLogTable;
}
