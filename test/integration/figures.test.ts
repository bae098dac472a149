/**
 * Figures that mean what they say, on a constructed trust of four schools and an independent
 * school outside it: a change is described by the indicator's direction (rising exclusions,
 * where lower is better, "rose" and "worsened"), grades read as their names, a count's
 * quartiles are whole, the CSV keeps each value (without binary noise) beside how it reads,
 * the method states every fallback it used, and England means state-funded schools unless
 * the viewer asks for every school.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  importValues,
  leaderOf,
  member,
  school,
  supportChain,
  trust,
  userWith,
  values,
  type SignedInUser,
} from '../factories.js';

let t: TestApp;
let viewer: SignedInUser;
const ids = { trust: 0, ash: 0, beech: 0, cherry: 0, damson: 0, independent: 0, engagement: 0 };
const urns: Record<string, number> = {};
const EXCLUSIONS = 'test-exclusions-percent';
const PROGRESS = 'test-progress-score';

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Figures Trust' });
  // Ash and Beech have pupils on the register only; Cherry and Damson have none there.
  for (const [key, name, pupils] of [
    ['ash', 'Ash School', 300],
    ['beech', 'Beech School', 200],
    ['cherry', 'Cherry School', undefined],
    ['damson', 'Damson School', undefined],
  ] as const) {
    ids[key] = await school(t, { name, ...(pupils ? { pupils } : {}) });
    await member(t, ids[key], ids.trust);
  }
  ids.independent = await school(t, { name: 'Private School', schoolType: 'Other independent school' });
  for (const key of Object.keys(ids) as Array<keyof typeof ids>) {
    if (key !== 'trust' && key !== 'engagement')
      urns[key] = (await t.services.landscape.getOrganisation(ADMIN, ids[key])).urn!;
  }
  await t.services.indicators.listIndicators(ADMIN);
  for (const [code, name, unit, direction] of [
    [EXCLUSIONS, 'Pupils excluded for a time', 'percent', 'lower'],
    [PROGRESS, 'Reading progress (test)', 'score', 'higher'],
  ] as const) {
    await t.services.indicators.createIndicator(ADMIN, {
      code,
      name,
      unit,
      kind: 'hard',
      direction,
      outcome: null,
      source: 'Constructed',
      published: true,
    });
  }
  const trustSchools = [ids.ash, ids.beech, ids.cherry, ids.damson];
  // Exclusions rose in every school of the trust, from 4% to 6%; the independent school's are 20%.
  // Beech, supported by Cherry, set its baseline on the first year's.
  await values(
    t,
    EXCLUSIONS,
    trustSchools.map((organisationId) => ({ organisationId, period: '2022/23', value: 4 })),
    'test:exclusions-2022',
  );
  ids.engagement = (
    await supportChain(t, {
      seeker: ids.beech,
      helper: ids.cherry,
      area: 'attendance',
      opening: {
        type: 'school-to-school',
        aims: 'Fewer pupils excluded',
        accountableTo: 'The governing board',
        measures: [{ code: EXCLUSIONS, target: 3 }],
      },
    })
  ).engagementId!;
  await values(
    t,
    EXCLUSIONS,
    [
      ...trustSchools.map((organisationId) => ({ organisationId, period: '2023/24', value: 6 })),
      { organisationId: ids.independent, period: '2023/24', value: 20 },
    ],
    'test:exclusions-2023',
  );
  // Ofsted grades 2 to 4 (Requires improvement, Good, Good, Outstanding).
  await values(
    t,
    'ofsted-overall',
    [2, 3, 3, 4].map((value, i) => ({ organisationId: trustSchools[i]!, period: '2023/24', value })),
  );
  // Pupils on roll, whose quartiles fall between pupils.
  await values(
    t,
    'census-pupils',
    [101, 250, 503, 700].map((value, i) => ({ organisationId: trustSchools[i]!, period: '2023/24', value })),
  );
  const summary = await importValues(t, [
    'urn,indicator,period,value',
    // Progress of two schools with no pupil counts anywhere: a plain mean, -0.15 (in binary, -0.15000000000000002).
    `${urns.cherry},${PROGRESS},2021/22,-0.1`,
    `${urns.damson},${PROGRESS},2021/22,-0.2`,
    // Absence without numerators (Ash's rising from 3% the year before): Ash and Beech weighted by the register, Cherry by its census, Damson not at all.
    `${urns.ash},absence-overall-percent,2019/20,3`,
    `${urns.ash},absence-overall-percent,2020/21,4`,
    `${urns.beech},absence-overall-percent,2020/21,6`,
    `${urns.cherry},absence-overall-percent,2020/21,8`,
    `${urns.damson},absence-overall-percent,2020/21,9`,
    `${urns.cherry},census-pupils,2020/21,500`,
  ]);
  expect(summary.rejected).toBe(0);
  viewer = await userWith(t, { organisationId: ids.ash, role: 'leader' });
});
afterAll(async () => t?.close());

const TRUST = () => `org:${ids.trust}`;
const group = async (indicator: string, extra = '') => {
  const response = await viewer.get(`/api/v1/indicators/group?scope=${TRUST()}&indicator=${indicator}${extra}`);
  expect(response.statusCode).toBe(200);
  const [result] = response.json();
  expect(result).toBeDefined();
  return result;
};
const page = async (url: string) => {
  const response = await viewer.page(url);
  expect(response.statusCode).toBe(200);
  return response.body;
};

describe('a change described by the indicator’s direction', () => {
  it('says exclusions that went up, where lower is better, rose and worsened: in the API, on the group’s page and the school’s', async () => {
    const result = await group(EXCLUSIONS);
    expect(result.change).toEqual({
      since: '2022/23',
      moved: 'rose',
      meaning: 'worsened',
      text: 'rose from 4.0% to 6.0%, so it worsened (lower is better)',
    });
    expect(result.own).toEqual([
      expect.objectContaining({
        name: 'Ash School',
        change: expect.objectContaining({ moved: 'rose', meaning: 'worsened' }),
      }),
    ]);
    const body = await page(`/groups?scope=${TRUST()}&indicator=${EXCLUSIONS}`);
    expect(body).toContain('Since 2022/23: rose from 4.0% to 6.0%, so it worsened (lower is better)');
    expect(body).not.toMatch(/fell from 4\.0%|improved \(lower/);
    const school = await page(`/organisations/${ids.ash}/indicators`);
    expect(school).toContain('Since 2022/23: rose from 4.0% to 6.0%, so it worsened (lower is better)');
    const values = (await viewer.get(`/api/v1/organisations/${ids.ash}/indicators`)).json();
    expect(
      values.find((v: { indicator: string; period: string }) => v.indicator === EXCLUSIONS && v.period === '2023/24'),
    ).toMatchObject({ display: '6.0%', change: { since: '2022/23', moved: 'rose', meaning: 'worsened' } });
  });

  it('says on an engagement’s impact and its page that the supported school’s exclusions rose and worsened since the baseline', async () => {
    const impact = await t.services.engagements.impact(leaderOf(ids.beech), ids.engagement);
    expect(impact.measures[0]!.change).toMatchObject({
      since: '2022/23',
      to: '2023/24',
      moved: 'rose',
      meaning: 'worsened',
    });
    const { page: beechPage } = await userWith(t, { organisationId: ids.beech, role: 'leader' });
    const body = (await beechPage(`/engagements/${ids.engagement}/impact`)).body;
    expect(body).toContain(
      'From the baseline in 2022/23 to 2023/24, Beech School’s pupils excluded for a time rose from 4.0% to 6.0%, so it worsened (lower is better).',
    );
    const engagement = (await beechPage(`/engagements/${ids.engagement}`)).body;
    expect(engagement).toContain('Since the baseline: rose from 4.0% to 6.0%, so it worsened (lower is better)');
  });

  it('says on the home card that the school’s rising absence rose and worsened', async () => {
    const body = await page('/');
    expect(body).toContain('Ash School: 4.0%');
    expect(body).toContain('Since 2019/20: rose from 3.0% to 4.0%, so it worsened (lower is better)');
    expect(body).not.toContain('fell from 3.0%');
  });
});

describe('grades by their names, counts whole, every figure by its unit', () => {
  it('gives an Ofsted grade’s spread and median by the grades’ names', async () => {
    const result = await group('ofsted-overall');
    expect([result.q1, result.median, result.q3]).toEqual([2.75, 3, 3.25]);
    expect(result).toMatchObject({ display: 'Good', medianDisplay: 'Good', spread: 'Requires improvement to Good' });
    const body = await page(`/groups?scope=${TRUST()}&indicator=ofsted-overall`);
    expect(body).toContain('Requires improvement to Good');
    expect(body).not.toMatch(/>\s*2\.8 to 3\.3|3 to 3/);
  });

  it('gives a count’s quartiles as whole numbers', async () => {
    const result = await group('census-pupils');
    // Between pupils, 212.75 and 552.25: a count's quartile is a count.
    expect([result.q1, result.q3]).toEqual([213, 552]);
    expect(result.spread).toBe('213 to 552');
    expect(result.display).toBe('1,554');
    const body = await page(`/groups?scope=${TRUST()}&indicator=census-pupils`);
    expect(body).toContain('213 to 552');
    expect(body).not.toContain('212.8');
  });

  it('writes each figure’s value at full precision without binary noise, and its display beside it, in the CSV', async () => {
    const response = await viewer.browser.get(`/groups/results.csv?scope=${TRUST()}&period=2021/22`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/\d\.\d*0000000000\d/);
    const rows: string[][] = parse(response.body);
    const header = rows[0]!;
    const column = (row: string[], name: string) => row[header.indexOf(name)];
    const progress = rows.find((r) => column(r, 'indicator') === PROGRESS)!;
    expect(column(progress, 'value')).toBe('-0.15');
    expect(column(progress, 'display')).toBe('−0.15');
    expect(column(progress, 'method')).toBe('mean of members (no member has a pupil count, so members count equally)');

    const latest: string[][] = parse((await viewer.browser.get(`/groups/results.csv?scope=${TRUST()}`)).body);
    const grade = latest.find((r) => column(r, 'indicator') === 'ofsted-overall')!;
    expect([column(grade, 'value'), column(grade, 'display'), column(grade, 'spread')]).toEqual([
      '3',
      'Good',
      'Requires improvement to Good',
    ]);
    const pupils = latest.find((r) => column(r, 'indicator') === 'census-pupils')!;
    expect([column(pupils, 'q1'), column(pupils, 'q3'), column(pupils, 'spread')]).toEqual([
      '213',
      '552',
      '213 to 552',
    ]);
  });
});

describe('the method states every fallback it used', () => {
  it('says which schools were weighted by the register, which were left out, and that rates were not summed', async () => {
    const result = await group('absence-overall-percent', '&period=2020/21');
    expect(result.fallbacks).toEqual([
      '4 members give their rates without the counts behind them, so rates are not summed',
      '2 schools weighted by pupils from the register, as the census has no count for them',
      '1 member without a pupil count left out',
    ]);
    expect(result.method).toBe(`mean weighted by pupils on roll (${result.fallbacks.join('; ')})`);
    // Ash 300 × 4, Beech 200 × 6, Cherry 500 × 8, over 1,000 pupils.
    expect(result.value).toBe(6.4);
    // One member the year before, four now: no change of the group is told, only Ash's own.
    expect(result.change).toBeNull();
    expect(result.own[0].change).toMatchObject({ since: '2019/20', moved: 'rose', meaning: 'worsened' });
    const body = await page(`/groups?scope=${TRUST()}&indicator=absence-overall-percent&period=2020/21`);
    expect(body).toContain('2 schools weighted by pupils from the register, as the census has no count for them');
  });
});

describe('England as the Department for Education means it', () => {
  it('counts state-funded schools only unless the viewer asks for every school, and the page says which', async () => {
    const stateFunded = await group(EXCLUSIONS);
    expect(stateFunded.benchmarkLabel).toBe('England (state-funded schools)');
    expect(stateFunded.benchmark).toBe(6);
    const all = await group(EXCLUSIONS, '&england=all');
    expect(all.benchmarkLabel).toBe('England (all schools)');
    expect(all.benchmark).toBe(8.8); // 44 of 500: the independent school's 20% counted too

    const [england] = (await viewer.get(`/api/v1/indicators/group?scope=england&indicator=${EXCLUSIONS}`)).json();
    expect(england).toMatchObject({ scopeName: 'England (state-funded schools)', members: 4, value: 6 });

    const body = await page(`/groups?scope=${TRUST()}&indicator=${EXCLUSIONS}`);
    expect(body).toContain('England here means state-funded schools, as the Department for Education means it');
    expect(body).toContain(`href="/groups?scope=org%3A${ids.trust}&amp;england=all"`);
    const allPage = await page(`/groups?scope=${TRUST()}&indicator=${EXCLUSIONS}&england=all`);
    expect(allPage).toContain('England here means every school with results');
    expect(allPage).toContain('8.8%');
  });
});
