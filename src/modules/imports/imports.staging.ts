import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type StagingType = 'int' | 'text' | 'date' | 'float8' | 'numeric' | 'int[]';
export type StagingColumns = ReadonlyArray<readonly [name: string, type: StagingType]>;

/**
 * The staging tables of an import: temporary tables of the import's one transaction, filled in
 * chunks and then merged by the importer of the module that owns the data.
 */
export function createStaging(db: Db) {
  return {
    async createStaging(table: string, columns: StagingColumns): Promise<void> {
      const definition = columns.map(([name, type]) => `${name} ${type}`).join(', ');
      await sql`create temp table ${sql.table(table)} (${sql.raw(definition)}) on commit drop`.execute(db);
    },

    /** Appends rows (arrays in column order) with one statement: one array parameter per column. */
    async appendStaging(table: string, columns: StagingColumns, rows: unknown[][]): Promise<void> {
      if (rows.length === 0) return;
      const arrays = columns.map(([, type], i) => {
        const values = rows.map((row) => row[i] ?? null);
        // An int[] column travels as text (its PostgreSQL array literal) inside a text[].
        return type === 'int[]'
          ? sql`${values.map((v) => (v === null ? null : `{${(v as number[]).join(',')}}`))}::text[]`
          : sql`${values}::${sql.raw(type)}[]`;
      });
      const names = sql.raw(columns.map(([name]) => name).join(', '));
      const selects = sql.raw(columns.map(([, type], i) => (type === 'int[]' ? `c${i}::int[]` : `c${i}`)).join(', '));
      const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
      await sql`insert into ${sql.table(table)} (${names}) select ${selects} from unnest(${sql.join(arrays)}) as u(${aliases})`.execute(
        db,
      );
    },

    /** Updates the planner's statistics of every table (allowed inside the import's transaction). */
    async analyze(): Promise<void> {
      await sql`analyze`.execute(db);
    },

    async stagedCount(table: string): Promise<number> {
      const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      return Number(row.rows[0]?.n ?? 0);
    },
  };
}

export type Staging = ReturnType<typeof createStaging>;
