import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { readCsv, type CsvRecord } from '../../platform/csv/csv-reader.js';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { FieldError } from '../../platform/csv/fields.js';
import { createStaging, type StagingColumns } from './imports.staging.js';

export interface Reject {
  line: number;
  reason: string;
}

/** What an import did, row by row: read = inserted + updated + unchanged + rejected (+ rows repeating another). */
export interface ImportSummary {
  kind: string;
  file: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: Reject[];
  /** Other effects worth knowing (local authorities, trusts, memberships, links waiting for a school…). */
  details: Record<string, number>;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejects?: Reject[];
  details?: Record<string, number>;
}

/** What an importer knows of the file beyond its content: its name, and the period its values belong to when given. */
export interface ImportContext {
  fileName: string;
  period?: string;
}

/** What a merge is given: the import's transaction, its run (whose changes it records) and a count of what was staged. */
export interface MergeContext {
  trx: Db;
  runId: number;
  stagedCount(table: string): Promise<number>;
}

/** Something that stands in the way of reverting an import, in a sentence, with the imports it names. */
export interface RevertObstacle {
  reason: string;
  runIds?: number[];
}

/**
 * The changes an importer records (in `import_changes`, within its merge) and how they read: an
 * importer with them can be reverted, its rows put back as they were.
 */
export interface ImportChanges {
  /** The tables its changes are to (`subject` of each change), each with the columns of its key, in the order reverting goes. */
  subjects: Record<string, { table: string; key: string[] }>;
  /** Each kind of change: its name, and what reverting does to one and to many (“organisation it added is removed”). */
  kinds: Record<string, { label: string; undo: [one: string, many: string] }>;
  /** A field in words. */
  fieldLabel(field: string): string;
  /** Fields that hold the id of a row of another table with a name (a school's local authority), shown by that name. */
  namedBy?: Record<string, string>;
  /** A field's value in words (a code as its name). */
  valueLabel(field: string, value: unknown): string;
  /** What else stands in the way of reverting a run (rows edited since, or used by others), besides later imports. */
  obstacles(trx: Db, runId: number): Promise<RevertObstacle[]>;
}

/** One kind of file: how to check its header, read a record into a staging row, and merge what was staged. */
export interface ImportDefinition {
  kind: string;
  description: string;
  table: string;
  /** Staging columns; the first must be `line int`. */
  columns: StagingColumns;
  /** Problems with the header; any problem refuses the file before anything is written. */
  checkHeader(header: string[], context: ImportContext): string[];
  /**
   * Whether a record may have more fields than the header: GIAS writes its last column,
   * "Linked establishments", as an unquoted comma-separated list that spills into extra fields.
   */
  acceptsExtraTrailingFields?: boolean;
  /** Prepares the reader for this file's header (which optional columns it has). */
  prepare?(header: string[], context: ImportContext): void;
  /** The staging row for a record (without its line), or throws FieldError with the reason. */
  toRow(record: CsvRecord['values']): unknown[];
  /** A record's natural key: a second record with the same key is rejected. */
  keyOf?(row: unknown[]): string;
  /** Merges what was staged, in the import's transaction, into the tables of the module that owns the data. */
  merge(context: MergeContext): Promise<MergeResult>;
  /** What each of the `details` of its result stands for, in words. */
  detailLabels?: Record<string, string>;
  /** The changes its merge records, for its run's page and its revert; without them, its imports cannot be reverted. */
  changes?: ImportChanges;
}

export interface ImportOptions {
  onProgress?(progress: { rowsRead: number; bytesRead: number; totalBytes: number }): void;
  /** Told when every row is read and staged, and the merge begins. */
  onMerge?(): void;
  chunkSize?: number;
  /** The name the user gave the file (an upload is stored under another). */
  fileName?: string;
  /** The period the file's values belong to, for files that do not say. */
  period?: string;
}

/** Lists the columns missing from a header; `alternatives` are satisfied by any one of their names. */
export function missingColumns(header: string[], required: string[], alternatives: string[][] = []): string[] {
  const present = new Set(header);
  const problems = required.filter((c) => !present.has(c)).map((c) => `missing column "${c}"`);
  for (const names of alternatives) {
    if (!names.some((n) => present.has(n))) problems.push(`missing column ${names.map((n) => `"${n}"`).join(' or ')}`);
  }
  return problems;
}

/**
 * Runs one import of a run (`options.runId`) in the caller's transaction (`trx`, which also holds
 * the run's record and audit entry): streams the file, stages valid rows in chunks, reports each rejected row with
 * its line, then merges. Any failure rolls everything back.
 */
export async function runImport(
  trx: Db,
  definition: ImportDefinition,
  file: string,
  options: ImportOptions & { runId: number },
): Promise<ImportSummary> {
  const totalBytes = fs.statSync(file).size;
  const chunkSize = options.chunkSize ?? 5000;
  const context: ImportContext = { fileName: options.fileName ?? path.basename(file), period: options.period };
  const repo = createStaging(trx);
  await repo.createStaging(definition.table, definition.columns);
  const rejects: Reject[] = [];
  const firstLineOfKey = new Map<string, number>();
  let expectedFields = 0;
  let rowsRead = 0;
  let bytesRead = 0;
  let chunk: unknown[][] = [];
  const records = readCsv(file, {
    checkHeader: (header) => {
      expectedFields = header.length;
      const problems = definition.checkHeader(header, context);
      if (problems.length === 0) definition.prepare?.(header, context);
      return problems;
    },
    onProgress: (bytes) => {
      bytesRead = bytes;
    },
  });
  for await (const record of records) {
    rowsRead++;
    try {
      const extraAllowed = definition.acceptsExtraTrailingFields && record.fieldCount > expectedFields;
      if (record.fieldCount !== expectedFields && !extraAllowed) {
        throw new FieldError(
          `has ${record.fieldCount} fields but the header has ${expectedFields} (a truncated or broken line)`,
        );
      }
      const row = definition.toRow(record.values);
      const key = definition.keyOf?.(row);
      if (key !== undefined) {
        const first = firstLineOfKey.get(key);
        if (first !== undefined) throw new FieldError(`repeats ${key} already given on line ${first}`);
        firstLineOfKey.set(key, record.line);
      }
      chunk.push([record.line, ...row]);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      rejects.push({ line: record.line, reason: error.message });
    }
    if (chunk.length >= chunkSize) {
      await repo.appendStaging(definition.table, definition.columns, chunk);
      chunk = [];
      options.onProgress?.({ rowsRead, bytesRead, totalBytes });
    }
  }
  await repo.appendStaging(definition.table, definition.columns, chunk);
  options.onProgress?.({ rowsRead, bytesRead: totalBytes, totalBytes });
  options.onMerge?.();
  const merged = await definition.merge({ trx, runId: options.runId, stagedCount: repo.stagedCount });
  // Fresh statistics after a bulk change: the embedded database has no autovacuum, and a
  // planner that still thinks a table is empty picks nested loops that take minutes.
  await repo.analyze();
  const allRejects = [...rejects, ...(merged.rejects ?? [])].sort((a, b) => a.line - b.line);
  return {
    kind: definition.kind,
    file,
    rowsRead,
    inserted: merged.inserted,
    updated: merged.updated,
    unchanged: merged.unchanged,
    rejected: allRejects.length,
    rejects: allRejects,
    details: merged.details ?? {},
  };
}

/** Rejected rows as CSV (line, reason), for the --rejects file. */
export function rejectsCsv(rejects: Reject[]): string {
  return toCsv(
    ['line', 'reason'],
    rejects.map((r) => [r.line, r.reason]),
  );
}
