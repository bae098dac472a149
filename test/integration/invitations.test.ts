/**
 * Bringing colleagues in: invitations by email with a role, and the page of people with
 * accounts. The rules are attacked, not only used: links that are tampered with, run out,
 * withdrawn or used twice are refused in plain words; a leader invites and sees only within
 * the organisations they lead; an address that has an account must sign in as it to accept;
 * a disabled account cannot sign in and its sessions and tokens stop at once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';
import { leaderOf, school, unique, userWith } from '../factories.js';

const PUBLIC_URL = 'https://syslead.example.org';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ publicUrl: PUBLIC_URL, signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const linkIn = (html: string) => /<code id="invitation-link">([^<]+)<\/code>/.exec(html)?.[1];
/** The path of a link (the tests talk to the app directly, not to its public address). */
const pathOf = (link: string) => new URL(link).pathname;
const newEmail = () => `invitee${unique()}.${Math.random().toString(36).slice(2, 7)}@example.test`;

/** A leader of a new school, signed in, and the school. */
async function leaderOfNewSchool() {
  const schoolId = await school(t);
  const leader = await userWith(t, { organisationId: schoolId, role: 'leader' });
  return { schoolId, leader };
}

/** An invitation made by an administrator through the service; its id and path. */
async function invite(organisationId: number, email = newEmail(), role = 'member') {
  const made = await t.services.accounts.createInvitation(ADMIN, { email, organisationId, role });
  return { id: made.invitation.id, email, path: pathOf(made.link), link: made.link };
}

async function acceptWithPassword(path: string, form: Record<string, string> = {}) {
  const browser = new TestBrowser(t.app);
  // The sign-in page gives the CSRF token when the invitation's page refuses the link (and has no form).
  await browser.get('/sign-in');
  const page = await browser.get(path);
  const response = await browser.post(path, {
    name: 'Nia Newcomer',
    password: 'lantern orchard pebble',
    confirmPassword: 'lantern orchard pebble',
    ...form,
  });
  return { browser, page, response };
}

describe('an invitation', () => {
  it('is made by a leader on the accounts page, shows its link from the public address, and is audited for the email job', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const email = newEmail();
    const made = await leader.form(
      '/accounts/invitations',
      { email, organisationId: String(schoolId), role: 'member' },
      '/accounts',
    );
    expect(made.statusCode).toBe(200);
    const link = linkIn(made.body)!;
    expect(link.startsWith(`${PUBLIC_URL}/invitations/`)).toBe(true);
    expect(made.body).toContain('send them this link yourself');
    const id = Number(/\/invitations\/(\d+)\./.exec(link)![1]);
    // The job that will email it rebuilds the same link from the row alone.
    expect(await t.services.accounts.invitationLink(id)).toBe(link);
    expect(await t.services.accounts.invitation(id)).toMatchObject({
      email,
      organisationId: schoolId,
      status: 'pending',
    });
    const entry = await sql<{
      n: number;
    }>`select count(*) as n from audit_log where entity = 'invitation' and action = 'create' and entity_id = ${String(id)}`.execute(
      t.database.db,
    );
    expect(Number(entry.rows[0]!.n)).toBe(1);
    // The token is not stored anywhere in clear.
    const token = pathOf(link).split('/').pop()!;
    const stored = await sql<{
      n: number;
    }>`select count(*) as n from invitations where email like ${`%${token.split('.')[1]}%`}`.execute(t.database.db);
    expect(Number(stored.rows[0]!.n)).toBe(0);
  });

  it('keeps what was typed and names the problem in plain English when the form is wrong', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const response = await leader.form(
      '/accounts/invitations',
      { email: 'not-an-email', organisationId: String(schoolId), role: 'leader' },
      '/accounts',
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter an email address in the right form, like name@school.org.uk');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toMatch(/value="leader" checked/);
    const email = newEmail();
    await leader.form(
      '/accounts/invitations',
      { email, organisationId: String(schoolId), role: 'member' },
      '/accounts',
    );
    const twice = await leader.form(
      '/accounts/invitations',
      { email, organisationId: String(schoolId), role: 'member' },
      '/accounts',
    );
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already has an invitation');
  });

  it('is accepted by choosing a password: the account is created with the role and signed in, landing on home', async () => {
    const schoolId = await school(t);
    const { path, email } = await invite(schoolId, newEmail(), 'leader');
    const weak = await acceptWithPassword(path, { password: 'short', confirmPassword: 'short', name: 'Nia Typed' });
    expect(weak.response.statusCode).toBe(400);
    expect(weak.response.body).toContain('There is a problem');
    expect(weak.response.body).toContain('value="Nia Typed"');
    const { browser, page, response } = await acceptWithPassword(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const me = await browser.get('/account');
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(email);
    const accounts = await t.services.accounts.listAccounts(ADMIN, { q: email });
    expect(accounts.items[0]).toMatchObject({
      email,
      name: 'Nia Newcomer',
      memberships: [expect.objectContaining({ organisationId: schoolId, role: 'leader' })],
    });
    expect(accounts.items[0]!.lastSignedInAt).not.toBeNull();
  });

  it('works once: a second use is refused with a plain message', async () => {
    const { path } = await invite(await school(t));
    expect((await acceptWithPassword(path)).response.statusCode).toBe(303);
    const again = await new TestBrowser(t.app).get(path);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This invitation has already been used');
    const reused = await acceptWithPassword(path, {
      password: 'another lantern orchard',
      confirmPassword: 'another lantern orchard',
    });
    expect(reused.page.statusCode).toBe(409);
    expect(reused.response.statusCode).toBe(409);
  });

  it('refuses a tampered or made-up link with the same plain message', async () => {
    const { id, path } = await invite(await school(t));
    const token = path.split('/').pop()!;
    const [, mac] = token.split('.');
    const other = await invite(await school(t));
    const tampered = [
      `/invitations/${id}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`,
      `/invitations/${other.id}.${mac}`,
      `/invitations/${id}`,
      `/invitations/${id}.${mac}x`,
      `/invitations/99999999.${mac}`,
      '/invitations/not-a-token',
    ];
    for (const url of tampered) {
      const response = await new TestBrowser(t.app).get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('This invitation link is not right');
      const post = await acceptWithPassword(url);
      expect(post.response.statusCode, url).toBe(404);
    }
    // Changing the row (another email, a later expiry) breaks the link too: the HMAC covers them.
    await sql`update invitations set expires_at = expires_at + interval '30 days' where id = ${id}`.execute(
      t.database.db,
    );
    expect((await new TestBrowser(t.app).get(path)).statusCode).toBe(404);
  });

  it('refuses an expired link, and lists it as run out', async () => {
    const schoolId = await school(t);
    const { id, path, link } = await invite(schoolId);
    // Move its expiry into the past while keeping the link genuine: make it again from the row.
    await sql`update invitations set expires_at = now() - interval '1 day', created_at = now() - interval '8 days' where id = ${id}`.execute(
      t.database.db,
    );
    const rebuilt = await t.services.accounts.invitationLink(id);
    expect(rebuilt).toBeUndefined();
    const row = await sql<{
      expires_at: Date;
      email: string;
    }>`select expires_at, email from invitations where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toBeDefined();
    const { createHmac } = await import('node:crypto');
    const secret = (
      await sql<{ value: string }>`select value from app_settings where key = 'secret'`.execute(t.database.db)
    ).rows[0]!.value;
    const mac = createHmac('sha256', secret)
      .update(`invitation:${id}:${row.rows[0]!.email}:${new Date(row.rows[0]!.expires_at).getTime()}`)
      .digest('base64url');
    const expiredPath = `/invitations/${id}.${mac}`;
    expect(expiredPath).not.toBe(path);
    expect(link).toContain(`/invitations/${id}.`);
    const response = await new TestBrowser(t.app).get(expiredPath);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('This invitation ran out');
    expect((await acceptWithPassword(expiredPath)).response.statusCode).toBe(409);
    const listed = await t.services.accounts.listInvitations(ADMIN, { organisationId: schoolId });
    expect(listed.find((i) => i.id === id)).toMatchObject({ status: 'expired', link: null });
  });

  it('refuses a withdrawn link; only whoever may invite to the organisation withdraws it, once', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const { id, path } = await invite(schoolId);
    const outsider = await leaderOfNewSchool();
    expect((await outsider.leader.post(`/api/v1/invitations/${id}/withdraw`, {})).statusCode).toBe(404);
    expect((await leader.post(`/api/v1/invitations/${id}/withdraw`, {})).statusCode).toBe(204);
    expect((await leader.post(`/api/v1/invitations/${id}/withdraw`, {})).statusCode).toBe(409);
    const response = await new TestBrowser(t.app).get(path);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('has been withdrawn');
    expect((await acceptWithPassword(path)).response.statusCode).toBe(409);
    // A new invitation to the same person can then be made.
    expect(
      (
        await leader.post('/api/v1/invitations', {
          email: (await t.services.accounts.invitation(id))!.email,
          organisationId: schoolId,
          role: 'viewer',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('to an address that has an account adds the membership once that account signs in, and never to anyone else', async () => {
    const schoolId = await school(t);
    const existing = await createUser(t.services, { email: newEmail() });
    const { path } = await invite(schoolId, existing.email, 'viewer');
    const anonymous = await new TestBrowser(t.app).get(path);
    expect(anonymous.body).toContain('Sign in to accept');
    // Choosing a password for an address that has an account would take it over: refused.
    const takeover = await acceptWithPassword(path);
    // Said on the invitation's own page, with what was typed kept.
    expect(takeover.response.statusCode).toBe(400);
    expect(takeover.response.body).toContain('There is a problem');
    const signIn = await new TestBrowser(t.app).signIn(existing.email, 'wrong password entirely');
    expect(signIn.statusCode).toBe(401);
    expect((await new TestBrowser(t.app).signIn(existing.email, existing.password)).statusCode).toBe(303);
    // Someone else signed in cannot accept it into their account.
    const someoneElse = await userWith(t, null);
    await someoneElse.page(path);
    const wrong = await someoneElse.browser.post(path, { accept: 'signed-in' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain(`This invitation is for ${existing.email}`);
    const browser = new TestBrowser(t.app);
    await browser.get(`/sign-in?next=${encodeURIComponent(path)}`);
    const signedIn = await browser.post('/sign-in', { email: existing.email, password: existing.password, next: path });
    expect(signedIn.headers.location).toBe(path);
    const page = await browser.get(path);
    expect(page.body).toContain('Accept and join');
    const accepted = await browser.post(path, { accept: 'signed-in' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/');
    const listed = await t.services.accounts.listAccounts(ADMIN, { q: existing.email });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]!.memberships).toEqual([
      expect.objectContaining({ organisationId: schoolId, role: 'viewer' }),
    ]);
    expect((await browser.get(path)).statusCode).toBe(409);
  });

  it('cannot be made by a leader for another organisation, nor by a member, nor with a read token', async () => {
    const { leader } = await leaderOfNewSchool();
    const otherSchool = await school(t);
    const refused = await leader.post('/api/v1/invitations', {
      email: newEmail(),
      organisationId: otherSchool,
      role: 'leader',
    });
    expect(refused.statusCode).toBe(403);
    const page = await leader.form(
      '/accounts/invitations',
      { email: newEmail(), organisationId: String(otherSchool), role: 'leader' },
      '/accounts',
    );
    expect(page.statusCode).toBe(403);
    await expect(
      t.services.accounts.createInvitation(leaderOf(otherSchool + 1000), {
        email: newEmail(),
        organisationId: otherSchool,
        role: 'member',
      }),
    ).rejects.toThrow(/Only a leader/);
    const staff = await userWith(t, { organisationId: otherSchool, role: 'member' });
    expect(
      (await staff.post('/api/v1/invitations', { email: newEmail(), organisationId: otherSchool, role: 'leader' }))
        .statusCode,
    ).toBe(403);
    const reader = await userWith(t, { organisationId: otherSchool, role: 'leader' }, { scope: 'read' });
    expect(
      (await reader.post('/api/v1/invitations', { email: newEmail(), organisationId: otherSchool, role: 'member' }))
        .statusCode,
    ).toBe(403);
    // An administrator may invite to any organisation.
    const admin = await userWith(t, null, { isAdmin: true });
    expect(
      (await admin.post('/api/v1/invitations', { email: newEmail(), organisationId: otherSchool, role: 'member' }))
        .statusCode,
    ).toBe(201);
  });

  it('is made instead of a dead end when a leader adds a member whose email has no account', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const email = newEmail();
    const response = await leader.form(
      `/organisations/${schoolId}/members`,
      { email, role: 'member' },
      `/organisations/${schoolId}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('has no account yet, so they are invited');
    const link = linkIn(response.body)!;
    expect(link.startsWith(`${PUBLIC_URL}/invitations/`)).toBe(true);
    expect((await acceptWithPassword(pathOf(link))).response.statusCode).toBe(303);
    // An email with an account is added at once, as before.
    const known = await createUser(t.services, { email: newEmail() });
    const added = await leader.form(
      `/organisations/${schoolId}/members`,
      { email: known.email, role: 'viewer' },
      `/organisations/${schoolId}`,
    );
    expect(added.statusCode).toBe(303);
    const bad = await leader.form(
      `/organisations/${schoolId}/members`,
      { email: 'nobody', role: 'chief' },
      `/organisations/${schoolId}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('value="nobody"');
  });

  it('is accepted on a page limited like signing in', async () => {
    const app = await buildApp({
      config: loadConfig(
        { NODE_ENV: 'test' },
        { dataDir: '(unused)', requireAdminTwoFactor: false, signInAttemptsPerMinute: 2, publicUrl: PUBLIC_URL },
      ),
      db: t.database.db,
    });
    await app.ready();
    try {
      const { path } = await invite(await school(t));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await app.inject({ url: path, remoteAddress: '203.0.113.77' })).statusCode);
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses.slice(2)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });
});

describe('the page of people with accounts', () => {
  it('shows a leader the people of their own organisations only, with those memberships only', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const otherSchool = await school(t);
    const colleague = await createUser(t.services, { email: newEmail() });
    await t.services.accounts.setMembership(ADMIN, {
      email: colleague.email,
      organisationId: schoolId,
      role: 'member',
    });
    await t.services.accounts.setMembership(ADMIN, {
      email: colleague.email,
      organisationId: otherSchool,
      role: 'leader',
    });
    const stranger = await createUser(t.services, { email: newEmail() });
    await t.services.accounts.setMembership(ADMIN, {
      email: stranger.email,
      organisationId: otherSchool,
      role: 'member',
    });
    await invite(otherSchool, 'other.school.invitee@example.test');

    const page = await leader.page('/accounts');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(colleague.email);
    expect(page.body).toContain(leader.email);
    expect(page.body).not.toContain(stranger.email);
    expect(page.body).not.toContain('other.school.invitee@example.test');
    const api = (await leader.get('/api/v1/accounts')).json();
    const seen = api.items.find((a: { email: string }) => a.email === colleague.email);
    expect(seen.memberships).toEqual([expect.objectContaining({ organisationId: schoolId, role: 'member' })]);
    expect(api.items.map((a: { email: string }) => a.email)).not.toContain(stranger.email);
    expect((await leader.get(`/api/v1/accounts?organisationId=${otherSchool}`)).statusCode).toBe(403);
    expect((await leader.page(`/accounts?organisationId=${otherSchool}`)).statusCode).toBe(403);
    expect((await leader.get(`/api/v1/invitations?organisationId=${otherSchool}`)).statusCode).toBe(403);
    // Nor can they change or remove memberships of the other organisation.
    const colleagueId = seen.id as number;
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${colleagueId}/memberships/${otherSchool}`,
      payload: { role: 'viewer' },
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(change.statusCode).toBe(403);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${colleagueId}/memberships/${otherSchool}`,
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(remove.statusCode).toBe(403);
    // Leaders cannot disable accounts or reset two-factor sign-in.
    expect((await leader.post(`/api/v1/accounts/${colleagueId}/disable`, {})).statusCode).toBe(403);
    expect((await leader.post(`/api/v1/accounts/${colleagueId}/reset-two-factor`, {})).statusCode).toBe(403);
    // Someone who leads nothing sees nothing.
    const staff = await userWith(t, { organisationId: schoolId, role: 'member' });
    expect((await staff.page('/accounts')).statusCode).toBe(403);
    expect((await staff.get('/api/v1/accounts')).statusCode).toBe(403);
  });

  it('lets a leader change a role and remove someone from their organisation', async () => {
    const { schoolId, leader } = await leaderOfNewSchool();
    const colleague = await createUser(t.services, { email: newEmail() });
    const { userId } = await t.services.accounts.setMembership(ADMIN, {
      email: colleague.email,
      organisationId: schoolId,
      role: 'viewer',
    });
    const changed = await leader.form(
      `/accounts/${userId}/role`,
      { organisationId: String(schoolId), role: 'member' },
      '/accounts',
    );
    expect(changed.statusCode).toBe(303);
    expect((await t.services.accounts.listMembers(ADMIN, schoolId)).find((m) => m.userId === userId)?.role).toBe(
      'member',
    );
    const removed = await leader.form(`/accounts/${userId}/remove`, { organisationId: String(schoolId) }, '/accounts');
    expect(removed.statusCode).toBe(303);
    expect((await t.services.accounts.listMembers(ADMIN, schoolId)).some((m) => m.userId === userId)).toBe(false);
    // Changing the role of someone who does not belong is not a way to add them.
    const stranger = await createUser(t.services, { email: newEmail() });
    const strangerId = (await t.services.accounts.listAccounts(ADMIN, { q: stranger.email })).items[0]!.id;
    const sneaky = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${strangerId}/memberships/${schoolId}`,
      payload: { role: 'leader' },
      headers: { authorization: `Bearer ${leader.token}` },
    });
    expect(sneaky.statusCode).toBe(404);
  });

  it('lets an administrator disable an account: it cannot sign in and its sessions and tokens stop at once', async () => {
    const admin = await userWith(t, null, { isAdmin: true });
    const target = await userWith(t, { organisationId: await school(t), role: 'member' });
    expect((await target.get('/api/v1/me')).statusCode).toBe(200);
    const targetId = (await target.get('/api/v1/me')).json().id as number;
    const disabled = await admin.form(`/accounts/${targetId}/disable`, {}, '/accounts');
    expect(disabled.statusCode).toBe(303);
    expect((await target.get('/api/v1/me')).statusCode).toBe(401);
    expect((await target.page('/account')).statusCode).toBe(303);
    const again = await new TestBrowser(t.app).signIn(target.email, target.password);
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('This account has been disabled');
    const page = await admin.page('/accounts');
    expect(page.body).toContain('Disabled');
    // Nor can the command line make it a new token.
    await expect(t.services.accounts.createTokenForEmail(target.email, 'later', 'read')).rejects.toThrow(/disabled/);
    // Enabled again, it signs in; the tokens it had stay revoked.
    expect((await admin.post(`/api/v1/accounts/${targetId}/enable`, {})).json()).toEqual({ changed: true });
    expect((await new TestBrowser(t.app).signIn(target.email, target.password)).statusCode).toBe(303);
    expect((await target.get('/api/v1/me')).statusCode).toBe(401);
    // An administrator cannot lock themselves out.
    const adminId = (await admin.get('/api/v1/me')).json().id as number;
    expect((await admin.post(`/api/v1/accounts/${adminId}/disable`, {})).statusCode).toBe(409);
  });

  it('lets an administrator reset an account’s two-factor sign-in, ending its sessions', async () => {
    const admin = await userWith(t, null, { isAdmin: true });
    const target = await userWith(t, null);
    const targetId = (await target.get('/api/v1/me')).json().id as number;
    expect((await admin.post(`/api/v1/accounts/${targetId}/reset-two-factor`, {})).statusCode).toBe(204);
    expect((await target.page('/account')).statusCode).toBe(303);
    expect((await target.get('/api/v1/me')).statusCode).toBe(401);
  });
});
