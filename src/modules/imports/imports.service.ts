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
import { toCsv } from '../../platform/csv/csv-writer.js';
import { dayInWords } from '../../shared/time-in-words.js';
import { createImportChangesRepository, type ChangeFilter, type ChangeRow } from './imports.changes.repository.js';
import { createImportsRepository } from './imports.repository.js';
import {
  runImport,
  type ImportChanges,
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

/** Words with a capital first letter. */
const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** A kind of file in a few words, for people: its description before the columns or file names it lists. */
function labelOf(description: string): string {
  return capitalised(
    description
      .split(':')[0]!
      .replace(/\s*\([^)]*\)/g, '')
      .trim(),
  );
}

/** A detail of an import's result in words: its importer's label, else its name taken apart ("linksWaiting" → "Links waiting"). */
function detailLabelOf(definition: ImportDefinition | undefined, key: string): string {
  const label = definition?.detailLabels?.[key];
  return label ?? capitalised(key.replace(/([A-Z])/g, ' $1').toLowerCase());
}

/** One recorded change in words: what kind, about what, and each field it changed before and after. */
function describeChange(changes: ImportChanges, row: ChangeRow, names: Map<string, string>) {
  // A field holding the id of another row (a school's local authority) reads as that row's name.
  const value = (field: string, v: unknown) =>
    changes.namedBy?.[field] && v !== null && v !== undefined
      ? (names.get(`${field}:${String(v)}`) ?? 'one since removed')
      : v;
  return {
    change: row.change,
    label: changes.kinds[row.change]?.label ?? 'Changed',
    name: row.name,
    urn: row.urn,
    otherName: row.otherName,
    fields: Object.keys(row.after ?? {}).map((field) => ({
      field,
      label: changes.fieldLabel(field),
      before: changes.valueLabel(field, value(field, row.before?.[field])),
      after: changes.valueLabel(field, value(field, row.after?.[field])),
    })),
  };
}

/** How many changes one page of an import's changes shows. */
const CHANGES_PER_PAGE = 50;

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
  db: database,
  audit,
  importers,
  jobs,
}: {
  db: Db;
  audit: AuditService;
  importers: Record<string, () => ImportDefinition>;
  jobs: JobSender;
}) {
  const runs = createImportsRepository(database);

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

  /**
   * Runs the import in one transaction with its audit entry: `start` gives the run (recording it
   * within the transaction when it is new), whose record then takes what the import did.
   */
  function importInTransaction(
    actor: Actor | undefined,
    kind: string,
    file: string,
    options: ImportOptions & { fileName: string },
    start: (trx: Db) => Promise<number>,
  ): Promise<ImportSummary & { runId: number }> {
    const definition = definitionOf(kind);
    return audit.recorded(
      actor,
      async (trx) => {
        const repo = createImportsRepository(trx);
        const runId = await start(trx);
        const summary = { ...(await runImport(trx, definition, file, { ...options, runId })), file: options.fileName };
        await repo.finishRun(runId, { succeeded: true, summary });
        // The schools its accepted rows named, while they are still staged: each hears of the file on its home page.
        if (definition.columns.some(([name]) => name === 'urn')) await repo.recordNamed(runId, definition.table);
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

  /** A run for an administrator, or not found. */
  async function runFor(actor: Actor | undefined, id: number) {
    requireAdmin(actor, 'see the imports');
    const run = await runs.findRun(id);
    if (!run) throw notFound(`Import ${id}`);
    return run;
  }

  /**
   * What reverting a run would do, and what stands in the way: why it cannot be reverted at all
   * (refused, already reverted, a kind that records no changes, nothing changed), the later imports
   * that changed the same rows, and what else the importer finds (rows edited since, used by others).
   */
  async function revertPlanOf(db: Db, run: Awaited<ReturnType<typeof runFor>>) {
    const changes = importers[run.kind]?.().changes;
    const counts = await createImportChangesRepository(db).changeCounts(run.id);
    const cannot = run.revertedAt
      ? `It was reverted on ${dayInWords(run.revertedAt)}.`
      : run.state !== 'done' || !run.succeeded
        ? 'Only a finished import can be reverted; this one changed nothing.'
        : !changes
          ? 'Imports of this kind of file do not keep what they changed, so cannot be reverted.'
          : counts.length === 0
            ? 'It changed nothing, so there is nothing to put back.'
            : undefined;
    if (cannot || !changes) return { changes, plan: { cannot, effects: [], laterRuns: [], obstacles: [] } };
    const effects = counts
      .sort((a, b) => Object.keys(changes.kinds).indexOf(a.change) - Object.keys(changes.kinds).indexOf(b.change))
      .map(({ change, n }) => {
        const undo = changes.kinds[change]?.undo ?? ['change it made is undone', 'changes it made are undone'];
        return `${n.toLocaleString('en-GB')} ${n === 1 ? undo[0] : undo[1]}`;
      });
    const laterRuns = await createImportChangesRepository(db).laterRuns(run.id);
    const found = await changes.obstacles(db, run.id);
    const named = await createImportsRepository(db).runsByIds([...new Set(found.flatMap((o) => o.runIds ?? []))]);
    const obstacles = found.map((o) => ({
      reason: o.reason,
      runs: named.filter((r) => o.runIds?.includes(r.id)),
    }));
    return { changes, plan: { cannot, effects, laterRuns, obstacles } };
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

  /**
   * One page of what a run changed (organisations added, updated with each field before and after,
   * closed; memberships and ties begun or ended), filtered by kind of change, field, name or URN;
   * with the kinds and fields there are to filter by. `page` null for every change (the CSV).
   */
  async function listChanges(actor: Actor | undefined, id: number, filter: ChangeFilter, page: number | null = 1) {
    const run = await runFor(actor, id);
    const changes = importers[run.kind]?.().changes;
    const repo = createImportChangesRepository(database);
    if (!changes) return { items: [], total: 0, page: 1, perPage: CHANGES_PER_PAGE, kinds: [], fields: [] };
    const at = Math.max(1, page ?? 1);
    const listed = await repo.listChanges(
      id,
      filter,
      page === null ? null : { limit: CHANGES_PER_PAGE, offset: (at - 1) * CHANGES_PER_PAGE },
    );
    const counts = await repo.changeCounts(id);
    const names = new Map<string, string>();
    for (const [field, table] of Object.entries(changes.namedBy ?? {})) {
      const ids = listed.items.flatMap((row) => [row.before?.[field], row.after?.[field]]).filter(Number.isInteger);
      for (const { id: named, name } of await repo.namesOf(table, ids as number[]))
        names.set(`${field}:${named}`, name);
    }
    return {
      items: listed.items.map((row) => describeChange(changes, row, names)),
      total: listed.total,
      page: at,
      perPage: CHANGES_PER_PAGE,
      kinds: Object.entries(changes.kinds)
        .filter(([kind]) => counts.some((c) => c.change === kind))
        .map(([kind, { label }]) => ({ kind, label, n: counts.find((c) => c.change === kind)!.n })),
      fields: (await repo.changedFields(id)).map((field) => ({ field, label: changes.fieldLabel(field) })),
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
        return await importInTransaction(actor, kind, file, { ...options, fileName }, (trx) =>
          createImportsRepository(trx).insertRun({ ...run, succeeded: false, state: 'queued' }),
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
          async () => runId,
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

    /** The most recent imports, newest first, each with its kind of file in words. */
    async listRuns(actor: Actor | undefined, limit = 50) {
      requireAdmin(actor, 'see the imports');
      return (await runs.listRuns(limit)).map((run) => ({
        ...run,
        label: labelOf(importers[run.kind]?.().description ?? run.kind),
      }));
    },

    /** One import run with its rejected rows, its details in words and whether it was reverted. */
    async getRun(actor: Actor | undefined, id: number) {
      const run = await runFor(actor, id);
      const definition = importers[run.kind]?.();
      return {
        ...run,
        label: labelOf(definition?.description ?? run.kind),
        details: Object.entries(run.details).map(([key, value]) => ({ label: detailLabelOf(definition, key), value })),
        recordsChanges: Boolean(definition?.changes),
      };
    },

    listChanges,

    /** What a run changed, as CSV: a line per change, and per field for an update, with the values before and after. */
    async changesCsv(actor: Actor | undefined, id: number, filter: ChangeFilter): Promise<string> {
      const { items } = await listChanges(actor, id, filter, null);
      return toCsv(
        ['change', 'name', 'urn', 'other organisation', 'field', 'before', 'after'],
        items.flatMap((c) => {
          const about = [c.label, c.name, c.urn, c.otherName];
          return c.fields.length
            ? c.fields.map((f) => [...about, f.label, f.before, f.after])
            : [[...about, '', '', '']];
        }),
      );
    },

    /** What reverting a run would do, or why it cannot be reverted now (and which later imports stand in the way). */
    async revertPlan(actor: Actor | undefined, id: number) {
      requireAdmin(actor, 'revert an import');
      const run = await runFor(actor, id);
      const { plan } = await revertPlanOf(database, run);
      return { ...plan, revertible: !plan.cannot && !plan.laterRuns.length && !plan.obstacles.length };
    },

    /**
     * Reverts a run, for an administrator: in one transaction with its audit entry, every row it
     * inserted is deleted and every row it updated or deleted is put back as it was, when no later
     * import changed them and nothing else stands in the way; otherwise nothing changes and the
     * error says what stands in the way. A run is reverted once.
     */
    async revert(actor: Actor | undefined, id: number): Promise<{ runId: number; effects: string[] }> {
      const admin = requireAdmin(actor, 'revert an import');
      const run = await runFor(actor, id);
      return audit.recorded(
        actor,
        async (trx) => {
          // Marked first: a second revert of the same run waits here, then finds it reverted.
          if (!(await createImportChangesRepository(trx).markReverted(id, accountIdOf(admin))))
            throw new AppError('conflict', 'This import has already been reverted.');
          const { changes, plan } = await revertPlanOf(trx, run);
          if (plan.cannot) throw new AppError('conflict', `This import cannot be reverted. ${plan.cannot}`);
          if (plan.laterRuns.length)
            throw new AppError(
              'conflict',
              `This import cannot be reverted: later imports changed the same rows (${plan.laterRuns
                .map((r) => `${r.fileName}, import ${r.id}`)
                .join('; ')}). Revert those first.`,
            );
          if (plan.obstacles.length)
            throw new AppError(
              'conflict',
              `This import cannot be reverted: ${plan.obstacles.map((o) => o.reason).join(' ')}`,
            );
          await createImportChangesRepository(trx).revertRun(id, changes!.subjects);
          return { runId: id, effects: plan.effects };
        },
        (result) => ({
          action: 'revert',
          entity: 'import-run',
          entityId: id,
          detail: { kind: run.kind, fileName: run.fileName, effects: result.effects },
        }),
      );
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
