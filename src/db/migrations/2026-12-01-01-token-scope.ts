import { sql, type Kysely } from 'kysely';

/**
 * Personal access tokens get a scope: `read` (GET and HEAD only) or `write` (everything the
 * owner may do). Tokens made before scopes existed had full rights and keep them; every new
 * token states its scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens add column scope text not null default 'write' check (scope in ('read', 'write'))`.execute(
    db,
  );
  await sql`alter table api_tokens alter column scope drop default`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens drop column scope`.execute(db);
}
