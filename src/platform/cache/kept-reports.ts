/**
 * Reports too costly to compute in a request (the network of all of England), computed by a job
 * and kept in the database at the version of the data they were computed from, for every process.
 */
import type { Db } from '../../db/database.js';

export interface KeptReport<T> {
  report: T;
  dataVersion: number;
  computedAt: Date;
}

export async function readKept<T>(db: Db, key: string): Promise<KeptReport<T> | undefined> {
  const row = await db
    .selectFrom('kept_reports')
    .select(['report', 'data_version', 'computed_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { report: row.report as T, dataVersion: row.data_version, computedAt: row.computed_at };
}

/** Keeps a report computed at `dataVersion`, unless one from a later version is kept already. */
export async function keep(db: Db, key: string, dataVersion: number, report: unknown): Promise<void> {
  await db
    .insertInto('kept_reports')
    .values({ key, data_version: dataVersion, report: JSON.stringify(report) })
    .onConflict((c) =>
      c
        .column('key')
        .doUpdateSet((eb) => ({
          data_version: eb.ref('excluded.data_version'),
          report: eb.ref('excluded.report'),
          computed_at: new Date() as never,
        }))
        .where('kept_reports.data_version', '<=', dataVersion),
    )
    .execute();
}
