import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { AppError, summaryOf, type FieldProblem } from './errors.js';
import { toAppError } from './error-mapping.js';
import type { FailedForm } from './views.js';
import { labelOf, messageFor, spellOut, type RuleBreak } from './problem-messages.js';

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

const KEYWORD_OF: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.ObjectRequiredProperty]: 'required',
  [ValueErrorType.ObjectAdditionalProperties]: 'additionalProperties',
  [ValueErrorType.StringMaxLength]: 'maxLength',
  [ValueErrorType.StringMinLength]: 'minLength',
  [ValueErrorType.StringPattern]: 'pattern',
  [ValueErrorType.StringFormat]: 'format',
  [ValueErrorType.StringFormatUnknown]: 'format',
  [ValueErrorType.NumberMinimum]: 'minimum',
  [ValueErrorType.NumberMaximum]: 'maximum',
  [ValueErrorType.NumberExclusiveMinimum]: 'exclusiveMinimum',
  [ValueErrorType.NumberExclusiveMaximum]: 'exclusiveMaximum',
  [ValueErrorType.NumberMultipleOf]: 'multipleOf',
  [ValueErrorType.IntegerMinimum]: 'minimum',
  [ValueErrorType.IntegerMaximum]: 'maximum',
  [ValueErrorType.IntegerExclusiveMinimum]: 'exclusiveMinimum',
  [ValueErrorType.IntegerExclusiveMaximum]: 'exclusiveMaximum',
  [ValueErrorType.IntegerMultipleOf]: 'multipleOf',
  [ValueErrorType.ArrayMaxItems]: 'maxItems',
  [ValueErrorType.ArrayMinItems]: 'minItems',
  [ValueErrorType.ArrayUniqueItems]: 'uniqueItems',
  [ValueErrorType.Literal]: 'const',
  [ValueErrorType.Union]: 'anyOf',
};

/**
 * One TypeBox error as a broken rule. A nullable or optional field is a union with null: its
 * problem is the one the value has against the field's own schema, not "matches no branch".
 */
function ruleBreakOf(error: ValueError): RuleBreak {
  const schema = error.schema as Record<string, unknown>;
  if (error.type === ValueErrorType.Union) {
    const branches = (schema.anyOf as Array<Record<string, unknown>>).filter((b) => b.type !== 'null');
    if (branches.length === 1 && !('const' in branches[0]!)) {
      // The union kept what was typed ("9") when no branch took it: read it as the branch would.
      const inner = Value.Errors(
        branches[0] as TSchema,
        Value.Convert(branches[0] as TSchema, structuredClone(error.value)),
      ).First();
      if (inner) {
        const broken = ruleBreakOf(inner);
        return { ...broken, schema: { title: schema.title, ...broken.schema } };
      }
    }
    return { keyword: 'anyOf', schema, value: error.value };
  }
  return { keyword: KEYWORD_OF[error.type] ?? 'type', schema, value: error.value };
}

/** The fields of GOV.UK's date input, after the date's own name. */
export const DATE_PARTS = ['day', 'month', 'year'] as const;

/**
 * The GOV.UK date input's three fields (`when-day`, `when-month`, `when-year`) as one ISO date
 * `when`. All three empty: the date is not given (or, on an edit form, cleared). Partly filled or not a real day: a problem
 * in a person's words, and the field is left out so the schema does not report it again.
 */
function joinDateParts(
  fields: Record<string, unknown>,
  problems: FieldProblem[],
  labelFor: (name: string) => string,
  emptyAsNull = false,
): void {
  const names = new Set(
    Object.keys(fields)
      .map((key) => /^(.+)-(day|month|year)$/.exec(key)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  for (const name of names) {
    const parts = DATE_PARTS.map((part) => {
      const value = fields[`${name}-${part}`];
      delete fields[`${name}-${part}`];
      return typeof value === 'string' ? value.trim() : '';
    });
    const [day, month, year] = parts;
    if (parts.every((p) => p === '')) {
      if (emptyAsNull) fields[name] = null;
      continue;
    }
    const label = labelFor(name);
    const missing = DATE_PARTS.filter((_, i) => parts[i] === '');
    if (missing.length) {
      problems.push({ field: name, rule: 'format', message: `${label} must include a ${missing.join(' and a ')}` });
      continue;
    }
    const iso = `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
    if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!) || !isIsoDate(iso)) {
      problems.push({ field: name, rule: 'format', message: `${label} must be a real date, like 27 3 2025` });
      continue;
    }
    fields[name] = iso;
  }
}

/** The field's own schema, inside an optional or nullable union. */
function innerSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const branches = schema?.anyOf as Array<Record<string, unknown>> | undefined;
  return branches ? branches.find((b) => b.type !== 'null') : schema;
}

/**
 * TypeBox reads "2.5" as the whole number 2 and "1e400" as Infinity: such a value is put back as
 * typed, so that it is reported rather than silently changed.
 */
function keepWhatConversionWouldChange(
  properties: Record<string, Record<string, unknown>>,
  typedIn: Record<string, unknown>,
  converted: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(typedIn)) {
    if (typeof value !== 'string') continue;
    const type = innerSchema(properties[name])?.type;
    const number = converted[name];
    if (type === 'integer' && !/^-?\d+$/.test(value)) converted[name] = value;
    if (type === 'number' && (typeof number !== 'number' || !Number.isFinite(number))) converted[name] = value;
  }
}

/**
 * Reads an HTML form body against the same schema the API uses: trims text, treats an empty
 * field as absent (or as null, to clear it, on edit forms), joins a date's three fields,
 * converts numbers and booleans, and lists every problem at once in a person's words.
 */
export function parseForm<T extends TSchema>(
  schema: T,
  body: unknown,
  options: { emptyAsNull?: boolean; labels?: Record<string, string> } = {},
): Static<T> {
  const raw: Record<string, unknown> = { ...((body ?? {}) as Record<string, unknown>) };
  delete raw._csrf;
  const problems: FieldProblem[] = bodyProblems(raw);
  const properties = ((schema as Record<string, unknown>).properties ?? {}) as Record<string, Record<string, unknown>>;
  const label = (name: string) => options.labels?.[name.split('.')[0]!];
  joinDateParts(raw, problems, (name) => label(name) ?? labelOf(name, properties[name]), options.emptyAsNull);
  const cleaned: Record<string, unknown> = {};
  for (const [key, given] of Object.entries(raw)) {
    const value = typeof given === 'string' ? given.trim() : given;
    if (value === '') {
      // On an edit form an emptied field clears the value; on a new form it is simply not given.
      if (options.emptyAsNull) cleaned[key] = null;
      continue;
    }
    cleaned[key] = value;
  }
  const converted = Value.Convert(schema, structuredClone(cleaned)) as Record<string, unknown>;
  keepWhatConversionWouldChange(properties, cleaned, converted);
  const seen = new Set<string>(problems.map((p) => p.field));
  for (const error of Value.Errors(schema, converted)) {
    const field = error.path.replace(/^\//, '').replace(/\//g, '.') || '(form)';
    if (seen.has(field)) continue;
    seen.add(field);
    const broken = ruleBreakOf(error);
    if (label(field) && !broken.schema?.title) broken.schema = { ...broken.schema, title: label(field) };
    problems.push({ field, rule: broken.keyword, message: messageFor(field, broken) });
  }
  if (problems.length > 0) throw new AppError('validation', summaryOf(problems), problems);
  return converted as Static<T>;
}

/** The values of a group of checkboxes: one ticked arrives as a string, several as an array, none as nothing. */
export function formList(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);
}

/** The errors of a failed form, keyed by field, for templates. */
export function errorsByField(error: AppError): Record<string, string> {
  return Object.fromEntries((error.details ?? []).map((p) => [p.field, p.message]));
}

/**
 * What a page needs to show a failed submission of one of its forms: the summary list, messages
 * by field, and (`failed`) the form's address with everything typed, which the templates' `typed`
 * and `problem` read back into that form's fields.
 */
export function formErrorContext(
  error: AppError,
  request?: { url: string; body?: unknown },
  /** Where a page has several forms, what the failed form's field ids begin with. */
  { idPrefix = '' }: { idPrefix?: string } = {},
) {
  const details = error.details?.length ? error.details : [{ field: '(form)', message: error.message }];
  const errors = errorsByField(error);
  const values = { ...((request?.body ?? {}) as Record<string, unknown>) };
  delete values._csrf;
  return {
    errors,
    errorList: details.map((d) => ({
      text: d.message,
      href: d.field.startsWith('(') ? '#main-content' : `#${idPrefix}${d.field.split('.')[0]}`,
    })),
    ...(request ? { failed: { action: request.url.split('?')[0]!, values, errors } satisfies FailedForm } : {}),
  };
}

/**
 * What a form handler can show on the same form: a problem with what was typed, or a clash with
 * what already exists (from a service or the database). Anything else is re-thrown, for the
 * error page.
 */
export function asFormProblem(error: unknown): AppError {
  const problem = toAppError(error);
  if (problem.code === 'validation' || problem.code === 'conflict') return problem;
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
  const converted = Value.Convert(schema, structuredClone(cleaned)) as Record<string, unknown>;
  const properties = ((schema as Record<string, unknown>).properties ?? {}) as Record<string, TSchema>;
  // Each filter against its own schema: a filter the page requires does not make the others fail.
  for (const key of Object.keys(converted)) {
    if (!properties[key] || !Value.Check(properties[key], converted[key])) delete converted[key];
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
        problems.push({
          field: field || '(body)',
          rule: 'nul',
          message: `${spellOut(field)} holds a hidden character (a NUL byte) that cannot be kept: type it again or paste it as plain text`,
        });
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_DEPTH) {
        problems.push({
          field: field || '(body)',
          rule: 'depth',
          message: `${spellOut(field)} is nested more deeply than anything Syslead takes`,
        });
        continue;
      }
      for (const [key, inner] of Object.entries(current as Record<string, unknown>))
        stack.push([inner, field ? `${field}.${key}` : key, depth + 1]);
    }
  }
  return problems;
}

/**
 * The one way a page's form is answered: the work done, on to the address `act` gives (303);
 * a problem a person can mend (a validation error, a clash), the same page again with the
 * failed form's values and messages (400, or `clashStatus` for a clash). Anything else is
 * thrown on, to the error page.
 */
export async function answerForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    /** The page the form is on, and what it shows given the failed form's context. */
    template: string;
    page: (failed: ReturnType<typeof formErrorContext>) => Promise<Record<string, unknown>> | Record<string, unknown>;
    act: () => Promise<string>;
    clashStatus?: number;
  },
) {
  try {
    return reply.redirect(await form.act(), 303);
  } catch (error) {
    const problem = asFormProblem(error);
    return reply.page(
      form.template,
      await form.page(formErrorContext(problem, request)),
      problem.code === 'conflict' && form.clashStatus ? form.clashStatus : 400,
    );
  }
}
