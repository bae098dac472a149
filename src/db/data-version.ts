import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * The version of the data. Every write raises it in the write's own transaction (the audit
 * service does, for the one way to write), and every request reads it with its session, so a
 * read cached at one version is served only to requests that saw that version — in any process.
 */
export async function raiseDataVersion(trx: Db): Promise<number> {
  const row = await trx
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** The version now, for work that has no session to have read it with. */
export async function readDataVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('data_version').select('version').executeTakeFirstOrThrow();
  return row.version;
}

/**
 * After a restore: the version goes past every version served before it (`before`), so no
 * running server can take the restored data for a version it has already kept reads of.
 */
export async function moveDataVersionPast(db: Db, before: number): Promise<void> {
  await db
    .updateTable('data_version')
    .set((eb) => ({ version: sql<number>`greatest(${eb.ref('version')}, ${before}) + 1` }))
    .execute();
}

/** The version as a column of another query, so reading it costs no round trip of its own. */
export const dataVersionColumn = sql<number>`(select version from data_version)`.as('dataVersion');
