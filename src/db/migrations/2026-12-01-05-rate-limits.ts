import { sql, type Kysely } from 'kysely';

/** Counters of rate limits (sign-in attempts by address), shared by every process on the database. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_limits (key text primary key, hits integer not null, window_ends timestamptz not null)`.execute(
    db,
  );
}
