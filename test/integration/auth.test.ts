import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, createUser, TestBrowser, type TestApp } from '../test-app.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const sample = (url: string) => url.replace(/:id/g, '1');

describe('nothing but sign-in, health, the notices and static files without signing in', () => {
  it('lists only sign-in, health, the notices, the anonymous survey and 360 feedback pages, an invitation’s page and a public forum’s pages as public routes', () => {
    const publicRoutes = t.app.routeTable.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual([
      'GET /accessibility',
      'GET /favicon.ico',
      'GET /feedback/answer/:token',
      'GET /forums/:id',
      'GET /forums/meetings/:id',
      'GET /forums/papers/:id',
      'GET /health',
      'GET /invitations/:token',
      'GET /privacy',
      'GET /privacy/surveys',
      'GET /s/:token',
      'GET /sign-in',
      'GET /sign-in/sso/callback',
      'POST /feedback/answer/:token',
      'POST /invitations/:token',
      'POST /invitations/:token/sso',
      'POST /s/:token',
      'POST /sign-in',
      'POST /sign-in/sso',
    ]);
  });

  it('answers 401 JSON to every API route', async () => {
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    expect(apiRoutes.length).toBeGreaterThan(15);
    for (const route of apiRoutes) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: sample(route.url),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('sends every page to sign-in and refuses every form post', async () => {
    const pages = t.app.routeTable.filter(
      (r) => !r.public && !r.url.startsWith('/api/') && !r.url.startsWith('/static/'),
    );
    for (const route of pages) {
      const response = await t.app.inject({ method: route.method as 'GET', url: sample(route.url) });
      if (route.method === 'GET') {
        expect(response.statusCode, route.url).toBe(303);
        expect(response.headers.location).toBe(`/sign-in?next=${encodeURIComponent(sample(route.url))}`);
      } else {
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(response.body).not.toContain('Elderbrook');
      }
    }
  });

  it('answers 401 to a made-up API address too', async () => {
    expect((await t.app.inject({ url: '/api/v1/nothing-here' })).statusCode).toBe(401);
  });

  it('serves the health check and the stylesheet openly', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const css = await t.app.inject({ url: '/static/build/syslead.css' });
    expect([200, 404]).toContain(css.statusCode); // built by `npm run build`; never a redirect
  });
});

describe('signing in and out', () => {
  it('signs in with the right password, sets a safe cookie and signs out', async () => {
    const { email, password } = await createUser(t.services);
    const browser = new TestBrowser(t.app);
    const response = await browser.signIn(email, password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.cookies.find((c) => c.name === 'syslead_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect((await browser.get('/')).statusCode).toBe(200);
    await browser.post('/sign-out', {});
    expect((await browser.get('/')).statusCode).toBe(303);
    // The old session id is dead on the server, not only forgotten by the browser.
    const replay = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `syslead_session=${cookie.value}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const secure = await createTestApp({ cookieSecure: true });
    try {
      const { email, password } = await createUser(secure.services);
      const response = await new TestBrowser(secure.app).signIn(email, password);
      expect(response.cookies.find((c) => c.name === 'syslead_session')!.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password with the same message as an unknown email', async () => {
    const { email } = await createUser(t.services);
    const wrong = await new TestBrowser(t.app).signIn(email, 'not the password at all');
    const unknown = await new TestBrowser(t.app).signIn('nobody@example.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('The email address or password is not right');
    expect(unknown.body).toContain('The email address or password is not right');
    expect(wrong.cookies.find((c) => c.name === 'syslead_session')).toBeUndefined();
  });

  it('never reuses a session id the client brought (no fixation)', async () => {
    const { email, password } = await createUser(t.services);
    const browser = new TestBrowser(t.app);
    browser.cookies.set('syslead_session', 'attacker-chosen-value');
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email, password });
    const issued = response.cookies.find((c) => c.name === 'syslead_session')!;
    expect(issued.value).not.toBe('attacker-chosen-value');
    const attacker = await t.app.inject({
      url: '/api/v1/me',
      headers: { cookie: 'syslead_session=attacker-chosen-value' },
    });
    expect(attacker.statusCode).toBe(401);
  });

  it('makes a one-time password be replaced before anything else', async () => {
    const created = await t.services.accounts.createUser({ email: 'newcomer@example.test', name: 'Newcomer' });
    const browser = new TestBrowser(t.app);
    const signIn = await browser.signIn(created.email, created.password);
    expect(signIn.headers.location).toBe('/account/password');
    expect((await browser.get('/organisations')).headers.location).toBe('/account/password');
    await browser.get('/account/password');
    const short = await browser.post('/account/password', {
      currentPassword: created.password,
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('must be at least 10 characters');
    const done = await browser.post('/account/password', {
      currentPassword: created.password,
      newPassword: 'a long new passphrase',
      confirmPassword: 'a long new passphrase',
    });
    expect(done.statusCode).toBe(303);
    expect((await browser.get('/organisations')).statusCode).toBe(200);
    expect((await new TestBrowser(t.app).signIn(created.email, created.password)).statusCode).toBe(401);
  });

  it('locks an account for a while after ten wrong passwords in a row', async () => {
    const { email, password } = await createUser(t.services);
    for (let i = 0; i < 10; i++)
      expect((await new TestBrowser(t.app).signIn(email, `wrong guess number ${i}`)).statusCode).toBe(401);
    const refused = await new TestBrowser(t.app).signIn(email, password);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('waits 15 minutes');
  });

  it('refuses common and self-naming passwords when choosing a new one', async () => {
    const created = await t.services.accounts.createUser({ email: 'robin.fairweather@example.test', name: 'Robin' });
    const browser = new TestBrowser(t.app);
    await browser.signIn(created.email, created.password);
    await browser.get('/account/password');
    const common = await browser.post('/account/password', {
      currentPassword: created.password,
      newPassword: 'qwertyuiop',
      confirmPassword: 'qwertyuiop',
    });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('most often guessed');
    const own = await browser.post('/account/password', {
      currentPassword: created.password,
      newPassword: 'robin.fairweather rocks',
      confirmPassword: 'robin.fairweather rocks',
    });
    expect(own.body).toContain('must not contain your email name');
  });

  it('limits sign-in attempts from one address', async () => {
    const limited = await createTestApp({ signInAttemptsPerMinute: 3 });
    try {
      const browser = new TestBrowser(limited.app);
      await browser.get('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await browser.post('/sign-in', { email: 'x@example.test', password: 'wrong password' })).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('counts attempts across every process on the database, not in each one', async () => {
    const limited = await createTestApp({ signInAttemptsPerMinute: 3 });
    // A second process serving the same database.
    const second = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', signInAttemptsPerMinute: 3 }),
      db: limited.database.db,
    });
    try {
      const browsers = [new TestBrowser(limited.app), new TestBrowser(second)];
      for (const browser of browsers) await browser.get('/sign-in');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await browsers[i % 2]!.post('/sign-in', { email: 'x@example.test', password: 'wrong password' })).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await second.close();
      await limited.close();
    }
  });
});

describe('CSRF protection', () => {
  it('refuses a form post without its token and writes nothing', async () => {
    const { email, password } = await createUser(t.services, { isAdmin: true });
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    await browser.get('/organisations/new');
    const before = await t.services.landscape.summary(adminActor());
    const refused = await browser.post(
      '/organisations',
      { kind: 'school', name: 'Forged School' },
      { withCsrf: false },
    );
    expect(refused.statusCode).toBe(403);
    const wrong = await browser.post('/organisations', { kind: 'school', name: 'Forged School', _csrf: 'made-up' });
    expect(wrong.statusCode).toBe(403);
    expect((await t.services.landscape.summary(adminActor())).organisations).toBe(before.organisations);
    const accepted = await browser.post('/organisations', { kind: 'school', name: 'Genuine School' });
    expect(accepted.statusCode).toBe(303);
  });

  it('refuses a sign-in post without a token', async () => {
    const { email, password } = await createUser(t.services);
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', payload: { email, password } });
    expect(response.statusCode).toBe(403);
  });

  it('requires the token header for JSON writes made with a session cookie, but not with a bearer token', async () => {
    const { email, password } = await createUser(t.services, { isAdmin: true });
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const withoutHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie },
      payload: { kind: 'employer', name: 'Cookie Co' },
    });
    expect(withoutHeader.statusCode).toBe(403);
    await browser.get('/');
    const withHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { cookie, 'x-csrf-token': browser.csrf },
      payload: { kind: 'employer', name: 'Cookie Co' },
    });
    expect(withHeader.statusCode).toBe(201);
    const token = await createToken(t.services, { isAdmin: true });
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: `Bearer ${token}` },
      payload: { kind: 'employer', name: 'Token Co' },
    });
    expect(bearer.statusCode).toBe(201);
  });
});

describe('personal access tokens', () => {
  it('lets a user list and revoke their tokens, after which the token is refused', async () => {
    const { email, password } = await createUser(t.services);
    const token = (await t.services.accounts.createTokenForEmail(email, 'tests', 'write')).token;
    const auth = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ url: '/api/v1/me', headers: auth });
    expect(me.statusCode).toBe(200);
    // A second token is made with a signed-in session (a token cannot make one).
    const browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    await browser.get('/account');
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': browser.csrf },
      payload: { name: 'second' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().token).toMatch(/^syslead_pat_/);
    const list = await t.app.inject({ url: '/api/v1/tokens', headers: auth });
    const items = list.json().items as Array<{ id: number; name: string }>;
    expect(items.map((i) => i.name).sort()).toEqual(['second', 'tests']);
    expect(JSON.stringify(list.json())).not.toContain(token);
    const own = items.find((i) => i.name === 'tests')!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${own.id}`, headers: auth })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/me', headers: auth })).statusCode).toBe(401);
  });

  it("cannot revoke someone else's token", async () => {
    const mine = await createToken(t.services);
    const theirs = await createToken(t.services);
    const theirList = await t.app.inject({ url: '/api/v1/tokens', headers: { authorization: `Bearer ${theirs}` } });
    const theirId = theirList.json().items[0].id;
    const attempt = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${theirId}`,
      headers: { authorization: `Bearer ${mine}` },
    });
    expect(attempt.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${theirs}` } })).statusCode).toBe(
      200,
    );
  });

  it('refuses a made-up token', async () => {
    const response = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer syslead_pat_madeup' } });
    expect(response.statusCode).toBe(401);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script and the usual hardening headers', async () => {
    const response = await t.app.inject({ url: '/sign-in' });
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('sends HSTS only over TLS (here, behind a proxy that says so)', async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const response = await proxied.app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await proxied.close();
    }
  });
});

function adminActor() {
  return { userId: 0, email: 'tests', name: 'Tests', isAdmin: true, mustChangePassword: false, memberships: [] };
}

describe('two-factor sign-in', () => {
  it('makes an administrator set it up, then asks for a code at every sign-in, each code working once', async () => {
    const { totpCode, stepAt } = await import('../../src/modules/accounts/totp.js');
    const strict = await createTestApp({ requireAdminTwoFactor: true });
    try {
      const { email, password } = await createUser(strict.services, { isAdmin: true });
      const browser = new TestBrowser(strict.app);
      await browser.signIn(email, password);
      expect((await browser.get('/organisations')).headers.location).toBe('/account/two-factor');
      expect((await browser.get('/api/v1/me')).statusCode).toBe(403);
      const setup = await browser.get('/account/two-factor');
      const secret = /data-secret="([A-Z2-7]+)"/.exec(setup.body)![1]!;
      const wrong = await browser.post('/account/two-factor', {
        code: '000000' === totpCode(secret, stepAt(Date.now())) ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      const confirmed = await browser.post('/account/two-factor', { code: totpCode(secret, stepAt(Date.now())) });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.body).toContain('Two-factor sign-in is on.');
      expect((await browser.get('/organisations')).statusCode).toBe(200);

      // Signing in again: the password alone opens nothing.
      const next = new TestBrowser(strict.app);
      const first = await next.signIn(email, password);
      expect(first.headers.location).toBe('/sign-in/two-factor?next=%2F');
      expect((await next.get('/organisations')).headers.location).toBe('/sign-in/two-factor');
      expect((await next.get('/api/v1/me')).statusCode).toBe(401);
      await next.get('/sign-in/two-factor');
      // The code used to confirm set-up has been used: the next step's code is accepted once.
      const code = totpCode(secret, stepAt(Date.now()) + 1);
      const ok = await next.post('/sign-in/two-factor', { code, next: '/network' });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe('/network');
      expect((await next.get('/organisations')).statusCode).toBe(200);

      const replay = new TestBrowser(strict.app);
      await replay.signIn(email, password);
      await replay.get('/sign-in/two-factor');
      expect((await replay.post('/sign-in/two-factor', { code })).statusCode).toBe(400);
      expect((await replay.get('/organisations')).headers.location).toBe('/sign-in/two-factor');
    } finally {
      await strict.close();
    }
  });
});
