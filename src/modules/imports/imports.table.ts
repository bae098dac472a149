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
}

export interface ImportsTables {
  import_runs: ImportRunsTable;
}
