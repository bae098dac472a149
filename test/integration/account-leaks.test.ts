/**
 * Holes around accounts, closed on every path: a session that has not finished setting up
 * reaches nothing but set-up (pages and API alike); tokens only for accounts that have, with
 * a scope, never made by a token, ended when the password changes or is reset; sign-in
 * `next` addresses on this site only; re-binding two-factor sign-in asks the app in use;
 * wrong current passwords count towards the lock-out; absolute links from the configured
 * public address, never the Host header; and the command line's `token create`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { main } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { stepAt, totpCode } from '../../src/modules/accounts/totp.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createServices, openMigratedDatabase } from '../../src/services.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test-database.js';
import { school, survey, userWith } from '../factories.js';

const PUBLIC_URL = 'https://syslead.example.org';
let t: TestApp;
/** The same database, served as by default: administrators must have two-factor sign-in. */
let strict: TestApp;

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000, publicUrl: PUBLIC_URL });
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', signInAttemptsPerMinute: 1000 }),
    db: t.database.db,
  });
  await app.ready();
  strict = { app, database: t.database, services: createServices(t.database.db), close: () => app.close() };
});
afterAll(async () => {
  await strict?.close();
  await t?.close();
});

function cookieOf(browser: TestBrowser) {
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** A JSON call with the browser's session cookie and CSRF token, as the pages' scripts would make it. */
function withSession(
  app: TestApp,
  browser: TestBrowser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.app.inject({ method, url, payload, headers: { cookie: cookieOf(browser), 'x-csrf-token': browser.csrf } });
}

function withToken(
  app: TestApp,
  token: string,
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

/** Turns on two-factor sign-in for a signed-in browser; returns the secret its app holds. */
async function enrolTwoFactor(browser: TestBrowser, currentSecret?: string) {
  const setup = await browser.get('/account/two-factor');
  const secret = /data-secret="([A-Z2-7]+)"/.exec(setup.body)![1]!;
  const form: Record<string, string> = { code: totpCode(secret, stepAt(Date.now())) };
  if (currentSecret) form.currentCode = totpCode(currentSecret, stepAt(Date.now()));
  const confirmed = await browser.post('/account/two-factor', form);
  expect(confirmed.statusCode).toBe(200);
  expect(confirmed.body).toContain('Two-factor sign-in is on.');
  return secret;
}

describe('an account that has not finished setting up', () => {
  it('with its one-time password not replaced, reaches only set-up and signing out, on pages and in the API', async () => {
    const created = await t.services.accounts.createUser({ email: 'halfway@example.test', name: 'Halfway' });
    const browser = new TestBrowser(t.app);
    await browser.signIn(created.email, created.password);
    await browser.get('/account/password');

    const me = await withSession(t, browser, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(403);
    expect(me.json().error.message).toBe(
      'Finish setting up your account first: choose a new password (at /account/password)',
    );
    expect((await withSession(t, browser, 'GET', '/api/v1/organisations')).statusCode).toBe(403);
    const token = await withSession(t, browser, 'POST', '/api/v1/tokens', { name: 'too early', scope: 'write' });
    expect(token.statusCode).toBe(403);
    expect((await t.services.accounts.listTokens({ ...ADMIN, userId: created.id })).length).toBe(0);

    expect((await browser.get('/organisations')).headers.location).toBe('/account/password');
    const pageWrite = await browser.post('/account/tokens', { name: 'too early' });
    expect(pageWrite.statusCode).toBe(403);
    expect(pageWrite.body).toContain('Finish setting up your account first');
    expect((await browser.get('/account/password')).statusCode).toBe(200);

    // Once the password is replaced, everything opens.
    await browser.post('/account/password', {
      currentPassword: created.password,
      newPassword: 'a long new passphrase',
      confirmPassword: 'a long new passphrase',
    });
    await browser.get('/account');
    expect((await withSession(t, browser, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await withSession(t, browser, 'POST', '/api/v1/tokens', { name: 'now' })).statusCode).toBe(201);
    expect((await browser.post('/sign-out', {})).statusCode).toBe(303);
  });

  it('as an administrator without two-factor sign-in, reaches only its set-up: no API reads or writes, no token', async () => {
    const { email, password } = await createUser(strict.services, { isAdmin: true });
    const browser = new TestBrowser(strict.app);
    await browser.signIn(email, password);
    await browser.get('/account/two-factor');
    const before = await strict.services.landscape.summary(ADMIN);

    const read = await withSession(strict, browser, 'GET', '/api/v1/organisations');
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toBe(
      'Finish setting up your account first: set up two-factor sign-in (at /account/two-factor)',
    );
    const write = await withSession(strict, browser, 'POST', '/api/v1/organisations', {
      kind: 'employer',
      name: 'Not Yet Ltd',
    });
    expect(write.statusCode).toBe(403);
    expect((await strict.services.landscape.summary(ADMIN)).organisations).toBe(before.organisations);
    expect((await withSession(strict, browser, 'POST', '/api/v1/tokens', { name: 'too early' })).statusCode).toBe(403);
    await expect(strict.services.accounts.createTokenForEmail(email, 'command line', 'write')).rejects.toThrow(
      'administrator without two-factor sign-in',
    );

    await enrolTwoFactor(browser);
    await browser.get('/account');
    expect((await withSession(strict, browser, 'GET', '/api/v1/organisations')).statusCode).toBe(200);
    expect(
      (await withSession(strict, browser, 'POST', '/api/v1/tokens', { name: 'now', scope: 'write' })).statusCode,
    ).toBe(201);
  });

  it('cannot be given a token from the command line either, with a message saying why', async () => {
    const created = await t.services.accounts.createUser({ email: 'fresh@example.test', name: 'Fresh' });
    await expect(t.services.accounts.createTokenForEmail(created.email, 'script', 'read')).rejects.toMatchObject({
      code: 'forbidden',
      message:
        'fresh@example.test has not finished setting up: it must sign in and replace its one-time password before it can have a token',
    });
  });

  it('refuses an old token of an administrator who has not set up two-factor sign-in, where it is required', async () => {
    // Made while the installation did not require two-factor sign-in of administrators.
    const { email } = await createUser(t.services, { isAdmin: true });
    const { token } = await t.services.accounts.createTokenForEmail(email, 'old', 'write');
    expect((await withToken(t, token, 'GET', '/api/v1/organisations')).statusCode).toBe(200);
    const refused = await withToken(strict, token, 'GET', '/api/v1/organisations');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('set up two-factor sign-in');
  });
});

describe('personal access tokens', () => {
  it('are read-only unless write access is asked for, and a read token cannot change anything', async () => {
    const { email, password } = await createUser(t.services, { isAdmin: true });
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    await browser.get('/account');
    const read = (await withSession(t, browser, 'POST', '/api/v1/tokens', { name: 'reader' })).json();
    expect(read.item.scope).toBe('read');
    const write = (await withSession(t, browser, 'POST', '/api/v1/tokens', { name: 'writer', scope: 'write' })).json();
    expect(write.item.scope).toBe('write');
    expect((await withSession(t, browser, 'POST', '/api/v1/tokens', { name: 'odd', scope: 'admin' })).statusCode).toBe(
      400,
    );

    expect((await withToken(t, read.token, 'GET', '/api/v1/organisations')).statusCode).toBe(200);
    expect((await withToken(t, read.token, 'HEAD', '/api/v1/organisations')).statusCode).toBe(200);
    const organisation = (
      await withToken(t, write.token, 'POST', '/api/v1/organisations', { kind: 'employer', name: 'Scoped Ltd' })
    ).json();
    expect(organisation.id).toBeGreaterThan(0);
    for (const [method, url, payload] of [
      ['POST', '/api/v1/organisations', { kind: 'employer', name: 'Reader Ltd' }],
      ['PATCH', `/api/v1/organisations/${organisation.id}`, { name: 'Renamed by a reader' }],
      ['PUT', `/api/v1/organisations/${organisation.id}/group-setting`, { memberValues: 'inside' }],
      ['DELETE', `/api/v1/tokens/${write.item.id}`, undefined],
    ] as const) {
      const refused = await withToken(t, read.token, method, url, payload);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().error.message).toBe(
        'This access token may only read (GET); to make changes, create a token with write access on your account page',
      );
    }
    expect((await withToken(t, read.token, 'GET', `/api/v1/organisations/${organisation.id}`)).json().name).toBe(
      'Scoped Ltd',
    );
    const listed = (await withToken(t, read.token, 'GET', '/api/v1/tokens')).json().items as Array<{
      name: string;
      scope: string;
    }>;
    expect(Object.fromEntries(listed.map((i) => [i.name, i.scope]))).toEqual({ reader: 'read', writer: 'write' });
  });

  it('can never create a token, whatever its scope, and works with the API only', async () => {
    const { email } = await createUser(t.services);
    for (const scope of ['read', 'write'] as const) {
      const { token } = await t.services.accounts.createTokenForEmail(email, scope, scope);
      const refused = await withToken(t, token, 'POST', '/api/v1/tokens', { name: 'made by a token', scope: 'write' });
      expect(refused.statusCode, scope).toBe(403);
      const page = await withToken(t, token, 'GET', '/account');
      expect(page.statusCode).toBe(403);
      expect(page.json().error.message).toContain('An access token works only with the API');
      expect((await withToken(t, token, 'POST', '/account/tokens', { name: 'made by a token' })).statusCode).toBe(403);
      expect(
        (
          await withToken(t, token, 'POST', '/account/password', {
            currentPassword: 'correct horse battery staple',
            newPassword: 'chosen by a token',
            confirmPassword: 'chosen by a token',
          })
        ).statusCode,
      ).toBe(403);
    }
    const names = (await t.services.accounts.listTokens({ ...ADMIN, userId: await userIdOf(email) })).map(
      (r) => r.name,
    );
    expect(names.sort()).toEqual(['read', 'write']);
    // The service refuses a token actor too, whatever route reached it.
    await expect(
      t.services.accounts.createToken(
        { ...ADMIN, userId: await userIdOf(email), via: 'write-token' },
        'sneaky',
        'write',
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('are chosen read-only or read and write on the account page, and listed with their access', async () => {
    const { email, password } = await createUser(t.services);
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    const page = await browser.get('/account');
    expect(page.body).toMatch(/<input[^>]*name="scope"[^>]*value="read"[^>]*checked/);
    const made = await browser.post('/account/tokens', { name: 'board report', scope: 'write' });
    expect(made.statusCode).toBe(200);
    expect(made.body).toContain('Your new token “board report” (read and write)');
    await browser.post('/account/tokens', { name: 'dashboard' });
    const rows = (await browser.get('/account')).body;
    expect(rows).toMatch(/board report<\/td>[\s\S]*?Read and write/);
    expect(rows).toMatch(/dashboard<\/td>[\s\S]*?Read only/);
  });

  it('end when the password is changed, reset, or two-factor sign-in is reset', async () => {
    const { email, password } = await createUser(t.services);
    const first = (await t.services.accounts.createTokenForEmail(email, 'first', 'read')).token;
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    await browser.get('/account/password');
    const changed = await browser.post('/account/password', {
      currentPassword: password,
      newPassword: 'another long passphrase',
      confirmPassword: 'another long passphrase',
    });
    expect(changed.headers.location).toBe('/account?notice=password-changed');
    expect((await withToken(t, first, 'GET', '/api/v1/me')).statusCode).toBe(401);

    const second = (await t.services.accounts.createTokenForEmail(email, 'second', 'read')).token;
    expect((await withToken(t, second, 'GET', '/api/v1/me')).statusCode).toBe(200);
    await t.services.accounts.resetPassword(email);
    expect((await withToken(t, second, 'GET', '/api/v1/me')).statusCode).toBe(401);

    const other = await createUser(t.services);
    const third = (await t.services.accounts.createTokenForEmail(other.email, 'third', 'read')).token;
    await t.services.accounts.resetSecondFactor(ADMIN, other.email);
    expect((await withToken(t, third, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });
});

async function userIdOf(email: string): Promise<number> {
  const row = await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

describe('where sign-in returns to', () => {
  const ATTACKS = [
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/.//evil.example',
  ];

  it('is a path on this site only, after a password sign-in and on the sign-in page', async () => {
    const { email, password } = await createUser(t.services);
    for (const next of ATTACKS) {
      const page = await t.app.inject({ url: `/sign-in?next=${encodeURIComponent(next)}` });
      expect(page.body, JSON.stringify(next)).toContain('name="next" value="/"');
      const browser = new TestBrowser(t.app);
      await browser.get('/sign-in');
      const signedIn = await browser.post('/sign-in', { email, password, next });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location, JSON.stringify(next)).toBe('/');
    }
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    expect((await browser.post('/sign-in', { email, password, next: '/network?scope=all' })).headers.location).toBe(
      '/network?scope=all',
    );
  });
});

describe('two-factor sign-in already on', () => {
  it('is moved to another app only with a code from the app in use now', async () => {
    const { email, password } = await createUser(t.services);
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    const oldSecret = await enrolTwoFactor(browser);
    const now = stepAt(Date.now());
    // Each code works once; this stands for the half minute until the app shows a new one.
    const codesMoveOn = () =>
      t.database.db
        .updateTable('users')
        .set({ totp_last_step: now - 5 })
        .where('email', '=', email)
        .execute();
    await codesMoveOn();

    const again = await browser.get('/account/two-factor');
    expect(again.body).toContain('name="currentCode"');
    const newSecret = /data-secret="([A-Z2-7]+)"/.exec(again.body)![1]!;
    expect(newSecret).not.toBe(oldSecret);
    const withoutCurrent = await browser.post('/account/two-factor', { code: totpCode(newSecret, now) });
    expect(withoutCurrent.statusCode).toBe(400);
    expect(withoutCurrent.body).toContain('That is not the code the app you use now shows');
    const wrongCurrent = await browser.post('/account/two-factor', {
      code: totpCode(newSecret, now),
      currentCode: totpCode(newSecret, now),
    });
    expect(wrongCurrent.statusCode).toBe(400);
    const failures = await t.database.db
      .selectFrom('users')
      .select('failed_sign_ins')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(failures.failed_sign_ins).toBe(1);

    const moved = await browser.post('/account/two-factor', {
      code: totpCode(newSecret, now),
      currentCode: totpCode(oldSecret, now),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toContain('Two-factor sign-in is on.');
    await codesMoveOn();
    const withOldApp = new TestBrowser(t.app);
    await withOldApp.signIn(email, password);
    await withOldApp.get('/sign-in/two-factor');
    expect((await withOldApp.post('/sign-in/two-factor', { code: totpCode(oldSecret, now) })).statusCode).toBe(400);
    const withNewApp = new TestBrowser(t.app);
    await withNewApp.signIn(email, password);
    await withNewApp.get('/sign-in/two-factor');
    expect((await withNewApp.post('/sign-in/two-factor', { code: totpCode(newSecret, now) })).statusCode).toBe(303);
  });
});

describe('changing a password', () => {
  it('counts a wrong current password towards the lock-out: ten lock the account, whatever is typed next', async () => {
    const { email, password } = await createUser(t.services);
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    await browser.get('/account/password');
    for (let i = 0; i < 10; i++) {
      const wrong = await browser.post('/account/password', {
        currentPassword: `wrong guess ${i}`,
        newPassword: 'a long new passphrase',
        confirmPassword: 'a long new passphrase',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('Your current password is not right');
    }
    const locked = await browser.post('/account/password', {
      currentPassword: password,
      newPassword: 'a long new passphrase',
      confirmPassword: 'a long new passphrase',
    });
    expect(locked.statusCode).toBe(400);
    expect(locked.body).toContain('After several wrong passwords, wait 15 minutes and try again');
    const signIn = await new TestBrowser(t.app).signIn(email, password);
    expect(signIn.statusCode).toBe(401);
    expect(signIn.body).toContain('waits 15 minutes');
  });

  it('is limited per address like signing in', async () => {
    const limited = await createTestApp({ signInAttemptsPerMinute: 3 });
    try {
      const { email, password } = await createUser(limited.services);
      const browser = new TestBrowser(limited.app);
      await browser.signIn(email, password);
      await browser.get('/account/password');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await browser.post('/account/password', {
              currentPassword: 'wrong',
              newPassword: 'a long new passphrase',
              confirmPassword: 'a long new passphrase',
            })
          ).statusCode,
        );
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('absolute links', () => {
  it('name the configured public address in survey links, whatever Host the request names', async () => {
    const linkPrimary = await school(t, { name: 'Link Primary' });
    const made = await survey(t, {
      organisationId: linkPrimary,
      title: 'Link survey',
      period: '2025/26',
      questions: [{ type: 'scale', prompt: 'I like school' }],
      openTo: [linkPrimary],
    });
    const linkToken = made.tokenOf(linkPrimary);
    const { browser } = await userWith(t, null, { isAdmin: true });
    const page = await t.app.inject({
      url: `/surveys/${made.id}`,
      headers: { cookie: cookieOf(browser), host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${PUBLIC_URL}/s/${linkToken}`);
    expect(page.body).not.toContain('evil.example');
  });
});

describe('syslead token create', () => {
  const saved = { ...process.env };
  let dir = '';
  let database: TestDatabase | undefined;

  async function run(...argv: string[]): Promise<string> {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(argv)).toBe(0);
      return log.mock.calls.map((c) => c.join(' ')).join('\n');
    } finally {
      log.mockRestore();
    }
  }

  async function withDatabase<T>(work: (db: import('kysely').Kysely<Database>) => Promise<T>): Promise<T> {
    const handle = testPostgresUrl()
      ? await openDatabase<Database>({ databaseUrl: database!.url })
      : await openMigratedDatabase({ dataDir: path.join(dir, 'data') });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-token-cli-'));
    process.env.NODE_ENV = 'test';
    delete process.env.SYSLEAD_ADMIN_TWO_FACTOR;
    if (testPostgresUrl()) {
      database = await createTestDatabase({ kind: 'postgres' });
      process.env.DATABASE_URL = database.url;
    } else {
      process.env.SYSLEAD_DATA_DIR = path.join(dir, 'data');
      delete process.env.DATABASE_URL;
    }
  });
  afterAll(async () => {
    process.env = saved;
    await database?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an account still on its one-time password and an administrator without two-factor sign-in, and makes read tokens unless asked', async () => {
    await run('user', 'add', '--email', 'newcomer@example.test', '--name', 'Newcomer');
    await expect(main(['token', 'create', '--email', 'newcomer@example.test'])).rejects.toThrow(
      'it must sign in and replace its one-time password',
    );
    await withDatabase(async (db) => {
      const accounts = createServices(db).accounts;
      await accounts.createUser({
        email: 'script@example.test',
        name: 'Script',
        password: 'a quiet evening by the river',
      });
      await accounts.createUser({
        email: 'chief@example.test',
        name: 'Chief',
        isAdmin: true,
        password: 'a quiet evening by the river',
      });
    });
    await expect(main(['token', 'create', '--email', 'chief@example.test', '--scope', 'write'])).rejects.toThrow(
      'administrator without two-factor sign-in',
    );
    await expect(main(['token', 'create', '--email', 'script@example.test', '--scope', 'everything'])).rejects.toThrow(
      '--scope must be read or write',
    );
    expect(await run('token', 'create', '--email', 'script@example.test')).toContain('(read only)');
    expect(
      await run('token', 'create', '--email', 'script@example.test', '--name', 'writer', '--scope', 'write'),
    ).toContain('(read and write)');
    const scopes = await withDatabase((db) =>
      sql<{
        name: string;
        scope: string;
      }>`select t.name, t.scope from api_tokens t join users u on u.id = t.user_id where u.email = 'script@example.test' order by t.id`.execute(
        db,
      ),
    );
    expect(scopes.rows).toEqual([
      { name: 'command line', scope: 'read' },
      { name: 'writer', scope: 'write' },
    ]);
  });
});
