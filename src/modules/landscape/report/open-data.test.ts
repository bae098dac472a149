import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { openDataCsv, publishedCount, publishedCounts, publishedPercent, SUPPRESSED } from './open-data.js';
import type { LandscapeReport } from './report.js';

describe('small-number suppression of the open data', () => {
  it('writes counts from 1 to 4 as SUPP, and 0 and 5 upwards as they are', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 3078].map((n) => publishedCount(n))).toEqual([
      0,
      SUPPRESSED,
      SUPPRESSED,
      SUPPRESSED,
      SUPPRESSED,
      5,
      6,
      3078,
    ]);
  });

  it('suppresses the next smallest count when only one of a table would be, so the total does not give it back', () => {
    // 3 alone would be 20 − 9 − 8 from the total: 8 goes too.
    expect(publishedCounts([9, 3, 8])).toEqual([9, SUPPRESSED, SUPPRESSED]);
    // Two suppressed already cover each other.
    expect(publishedCounts([9, 3, 2, 8])).toEqual([9, SUPPRESSED, SUPPRESSED, 8]);
    // A zero is not suppressed, and is passed over as the next smallest.
    expect(publishedCounts([0, 4, 12, 7])).toEqual([0, SUPPRESSED, 12, SUPPRESSED]);
    expect(publishedCounts([5, 6, 0])).toEqual([5, 6, 0]);
  });

  it('suppresses a share computed from a suppressed count, and gives the others to one decimal', () => {
    expect(publishedPercent(SUPPRESSED, 20)).toBe(SUPPRESSED);
    expect(publishedPercent(5, SUPPRESSED)).toBe(SUPPRESSED);
    expect(publishedPercent(9, 20)).toBe(45);
    expect(publishedPercent(101, 3078)).toBe(3.3);
  });

  it('writes a dimension with its total, and the local authorities’ school shares suppressed where their counts are', () => {
    const report = (by: LandscapeReport['by'], rows: LandscapeReport['rows']): LandscapeReport => ({
      by,
      asOf: '2025-09-01',
      scope: null,
      rows,
      total: rows.reduce((s, r) => s + r.count, 0),
    });
    const csv = openDataCsv({
      origin: report('origin', [
        { key: 'local', label: 'Local', count: 16, percent: 0 },
        { key: 'national', label: 'National', count: 3, percent: 0 },
        { key: 'other', label: 'Other', count: 6, percent: 0 },
      ]),
      la: report('la', [
        { key: '801', label: 'Northshire', count: 12, percent: 0, schools: 40, schoolsWithLeaders: 10 },
        { key: '802', label: 'Southshire', count: 7, percent: 0, schools: 9, schoolsWithLeaders: 2 },
      ]),
    });
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const row = (dimension: string, key: string) => rows.find((r) => r.dimension === dimension && r.key === key)!;
    expect(row('origin', 'local')).toMatchObject({ count: '16', percent: '64' });
    expect(row('origin', 'national')).toMatchObject({ count: 'SUPP', percent: 'SUPP' });
    expect(row('origin', 'other')).toMatchObject({ count: 'SUPP', percent: 'SUPP' });
    expect(row('origin', 'total')).toMatchObject({ count: '25', percent: '' });
    expect(row('la', '801')).toMatchObject({
      schools: '40',
      schools_with_leaders: '10',
      schools_with_leaders_percent: '25',
    });
    expect(row('la', '802')).toMatchObject({
      count: '7',
      schools: '9',
      schools_with_leaders: 'SUPP',
      schools_with_leaders_percent: 'SUPP',
    });
    expect(rows).toHaveLength(3 + 1 + 2 + 1);
  });
});
