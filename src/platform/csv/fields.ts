/**
 * Reading the fields of public files: each reader returns the value, null for an empty
 * field, or throws a FieldError whose message becomes the row's rejection reason.
 */
import { isIsoDate } from '../http/validate.js';

export class FieldError extends Error {}

const EMPTY = new Set(['', 'NA', 'N/A', 'NULL', 'null', 'x', 'SUPP', 'NE']);

export function text(column: string, raw: string | undefined, maxLength = 500): string | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  if (value.includes('\u0000')) throw new FieldError(`${column} holds a NUL character`);
  if (value.length > maxLength) throw new FieldError(`${column} is longer than ${maxLength} characters`);
  return value;
}

export function requiredText(column: string, raw: string | undefined, maxLength = 500): string {
  const value = text(column, raw, maxLength);
  if (value === null) throw new FieldError(`${column} is empty`);
  return value;
}

/**
 * Dates as GIAS writes them (dd-mm-yyyy), as people type them in a spreadsheet (dd/mm/yyyy, also
 * 7/3/2025) or ISO (yyyy-mm-dd): all unambiguous, as the year's place tells the order. A day and
 * month the other way round (03/27/2025) is not a real date and is refused.
 */
export function date(column: string, raw: string | undefined): string | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  const uk = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value;
  if (!isIsoDate(iso)) throw new FieldError(`${column} "${value}" is not a date: write it as 27/03/2025 or 2025-03-27`);
  return iso;
}

export function integer(column: string, raw: string | undefined, min = 0, max = 2_000_000_000): number | null {
  const value = (raw ?? '').trim();
  if (EMPTY.has(value)) return null;
  if (!/^-?\d+$/.test(value)) throw new FieldError(`${column} "${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new FieldError(`${column} ${n} is outside ${min} to ${max}`);
  return n;
}

/** A decimal, also written as a percentage ("46.90%"). */
export function decimal(column: string, raw: string | undefined, min: number, max: number): number | null {
  const value = (raw ?? '').trim().replace(/%$/, '');
  if (EMPTY.has(value)) return null;
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new FieldError(`${column} "${raw}" is not a number`);
  const n = Number(value);
  if (n < min || n > max) throw new FieldError(`${column} ${n} is outside ${min} to ${max}`);
  return n;
}

export function urn(column: string, raw: string | undefined): number {
  const value = (raw ?? '').trim();
  if (!/^\d{6}$/.test(value))
    throw new FieldError(value === '' ? `${column} is empty` : `${column} "${value}" is not a six-digit URN`);
  return Number(value);
}

/** A postcode in capitals with one space before the inward code, when it looks like one. */
export function postcode(raw: string | undefined): string | null {
  const value = (raw ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  if (value === '') return null;
  const compact = value.replace(/ /g, '');
  return /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : value;
}

/** A web address with its scheme (GIAS often leaves it off). */
export function website(raw: string | undefined): string | null {
  const value = (raw ?? '').trim();
  if (value === '' || /\s/.test(value)) return null;
  return /^https?:\/\//i.test(value) ? value : `http://${value}`;
}
