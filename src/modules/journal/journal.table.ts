import type { ColumnType, Generated } from 'kysely';

/** One entry of a leader's reflection journal: private to its author unless shared. */
export interface JournalEntriesTable {
  id: Generated<number>;
  author_id: number;
  written_on: string;
  /** The theme of the prompt the entry started from, if any. */
  prompt: string | null;
  body: string;
  created_at: ColumnType<Date, never, never>;
  updated_at: Date | null;
}

/** An account an entry is shared with, to read only. */
export interface JournalSharesTable {
  entry_id: number;
  user_id: number;
  shared_at: ColumnType<Date, never, never>;
}

export interface JournalTables {
  journal_entries: JournalEntriesTable;
  journal_shares: JournalSharesTable;
}
