import { sql, type Kysely } from 'kysely';

/**
 * Recovery codes for two-factor sign-in (kept as argon2id hashes, each used once), and an index
 * that finds the latest audit entry about one record, which decides whether a change may be undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table recovery_codes (
    id bigserial primary key,
    user_id integer not null references users (id) on delete cascade,
    code_hash text not null,
    created_at timestamptz not null default now(),
    used_at timestamptz
  )`.execute(db);
  await sql`create index recovery_codes_unused on recovery_codes (user_id) where used_at is null`.execute(db);
  await sql`create index audit_log_entity_idx on audit_log (entity, entity_id, id desc)`.execute(db);
}
