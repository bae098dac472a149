/**
 * The landscape report's national figures as open data: every dimension of the report in one
 * CSV, with small numbers suppressed so that no count points at a handful of people. A count
 * from 1 to 4 is written as SUPP, the mark the Department for Education's performance tables
 * use for a suppressed value; 0 is written as 0, as it counts no one. Where one count of a
 * dimension is suppressed, the next smallest is suppressed too, so that the total less the
 * others does not give it back. A share is suppressed when the count it is computed from is.
 */
import { toCsv } from '../../../platform/csv/csv-writer.js';
import { percentOf, REPORT_DIMENSIONS, type LandscapeReport, type ReportDimension } from './report.js';

export const SUPPRESSED = 'SUPP';
export const OPEN_DATA_MIN_COUNT = 5;

export type Published = number | typeof SUPPRESSED;

/** A count as published: SUPP from 1 to min − 1. */
export function publishedCount(n: number, min = OPEN_DATA_MIN_COUNT): Published {
  return n > 0 && n < min ? SUPPRESSED : n;
}

/**
 * The counts of one table as published, given their total is published beside them: each from
 * 1 to min − 1 suppressed and, when that leaves exactly one suppressed, the smallest other
 * non-zero count too (the total less the rest would give the one back).
 */
export function publishedCounts(counts: number[], min = OPEN_DATA_MIN_COUNT): Published[] {
  const published = counts.map((n) => publishedCount(n, min));
  if (published.filter((p) => p === SUPPRESSED).length !== 1) return published;
  let next = -1;
  counts.forEach((n, i) => {
    if (published[i] !== SUPPRESSED && n > 0 && (next < 0 || n < counts[next]!)) next = i;
  });
  if (next >= 0) published[next] = SUPPRESSED;
  return published;
}

/** A share in percent (one decimal, as the report rounds it) of two published counts; suppressed when either is. */
export function publishedPercent(count: Published, total: Published): Published {
  return count === SUPPRESSED || total === SUPPRESSED ? SUPPRESSED : percentOf(count, total);
}

export const OPEN_DATA_COLUMNS: Array<{ name: string; type: string; meaning: string }> = [
  { name: 'as_of', type: 'date', meaning: 'the day the figures are of (YYYY-MM-DD)' },
  {
    name: 'dimension',
    type: 'string',
    meaning:
      'what the rows are counted by: role, origin (local or national), category (the five categories of system leadership), phase, or la (local authority)',
  },
  {
    name: 'key',
    type: 'string',
    meaning:
      'code of the row: role code, origin, category 1 to 5 or none, phase, LA code; total for the dimension’s total',
  },
  { name: 'label', type: 'string', meaning: 'name of the row' },
  {
    name: 'count',
    type: 'integer or SUPP',
    meaning:
      'system leadership roles held on the day (for la: distinct people holding one in the authority; one person may count in two); SUPP when suppressed',
  },
  {
    name: 'percent',
    type: 'number or SUPP',
    meaning:
      'count as a percentage of the dimension’s total, to one decimal; SUPP when the count or the total is suppressed; empty on the total',
  },
  {
    name: 'schools',
    type: 'integer or SUPP',
    meaning: 'for la: open schools in the authority; empty for other dimensions',
  },
  {
    name: 'schools_with_leaders',
    type: 'integer or SUPP',
    meaning: 'for la: open schools with at least one person holding a system leadership role there; empty otherwise',
  },
  {
    name: 'schools_with_leaders_percent',
    type: 'number or SUPP',
    meaning: 'for la: schools_with_leaders as a percentage of schools, to one decimal; SUPP when either is suppressed',
  },
];

const NOTE = `Counts from 1 to ${OPEN_DATA_MIN_COUNT - 1} are written ${SUPPRESSED} (suppressed), as is the next smallest count of a dimension where only one would be; 0 counts no one and is written 0.`;

/** The rows of the open data, one report per dimension (each of the same day). */
export function openDataRows(reports: Partial<Record<ReportDimension, LandscapeReport>>): unknown[][] {
  const rows: unknown[][] = [];
  for (const by of REPORT_DIMENSIONS) {
    const report = reports[by];
    if (!report) continue;
    const total = publishedCount(report.total);
    const counts = publishedCounts(report.rows.map((r) => r.count));
    report.rows.forEach((r, i) => {
      const la = by === 'la';
      const schools = la ? publishedCount(r.schools ?? 0) : '';
      const withLeaders = la ? publishedCount(r.schoolsWithLeaders ?? 0) : '';
      rows.push([
        report.asOf,
        by,
        r.key,
        r.label,
        counts[i],
        publishedPercent(counts[i]!, total),
        schools,
        withLeaders,
        la ? publishedPercent(withLeaders as Published, schools as Published) : '',
      ]);
    });
    rows.push([report.asOf, by, 'total', 'Total', total, '', '', '', '']);
  }
  return rows;
}

/** The open data as CSV. */
export function openDataCsv(reports: Partial<Record<ReportDimension, LandscapeReport>>): string {
  return toCsv(
    OPEN_DATA_COLUMNS.map((c) => c.name),
    openDataRows(reports),
  );
}

/** The open data's dictionary as CSV: each column, its type and meaning, and how small numbers are suppressed. */
export function openDataDictionaryCsv(): string {
  return toCsv(
    ['column', 'type', 'meaning'],
    [...OPEN_DATA_COLUMNS.map((c) => [c.name, c.type, c.meaning]), ['(every count)', '', NOTE]],
  );
}
