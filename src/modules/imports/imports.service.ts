import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { CsvFileError, readCsv } from '../../platform/csv/csv-reader.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import type { JobInfo } from '../../platform/jobs/job-queue.js';
import type { AuditService } from '../audit/index.js';
import { staffOrganisations } from '../landscape/index.js';
import type { JobSender } from '../definition.js';
import { createImportsRepository, type RunCounts } from './imports.repository.js';
import {
  runImport,
  type ImportContext,
  type ImportDefinition,
  type ImportOptions,
  type ImportSummary,
} from './imports.runner.js';

/**
 * Imports of files, for administrators: each kind of file is defined by the module that owns its
 * data (`importers`, gathered from the modules' definitions); this service runs them, one
 * transaction per file with its run record and audit entry, and keeps the history.
 */
/** Reads no further than a file's header, and throws CsvFileError when the kind of file refuses it. */
async function checkHeaderOf(definition: ImportDefinition, file: string, context: ImportContext): Promise<void> {
  const records = readCsv(file, { checkHeader: (header) => definition.checkHeader(header, context) });
  for await (const record of records) {
    void record;
    break;
  }
}

/** A kind of file in a few words, for people: its description before the columns or file names it lists. */
function labelOf(description: string): string {
  const words = description
    .split(':')[0]!
    .replace(/\s*\([^)]*\)/g, '')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The queue of import jobs. */
export const IMPORT_QUEUE = 'imports-run';

/** How often a running import writes how far it has got, at most. */
const PROGRESS_EVERY_MS = 500;

/**
 * Imports of files, for administrators: each kind of file is defined by the module that owns its
 * data (`importers`, gathered from the modules' definitions); this service runs them, one
 * transaction per file with its run record and audit entry, and keeps the history. A file uploaded
 * on the page is kept in the database and imported by a background job, in whichever process has
 * capacity; the command line imports at once.
 */
export function createImportsService({
  db,
  audit,
  importers,
  jobs,
}: {
  db: Db;
  audit: AuditService;
  importers: Record<string, () => ImportDefinition>;
  jobs: JobSender;
}) {
  const runs = createImportsRepository(db);

  function definitionOf(kind: string): ImportDefinition {
    const create = importers[kind];
    if (!create)
      throw new AppError(
        'validation',
        `There is no importer "${kind}"; choose one of ${Object.keys(importers).join(', ')}`,
        [{ field: 'kind', message: 'Choose what kind of file this is from the list' }],
      );
    return create();
  }

  /** Runs the import in one transaction with its audit entry; `write` records the run within it. */
  function importInTransaction(
    actor: Actor | undefined,
    kind: string,
    file: string,
    options: ImportOptions & { fileName: string },
    write: (trx: Db, summary: ImportSummary) => Promise<number>,
  ): Promise<ImportSummary & { runId: number }> {
    const definition = definitionOf(kind);
    return audit.recorded(
      actor,
      async (trx) => {
        const summary = { ...(await runImport(trx, definition, file, options)), file: options.fileName };
        const runId = await write(trx, summary);
        // The schools its accepted rows named, while they are still staged: each hears of the file on its home page.
        if (definition.columns.some(([name]) => name === 'urn'))
          await createImportsRepository(trx).recordNamed(runId, definition.table);
        return { ...summary, runId };
      },
      (summary) => ({
        action: 'import',
        entity: 'import-run',
        entityId: summary.runId,
        detail: {
          kind,
          fileName: options.fileName,
          rowsRead: summary.rowsRead,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
        },
      }),
    );
  }

  /** Writes how far a run has got without waiting, at most one write at a time and every half second. */
  function progressWriter(runId: number) {
    let last = 0;
    let writing = false;
    return (phase: string, rowsRead: number, force = false) => {
      const now = Date.now();
      if (writing || (!force && now - last < PROGRESS_EVERY_MS)) return;
      last = now;
      writing = true;
      // Not awaited: on the embedded database this waits for the import's own transaction.
      void runs
        .markProgress(runId, { phase, rowsRead })
        .catch(() => undefined)
        .finally(() => (writing = false));
    };
  }

  return {
    /**
     * Imports one file of a kind now, in one transaction with the run's record and its audit
     * entry, or records the reason it failed for the import history.
     */
    async importFile(
      actor: Actor | undefined,
      kind: string,
      file: string,
      options: ImportOptions & { fileName?: string } = {},
    ): Promise<ImportSummary & { runId: number }> {
      const editor = requireAdmin(actor, 'import data');
      definitionOf(kind);
      const fileName = options.fileName ?? path.basename(file);
      const run = { kind, fileName, userId: accountIdOf(editor), period: options.period };
      try {
        return await importInTransaction(actor, kind, file, { ...options, fileName }, (trx, summary) =>
          createImportsRepository(trx).insertRun({ ...run, succeeded: true, summary }),
        );
      } catch (error) {
        // The import rolled back; the failed run is kept for the import history, after the transaction.
        if (error instanceof CsvFileError) await runs.insertRun({ ...run, succeeded: false, message: error.message });
        throw error;
      }
    },

    /**
     * Keeps an uploaded file in the database and asks a background job to import it: returns the
     * run at once, which its page follows while the job reads, stages and merges.
     */
    async queueImport(
      actor: Actor | undefined,
      kind: string,
      file: string,
      options: { fileName?: string; period?: string } = {},
    ): Promise<{ runId: number }> {
      const editor = requireAdmin(actor, 'import data');
      definitionOf(kind);
      const fileName = options.fileName ?? path.basename(file);
      const run = { kind, fileName, userId: accountIdOf(editor), period: options.period };
      try {
        // A file whose header is wrong is refused at once, before anything waits for a job.
        await checkHeaderOf(definitionOf(kind), file, { fileName, period: options.period });
      } catch (error) {
        if (error instanceof CsvFileError) await runs.insertRun({ ...run, succeeded: false, message: error.message });
        throw error;
      }
      const content = await fs.promises.readFile(file);
      const runId = await audit.recorded(
        actor,
        async (trx) => {
          const repo = createImportsRepository(trx);
          const id = await repo.insertRun({ ...run, succeeded: false, state: 'queued' });
          await repo.storeUpload(id, content);
          await jobs.send(IMPORT_QUEUE, { runId: id }, { within: trx });
          return id;
        },
        (id) => ({ action: 'queue', entity: 'import-run', entityId: id, detail: { kind, fileName } }),
      );
      jobs.nudge(IMPORT_QUEUE);
      return { runId };
    },

    /**
     * The job of a queued run: imports its file once. A run already done is left as it is, so an
     * attempt that ran again after its process stopped (or after it committed) changes nothing.
     */
    async runQueued(runId: number, job: JobInfo): Promise<void> {
      const run = await runs.findRunToDo(runId);
      if (!run || run.state === 'done') return;
      const actor: Actor = {
        userId: run.userId ?? 0,
        email: run.userEmail ?? 'command line',
        name: `${run.userName ?? 'Command line'} (import in the background)`,
        isAdmin: true,
        mustChangePassword: false,
        memberships: [],
      };
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'syslead-import-'));
      const file = path.join(dir, 'upload.csv');
      const progress = progressWriter(runId);
      try {
        await fs.promises.writeFile(file, await runs.readUpload(runId));
        await runs.markProgress(runId, { phase: 'reading', rowsRead: 0 });
        let rowsRead = 0;
        await importInTransaction(
          actor,
          run.kind,
          file,
          {
            fileName: run.fileName,
            period: run.period ?? undefined,
            onProgress: (p) => progress('reading', (rowsRead = p.rowsRead)),
            onMerge: () => progress('merging', rowsRead, true),
          },
          async (trx, summary) => {
            await createImportsRepository(trx).finishRun(runId, { succeeded: true, summary: summary as RunCounts });
            return runId;
          },
        );
      } catch (error) {
        if (error instanceof CsvFileError) await runs.finishRun(runId, { succeeded: false, message: error.message });
        else if (job.lastAttempt)
          await runs.finishRun(runId, {
            succeeded: false,
            message: 'The import could not finish, and nothing was changed. Try the upload again.',
          });
        if (!(error instanceof CsvFileError)) throw error;
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },

    /**
     * Imports since a moment whose rows named any of the organisations the actor is staff of,
     * newest first: when, what kind of file, and which of their organisations. Not the file's
     * name, who ran it or its counts, which stay with administrators.
     */
    async importsNaming(actor: Actor | undefined, since: Date) {
      const own = staffOrganisations(requireSignedIn(actor));
      if (!own.length) return [];
      return (await runs.runsNaming(own, since)).map((r) => ({
        ...r,
        label: labelOf(importers[r.kind]?.().description ?? r.kind),
      }));
    },

    /** The kinds of file that can be imported, each with what it is. */
    kinds(): Array<{ kind: string; description: string }> {
      return Object.entries(importers).map(([kind, create]) => ({ kind, description: create().description }));
    },

    /** The most recent imports, newest first. */
    async listRuns(actor: Actor | undefined, limit = 50) {
      requireAdmin(actor, 'see the imports');
      return runs.listRuns(limit);
    },

    /** One import run with its rejected rows. */
    async getRun(actor: Actor | undefined, id: number) {
      requireAdmin(actor, 'see the imports');
      const run = await runs.findRun(id);
      if (!run) throw notFound(`Import ${id}`);
      return run;
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
