import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import { escapeLike } from '../landscape/index.js';
import type { ImportChanges } from './imports.runner.js';

/** Which of a run's changes to show: a kind of change, a field it changed, a name or URN. */
export interface ChangeFilter {
  change?: string;
  field?: string;
  q?: string;
}

/** One change as its page and CSV show it. */
export interface ChangeRow {
  change: string;
  name: string | null;
  urn: number | null;
  otherName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * The changes imports recorded, row by row (written by each importer's merge, in its transaction),
 * and putting a run's rows back as they were.
 */
export function createImportChangesRepository(db: Db) {
  function filtered(runId: number, filter: ChangeFilter) {
    let query = db.selectFrom('import_changes as c').where('c.run_id', '=', runId);
    if (filter.change) query = query.where('c.change', '=', filter.change);
    if (filter.field) query = query.where(sql<SqlBool>`(c.after -> ${filter.field}) is not null`);
    const q = filter.q?.trim();
    if (q) {
      const like = `%${escapeLike(q.toLowerCase())}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['c.name']), 'like', like),
          eb(eb.fn('lower', ['c.other_name']), 'like', like),
          ...(/^\d{6}$/.test(q) ? [eb('c.urn', '=', Number(q))] : []),
        ]),
      );
    }
    return query;
  }

  const COLUMNS = ['c.change', 'c.name', 'c.urn', 'c.other_name as otherName', 'c.before', 'c.after'] as const;

  return {
    /** One page of a run's changes, by name, with how many match in all. */
    async listChanges(
      runId: number,
      filter: ChangeFilter,
      page: { limit: number; offset: number } | null,
    ): Promise<{ items: ChangeRow[]; total: number }> {
      let query = filtered(runId, filter).select(COLUMNS).orderBy('c.name').orderBy('c.id');
      if (page) query = query.limit(page.limit).offset(page.offset);
      const items = await query.execute();
      const total = page
        ? Number(
            (
              await filtered(runId, filter)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirst()
            )?.n ?? 0,
          )
        : items.length;
      return { items, total };
    },

    /** How many changes of each kind a run made. */
    async changeCounts(runId: number): Promise<Array<{ change: string; n: number }>> {
      const rows = await db
        .selectFrom('import_changes')
        .select(['change', (eb) => eb.fn.countAll<number>().as('n')])
        .where('run_id', '=', runId)
        .groupBy('change')
        .execute();
      return rows.map((r) => ({ change: r.change, n: Number(r.n) }));
    },

    /** The fields a run changed, for the filter. */
    async changedFields(runId: number): Promise<string[]> {
      const rows = await sql<{ field: string }>`
        select distinct jsonb_object_keys(after) as field from import_changes where run_id = ${runId}::int and after is not null
        order by 1`.execute(db);
      return rows.rows.map((r) => r.field);
    },

    /** Imports not reverted that changed, after this run, any row it changed. */
    async laterRuns(runId: number): Promise<Array<{ id: number; fileName: string; startedAt: Date }>> {
      const rows = await sql<{ id: number; fileName: string; startedAt: Date }>`
        select r.id, r.file_name as "fileName", r.started_at as "startedAt" from import_runs r
        where r.reverted_at is null and r.id in (
          select l.run_id from import_changes c join import_changes l on l.subject = c.subject and l.row_key = c.row_key and l.id > c.id
          where c.run_id = ${runId}::int and l.run_id <> ${runId}::int)
        order by r.id`.execute(db);
      return rows.rows;
    },

    /**
     * Puts back every row a run changed as it was before, subject by subject in the order given:
     * first the rows it inserted are deleted, then the rows it updated get their earlier values
     * back, then the rows it deleted are inserted again. Set-based: a few statements per subject.
     */
    async revertRun(runId: number, subjects: ImportChanges['subjects']): Promise<void> {
      const ordered = Object.entries(subjects);
      const keyOf = (key: string[]) => sql.raw(`concat_ws('|', ${key.map((k) => `t.${k}`).join(', ')})`);
      const of = (subject: string, action: string) =>
        sql`select row_key from import_changes where run_id = ${runId}::int and subject = ${subject} and action = ${action}`;
      for (const [subject, { table, key }] of ordered)
        await sql`delete from ${sql.table(table)} t where ${keyOf(key)} in (${of(subject, 'insert')})`.execute(db);
      for (const [subject, { table, key }] of ordered) {
        const columns = await sql<{ name: string }>`
          select distinct k.name from import_changes c cross join lateral jsonb_object_keys(c.before) as k(name)
          where c.run_id = ${runId}::int and c.subject = ${subject} and c.action = 'update'
            and k.name in (select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table})`.execute(
          db,
        );
        if (!columns.rows.length) continue;
        const sets = sql.join(
          columns.rows.map(
            ({ name }) =>
              sql`${sql.ref(name)} = case when c.before ? ${name} then (c.was).${sql.ref(name)} else t.${sql.ref(name)} end`,
          ),
        );
        await sql`
          update ${sql.table(table)} t set ${sets}
          from (select distinct on (row_key) row_key, before, jsonb_populate_record(null::${sql.table(table)}, before) as was
                from import_changes where run_id = ${runId}::int and subject = ${subject} and action = 'update' order by row_key, id) c
          where ${keyOf(key)} = c.row_key`.execute(db);
      }
      for (const [subject, { table }] of ordered)
        await sql`
          insert into ${sql.table(table)}
          select (jsonb_populate_record(null::${sql.table(table)}, before)).* from import_changes
          where run_id = ${runId}::int and subject = ${subject} and action = 'delete'`.execute(db);
    },

    /** The names of rows of a table (with an `id` and a `name`) that changes refer to by id. */
    async namesOf(table: string, ids: number[]): Promise<Array<{ id: number; name: string }>> {
      if (!ids.length) return [];
      const rows = await sql<{ id: number; name: string }>`
        select id, name from ${sql.table(table)} where id = any(${[...new Set(ids)]}::int[])`.execute(db);
      return rows.rows;
    },

    /** Marks a run reverted, by whom and now; false when it already was. */
    async markReverted(runId: number, userId: number | null): Promise<boolean> {
      const result = await sql`
        update import_runs set reverted_at = now(), reverted_by = ${userId}::int where id = ${runId}::int and reverted_at is null`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0) === 1;
    },
  };
}
