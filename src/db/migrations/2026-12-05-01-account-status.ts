import { sql, type Kysely } from 'kysely';

/**
 * What the page of people with accounts shows and changes: when an account last signed in,
 * and whether an administrator has disabled it (a disabled account cannot sign in, and its
 * sessions and tokens end when it is disabled).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column disabled_at timestamptz, add column last_signed_in_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column disabled_at, drop column last_signed_in_at`.execute(db);
}
