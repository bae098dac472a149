import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { DATE_PARTS } from './validate.js';

const require = createRequire(import.meta.url);

/** Where templates live: the platform's layout, every module's folder, and GOV.UK Frontend's macros. */
function templatePaths(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const govuk = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  return [path.join(here, 'views'), path.resolve(here, '../../modules'), govuk];
}

// Built once: a formatter costs far more to make than to use (`toLocaleDateString` makes one per call).
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const NUMBER_FORMAT = new Intl.NumberFormat('en-GB');
const DATE_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A moment as people in England read it, on the clock in England, e.g. 3 September 2025 at 14:05. */
export function formatDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return DATE_TIME_FORMAT.format(date);
}

/** A date as people in England write it, e.g. 3 September 2025; empty for no date. */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(`${String(value)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(value);
  return DATE_FORMAT.format(date);
}

/** A number as people in England write it, e.g. 1,234.5; empty for no number. */
export function formatNumber(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  return Number.isFinite(n) ? NUMBER_FORMAT.format(n) : String(value);
}

/** Builds a link to the same page with some query parameters replaced (blank ones dropped). */
function withQuery(base: string, query: Record<string, unknown>, changes: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** What a failed form leaves for its page: the form's address, what was typed and the messages by field. */
export interface FailedForm {
  action: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

type TemplateContext = { ctx: { failed?: FailedForm } };

/** The failed form, when it is the one posting to `action` (or any, when no action is named). */
function failedForm(context: TemplateContext, action?: string): FailedForm | undefined {
  const failed = context.ctx.failed;
  return failed && (action === undefined || failed.action === action) ? failed : undefined;
}

/**
 * What a person typed into a field of a form that came back with a problem, else the value the
 * page would show: every field of every form reads its value through this, so nothing typed is lost.
 */
function typed(this: TemplateContext, name: string, fallback?: unknown, action?: string): unknown {
  const failed = failedForm(this, action);
  return failed ? failed.values[name] : fallback;
}

/** Whether a checkbox (or radio) of the failed form was ticked with `value`, else `fallback`. */
function ticked(this: TemplateContext, name: string, value: unknown, fallback = false, action?: string): boolean {
  const failed = failedForm(this, action);
  if (!failed) return fallback;
  const given = failed.values[name];
  return (Array.isArray(given) ? given : [given]).map(String).includes(String(value));
}

/** The message for a field of the failed form, as GOV.UK components take it (`errorMessage`), or false. */
function problem(this: TemplateContext, name: string, action?: string): { text: string } | false {
  const message = failedForm(this, action)?.errors[name];
  return message ? { text: message } : false;
}

/** A date's three fields for the GOV.UK date input: as typed, else from the ISO date the page holds. */
function dateParts(this: TemplateContext, name: string, iso?: unknown, action?: string) {
  const failed = failedForm(this, action);
  // A form that came back shows the three fields as typed (or the one date, as an API client sends it).
  const typedParts = failed && DATE_PARTS.some((part) => failed.values[`${name}-${part}`] !== undefined);
  const source = failed && !typedParts ? failed.values[name] : iso;
  const [year, month, day] = typeof source === 'string' ? source.slice(0, 10).split('-') : [];
  if (typedParts) {
    const part = (key: string) => failed.values[`${name}-${key}`];
    return { day: part('day'), month: part('month'), year: part('year') };
  }
  return { day, month, year };
}

export type Renderer = (template: string, context: Record<string, unknown>) => string;

/** Creates the HTML renderer; autoescaping is always on. */
export function createRenderer(): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatePaths(), { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('number', formatNumber);
  env.addGlobal('withQuery', withQuery);
  env.addGlobal('typed', typed);
  env.addGlobal('problem', problem);
  env.addGlobal('ticked', ticked);
  env.addGlobal('dateParts', dateParts);
  return (template, context) => env.render(template, context);
}
