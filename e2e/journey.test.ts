import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../test/smtp-server.js';
import { until } from '../test/until.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DemoResult } from '../src/modules/demo/index.js';
import { createServices, type Services } from '../src/services.js';
import { totpCode, stepAt } from '../src/modules/accounts/totp.js';
import { ADMIN, createUser } from '../test/test-app.js';
import { values } from '../test/factories.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test/test-database.js';
import { ARGS, CHROMIUM } from './chromium.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

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
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `accessibility of ${label}`,
  ).toEqual([]);
}

/** A browser of its own, with a fresh profile (so no session), removed again by `close()`. */
async function launchBrowser(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-chromium-'));
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    bypassCSP: true,
    ...options,
  });
  return {
    context: browser,
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A day this many days before today. */
const daysBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const databases: Array<'pglite' | 'postgres'> = testPostgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(databases)('journeys through the demo system (%s)', (kind) => {
  let database: TestDatabase;
  let services: Services;
  let demo: DemoResult;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let context: BrowserContext;
  let baseUrl: string;
  let userDir: string;
  let credentials: { email: string; password: string };
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    database = await createTestDatabase({ kind });
    services = createServices(database.db);
    demo = await services.demo.load(ADMIN);
    credentials = await createUser(services, { isAdmin: true, email: 'officer@example.test' });
    app = await buildApp({
      config: loadConfig(
        { NODE_ENV: 'test' },
        // Every journey signs in from this one address: the sign-in limit per address has its own tests.
        { dataDir: '(unused)', requireAdminTwoFactor: false, smtpUrl: smtp.url, signInAttemptsPerMinute: 1000 },
      ),
      db: database.db,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-chromium-'));
    // The pages forbid inline script; axe is injected as one, so this browser ignores the CSP.
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      bypassCSP: true,
    });
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

  /**
   * axe-core runs in the page, so not in one with JavaScript turned off: the HTML that page
   * shows is checked at the same address and size in a page of the officer's browser.
   */
  async function expectAccessibleWithoutScript(page: Page, label: string) {
    const html = await page.content();
    const copy = await context.newPage();
    try {
      await copy.setViewportSize(page.viewportSize()!);
      await copy.route(page.url(), (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
      await copy.goto(page.url());
      await expectAccessible(copy, label);
    } finally {
      await copy.close();
    }
  }

  /** The password the demo headteacher chose, once a journey has signed in with the printed one-time password. */
  const HEAD_PASSWORD = 'willow harbour amber field';
  let headChosePassword = false;

  /**
   * Signs the demo headteacher in: the first time with the printed one-time password, choosing
   * a new one (so whichever journey runs first does it), afterwards with the password chosen.
   */
  async function signInAsHead(page: Page) {
    const head = demo.accounts[1]!;
    expect(head.email).toBe('head@demo.syslead.test');
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Email address', { exact: true }).fill(head.email);
    await page.getByLabel('Password').fill(headChosePassword ? HEAD_PASSWORD : head.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    if (headChosePassword) {
      await page.waitForURL(`${baseUrl}/`);
      await expectAccessible(page, 'home of the headteacher');
      return;
    }
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password').fill(head.password);
    await page.getByLabel('New password', { exact: true }).fill(HEAD_PASSWORD);
    await page.getByLabel('Confirm new password').fill(HEAD_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(/\/account\?notice=password-changed$/);
    headChosePassword = true;
    await expectAccessible(page, 'account after choosing a password');
  }

  afterAll(async () => {
    await context?.close();
    await app?.close();
    await smtp?.close();
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
    fs.writeFileSync(
      list,
      'urn,name,town,postcode\n990901,Newfield Primary School,Elderbrook,EB1 9AA\n99090,Broken Row School,Elderbrook,EB1 9AB\n',
    );
    await expectAccessible(page, 'imports');
    await page.getByLabel('Kind of file').selectOption('gias-minimal');
    await page.getByLabel('CSV file').setInputFiles(list);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import of new-schools.csv' }).waitFor();
    // The import runs as a job: the page follows it and shows what changed when it ends.
    await page.getByRole('row', { name: /Added 1/ }).waitFor();
    await expect(page.getByRole('cell', { name: 'urn "99090" is not a six-digit URN' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'import result');
    await page.goto(`${baseUrl}/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Background jobs' }).waitFor();
    await expectAccessible(page, 'background jobs');

    await page.getByRole('link', { name: 'Landscape' }).click();
    await page.getByLabel('Count by').selectOption('origin');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { name: /By origin of the role/ }).waitFor();
    await expect(
      page.getByRole('img', { name: 'Roles held by origin of the role' }).evaluate((e) => e.tagName),
    ).resolves.toBe('svg');
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

  it('a parent answers a survey on a phone without JavaScript', async () => {
    const trust = await services.landscape.resolveSelection(ADMIN, 'DEMO-T1');
    const schoolId = trust.ids.find((id) => id !== trust.group!.id)!;
    const survey = await services.surveys.createSurvey(ADMIN, {
      organisationId: schoolId,
      title: 'Parent voice 2025/26',
      audience: 'parents',
      period: '2025/26',
    });
    await services.surveys.addQuestion(ADMIN, survey.id, {
      type: 'scale',
      prompt: 'The school keeps me well informed',
      indicatorName: 'Parents well informed',
    });
    await services.surveys.addQuestion(ADMIN, survey.id, {
      type: 'choice',
      prompt: 'How do you usually hear from the school?',
      options: ['Email', 'Text message', 'Letter home'],
    });
    await services.surveys.addQuestion(ADMIN, survey.id, { type: 'text', prompt: 'What could the school do better?' });
    await services.surveys.openSurvey(ADMIN, survey.id, [schoolId]);
    const token = (await services.surveys.getSurvey(ADMIN, survey.id)).links[0]!.token;

    // A phone that does not run scripts, and no account: the link is all a parent has.
    const phone = await launchBrowser({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${baseUrl}/s/${token}`);
      await page.getByRole('heading', { level: 1, name: 'Parent voice 2025/26' }).waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await expectAccessibleWithoutScript(page, 'survey on a phone');

      await page.getByRole('button', { name: 'Send answers' }).tap();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(1);
      await expect(
        page.getByRole('link', { name: 'Answer at least one question' }).getAttribute('href'),
      ).resolves.toMatch(/^#q\d+$/);
      await expectAccessibleWithoutScript(page, 'survey sent with nothing answered');

      await page
        .getByRole('group', { name: '1. The school keeps me well informed' })
        .getByText('Agree', { exact: true })
        .tap();
      await page
        .getByRole('group', { name: '2. How do you usually hear from the school?' })
        .getByText('Text message', { exact: true })
        .tap();
      await expect(page.getByRole('radio', { name: 'Agree', exact: true }).isChecked()).resolves.toBe(true);
      await expect(page.getByRole('radio', { name: 'Text message' }).isChecked()).resolves.toBe(true);
      await page
        .getByLabel('3. What could the school do better?')
        .fill('Send the newsletter a little earlier in the week');
      await page.getByRole('button', { name: 'Send answers' }).tap();
      await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
      await expectAccessibleWithoutScript(page, 'thank you');

      await page.goto(`${baseUrl}/s/${token}`);
      await page.getByText('You have already answered this survey').waitFor();
      await expect(page.getByRole('button', { name: 'Send answers' }).count()).resolves.toBe(0);
      await expectAccessibleWithoutScript(page, 'survey already answered');
    } finally {
      await phone.close();
    }

    const results = await services.surveys.results(ADMIN, survey.id);
    expect(
      results.organisations.map((o) => ({
        organisationId: o.organisationId,
        respondents: o.respondents,
        withheld: o.withheld,
      })),
    ).toEqual([{ organisationId: schoolId, respondents: 1, withheld: true }]);
  });

  it('a headteacher sees on one page, on a phone, how the school is doing and what is asked of them this week', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await phone.context.newPage();
      await signInAsHead(page);
      await page.goto(`${baseUrl}/`);
      await page.getByRole('heading', { level: 1, name: 'For you' }).waitFor();
      // One heading per card, each card's items a list; nothing wider than the phone.
      const cards = (await page.getByRole('heading', { level: 2 }).allTextContents()).map((h) => h.trim());
      expect(cards).toEqual(
        expect.arrayContaining([
          'Needs your answer',
          'Your school and your partnership',
          'What changed since your last visit',
        ]),
      );
      const answer = page.getByRole('region', { name: 'Needs your answer' });
      await answer
        .getByRole('link', { name: /offer of help with maths .*: choose who helps/ })
        .first()
        .waitFor();
      await expect(
        page.getByRole('region', { name: 'Your school and your partnership' }).getByRole('listitem').count(),
      ).resolves.toBeGreaterThan(3);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await expectAccessible(page, 'home of the headteacher on a phone');
      await answer
        .getByRole('link', { name: /choose who helps/ })
        .first()
        .tap();
      await page.getByRole('heading', { level: 1, name: 'Request for help: Maths' }).waitFor();
    } finally {
      await phone.close();
    }
  });

  it('the head of a school asked for help hears of it on home, in a notification and by email, offers, and the asking head sees the offer on their home', async () => {
    const asked = demo.accounts.find((a) => a.email === 'maths@demo.syslead.test')!;
    // The email came from the demo's request, sent by a job once the server started.
    const mail = await until('an email to the asked head', async () =>
      smtp.received.find((m) => m.to.includes(asked.email) && / asks for help with maths$/.test(m.subject)),
    );
    const requestPath = /http:\/\/localhost:\d+(\/support\/requests\/\d+)/.exec(mail.text)![1]!;
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('Email address', { exact: true }).fill(asked.email);
      await page.getByLabel('Password').fill(asked.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.getByLabel('Current password').fill(asked.password);
      await page.getByLabel('New password', { exact: true }).fill('slate orchard copper kite');
      await page.getByLabel('Confirm new password').fill('slate orchard copper kite');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.waitForURL(/\/account\?notice=password-changed$/);
      await page.goto(`${baseUrl}/`);
      const answer = page.getByRole('region', { name: 'Needs your answer' });
      await answer.locator(`a[href="${requestPath}"]`).first().waitFor();
      await expectAccessible(page, 'home of the asked head');
      await page
        .getByRole('link', { name: /^Notifications \d+ unread$/ })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await page.getByRole('link', { name: mail.subject }).waitFor();
      await expectAccessible(page, 'notifications');
      await page.getByRole('link', { name: mail.subject }).click();
      await page.waitForURL(`${baseUrl}${requestPath}`);
      await page.locator('#days').fill('2');
      await page.locator('#message').fill('Our maths lead can visit twice this half term.');
      await page.getByRole('button', { name: 'Offer help', exact: true }).click();
      await page.getByRole('heading', { level: 3, name: /: 2 days/ }).waitFor();
      await page.goto(`${baseUrl}/account/notifications`);
      await page.getByRole('heading', { level: 1, name: 'How you hear of things' }).waitFor();
      await expectAccessible(page, 'choices of how to hear of things');
    } finally {
      await browser.close();
    }
    const asking = await launchBrowser();
    try {
      const page = await asking.context.newPage();
      await signInAsHead(page);
      await page.goto(`${baseUrl}/`);
      const answer = page.getByRole('region', { name: 'Needs your answer' });
      await answer.locator(`a[href="${requestPath}"]`).first().waitFor();
      await expectAccessible(page, 'home of the asking head, with the offer');
    } finally {
      await asking.close();
    }
  });

  it('a headteacher invites a colleague, who joins from the emailed link with a password of their own and lands on a home that shows their school', async () => {
    const head = await launchBrowser();
    const colleague = await launchBrowser();
    try {
      const page = await head.context.newPage();
      await signInAsHead(page);
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      await page.getByRole('heading', { name: 'People with accounts' }).waitFor();
      await expectAccessible(page, 'people with accounts');
      await page.getByRole('button', { name: 'Make the invitation' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page, 'an invitation with a problem');
      await page.getByLabel('Email address', { exact: true }).fill('new.deputy@example.test');
      await page.getByLabel(/Member: also sees/).check();
      await page.getByRole('button', { name: 'Make the invitation' }).click();
      const shown = (await page.locator('#invitation-link').textContent())!.trim();
      await expectAccessible(page, 'the invitation made');
      // The same link reaches the colleague by email, sent by a job.
      const mail = await until('the colleague’s invitation email', async () =>
        smtp.received.find((m) => m.to.includes('new.deputy@example.test')),
      );
      const link = /(http:\/\/\S+\/invitations\/\S+)/.exec(mail.text)![1]!;
      expect(link).toBe(shown);

      const invited = await colleague.context.newPage();
      await invited.goto(`${baseUrl}${new URL(link).pathname}`);
      await invited.getByRole('heading', { name: /^Join / }).waitFor();
      await expectAccessible(invited, 'an invitation’s page');
      await invited.getByLabel('Your name').fill('Dana Deputy');
      await invited.getByLabel('Password', { exact: true }).fill('copper lantern meadow');
      await invited.getByLabel('Confirm password').fill('copper lantern meadow');
      await invited.getByRole('button', { name: 'Create my account and join' }).click();
      await invited.waitForURL(`${baseUrl}/`);
      // Home shows the colleague's school, which they now belong to.
      await invited.getByText(demo.accounts[1]!.leads!.split(',')[0]!.trim()).first().waitFor();
      await expectAccessible(invited, 'the start page of the colleague who joined');
    } finally {
      await head.close();
      await colleague.close();
    }
  });

  it('a headteacher opens the trust’s group results and its shared strengths and needs', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signInAsHead(page);

      await page.getByRole('link', { name: 'Group results' }).click();
      await page.getByLabel('Group', { exact: true }).fill('DEMO-T1');
      await page.getByRole('button', { name: 'Show' }).click();
      const results = page.getByRole('table', { name: 'Results as one group' });
      await results.waitFor();
      expect(new URL(page.url()).searchParams.get('scope')).toBe('DEMO-T1');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Riverside Learning Trust',
      );
      const yours = (await results.getByRole('columnheader').allTextContents()).map((h) => h.trim()).indexOf('Yours');
      const absenceRow = results
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: 'Overall absence', exact: true }) });
      await expect(absenceRow.locator('th, td').nth(yours).textContent()).resolves.toMatch(/\d/);
      await expectAccessible(page, 'group results');

      await absenceRow.getByRole('link', { name: 'Overall absence', exact: true }).click();
      await page.waitForURL(/indicator=absence-overall-percent#detail$/);
      await page.getByRole('heading', { level: 2, name: 'Overall absence' }).waitFor();
      await expect(
        page.getByRole('img', { name: 'Overall absence, 2022/23 to 2024/25' }).evaluate((e) => e.tagName),
      ).resolves.toBe('svg');
      const trend = page.getByRole('table', { name: 'Trend of overall absence' });
      await expect(trend.getByRole('rowheader').allTextContents()).resolves.toEqual(['2022/23', '2023/24', '2024/25']);
      await page.getByRole('heading', { name: 'Members’ values in 2024/25' }).waitFor();
      await expectAccessible(page, 'group results with the trend of overall absence');

      await page.getByRole('link', { name: 'Shared strengths and shared needs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Shared strengths and shared needs' }).waitFor();
      // Each pattern is a heading in the list that follows its section's heading.
      await expect(
        page
          .locator('#strengths + ul')
          .getByRole('heading', { name: /^Overall absence \(/ })
          .count(),
      ).resolves.toBe(1);
      await expect(
        page
          .locator('#needs + ul')
          .getByRole('heading', { name: /^Key stage 2 maths progress \(/ })
          .count(),
      ).resolves.toBe(1);
      await expect(
        page
          .locator('#needs + ul')
          .getByRole('heading', { name: /^Overall absence \(/ })
          .count(),
      ).resolves.toBe(0);
      await expectAccessible(page, 'shared strengths and needs');
    } finally {
      await browser.close();
    }
  });

  it('A headteacher states a need, asks two schools, accepts an offer, and runs the engagement', async () => {
    const head = demo.accounts[1]!;
    const school = head.leads!;
    const headsBrowser = await launchBrowser();
    const helpersBrowser = await launchBrowser();
    try {
      const page = await headsBrowser.context.newPage();
      await signInAsHead(page);

      await page.getByRole('link', { name: 'Support', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Support' }).waitFor();
      await page.getByRole('heading', { level: 2, name: `Needs of ${school}` }).waitFor();
      await expectAccessible(page, 'support');

      // The form, not a suggestion: what the results suggest may change with the demo data.
      await page.locator('#area').selectOption('maths');
      await page.getByRole('button', { name: 'State need and see who could help' }).click();
      await page.waitForURL(/\/support\/needs\/\d+$/);
      await page.getByRole('heading', { level: 1, name: 'Need: Maths' }).waitFor();
      const matches = page.getByRole('table', { name: 'Matches, best first: tick the schools to ask' });
      const rows = matches.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(2);
      const scores = (await rows.locator('td.govuk-table__cell--numeric').allTextContents()).map(Number);
      expect(scores.every((score) => Number.isFinite(score))).toBe(true);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const reasons = (await matches.getByRole('listitem').allTextContents()).map((r) => r.trim());
      expect(
        reasons.some((r) => /^Offers help in this area: [\d.]+ days a term$/.test(r)),
        reasons.join('; '),
      ).toBe(true);
      expect(
        reasons.some((r) => /[\d.]+ km away/.test(r)),
        reasons.join('; '),
      ).toBe(true);
      await expectAccessible(page, 'need with its matches');

      const asked: Array<{ id: number; name: string }> = [];
      for (const i of [0, 1]) {
        const row = rows.nth(i);
        const name = (await row.getByRole('rowheader').getByRole('link').textContent())!.trim();
        const box = row.getByRole('checkbox', { name: `Ask ${name}`, exact: true });
        await box.check();
        asked.push({ id: Number(await box.getAttribute('value')), name });
      }
      expect(asked[0]!.id).not.toBe(asked[1]!.id);
      await page
        .locator('#message')
        .fill('Our year 6 maths progress has fallen two years running; we would value a maths lead’s eye.');
      await page.getByRole('button', { name: 'Ask for help' }).click();
      await page.waitForURL(/\/support\/requests\/\d+$/);
      const requestPath = new URL(page.url()).pathname;
      await page.getByRole('heading', { level: 1, name: 'Request for help: Maths' }).waitFor();
      await page.getByText('No offers yet.').waitFor();
      await expectAccessible(page, 'request for help');

      // The leader of the first school asked, in a browser of their own.
      const helper = asked[0]!;
      const leader = { email: 'maths-lead@example.test', password: 'copper lantern meadow river' };
      await services.accounts.createUser({
        email: leader.email,
        name: 'Maths lead',
        isAdmin: false,
        password: leader.password,
      });
      await services.accounts.setMembership(ADMIN, { email: leader.email, organisationId: helper.id, role: 'leader' });
      const helpersPage = await helpersBrowser.context.newPage();
      await helpersPage.goto(`${baseUrl}${requestPath}`);
      expect(new URL(helpersPage.url()).pathname).toBe('/sign-in');
      await expectAccessible(helpersPage, 'sign-in of the helping leader');
      await helpersPage.getByLabel('Email address', { exact: true }).fill(leader.email);
      await helpersPage.getByLabel('Password').fill(leader.password);
      await helpersPage.getByRole('button', { name: 'Sign in', exact: true }).click();
      await helpersPage.waitForURL(`${baseUrl}${requestPath}`);
      await helpersPage.getByRole('heading', { level: 1, name: 'Request for help: Maths' }).waitFor();
      await helpersPage.getByText('we would value a maths lead’s eye').waitFor();
      await expectAccessible(helpersPage, 'request for help seen by an asked school');
      await helpersPage.locator('#organisationId').selectOption(String(helper.id));
      await helpersPage.locator('#days').fill('3');
      await helpersPage.locator('#message').fill('Our maths lead can model lessons and coach your year 6 team.');
      await helpersPage.getByRole('button', { name: 'Offer help', exact: true }).click();
      await helpersPage.getByRole('heading', { level: 3, name: `${helper.name}: 3 days` }).waitFor();
      expect(new URL(helpersPage.url()).pathname).toBe(requestPath);
      await expect(helpersPage.getByText('No offers yet.').count()).resolves.toBe(0);
      // A school offers once: the form is not offered again for it.
      await expect(helpersPage.getByRole('heading', { name: 'Offer help' }).count()).resolves.toBe(0);
      await expect(helpersPage.getByRole('button', { name: 'Offer help' }).count()).resolves.toBe(0);
      await expectAccessible(helpersPage, 'request for help after offering');

      // Back to the headteacher: the offer, and opening the engagement from it.
      await page.reload();
      const card = page
        .locator('.govuk-summary-card')
        .filter({ has: page.getByRole('heading', { level: 3, name: `${helper.name}: 3 days` }) });
      await card.waitFor();
      await expect(card.textContent()).resolves.toContain(
        'Our maths lead can model lessons and coach your year 6 team.',
      );
      await expectAccessible(page, 'request for help with an offer');
      // Accepting is a page of its own, so that nothing typed into its form is lost.
      await card.getByRole('button', { name: `Accept ${helper.name}’s offer` }).click();
      await page.waitForURL(/\/support\/request-offers\/\d+\/accept$/);
      await expectAccessible(page, 'opening form');
      await page.getByLabel('Kind of engagement').selectOption('school-to-school');
      const aims = 'Raise key stage 2 maths progress to at least England’s by summer';
      await page.getByLabel('Aims', { exact: true }).fill(aims);
      await page.getByLabel('Accountable to').fill('The governing board');
      await page
        .getByRole('group', { name: /^Indicators to watch/ })
        .getByLabel('Key stage 2 maths progress')
        .check();
      await page.getByRole('button', { name: 'Accept the offer and open the engagement' }).click();
      await page.waitForURL(/\/engagements\/\d+$/);
      const engagementPath = new URL(page.url()).pathname;
      const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
      expect(title).toContain(helper.name);
      expect(title).toContain(school);
      const mandate = (key: string) =>
        page
          .locator('.govuk-summary-list__row')
          .filter({ has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
          .locator('dd');
      await expect(mandate('Aims').textContent()).resolves.toBe(aims);
      await expect(mandate('Accountable to').textContent()).resolves.toBe('The governing board');
      await expect(mandate('Supported school').textContent()).resolves.toBe(school);
      await expect(mandate('Supporting school').textContent()).resolves.toBe(helper.name);
      const figure = mandate('Key stage 2 maths progress');
      await expect(figure.textContent()).resolves.toMatch(
        /^[−-]?\d+\.\d+ \(\d{4}\/\d{2}\); baseline [−-]?\d+\.\d+ \(\d{4}\/\d{2}\)/,
      );
      const baselinePeriod = /baseline [−-]?[\d.]+ \((\d{4}\/\d{2})\)/.exec((await figure.textContent())!)![1]!;
      expect(['2022/23', '2023/24', '2024/25']).toContain(baselinePeriod);
      await expectAccessible(page, 'engagement');

      await page.getByRole('button', { name: 'Record a check-in' }).click();
      await page.waitForURL(`${baseUrl}${engagementPath}/check-in`);
      await expectAccessible(page, 'check-in form');
      await page
        .getByLabel('What you saw and discussed')
        .fill('Visited two year 6 lessons together; reasoning questions are rarely set.');
      await page.getByLabel('Next steps agreed').fill('Co-plan a reasoning unit before half term');
      await page.getByRole('button', { name: 'Save check-in' }).click();
      await page.getByText('The check-in has been recorded.').waitFor();
      expect(new URL(page.url()).pathname).toBe(engagementPath);
      const checkIn = page
        .locator('#check-ins ~ .govuk-summary-card')
        .filter({ hasText: 'reasoning questions are rarely set' });
      await expect(checkIn.textContent()).resolves.toContain('Next steps: Co-plan a reasoning unit before half term');
      await expectAccessible(page, 'engagement after a check-in');

      await page.getByRole('link', { name: 'Impact so far' }).click();
      await page.waitForURL(`${baseUrl}${engagementPath}/impact`);
      await page.getByRole('heading', { level: 1, name: 'Impact so far' }).waitFor();
      const impact = page.getByRole('table', { name: 'Key stage 2 maths progress by period' });
      await expect(impact.getByRole('columnheader').allTextContents()).resolves.toEqual([
        'Period',
        `${school} (supported)`,
        `${helper.name} (supporting)`,
        'Similar schools not in support',
      ]);
      // Impact is read from the baseline on, and the baseline is the supported school's latest
      // value: of the demo's three years (2022/23 to 2024/25), those from the baseline's.
      const periods = await impact.getByRole('rowheader').allTextContents();
      expect(periods).toEqual(['2022/23', '2023/24', '2024/25'].filter((p) => p >= baselinePeriod));
      const cells = await impact
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())));
      expect(
        cells.some(([supported, supporting]) => /\d/.test(supported!) && /\d/.test(supporting!)),
        JSON.stringify(cells),
      ).toBe(true);
      await expectAccessible(page, 'impact of the engagement');
    } finally {
      await helpersBrowser.close();
      await headsBrowser.close();
    }
  });

  /** A phone: 390 by 844 pixels, touch, with or without JavaScript. */
  const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  /** Signs in on a phone's page through the sign-in page it is sent to, landing where it asked. */
  async function signInOnPhone(page: Page, path: string, user: { email: string; password: string }) {
    await page.goto(`${baseUrl}${path}`);
    await page.getByLabel('Email address', { exact: true }).fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).tap();
    await page.waitForURL(`${baseUrl}${path}`);
  }

  const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  it('a headteacher finds practice from their need, takes it up with an adaptation and a trial, and records its review when due', async () => {
    const head = demo.accounts[1]!;
    const school = head.leads!;
    const need = await database.db
      .selectFrom('needs')
      .innerJoin('organisations', 'organisations.id', 'needs.organisation_id')
      .select('needs.id')
      .where('organisations.name', '=', school)
      .where('needs.area', '=', 'maths')
      .orderBy('needs.id')
      .executeTakeFirstOrThrow();
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signInAsHead(page);
      await page.goto(`${baseUrl}/support/needs/${need.id}`);
      await page.getByRole('link', { name: 'Find practice in maths' }).click();
      await page.getByRole('heading', { level: 1, name: 'Practice library' }).waitFor();
      await expectAccessible(page, 'practice library for a need');
      await page.getByRole('link', { name: 'Reasoning talk in maths' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reasoning talk in maths' }).waitFor();
      // How its trials went elsewhere, before deciding.
      await page.getByText('1 kept it after review, 1 adapted it again, 1 stopped it').waitFor();
      await expectAccessible(page, 'a practice');
      await page.getByRole('link', { name: 'Take up this practice' }).click();
      await page.getByRole('heading', { level: 1, name: 'Take up this practice' }).waitFor();
      await expectAccessible(page, 'taking up a practice');
      // From the school that took it up first (it has kept it), adapted for a younger year group.
      const adopters = (await services.practices.list(ADMIN, { q: 'Reasoning talk' })).items[0]!;
      const practice = await services.practices.get(ADMIN, adopters.id);
      const firstAdopter = practice.adoptions.find((a) => a.judgement === 'keep')!;
      await page.getByRole('radio', { name: firstAdopter.organisationName }).check();
      await page.getByRole('checkbox', { name: 'Who it is for (pupils, year groups, families)' }).check();
      await page.getByLabel('How and why you adapted it').fill('Year 4 first: our reasoning gap opens there.');
      await page.getByRole('checkbox', { name: 'Key stage 2 maths progress' }).check();
      await page.getByRole('button', { name: 'Start the trial' }).click();
      await page.getByText('The trial has started.').waitFor();
      const adoptionId = Number(/\/practices\/adoptions\/(\d+)/.exec(page.url())![1]);
      await expectAccessible(page, 'a trial just started');

      // Six months pass: the test moves the trial's start and review back, as the clock would.
      await database.db
        .updateTable('practice_adoptions')
        .set({ started_on: daysBefore(190), review_on: daysBefore(7) })
        .where('id', '=', adoptionId)
        .execute();
      await page.goto(`${baseUrl}/`);
      const due = page.getByRole('region', { name: 'Due' });
      await due.getByRole('link', { name: `Review the trial of Reasoning talk in maths at ${school}` }).click();
      await page.getByRole('heading', { level: 2, name: 'Review the trial' }).waitFor();
      await page.getByText('The review date has come.').waitFor();
      await page.getByRole('radio', { name: 'Keep it' }).check();
      await page.getByLabel('Why').fill('Pupils explain their methods in full sentences now.');
      await page.getByRole('button', { name: 'Record the judgement' }).click();
      await page.getByText('The judgement is recorded with the figures beside it.').waitFor();
      await page.getByText('Judged: Keep it.').waitFor();
      await expectAccessible(page, 'a trial judged at review');
      await page.goto(`${baseUrl}/`);
      await expect(
        page.getByRole('link', { name: `Review the trial of Reasoning talk in maths at ${school}` }).count(),
      ).resolves.toBe(0);

      // The spread: the school hangs under the one it took the practice from, on the map and in the list.
      await page.goto(`${baseUrl}/practices/${practice.id}`);
      await page.getByRole('link', { name: 'How it spread' }).click();
      await page.getByRole('heading', { level: 1, name: 'How the practice spread' }).waitFor();
      await page.locator('#network-map[data-ready="true"]').waitFor();
      await expect(page.locator('#network-map canvas').count()).resolves.toBeGreaterThan(0);
      const mine = page.locator(`#tree li[data-adoption="${adoptionId}"]`);
      await expect(mine.textContent()).resolves.toContain(`from ${firstAdopter.organisationName}`);
      await expect(mine.textContent()).resolves.toContain('Kept');
      // Nested under the first adopter's own item.
      await expect(
        page.locator(`#tree li[data-adoption="${firstAdopter.id}"] li[data-adoption="${adoptionId}"]`).count(),
      ).resolves.toBe(1);
      await expectAccessible(page, 'the spread of a practice');
    } finally {
      await browser.close();
    }
  });

  it('an executive head records a check-in on a phone in at most three taps from home', async () => {
    const headship = (await services.engagements.list(ADMIN)).find((e) => e.type === 'executive-headship')!;
    const executiveHead = { email: 'executive-head@example.test', password: 'granite orchard willow lamp' };
    await services.accounts.createUser({ ...executiveHead, name: 'Executive head', isAdmin: false });
    await services.accounts.setMembership(ADMIN, {
      email: executiveHead.email,
      organisationId: headship.supportingId,
      role: 'leader',
    });
    const phone = await launchBrowser(PHONE);
    try {
      const page = await phone.context.newPage();
      await signInOnPhone(page, '/', executiveHead);
      // Home says what is due, each check-in linking straight to its form.
      const due = page.getByRole('region', { name: 'Due' });
      await due.locator(`a[href="/engagements/${headship.id}/check-in"]`).first().waitFor();
      expect(await scrollsSideways(page)).toBe(false);
      await expectAccessible(page, 'home of the executive head on a phone');

      let taps = 0;
      await due.locator(`a[href="/engagements/${headship.id}/check-in"]`).first().tap();
      taps++;
      await page.waitForURL(`${baseUrl}/engagements/${headship.id}/check-in`);
      const today = new Date().toISOString().slice(0, 10);
      const [year, month, day] = today.split('-');
      await expect(page.getByLabel('Day').inputValue()).resolves.toBe(day);
      await expect(page.getByLabel('Month').inputValue()).resolves.toBe(month);
      await expect(page.getByLabel('Year').inputValue()).resolves.toBe(year);
      expect(await scrollsSideways(page)).toBe(false);
      await expectAccessible(page, 'check-in form on a phone');
      await page
        .getByLabel('What you saw and discussed')
        .fill('Met the new leadership team; behaviour is calmer at lunch.');
      await page.getByLabel('Next steps agreed').fill('Governors to visit before half term');
      await page.getByRole('button', { name: 'Save check-in' }).tap();
      taps++;

      await page.getByText('The check-in has been recorded.').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/engagements/${headship.id}`);
      expect(taps).toBeLessThanOrEqual(3);
      await expect(page.locator('#next-check-in').textContent()).resolves.toContain('Next check-in due by');
      await expect(page.locator('#check-ins ~ .govuk-summary-card').first().textContent()).resolves.toContain(
        'behaviour is calmer at lunch',
      );
      await expectAccessible(page, 'engagement on a phone after a check-in');
    } finally {
      await phone.close();
    }
  });

  /** The password each demo account chose on its first sign-in in these journeys, by email. */
  const chosenPasswords = new Map<string, string>();

  /**
   * Signs a demo account in, as `signInAsHead` does the headteacher: the first time with the
   * printed one-time password, choosing `chosen`; afterwards with the password chosen.
   */
  async function signInAsDemo(page: Page, email: string, chosen: string) {
    const account = demo.accounts.find((a) => a.email === email)!;
    const password = chosenPasswords.get(email);
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password').fill(password ?? account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    if (password) {
      await page.waitForURL(`${baseUrl}/`);
      return;
    }
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('Confirm new password').fill(chosen);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(/\/account\?notice=password-changed$/);
    chosenPasswords.set(email, chosen);
  }

  it('a deputy head assesses themselves, hears from six raters, plans to co-lead a network and agrees a mentor the network suggests', async () => {
    const deputyEmail = 'deputy@demo.syslead.test';
    const nleEmail = 'nle@demo.syslead.test';
    const mentorName = 'Demo National Leader of Education';
    const deputyName = 'Demo deputy headteacher';
    const framework = 'Capabilities of system leaders';
    const components = [
      'Commitment to every learner',
      'Turning vision into programmes',
      'Every child inspired and challenged',
      'Clear, consistent teaching quality',
      'Pupils as active learners',
      'Parents and communities involved',
      'Professional learning communities',
      'An evidence-based school',
      'Learning across a network',
      'Capacity for system roles',
    ];
    const scale = ['Starting out', 'Developing', 'Established', 'Leading others in it'];
    const deputyBrowser = await launchBrowser();
    const ratersBrowser = await launchBrowser();
    const mentorBrowser = await launchBrowser();
    try {
      const page = await deputyBrowser.context.newPage();
      await signInAsDemo(page, deputyEmail, 'heather lantern copper brook');

      // Self-assessment against the capabilities of system leaders, from the development hub.
      await page.goto(`${baseUrl}/development`);
      await page.getByRole('heading', { level: 1, name: 'Your development' }).waitFor();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: framework, exact: true }) });
      await expect(row.textContent()).resolves.toContain('Not yet');
      await expectAccessible(page, 'development hub of the deputy');
      await row.getByRole('link', { name: `Assess yourself against ${framework}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Assess yourself' }).waitFor();
      await expectAccessible(page, 'self-assessment form');
      const own = [2, 3, 2, 3, 2, 2, 2, 3, 1, 1];
      for (const [i, component] of components.entries())
        await page
          .getByRole('group', { name: component, exact: true })
          .getByRole('radio', { name: scale[own[i]! - 1]!, exact: true })
          .check();
      await page
        .getByLabel('Evidence for Commitment to every learner (optional)')
        .fill('Led our key stage 2 team through a year of catch-up reading.');
      await page.getByRole('button', { name: 'Save the assessment' }).click();
      await page.getByText('Your self-assessment has been saved.').waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/development\/frameworks\/\d+\/profile$/);
      await expectAccessible(page, 'profile after a self-assessment');

      // A round of 360 feedback: six raters ticked from the suggestions of the deputy's ties.
      await page.goto(`${baseUrl}/feedback`);
      await page.getByRole('heading', { level: 1, name: 'Your 360 feedback' }).waitFor();
      await expectAccessible(page, '360 feedback of the deputy');
      await page.getByRole('button', { name: 'Start a round' }).click();
      await page.getByRole('heading', { level: 1, name: 'Start a round of 360 feedback' }).waitFor();
      await expectAccessible(page, 'start a round of 360 feedback');
      await page.getByLabel('Framework', { exact: true }).selectOption({ label: framework });
      await page.getByLabel('Title (optional)').fill('Feedback before leading beyond our school');
      const [year, month, day] = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10).split('-');
      await page.getByLabel('Day').fill(day!);
      await page.getByLabel('Month').fill(month!);
      await page.getByLabel('Year').fill(year!);
      await page.getByRole('button', { name: 'Start the round' }).click();
      await page.getByRole('heading', { level: 1, name: 'Whom to ask' }).waitFor();
      const roundId = Number(/\/feedback\/(\d+)\/raters/.exec(page.url())![1]);
      await expectAccessible(page, 'whom to ask, with suggestions from ties');
      // The demo's ties suggest more than six (peers of the Riverside schools, and partners of
      // the school's own partnerships), so all six are ticked from the suggestions and none typed:
      // four peers and two of a partner organisation.
      const suggested = page.getByRole('group', { name: 'Suggested from your ties' });
      const peers = suggested.getByRole('checkbox', { name: / — Peer$/ });
      const partners = suggested.getByRole('checkbox', { name: / — Partner school$/ });
      expect(await peers.count()).toBeGreaterThanOrEqual(4);
      expect(await partners.count()).toBeGreaterThanOrEqual(2);
      const nameOf = async (box: ReturnType<Page['locator']>) =>
        (
          (await box.getAttribute('aria-label')) ??
          (await page.locator(`label[for="${await box.getAttribute('id')}"]`).textContent())!
        )
          .split(' — ')[0]!
          .trim();
      const chosen: Array<{ name: string; group: 'peer' | 'partner' }> = [];
      for (const i of [0, 1, 2, 3]) {
        await peers.nth(i).check();
        chosen.push({ name: await nameOf(peers.nth(i)), group: 'peer' });
      }
      for (const i of [0, 1]) {
        await partners.nth(i).check();
        chosen.push({ name: await nameOf(partners.nth(i)), group: 'partner' });
      }
      await page.getByRole('button', { name: 'Ask them for feedback' }).click();
      await page.getByText('6 people have been asked.').waitFor();
      // Each rater's private link, shown this once.
      const links = new Map<string, string>();
      for (const { name } of chosen) {
        const entry = page.locator('.govuk-summary-list__row').filter({ has: page.locator('dt', { hasText: name }) });
        links.set(name, (await entry.getByRole('link').getAttribute('href'))!);
      }
      expect(new Set(links.values()).size).toBe(6);
      await expectAccessible(page, 'raters asked, with their links');

      // Four answer, without an account: three peers (a group shown) and one partner (withheld).
      const answering = [
        ...chosen.filter((c) => c.group === 'peer').slice(0, 3),
        chosen.find((c) => c.group === 'partner')!,
      ];
      const comments = [
        'Listens first, then brings the right people into the room.',
        'Could say no to a few more requests from other schools.',
        '',
        'Our families felt heard when the two services planned together.',
      ];
      for (const [r, rater] of answering.entries()) {
        await ratersBrowser.context.clearCookies();
        const answer = await ratersBrowser.context.newPage();
        await answer.goto(`${baseUrl}${new URL(links.get(rater.name)!).pathname}`);
        await answer.getByRole('heading', { level: 1, name: 'Feedback before leading beyond our school' }).waitFor();
        await answer.getByText(`Feedback for ${deputyName}`).waitFor();
        if (r === 0) await expectAccessible(answer, 'a rater’s private feedback page');
        for (const [i, component] of components.entries())
          await answer
            .getByRole('group', { name: component, exact: true })
            .getByRole('radio', { name: scale[(r + i) % 4]!, exact: true })
            .check();
        if (comments[r]) await answer.getByLabel('Anything you would like to add (optional)').fill(comments[r]!);
        await answer.getByRole('button', { name: 'Send feedback' }).click();
        await answer.getByRole('heading', { level: 1, name: 'Thank you for your feedback' }).waitFor();
        if (r === 0) await expectAccessible(answer, 'thanks for the feedback');
        await answer.close();
      }

      // Results once the round is closed: peers shown, the one partner withheld, all others pooled from peers.
      await page.goto(`${baseUrl}/feedback/${roundId}`);
      await page.getByText('4 of 6 asked').waitFor();
      await page.getByText('Results are shown once the round closes').waitFor();
      await expectAccessible(page, 'an open round');
      await page.getByRole('button', { name: 'Close the round' }).click();
      await page.getByRole('heading', { name: 'Close this round of feedback?' }).waitFor();
      await expectAccessible(page, 'close the round?');
      await page.getByRole('button', { name: 'Close the round' }).click();
      await page.waitForURL(`${baseUrl}/feedback/${roundId}?saved=closed`);
      await page.getByText('The round has closed.').waitFor();
      const groups = (await page.locator('h2:text-is("Results") + p + ul.govuk-list > li').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
      expect(groups).toEqual([
        'Peers: 3 answered',
        'Partner schools: Withheld: fewer than 3 answered',
        'All others: 3 answered',
      ]);
      const table = page.getByRole('table', { name: 'Mean rating per component, by group' });
      await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
        'Component',
        'You',
        'Peers',
        'Partner schools',
        'All others',
      ]);
      const first = table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /^Commitment to every learner/ }) });
      // You 2; peers rated 1, 2 and 3 (mean 2); the partner's rating is withheld.
      await expect(first.locator('td').evaluateAll((tds) => tds.map((td) => td.textContent!.trim()))).resolves.toEqual([
        '2',
        '2',
        'Withheld',
        '2',
      ]);
      // Comments of the shown group only: the partner's is not among them.
      await page.getByText('Listens first, then brings the right people into the room.').waitFor();
      await expect(page.getByText('Our families felt heard').count()).resolves.toBe(0);
      await expectAccessible(page, '360 results with a group withheld');

      // A plan whose action opens a co-leadership role in a network of the deputy's school.
      await page.goto(`${baseUrl}/plans`);
      await page.getByRole('heading', { level: 1, name: 'Your development plans' }).waitFor();
      await expectAccessible(page, 'development plans of the deputy');
      await page.getByRole('button', { name: 'Start a plan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Start a development plan' }).waitFor();
      await expectAccessible(page, 'start a development plan');
      await page.getByLabel('Title', { exact: true }).fill('Towards leading across schools');
      await page.getByLabel('What you are aiming at (optional)').fill('A system role in the trust within two years');
      await page.getByRole('button', { name: 'Save the plan' }).click();
      await page.getByText('Your plan has been saved.').waitFor();
      const planPath = new URL(page.url()).pathname;
      await expectAccessible(page, 'a new plan');
      await page.getByRole('button', { name: 'Add a goal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add a goal' }).waitFor();
      await expectAccessible(page, 'add a goal');
      const goal = 'Learn to lead work that several schools share';
      await page.getByLabel('The goal', { exact: true }).fill(goal);
      const ofCapabilities = page.getByRole('group', { name: `Components of “${framework}” it is about (optional)` });
      await ofCapabilities.getByLabel('Learning across a network', { exact: true }).check();
      await ofCapabilities.getByLabel('Capacity for system roles', { exact: true }).check();
      await page.getByRole('button', { name: 'Add the goal' }).click();
      await page.getByText('The goal has been added.').waitFor();
      await page.getByRole('link', { name: `Add an action towards “${goal}”` }).click();
      await page.getByRole('heading', { level: 1, name: 'Add an action' }).waitFor();
      await expectAccessible(page, 'add an action');
      await page.getByLabel('What you will do').fill('Co-lead the reading network’s termly meetings');
      await page.getByRole('radio', { name: 'Co-lead a network', exact: true }).check();
      const networks = page.getByLabel('Network or partnership your school belongs to');
      const network = (await networks.locator('option').nth(1).textContent())!.trim();
      await networks.selectOption({ label: network });
      await page.getByRole('button', { name: 'Add the action' }).click();
      await page.getByText('The action has been added.').waitFor();
      const record = page
        .locator('.govuk-summary-list__row')
        .filter({ has: page.locator('dt', { hasText: /^Record$/ }) })
        .locator('dd');
      await expect(record.textContent()).resolves.toContain(`at ${network}`);
      await expect(record.textContent()).resolves.toContain('Held since');
      await expectAccessible(page, 'an action linked to its role');
      // The role is in the landscape: on the deputy's person page, and in the role assignments.
      const roleLink = record.getByRole('link');
      const roleText = (await roleLink.textContent())!.trim();
      await roleLink.click();
      await page.waitForURL(/\/people\/\d+$/);
      await page.getByText(network).first().waitFor();
      await expectAccessible(page, 'the deputy in the landscape, with the role');
      const personId = Number(/\/people\/(\d+)$/.exec(page.url())![1]);
      const roles = (await services.landscape.listRoleAssignments(ADMIN, { personId, perPage: 200 })).items;
      expect(
        roles.filter((r) => r.current && r.roleCode === 'network-co-leader' && r.organisationName === network),
        roleText,
      ).toHaveLength(1);

      // A mentor the network suggests for the goal's components.
      await page.goto(`${baseUrl}${planPath}`);
      await page.getByRole('link', { name: 'Find a mentor for this goal' }).click();
      await page.getByRole('heading', { level: 1, name: 'Find a mentor' }).waitFor();
      expect(new URL(page.url()).searchParams.get('components')).toMatch(/^\d+,\d+$/);
      const suggestion = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { level: 3, name: mentorName }) });
      await expect(suggestion.textContent()).resolves.toContain(
        'Offers experience in Learning across a network and Capacity for system roles',
      );
      await expectAccessible(page, 'suggested mentors');
      await suggestion.getByLabel(`Let ${mentorName} read my development record`).check();
      await suggestion.getByRole('button', { name: `Ask to be mentored by ${mentorName}` }).click();
      await page.getByText('Your proposal has been sent.').waitFor();
      const relationPath = new URL(page.url()).pathname;
      await expect(page.locator('.govuk-summary-list .govuk-tag').textContent()).resolves.toBe('Proposed');
      await expectAccessible(page, 'a mentoring proposed');

      // The mentor hears of it on home, and agrees.
      const mentor = await mentorBrowser.context.newPage();
      await signInAsDemo(mentor, nleEmail, 'quarry willow saffron lane');
      await mentor.goto(`${baseUrl}/`);
      const answer = mentor.getByRole('region', { name: 'Needs your answer' });
      await answer.getByRole('link', { name: `${deputyName} asks you to mentor them` }).click();
      await mentor.waitForURL(`${baseUrl}${relationPath}`);
      await mentor.getByRole('heading', { level: 1, name: `Mentoring with ${deputyName}` }).waitFor();
      await expectAccessible(mentor, 'a mentoring proposal for the mentor');
      await mentor.getByRole('button', { name: 'Agree to the mentoring' }).click();
      await mentor.getByText('The mentoring is agreed.').waitFor();
      await expect(mentor.locator('.govuk-summary-list .govuk-tag').textContent()).resolves.toBe('Agreed');
      await mentor.goto(`${baseUrl}/mentoring`);
      const mentees = mentor.getByRole('table', { name: 'Your mentees' });
      await expect(
        mentees.getByRole('row').filter({ hasText: deputyName }).locator('td').first().textContent(),
      ).resolves.toBe('Agreed');
      await expectAccessible(mentor, 'mentoring of the mentor');

      // And the deputy reads it agreed too.
      await page.goto(`${baseUrl}/mentoring`);
      const mentors = page.getByRole('table', { name: 'Your mentors' });
      await expect(
        mentors.getByRole('row').filter({ hasText: mentorName }).locator('td').first().textContent(),
      ).resolves.toBe('Agreed');
      await expectAccessible(page, 'mentoring of the deputy');
      await page.goto(`${baseUrl}${relationPath}`);
      await expect(page.locator('.govuk-summary-list .govuk-tag').textContent()).resolves.toBe('Agreed');
    } finally {
      await mentorBrowser.close();
      await ratersBrowser.close();
      await deputyBrowser.close();
    }
    // Three people, four raters and some forty pages: longer than one journey's usual two minutes.
  }, 300_000);

  it('a coordinator records a decision against advice with its expected effect on persistent absence; it escalates to the council, comes due, and the board confirms it on the figures; a pupil forum’s recommendation is answered', async () => {
    const officerEmail = 'la@demo.syslead.test';
    const headEmail = 'head@demo.syslead.test';
    const db = database.db;
    const forumNamed = async (name: string) =>
      (
        await db
          .selectFrom('organisations')
          .select('id')
          .where('kind', '=', 'forum')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    const board = await forumNamed('Elderbrook Partnership Board');
    const pupils = await forumNamed('Elderbrook Pupil Forum');
    const borough = demo.accounts.find((a) => a.email === officerEmail)!.leads!;
    const head = demo.accounts.find((a) => a.email === headEmail)!;
    const school = (await services.landscape.listOrganisations(ADMIN, { perPage: 500 })).items.find(
      (o) => o.name === head.leads,
    )!;
    // The headteacher runs the pupil forum for the borough.
    await services.accounts.setMembership(ADMIN, { email: headEmail, organisationId: pupils, role: 'leader' });
    const title = 'Attendance mentors in every school';
    const officerBrowser = await launchBrowser();
    const headBrowser = await launchBrowser();
    try {
      const officer = await officerBrowser.context.newPage();
      await signInAsDemo(officer, officerEmail, 'harbour lantern maple stone');

      // From the governance page to the board's decisions log, and a proposal aimed at an outcome.
      await officer.goto(`${baseUrl}/governance`);
      await officer.getByRole('link', { name: borough }).first().click();
      await officer.getByRole('heading', { name: 'Every child in school, every day' }).first().waitFor();
      await expectAccessible(officer, 'a partnership’s shared outcomes');
      await officer.goto(`${baseUrl}/forums/${board}/decisions/new`);
      await officer.getByLabel('What the proposal is called').fill(title);
      await officer
        .getByLabel('The proposal', { exact: true })
        .fill('Every school names a mentor for pupils persistently absent.');
      await officer.getByLabel('Every child in school, every day').check();
      await officer.getByRole('button', { name: 'Record the proposal' }).click();
      await officer.waitForURL(/\/decisions\/\d+\?saved=proposed$/);
      const decisionPath = new URL(officer.url()).pathname;

      // Advice is sought first: the advisory board opposes it.
      await officer.getByLabel('Who gave the advice').fill('Elderbrook Headteachers’ Advisory Board');
      await officer
        .getByLabel('The forum they speak for')
        .selectOption({ label: 'Elderbrook Headteachers’ Advisory Board' });
      await officer.getByLabel('Opposes it').check();
      await officer.getByLabel('Their advice').fill('Schools have no one free to mentor; fund the time first.');
      const today = new Date().toISOString().slice(0, 10);
      const [year, month, day] = today.split('-');
      await officer.locator('#givenOn-day').fill(String(Number(day)));
      await officer.locator('#givenOn-month').fill(String(Number(month)));
      await officer.locator('#givenOn-year').fill(year!);
      await officer.getByRole('button', { name: 'Record the advice' }).click();
      await officer.getByText('Schools have no one free to mentor').first().waitFor();

      // The decision, with its expected effect on persistent absence at the headteacher's school, reviewed in two days.
      const review = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).split('-');
      await officer
        .getByLabel('The decision', { exact: true })
        .fill('Every school names an attendance mentor from next term.');
      await officer.getByLabel('Who took it').fill('The partnership board, by majority');
      await officer.locator('#decidedOn-day').fill(String(Number(day)));
      await officer.locator('#decidedOn-month').fill(String(Number(month)));
      await officer.locator('#decidedOn-year').fill(year!);
      await officer.locator('#reviewOn-day').fill(String(Number(review[2])));
      await officer.locator('#reviewOn-month').fill(String(Number(review[1])));
      await officer.locator('#reviewOn-year').fill(review[0]!);
      await officer.getByLabel('Indicator', { exact: true }).first().selectOption({ label: 'Persistent absence' });
      await officer.getByLabel('Measured for').first().selectOption({ label: school.name });
      await officer.getByLabel('The change expected').first().fill('-2');
      await officer.getByRole('button', { name: 'Record the decision' }).click();
      await officer.waitForURL(/\/decisions\/\d+\?saved=decided$/);
      await officer.getByRole('table', { name: 'The effect it expects' }).waitFor();
      await expectAccessible(officer, 'a decision with its advice and expected effect');

      // Taken against the advisory board's advice, it is escalated: it reaches the council, above the board.
      await officer
        .getByLabel(/The matter Elderbrook Headteachers’ Advisory Board raises/)
        .fill('Mentoring without time funded will not happen.');
      await officer.getByRole('button', { name: 'Escalate it for Elderbrook Headteachers’ Advisory Board' }).click();
      await officer.waitForURL(/\/escalations\/\d+\?saved=raised$/);
      await officer.getByText('Elderbrook Borough Council').first().waitFor();
      await officer.goto(`${baseUrl}/`);
      await officer
        .getByRole('link', {
          name: /Answer the matter Elderbrook Headteachers’ Advisory Board escalated to Elderbrook Borough Council/,
        })
        .first()
        .waitFor();

      // The headteacher's pupil forum recommends to the board; the board's chair hears of it and answers.
      const headPage = await headBrowser.context.newPage();
      await headPage.goto(`${baseUrl}/`);
      await headPage.getByLabel('Email address', { exact: true }).fill(headEmail);
      await headPage.getByLabel('Password').fill(headChosePassword ? HEAD_PASSWORD : head.password);
      await headPage.getByRole('button', { name: 'Sign in', exact: true }).click();
      if (!headChosePassword) {
        await headPage.getByRole('heading', { name: 'Choose a new password' }).waitFor();
        await headPage.getByLabel('Current password').fill(head.password);
        await headPage.getByLabel('New password', { exact: true }).fill(HEAD_PASSWORD);
        await headPage.getByLabel('Confirm new password').fill(HEAD_PASSWORD);
        await headPage.getByRole('button', { name: 'Save password' }).click();
        await headPage.waitForURL(/\/account\?notice=password-changed$/);
        headChosePassword = true;
      }
      await headPage.goto(`${baseUrl}/forums/${pupils}`);
      await headPage.getByText('Recommend to Elderbrook Partnership Board').click();
      await headPage.getByLabel('Recommendation', { exact: true }).fill('Water fountains on every floor');
      await headPage.getByLabel('Why, and what it asks (optional)').fill('Pupils queue at one tap at break.');
      await headPage.getByRole('button', { name: 'Send the recommendation' }).click();
      await headPage.getByText('Water fountains on every floor').first().waitFor();
      await until('the board’s chair hears of the recommendation', async () => {
        await officer.goto(`${baseUrl}/notifications`);
        return (await officer.getByText('Water fountains on every floor').count()) > 0;
      });
      await officer.goto(`${baseUrl}/`);
      await officer
        .getByRole('link', { name: /Answer the recommendation of Elderbrook Pupil Forum.*Water fountains/ })
        .first()
        .click();
      await officer.getByLabel('Accepted', { exact: true }).check();
      await officer.getByLabel('What the forum says').fill('Agreed: each school adds fountains this year.');
      await officer.getByRole('button', { name: 'Record the answer' }).click();
      await officer.getByText('Agreed: each school adds fountains this year.').first().waitFor();
      await headPage.goto(`${baseUrl}/forums/${pupils}`);
      await headPage.getByRole('link', { name: 'Water fountains on every floor' }).click();
      await headPage.getByText('Agreed: each school adds fountains this year.').first().waitFor();

      // A new year's figures arrive, and the clock moves past the review date.
      const before = (
        await services.indicators.latestValues(ADMIN, {
          code: 'absence-persistent-percent',
          organisationIds: [school.id],
        })
      ).get(school.id)!;
      await values({ app, services }, 'absence-persistent-percent', [
        { organisationId: school.id, period: '2025/26', value: Math.round((before.value - 2.5) * 10) / 10 },
      ]);
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3 * 86_400_000 });
      try {
        // Days on, the session may have lapsed: sign in again if asked.
        await officer.goto(`${baseUrl}/`);
        if (new URL(officer.url()).pathname === '/sign-in')
          await signInAsDemo(officer, officerEmail, 'harbour lantern maple stone');
        await officer.goto(`${baseUrl}/`);
        await officer
          .getByRole('link', { name: `Review the decision “${title}” of Elderbrook Partnership Board` })
          .click();
        await officer.waitForURL(new RegExp(`${decisionPath}/review$`));
        await officer
          .getByText(/fell from .* so it improved/)
          .first()
          .waitFor();
        await expectAccessible(officer, 'a decision’s review against the figures');
        await officer.getByLabel('Confirm it').check();
        await officer.getByLabel('Why', { exact: true }).fill('Persistent absence fell more than we hoped.');
        await officer.getByRole('button', { name: 'Record the review' }).click();
        await officer
          .getByRole('heading', { name: /Confirm it/ })
          .first()
          .waitFor();
      } finally {
        vi.useRealTimers();
      }
      const row = await db
        .selectFrom('decisions')
        .select('status')
        .where('title', '=', title)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('confirmed');
    } finally {
      await headBrowser.close();
      await officerBrowser.close();
    }
  }, 300_000);

  it('a local-authority officer compares the borough’s health on two days, reads what changed, notes it on the trend, takes a snapshot and prints the report', async () => {
    const officerEmail = 'la@demo.syslead.test';
    const borough = demo.accounts.find((a) => a.email === officerEmail)!.leads!;
    const boroughId = (
      await database.db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'local-authority')
        .where('name', '=', borough)
        .executeTakeFirstOrThrow()
    ).id;
    const days = (
      await database.db
        .selectFrom('health_snapshots')
        .select(['taken_on', 'taken_at'])
        .where('scope_ref', '=', `org:${boroughId}`)
        .orderBy('taken_on')
        .execute()
    ).map((r) => ({ on: new Date(r.taken_on).toISOString().slice(0, 10), at: r.taken_at }));
    expect(days.length).toBeGreaterThanOrEqual(2);
    const inWords = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${iso}T00:00:00Z`),
      );
    const [first, last] = [days[0]!, days[days.length - 1]!];
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signInAsDemo(page, officerEmail, 'harbour lantern maple stone');
      await page.getByRole('link', { name: 'System health' }).first().click();
      await page.getByRole('link', { name: borough }).click();
      await page.getByRole('heading', { level: 1, name: borough }).waitFor();
      await expectAccessible(page, 'a borough’s system health');

      // The two days to compare, chosen from the snapshots kept.
      await page.getByLabel('Earlier day').selectOption(first.on);
      await page.getByLabel('Later day').selectOption(last.on);
      await page.getByRole('button', { name: 'Compare' }).click();
      const changes = page.getByRole('heading', {
        name: `What changed from ${inWords(first.on)} to ${inWords(last.on)}`,
      });
      await changes.waitFor();
      // The board's decision of fifty days ago is among what began between the two days.
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Move the inclusion fund to the borough’s central team' })
        .first()
        .waitFor();
      // Every figure of the view reads on both days, with its change in words.
      const figure = services.health.sections()[0]!.figures[0]!;
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${figure.label}`) }) });
      await row.waitFor();
      expect(await row.getByRole('cell').count()).toBe(3);
      await page.getByRole('heading', { name: /^Maturity: / }).waitFor();

      // A note on the trend, then a snapshot taken now, by the job queue, which replaces today's.
      await page.getByLabel('Add a note').fill('Heads of the borough met at the town hall');
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.getByText('The note has been added to the trend.').waitFor();
      await page.getByRole('listitem').filter({ hasText: 'Heads of the borough met at the town hall' }).waitFor();
      await page.getByRole('button', { name: 'Take a snapshot now' }).click();
      await page.getByText('A snapshot is being taken.').waitFor();
      await until(
        'the snapshot job to replace today’s snapshot',
        async () =>
          (
            await database.db
              .selectFrom('health_snapshots')
              .select('taken_at')
              .where('scope_ref', '=', `org:${boroughId}`)
              .where('taken_on', '=', last.on)
              .executeTakeFirstOrThrow()
          ).taken_at.getTime() > last.at.getTime(),
        60_000,
      );
      expect(
        (
          await database.db
            .selectFrom('health_snapshots')
            .select('id')
            .where('scope_ref', '=', `org:${boroughId}`)
            .execute()
        ).length,
      ).toBe(days.length);

      // The report for governors, with the same comparison.
      await page.getByRole('link', { name: 'Report for governors (print or PDF)' }).click();
      await page.getByRole('heading', { level: 1, name: borough }).waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Heads of the borough met at the town hall' })
        .first()
        .waitFor();
      await expectAccessible(page, 'a borough’s system health report');
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('no page of the main journeys scrolls sideways on a phone, and the menu opens without JavaScript', async () => {
    const need = (await services.brokerage.coverage(ADMIN)).waiting[0]!;
    const helper = (await services.engagements.list(ADMIN))[0]!.supportingId;
    const requestId = await services.brokerage.requestSupport(ADMIN, { needId: need.needId, invite: [helper] });
    const engagement = (await services.engagements.list(ADMIN))[0]!;
    const practice = (await services.practices.list(ADMIN, { q: 'Reasoning talk' })).items[0]!;
    const adoption = (await services.practices.get(ADMIN, practice.id)).adoptions[0]!;
    const demoTrust = (await services.landscape.resolveSelection(ADMIN, 'DEMO-T1')).group!.id;
    const pages = [
      '/',
      '/organisations',
      `/organisations/${need.organisationId}`,
      `/organisations/${need.organisationId}/indicators`,
      '/landscape',
      '/support',
      `/support/needs/${need.needId}`,
      `/support/requests/${requestId}`,
      '/engagements',
      `/engagements/${engagement.id}`,
      `/engagements/${engagement.id}/check-in`,
      `/engagements/${engagement.id}/impact`,
      '/support/coverage',
      '/network',
      '/groups?scope=DEMO-T1',
      '/practices',
      `/practices/${practice.id}`,
      `/practices/${practice.id}/adopt`,
      `/practices/adoptions/${adoption.id}`,
      `/practices/${practice.id}/spread`,
      '/enquiries',
      '/journal',
      '/system-issues',
      '/system-health',
      `/system-health/${demoTrust}`,
      `/system-health/${demoTrust}/report`,
      '/account',
    ];
    // A leader's own development pages: a leader of their own, with a record made through the services.
    const leader = { email: 'growing-leader@example.test', password: 'meadow copper lantern field' };
    await services.accounts.createUser({ ...leader, name: 'Growing leader', isAdmin: false });
    const trust = await services.landscape.resolveSelection(ADMIN, 'DEMO-T1');
    const school = trust.ids.find((id) => id !== trust.group!.id)!;
    const { userId } = await services.accounts.setMembership(ADMIN, {
      email: leader.email,
      organisationId: school,
      role: 'leader',
    });
    const leaderActor = {
      ...ADMIN,
      userId,
      email: leader.email,
      name: 'Growing leader',
      isAdmin: false,
      memberships: [{ organisationId: school, role: 'leader' as const }],
    };
    const capabilities = (await services.development.frameworks(leaderActor)).find(
      (f) => f.code === 'system-leadership-capabilities',
    )!;
    const components = capabilities.domains.flatMap((d) => d.components);
    await services.development.assess(leaderActor, {
      frameworkId: capabilities.id,
      ratings: components.map((c, i) => ({ componentId: c.id, rating: 1 + (i % 4), evidence: '', offered: false })),
    });
    const round = await services.feedback360.start(leaderActor, {
      frameworkId: capabilities.id,
      closesOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    });
    const invited = await services.feedback360.invite(
      leaderActor,
      round.id,
      ['Ana', 'Bo', 'Cy'].map((name) => ({ name, email: `${name.toLowerCase()}@example.test`, relationship: 'peer' })),
    );
    for (const rater of invited)
      await services.feedback360.answer(rater.link.split('/').pop()!, {
        ratings: components.map((c) => ({ componentId: c.id, rating: 3 })),
        comment: null,
      });
    await services.feedback360.close(leaderActor, round.id);
    const plan = await services.plans.create(leaderActor, { title: 'Growing beyond my school', status: 'active' });
    const wanted = components
      .filter((c) => ['do-networks', 'do-capacity-for-system'].includes(c.code))
      .map((c) => c.id);
    const goalId = await services.plans.addGoal(leaderActor, plan.id, {
      text: 'Lead with others',
      componentIds: wanted,
    });
    const { action } = await services.plans.addAction(leaderActor, plan.id, {
      goalId,
      title: 'Read about networks',
      kind: 'reading',
    });
    const nle = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'nle@demo.syslead.test')
      .executeTakeFirstOrThrow();
    const relation = await services.mentoring.propose(leaderActor, { mentorId: nle.id, componentIds: wanted });
    const leaderPages = [
      '/development',
      `/development/frameworks/${capabilities.id}/assess`,
      `/development/frameworks/${capabilities.id}/profile`,
      '/development/frameworks',
      '/development/sharing',
      '/development/offers',
      '/succession',
      '/opportunities',
      '/feedback',
      `/feedback/${round.id}`,
      `/feedback/${round.id}/raters`,
      '/plans',
      `/plans/${plan.id}`,
      `/plans/${plan.id}/actions/new`,
      `/plans/${plan.id}/actions/${action.id}`,
      '/mentoring',
      `/mentoring/find?components=${wanted.join(',')}`,
      `/mentoring/${relation.id}`,
    ];
    for (const javaScriptEnabled of [true, false]) {
      const leaderPhone = await launchBrowser({ ...PHONE, javaScriptEnabled });
      try {
        const page = await leaderPhone.context.newPage();
        await signInOnPhone(page, '/', leader);
        const wide: string[] = [];
        for (const path of leaderPages) {
          await page.goto(`${baseUrl}${path}`);
          expect(new URL(page.url()).pathname, path).toBe(path.split('?')[0]);
          if (await scrollsSideways(page))
            wide.push(`${path}: ${await page.evaluate(() => document.documentElement.scrollWidth)} pixels wide`);
        }
        expect(wide, `a leader's pages ${javaScriptEnabled ? 'with' : 'without'} JavaScript`).toEqual([]);
      } finally {
        await leaderPhone.close();
      }
    }
    for (const javaScriptEnabled of [true, false]) {
      const phone = await launchBrowser({ ...PHONE, javaScriptEnabled });
      try {
        const page = await phone.context.newPage();
        await signInOnPhone(page, '/', credentials);
        const wide: string[] = [];
        for (const path of pages) {
          await page.goto(`${baseUrl}${path}`);
          expect(new URL(page.url()).pathname, path).toBe(path.split('?')[0]);
          if (await scrollsSideways(page))
            wide.push(`${path}: ${await page.evaluate(() => document.documentElement.scrollWidth)} pixels wide`);
        }
        expect(wide, javaScriptEnabled ? 'with JavaScript' : 'without JavaScript').toEqual([]);

        // The header folds its links into a menu that opens with a tap.
        await page.goto(`${baseUrl}/organisations`);
        await expect(page.getByRole('link', { name: 'Engagements', exact: true }).isVisible()).resolves.toBe(false);
        await page.getByText('Menu', { exact: true }).tap();
        await page.getByRole('link', { name: 'Engagements', exact: true }).tap();
        await page.waitForURL(`${baseUrl}/engagements`);
        if (javaScriptEnabled) await expectAccessible(page, 'engagements on a phone, reached through the menu');
        else await expectAccessibleWithoutScript(page, 'engagements on a phone without JavaScript');
      } finally {
        await phone.close();
      }
    }
  });

  it('a school’s designated lead opens a family with consent, builds its team and refers it; the family centre accepts, an administrator breaks the glass and the data protection lead sees it', async () => {
    const SECRET = 'JBSWY3DPEHPK3PXP';
    const kindOf = async (kind: string) =>
      (await services.landscape.listOrganisations(ADMIN, { kind, perPage: 200 })).items.sort((a, b) =>
        a.name.localeCompare(b.name),
      );
    const head = demo.accounts.find((a) => a.email === 'head@demo.syslead.test')!;
    // A school of the demo other than the headteacher's, whose families the demo already holds.
    const school = (await kindOf('school')).find((s) => s.name !== head.leads)!;
    const health = (await kindOf('health'))[0]!;
    const centre = (await kindOf('family-centre'))[0]!;
    /** An account of an organisation with two-factor sign-in on, its key known to the test. */
    const account = async (organisationId: number | undefined, role = 'member', isAdmin = false) => {
      const made = await createUser(services, { isAdmin });
      if (organisationId) await services.accounts.setMembership(ADMIN, { email: made.email, organisationId, role });
      await database.db
        .updateTable('users')
        .set({ totp_secret: SECRET, totp_last_step: null })
        .where('email', '=', made.email)
        .execute();
      const { id } = await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', made.email)
        .executeTakeFirstOrThrow();
      return { ...made, id };
    };
    const designated = await account(school.id);
    const visitor = await account(health.id);
    const centreLeader = await account(centre.id, 'leader');
    const administrator = await account(undefined, 'member', true);
    const dataProtection = await account(school.id);
    // An agency's settings are set by an administrator (or its leader) signed in with two-factor sign-in.
    const asAdministrator = { ...ADMIN, userId: administrator.id, email: administrator.email, via: 'session' as const };
    await services.families.saveSettings(asAdministrator, school.id, {
      dataProtectionLeadEmail: dataProtection.email,
      retentionYears: 6,
    });

    /** Signs in with the password, then the code the app shows now (each code once per account). */
    async function signInWithCode(page: Page, who: { email: string; password: string }, label: string) {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Email address', { exact: true }).fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Enter the code from your app' }).waitFor();
      await expectAccessible(page, `second factor of ${label}`);
      await page.getByLabel('Code', { exact: true }).fill(totpCode(SECRET, stepAt(Date.now())));
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.waitForURL(`${baseUrl}/`);
    }

    /** The family as the lead's browser found it: its reference and its page. */
    const family = { reference: '', path: '' };
    const lead = await launchBrowser();
    try {
      const page = await lead.context.newPage();
      await signInWithCode(page, designated, 'the designated lead');
      await page.goto(`${baseUrl}/families/new`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page, 'opening a family record');
      await page.locator('#organisationId').selectOption(String(school.id));
      await page.getByLabel('Your role in the team').fill('Designated safeguarding lead');
      await page.locator('#child1Name').fill('Rowan Ashby');
      await page.locator('#child1School').selectOption(String(school.id));
      await page.locator('#adult1Name').fill('Tamsin Ashby');
      await page.locator('#adult1Relationship').fill('Mother');
      await page.locator('#outcome-be-healthy').check();
      await page.locator('#need-be-healthy').fill('Missed health checks since the spring');
      await page.locator('#givenBy').selectOption('adult1');
      await page.locator('#purpose').fill('Early help assessment and plan');
      await page.locator('#information-health').check();
      await page.locator('#information-education').check();
      await page.locator('#agencies-health').check();
      await page.locator('#agencies-family-centre').check();
      await page.getByRole('button', { name: 'Open the family record' }).click();
      await page.waitForURL(/\/families\/\d+\?saved=opened$/);
      family.path = new URL(page.url()).pathname;
      const heading = await page.getByRole('heading', { level: 1, name: /^Family FAM-/ }).textContent();
      family.reference = /FAM-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(heading!)![0];
      await page.getByText('Rowan Ashby').first().waitFor();
      await expectAccessible(page, 'the family’s record');

      const members = page.locator('form[action$="/members"]');
      await members.locator('#organisationId').selectOption(String(health.id));
      await members.getByLabel('Their email address').fill(visitor.email);
      await members.getByLabel('Their role in the team').fill('Health visitor');
      await members.getByRole('button', { name: 'Add to the team' }).click();
      await page
        .getByRole('rowheader', { name: /Health visitor/ })
        .first()
        .waitFor();
      await expectAccessible(page, 'the family’s record with its health visitor');

      const referral = page.locator('form[action$="/referrals"]');
      await referral.locator('#toOrganisationId').selectOption(String(centre.id));
      await referral.locator('#outcome').selectOption('be-healthy');
      await referral.getByLabel('What you are asking them to do').fill('A parenting course and help with appointments');
      await referral.getByRole('button', { name: 'Send the referral' }).click();
      await page.getByRole('cell', { name: /A parenting course and help with appointments/ }).waitFor();
      await expectAccessible(page, 'the family’s record with its referral');
    } finally {
      await lead.close();
    }

    // The family centre's leaders hear of it from a background job, naming the family by reference only.
    const title = await until(
      'a notification of the referral to the family centre',
      async () =>
        (await services.notifications.list({ ...ADMIN, userId: centreLeader.id, isAdmin: false }))
          .map((n) => n.title)
          .find((t) => t.includes(`refers family ${family.reference}`)),
      // The queue of events takes one at a time, and the demo's are still ahead of this one.
      90_000,
    );
    const receiving = await launchBrowser();
    try {
      const page = await receiving.context.newPage();
      await signInWithCode(page, centreLeader, 'the family centre’s leader');
      await page.goto(`${baseUrl}/notifications`);
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await expectAccessible(page, 'notifications of the family centre’s leader');
      await page.getByRole('link', { name: title }).click();
      await page.waitForURL(/\/families\/referrals\/\d+$/);
      await page.getByText('A parenting course and help with appointments').waitFor();
      expect(await page.content()).not.toContain('Rowan Ashby');
      await expectAccessible(page, 'the referral to the family centre');
      await page.getByLabel('Accept the referral').check();
      await page.getByLabel('If you accept: your role in the team').fill('Family support worker');
      await page.getByRole('button', { name: 'Send your answer' }).click();
      await page.goto(`${baseUrl}${family.path}`);
      await page.getByText('Rowan Ashby').first().waitFor();
      await page
        .getByRole('rowheader', { name: /Family support worker/ })
        .first()
        .waitFor();
      await expectAccessible(page, 'the family’s record, for the family centre');
    } finally {
      await receiving.close();
    }

    const reason = 'Police report a child of this family missing overnight';
    const glass = await launchBrowser();
    try {
      const page = await glass.context.newPage();
      await signInWithCode(page, administrator, 'the administrator');
      await page.goto(`${baseUrl}/families/break-glass`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page, 'break-glass');
      await page.getByLabel('The family’s reference').fill(family.reference);
      await page.getByLabel('Why you need to see it now').fill(reason);
      await page.getByRole('button', { name: 'Open the record' }).click();
      await page.waitForURL(`${baseUrl}${family.path}`);
      await page.getByText('You are reading this record by break-glass').waitFor();
      await expectAccessible(page, 'the family’s record by break-glass');
    } finally {
      await glass.close();
    }

    const reviewing = await launchBrowser();
    try {
      const page = await reviewing.context.newPage();
      await signInWithCode(page, dataProtection, 'the data protection lead');
      await page.goto(`${baseUrl}/families/reviews`);
      await page.getByRole('heading', { level: 2, name: `Break-glass view of family ${family.reference}` }).waitFor();
      await page.getByText(reason).waitFor();
      await expectAccessible(page, 'the data protection lead’s reviews');
    } finally {
      await reviewing.close();
    }
    // Longer than most: it waits for the queue of events to reach the referral.
  }, 240_000);
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
    const context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      args: ARGS,
      bypassCSP: true,
    });
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
      await page.getByRole('img', { name: 'QR code of the key for your authenticator app' }).waitFor();
      await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, stepAt(Date.now())));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.getByText('Two-factor sign-in is on.').waitFor();
      // Ten recovery codes, shown this once.
      expect(await page.locator('#recovery-codes li').count()).toBe(10);
      await expectAccessible(page, 'recovery codes');
      await page.getByRole('link', { name: 'Syslead', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'For you' }).waitFor();
      // The demo's imports are the administrator's first news.
      await page
        .getByRole('region', { name: 'For administrators' })
        .getByRole('link', { name: /^demo-indicators\.csv/ })
        .waitFor();
      await expectAccessible(page, 'home after first sign-in');
    } finally {
      await context.close();
      await app.close();
      await database.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    }
  });
});
