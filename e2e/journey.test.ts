import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { totpCode, stepAt } from '../src/modules/accounts/totp.js';
import { ADMIN, createUser } from '../test/test-app.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test/test-database.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.SYSLEAD_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page and fails on any serious or critical violation. */
async function expectAccessible(page: Page, label: string) {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `accessibility of ${label}`).toEqual([]);
}

const databases: Array<'pglite' | 'postgres'> = testPostgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(databases)('journeys of a local-authority officer (%s)', (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let context: BrowserContext;
  let baseUrl: string;
  let userDir: string;
  let credentials: { email: string; password: string };

  beforeAll(async () => {
    database = await createTestDatabase({ kind });
    const services = createServices(database.db);
    await services.demo.load(ADMIN);
    credentials = await createUser(services, { isAdmin: true, email: 'officer@example.test' });
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', requireAdminTwoFactor: false }), db: database.db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-chromium-'));
    // The pages forbid inline script; axe is injected as one, so this browser ignores the CSP.
    context = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM, args: ARGS, bypassCSP: true });
  });

  /** A page at `path`, signing in first when this browser has no session yet. */
  async function signedInPage(path: string) {
    const page = await context.newPage();
    await page.goto(`${baseUrl}${path}`);
    if (new URL(page.url()).pathname === '/sign-in') {
      await page.getByLabel('Email address', { exact: true }).fill(credentials.email);
      await page.getByLabel('Password').fill(credentials.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${baseUrl}${path}`);
    }
    return page;
  }

  afterAll(async () => {
    await context?.close();
    await app?.close();
    await database?.close();
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('signs in, finds a school, opens it, adds a relationship and sees it from the other side', async () => {
    const page = await context.newPage();

    await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Email address', { exact: true }).fill(credentials.email);
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expectAccessible(page, 'home');

    await page.getByLabel('Find a school or organisation by name or URN').fill('Primary');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/organisations\?q=Primary/);
    await expectAccessible(page, 'organisation list');
    const schoolLink = page.getByRole('table').getByRole('link').first();
    const schoolName = (await schoolLink.textContent())!.trim();
    await schoolLink.click();
    await page.getByRole('heading', { level: 1, name: schoolName }).waitFor();
    await expectAccessible(page, 'school profile');

    await page.getByRole('link', { name: 'Add a relationship' }).click();
    await expectAccessible(page, 'find the other organisation');
    await page.getByLabel('Name or URN of the other organisation').fill('Food Share');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: 'Elderbrook Food Share' }).click();
    await expectAccessible(page, 'describe the relationship');
    await page.getByLabel('Type of relationship').selectOption('partnership');
    await page.getByLabel('Note').fill('Breakfast club supplies every school day');
    await page.getByRole('button', { name: 'Add relationship' }).click();
    await page.getByText('The relationship has been added.').waitFor();
    await expectAccessible(page, 'school profile after adding');

    const row = page.getByRole('row').filter({ hasText: 'Breakfast club supplies every school day' });
    await row.getByRole('link', { name: 'Elderbrook Food Share', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Elderbrook Food Share' }).waitFor();
    const backRow = page.getByRole('row').filter({ hasText: 'Breakfast club supplies every school day' });
    await expect(backRow.getByRole('link', { name: schoolName, exact: true }).count()).resolves.toBe(1);
    await expect(backRow.textContent()).resolves.toContain('Community');
    await expectAccessible(page, 'partner profile');
  });

  it('imports a new school list, sees what changed, and reads the landscape report', async () => {
    const page = await signedInPage('/imports');
    const list = path.join(userDir, 'new-schools.csv');
    fs.writeFileSync(list, 'urn,name,town,postcode\n990901,Newfield Primary School,Elderbrook,EB1 9AA\n99090,Broken Row School,Elderbrook,EB1 9AB\n');
    await expectAccessible(page, 'imports');
    await page.getByLabel('Kind of file').selectOption('gias-minimal');
    await page.getByLabel('CSV file').setInputFiles(list);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import of new-schools.csv' }).waitFor();
    await expect(page.getByRole('row', { name: /Added 1/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('cell', { name: 'urn "99090" is not a six-digit URN' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'import result');

    await page.getByRole('link', { name: 'Landscape' }).click();
    await page.getByLabel('Count by').selectOption('origin');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { name: /By origin of the role/ }).waitFor();
    await expect(page.getByRole('img').getAttribute('aria-labelledby')).resolves.toBe('chart-title');
    await expectAccessible(page, 'landscape report');
  });

  it('opens the network map, filters by type, focuses on a school and reads the tables', async () => {
    const page = await signedInPage('/network');
    await page.locator('#network-map[data-ready="true"]').waitFor();
    await expect(page.locator('#network-map canvas').count()).resolves.toBeGreaterThan(0);
    await page.getByText('Filter ties and schools').click();
    await page.getByLabel('Support', { exact: true }).check();
    await page.getByLabel('Partnership', { exact: true }).check();
    await page.getByRole('button', { name: 'Show network' }).click();
    await page.locator('#network-map[data-ready="true"]').waitFor();
    expect(new URL(page.url()).searchParams.getAll('type')).toEqual(['support', 'partnership']);
    const school = (await page.locator('#organisations ~ div table tbody tr td a').first().textContent())!.trim();
    await page.getByLabel('Focus on an organisation').fill(school);
    await page.getByLabel('Focus on an organisation').press('Enter');
    await page.getByLabel('Focus on an organisation').dispatchEvent('change');
    await expect(page.locator('#network-status').textContent()).resolves.toContain(`Showing ${school} and`);
    await expectAccessible(page, 'network page with the map and tables');
    await page.getByRole('link', { name: /^Ties \(in, out\)/ }).click();
    await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain('Ties (in, out)');
    await expectAccessible(page, 'network tables sorted by ties');
  });
});

describe('a newcomer signs in to the demo system for the first time', () => {
  it('uses the printed one-time password, chooses a password, sets up two-factor sign-in and reaches the home page', async () => {
    const database = await createTestDatabase({ kind: 'pglite' });
    const demo = await createServices(database.db).demo.load(ADMIN);
    const adminAccount = demo.accounts.find((a) => a.isAdmin)!;
    // Two-factor sign-in is required for administrators, as in a real start.
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)' }), db: database.db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-chromium-'));
    const context = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM, args: ARGS, bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('Email address', { exact: true }).fill(adminAccount.email);
      await page.getByLabel('Password').fill(adminAccount.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await expectAccessible(page, 'choose a new password');
      await page.getByLabel('Current password').fill(adminAccount.password);
      await page.getByLabel('New password', { exact: true }).fill('lantern meadow copper river');
      await page.getByLabel('Confirm new password').fill('lantern meadow copper river');
      await page.getByRole('button', { name: 'Save password' }).click();
      // Straight on to two-factor set-up: nothing else opens until it is done.
      await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
      await expectAccessible(page, 'set up two-factor sign-in');
      const secret = (await page.locator('#totp-secret').getAttribute('data-secret'))!;
      await page.getByLabel('Code').fill(totpCode(secret, stepAt(Date.now())));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.getByText('Two-factor sign-in is on.').waitFor();
      await page.getByRole('link', { name: 'Syslead', exact: true }).click();
      await page.getByRole('heading', { name: 'Your local system' }).waitFor();
      await expectAccessible(page, 'home after first sign-in');
    } finally {
      await context.close();
      await app.close();
      await database.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    }
  });
});
