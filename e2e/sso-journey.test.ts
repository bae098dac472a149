/**
 * Sign-in through a school's identity provider in real Chromium, with the content security
 * policy enforced (Chromium applies form-action to every redirect after a form is sent, so
 * the sign-in form must be allowed to lead on to the provider). The provider is the
 * oidc-provider package on loopback, as in the integration test of the same sign-in.
 */
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Provider from 'oidc-provider';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { createUser } from '../test/test-app.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test/test-database.js';
import { ARGS, CHROMIUM } from './chromium.js';

const CLIENT_SECRET = 'a-long-test-secret-for-the-client';

/** A free port on loopback: both servers must know their addresses before they start. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const databases: Array<'pglite' | 'postgres'> = testPostgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(databases)('sign-in through a school’s identity provider in a browser (%s)', (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let providerServer: ReturnType<Provider['listen']>;
  let baseUrl: string;
  let issuer: string;

  beforeAll(async () => {
    baseUrl = `http://127.0.0.1:${await freePort()}`;
    issuer = `http://127.0.0.1:${await freePort()}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'syslead',
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${baseUrl}/sign-in/sso/callback`],
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
    providerServer = provider.listen(Number(new URL(issuer).port));

    database = await createTestDatabase({ kind });
    const services = createServices(database.db, { requireAdminTwoFactor: false });
    await createUser(services, { email: 'head@alder.sch.example' });
    await services.accounts.sso.addProvider({
      emailDomain: 'alder.sch.example',
      label: 'Alder school sign-in',
      issuer,
      clientId: 'syslead',
      clientSecret: CLIENT_SECRET,
    });
    app = await buildApp({
      config: loadConfig(
        { NODE_ENV: 'test' },
        { dataDir: '(unused)', requireAdminTwoFactor: false, publicUrl: baseUrl },
      ),
      db: database.db,
    });
    await app.listen({ port: Number(new URL(baseUrl).port), host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    providerServer?.close();
    await database?.close();
  });

  it('goes from the sign-in form to the provider and back, and lands signed in where it was going', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-chromium-'));
    // The security policy is enforced here (no bypassCSP): that is what this journey checks.
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });

      await page.goto(`${baseUrl}/network`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.getByLabel('Work email address').fill('head@alder.sch.example');
      await page
        .getByRole('button', { name: 'Continue to your organisation’s sign-in' })
        .or(page.getByRole('button', { name: "Continue to your organisation's sign-in" }))
        .click();

      // The provider's own pages: its login, then its consent.
      await page.waitForURL((url) => url.origin === issuer, { timeout: 15000 });
      await page.getByPlaceholder('and password').fill('anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForURL(`${baseUrl}/network`, { timeout: 15000 });
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
      expect(me.email).toBe('head@alder.sch.example');
      expect(refused).toEqual([]);
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
