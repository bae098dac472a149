/**
 * The open data of the national landscape figures, on a constructed England of two local
 * authorities: counts from 1 to 4 suppressed, the next smallest with a lone one, shares of
 * suppressed counts suppressed, the dictionary beside it, and nothing for anyone not signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { LandscapeBatch } from '../../src/modules/landscape/index.js';
import { ADMIN, createTestApp, signedInBrowser, type TestApp, type TestBrowser } from '../test-app.js';

let t: TestApp;
let reader: TestBrowser;

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
  reader = await signedInBrowser(t);
  const batch: LandscapeBatch = {
    organisations: [
      { key: 'la1', kind: 'local-authority', name: 'Open Northshire', laCode: '881' },
      { key: 'la2', kind: 'local-authority', name: 'Open Southshire', laCode: '882' },
      ...Array.from({ length: 8 }, (_, i) => ({
        key: `s${i}`,
        kind: 'school',
        name: `Open Data School ${i}`,
        urn: 970000 + i,
        localAuthorityKey: i < 6 ? 'la1' : 'la2',
        phase: 'primary',
      })),
    ],
    people: [],
    roleAssignments: [],
    relationships: [],
  };
  // Ten improvement partners and six mentor heads in Northshire's six schools; three consultant
  // leaders at Southshire's two schools.
  const roles: Array<[string, number, (i: number) => string]> = [
    ['school-improvement-partner', 10, (i) => `s${i % 6}`],
    ['mentor-head', 6, (i) => `s${i % 6}`],
    ['consultant-leader', 3, (i) => `s${6 + (i % 2)}`],
  ];
  let n = 0;
  for (const [roleCode, count, at] of roles)
    for (let i = 0; i < count; i++) {
      const personKey = `p${n++}`;
      batch.people.push({ key: personKey, name: `Open Leader ${n}` });
      batch.roleAssignments.push({ personKey, roleCode, organisationKey: at(i), startDate: '2020-01-01' });
    }
  await t.services.landscape.loadBatch(ADMIN, batch);
});
afterAll(async () => t?.close());

describe('the landscape’s open data', () => {
  it('suppresses counts below five, the next smallest beside a lone one, and the shares of both', async () => {
    const response = await reader.get('/landscape/open-data.csv?asOf=2025-09-01');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>;
    const row = (dimension: string, key: string) => rows.find((r) => r.dimension === dimension && r.key === key)!;
    expect(row('role', 'school-improvement-partner')).toMatchObject({ count: '10', percent: '52.6' });
    expect(row('role', 'consultant-leader')).toMatchObject({ count: 'SUPP', percent: 'SUPP' });
    // 19 − 10 − 3 would give the six mentor heads the three consultant leaders behind them: suppressed too.
    expect(row('role', 'mentor-head')).toMatchObject({ count: 'SUPP', percent: 'SUPP' });
    expect(row('role', 'national-leader-of-education')).toMatchObject({ count: '0', percent: '0' });
    expect(row('role', 'total')).toMatchObject({ count: '19', as_of: '2025-09-01' });
    // Southshire's three leaders are suppressed, so Northshire's 16 are too: 19 less 16 would give them back.
    expect(row('la', '881')).toMatchObject({
      count: 'SUPP',
      schools: '6',
      schools_with_leaders: '6',
      schools_with_leaders_percent: '100',
    });
    expect(row('la', 'total')).toMatchObject({ count: '19' });
    expect(row('la', '882')).toMatchObject({
      count: 'SUPP',
      schools: 'SUPP',
      schools_with_leaders: 'SUPP',
      schools_with_leaders_percent: 'SUPP',
    });
    for (const dimension of ['role', 'origin', 'category', 'phase', 'la'])
      expect(
        rows.some((r) => r.dimension === dimension && r.key === 'total'),
        dimension,
      ).toBe(true);
    // No count from 1 to 4 is written anywhere.
    for (const r of rows)
      for (const column of ['count', 'schools', 'schools_with_leaders'])
        expect(['1', '2', '3', '4']).not.toContain(r[column]);
  });

  it('describes each column and the suppression in its dictionary', async () => {
    const response = await reader.get('/landscape/open-data-dictionary.csv');
    expect(response.statusCode).toBe(200);
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.column)).toContain('schools_with_leaders_percent');
    expect(response.body).toContain('written SUPP');
  });

  it('is for people signed in only', async () => {
    for (const url of ['/landscape/open-data.csv', '/landscape/open-data-dictionary.csv']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(303);
      expect(response.body, url).not.toContain('SUPP');
    }
  });
});
