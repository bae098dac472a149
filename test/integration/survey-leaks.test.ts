/**
 * What a voice survey must not give away: figures from fewer people than the minimum (per
 * question, not per organisation), results before the survey closes, repeat answers in bursts,
 * anything in the logs that ties an answer to a link or a connection, the order of answering,
 * and formulas in the CSV exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { ADMIN, createTestApp, createToken, type TestApp } from '../test-app.js';
import { createTestDatabase } from '../test-database.js';
import {
  answeredSurvey,
  leaderOf,
  member,
  school,
  staffOf,
  survey,
  trust,
  userWith,
  type MadeSurvey,
} from '../factories.js';

let t: TestApp;
const ids = { school: 0, other: 0, trust: 0, survey: 0, open: 0 };
/** The survey that stays open, for its links. */
let stillOpen: MadeSurvey;
const FORMULA_NAME = '=HYPERLINK("http://evil.example","Click me")';
/** Written answers in an order that is not alphabetical. */
const WRITTEN = [
  'zebra crossing outside',
  'more clubs',
  'apples at break',
  'longer lunch',
  'quiet room',
  'bigger library',
  'new goals',
  'trips',
  'kinder older pupils',
  'cleaner toilets',
];

beforeAll(async () => {
  t = await createTestApp();
  ids.school = await school(t, { name: 'Rowan School' });
  ids.other = await school(t, { name: FORMULA_NAME });
  ids.trust = await trust(t, { name: 'Leak Test Trust' });
  for (const id of [ids.school, ids.other]) await member(t, id, ids.trust);

  // Rowan: 12 respondents, all answer the scale; only 3 answer the sensitive choice question
  // (2 say yes), 4 write who bullies them, 10 write what would make school better. Then the
  // survey closes, so that its results may be read.
  ids.survey = (
    await answeredSurvey(t, {
      organisationId: ids.trust,
      title: 'Pupil voice',
      audience: 'pupils',
      period: '2024/25',
      questions: [
        { type: 'scale', prompt: 'I am happy at school', indicatorName: 'Leak test happy' },
        {
          type: 'choice',
          prompt: 'Do you get bullied?',
          options: ['Yes', 'No'],
          indicatorName: 'Leak test bullied',
          countedOption: 1,
        },
        { type: 'text', prompt: 'Who bullies you?' },
        { type: 'text', prompt: 'What would make school better?' },
      ],
      answers: [
        {
          organisationId: ids.school,
          times: 12,
          answer: (i, [scale, choice, rare, common]) => ({
            [`q${scale}`]: i < 9 ? '4' : '2',
            ...(i < 3 ? { [`q${choice}`]: i < 2 ? '1' : '2' } : {}),
            ...(i < 4 ? { [`q${rare}`]: `NAMED PUPIL ${i}` } : {}),
            ...(i < 10 ? { [`q${common}`]: WRITTEN[i]! } : {}),
          }),
        },
        { organisationId: ids.other, times: 10, answer: (_i, [scale]) => ({ [`q${scale}`]: '5' }) },
      ],
    })
  ).id;

  // A second survey that stays open, answered by enough people for every question.
  stillOpen = await answeredSurvey(t, {
    organisationId: ids.school,
    title: 'Still open',
    audience: 'pupils',
    period: '2024/25',
    questions: [
      { type: 'scale', prompt: 'I feel safe' },
      { type: 'text', prompt: 'Anything else?' },
    ],
    answers: [
      {
        organisationId: ids.school,
        times: 11,
        answer: (i, [safe, more]) => ({ [`q${safe}`]: String(1 + (i % 5)), [`q${more}`]: `OPEN TEXT ${i}` }),
      },
    ],
    close: false,
  });
  ids.open = stillOpen.id;
});
afterAll(async () => t?.close());

async function leaderBrowser(organisationId: number) {
  return (await userWith(t, { organisationId, role: 'leader' })).browser;
}

describe('suppression per figure', () => {
  it('withholds a question fewer than the minimum answered, though the organisation has enough respondents', async () => {
    const results = await t.services.surveys.results(ADMIN, ids.survey);
    const rowan = results.organisations.find((o) => o.organisationId === ids.school)!;
    expect(rowan.respondents).toBe(12);
    expect(rowan.withheld).toBe(false);
    const [scale, choice] = rowan.questions;
    expect(scale).toMatchObject({ withheld: false, answered: 12, counts: [0, 3, 0, 9, 0] });
    expect(scale!.share).toBeCloseTo(75, 10);
    // 3 answered: neither the counts by answer, nor the share, nor how many answered.
    expect(choice).toMatchObject({ withheld: true, answered: null, counts: null, share: null, texts: null });
  });

  it('shows written answers only when at least the minimum wrote one, only to the organisation’s leaders, in alphabetical order', async () => {
    const leader = (await t.services.surveys.results(leaderOf(ids.school), ids.survey)).organisations[0]!;
    const [, , rare, common] = leader.questions;
    expect(rare).toMatchObject({ withheld: true, answered: null, texts: null });
    expect(common).toMatchObject({ withheld: false, answered: 10 });
    expect(common!.texts).toEqual([...WRITTEN].sort());
    const member = (await t.services.surveys.results(staffOf(ids.school), ids.survey)).organisations[0]!;
    expect(member.questions[3]).toMatchObject({ withheld: false, answered: 10, texts: null });
    const admin = await t.services.surveys.results(ADMIN, ids.survey);
    expect(admin.organisations.flatMap((o) => o.questions.map((q) => q.texts))).toEqual(Array(8).fill(null));
  });

  it('withholds the same figures on the results page and in its CSV', async () => {
    const browser = await leaderBrowser(ids.school);
    const page = await browser.get(`/surveys/${ids.survey}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Withheld: fewer than 10 people answered this question.');
    expect(page.body).toContain('Withheld: fewer than 10 people wrote an answer.');
    expect(page.body).not.toContain('NAMED PUPIL');
    expect(page.body).toContain('apples at break');
    const csv = await browser.get(`/surveys/${ids.survey}/results.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines).toContain('Rowan School,12,1,I am happy at school,12,75.0,0 3 0 9 0');
    expect(lines).toContain('Rowan School,12,2,Do you get bullied?,withheld,,');
    expect(csv.body).not.toMatch(/NAMED PUPIL|apples/);
  });

  it('writes the soft indicators with the respondents of each question, and the indicators withhold those under the minimum', async () => {
    const written = await sql<{ code: string; respondents: number; numerator: string; denominator: string }>`
      select i.code, v.respondents, v.numerator, v.denominator from indicator_values v join indicators i on i.id = v.indicator_id
      where v.organisation_id = ${ids.school} and i.code like 'pupils-leak-test-%' order by i.code`.execute(
      t.database.db,
    );
    expect(
      written.rows.map((r) => [r.code, Number(r.respondents), Number(r.numerator), Number(r.denominator)]),
    ).toEqual([
      ['pupils-leak-test-bullied', 3, 2, 3],
      ['pupils-leak-test-happy', 12, 9, 12],
    ]);
    const values = await t.services.indicators.organisationValues(ADMIN, ids.school);
    expect(values.find((v) => v.indicator.code === 'pupils-leak-test-bullied')).toMatchObject({
      withheld: true,
      value: null,
    });
    expect(values.find((v) => v.indicator.code === 'pupils-leak-test-happy')).toMatchObject({
      withheld: false,
      value: 75,
    });
  });
});

describe('results while a survey is open', () => {
  it('show only how many have answered, per organisation', async () => {
    const results = await t.services.surveys.results(leaderOf(ids.school), ids.open);
    expect(results.open).toBe(true);
    const [rowan] = results.organisations;
    expect(rowan).toMatchObject({ respondents: 11, withheld: true });
    expect(
      rowan!.questions.every(
        (q) => q.withheld && q.counts === null && q.answered === null && q.share === null && q.texts === null,
      ),
    ).toBe(true);

    const browser = await leaderBrowser(ids.school);
    const page = await browser.get(`/surveys/${ids.open}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('11 people have answered so far.');
    expect(page.body).not.toContain('OPEN TEXT');
    expect(page.body).not.toContain('govuk-table__cell--numeric');
    const csv = await browser.get(`/surveys/${ids.open}/results.csv`);
    expect(csv.body.trim().split('\n').slice(1)).toEqual(['Rowan School,11,1,I feel safe,survey open,,']);
  });
});

describe('one answer per person, as far as an anonymous link allows', () => {
  const answer = async (token: string, remoteAddress: string, form: Record<string, string>) => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${token}`, remoteAddress });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      remoteAddress,
      payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
  };

  it('says on the answering page what stops repeat answers and what does not', async () => {
    const page = await t.app.inject({ url: `/s/${stillOpen.tokenOf(ids.school)}` });
    expect(page.body).toContain('This browser remembers that you have answered until you close it');
    expect(page.body).toContain('only 20 answers a minute are taken through this link from one internet connection');
    expect(page.body).toContain('Neither can stop someone answering again from another device or browser.');
  });

  it('refuses a burst through one link from one address with a page that keeps what was typed', async () => {
    const s = t.services.surveys;
    const burst = await survey(t, {
      organisationId: ids.trust,
      title: 'Burst',
      audience: 'parents',
      period: '2024/25',
      questions: [
        { type: 'scale', prompt: 'I am kept informed' },
        { type: 'text', prompt: 'Tell us more' },
      ],
      openTo: [ids.school, ids.other],
    });
    const { id } = burst;
    const [scale, text] = burst.questions;
    const token = burst.tokenOf(ids.school);
    const form = { [`q${scale}`]: '4', [`q${text}`]: 'The newsletter comes late' };
    for (let i = 0; i < 20; i++) expect((await answer(token, '192.0.2.10', form)).statusCode).toBe(200);
    const refused = await answer(token, '192.0.2.10', form);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain(
      'Too many answers have been sent through this link from your connection in the last minute',
    );
    expect(refused.body).toContain('The newsletter comes late</textarea>');
    expect(refused.body).toMatch(new RegExp(`name="q${scale}" type="radio" value="4" checked`));
    // Nothing of the refused answer was recorded; another address, or another link, still answers.
    expect((await s.results(ADMIN, id)).organisations.find((o) => o.organisationId === ids.school)!.respondents).toBe(
      20,
    );
    expect((await answer(token, '192.0.2.11', form)).statusCode).toBe(200);
    expect((await answer(burst.tokenOf(ids.other), '192.0.2.10', form)).statusCode).toBe(200);
    expect((await s.results(ADMIN, id)).organisations.map((o) => o.respondents)).toEqual([1, 21]);
  });
});

describe('anonymous answers are not linkable', () => {
  it('keeps link tokens, sign-in codes and the address of anyone answering out of the logs', async () => {
    const lines: string[] = [];
    const database = await createTestDatabase();
    const config = loadConfig(
      { NODE_ENV: 'test' },
      { dataDir: '(unused)', requireAdminTwoFactor: false, logLevel: 'info' },
    );
    const app = await buildApp({
      config,
      db: database.db,
      logStream: { write: (line: string) => void lines.push(line) },
    });
    await app.ready();
    try {
      const services = createServices(database.db);
      const school = (
        await services.landscape.createOrganisation(ADMIN, { kind: 'school', name: 'Log School', urn: 991201 })
      ).id;
      const s = services.surveys;
      const survey = (
        await s.createSurvey(ADMIN, { organisationId: school, title: 'Logged', audience: 'pupils', period: '2024/25' })
      ).id;
      await s.addQuestion(ADMIN, survey, { type: 'scale', prompt: 'I am happy' });
      const question = (await s.getSurvey(ADMIN, survey)).questions[0]!.id;
      await s.openSurvey(ADMIN, survey, [school]);
      const token = (await s.getSurvey(ADMIN, survey)).links[0]!.token;
      const ADDRESS = '203.0.113.77';

      const page = await app.inject({ url: `/s/${token}`, remoteAddress: ADDRESS });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const sent = await app.inject({
        method: 'POST',
        url: `/s/${token}`,
        remoteAddress: ADDRESS,
        payload: `_csrf=${encodeURIComponent(csrf)}&q${question}=4`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(sent.statusCode).toBe(200);
      expect((await app.inject({ url: `/s/${token}/?token=${token}`, remoteAddress: ADDRESS })).statusCode).toBe(200);
      expect((await app.inject({ url: `/s/${'x'.repeat(24)}`, remoteAddress: ADDRESS })).statusCode).toBe(404);
      const callback = await app.inject({
        url: '/sign-in/sso/callback?code=SECRETCODE4242&state=SECRETSTATE4242',
        remoteAddress: '203.0.113.88',
      });
      expect(callback.statusCode).toBe(401);
      await app.inject({ url: '/organisations?q=ash&token=SECRETTOKEN4242', remoteAddress: '203.0.113.99' });

      const log = lines.join('');
      // The capture works: requests were logged, answering ones without their token or address.
      expect(log).toContain('"url":"/s/[hidden]"');
      expect(log).toContain('"url":"/sign-in/sso/callback?[hidden]"');
      expect(log).toContain('"ip":"203.0.113.88"');
      expect(log).not.toContain(token);
      expect(log).not.toContain('x'.repeat(24));
      expect(log).not.toContain(ADDRESS);
      expect(log).not.toMatch(/SECRETCODE|SECRETSTATE|SECRETTOKEN/);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('gives responses random ids, no time finer than the day, and no order of answering', async () => {
    const inOrder = await sql<{ id: unknown }>`select id from survey_responses where survey_id = ${ids.survey}`.execute(
      t.database.db,
    );
    expect(inOrder.rows).toHaveLength(22);
    for (const row of inOrder.rows)
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_identity: string;
      column_default: string | null;
    }>`
      select table_name, column_name, data_type, is_identity, column_default from information_schema.columns
      where table_name in ('survey_responses', 'survey_answers') order by table_name, column_name`.execute(
      t.database.db,
    );
    expect(columns.rows.map((c) => [c.table_name, c.column_name, c.data_type])).toEqual([
      ['survey_answers', 'question_id', 'integer'],
      ['survey_answers', 'response_id', 'uuid'],
      ['survey_answers', 'value', 'text'],
      ['survey_responses', 'id', 'uuid'],
      ['survey_responses', 'organisation_id', 'integer'],
      ['survey_responses', 'submitted_on', 'date'],
      ['survey_responses', 'survey_id', 'integer'],
    ]);
    expect(columns.rows.some((c) => c.is_identity === 'YES' || /nextval/.test(c.column_default ?? ''))).toBe(false);
  });

  it('returns the written answers in alphabetical order, not the order of answering', async () => {
    const texts = (await t.services.surveys.results(leaderOf(ids.school), ids.survey)).organisations[0]!.questions[3]!
      .texts!;
    expect(texts).not.toEqual(WRITTEN);
    expect(texts[0]).toBe('apples at break');
    expect(texts.at(-1)).toBe('zebra crossing outside');
  });
});

describe('exports are safe to open in a spreadsheet', () => {
  it('neutralises an organisation name that is a formula in the survey results and the network export', async () => {
    const browser = await leaderBrowser(ids.other);
    const csv = await browser.get(`/surveys/${ids.survey}/results.csv`);
    expect(csv.body.trim().split('\n')[1]).toBe(
      `"'=HYPERLINK(""http://evil.example"",""Click me"")",10,1,I am happy at school,10,100.0,0 0 0 0 10`,
    );
    const nodes = await t.app.inject({
      url: '/api/v1/network/export?format=nodes.csv',
      headers: { authorization: `Bearer ${await createToken(t.services, { isAdmin: true })}` },
    });
    expect(nodes.statusCode).toBe(200);
    const row = nodes.body.split('\n').find((line) => line.includes('HYPERLINK'))!;
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click me"")",`);
    expect(nodes.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
