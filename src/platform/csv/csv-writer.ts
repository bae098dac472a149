/**
 * The first characters that make a spreadsheet read a cell as a formula (or, for tab and
 * carriage return, hide one), after the OWASP guidance on CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: dates as ISO text, objects as JSON, quoted when it holds a comma, quote or line
 * break. Text that begins like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
 * neutralised: prefixed with a single quote and quoted, so a spreadsheet shows it as text and
 * never runs it. JavaScript numbers are written as they are, so `-0.3` stays a number: a number
 * cannot carry a formula. Every CSV the product writes goes through this function; callers pass
 * numbers as numbers, never pre-formatted as text.
 */
export function csvField(value: unknown): string {
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value ?? '');
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV text (RFC 4180 quoting, a line break after every row). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
