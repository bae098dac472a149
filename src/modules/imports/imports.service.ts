import path from 'node:path';
import type { Db } from '../../db/database.js';
import { CsvFileError } from '../../platform/csv/csv-reader.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireAdmin } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { createImportsRepository } from './imports.repository.js';
import { runImport, type ImportDefinition, type ImportOptions, type ImportSummary } from './imports.runner.js';

/**
 * Imports of files, for administrators: each kind of file is defined by the module that owns its
 * data (`importers`, gathered from the modules' definitions); this service runs them, one
 * transaction per file with its run record and audit entry, and keeps the history.
 */
export function createImportsService({
  db,
  audit,
  importers,
}: {
  db: Db;
  audit: AuditService;
  importers: Record<string, () => ImportDefinition>;
}) {
  const runs = createImportsRepository(db);

  return {
    /**
     * Imports one file of a kind in one transaction with the run's record and its audit entry, or
     * records the reason it failed for the import history.
     */
    async importFile(
      actor: Actor | undefined,
      kind: string,
      file: string,
      options: ImportOptions & { fileName?: string } = {},
    ): Promise<ImportSummary & { runId: number }> {
      const editor = requireAdmin(actor, 'import data');
      const create = importers[kind];
      if (!create)
        throw new AppError(
          'validation',
          `There is no importer "${kind}"; choose one of ${Object.keys(importers).join(', ')}`,
          [{ field: 'kind', message: 'is not a known kind of file' }],
        );
      const fileName = options.fileName ?? path.basename(file);
      const run = { kind, fileName, userId: accountIdOf(editor) };
      try {
        return await audit.recorded(
          actor,
          async (trx) => {
            const summary = { ...(await runImport(trx, create(), file, { ...options, fileName })), file: fileName };
            return {
              ...summary,
              runId: await createImportsRepository(trx).insertRun({ ...run, succeeded: true, summary }),
            };
          },
          (summary) => ({
            action: 'import',
            entity: 'import-run',
            entityId: summary.runId,
            detail: {
              kind,
              fileName,
              rowsRead: summary.rowsRead,
              inserted: summary.inserted,
              updated: summary.updated,
              unchanged: summary.unchanged,
              rejected: summary.rejected,
            },
          }),
        );
      } catch (error) {
        // The import rolled back; the failed run is kept for the import history, after the transaction.
        if (error instanceof CsvFileError) await runs.insertRun({ ...run, succeeded: false, message: error.message });
        throw error;
      }
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
