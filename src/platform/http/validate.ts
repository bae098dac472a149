import type { Static, TSchema } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError, type FieldProblem } from './errors.js';

/** A real calendar date written YYYY-MM-DD (2023-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// The same formats the API's validator knows, for forms checked with TypeBox.
FormatRegistry.Set('date', isIsoDate);
FormatRegistry.Set('email', (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value));
FormatRegistry.Set('date-time', (value) => !Number.isNaN(Date.parse(value)));

/**
 * Reads an HTML form body against the same schema the API uses: trims text, treats an empty
 * field as absent (or as null, to clear it, on edit forms), converts numbers and booleans,
 * and lists every problem at once.
 */
export function parseForm<T extends TSchema>(
  schema: T,
  body: unknown,
  options: { emptyAsNull?: boolean } = {},
): Static<T> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '') {
      // On an edit form an emptied field clears the value; on a new form it is simply not given.
      if (options.emptyAsNull) cleaned[key] = null;
      continue;
    }
    cleaned[key] = value;
  }
  const converted = Value.Convert(schema, cleaned);
  const problems: FieldProblem[] = bodyProblems(cleaned);
  const seen = new Set<string>(problems.map((p) => p.field));
  for (const error of Value.Errors(schema, converted)) {
    const field = error.path.replace(/^\//, '').replace(/\//g, '.') || '(form)';
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({
      field,
      message: error.value === undefined || error.value === null ? 'is required' : error.message,
    });
  }
  if (problems.length > 0) throw new AppError('validation', 'Some fields are not valid', problems);
  return converted as Static<T>;
}

/** The error messages of a failed form, keyed by field, for templates. */
export function errorsByField(error: AppError): Record<string, string> {
  return Object.fromEntries((error.details ?? []).map((p) => [p.field, p.message]));
}

/** What a form template needs to show a failed submission: messages by field and the summary list. */
export function formErrorContext(error: AppError, labels: Record<string, string>) {
  return {
    errors: errorsByField(error),
    errorList: (error.details ?? []).map((d) => ({
      text: d.field === '(form)' ? d.message : `${labels[d.field] ?? d.field} ${d.message}`,
      href: `#${d.field}`,
    })),
  };
}

/** Re-throws anything but a validation error, so a form handler only catches what it can show. */
export function asValidationError(error: unknown): AppError {
  if (error instanceof AppError && error.code === 'validation') return error;
  throw error;
}

/**
 * Reads a page's query string leniently: a filter that is not valid is dropped rather than
 * failing the page (a bookmarked or hand-edited address still shows something useful).
 */
export function parseQueryLeniently<T>(schema: TSchema, raw: unknown): T {
  const cleaned = Object.fromEntries(
    Object.entries((raw ?? {}) as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined),
  );
  const converted = Value.Convert(schema, cleaned) as Record<string, unknown>;
  for (const key of Object.keys(converted)) {
    if (!Value.Check(schema, { [key]: converted[key] })) delete converted[key];
  }
  return converted as T;
}

const MAX_DEPTH = 32;

/**
 * Fields whose text holds a NUL character, which PostgreSQL cannot store in text, and bodies
 * nested deeper than any form of ours: refused up front with the field named, rather than
 * failing deep in the database or the validator. Walks without recursion.
 */
export function bodyProblems(value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length) {
    const [current, field, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000'))
        problems.push({ field: field || '(body)', message: 'must not contain a NUL character' });
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_DEPTH) {
        problems.push({ field: field || '(body)', message: 'is nested too deeply' });
        continue;
      }
      for (const [key, inner] of Object.entries(current as Record<string, unknown>))
        stack.push([inner, field ? `${field}.${key}` : key, depth + 1]);
    }
  }
  return problems;
}
