/**
 * One mapping of PostgreSQL types to JavaScript values for both drivers, so that code
 * sees the same shapes on the embedded database and on a server: counts (int8) and
 * numerics as numbers, calendar dates as 'YYYY-MM-DD' strings (never shifted by a time zone).
 */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082 } as const;

export const textParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: (value) => Number(value),
  [TYPE_OIDS.numeric]: (value) => Number(value),
  [TYPE_OIDS.date]: (value) => value,
};
