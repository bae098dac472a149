import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

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
  return (template, context) => env.render(template, context);
}
