import { sql } from 'kysely';
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
  'r.state',
  'r.phase',
  'r.reverted_at as revertedAt',
  'rv.name as revertedByName',
] as const;

/** The parts an upload is kept in: a few megabytes each, so no one value is large. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

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
      state?: 'queued' | 'done';
      period?: string;
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
          state: run.state ?? 'done',
          period: run.period ?? null,
          finished_at: run.state === 'queued' ? null : new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Records how a queued run ended: what it changed, or why it was refused. */
    async finishRun(
      id: number,
      outcome: { succeeded: true; summary: RunCounts } | { succeeded: false; message: string },
    ): Promise<void> {
      const counts = outcome.succeeded ? outcome.summary : undefined;
      await db
        .updateTable('import_runs')
        .set({
          state: 'done',
          phase: null,
          finished_at: new Date(),
          succeeded: outcome.succeeded,
          message: outcome.succeeded ? null : outcome.message,
          rows_read: counts?.rowsRead ?? 0,
          inserted: counts?.inserted ?? 0,
          updated: counts?.updated ?? 0,
          unchanged: counts?.unchanged ?? 0,
          rejected: counts?.rejected ?? 0,
          details: JSON.stringify(counts?.details ?? {}),
          rejects: JSON.stringify(counts?.rejects ?? []),
        })
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('import_uploads').where('run_id', '=', id).execute();
    },

    /** What a running import has done so far. */
    async markProgress(id: number, progress: { phase: string; rowsRead: number }): Promise<void> {
      await db
        .updateTable('import_runs')
        .set({ state: 'running', phase: progress.phase, rows_read: progress.rowsRead })
        .where('id', '=', id)
        .where('state', '!=', 'done')
        .execute();
    },

    /** A queued or running run, with what its job needs to run it. */
    findRunToDo(id: number) {
      return db
        .selectFrom('import_runs as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .select([
          'r.id',
          'r.kind',
          'r.file_name as fileName',
          'r.period',
          'r.state',
          'r.user_id as userId',
          'u.name as userName',
          'u.email as userEmail',
        ])
        .where('r.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Keeps an uploaded file in the database, in parts. Each part travels as base64 text, decoded by
     * the database: the embedded database takes a long string many times faster than raw bytes.
     */
    async storeUpload(runId: number, content: Buffer): Promise<void> {
      for (let part = 0, at = 0; at < content.length || part === 0; part++, at += UPLOAD_PART_BYTES) {
        const text = content.subarray(at, at + UPLOAD_PART_BYTES).toString('base64');
        await db
          .insertInto('import_uploads')
          .values({ run_id: runId, part, content: sql<Uint8Array>`decode(${text}, 'base64')` })
          .execute();
      }
    },

    /** An uploaded file, its parts joined in order. */
    async readUpload(runId: number): Promise<Buffer> {
      const rows = await db
        .selectFrom('import_uploads')
        .select(sql<string>`encode(content, 'base64')`.as('text'))
        .where('run_id', '=', runId)
        .orderBy('part')
        .execute();
      return Buffer.concat(rows.map((r) => Buffer.from(r.text, 'base64')));
    },

    /** Records the organisations a run's staged rows name by URN (inside the import's transaction). */
    async recordNamed(runId: number, stagingTable: string): Promise<void> {
      await sql`
        insert into import_run_organisations (run_id, organisation_id)
        select distinct ${runId}::int, o.id from ${sql.table(stagingTable)} s join organisations o on o.urn = s.urn
        on conflict do nothing`.execute(db);
    },

    /** Successful runs (not reverted) since a moment that named any of these organisations, newest first, with those named. */
    async runsNaming(organisationIds: number[], since: Date) {
      const rows = await db
        .selectFrom('import_runs as r')
        .innerJoin('import_run_organisations as n', 'n.run_id', 'r.id')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .select(['r.id', 'r.kind', 'r.started_at as startedAt', 'o.id as organisationId', 'o.name as organisationName'])
        .where('n.organisation_id', 'in', organisationIds)
        .where('r.started_at', '>=', since)
        .where('r.succeeded', '=', true)
        .where('r.reverted_at', 'is', null)
        .orderBy('r.id', 'desc')
        .orderBy('o.name')
        .execute();
      const runs = new Map<number, { id: number; kind: string; startedAt: Date; organisations: string[] }>();
      for (const row of rows) {
        const run = runs.get(row.id) ?? { id: row.id, kind: row.kind, startedAt: row.startedAt, organisations: [] };
        run.organisations.push(row.organisationName);
        runs.set(row.id, run);
      }
      return [...runs.values()];
    },

    listRuns(limit: number) {
      return db
        .selectFrom('import_runs as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .leftJoin('users as rv', 'rv.id', 'r.reverted_by')
        .select(RUN_COLUMNS)
        .orderBy('r.id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Runs by id, with what names them: their file and when. */
    runsByIds(ids: number[]) {
      if (!ids.length) return Promise.resolve([]);
      return db
        .selectFrom('import_runs')
        .select(['id', 'file_name as fileName', 'started_at as startedAt'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
    },

    findRun(id: number) {
      return db
        .selectFrom('import_runs as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .leftJoin('users as rv', 'rv.id', 'r.reverted_by')
        .select([...RUN_COLUMNS, 'r.details', 'r.rejects'])
        .where('r.id', '=', id)
        .executeTakeFirst();
    },
  };
}
