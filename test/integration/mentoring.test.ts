/**
 * Mentoring between system leaders, attacked: the network suggests mentors by their experience
 * in the wanted components (not at the mentee's own school unless asked, none at capacity); a
 * relation moves only through its allowed steps, and is refused beyond a mentor's capacity; its
 * meeting notes are read by the two people only — never by a third account, an administrator
 * or a reader of the mentee's shared development record; the mentee's record is shared on
 * agreeing and stops being shared on ending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { person, school, unique, userWith, type SignedInUser } from '../factories.js';
import { until } from '../until.js';

let t: TestApp;
let componentIds: number[];
let componentNames: string[];
let admin: SignedInUser;

const CANARY = 'Canary: the worry about the Larkfield governors';

type Leader = SignedInUser & { userId: number; name: string; organisationId: number };

beforeAll(async () => {
  // Many leaders sign in within a minute here.
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
  const components = (await t.services.development.frameworks(ADMIN)).flatMap((f) =>
    f.domains.flatMap((d) => d.components),
  );
  componentIds = components.slice(0, 4).map((c) => c.id);
  componentNames = components.slice(0, 4).map((c) => c.name);
  admin = await userWith(t, null, { isAdmin: true });
});
afterAll(async () => t?.close());

/** A leader of a school (a new one unless given), with a name of their own. */
async function leader(organisationId?: number): Promise<Leader> {
  const orgId = organisationId ?? (await school(t, { name: `School ${unique()}` }));
  const user = await userWith(t, { organisationId: orgId, role: 'leader' });
  const name = `Leader ${unique()}`;
  const row = await t.database.db
    .updateTable('users')
    .set({ name })
    .where('email', '=', user.email)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...user, userId: row.id, name, organisationId: orgId };
}

/** A leader who offers to mentor in these components. */
async function mentor(components: number[], capacity = 2, organisationId?: number): Promise<Leader> {
  const m = await leader(organisationId);
  const put = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/mentoring/offer',
    payload: { componentIds: components, capacity, note: 'Happy to help' },
    headers: { authorization: `Bearer ${m.token}` },
  });
  expect(put.statusCode).toBe(200);
  return m;
}

const suggestedTo = async (mentee: Leader, query: string) => {
  const response = await mentee.get(`/api/v1/mentoring/suggestions?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json().suggestions as Array<{ userId: number; reasons: string; score: number }>;
};

const step = (who: Leader, id: number, body: Record<string, unknown>) =>
  who.post(`/api/v1/mentoring/${id}/steps`, body);

/** A mentee's proposal to a mentor, agreed by the mentor. */
async function agreed(mentee: Leader, m: Leader, shareRecord = false): Promise<number> {
  const proposed = await mentee.post('/api/v1/mentoring', { mentorId: m.userId, shareRecord });
  expect(proposed.statusCode).toBe(201);
  const id = proposed.json().id as number;
  expect((await step(m, id, { step: 'agree' })).statusCode).toBe(200);
  return id;
}

describe('suggesting mentors from the network', () => {
  it('ranks by overlap with the wanted components and says why, leaving out people of the mentee’s own school unless asked', async () => {
    const [a, b, c] = componentIds as [number, number, number];
    const mentee = await leader();
    const both = await mentor([a, b]);
    const one = await mentor([a]);
    const none = await mentor([c]);
    const colleague = await mentor([a, b], 2, mentee.organisationId);

    const found = await suggestedTo(mentee, `components=${a},${b}`);
    const ids = found.map((s) => s.userId);
    expect(ids.indexOf(both.userId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(both.userId)).toBeLessThan(ids.indexOf(one.userId));
    expect(ids).not.toContain(none.userId);
    expect(ids).not.toContain(colleague.userId);
    expect(ids).not.toContain(mentee.userId);
    expect(found.find((s) => s.userId === both.userId)!.reasons).toBe(
      `Offers experience in ${componentNames[0]} and ${componentNames[1]}`,
    );

    const withOwn = await suggestedTo(mentee, `components=${a},${b}&own=1`);
    expect(withOwn.map((s) => s.userId)).toContain(colleague.userId);

    // The page says the same, with a one-click ask for each.
    const page = await mentee.page(`/mentoring/find?components=${a},${b}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(both.name);
    expect(page.body).not.toContain(colleague.name);
    expect(page.body).toContain('Ask to be mentored');
  });

  it('counts a system role the mentor’s person holds in the landscape', async () => {
    const [, , , d] = componentIds as [number, number, number, number];
    const mentee = await leader();
    const plain = await mentor([d]);
    const nle = await mentor([d]);
    const personId = await person(t, nle.organisationId, { name: nle.name, email: nle.email });
    await t.services.landscape.createRoleAssignment(ADMIN, {
      personId,
      roleCode: 'national-leader-of-education',
      organisationId: nle.organisationId,
    });
    const found = await suggestedTo(mentee, `components=${d}`);
    const ids = found.map((s) => s.userId);
    expect(ids.indexOf(nle.userId)).toBeLessThan(ids.indexOf(plain.userId));
    expect(found.find((s) => s.userId === nle.userId)!.reasons).toBe(
      `Offers experience in ${componentNames[3]}; a National Leader of Education`,
    );
  });

  it('leaves out a mentor whose agreed and active mentees fill their capacity', async () => {
    const [a] = componentIds as [number];
    const full = await mentor([a], 1);
    await agreed(await leader(), full);
    const mentee = await leader();
    expect((await suggestedTo(mentee, `components=${a}`)).map((s) => s.userId)).not.toContain(full.userId);
  });
});

describe('the steps of a relation', () => {
  it('goes from a one-click ask on the find page to agreed, active and completed, dated, and tells the other side', async () => {
    const [a] = componentIds as [number];
    const m = await mentor([a]);
    const mentee = await leader();
    await mentee.page(`/mentoring/find?components=${a}`);
    const asked = await mentee.browser.post('/mentoring', { mentorId: String(m.userId), componentIds: String(a) });
    expect(asked.statusCode).toBe(303);
    const id = Number(/\/mentoring\/(\d+)/.exec(String(asked.headers.location))![1]);

    const told = await until('the notification of the proposal', async () => {
      const list = (await m.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; link: string; title: string }>;
      };
      return list.items.find((n) => n.kind === 'mentoring-proposed' && n.link === `/mentoring/${id}`);
    });
    expect(told.title).toBe(`${mentee.name} asks you to mentor them`);
    const home = await m.page('/');
    expect(home.body).toContain(`${mentee.name} asks you to mentor them`);
    expect((await m.page('/mentoring')).body).toContain('Waiting for your answer');

    // The proposer cannot answer their own proposal, and nothing can be started before it is agreed.
    expect((await step(mentee, id, { step: 'agree' })).statusCode).toBe(409);
    expect((await step(m, id, { step: 'start' })).statusCode).toBe(409);
    expect((await step(m, id, { step: 'complete' })).statusCode).toBe(409);

    const page = await m.page(`/mentoring/${id}`);
    expect(page.body).toContain('Agree to the mentoring');
    const agree = await m.browser.post(`/mentoring/${id}/steps`, { step: 'agree' });
    expect(agree.statusCode).toBe(303);
    await until('the notification of the agreement', async () => {
      const list = (await mentee.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; link: string }>;
      };
      return list.items.find((n) => n.kind === 'mentoring-agreed' && n.link === `/mentoring/${id}`);
    });

    expect((await step(m, id, { step: 'agree' })).statusCode).toBe(409);
    expect((await step(m, id, { step: 'complete' })).statusCode).toBe(409);
    const started = await step(mentee, id, { step: 'start' });
    expect(started.statusCode).toBe(200);
    const completed = await step(m, id, { step: 'complete' });
    expect(completed.statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(completed.json()).toMatchObject({
      status: 'completed',
      proposedOn: today,
      agreedOn: today,
      startedOn: today,
      endedOn: today,
      components: [{ id: a, name: componentNames[0] }],
    });
    expect((await step(m, id, { step: 'end-early', reason: 'Too late' })).statusCode).toBe(409);
  });

  it('ends early only with a reason, and a note of the first meeting makes an agreed relation active', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const id = await agreed(mentee, m);
    const noted = await m.post(`/api/v1/mentoring/${id}/notes`, { body: 'We met' });
    expect(noted.statusCode).toBe(201);
    expect((await mentee.get(`/api/v1/mentoring/${id}`)).json().status).toBe('active');

    await mentee.page(`/mentoring/${id}`);
    const noReason = await mentee.browser.post(`/mentoring/${id}/steps`, { step: 'end-early', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why the mentoring is ending early');
    const ended = await step(mentee, id, { step: 'end-early', reason: 'I moved to another trust' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended-early', endReason: 'I moved to another trust' });
  });

  it('declines a proposal, after which it cannot be agreed, and tells the mentee their record is still shared', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const id = (await mentee.post('/api/v1/mentoring', { mentorId: m.userId, shareRecord: true })).json().id;
    expect((await step(m, id, { step: 'decline' })).json().status).toBe('declined');
    expect((await step(m, id, { step: 'agree' })).statusCode).toBe(409);
    // The record shared when proposing stays the mentee's choice: they are told, and stop it from the page.
    const told = await until('the notification of the decline', async () => {
      const list = (await mentee.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; link: string; body: string }>;
      };
      return list.items.find((n) => n.kind === 'mentoring-declined' && n.link === `/mentoring/${id}`);
    });
    expect(told.body).toContain(`You still let ${m.name} read your development record`);
    await mentee.page(`/mentoring/${id}`);
    expect((await mentee.browser.post(`/mentoring/${id}/share/delete`, {})).statusCode).toBe(303);
    expect(await t.services.development.isShared(mentee.userId, m.userId)).toBe(false);
    // The mentor cannot choose for the mentee.
    await m.page(`/mentoring/${id}`);
    expect((await m.browser.post(`/mentoring/${id}/share`, {})).statusCode).toBe(403);
  });

  it('refuses to agree beyond the mentor’s capacity, in words', async () => {
    const m = await mentor([componentIds[0]!], 1);
    const first = await leader();
    const second = await leader();
    const one = (await first.post('/api/v1/mentoring', { mentorId: m.userId })).json().id;
    const two = (await second.post('/api/v1/mentoring', { mentorId: m.userId })).json().id;
    expect((await step(m, one, { step: 'agree' })).statusCode).toBe(200);
    const refused = await step(m, two, { step: 'agree' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('You already mentor as many people as you offered to (1)');
    // A new ask is refused too, and the page says so on the same page.
    const third = await leader();
    const asked = await third.post('/api/v1/mentoring', { mentorId: m.userId });
    expect(asked.statusCode).toBe(409);
    expect(asked.json().error.message).toBe(
      `${m.name} already mentors as many people as they offered to: choose another mentor`,
    );
  });
});

describe('meeting notes are the two people’s only', () => {
  it('are not found for a third account, an administrator, or a reader of the mentee’s shared record', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const id = await agreed(mentee, m);
    expect((await mentee.post(`/api/v1/mentoring/${id}/notes`, { body: CANARY })).statusCode).toBe(201);
    expect((await m.get(`/api/v1/mentoring/${id}`)).body).toContain(CANARY);
    expect((await m.page(`/mentoring/${id}`)).body).toContain(CANARY);

    const lineManager = await leader();
    await t.services.development.share(
      {
        userId: mentee.userId,
        email: mentee.email,
        name: mentee.name,
        isAdmin: false,
        mustChangePassword: false,
        memberships: [],
      },
      { userId: lineManager.userId, relation: 'line-manager' },
    );
    const stranger = await leader();
    for (const outsider of [stranger, admin, lineManager]) {
      for (const response of [
        await outsider.page(`/mentoring/${id}`),
        await outsider.get(`/api/v1/mentoring/${id}`),
        await outsider.post(`/api/v1/mentoring/${id}/notes`, { body: 'Intruding' }),
        await outsider.post(`/api/v1/mentoring/${id}/steps`, { step: 'end-early', reason: 'Intruding' }),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.body).not.toContain(CANARY);
      }
      expect((await outsider.get('/api/v1/mentoring')).body).not.toContain(CANARY);
    }
    // A bad token and no sign-in at all.
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mentoring/${id}`,
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).not.toContain(CANARY);
    const anonymous = await t.app.inject({ method: 'GET', url: `/mentoring/${id}` });
    expect(anonymous.body).not.toContain(CANARY);

    // The audit trail says a note was written, never what it says.
    const trail = (await t.services.audit.list(ADMIN, { limit: 500 })).filter((e) => e.entity === 'mentoring-note');
    expect(trail.length).toBeGreaterThan(0);
    expect(JSON.stringify(trail)).not.toContain(CANARY);
    const trailPage = await admin.page('/audit');
    expect(trailPage.body).not.toContain(CANARY);
  });

  it('are in the subject-access data of both sides', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const id = await agreed(mentee, m);
    await m.post(`/api/v1/mentoring/${id}/notes`, { body: CANARY });
    const mine = await t.services.mentoring.personalData(mentee.userId);
    expect(mine.relations[0]).toMatchObject({ as: 'mentee', with: m.name, status: 'Active' });
    expect(JSON.stringify(mine)).toContain(CANARY);
    const theirs = await t.services.mentoring.personalData(m.userId);
    expect(theirs.mentorOffer).toMatchObject({ capacity: 2, components: [componentNames[0]] });
    expect(theirs.relations[0]!.notes[0]).toMatchObject({ writtenBy: 'you', body: CANARY });
  });
});

describe('the mentee’s development record', () => {
  it('is shared with the mentor when the mentee ticks it, and stops being shared when the mentoring ends', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const id = await agreed(mentee, m, true);
    expect(await t.services.development.isShared(mentee.userId, m.userId)).toBe(true);
    expect((await mentee.get(`/api/v1/mentoring/${id}`)).json().recordShared).toBe(true);
    // The mentor reads it now through the one rule; someone else does not.
    const sight = await t.services.development.sightOf(
      { userId: m.userId, email: m.email, name: m.name, isAdmin: false, mustChangePassword: false, memberships: [] },
      mentee.userId,
      'test',
    );
    expect(sight).toEqual({ owner: false, relation: 'mentor' });

    await mentee.page(`/mentoring/${id}`);
    const ended = await mentee.browser.post(`/mentoring/${id}/steps`, {
      step: 'end-early',
      reason: 'We both changed roles',
      stopSharing: 'yes',
    });
    expect(ended.statusCode).toBe(303);
    expect(await t.services.development.isShared(mentee.userId, m.userId)).toBe(false);
    await until('the notification of the end', async () => {
      const list = (await m.get('/api/v1/notifications')).json() as { items: Array<{ kind: string; link: string }> };
      return list.items.find((n) => n.kind === 'mentoring-ended' && n.link === `/mentoring/${id}`);
    });
  });

  it('shares when the mentee agrees to a mentor’s proposal, and keeps sharing when they choose to at the end', async () => {
    const m = await mentor([componentIds[0]!]);
    const mentee = await leader();
    const proposed = await m.post('/api/v1/mentoring', { menteeEmail: mentee.email });
    expect(proposed.statusCode).toBe(201);
    const id = proposed.json().id;
    expect((await step(m, id, { step: 'agree' })).statusCode).toBe(409);
    expect((await step(mentee, id, { step: 'agree', shareRecord: true })).statusCode).toBe(200);
    expect(await t.services.development.isShared(mentee.userId, m.userId)).toBe(true);
    expect((await step(mentee, id, { step: 'start' })).statusCode).toBe(200);
    expect((await step(mentee, id, { step: 'complete', stopSharing: false })).statusCode).toBe(200);
    expect(await t.services.development.isShared(mentee.userId, m.userId)).toBe(true);
  });
});

describe('offering to mentor', () => {
  it('keeps what was typed when the offer fails, and stops offering on request', async () => {
    const m = await leader();
    const page = await m.page('/mentoring/offer');
    expect(page.statusCode).toBe(200);
    const failed = await m.browser.post('/mentoring/offer', { capacity: '3', note: 'Kept as typed' });
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('Choose at least one component you offer experience in');
    expect(failed.body).toContain('Kept as typed');
    const saved = await m.browser.post('/mentoring/offer', {
      componentIds: String(componentIds[1]),
      capacity: '3',
      note: 'Kept',
    });
    expect(saved.statusCode).toBe(303);
    expect((await m.get('/api/v1/mentoring/offer')).json()).toMatchObject({ capacity: 3, note: 'Kept', taken: 0 });
    const tooMany = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/mentoring/offer',
      payload: { componentIds: [componentIds[1]], capacity: 7 },
      headers: { authorization: `Bearer ${m.token}` },
    });
    expect(tooMany.statusCode).toBe(400);
    await m.page('/mentoring');
    expect((await m.browser.post('/mentoring/offer/stop', {})).statusCode).toBe(303);
    expect((await m.get('/api/v1/mentoring/offer')).json()).toBeNull();
    const mentee = await leader();
    expect((await suggestedTo(mentee, '')).map((s) => s.userId)).not.toContain(m.userId);
  });
});
