/**
 * Developing leaders, attacked: frameworks come as data, a leader assesses themselves against
 * one through its form (which keeps what was typed when it fails), and their record is theirs.
 * Another account, an administrator and a former reader never read it (pages, API, export);
 * an account the leader shares it with reads it, and every such read is in the audit trail. A
 * strength offered appears to others; the subject access export carries the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { person, school, userWith, type SignedInUser } from '../factories.js';
import { until } from '../until.js';

let t: TestApp;
let leader: SignedInUser;
let stranger: SignedInUser;
let admin: SignedInUser;
const CANARY = 'Coached the Ashgrove deputies through their first term';

beforeAll(async () => {
  t = await createTestApp();
  const schoolId = await school(t, { name: 'Willow Primary' });
  leader = await userWith(t, { organisationId: schoolId, role: 'member' });
  stranger = await userWith(t, { organisationId: await school(t, { name: 'Hawthorn Primary' }), role: 'leader' });
  admin = await userWith(t, null, { isAdmin: true });
});
afterAll(async () => t?.close());

type Framework = {
  id: number;
  code: string;
  scale: Array<{ value: number }>;
  domains: Array<{ components: Array<{ id: number; name: string }> }>;
};

async function framework(code: string): Promise<Framework> {
  const all = (await leader.get('/api/v1/frameworks')).json() as Framework[];
  return all.find((f) => f.code === code)!;
}

const userIdOf = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

const componentsOf = (f: Framework) => f.domains.flatMap((d) => d.components);

/** A new leader with a self-assessment against the capabilities framework (tests run in any order). */
async function assessedLeader(): Promise<{ user: SignedInUser; userId: number; framework: Framework }> {
  const user = await userWith(t, { organisationId: await school(t), role: 'member' });
  const f = await framework('system-leadership-capabilities');
  const made = await user.post('/api/v1/development/assessments', {
    frameworkId: f.id,
    assessedOn: '2026-01-15',
    ratings: componentsOf(f).map((c, i) => ({
      componentId: c.id,
      rating: 1 + (i % 2),
      evidence: i === 0 ? CANARY : '',
    })),
  });
  expect(made.statusCode).toBe(201);
  const userId = await userIdOf(user.email);
  return { user, userId, framework: f };
}

describe('frameworks', () => {
  it('come with Table 2’s four practices and ten components, the NHS domains, the six boundary-spanning practices and the seven themes', async () => {
    const counts = Object.fromEntries(
      ((await leader.get('/api/v1/frameworks')).json() as Framework[]).map((f) => [
        f.code,
        [f.domains.length, componentsOf(f).length],
      ]),
    );
    expect(counts).toMatchObject({
      'system-leadership-capabilities': [4, 10],
      'nhs-four-domains': [4, 4],
      'boundary-spanning': [3, 6],
      'international-themes': [1, 7],
    });
    const page = await leader.page('/development/frameworks');
    expect(page.body).toContain('System leadership: mapping the landscape');
    expect(page.body).not.toContain('Add a framework');
  });

  it('are added by administrators only, from lines of text whose problems are named by line', async () => {
    const refused = await leader.post('/api/v1/frameworks', {
      name: 'Not mine to add',
      source: 'x',
      description: 'x',
      scale: [
        { value: 1, label: 'a' },
        { value: 2, label: 'b' },
      ],
      domains: [{ name: 'd', description: '', components: [{ name: 'c', description: '', area: null }] }],
    });
    expect(refused.statusCode).toBe(403);

    const bad = await admin.form(
      '/development/frameworks',
      {
        name: 'Riverside leadership',
        source: 'Riverside Learning Trust',
        description: 'Ours',
        scale: '1 Low\n1 Again',
        domains: '- Orphan',
      },
      '/development/frameworks/new',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Line 2 of the scale uses the number 1 again');
    expect(bad.body).toContain('Line 1 is a component before any domain');
    expect(bad.body).toContain('Riverside leadership');

    const added = await admin.form(
      '/development/frameworks',
      {
        name: `Riverside leadership ${Date.now()}`,
        source: 'Riverside Learning Trust',
        description: 'Ours',
        scale: '1 Low\n2 High',
        domains: '# Together: working as one trust\n- Sharing staff: lending teachers across schools',
      },
      '/development/frameworks/new',
    );
    expect(added.statusCode).toBe(303);
    const page = await leader.page(String(added.headers.location));
    expect(page.body).toContain('Sharing staff');
  });
});

describe('self-assessment', () => {
  it('is made through its form, refused in words when a component is not rated, keeping what was typed', async () => {
    const f = await framework('boundary-spanning');
    const [first, ...rest] = componentsOf(f);
    const form: Record<string, string> = { [`rating-${first!.id}`]: '3', [`evidence-${first!.id}`]: 'Typed and kept' };
    const failed = await leader.form(
      `/development/frameworks/${f.id}/assess`,
      form,
      `/development/frameworks/${f.id}/assess`,
    );
    expect(failed.statusCode).toBe(400);
    expect(failed.body).toContain(`Choose how far you have grown in “${rest[0]!.name}”`);
    expect(failed.body).toContain('Typed and kept');
    expect(failed.body).toMatch(new RegExp(`name="rating-${first!.id}" type="radio" value="3" checked`));

    for (const c of rest) form[`rating-${c.id}`] = '2';
    form[`offered-${first!.id}`] = 'yes';
    const saved = await leader.form(
      `/development/frameworks/${f.id}/assess`,
      form,
      `/development/frameworks/${f.id}/assess`,
    );
    expect(saved.statusCode).toBe(303);
    const profile = await leader.page(String(saved.headers.location));
    expect(profile.body).toContain('Your profile');
    expect(profile.body).toContain('Typed and kept');
    expect(profile.body).toContain('Stop offering');
  });

  it('shows what grew between two dates, on the page and through the API', async () => {
    const { user, framework: f } = await assessedLeader();
    const again = await user.post('/api/v1/development/assessments', {
      frameworkId: f.id,
      assessedOn: '2026-06-15',
      ratings: componentsOf(f).map((c) => ({ componentId: c.id, rating: 3 })),
    });
    expect(again.statusCode).toBe(201);
    const profile = (await user.get(`/api/v1/development/profile/${f.id}`)).json();
    expect(profile.dates).toEqual(['2026-01-15', '2026-06-15']);
    const grew = profile.domains.flatMap((d: { components: Array<{ grew: number }> }) =>
      d.components.map((c) => c.grew),
    );
    expect(grew).toEqual(componentsOf(f).map((_, i) => 3 - (1 + (i % 2))));
    const page = await user.page(`/development/frameworks/${f.id}/profile`);
    expect(page.body).toContain('Grew by 2 steps');
    expect(page.body).toContain('Grew by 1 step');
  });

  it('refuses a rating off the scale, a date to come and a component of another framework', async () => {
    const f = await framework('nhs-four-domains');
    const other = componentsOf(await framework('boundary-spanning'))[0]!;
    const ratings = componentsOf(f).map((c) => ({ componentId: c.id, rating: 2 }));
    const off = await leader.post('/api/v1/development/assessments', {
      frameworkId: f.id,
      ratings: [{ ...ratings[0]!, rating: 9 }, ...ratings.slice(1)],
    });
    expect(off.statusCode).toBe(400);
    expect(off.json().error.details[0].message).toMatch(/^Choose how far you have grown in/);
    const future = await leader.post('/api/v1/development/assessments', {
      frameworkId: f.id,
      assessedOn: '2999-01-01',
      ratings,
    });
    expect(future.json().error.details[0].message).toBe('The date must be today or earlier');
    const foreign = await leader.post('/api/v1/development/assessments', {
      frameworkId: f.id,
      ratings: [...ratings, { componentId: other.id, rating: 2 }],
    });
    expect(foreign.json().error.details.map((d: { message: string }) => d.message)).toContain(
      'Rate only the components of this framework',
    );
  });
});

describe('a leader’s record is theirs', () => {
  it('is read by no other account, administrators included, on any path', async () => {
    const { userId, framework: f } = await assessedLeader();
    for (const who of [stranger, admin]) {
      for (const url of [
        `/development/people/${userId}`,
        `/development/people/${userId}/frameworks/${f.id}/profile`,
        `/development/people/${userId}/frameworks/${f.id}/profile.pdf`,
      ]) {
        const page = await who.page(url);
        expect(page.statusCode, url).toBe(404);
        expect(page.body).not.toContain(CANARY);
      }
      const api = await who.get(`/api/v1/development/profile/${f.id}?owner=${userId}`);
      expect(api.statusCode).toBe(404);
      expect(api.body).not.toContain(CANARY);
      const own = await who.get('/api/v1/development/export');
      expect(own.body).not.toContain(CANARY);
      const offers = await who.get('/api/v1/development/offers');
      expect(offers.body).not.toContain(CANARY);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/development/profile/${f.id}?owner=${userId}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is read by an account the leader shares it with, each read audited, until sharing stops', async () => {
    const { user, userId, framework: f } = await assessedLeader();
    const mentor = await userWith(t, { organisationId: await school(t), role: 'leader' });
    const shared = await user.form(
      '/development/sharing',
      { email: mentor.email, relation: 'mentor' },
      '/development/sharing',
    );
    expect(shared.statusCode).toBe(303);
    const mentorId = await userIdOf(mentor.email);

    const told = await until('the notification of the share', async () => {
      const list = (await mentor.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; title: string; link: string; body: string }>;
      };
      return list.items.find(
        (n) => n.kind === 'development-record-shared' && n.link === `/development/people/${userId}`,
      );
    });
    expect(told.title).toBe('Test user lets you read their development record');
    expect(JSON.stringify(told)).not.toContain(CANARY);
    const home = await mentor.page('/development');
    expect(home.body).toContain(`/development/people/${userId}`);
    const page = await mentor.page(`/development/people/${userId}/frameworks/${f.id}/profile`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(CANARY);
    expect(page.body).toContain('Your reading is recorded');
    const reads = await t.database.db
      .selectFrom('audit_log')
      .select(['user_id', 'detail'])
      .where('entity', '=', 'development-record')
      .where('action', '=', 'read')
      .where('entity_id', '=', String(userId))
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.every((r) => r.user_id === mentorId)).toBe(true);
    // The owner's own reads are not audited as reads by someone else.
    await user.page(`/development/frameworks/${f.id}/profile`);
    const after = await t.database.db
      .selectFrom('audit_log')
      .select('user_id')
      .where('entity', '=', 'development-record')
      .where('action', '=', 'read')
      .where('entity_id', '=', String(userId))
      .execute();
    expect(after.length).toBe(reads.length);

    const stop = await user.form(`/development/sharing/${mentorId}/stop`, {}, '/development/sharing');
    expect(stop.statusCode).toBe(303);
    const gone = await mentor.page(`/development/people/${userId}/frameworks/${f.id}/profile`);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain(CANARY);
  });

  it('refuses to share with oneself or an address with no account, in words, keeping what was typed', async () => {
    const self = await leader.form(
      '/development/sharing',
      { email: leader.email, relation: 'mentor' },
      '/development/sharing',
    );
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('This is your own account');
    const nobody = await leader.form(
      '/development/sharing',
      { email: 'nobody@example.test', relation: 'colleague' },
      '/development/sharing',
    );
    expect(nobody.body).toContain('No one has an account with this email address');
    expect(nobody.body).toContain('nobody@example.test');
  });

  it('is given whole to its owner as CSV and JSON, and to a subject access request, and to no one else', async () => {
    const { user, userId } = await assessedLeader();
    const csv = await user.page('/development/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('part,record,field,value');
    expect(csv.body).toContain(CANARY);
    expect((await user.get('/api/v1/development/export')).body).toContain(CANARY);

    const email = user.email;
    const personId = await person(t, null, { name: 'The same leader', email });
    const sar = await admin.get(`/api/v1/people/${personId}/export`);
    expect(sar.statusCode).toBe(200);
    expect(sar.json().accounts[0].email).toBe(email);
    expect(JSON.stringify(sar.json().accounts[0].held)).toContain(CANARY);
    expect((await stranger.get(`/api/v1/people/${personId}/export`)).statusCode).toBe(403);
    expect(userId).toBeGreaterThan(0);
  });
});

describe('strengths offered', () => {
  it('appear to other leaders only when the leader ticks them, and go when unticked', async () => {
    const { user, framework: f } = await assessedLeader();
    const [first] = componentsOf(f);
    const name = `Offering leader ${Date.now()}`;
    await t.database.db.updateTable('users').set({ name }).where('email', '=', user.email).execute();
    expect((await stranger.get('/api/v1/development/offers')).body).not.toContain(name);

    const assessment = ((await user.get('/api/v1/development/assessments')).json() as Array<{ id: number }>).at(-1)!;
    const offered = await user.form(
      `/development/assessments/${assessment.id}/offers`,
      { componentId: String(first!.id), offered: 'yes' },
      `/development/frameworks/${f.id}/profile`,
    );
    expect(offered.statusCode).toBe(303);
    const offers = (await stranger.get('/api/v1/development/offers?area=leadership')).json() as Array<{
      name: string;
      component: string;
      evidence: string;
    }>;
    expect(offers.find((o) => o.name === name)).toMatchObject({ component: first!.name, evidence: CANARY });
    const page = await stranger.page('/development/offers?area=leadership');
    expect(page.body).toContain(name);

    await user.form(
      `/development/assessments/${assessment.id}/offers`,
      { componentId: String(first!.id), offered: 'no' },
      `/development/frameworks/${f.id}/profile`,
    );
    expect((await stranger.get('/api/v1/development/offers')).body).not.toContain(name);
    // Another's assessment cannot be changed.
    const meddle = await stranger.form(
      `/development/assessments/${assessment.id}/offers`,
      { componentId: String(first!.id), offered: 'yes' },
      '/development',
    );
    expect(meddle.statusCode).toBe(404);
    expect(ADMIN.isAdmin).toBe(true);
  });
});
