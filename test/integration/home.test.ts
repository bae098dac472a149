/**
 * The home page "for you": each card shows the right person the right thing, and nothing they
 * may not see. A constructed system: a trust with two schools (Ash asks for help, Elm beside
 * it), a helper school asked, a school outside it all, and a school asking to join the trust.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeCards, type ServiceMap } from '../../src/modules/index.js';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  answeredSurvey,
  importValues,
  leaderOf,
  member,
  school,
  staffOf,
  supportChain,
  trust,
  uniqueUrn,
  userWith,
} from '../factories.js';

let t: TestApp;
const ids = { ash: 0, elm: 0, helper: 0, outsider: 0, joining: 0, trust: 0, request: 0, engagement: 0, late: 0 };
const urns = { ash: uniqueUrn(), elm: uniqueUrn() };

/** The person's cards, by name, each with its items' texts (and the items themselves). */
async function cardsOf(actor: Actor) {
  const { cards } = await t.services.home.forYou(actor);
  return new Map(
    cards.map((c) => {
      const items = c.groups.flatMap((g) => g.items);
      return [c.name, { items, texts: items.map((i) => i.text), card: c }];
    }),
  );
}
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Hawthorn Trust' });
  ids.ash = await school(t, { name: 'Ash Primary', urn: urns.ash });
  ids.elm = await school(t, { name: 'Elm Primary', urn: urns.elm });
  ids.helper = await school(t, { name: 'Helper Primary' });
  ids.outsider = await school(t, { name: 'Outsider Primary' });
  ids.joining = await school(t, { name: 'Joining Primary' });
  await member(t, ids.ash, ids.trust);
  await member(t, ids.elm, ids.trust);
  // Ash asks Helper for help with maths; Helper has not answered yet.
  const asked = await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'maths' });
  ids.request = await t.services.brokerage.requestSupport(leaderOf(ids.ash), {
    needId: asked.id,
    invite: [ids.helper],
  });
  await t.services.landscape.requestMembership(leaderOf(ids.joining), {
    memberId: ids.joining,
    partnershipId: ids.trust,
  });
  // Two engagements of Helper with Elm: one with a check-in overdue, one whose check-in falls soon.
  const opening = (startDate: string, measures: Array<{ code: string; target?: number; reviewOn?: string }>) => ({
    type: 'mentoring',
    aims: 'Leadership coaching',
    accountableTo: 'The trust board',
    startDate,
    measures,
  });
  ids.late = await t.services.engagements.openDirect(
    ADMIN,
    { supportedId: ids.elm, supportingId: ids.helper },
    opening(daysAgo(70), [{ code: 'absence-overall-percent', target: 4, reviewOn: daysAgo(3) }]),
  );
  ids.engagement = await t.services.engagements.openDirect(
    ADMIN,
    { supportedId: ids.elm, supportingId: ids.helper, area: 'maths' },
    opening(daysAgo(40), [{ code: 'ks2-maths-progress', target: 0, reviewOn: daysAgo(-30) }]),
  );
  // Published results of the trust's two schools, and a pupil survey where only four of Ash's pupils answered.
  await importValues(t, [
    'urn,indicator,period,value',
    `${urns.ash},absence-overall-percent,2024/25,4.0`,
    `${urns.elm},absence-overall-percent,2024/25,6.0`,
  ]);
  await answeredSurvey(t, {
    organisationId: ids.trust,
    title: 'Pupil voice this year',
    questions: [{ type: 'scale', prompt: 'I am happy at school', indicatorName: 'Happy at school' }],
    answers: [
      { organisationId: ids.ash, times: 4, answer: (_, [q]) => ({ [`q${q}`]: '5' }) },
      { organisationId: ids.elm, times: 12, answer: (i, [q]) => ({ [`q${q}`]: i % 3 ? '5' : '2' }) },
    ],
  });
});
afterAll(async () => t?.close());

describe('needs your answer', () => {
  it('shows an asked school’s leader the request it has not answered, and no one else', async () => {
    const helper = await cardsOf(leaderOf(ids.helper));
    expect(helper.get('Needs your answer')!.items).toContainEqual(
      expect.objectContaining({
        text: 'Ash Primary asks Helper Primary for help with maths: offer help or let it pass',
        href: `/support/requests/${ids.request}`,
      }),
    );
    // The school's other staff do not answer for it; another school never hears of it.
    expect((await cardsOf(staffOf(ids.helper))).has('Needs your answer')).toBe(false);
    const outsider = await cardsOf(leaderOf(ids.outsider));
    expect(outsider.get('Needs your answer')!.items).toEqual([]);
    expect(outsider.get('Needs your answer')!.card.empty).toMatch(/state a need on the Support page/);
  });

  it('moves the request to the asking school once an offer is made: its leader chooses', async () => {
    const birch = await school(t, { name: 'Birch Primary' });
    const { needId } = await supportChain(t, { seeker: birch, helper: ids.helper, area: 'writing' });
    const seeker = await cardsOf(leaderOf(birch));
    expect(seeker.get('Needs your answer')!.texts).toContain(
      'An offer of help with writing for Birch Primary: choose who helps',
    );
    const helper = await cardsOf(leaderOf(ids.helper));
    expect(helper.get('Needs your answer')!.texts.some((x) => x.includes('writing'))).toBe(false);
    expect(needId).toBeGreaterThan(0);
  });

  it('asks the trust’s leaders to approve a school that asked to join, and not the school’s neighbours', async () => {
    const leaders = await cardsOf(leaderOf(ids.trust));
    expect(leaders.get('Needs your answer')!.items).toContainEqual(
      expect.objectContaining({
        text: 'Joining Primary asks to join Hawthorn Trust: approve or decline',
        href: `/organisations/${ids.trust}#memberships`,
      }),
    );
    // The asking side waits; it has nothing to answer.
    const asking = await cardsOf(leaderOf(ids.joining));
    expect(asking.get('Needs your answer')!.texts.some((x) => x.includes('Joining'))).toBe(false);
    const outsider = await cardsOf(leaderOf(ids.outsider));
    expect(outsider.get('Needs your answer')!.texts.some((x) => x.includes('Joining'))).toBe(false);
  });
});

describe('due', () => {
  it('lists check-ins overdue (in red, with how long) and due soon, and targets past their review date', async () => {
    for (const actor of [leaderOf(ids.helper), staffOf(ids.elm)]) {
      const due = (await cardsOf(actor)).get('Due')!;
      const [overdue, soon] = due.items;
      expect(overdue).toMatchObject({
        href: `/engagements/${ids.late}/check-in`,
        status: { text: 'Overdue by 3 weeks', urgent: true },
      });
      expect(soon).toMatchObject({
        href: `/engagements/${ids.engagement}/check-in`,
        status: { text: 'Due in 1 week' },
      });
      expect(due.items.filter((i) => i.text.startsWith('Review the target'))).toEqual([
        expect.objectContaining({
          text: expect.stringContaining('Review the target for Overall absence'),
          href: `/engagements/${ids.late}/impact`,
        }),
      ]);
    }
    // A school in no engagement has no card of what is due; Ash's leader does not see Elm's.
    expect((await cardsOf(leaderOf(ids.outsider))).has('Due')).toBe(false);
    expect((await cardsOf(leaderOf(ids.ash))).has('Due')).toBe(false);
  });

  it('shows the overdue check-in in red on the page, under the card’s heading', async () => {
    const { page } = await userWith(t, { organisationId: ids.helper, role: 'leader' });
    const body = (await page('/')).body;
    expect(body).toMatch(/<h2 class="govuk-heading-m" id="card-due">Due<\/h2>/);
    expect(body).toMatch(
      new RegExp(
        `href="/engagements/${ids.late}/check-in">[^<]+</a>\\s*<strong class="govuk-tag govuk-tag--red">Overdue by 3 weeks</strong>`,
      ),
    );
  });
});

describe('your school and your partnership', () => {
  it('gives the school’s own figure beside the trust’s and England’s, each a link to its page', async () => {
    const results = (await cardsOf(staffOf(ids.ash))).get('Your school and your partnership')!;
    const absence = results.items.find((i) => i.text === 'Overall absence, 2024/25')!;
    expect(absence).toMatchObject({
      group: 'Ash Primary, in Hawthorn Trust',
      href: `/groups?scope=org:${ids.trust}&indicator=absence-overall-percent`,
    });
    expect(absence.details).toEqual([
      'Ash Primary: 4.0%',
      'Hawthorn Trust: 5.0%',
      'England (state-funded schools): 5.0%',
    ]);
    expect(results.texts).toContain('Hawthorn Trust: results as one group, with your school beside it');
  });

  it('leaves out a figure withheld because too few answered, and shows it where enough did', async () => {
    const ash = (await cardsOf(leaderOf(ids.ash))).get('Your school and your partnership')!;
    expect(ash.texts.some((x) => x.startsWith('Happy at school'))).toBe(false);
    const elm = (await cardsOf(leaderOf(ids.elm))).get('Your school and your partnership')!;
    const happy = elm.items.find((i) => i.text.startsWith('Happy at school'))!;
    expect(happy.details![0]).toBe('Elm Primary: 66.7%');
    // The trust's figure rests on Elm alone (Ash is withheld): it is the trust's to show, not England's.
    expect(happy.details!.some((d) => d.startsWith('England'))).toBe(false);
  });

  it('gives the trust’s leaders the trust as one group, and a school outside it none of the trust’s figures', async () => {
    const leaders = (await cardsOf(leaderOf(ids.trust))).get('Your school and your partnership')!;
    expect(leaders.items.find((i) => i.text === 'Overall absence, 2024/25')!.details).toEqual([
      'Hawthorn Trust: 5.0%',
      'England (state-funded schools): 5.0%',
    ]);
    const { page } = await userWith(t, { organisationId: ids.outsider, role: 'leader' });
    const body = (await page('/')).body;
    for (const name of ['Ash Primary', 'Elm Primary', 'Hawthorn Trust', '4.0%', '66.7%'])
      expect(body).not.toContain(name);
  });

  it('tells someone linked to no organisation what to do first', async () => {
    const cards = await cardsOf({ ...ADMIN, userId: 0, isAdmin: false, memberships: [] });
    expect([...cards.keys()]).toEqual(['Your school and your partnership']);
    expect(cards.get('Your school and your partnership')!.texts[0]).toMatch(/^You are not linked to a school/);
  });
});

describe('what changed since your last visit', () => {
  it('tells of new ties, imports that touched the school, new results and closed surveys since the previous visit', async () => {
    const { page, email } = await userWith(t, { organisationId: ids.ash, role: 'leader' });
    const first = (await page('/')).body;
    expect(first).toContain('As this is your first visit, what changed covers the last month.');
    // An hour and more away, then back: what happened in between is news.
    const since = new Date(Date.now() - 3 * 3_600_000);
    await sql`update users set last_visit_at = ${since} where email = ${email}`.execute(t.database.db);
    const old = await t.services.landscape.createRelationship(ADMIN, {
      type: 'peer-review',
      fromOrganisationId: ids.ash,
      toOrganisationId: ids.helper,
    });
    await sql`update relationships set created_at = now() - interval '1 day' where id = ${old.id}`.execute(
      t.database.db,
    );
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'support',
      fromOrganisationId: ids.helper,
      toOrganisationId: ids.ash,
    });
    await importValues(t, ['urn,indicator,period,value', `${urns.ash},absence-persistent-percent,2024/25,12.5`]);
    const body = (await page('/')).body;
    expect(body).not.toContain('first visit');
    expect(body).toMatch(/Your last visit began on \d+ \w+ \d{4}\./);
    const changed = body.slice(body.indexOf('id="card-what-changed-since-your-last-visit"'));
    expect(changed).toContain('New tie: Helper Primary and Ash Primary (support)');
    expect(changed).not.toContain('(peer review)');
    expect(changed).toMatch(/Imported on \d+ \w+ \d{4}: Indicator values/);
    expect(changed).toContain('With rows for Ash Primary');
    expect(changed).toContain('New results for Ash Primary');
    expect(changed).toContain('Persistent absence');
    expect(changed).toContain('Survey closed: Pupil voice this year (Hawthorn Trust)');
    // The same visit goes on: reading the page again tells the same news.
    expect((await page('/')).body).toContain('New tie: Helper Primary and Ash Primary (support)');
  });

  it('tells a school outside none of another school’s news', async () => {
    const changed = (await cardsOf(leaderOf(ids.outsider))).get('What changed since your last visit')!;
    const all = JSON.stringify(changed.items);
    for (const name of ['Ash Primary', 'Elm Primary', 'Pupil voice this year']) expect(all).not.toContain(name);
  });
});

describe('for administrators', () => {
  it('lists the latest imports for administrators only', async () => {
    const admin = await cardsOf(ADMIN);
    const imports = admin.get('For administrators')!;
    expect(imports.items[0]).toMatchObject({
      text: 'values.csv (Indicator values)',
      href: expect.stringMatching(/^\/imports\/\d+$/),
    });
    expect((await cardsOf(leaderOf(ids.ash))).has('For administrators')).toBe(false);
    // An administrator who belongs to no organisation has no school cards.
    expect([...admin.keys()]).toEqual(['For administrators']);
  });

  it('adds jobs that failed after every attempt to the administrators’ card, for administrators only', async () => {
    const failedAt = new Date('2026-11-30T09:00:00Z');
    const services = {
      ...t.services,
      background: {
        ...t.services.background,
        failed: async (actor: Actor | undefined) => {
          if (!actor?.isAdmin) throw new Error('only administrators ask');
          return [
            {
              id: 'j1',
              name: 'imports-run',
              data: {},
              message: 'The file server did not answer',
              attempts: 3,
              failedAt,
            },
          ];
        },
      },
    } as ServiceMap;
    const context = { since: new Date(0), firstVisit: true, today: '2026-12-01' };
    const parts = homeCards().filter((p) => p.name === 'For administrators');
    const items = (await Promise.all(parts.map((p) => p.items(services, ADMIN, context)))).flatMap((i) => i ?? []);
    expect(items).toContainEqual({
      text: 'A background job failed: imports-run',
      href: '/jobs',
      status: { text: 'Failed', urgent: true },
      details: ['30 November 2026, after 3 attempts: The file server did not answer'],
    });
    const leader = await Promise.all(parts.map((p) => p.items(services, leaderOf(ids.ash), context)));
    expect(leader.every((i) => i === undefined)).toBe(true);
  });
});
