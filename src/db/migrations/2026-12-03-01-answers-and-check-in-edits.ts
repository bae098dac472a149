import { sql, type Kysely } from 'kysely';

/**
 * An asked school may decline a request for help, with a reason the asking school reads; a
 * check-in keeps when it was last changed (its author may correct it for a fortnight).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table request_invitations add column declined_at timestamptz`.execute(db);
  await sql`alter table request_invitations add column decline_reason text`.execute(db);
  await sql`alter table request_invitations add column declined_by integer references users(id) on delete set null`.execute(
    db,
  );
  await sql`alter table engagement_check_ins add column updated_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table engagement_check_ins drop column if exists updated_at`.execute(db);
  await sql`alter table request_invitations drop column if exists declined_by`.execute(db);
  await sql`alter table request_invitations drop column if exists decline_reason`.execute(db);
  await sql`alter table request_invitations drop column if exists declined_at`.execute(db);
}
