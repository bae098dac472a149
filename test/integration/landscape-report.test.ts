import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LandscapeBatch } from '../../src/modules/landscape/index.js';
import { ADMIN, createTestApp, createToken, signedInBrowser, type TestApp } from '../test-app.js';

let t: TestApp;
let token: string;

/** Hopkins & Higham's 2006 count (Table 1), rebuilt as role assignments in two local authorities. */
const TABLE_1: Array<[string, number]> = [
  ['executive-head-federation', 101],
  ['support-school-in-difficulty', 81],
  ['community-partnership-broker', 78],
  ['challenging-circumstances-head', 83],
  ['consultant-leader', 2292],
  ['mentor-head', 139],
  ['school-improvement-partner', 255],
  ['other-system-role', 49],
];

beforeAll(async () => {
  t = await createTestApp();
  token = await createToken(t.services);
  const batch: LandscapeBatch = {
    organisations: [
      { key: 'la1', kind: 'local-authority', name: 'Northshire', laCode: '801' },
      { key: 'la2', kind: 'local-authority', name: 'Southshire', laCode: '802' },
      { key: 'trust', kind: 'academy-trust', name: 'Report Trust', groupUid: '7001' },
      ...Array.from({ length: 10 }, (_, i) => ({
        key: `s${i}`,
        kind: 'school',
        name: `Report School ${i}`,
        urn: 980000 + i,
        localAuthorityKey: i < 6 ? 'la1' : 'la2',
        phase: i % 2 ? 'secondary' : 'primary',
        status: i === 9 ? 'closed' : 'open',
      })),
    ],
    people: [],
    roleAssignments: [],
    relationships: [
      { type: 'membership', fromKey: 's0', toKey: 'trust', startDate: '2020-09-01' },
      { type: 'membership', fromKey: 's6', toKey: 'trust', startDate: '2020-09-01', endDate: '2023-08-31' },
    ],
  };
  let n = 0;
  for (const [role, count] of TABLE_1) {
    for (let i = 0; i < count; i++) {
      const key = `p${n++}`;
      // Schools 0 to 4 take every role of the table; school 6 takes one more leader below.
      batch.people.push({ key, name: `Leader ${n}` });
      batch.roleAssignments.push({
        personKey: key,
        roleCode: role,
        organisationKey: `s${n % 5}`,
        startDate: '2006-01-01',
      });
    }
  }
  batch.people.push({ key: 'late', name: 'Late Leader' }, { key: 'gone', name: 'Gone Leader' });
  batch.roleAssignments.push({
    personKey: 'late',
    roleCode: 'national-leader-of-education',
    organisationKey: 's6',
    startDate: '2030-01-01',
  });
  batch.roleAssignments.push({
    personKey: 'gone',
    roleCode: 'mentor-head',
    organisationKey: 's6',
    startDate: '2000-01-01',
    endDate: '2005-12-31',
  });
  await t.services.landscape.loadBatch(ADMIN, batch);
});
afterAll(async () => t?.close());

async function report(query: string) {
  const response = await t.app.inject({
    url: `/api/v1/landscape?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('the landscape report', () => {
  it('reproduces Table 1 by role, with shares that match the counts', async () => {
    const body = await report('by=role&asOf=2006-06-01');
    expect(body.total).toBe(3078);
    const byKey = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    expect(byKey['challenging-circumstances-head']).toMatchObject({ count: 83, percent: 2.7, origin: 'local' });
    expect(byKey['other-system-role']).toMatchObject({ count: 49, percent: 1.6, origin: 'other' });
    expect(byKey['consultant-leader']).toMatchObject({ count: 2292, percent: 74.5, origin: 'national' });
    expect(byKey['national-leader-of-education']).toMatchObject({ count: 0, percent: 0 });
  });

  it('counts by origin and by category', async () => {
    const origin = await report('by=origin&asOf=2006-06-01');
    expect(origin.rows.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([
      ['local', 343],
      ['national', 2686],
      ['other', 49],
    ]);
    const category = await report('by=category&asOf=2006-06-01');
    const counts = Object.fromEntries(category.rows.map((r: { key: string; count: number }) => [r.key, r.count]));
    expect(counts).toEqual({ '1': 101, '2': 83, '3': 81, '4': 78, '5': 2686, none: 49 });
  });

  it('counts only roles held on the day asked for', async () => {
    expect((await report('by=role&asOf=2005-06-01')).total).toBe(1);
    expect((await report('by=role&asOf=2031-01-01')).total).toBe(3079);
  });

  it('counts by phase of the school and by local authority with the share of schools that have a leader', async () => {
    const phase = await report('by=phase&asOf=2006-06-01');
    const byPhase = Object.fromEntries(phase.rows.map((r: { key: string; count: number }) => [r.key, r.count]));
    // Leaders n = 1..3078 sit at school n % 5: schools 0, 2, 4 are primary, 1 and 3 secondary.
    const at = (school: number) => Array.from({ length: 3078 }, (_, i) => i + 1).filter((n) => n % 5 === school).length;
    expect(byPhase).toEqual({ primary: at(0) + at(2) + at(4), secondary: at(1) + at(3) });
    const la = await report('by=la&asOf=2031-01-01');
    expect(la.rows).toEqual([
      {
        key: '801',
        label: 'Northshire',
        count: 3078,
        percent: 100,
        schools: 6,
        schoolsWithLeaders: 5,
        schoolsWithLeadersPercent: 83.3,
      },
      {
        key: '802',
        label: 'Southshire',
        count: 1,
        percent: 0,
        schools: 3,
        schoolsWithLeaders: 1,
        schoolsWithLeadersPercent: 33.3,
      },
    ]);
  });

  it('limits to a local authority, a trust (members on the day) or a school', async () => {
    expect((await report('by=origin&scope=802&asOf=2031-01-01')).total).toBe(1);
    expect((await report('by=origin&scope=802&asOf=2006-06-01')).total).toBe(0);
    expect((await report('by=origin&scope=801&asOf=2006-06-01')).total).toBe(3078);
    const trustNow = await report('by=origin&scope=7001&asOf=2031-01-01');
    expect(trustNow.scope).toEqual({ ref: '7001', name: 'Report Trust' });
    // School 6 left the trust in 2023, so only school 0's leaders count now.
    expect(trustNow.total).toBe(at0());
    expect((await report('by=origin&scope=7001&asOf=2022-01-01')).total).toBe(at0());
    const school = await report('by=origin&scope=980001&asOf=2006-06-01');
    expect(school.total).toBe(Array.from({ length: 3078 }, (_, i) => i + 1).filter((n) => n % 5 === 1).length);
    const unknown = await t.app.inject({
      url: '/api/v1/landscape?by=role&scope=999',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknown.statusCode).toBe(400);
    expect(
      (await t.app.inject({ url: '/api/v1/landscape?by=colour', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(400);
  });

  it('shows the report page with a captioned table and a chart with a text alternative, linking counts to people', async () => {
    const browser = await signedInBrowser(t);
    const page = await browser.get('/landscape?by=origin&asOf=2006-06-01');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('<title id="counts-title">Roles held by origin of the role</title>');
    expect(page.body).toMatch(/<desc id="counts-desc">[^<]*National: 2,686/);
    expect(page.body).toContain('/landscape/people?by=origin&amp;asOf=2006-06-01&amp;key=other');
    const people = await browser.get('/landscape/people?by=origin&asOf=2006-06-01&key=other');
    expect(people.statusCode).toBe(200);
    expect(people.body).toContain('49 roles held');
    const bad = await browser.get('/landscape?by=role&scope=999');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
  });
});

function at0() {
  return Array.from({ length: 3078 }, (_, i) => i + 1).filter((n) => n % 5 === 0).length;
}
