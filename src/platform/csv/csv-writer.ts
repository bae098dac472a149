/** One CSV field: dates as ISO text, objects as JSON, quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV text (RFC 4180 quoting, a line break after every row). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
