import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';

/** A few names of what stands in the way, and how many there are in all. */
export interface Named {
  names: string[];
  total: number;
  runIds?: number[];
}

/** How many names a reason gives before "and N others". */
const NAMES_SHOWN = 3;

/** A later change to the same row, by an import not reverted: those are named as the imports in the way. */
const LATER_CHANGE = sql`exists (
  select 1 from import_changes l join import_runs r on r.id = l.run_id and r.reverted_at is null
  where l.subject = c.subject and l.row_key = c.row_key and l.id > c.id)`;

async function named(query: ReturnType<typeof sql<{ name: string; total: number }>>, db: Db): Promise<Named> {
  const rows = (await query.execute(db)).rows;
  return { names: rows.map((r) => r.name), total: Number(rows[0]?.total ?? 0) };
}

/**
 * What stands in the way of putting an import's landscape rows back as they were, besides later
 * imports: rows edited since by hand, rows it changed that are gone, and organisations it added that
 * other records now name (found from the database's own foreign keys, so every module's are seen).
 */
export function createLandscapeRevertRepository(db: Db) {
  return {
    /** Organisations or ties the run wrote that someone has edited since (and no later import has). */
    editedSince(runId: number, subject: 'organisation' | 'relationship'): Promise<Named> {
      const table = sql.table(subject === 'organisation' ? 'organisations' : 'relationships');
      return named(
        sql<{ name: string; total: number }>`
          select c.name || coalesce(' and ' || c.other_name, '') as name, count(*) over () as total
          from import_changes c join ${table} x on x.id = c.row_key::int
          where c.run_id = ${runId}::int and c.subject = ${subject} and c.action in ('insert', 'update')
            and x.updated_at is distinct from c.changed_at and not ${LATER_CHANGE}
          order by c.name limit ${NAMES_SHOWN}`,
        db,
      );
    },

    /** Organisations or ties the run updated that have since been deleted, so cannot be put back. */
    deletedSince(runId: number, subject: 'organisation' | 'relationship'): Promise<Named> {
      const table = sql.table(subject === 'organisation' ? 'organisations' : 'relationships');
      return named(
        sql<{ name: string; total: number }>`
          select c.name || coalesce(' and ' || c.other_name, '') as name, count(*) over () as total
          from import_changes c
          where c.run_id = ${runId}::int and c.subject = ${subject} and c.action = 'update'
            and not exists (select 1 from ${table} x where x.id = c.row_key::int) and not ${LATER_CHANGE}
          order by c.name limit ${NAMES_SHOWN}`,
        db,
      );
    },

    /** Every column of another table that refers to an organisation or a tie (organisation tables and their rows). */
    async referencesTo(): Promise<Array<{ table: string; column: string; target: 'organisations' | 'relationships' }>> {
      const rows = await sql<{ table: string; column: string; target: 'organisations' | 'relationships' }>`
        select c.conrelid::regclass::text as table, a.attname as column, c.confrelid::regclass::text as target
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.confrelid in ('organisations'::regclass, 'relationships'::regclass)
        order by 1, 2`.execute(db);
      return rows.rows;
    },

    /**
     * The organisations the run added (or, for a tie it added, its school) that rows of `table`
     * refer to by `column`, other than rows the revert removes or puts back itself; with the imports
     * that added them when they are ties.
     */
    async referring(
      runId: number,
      reference: { table: string; column: string; target: 'organisations' | 'relationships' },
    ): Promise<Named> {
      const subject = reference.target === 'organisations' ? 'organisation' : 'relationship';
      // Rows the revert itself removes, or whose reference it puts back (a school it moved to a new local authority).
      const undoneHere = (what: string) => sql`(
        select row_key::int from import_changes where run_id = ${runId}::int and subject = ${what}
          and (action = 'insert' or (action = 'update' and before ? ${reference.column})))`;
      const ownRows =
        reference.table === 'relationships'
          ? sql`and x.id not in ${undoneHere('relationship')}`
          : reference.table === 'organisations'
            ? sql`and x.id not in ${undoneHere('organisation')}`
            : sql``;
      const column = sql.ref(`x.${reference.column}`);
      const runs =
        reference.table === 'relationships'
          ? sql`(select array_agg(distinct l.run_id) from import_changes l join import_runs r on r.id = l.run_id and r.reverted_at is null
              where l.subject = 'relationship' and l.action = 'insert' and l.row_key = any(array_agg(x.id::text)))`
          : sql`null::int[]`;
      const rows = (
        await sql<{ name: string; total: number; run_ids: number[] | null }>`
          select c.name, count(*) over () as total, ${runs} as run_ids
          from ${sql.table(reference.table)} x
          join import_changes c on c.run_id = ${runId}::int and c.subject = ${subject} and c.action = 'insert' and c.row_key = ${column}::text
          where true ${ownRows}
          group by c.id, c.name order by c.name`.execute(db)
      ).rows;
      return {
        names: rows.slice(0, NAMES_SHOWN).map((r) => r.name),
        total: Number(rows[0]?.total ?? 0),
        runIds: [...new Set(rows.flatMap((r) => r.run_ids ?? []))].sort((a, b) => a - b),
      };
    },
  };
}
