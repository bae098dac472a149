import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices, type Services } from '../src/services.js';
import type { Actor } from '../src/platform/http/http-platform.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN: Actor = {
  userId: 0,
  email: 'tests',
  name: 'Test administrator',
  isAdmin: true,
  mustChangePassword: false,
  memberships: [],
};

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  services: Services;
  close(): Promise<void>;
}

/** The whole application on a fresh database, talked to through `app.inject()`. */
export async function createTestApp(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Two-factor sign-in for administrators has its own tests; elsewhere administrators sign in with a password.
  const config = loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', requireAdminTwoFactor: false, ...overrides });
  const app = await buildApp({ config, db: database.db });
  await app.ready();
  return {
    app,
    database,
    // The same rules as the app's (an administrator needs two-factor sign-in for a token only where the app requires it).
    services: createServices(database.db, {
      requireAdminTwoFactor: config.requireAdminTwoFactor,
      publicUrl: config.publicUrl,
    }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A browser-like client: keeps cookies and sends forms with the CSRF token of the page it last read. */
export class TestBrowser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrf = match[1]!;
    return response;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  /** Posts a form; a field given several values (ticked checkboxes) is sent once per value, as a browser does. */
  async post(url: string, form: Record<string, string | string[]>, options: { withCsrf?: boolean } = {}) {
    const fields = { ...(options.withCsrf === false ? {} : { _csrf: this.csrf }), ...form };
    const body = new URLSearchParams(
      Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v])),
    ).toString();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  /** Signs in through the sign-in page, as a person would. */
  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

/** Creates an account with a chosen password (no forced change) and returns its credentials. */
export async function createUser(services: Services, options: { email?: string; isAdmin?: boolean } = {}) {
  const email = options.email ?? `user${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'correct horse battery staple';
  await services.accounts.createUser({ email, name: 'Test user', isAdmin: options.isAdmin ?? false, password });
  return { email, password };
}

/** A bearer token for a new account: one that may write unless asked for a read-only one. */
export async function createToken(services: Services, options: { isAdmin?: boolean; scope?: 'read' | 'write' } = {}) {
  const { email } = await createUser(services, options);
  const { token } = await services.accounts.createTokenForEmail(email, 'tests', options.scope ?? 'write');
  return token;
}

/** A browser signed in as a new account (an administrator when asked). */
export async function signedInBrowser(
  t: Pick<TestApp, 'app' | 'services'>,
  options: { isAdmin?: boolean } = {},
): Promise<TestBrowser> {
  const { email, password } = await createUser(t.services, options);
  const browser = new TestBrowser(t.app);
  await browser.signIn(email, password);
  return browser;
}
