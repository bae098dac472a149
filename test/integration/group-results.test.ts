/**
 * Group results on a small constructed system whose answers are worked out by hand: a trust
 * of three schools and one school outside it, with pupil numbers, absence, FSM counts, key
 * stage 2 maths and a voice survey answered by 9 pupils in one school and 10 in another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  answeredSurvey,
  importValues,
  leaderOf,
  member,
  school,
  staffOf,
  trust,
  userWith,
  viewerOf,
} from '../factories.js';

let t: TestApp;
const ids = { trust: 0, s1: 0, s2: 0, s3: 0, s4: 0, survey: 0 };
const TRUST = () => `org:${ids.trust}`;

const LONG_FILE = [
  'urn,indicator,period,value,numerator,denominator',
  // Pupils on roll weight the rates that come without numerators.
  '990001,census-pupils,2022/23,100,,',
  '990002,census-pupils,2022/23,300,,',
  '990003,census-pupils,2022/23,600,,',
  '990004,census-pupils,2022/23,1000,,',
  '990001,absence-overall-percent,2022/23,4,,',
  '990002,absence-overall-percent,2022/23,6,,',
  '990003,absence-overall-percent,2022/23,5,,',
  '990004,absence-overall-percent,2022/23,10,,',
  '990001,absence-overall-percent,2021/22,8,,',
  '990002,absence-overall-percent,2021/22,8,,',
  '990001,census-fsm-ever-percent,2022/23,10,10,100',
  '990002,census-fsm-ever-percent,2022/23,20,60,300',
  '990003,census-fsm-ever-percent,2022/23,10,60,600',
  '990001,ks2-maths-progress,2022/23,-2,,',
  '990002,ks2-maths-progress,2022/23,-1,,',
  '990003,ks2-maths-progress,2022/23,1,,',
  '990004,ks2-maths-progress,2022/23,3,,',
];

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Hand Worked Trust' });
  for (const [key, urn, name] of [
    ['s1', 990001, 'Ash School'],
    ['s2', 990002, 'Beech School'],
    ['s3', 990003, 'Cherry School'],
    ['s4', 990004, 'Damson School'],
  ] as const) {
    ids[key] = await school(t, { name, urn });
    if (key !== 's4') await member(t, ids[key], ids.trust);
  }
  await t.services.indicators.listIndicators(ADMIN); // the built-in catalogue, which the long file names
  const summary = await importValues(t, LONG_FILE);
  expect(summary.rejected).toBe(0);

  // Ash: 9 pupils, 6 agree. Beech: 10 pupils, 7 agree.
  ids.survey = (
    await answeredSurvey(t, {
      organisationId: ids.trust,
      title: 'Pupil voice',
      audience: 'pupils',
      period: '2022/23',
      questions: [
        { type: 'scale', prompt: 'I am happy at school', indicatorName: 'Pupils happy at school' },
        { type: 'text', prompt: 'What would make school better?' },
      ],
      answers: [
        {
          organisationId: ids.s1,
          times: 9,
          answer: (i, [scale, text]) => ({ [`q${scale}`]: i < 6 ? '4' : '2', [`q${text}`]: `ash idea ${i}` }),
        },
        {
          organisationId: ids.s2,
          times: 10,
          answer: (i, [scale, text]) => ({ [`q${scale}`]: i < 7 ? '5' : '1', [`q${text}`]: `beech idea ${i}` }),
        },
      ],
    })
  ).id;
});
afterAll(async () => t?.close());

const result = async (actor: Actor, code: string, extra: Record<string, string> = {}) => {
  const results = await t.services.indicators.groupResults(actor, { scope: TRUST(), indicator: code, ...extra });
  expect(results).toHaveLength(1);
  return results[0]!;
};

describe('group results', () => {
  it('weights a rate without numerators by pupils on roll, and says so', async () => {
    const r = await result(ADMIN, 'absence-overall-percent');
    expect(r.period).toBe('2022/23');
    expect(r.members).toBe(3);
    expect(r.value).toBeCloseTo((100 * 4 + 300 * 6 + 600 * 5) / 1000, 10); // 5.2
    expect(r.method).toBe(
      'mean weighted by pupils on roll (3 members give their rates without the counts behind them, so rates are not summed)',
    );
    expect([r.q1, r.median, r.q3]).toEqual([4.5, 5, 5.5]);
    // England: the trust's three and Damson (1,000 pupils, 10%).
    expect(r.benchmark?.value).toBeCloseTo((5200 + 10000) / 2000, 10);
    expect(r.trend.map((p) => [p.period, p.members])).toEqual([
      ['2021/22', 2],
      ['2022/23', 3],
    ]);
    expect(r.trend[0]!.value).toBeCloseTo(8, 10);
  });

  it('sums numerators over denominators when every member gives them, and sums counts', async () => {
    const fsm = await result(ADMIN, 'census-fsm-ever-percent');
    expect(fsm.value).toBeCloseTo((130 / 1000) * 100, 10);
    expect(fsm.method).toBe('sum of numerators over sum of denominators');
    const pupils = await result(ADMIN, 'census-pupils');
    expect(pupils.value).toBe(1000);
    expect(pupils.method).toBe('sum over members');
  });

  it('reads all of England as one group, published figures from the kept national aggregates and survey results afresh', async () => {
    const [absence] = await t.services.indicators.groupResults(ADMIN, {
      scope: 'england',
      indicator: 'absence-overall-percent',
    });
    expect(absence).toMatchObject({ members: 4, memberValues: null });
    expect(absence!.value).toBeCloseTo(7.6, 10);
    const [happy] = await t.services.indicators.groupResults(ADMIN, {
      scope: 'england',
      indicator: 'pupils-pupils-happy-at-school',
    });
    expect(happy).toMatchObject({ members: 1, withheld: 1, value: 70 });
  });

  it('compares with a chosen peer set instead of England', async () => {
    const r = await result(ADMIN, 'ks2-maths-progress', {});
    expect(r.value).toBeCloseTo((-200 - 300 + 600) / 1000, 10);
    const peers = await result(ADMIN, 'ks2-maths-progress', { benchmark: '990004' });
    expect(peers.benchmark?.label).toBe('Peer set: Damson School');
    expect(peers.benchmark?.value).toBe(3);
  });

  it('finds the shared strength (absence below England) and the shared need (maths progress below it), with the members behind them', async () => {
    const shared = await t.services.indicators.sharedStrengthsAndNeeds(staffOf(ids.s1), { scope: TRUST() });
    const strength = shared.strengths.find((s) => s.indicator.code === 'absence-overall-percent');
    expect(strength).toMatchObject({ members: 3, better: 3, names: ['Ash School', 'Beech School', 'Cherry School'] });
    const need = shared.needs.find((s) => s.indicator.code === 'ks2-maths-progress');
    expect(need).toMatchObject({ members: 3, worse: 3 });
    expect(shared.strengths.some((s) => s.indicator.code === 'census-pupils')).toBe(false); // no direction, no comparison
  });
});

describe('who sees members’ values', () => {
  it('puts the partnership’s results one step from a headteacher’s home page', async () => {
    const { browser } = await userWith(t, { organisationId: ids.s1, role: 'leader' });
    const home = await browser.get('/');
    expect(home.body).toContain(`href="/groups?scope=org:${ids.trust}">Hand Worked Trust: results as one group`);
    const group = await browser.get(`/groups?scope=org:${ids.trust}`);
    expect(group.body).toContain('Results as one group');
    expect(group.body).toContain('4.0%'); // Ash’s own absence, beside the group’s 5.2%
    expect(group.body).toContain('5.2%');
  });

  it('names members to those inside the partnership by default, and to no one outside it', async () => {
    const inside = await result(staffOf(ids.s1), 'absence-overall-percent');
    expect(inside.memberValues?.map((m) => m.name)).toEqual(['Ash School', 'Beech School', 'Cherry School']);
    expect(inside.own.map((m) => m.value)).toEqual([4]);
    const outside = await result(viewerOf(ids.s4), 'absence-overall-percent');
    expect(outside.memberValues).toBeNull();
    expect(outside.own).toEqual([]);
    expect(outside.value).toBeCloseTo(5.2, 10);
  });

  it('follows the partnership’s setting: leaders only, or each member its own', async () => {
    // The other tests read the partnership with its default setting: it is put back whatever happens here.
    try {
      await t.services.indicators.setGroupSetting(ADMIN, ids.trust, 'leaders');
      expect((await result(staffOf(ids.s1), 'absence-overall-percent')).memberValues).toBeNull();
      expect((await result(leaderOf(ids.trust), 'absence-overall-percent')).memberValues).toHaveLength(3);
      await t.services.indicators.setGroupSetting(ADMIN, ids.trust, 'own-only');
      const own = await result(staffOf(ids.s1), 'absence-overall-percent');
      expect(own.memberValues).toBeNull();
      expect(own.own).toMatchObject([{ name: 'Ash School', value: 4 }]);
    } finally {
      await t.services.indicators.setGroupSetting(ADMIN, ids.trust, 'inside');
    }
  });

  it('lets only the partnership’s leaders change the setting', async () => {
    await expect(t.services.indicators.setGroupSetting(leaderOf(ids.s1), ids.trust, 'own-only')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(t.services.indicators.setGroupSetting(leaderOf(ids.trust), ids.trust, 'nobody')).rejects.toMatchObject(
      { code: 'validation' },
    );
  });
});

describe('survey results and suppression at the boundary (9 respondents withheld, 10 shown)', () => {
  const HAPPY = 'pupils-pupils-happy-at-school';

  it('turns answers into a soft indicator, withholding the school with 9 respondents from the group', async () => {
    const r = await result(ADMIN, HAPPY);
    expect(r.indicator.kind).toBe('soft');
    expect(r.members).toBe(1);
    expect(r.withheld).toBe(1);
    expect(r.value).toBeCloseTo(70, 10); // Beech alone: 7 of 10
    expect(r.memberValues?.map((m) => m.name)).toEqual(['Beech School']);
  });

  it('withholds the value on the school’s own indicator list', async () => {
    const ash = await t.services.indicators.organisationValues(ADMIN, ids.s1);
    expect(ash.find((v) => v.indicator.code === HAPPY)).toMatchObject({
      withheld: true,
      value: null,
      respondents: null,
    });
    const beech = await t.services.indicators.organisationValues(ADMIN, ids.s2);
    expect(beech.find((v) => v.indicator.code === HAPPY)).toMatchObject({
      withheld: false,
      value: 70,
      respondents: 10,
    });
  });

  it('shows no answers of the school with 9 respondents on the results page, and free text only to a school’s own leaders', async () => {
    const leaderOfAsh = await t.services.surveys.results(leaderOf(ids.s1), ids.survey);
    expect(leaderOfAsh.organisations.map((o) => [o.name, o.withheld])).toEqual([['Ash School', true]]);
    expect(leaderOfAsh.organisations[0]!.questions.every((q) => q.counts === null && q.texts === null)).toBe(true);
    const leaderOfBeech = await t.services.surveys.results(leaderOf(ids.s2), ids.survey);
    const beech = leaderOfBeech.organisations[0]!;
    expect(beech.questions[0]!.counts).toEqual([3, 0, 0, 0, 7]);
    expect(beech.questions[1]!.texts).toHaveLength(10);
    const trustLeader = await t.services.surveys.results(leaderOf(ids.trust), ids.survey);
    expect(trustLeader.organisations.find((o) => o.name === 'Beech School')!.questions[1]!.texts).toBeNull();
    const admin = await t.services.surveys.results(ADMIN, ids.survey);
    expect(admin.organisations.flatMap((o) => o.questions.map((q) => q.texts)).every((x) => x === null)).toBe(true);
  });

  it('keeps unpublished survey values from other schools unless they share indicators with the partnership', async () => {
    const before = await result(staffOf(ids.s3), HAPPY);
    expect(before.members).toBe(0);
    expect(before.notShared).toBe(2); // Ash (also too few answers) and Beech
    await t.services.landscape.createSharingAgreement(ADMIN, {
      organisationId: ids.s2,
      partnershipId: ids.trust,
      what: 'indicators',
    });
    const after = await result(staffOf(ids.s3), HAPPY);
    expect(after.members).toBe(1);
    expect(after.value).toBeCloseTo(70, 10);
  });

  it('holds the suppression in the API, the CSV export and the pages', async () => {
    const { browser } = await userWith(t, null, { isAdmin: true });
    const api = await browser.get(`/api/v1/indicators/group?scope=${TRUST()}&indicator=${HAPPY}`);
    expect(api.statusCode).toBe(200);
    expect(JSON.parse(api.body)[0]).toMatchObject({
      scope: TRUST(),
      indicator: HAPPY,
      period: '2022/23',
      members: 1,
      withheld: 1,
      value: 70,
    });
    const csv = await browser.get(`/groups/results.csv?scope=${TRUST()}&indicator=${HAPPY}`);
    expect(csv.body).toContain(',1,70,');
    const values = await browser.get(`/api/v1/organisations/${ids.s1}/indicators`);
    expect(JSON.parse(values.body).find((v: { indicator: string }) => v.indicator === HAPPY)).toMatchObject({
      withheld: true,
      value: null,
    });
    const page = await browser.get(`/organisations/${ids.s1}/indicators`);
    expect(page.body).toContain('Withheld: fewer than 10 answered');
    const results = await browser.get(`/surveys/${ids.survey}/results.csv`);
    expect(results.body).toMatch(/Ash School,,1,I am happy at school,withheld/);
    expect(results.body).not.toContain('idea');
    const groupPage = await browser.get(`/groups?scope=${TRUST()}&indicator=${HAPPY}`);
    expect(groupPage.statusCode).toBe(200);
    expect(groupPage.body).toContain('1 withheld');
    expect(groupPage.body).not.toMatch(
      /Ash School<\/a><\/th><td class="govuk-table__cell govuk-table__cell--numeric">66/,
    );
  });
});
