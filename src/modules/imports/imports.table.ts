import type { ColumnType, Generated } from 'kysely';

/** One import of a file: who ran it, whether it succeeded, what it changed and what it rejected. */
export interface ImportRunsTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  user_id: number | null;
  started_at: ColumnType<Date, never, never>;
  succeeded: boolean;
  message: string | null;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  details: ColumnType<Record<string, number>, string, string>;
  rejects: ColumnType<Array<{ line: number; reason: string }>, string, string>;
  /** queued (uploaded, waiting for its job), running, done (succeeded or refused). */
  state: ColumnType<RunState, RunState | undefined, RunState>;
  period: string | null;
  /** What a running import is doing: reading, merging. */
  phase: string | null;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  reverted_at: ColumnType<Date | null, never, Date>;
  reverted_by: ColumnType<number | null, never, number | null>;
}

export type RunState = 'queued' | 'running' | 'done';

/** An uploaded file, in parts, kept until its import job has run, so any process can run it. */
export interface ImportUploadsTable {
  run_id: number;
  part: number;
  content: Uint8Array;
}

/** The organisations an import's accepted rows named: the files that touched each school. */
export interface ImportRunOrganisationsTable {
  run_id: number;
  organisation_id: number;
}

/**
 * One row an import inserted, updated or deleted: which table's row (`subject`, and its key), what
 * kind of change it was for people, and the row's values before and after, for its page and its revert.
 */
export interface ImportChangesTable {
  id: Generated<number>;
  run_id: number;
  subject: string;
  row_key: string;
  action: 'insert' | 'update' | 'delete';
  change: string;
  /** What the row is about, as it was named when changed (an organisation's name and URN, the other end of a tie). */
  name: string | null;
  urn: number | null;
  other_name: string | null;
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown> | null, string | null, never>;
  changed_at: ColumnType<Date, never, never>;
}

export interface ImportsTables {
  import_runs: ImportRunsTable;
  import_uploads: ImportUploadsTable;
  import_run_organisations: ImportRunOrganisationsTable;
  import_changes: ImportChangesTable;
}
