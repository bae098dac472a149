/**
 * Opportunities and succession, attacked: an opportunity read across its partnership and
 * refused to everyone else; interest seen by the partnership's leaders and the person only;
 * succession intentions that no one sees until shared, that go at once when withdrawn, that an
 * administrator sees only as counts and the leaders of another partnership not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { member, person, school, trust, unique, userWith, type SignedInUser } from '../factories.js';
import { until } from '../until.js';

let t: TestApp;
beforeAll(async () => {
  // Every test signs in eight people of its own.
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};
const nextYear = new Date().getUTCFullYear() + 1;

/** An API call with a user's token, any method. */
const call = (
  user: SignedInUser,
  method: 'PUT' | 'DELETE' | 'PATCH' | 'POST' | 'GET',
  url: string,
  payload?: unknown,
) => t.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${user.token}` } });

/** A trust of two schools, each test its own: the trust's leader, staff and a viewer of a school, and outsiders. */
async function world() {
  const n = unique();
  const ids = {
    trust: await trust(t, { name: `Willow Trust ${n}` }),
    schoolA: await school(t, { name: `Alder Primary ${n}` }),
    schoolB: await school(t, { name: `Beech Primary ${n}` }),
    otherTrust: await trust(t, { name: `Oak Trust ${n}` }),
    outside: await school(t, { name: `Cedar Primary ${n}` }),
  };
  await member(t, ids.schoolA, ids.trust);
  await member(t, ids.schoolB, ids.trust);
  await member(t, ids.outside, ids.otherTrust);
  const [trustLeader, headA, staffA, staffB, viewerB, otherLeader, outsider, admin] = await Promise.all([
    userWith(t, { organisationId: ids.trust, role: 'leader' }),
    userWith(t, { organisationId: ids.schoolA, role: 'leader' }),
    userWith(t, { organisationId: ids.schoolA, role: 'member' }),
    userWith(t, { organisationId: ids.schoolB, role: 'member' }),
    userWith(t, { organisationId: ids.schoolB, role: 'viewer' }),
    userWith(t, { organisationId: ids.otherTrust, role: 'leader' }),
    userWith(t, { organisationId: ids.outside, role: 'leader' }),
    userWith(t, null, { isAdmin: true }),
  ]);
  return { ids, n, trustLeader, headA, staffA, staffB, viewerB, otherLeader, outsider, admin };
}
type World = Awaited<ReturnType<typeof world>>;

/** An opportunity posted through its form by the trust's leader; returns its id. */
async function post(w: World, title: string, extra: Record<string, string> = {}) {
  const posted = await w.trustLeader.form(
    '/opportunities',
    {
      partnershipId: String(w.ids.trust),
      title,
      kind: 'stretch-role',
      asks: 'Lead the reading leads of our schools for a year, a day a fortnight',
      suits: 'Middle leaders',
      ...dateFields('closesOn', inDays(7)),
      ...extra,
    },
    `/opportunities/new?partnership=${w.ids.trust}`,
  );
  expect(posted.statusCode).toBe(303);
  return Number(/\/opportunities\/(\d+)/.exec(String(posted.headers.location))![1]);
}

describe('an opportunity', () => {
  it('is posted by the partnership’s leaders and read by the members of the partnership and its schools only', async () => {
    const w = await world();
    const canary = `Canary opportunity ${w.n}`;
    const id = await post(w, canary, { schoolIds: String(w.ids.schoolA) });

    for (const reader of [w.trustLeader, w.headA, w.staffB, w.viewerB]) {
      const page = await reader.page(`/opportunities/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(canary);
      expect((await reader.page('/opportunities')).body).toContain(canary);
      expect((await reader.get('/api/v1/opportunities')).json().map((o: { id: number }) => o.id)).toContain(id);
    }
    const api = (await w.staffB.get(`/api/v1/opportunities/${id}`)).json();
    expect(api.opportunity.schools.map((s: { id: number }) => s.id)).toEqual([w.ids.schoolA]);
    expect(api.interests).toBeNull();

    // Outsiders, another partnership's leader and an administrator: it does not exist.
    for (const stranger of [w.otherLeader, w.outsider, w.admin]) {
      const page = await stranger.page(`/opportunities/${id}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain(canary);
      const read = await stranger.get(`/api/v1/opportunities/${id}`);
      expect(read.statusCode).toBe(404);
      expect(read.body).not.toContain(canary);
      expect((await stranger.page('/opportunities')).body).not.toContain(canary);
      expect((await stranger.get('/api/v1/opportunities')).body).not.toContain(canary);
      expect((await stranger.post(`/api/v1/opportunities/${id}/interest`, { note: 'Me' })).statusCode).toBe(404);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/opportunities/${id}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain(canary);
    const badToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opportunities/${id}`,
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(badToken.statusCode).toBe(401);
    expect(badToken.body).not.toContain(canary);
  });

  it('is posted only by the partnership’s own leaders, and a form with problems comes back with what was typed', async () => {
    const w = await world();
    // A school's leader, staff of the trust's school and another trust's leader may not post in it.
    for (const other of [w.headA, w.staffB, w.otherLeader]) {
      const refused = await other.post('/api/v1/opportunities', {
        partnershipId: w.ids.trust,
        title: 'Not mine to offer',
        kind: 'post',
        asks: 'Anything',
        closesOn: inDays(3),
      });
      expect(refused.statusCode).toBe(403);
    }
    const failed = await w.trustLeader.form(
      '/opportunities',
      {
        partnershipId: String(w.ids.trust),
        title: '',
        kind: 'post',
        asks: 'Typed and kept',
        ...dateFields('closesOn', inDays(-2)),
      },
      `/opportunities/new?partnership=${w.ids.trust}`,
    );
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain('There is a problem');
    expect(failed.body).toContain('Typed and kept');
    const past = await w.trustLeader.post('/api/v1/opportunities', {
      partnershipId: w.ids.trust,
      title: 'Too late',
      kind: 'post',
      asks: 'Anything',
      closesOn: inDays(-1),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0].field).toBe('closesOn');
    const outsideSchool = await w.trustLeader.post('/api/v1/opportunities', {
      partnershipId: w.ids.trust,
      title: 'Elsewhere',
      kind: 'post',
      asks: 'Anything',
      schoolIds: [w.ids.outside],
      closesOn: inDays(3),
    });
    expect(outsideSchool.statusCode).toBe(400);
  });
});

describe('the opportunities pages', () => {
  it('offer posting to a partnership’s leaders only, and put one closing soon on the home page of its members', async () => {
    const w = await world();
    const form = await w.trustLeader.page('/opportunities/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`Alder Primary ${w.n}`);
    expect((await w.staffA.page('/opportunities/new')).body).toContain('You do not lead one');
    expect((await w.staffA.page('/opportunities')).body).not.toContain('Post an opportunity');
    const title = `Closing soon ${w.n}`;
    await post(w, title);
    expect((await w.staffB.page('/')).body).toContain(title);
    expect((await w.outsider.page('/')).body).not.toContain(title);
  });
});

describe('interest in an opportunity', () => {
  it('is seen by the partnership’s leaders and the person only, tells the leaders, and can be withdrawn', async () => {
    const w = await world();
    const id = await post(w, `Secondment ${w.n}`);
    const canary = `Canary interest note ${w.n}`;
    const expressed = await w.staffA.form(`/opportunities/${id}/interest`, { note: canary }, `/opportunities/${id}`);
    expect(expressed.statusCode).toBe(303);

    // The person sees their own.
    expect((await w.staffA.page(`/opportunities/${id}`)).body).toContain(canary);
    expect((await w.staffA.get(`/api/v1/opportunities/${id}`)).json().myInterest.note).toBe(canary);
    // The trust's leader sees who, their email and note.
    const led = await w.trustLeader.page(`/opportunities/${id}`);
    expect(led.body).toContain(canary);
    expect(led.body).toContain(w.staffA.email);
    const ledApi = (await w.trustLeader.get(`/api/v1/opportunities/${id}`)).json();
    expect(ledApi.interests).toEqual([expect.objectContaining({ email: w.staffA.email, note: canary })]);
    // Other members, a member school's leader and strangers never do.
    for (const other of [w.headA, w.staffB, w.viewerB, w.otherLeader, w.admin]) {
      expect((await other.page(`/opportunities/${id}`)).body).not.toContain(canary);
      expect((await other.get(`/api/v1/opportunities/${id}`)).body).not.toContain(canary);
      expect((await other.page(`/opportunities/${id}`)).body).not.toContain(w.staffA.email);
    }

    const told = await until('the leaders’ notification', async () => {
      const list = (await w.trustLeader.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; link: string; title: string }>;
      };
      return list.items.find((x) => x.kind === 'opportunity-interest' && x.link === `/opportunities/${id}`);
    });
    expect(told.title).toContain(`Secondment ${w.n}`);
    expect(JSON.stringify(told)).not.toContain(canary);

    // Twice is refused; withdrawing takes it away from the leaders at once.
    expect((await w.staffA.post(`/api/v1/opportunities/${id}/interest`, { note: 'Again' })).statusCode).toBe(409);
    const withdrawn = await w.staffA.form(`/opportunities/${id}/interest/delete`, {}, `/opportunities/${id}`);
    expect(withdrawn.statusCode).toBe(303);
    expect((await w.trustLeader.page(`/opportunities/${id}`)).body).not.toContain(canary);
    expect((await w.trustLeader.get(`/api/v1/opportunities/${id}`)).json().interests).toEqual([]);
    expect((await call(w.staffA, 'DELETE', `/api/v1/opportunities/${id}/interest`)).statusCode).toBe(404);
  });

  it('is filled by a leader naming who, and then no longer open to interest', async () => {
    const w = await world();
    const id = await post(w, `Project lead ${w.n}`);
    await w.staffB.post(`/api/v1/opportunities/${id}/interest`, { note: 'I led transition at Beech' });
    const staffBId = (await w.trustLeader.get(`/api/v1/opportunities/${id}`)).json().interests[0].userId;
    // Only the partnership's leaders change it.
    expect((await w.staffB.patch(`/api/v1/opportunities/${id}`, { status: 'closed' })).statusCode).toBe(403);
    expect((await w.headA.patch(`/api/v1/opportunities/${id}`, { status: 'closed' })).statusCode).toBe(403);
    const noOne = await w.trustLeader.form(`/opportunities/${id}/status`, { status: 'filled' }, `/opportunities/${id}`);
    expect(noOne.statusCode).toBe(400);
    expect(noOne.body).toContain('Say who filled it');
    const filled = await w.trustLeader.form(
      `/opportunities/${id}/status`,
      { status: 'filled', filledByUserId: String(staffBId) },
      `/opportunities/${id}`,
    );
    expect(filled.statusCode).toBe(303);
    const after = (await w.trustLeader.get(`/api/v1/opportunities/${id}`)).json();
    expect(after.opportunity.status).toBe('filled');
    expect(after.opportunity.filledBy).toBe('Test user');
    expect((await w.staffB.get(`/api/v1/opportunities/${id}`)).json().opportunity.filledBy).toBeNull();
    expect((await w.staffA.post(`/api/v1/opportunities/${id}/interest`, { note: 'Late' })).statusCode).toBe(409);
    expect((await w.staffA.get('/api/v1/opportunities')).json().map((o: { id: number }) => o.id)).not.toContain(id);
  });
});

/** Records an intention of the user's through the API; returns its id. */
async function intend(user: SignedInUser, body: Record<string, unknown>) {
  const made = await user.post('/api/v1/succession/intentions', body);
  expect(made.statusCode).toBe(201);
  return made.json().id as number;
}

describe('succession intentions', () => {
  it('are seen by no one until shared, and leave the succession view at once when withdrawn', async () => {
    const w = await world();
    const canary = `Canary towards ${w.n}`;
    const id = await intend(w.staffA, {
      kind: 'towards',
      role: 'headship',
      organisationId: w.ids.schoolA,
      note: canary,
    });
    // The owner sees it on their page; the bench does not.
    expect((await w.staffA.page('/succession')).body).toContain(canary);
    const before = await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession`);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain(canary);
    expect(before.body).toContain(`No one is developing towards headship at Alder Primary ${w.n}`);

    // Shared with the trust through the page: its leaders see it, in the page, the API and the CSV.
    const shared = await w.staffA.form(
      `/succession/intentions/${id}/shares`,
      { partnershipId: String(w.ids.trust) },
      '/succession',
    );
    expect(shared.statusCode).toBe(303);
    expect((await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession`)).body).toContain(canary);
    const bench = (await w.trustLeader.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).json();
    const alder = bench.headships.find((h: { school: { id: number } }) => h.school.id === w.ids.schoolA);
    expect(alder.developing).toEqual([expect.objectContaining({ note: canary })]);
    expect(alder.gap).toBeNull();
    const csv = await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Developing towards it');
    expect(csv.body).toContain(`Alder Primary ${w.n}`);

    // Nobody else: staff of the trust's schools, a member school's leader, another partnership's leader.
    for (const other of [w.headA, w.staffB, w.otherLeader, w.outsider]) {
      const page = await other.page(`/partnerships/${w.ids.trust}/succession`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain(canary);
      expect((await other.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).statusCode).toBe(404);
      const file = await other.page(`/partnerships/${w.ids.trust}/succession.csv`);
      expect(file.statusCode).toBe(404);
      expect(file.body).not.toContain(canary);
      expect((await other.get('/api/v1/succession/intentions')).body).not.toContain(canary);
      expect((await call(other, 'DELETE', `/api/v1/succession/intentions/${id}`)).statusCode).toBe(404);
    }

    // Withdrawn: gone from the view at once.
    const stopped = await w.staffA.form(`/succession/intentions/${id}/shares/${w.ids.trust}/delete`, {}, '/succession');
    expect(stopped.statusCode).toBe(303);
    expect((await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession`)).body).not.toContain(canary);
    expect((await w.trustLeader.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).body).not.toContain(canary);
    expect((await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession.csv`)).body).not.toContain(canary);
    // A former reader cannot read it another way either.
    expect((await w.trustLeader.get('/api/v1/succession/intentions')).body).not.toContain(canary);
  });

  it('show administrators the counts shared with a partnership and no one’s name or words', async () => {
    const w = await world();
    const canary = `Canary leaving ${w.n}`;
    const id = await intend(w.headA, {
      kind: 'leaving',
      role: 'headship',
      organisationId: w.ids.schoolA,
      leavingMonth: `${nextYear}-07`,
      note: canary,
      shareWith: [w.ids.trust],
    });
    expect(id).toBeGreaterThan(0);
    await intend(w.staffB, { kind: 'towards', role: 'national-leader-of-education', shareWith: [w.ids.trust] });
    await intend(w.staffA, { kind: 'towards', role: 'headship' }); // not shared: not counted

    const page = await w.admin.page(`/partnerships/${w.ids.trust}/succession`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('how many intentions have been shared');
    expect(page.body).not.toContain(canary);
    expect(page.body).not.toContain('Test user');
    const api = (await w.admin.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).json();
    expect(api).toEqual({
      partnership: expect.objectContaining({ id: w.ids.trust }),
      shared: { towards: 1, leaving: 1 },
      countsOnly: true,
    });
    expect((await w.admin.page(`/partnerships/${w.ids.trust}/succession.csv`)).statusCode).toBe(404);
    const counts = (await w.admin.get('/api/v1/succession/counts')).json();
    expect(counts).toContainEqual({
      partnership: { id: w.ids.trust, name: `Willow Trust ${w.n}` },
      towards: 1,
      leaving: 1,
    });
    expect(JSON.stringify(counts)).not.toContain(canary);
    expect((await w.trustLeader.get('/api/v1/succession/counts')).statusCode).toBe(403);
    // The administrator cannot reach the intention itself.
    expect((await call(w.admin, 'DELETE', `/api/v1/succession/intentions/${id}`)).statusCode).toBe(404);
  });

  it('highlight the gaps: a head leaving with no one developing towards the headship, and system roles held', async () => {
    const w = await world();
    const headPerson = await person(t, w.ids.schoolB, { name: `Bea Head ${w.n}`, jobTitle: 'Headteacher' });
    await person(t, w.ids.schoolB, { name: `Dee Deputy ${w.n}`, jobTitle: 'Deputy headteacher' });
    await t.services.landscape.createRoleAssignment(ADMIN, {
      personId: headPerson,
      roleCode: 'specialist-leader',
      organisationId: w.ids.schoolB,
    });
    await intend(w.staffB, {
      kind: 'leaving',
      role: 'headship',
      organisationId: w.ids.schoolB,
      leavingMonth: `${nextYear}-07`,
      shareWith: [w.ids.trust],
    });
    // Shared with another partnership only: not in this view.
    const elsewhere = `Canary elsewhere ${w.n}`;
    const outsiderIntends = await userWith(t, { organisationId: w.ids.outside, role: 'member' });
    await intend(outsiderIntends, {
      kind: 'towards',
      role: 'specialist-leader',
      note: elsewhere,
      shareWith: [w.ids.otherTrust],
    });

    const page = await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession`);
    expect(page.body).toContain(`Bea Head ${w.n}`);
    expect(page.body).not.toContain(`Dee Deputy ${w.n} (Deputy`);
    expect(page.body).not.toContain(elsewhere);
    const bench = (await w.trustLeader.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).json();
    expect(bench.gaps).toContain(
      `No one is developing towards headship at Beech Primary ${w.n}; its head plans to leave around July ${nextYear} (summer term).`,
    );
    const role = bench.systemRoles.find((r: { code: string }) => r.code === 'specialist-leader');
    expect(role.holders).toEqual([{ name: `Bea Head ${w.n}`, organisation: `Beech Primary ${w.n}` }]);
    expect(role.developing).toEqual([]);
    const print = await w.trustLeader.page(`/partnerships/${w.ids.trust}/succession`);
    expect(print.body).toContain('syslead-print-header');
    // The other trust's leader sees the one shared with them, and nothing of this trust's.
    const theirs = (await w.otherLeader.get(`/api/v1/succession/partnerships/${w.ids.otherTrust}`)).json();
    expect(JSON.stringify(theirs)).toContain(elsewhere);
    expect(JSON.stringify(theirs)).not.toContain(`Beech Primary ${w.n}`);
  });

  it('are kept by their owner alone: shared only with their own partnerships, and checked on the form', async () => {
    const w = await world();
    const notMine = await w.staffA.post('/api/v1/succession/intentions', {
      kind: 'towards',
      role: 'headship',
      shareWith: [w.ids.otherTrust],
    });
    expect(notMine.statusCode).toBe(400);
    const id = await intend(w.staffA, { kind: 'towards', role: 'consultant-leader' });
    expect(
      (await call(w.staffA, 'PUT', `/api/v1/succession/intentions/${id}/shares/${w.ids.otherTrust}`)).statusCode,
    ).toBe(400);
    expect(
      (await call(w.otherLeader, 'PUT', `/api/v1/succession/intentions/${id}/shares/${w.ids.otherTrust}`)).statusCode,
    ).toBe(404);
    expect((await call(w.staffA, 'PUT', `/api/v1/succession/intentions/${id}/shares/${w.ids.trust}`)).statusCode).toBe(
      204,
    );

    const noMonth = await w.staffA.form(
      '/succession/leaving',
      { role: 'headship', organisationId: String(w.ids.schoolA), leavingMonth: '', leavingYear: '' },
      '/succession',
    );
    expect(noMonth.statusCode).toBe(400);
    expect(noMonth.body).toContain('There is a problem');
    expect(noMonth.body).toContain('Give the month and year you plan to leave');
    const saved = await w.staffA.form(
      '/succession/leaving',
      { role: 'headship', organisationId: String(w.ids.schoolA), leavingMonth: '8', leavingYear: String(nextYear) },
      '/succession',
    );
    expect(saved.statusCode).toBe(303);
    expect((await w.staffA.page('/succession')).body).toContain(`August ${nextYear}`);

    // Deleted: gone from the trust's view too.
    expect((await call(w.staffA, 'DELETE', `/api/v1/succession/intentions/${id}`)).statusCode).toBe(204);
    const bench = (await w.trustLeader.get(`/api/v1/succession/partnerships/${w.ids.trust}`)).json();
    expect(bench.shared.towards).toBe(0);
  });

  it('are part of the person’s own data, with their interests', async () => {
    const w = await world();
    const id = await post(w, `Rotation ${w.n}`);
    await w.staffA.post(`/api/v1/opportunities/${id}/interest`, { note: `Interest ${w.n}` });
    await intend(w.staffA, { kind: 'towards', role: 'headship', note: `Towards ${w.n}`, shareWith: [w.ids.trust] });
    const { id: userId } = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', w.staffA.email)
      .executeTakeFirstOrThrow();
    const data = await t.services.succession.personalData(userId);
    expect(data.successionIntentions).toEqual([
      expect.objectContaining({
        kind: 'Developing towards',
        role: 'Headship of a school',
        note: `Towards ${w.n}`,
        sharedWith: [`Willow Trust ${w.n}`],
      }),
    ]);
    expect(data.opportunityInterests).toEqual([
      expect.objectContaining({
        opportunity: `Rotation ${w.n}`,
        partnership: `Willow Trust ${w.n}`,
        note: `Interest ${w.n}`,
      }),
    ]);
  });
});
