import type { Db } from '../../db/database.js';

/** The counts of a finished import, as recorded. */
export interface RunCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  details: Record<string, number>;
  rejects: Array<{ line: number; reason: string }>;
}

/** What the history shows of each run (with its details and rejects for one run). */
const RUN_COLUMNS = [
  'r.id',
  'r.kind',
  'r.file_name as fileName',
  'u.name as userName',
  'r.started_at as startedAt',
  'r.succeeded',
  'r.message',
  'r.rows_read as rowsRead',
  'r.inserted',
  'r.updated',
  'r.unchanged',
  'r.rejected',
] as const;

/** The history of imports: each run, what it changed and the rows it rejected. */
export function createImportsRepository(db: Db) {
  return {
    /** Records an import run, successful or not (outside the import's own transaction). */
    async insertRun(run: {
      kind: string;
      fileName: string;
      userId: number | null;
      succeeded: boolean;
      message?: string;
      summary?: RunCounts;
    }): Promise<number> {
      const row = await db
        .insertInto('import_runs')
        .values({
          kind: run.kind,
          file_name: run.fileName,
          user_id: run.userId,
          succeeded: run.succeeded,
          message: run.message ?? null,
          rows_read: run.summary?.rowsRead ?? 0,
          inserted: run.summary?.inserted ?? 0,
          updated: run.summary?.updated ?? 0,
          unchanged: run.summary?.unchanged ?? 0,
          rejected: run.summary?.rejected ?? 0,
          details: JSON.stringify(run.summary?.details ?? {}),
          rejects: JSON.stringify(run.summary?.rejects ?? []),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    listRuns(limit: number) {
      return db
        .selectFrom('import_runs as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .select(RUN_COLUMNS)
        .orderBy('r.id', 'desc')
        .limit(limit)
        .execute();
    },

    findRun(id: number) {
      return db
        .selectFrom('import_runs as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .select([...RUN_COLUMNS, 'r.details', 'r.rejects'])
        .where('r.id', '=', id)
        .executeTakeFirst();
    },
  };
}
