/**
 * What the landscape's repositories share: a page of results, rows of a table as domain
 * objects in camelCase, camelCase values written as columns, the escaping of LIKE patterns,
 * and whether an organisation exists on a day.
 */
import { sql, type SqlBool, type Updateable } from 'kysely';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/** A snake_case column name in camelCase: `la_code` becomes `laCode`. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** A row of a table (a Kysely `Selectable`) as repositories return it: its columns in camelCase. */
export type Camelised<Row> = { [K in keyof Row & string as CamelCase<K>]: Row[K] };

/**
 * Writes camelCase values as columns of a table, by a map naming each field's column: undefined
 * fields are left out (null clears), and fields the map does not name are dropped.
 */
export function columnsWriter<Table, Values extends object>(columns: Record<keyof Values, keyof Table & string>) {
  return (values: Values): Updateable<Table> => {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && key in columns) row[columns[key as keyof Values]] = value;
    }
    return row as Updateable<Table>;
  };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function offsetOf(page: number, perPage: number) {
  return (page - 1) * perPage;
}

/** Whether the organisation of a table alias exists on a day: opened by then, not closed before it, and not closed with no date. */
export function existsOn(alias: 'o' | 'f' | 't', onDate: string) {
  const a = sql.raw(alias);
  return sql<SqlBool>`(${a}.opened_on is null or ${a}.opened_on <= ${onDate}) and (${a}.closed_on is null or ${a}.closed_on >= ${onDate}) and not (${a}.status = 'closed' and ${a}.closed_on is null)`;
}
