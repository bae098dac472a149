import { sql, type Kysely } from 'kysely';

/**
 * Trust and safety: who belongs to which organisation and in what role, sign-in lock-out and
 * two-factor sign-in,
 * and an append-only audit trail (a trigger refuses every change to a recorded entry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users
    add column failed_sign_ins integer not null default 0,
    add column locked_until timestamptz,
    add column totp_secret text,
    add column totp_pending_secret text,
    add column totp_last_step bigint`.execute(db);
  await sql`alter table sessions add column second_factor_pending boolean not null default false`.execute(db);

  await sql`
    create table organisation_members (
      user_id integer not null references users(id) on delete cascade,
      organisation_id integer not null references organisations(id) on delete cascade,
      role text not null check (role in ('leader', 'member', 'viewer', 'coordinator')),
      created_at timestamptz not null default now(),
      primary key (user_id, organisation_id)
    )`.execute(db);
  await sql`create index organisation_members_organisation_idx on organisation_members (organisation_id)`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      user_id integer,
      actor text not null,
      ip text,
      action text not null,
      entity text not null,
      entity_id text,
      organisation_ids integer[] not null default '{}',
      detail jsonb not null default '{}'
    )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at desc)`.execute(db);
  await sql`create index audit_log_organisations_idx on audit_log using gin (organisation_ids)`.execute(db);
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit trail is append-only';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_is_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_log`.execute(db);
  await sql`drop function if exists audit_log_is_append_only()`.execute(db);
  await sql`drop table if exists organisation_members`.execute(db);
  await sql`alter table sessions drop column if exists second_factor_pending`.execute(db);
  await sql`alter table users drop column if exists failed_sign_ins, drop column if exists locked_until,
    drop column if exists totp_secret, drop column if exists totp_pending_secret, drop column if exists totp_last_step`.execute(db);
}
