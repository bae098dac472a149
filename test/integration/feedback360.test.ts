/**
 * 360 feedback, attacked: a leader asks raters from their real ties, who answer once through a
 * private link without an account. Every path that shows results (the page, the API, the CSV,
 * the subject-access export) withholds a group below the threshold, and "All others" cannot be
 * differenced to recover it. Only the owner and the people they share their record with read
 * results (those reads audited); only the owner sees whom they asked. Another account, an
 * administrator, a former reader and a bad link get nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { member, person, school, trust, unique, userWith, type SignedInUser } from '../factories.js';
import { startTestSmtp } from '../smtp-server.js';
import { until } from '../until.js';

let t: TestApp;
let admin: SignedInUser;
let stranger: SignedInUser;
let frameworkId: number;
let componentIds: number[];
const GOVERNOR_SECRET = 'SECRET-governor-remark-kestrel';
const PEER_COMMENT = 'Brings the network together around pupils';
const SUPPORTED_COMMENT = 'Always answers the phone when we need help';

beforeAll(async () => {
  // Each test signs in accounts of its own: more than the sign-in limit a minute allows one address.
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
  admin = await userWith(t, null, { isAdmin: true });
  stranger = await userWith(t, null);
  const framework = (await t.services.development.frameworks(ADMIN))[0]!;
  frameworkId = framework.id;
  componentIds = framework.domains.flatMap((d) => d.components.map((c) => c.id));
});
afterAll(async () => t?.close());

async function actorOf(user: SignedInUser): Promise<Actor> {
  const row = await t.database.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('email', '=', user.email)
    .executeTakeFirstOrThrow();
  return {
    userId: row.id,
    email: user.email,
    name: row.name,
    isAdmin: false,
    mustChangePassword: false,
    memberships: [],
  };
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** A leader's new round, through the API. */
async function newRound(owner: SignedInUser): Promise<number> {
  const made = await owner.post('/api/v1/feedback', { frameworkId, closesOn: inAWeek() });
  expect(made.statusCode).toBe(201);
  return made.json().id;
}

/** Asks raters through the API; gives back their private links. */
async function invite(
  owner: SignedInUser,
  roundId: number,
  raters: Array<{ relationship: string; name?: string }>,
): Promise<string[]> {
  const asked = await owner.post(`/api/v1/feedback/${roundId}/raters`, {
    raters: raters.map((r, i) => ({
      name: r.name ?? `Rater ${i} ${unique()}`,
      email: `rater${unique()}.${i}@example.test`,
      relationship: r.relationship,
    })),
  });
  expect(asked.statusCode).toBe(201);
  return asked.json().map((r: { link: string }) => new URL(r.link, 'http://x').pathname);
}

/** Answers through a private link as an anonymous browser would: every component rated `rating`. */
async function answer(path: string, rating: number, comment = '') {
  const browser = new TestBrowser(t.app);
  const page = await browser.get(path);
  expect(page.statusCode).toBe(200);
  const form: Record<string, string> = { comment };
  for (const id of componentIds) form[`rating-${id}`] = String(rating);
  return browser.post(path, form);
}

/**
 * The round of the brief: 9 asked, 7 answer. Three peers and three of four supported-school
 * raters answer (two groups shown); one of two governors answers, with a secret comment and
 * an extreme rating (withheld). Then the owner closes it.
 */
async function answeredRound(owner: SignedInUser) {
  const roundId = await newRound(owner);
  const links = await invite(owner, roundId, [
    ...Array.from({ length: 3 }, () => ({ relationship: 'peer' })),
    ...Array.from({ length: 4 }, () => ({ relationship: 'supported-school' })),
    ...Array.from({ length: 2 }, () => ({ relationship: 'governor' })),
  ]);
  expect((await answer(links[0]!, 4, PEER_COMMENT)).statusCode).toBe(200);
  expect((await answer(links[1]!, 3)).statusCode).toBe(200);
  expect((await answer(links[2]!, 2)).statusCode).toBe(200);
  expect((await answer(links[3]!, 4, SUPPORTED_COMMENT)).statusCode).toBe(200);
  expect((await answer(links[4]!, 4)).statusCode).toBe(200);
  expect((await answer(links[5]!, 4)).statusCode).toBe(200);
  expect((await answer(links[7]!, 1, GOVERNOR_SECRET)).statusCode).toBe(200);
  expect((await owner.post(`/api/v1/feedback/${roundId}/close`, {})).statusCode).toBe(200);
  return { roundId, links };
}

describe('asking raters', () => {
  it('suggests people from the leader’s real ties, each with a relationship, and asks the ticked ones from the page', async () => {
    const owner = await userWith(t, null);
    const own = await school(t);
    const supported = await school(t);
    const partner = await school(t);
    const fellow = await school(t);
    const theTrust = await trust(t);
    await person(t, own, { name: 'Owner Person', email: owner.email, jobTitle: 'Deputy headteacher' });
    await person(t, own, { name: 'Hannah Head', email: `head${unique()}@example.test`, jobTitle: 'Headteacher' });
    await person(t, own, { name: 'Gita Governor', email: `gov${unique()}@example.test`, jobTitle: 'Governor' });
    await person(t, own, { name: 'Dana Deputy', email: `dep${unique()}@example.test`, jobTitle: 'Deputy headteacher' });
    await person(t, supported, {
      name: 'Sam Supported',
      email: `sup${unique()}@example.test`,
      jobTitle: 'Headteacher',
    });
    await person(t, supported, { name: 'Nora Noemail', jobTitle: 'Headteacher' });
    await person(t, partner, { name: 'Pat Partner', email: `par${unique()}@example.test`, jobTitle: 'Headteacher' });
    await person(t, fellow, { name: 'Fay Fellow', email: `fel${unique()}@example.test`, jobTitle: 'Headteacher' });
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'support',
      fromOrganisationId: own,
      toOrganisationId: supported,
    });
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'partnership',
      fromOrganisationId: partner,
      toOrganisationId: own,
    });
    await member(t, own, theTrust);
    await member(t, fellow, theTrust);

    const roundId = await newRound(owner);
    const suggestions = (await owner.get(`/api/v1/feedback/${roundId}/suggestions`)).json();
    const byName = Object.fromEntries(
      suggestions.map((s: { name: string; relationship: string }) => [s.name, s.relationship]),
    );
    expect(byName).toEqual({
      'Hannah Head': 'manager',
      'Gita Governor': 'governor',
      'Sam Supported': 'supported-school',
      'Pat Partner': 'partner-school',
      'Fay Fellow': 'peer',
    });

    const page = await owner.page(`/feedback/${roundId}/raters`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hannah Head — Line manager');
    const sam = suggestions.find((s: { name: string }) => s.name === 'Sam Supported');
    const asked = await owner.browser.post(`/feedback/${roundId}/raters`, {
      suggested: String(sam.personId),
      name1: 'Typed Rater',
      email1: `typed${unique()}@example.test`,
      relationship1: 'peer',
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.headers['cache-control']).toBe('no-store');
    expect(asked.body).toMatch(/\/feedback\/answer\/[A-Za-z0-9_-]{32}/);
    expect(asked.body).toContain('data-copy=');
    const raters = (await owner.get(`/api/v1/feedback/${roundId}/raters`)).json();
    expect(raters.map((r: { name: string; relationship: string }) => [r.name, r.relationship]).sort()).toEqual([
      ['Sam Supported', 'supported-school'],
      ['Typed Rater', 'peer'],
    ]);
    // Once asked, no longer suggested; and the links are never shown again.
    const again = await owner.page(`/feedback/${roundId}/raters`);
    expect(again.body).not.toContain('Sam Supported — Supported school');
    expect(again.body).not.toMatch(/\/feedback\/answer\//);
  });

  it('refuses a typed rater without a relationship, keeping what was typed, and the owner asking themselves', async () => {
    const owner = await userWith(t, null);
    const roundId = await newRound(owner);
    await owner.page(`/feedback/${roundId}/raters`);
    const bad = await owner.browser.post(`/feedback/${roundId}/raters`, {
      name1: 'Kept As Typed',
      email1: 'kept@example.test',
      relationship1: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Choose how Kept As Typed works with you');
    expect(bad.body).toContain('value="Kept As Typed"');
    const self = await owner.post(`/api/v1/feedback/${roundId}/raters`, {
      raters: [{ name: 'Me', email: owner.email, relationship: 'peer' }],
    });
    expect(self.statusCode).toBe(400);
  });

  it('starts a round from its page, refusing a closing day in the past', async () => {
    const owner = await userWith(t, null);
    const page = await owner.page('/feedback/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/feedback"');
    const past = await owner.browser.post('/feedback', {
      frameworkId: String(frameworkId),
      title: 'Kept title',
      'closesOn-day': '1',
      'closesOn-month': '1',
      'closesOn-year': '2020',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The closing date must be today or later');
    expect(past.body).toContain('Kept title');
    const [y, m, d] = inAWeek().split('-');
    const made = await owner.browser.post('/feedback', {
      frameworkId: String(frameworkId),
      title: '',
      'closesOn-day': String(Number(d)),
      'closesOn-month': String(Number(m)),
      'closesOn-year': y!,
    });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toMatch(/^\/feedback\/\d+\/raters\?saved=created$/);
    const list = await owner.page('/feedback');
    expect(list.body).toContain('360 feedback: ');
    expect(list.body).toContain('href="/development"');
  });
});

describe('emailing the private link', () => {
  // It builds an application of its own, with email on: slower than the others on a busy machine.
  it('emails each rater their own link where email is on, and gives the same link to the owner once', async () => {
    const smtp = await startTestSmtp();
    const mail = await createTestApp({
      smtpUrl: smtp.url,
      publicUrl: 'https://syslead.example.org',
      signInAttemptsPerMinute: 1000,
    });
    try {
      const owner = await userWith(mail, null);
      const made = await owner.post('/api/v1/feedback', { frameworkId, closesOn: inAWeek() });
      const email = `emailed${unique()}@example.test`;
      const asked = await owner.post(`/api/v1/feedback/${made.json().id}/raters`, {
        raters: [{ name: 'Emailed Rater', email, relationship: 'governor' }],
      });
      expect(asked.statusCode).toBe(201);
      const [{ link, emailed }] = asked.json();
      expect(emailed).toBe(true);
      expect(link).toMatch(/^https:\/\/syslead\.example\.org\/feedback\/answer\/[A-Za-z0-9_-]{32}$/);
      const sent = await until('the rater’s email', async () => smtp.received.find((m) => m.to.includes(email)));
      expect(sent.subject).toContain('asks for your feedback');
      expect(sent.text.replace(/=\r?\n/g, '')).toContain(link);
    } finally {
      await mail.close();
      await smtp.close();
    }
  }, 120_000);
});

describe('answering through a private link', () => {
  it('shows only the leader’s name, the framework’s components and scale, and answers once', async () => {
    const owner = await userWith(t, null);
    const ownerActor = await actorOf(owner);
    await t.services.journal.write(ownerActor, { body: 'SECRET-journal-of-owner' });
    const roundId = await newRound(owner);
    const [link, other] = await invite(owner, roundId, [
      { relationship: 'peer', name: 'SECRET-rater-name-one' },
      { relationship: 'peer', name: 'SECRET-rater-name-two' },
    ]);
    const browser = new TestBrowser(t.app);
    const page = await browser.get(link!);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Feedback for Test user');
    expect(page.body).toContain('Starting out');
    expect(page.body).not.toContain('SECRET');
    expect(page.body).not.toContain(owner.email);

    const missing = await browser.post(link!, { comment: 'Not rated' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose a rating for');
    expect(missing.body).toContain('Not rated');
    const offScale = await browser.post(link!, Object.fromEntries(componentIds.map((id) => [`rating-${id}`, '9'])));
    expect(offScale.statusCode).toBe(400);

    expect((await answer(link!, 3)).statusCode).toBe(200);
    // Its page says so, and a second post (with the form of before) is refused.
    expect((await new TestBrowser(t.app).get(link!)).body).toContain(
      'Feedback has already been given through this link',
    );
    const twice = await browser.post(link!, Object.fromEntries(componentIds.map((id) => [`rating-${id}`, '1'])));
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Feedback has already been given through this link');
    const stored = await t.database.db
      .selectFrom('feedback_responses')
      .selectAll()
      .where('round_id', '=', roundId)
      .execute();
    expect(stored).toHaveLength(1);
    // The answer holds no rater: no id of one, and only the day it came.
    expect(Object.keys(stored[0]!).sort()).toEqual(['comment', 'ratings', 'relationship', 'round_id', 'submitted_on']);

    expect((await owner.post(`/api/v1/feedback/${roundId}/close`, {})).statusCode).toBe(200);
    const late = new TestBrowser(t.app);
    expect((await late.get(other!)).body).toContain('This round of feedback has closed');
    const closed = await browser.post(other!, Object.fromEntries(componentIds.map((id) => [`rating-${id}`, '2'])));
    expect(closed.statusCode).toBe(400);
    expect(closed.body).toContain('This round of feedback has closed');
    expect(
      await t.database.db.selectFrom('feedback_responses').select('round_id').where('round_id', '=', roundId).execute(),
    ).toHaveLength(1);
  });

  it('is not found for a bad or made-up link, without signing in', async () => {
    const browser = new TestBrowser(t.app);
    expect((await browser.get('/feedback/answer/abcdefghijklmnopqrstuvwxyz012345')).statusCode).toBe(404);
    expect((await browser.get('/feedback/answer/short')).statusCode).toBe(400);
    await browser.get('/feedback/new');
    expect([403, 404]).toContain(
      (await browser.post('/feedback/answer/abcdefghijklmnopqrstuvwxyz012345', {})).statusCode,
    );
  });
});

describe('the threshold, on every path', () => {
  it('shows the two groups of three, withholds the governors, and never shows their answer', async () => {
    const owner = await userWith(t, null);
    const ownerActor = await actorOf(owner);
    await t.services.development.assess(ownerActor, {
      frameworkId,
      ratings: componentIds.map((componentId) => ({ componentId, rating: 2 })),
    });
    const { roundId } = await answeredRound(owner);

    const api = await owner.get(`/api/v1/feedback/${roundId}/results`);
    expect(api.statusCode).toBe(200);
    const { results } = api.json();
    expect(
      results.groups.map((g: { relationship: string; shown: boolean; respondents: number | null }) => [
        g.relationship,
        g.shown,
        g.respondents,
      ]),
    ).toEqual([
      ['peer', true, 3],
      ['supported-school', true, 3],
      ['governor', false, null],
      ['all-others', true, 6],
    ]);
    expect(results.components[0]).toMatchObject({ self: 2, means: [3, 4, null, 3.5] });
    expect(results.comments).toEqual([SUPPORTED_COMMENT, PEER_COMMENT]);
    expect(api.body).not.toContain(GOVERNOR_SECRET);

    const page = await owner.page(`/feedback/${roundId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Withheld: fewer than 3 answered');
    expect(page.body).toContain(PEER_COMMENT);
    expect(page.body).not.toContain(GOVERNOR_SECRET);

    const csv = await owner.page(`/feedback/${roundId}/results.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Withheld: fewer than 3 answered');
    expect(csv.body).toContain(PEER_COMMENT);
    expect(csv.body).not.toContain(GOVERNOR_SECRET);
    const governorRows = csv.body.split('\n').filter((l) => l.includes(',Governors,'));
    expect(governorRows.length).toBe(componentIds.length);
    for (const row of governorRows) expect(row).toMatch(/,Governors,,,Withheld/);

    const exported = await t.services.feedback360.personalData(ownerActor.userId);
    const text = JSON.stringify(exported);
    expect(text).not.toContain(GOVERNOR_SECRET);
    expect(text).toContain(PEER_COMMENT);
    const mine = exported.feedbackRounds.find((r) => r.results?.groups.length);
    expect(mine!.results!.groups.find((g) => g.relationship === 'governor')).toMatchObject({
      shown: false,
      respondents: null,
    });
    // The same on the leader's own download and on a subject access request for the person they are.
    const download = await owner.page('/development/export.csv');
    expect(download.body).toContain(PEER_COMMENT);
    expect(download.body).not.toContain(GOVERNOR_SECRET);
    expect(download.body).toMatch(
      /feedback360\.feedbackRounds,[\d.]+,results\.groups\.withheld,Withheld: fewer than 3 answered/,
    );
    const personId = (await t.services.landscape.createPerson(ADMIN, { name: 'The leader', email: owner.email })).id;
    const sar = await admin.get(`/api/v1/people/${personId}/export`);
    expect(sar.statusCode).toBe(200);
    expect(sar.body).toContain(PEER_COMMENT);
    expect(sar.body).toContain('Withheld: fewer than 3 answered');
    expect(sar.body).not.toContain(GOVERNOR_SECRET);
  });

  it('cannot be differenced: the shown figures are the same whatever the withheld governor answered', async () => {
    const low = await userWith(t, null);
    const high = await userWith(t, null);
    const shownOf = async (owner: SignedInUser, governorRating: number) => {
      const roundId = await newRound(owner);
      const links = await invite(owner, roundId, [
        { relationship: 'peer' },
        { relationship: 'peer' },
        { relationship: 'peer' },
        { relationship: 'governor' },
      ]);
      for (const link of links.slice(0, 3)) await answer(link, 3);
      await answer(links[3]!, governorRating, GOVERNOR_SECRET);
      await owner.post(`/api/v1/feedback/${roundId}/close`, {});
      const { results } = (await owner.get(`/api/v1/feedback/${roundId}/results`)).json();
      return {
        groups: results.groups,
        means: results.components.map((c: { means: unknown[] }) => c.means),
        comments: results.comments,
      };
    };
    const a = await shownOf(low, 1);
    const b = await shownOf(high, 4);
    expect(a).toEqual(b);
    // "All others" is the peers' pool, not everyone's: 3 answered, mean 3.
    expect(a.groups.at(-1)).toMatchObject({ relationship: 'all-others', respondents: 3 });
    expect(a.means[0]).toEqual([3, null, 3]);
    expect(JSON.stringify(a)).not.toContain(GOVERNOR_SECRET);
  });

  it('shows no results while a round is open, so they cannot be watched change answer by answer', async () => {
    const owner = await userWith(t, null);
    const roundId = await newRound(owner);
    const links = await invite(owner, roundId, [
      { relationship: 'peer' },
      { relationship: 'peer' },
      { relationship: 'peer' },
    ]);
    for (const link of links) await answer(link, 4, PEER_COMMENT);
    const api = (await owner.get(`/api/v1/feedback/${roundId}/results`)).json();
    expect(api.results).toBeNull();
    expect(api.round).toMatchObject({ invited: 3, answered: 3, closed: false });
    expect((await owner.page(`/feedback/${roundId}`)).body).not.toContain(PEER_COMMENT);
    expect((await owner.page(`/feedback/${roundId}/results.csv`)).body).not.toContain(PEER_COMMENT);
  });
});

describe('no one but the owner and those they chose reads results', () => {
  it('is not found for another account and an administrator, on every route', async () => {
    const owner = await userWith(t, null);
    const { roundId } = await answeredRound(owner);
    for (const intruder of [stranger, admin]) {
      for (const response of [
        await intruder.page(`/feedback/${roundId}`),
        await intruder.page(`/feedback/${roundId}/results.csv`),
        await intruder.page(`/feedback/${roundId}/raters`),
        await intruder.page(`/feedback/${roundId}/close`),
        await intruder.get(`/api/v1/feedback/${roundId}/results`),
        await intruder.get(`/api/v1/feedback/${roundId}/raters`),
        await intruder.get(`/api/v1/feedback/${roundId}/suggestions`),
        await intruder.post(`/api/v1/feedback/${roundId}/raters`, {
          raters: [{ name: 'Intruder', email: 'intruder@example.test', relationship: 'peer' }],
        }),
        await intruder.post(`/api/v1/feedback/${roundId}/close`, {}),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.body).not.toContain(PEER_COMMENT);
        expect(response.body).not.toContain(GOVERNOR_SECRET);
      }
      expect((await intruder.get('/api/v1/feedback')).json()).toEqual([]);
    }
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get(`/feedback/${roundId}`)).statusCode).not.toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/feedback/${roundId}/results` })).statusCode).toBe(401);
  });

  it('lets a reader the owner shares with read the results (audited), not whom they asked, and not after sharing stops', async () => {
    const owner = await userWith(t, null);
    const mentor = await userWith(t, null);
    const ownerActor = await actorOf(owner);
    const mentorActor = await actorOf(mentor);
    const { roundId } = await answeredRound(owner);
    await t.services.development.share(ownerActor, { email: mentor.email, relation: 'mentor' });

    const api = await mentor.get(`/api/v1/feedback/${roundId}/results`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ mine: false });
    expect(api.body).toContain(PEER_COMMENT);
    expect(api.body).not.toContain(GOVERNOR_SECRET);
    const page = await mentor.page(`/feedback/${roundId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('shared with you');
    const audited = await sql<{ n: string }>`select count(*) as n from audit_log
      where entity = 'development-record' and action = 'read' and entity_id = ${String(ownerActor.userId)}
        and user_id = ${mentorActor.userId} and detail->>'what' = ${`feedback-round:${roundId}`}`.execute(
      t.database.db,
    );
    expect(Number(audited.rows[0]!.n)).toBeGreaterThanOrEqual(2);

    const listed = (await mentor.get('/api/v1/feedback/shared')).json();
    expect(listed.map((r: { id: number }) => r.id)).toContain(roundId);
    expect((await mentor.page('/feedback')).body).toContain(`href="/feedback/${roundId}"`);
    expect((await stranger.get('/api/v1/feedback/shared')).json()).toEqual([]);

    // Whom the owner asked is theirs alone.
    expect((await mentor.get(`/api/v1/feedback/${roundId}/raters`)).statusCode).toBe(404);
    expect((await mentor.page(`/feedback/${roundId}/raters`)).statusCode).toBe(404);
    expect((await mentor.post(`/api/v1/feedback/${roundId}/close`, {})).statusCode).toBe(404);

    await t.services.development.unshare(ownerActor, mentorActor.userId);
    const former = await mentor.get(`/api/v1/feedback/${roundId}/results`);
    expect(former.statusCode).toBe(404);
    expect((await mentor.get('/api/v1/feedback/shared')).json()).toEqual([]);
    expect(former.body).not.toContain(PEER_COMMENT);
    expect((await mentor.page(`/feedback/${roundId}/results.csv`)).body).not.toContain(PEER_COMMENT);
  });
});
