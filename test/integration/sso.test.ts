/**
 * Sign-in through a school's identity provider, end to end against a real OpenID Connect
 * provider (the oidc-provider package) started on loopback: discovery, authorisation with
 * PKCE, state and nonce, the provider's own login and consent, the token exchange and the
 * session that follows.
 */
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN, createTestApp, createUser, type TestApp } from '../test-app.js';

let t: TestApp;
let provider: Provider;
let server: ReturnType<Provider['listen']>;
let issuer: string;
const APP_ORIGIN = 'http://syslead.test';

beforeAll(async () => {
  t = await createTestApp({ publicUrl: APP_ORIGIN });
  // The provider needs its port before it knows its issuer, so it listens twice: once to find a port.
  const probe = new Provider('http://127.0.0.1', {}).listen(0);
  const port = (probe.address() as AddressInfo).port;
  probe.close();
  issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'syslead',
        client_secret: 'a-long-test-secret-for-the-client',
        redirect_uris: [`${APP_ORIGIN}/sign-in/sso/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { email: ['email', 'email_verified'], openid: ['sub'] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true }),
    }),
    pkce: { required: () => true },
  });
  server = provider.listen(port);
  await t.services.accounts.sso.addProvider({
    emailDomain: 'alder.sch.example',
    label: 'Alder school sign-in',
    issuer,
    clientId: 'syslead',
    clientSecret: 'a-long-test-secret-for-the-client',
  });
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

/** A browser for the provider's pages: follows redirects by hand and keeps the provider's cookies. */
async function throughProvider(start: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(APP_ORIGIN)) return url;
    const page = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of page.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
    if (page.status >= 300 && page.status < 400) {
      url = new URL(page.headers.get('location')!, url).href;
      continue;
    }
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page at ${url}: ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
    const posted = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      body: form,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of posted.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
    url = new URL(posted.headers.get('location')!, url).href;
  }
  throw new Error('too many redirects');
}

/** Starts a sign-in as a browser would; `binding` is the cookie that ties it to this browser. */
async function startSignIn(email: string, options: { next?: string; host?: string } = {}) {
  const host = options.host ?? 'syslead.test';
  const signIn = await t.app.inject({ url: '/sign-in', headers: { host } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signIn.body)![1]!;
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const response = await t.app.inject({
    method: 'POST',
    url: '/sign-in/sso',
    headers: { host, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ssoEmail: email, next: options.next ?? '/network' }).toString(),
  });
  const bound = response.cookies.find((c) => c.name === 'syslead_bind_sso');
  return Object.assign(response, { binding: bound ? `syslead_bind_sso=${bound.value}` : '' });
}

/** Comes back from the provider to the callback, with the browser's cookies. */
function returnTo(callback: URL, cookie: string) {
  return t.app.inject({ url: callback.pathname + callback.search, headers: { host: 'syslead.test', cookie } });
}

describe('sign-in through an identity provider', () => {
  it('signs in an existing account through its organisation’s provider', async () => {
    await createUser(t.services, { email: 'head@alder.sch.example' });
    const start = await startSignIn('head@alder.sch.example');
    expect(start.statusCode).toBe(303);
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = new URL(await throughProvider(authorize.href, 'head@alder.sch.example'));
    expect(callback.pathname).toBe('/sign-in/sso/callback');
    const done = await returnTo(callback, start.binding);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/network');
    const session = done.cookies.find((c) => c.name === 'syslead_session')!;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `syslead_session=${session.value}` } });
    expect(me.json().email).toBe('head@alder.sch.example');
    // The same answer cannot be used twice.
    const replay = await returnTo(callback, start.binding);
    expect(replay.statusCode).toBe(401);
  });

  it('refuses a person the provider vouches for who has no account here, and an address outside the domain', async () => {
    const start = await startSignIn('stranger@alder.sch.example');
    const callback = new URL(await throughProvider(start.headers.location as string, 'stranger@alder.sch.example'));
    const done = await returnTo(callback, start.binding);
    expect(done.statusCode).toBe(401);
    expect(done.body).toContain('There is no Syslead account for stranger@alder.sch.example');
    expect(done.cookies.find((c) => c.name === 'syslead_session')).toBeUndefined();

    await createUser(t.services, { email: 'someone@elsewhere.example' });
    const sneaky = await startSignIn('head@alder.sch.example');
    const sneakyCallback = new URL(
      await throughProvider(sneaky.headers.location as string, 'someone@elsewhere.example'),
    );
    const refused = await returnTo(sneakyCallback, sneaky.binding);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('outside alder.sch.example');
  });

  it('says when a domain has no provider, and refuses a callback with a made-up state', async () => {
    const start = await startSignIn('someone@nowhere.example');
    expect(start.statusCode).toBe(400);
    expect(start.body).toContain('does not sign in through its own service');
    const forged = await t.app.inject({
      url: '/sign-in/sso/callback?code=abc&state=made-up',
      headers: { host: 'syslead.test' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('lets only the browser that started a sign-in finish it', async () => {
    await createUser(t.services, { email: 'deputy@alder.sch.example' });
    // Someone starts a sign-in in their own browser and sends its return address to another person.
    const start = await startSignIn('deputy@alder.sch.example');
    expect(start.statusCode).toBe(303);
    const bound = start.cookies.find((c) => c.name === 'syslead_bind_sso')!;
    expect(bound.httpOnly).toBe(true);
    expect(bound.sameSite).toBe('Lax');
    expect(bound.maxAge).toBeGreaterThan(0);
    expect(bound.maxAge).toBeLessThanOrEqual(600);
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    expect(bound.value).not.toContain(state);
    const callback = new URL(await throughProvider(start.headers.location as string, 'deputy@alder.sch.example'));

    const withoutCookie = await returnTo(callback, '');
    expect(withoutCookie.statusCode).toBe(401);
    expect(withoutCookie.body).toContain('This sign-in was not started in this browser');
    expect(withoutCookie.cookies.find((c) => c.name === 'syslead_session' && c.value)).toBeUndefined();

    const other = await startSignIn('deputy@alder.sch.example');
    const withOtherBrowsersCookie = await returnTo(callback, other.binding);
    expect(withOtherBrowsersCookie.statusCode).toBe(401);
    expect(withOtherBrowsersCookie.cookies.find((c) => c.name === 'syslead_session' && c.value)).toBeUndefined();
    const forgedCookie = await returnTo(callback, `syslead_bind_sso=${state}`);
    expect(forgedCookie.statusCode).toBe(401);

    // The browser that started it still can, once.
    const done = await returnTo(callback, start.binding);
    expect(done.statusCode).toBe(303);
    expect(done.cookies.find((c) => c.name === 'syslead_session')!.value).toBeTruthy();
  });

  it('gives the provider the configured public address to return to, whatever Host the request names', async () => {
    const start = await startSignIn('head@alder.sch.example', { host: 'evil.example' });
    expect(start.statusCode).toBe(303);
    expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe(
      `${APP_ORIGIN}/sign-in/sso/callback`,
    );
  });

  it('lets the sign-in page’s forms go on to the providers set up, and no other page’s', async () => {
    // A server started after the provider was set up (the test app above was built before it).
    const app = await buildApp({
      config: loadConfig(
        { NODE_ENV: 'test' },
        { dataDir: '(unused)', requireAdminTwoFactor: false, publicUrl: APP_ORIGIN },
      ),
      db: t.database.db,
    });
    try {
      await app.ready();
      const formAction = (csp: string) =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith('form-action'));
      const signIn = await app.inject({ url: '/sign-in' });
      expect(formAction(signIn.headers['content-security-policy'] as string)).toBe(`form-action 'self' ${issuer}`);
      const refused = await app.inject({ url: '/sign-in/sso/callback?code=x&state=made-up' });
      expect(refused.statusCode).toBe(401);
      expect(formAction(refused.headers['content-security-policy'] as string)).toBe(`form-action 'self' ${issuer}`);
      const health = await app.inject({ url: '/health' });
      expect(formAction(health.headers['content-security-policy'] as string)).toBe("form-action 'self'");
      const other = await app.inject({ url: '/organisations' });
      expect(formAction(other.headers['content-security-policy'] as string)).toBe("form-action 'self'");
    } finally {
      await app.close();
    }
  });
});

describe('accepting an invitation through an identity provider', () => {
  /** Starts accepting an invitation through the provider, as the invitation's page does. */
  async function startAccepting(path: string) {
    const page = await t.app.inject({ url: path, headers: { host: 'syslead.test' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await t.app.inject({
      method: 'POST',
      url: `${path}/sso`,
      headers: { host: 'syslead.test', cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    const bound = response.cookies.find((c) => c.name === 'syslead_bind_sso');
    return Object.assign(response, { page, binding: bound ? `syslead_bind_sso=${bound.value}` : '' });
  }

  let invited = 0;
  async function invitation(email: string) {
    const schoolId = (
      await t.services.landscape.createOrganisation(ADMIN, {
        kind: 'school',
        name: `Alder ${email}`,
        urn: 997000 + ++invited,
      })
    ).id;
    const made = await t.services.accounts.createInvitation(ADMIN, { email, organisationId: schoolId, role: 'leader' });
    return { schoolId, path: new URL(made.link).pathname };
  }

  it('creates the account for the address the provider vouches for, with the role, and signs it in', async () => {
    const { schoolId, path } = await invitation('newhead@alder.sch.example');
    const start = await startAccepting(path);
    expect(start.page.body).toContain('Continue to Alder school sign-in');
    expect(start.statusCode).toBe(303);
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${APP_ORIGIN}/sign-in/sso/callback`);
    const callback = new URL(await throughProvider(authorize.href, 'newhead@alder.sch.example'));
    const done = await returnTo(callback, start.binding);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/');
    const session = done.cookies.find((c) => c.name === 'syslead_session')!;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `syslead_session=${session.value}` } });
    expect(me.json().email).toBe('newhead@alder.sch.example');
    const members = await t.services.accounts.listMembers(ADMIN, schoolId);
    expect(members).toEqual([expect.objectContaining({ email: 'newhead@alder.sch.example', role: 'leader' })]);
    // The link has been used.
    expect((await t.app.inject({ url: path, headers: { host: 'syslead.test' } })).statusCode).toBe(409);
  });

  it('refuses an address the provider vouches for that is not the invitation’s', async () => {
    const { path } = await invitation('invited@alder.sch.example');
    const start = await startAccepting(path);
    const callback = new URL(await throughProvider(start.headers.location as string, 'impostor@alder.sch.example'));
    const done = await returnTo(callback, start.binding);
    expect(done.statusCode).toBe(401);
    expect(done.body).toContain('but the invitation is for invited@alder.sch.example');
    expect(done.cookies.find((c) => c.name === 'syslead_session' && c.value)).toBeUndefined();
    // The invitation still waits for the right person.
    expect((await t.app.inject({ url: path, headers: { host: 'syslead.test' } })).statusCode).toBe(200);
  });
});
