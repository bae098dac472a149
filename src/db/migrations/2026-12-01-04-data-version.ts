import { sql, type Kysely } from 'kysely';

/**
 * The version of the data: one number that every write raises in its own transaction, so a read
 * cached at one version is known to be stale at the next, in every process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table data_version (only_row boolean primary key default true check (only_row), version integer not null default 0)`.execute(
    db,
  );
  await sql`insert into data_version default values`.execute(db);
}
