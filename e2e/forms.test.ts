/**
 * Every form of the product, found by walking the demo system as an administrator and as the
 * demo headteacher, is sent once empty and once with the attack suite's hostile text (script,
 * SQL, tricky Unicode, ten thousand characters). Each time the same form answers with GOV.UK's
 * error summary and a message at each field it names, what was typed is still in the fields, every
 * link of the summary finds its field, and no message holds a pattern, a schema keyword or a
 * field's code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { DemoResult } from '../src/modules/demo/index.js';
import { createServices } from '../src/services.js';
import { ADMIN, createUser } from '../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { ARGS, CHROMIUM } from './chromium.js';

/** Text a hostile visitor types; the last part makes every field too long, so no form can accept it. */
const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(1)>'; drop table organisations; -- \u202eevil\u202c zero\u200bwidth 𝕳𝖊𝖑𝖑𝖔 👋🏽 {{ 7*7 }} \${process.exit()} ../../etc/passwd ${'x'.repeat(10_000)}`;

/** What a validator, not a person, would write: patterns, schema keywords, field codes. */
const MACHINE_WORDS =
  /must match|must be (string|integer|number|boolean|object|array)\b|Expected|pattern|format "|minLength|maxLength|additionalProperties|required property|\^|\$\{|\\[sSdw]|\b[a-z]+[A-Z][a-zA-Z]*\b|\(form\)|\(body\)|undefined|null\b|NaN/;

/**
 * Forms an empty submission may rightly save: every field they ask to type is optional, and their
 * lists start at a real choice (a tie's kind and direction, a need's area).
 */
const ACCEPTED_EMPTY = new Set(['/relationships/:id/edit', '/organisations/:id/relationships', '/support/needs']);

/** Forms the walk must find, so that a page whose form went missing cannot pass unseen. */
const EXPECTED_FORMS = [
  '/organisations',
  '/organisations/:id/edit',
  '/organisations/:id/members',
  '/people',
  '/people/:id/edit',
  '/people/:id/roles',
  '/organisations/:id/relationships',
  '/relationships/:id/edit',
  '/support/needs',
  '/support/offers',
  '/support/needs/:id/requests',
  '/organisations/:id/match-weights',
  '/support/request-offers/:id/accept',
  '/engagements/:id/people',
  '/engagements/:id/actions',
  '/engagements/:id/check-ins',
  '/surveys',
  '/indicators',
  '/accounts/invitations',
  '/account/tokens',
  '/account/password',
  '/practices',
  '/practices/:id/adopt',
  '/practices/:id/resources',
  '/practices/adoptions/:id/review',
  '/enquiries',
  '/journal',
  '/system-issues/:id',
  '/development/sharing',
  '/development/frameworks/:id/assess',
  '/development/frameworks',
  '/feedback',
  '/plans',
  '/mentoring/offer',
  '/succession/towards',
  '/opportunities/:id/interest',
];

/** Pages of figures and reports, which hold no form to type into: left out of the walk, which they would slow. */
const READ_ONLY =
  /^\/(network|landscape|groups|audit|jobs|roles|notifications|s\/)|^\/imports\/\d+|^\/organisations\/\d+\/indicators$|\/(impact|results|spread)$|\.(csv|gexf|graphml|pdf)$/;

/** `/organisations/12/edit` → `/organisations/:id/edit`: one form however many records show it. */
const patternOf = (pathname: string) => pathname.replace(/\/\d+(?=\/|$)/g, '/:id');

const TYPED =
  'input:not([type]), input[type=text], input[type=email], input[type=search], input[type=url], input[type=tel], input[type=number], input[type=password], textarea';

interface FoundForm {
  page: string;
  action: string;
}

describe('every form answers a mistake on the same page, keeping what was typed', () => {
  let database: TestDatabase;
  let demo: DemoResult;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let baseUrl: string;
  const browsers: Array<{ context: BrowserContext; dir: string }> = [];

  beforeAll(async () => {
    database = await createTestDatabase({ kind: 'pglite' });
    const services = createServices(database.db);
    demo = await services.demo.load(ADMIN);
    const admin = await createUser(services, { isAdmin: true, email: 'forms@example.test' });
    app = await buildApp({
      config: loadConfig(
        { NODE_ENV: 'test' },
        { dataDir: '(unused)', requireAdminTwoFactor: false, signInAttemptsPerMinute: 1000 },
      ),
      db: database.db,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    people.push(admin, { email: demo.accounts[1]!.email, password: demo.accounts[1]!.password });
    // Forms reached by a search or from a record the walk might pass by: a tie's form, a need's page.
    const schools = await sql<{
      id: number;
    }>`select id from organisations where kind = 'school' order by id limit 2`.execute(database.db);
    const need = await sql<{ id: number }>`select id from needs order by id limit 1`.execute(database.db);
    const engagement = await sql<{ id: number }>`select id from engagements order by id limit 1`.execute(database.db);
    const practice = await sql<{ id: number }>`select id from practices order by id limit 1`.execute(database.db);
    const capabilities = await sql<{
      id: number;
    }>`select id from frameworks where code = 'system-leadership-capabilities'`.execute(database.db);
    const opportunity = await sql<{ id: number }>`select id from opportunities order by id limit 1`.execute(
      database.db,
    );
    const running = await sql<{
      id: number;
    }>`select id from practice_adoptions where judgement is null order by id limit 1`.execute(database.db);
    // Pages deep in the walk, started from so that the walk's page budget reaches their forms.
    extraStarts.push(
      `/organisations/${schools.rows[0]!.id}/relationships/new?otherId=${schools.rows[1]!.id}`,
      `/support/needs/${need.rows[0]!.id}`,
      `/engagements/${engagement.rows[0]!.id}`,
      '/practices/new',
      `/practices/${practice.rows[0]!.id}/adopt`,
      `/practices/adoptions/${running.rows[0]!.id}`,
      '/enquiries/new',
      '/journal/new',
      '/development/sharing',
      `/development/frameworks/${capabilities.rows[0]!.id}/assess`,
      '/development/frameworks/new',
      '/feedback/new',
      '/plans/new',
      '/mentoring/offer',
      '/succession',
      `/opportunities/${opportunity.rows[0]!.id}`,
    );
  });

  afterAll(async () => {
    for (const b of browsers) {
      await b.context.close();
      fs.rmSync(b.dir, { recursive: true, force: true });
    }
    await app?.close();
    await database?.close();
  });

  const people: Array<{ email: string; password: string }> = [];
  const extraStarts: string[] = [];

  async function browserFor(who: { email: string; password: string }): Promise<BrowserContext> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-forms-'));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS });
    browsers.push({ context, dir });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForLoadState();
    if (new URL(page.url()).pathname === '/account/password') {
      const chosen = 'willow harbour amber field';
      await page.getByLabel('Current password').fill(who.password);
      await page.getByLabel('New password', { exact: true }).fill(chosen);
      await page.getByLabel('Confirm new password').fill(chosen);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.waitForURL(/\/account\?notice=password-changed$/);
      who.password = chosen;
    }
    await page.close();
    return context;
  }

  /** Walks the pages a person can reach (a few of each kind), collecting the forms into which they type. */
  async function walk(context: BrowserContext, starts: string[]): Promise<Map<string, FoundForm>> {
    const forms = new Map<string, FoundForm>();
    const seenPages = new Map<string, number>();
    const queue = [...starts];
    const page = await context.newPage();
    while (queue.length && [...seenPages.values()].reduce((a, b) => a + b, 0) < 200) {
      const next = queue.shift()!;
      const url = new URL(next, baseUrl);
      const kind = patternOf(url.pathname) + (url.search ? '?' : '');
      if ((seenPages.get(kind) ?? 0) >= 2 || READ_ONLY.test(url.pathname)) continue;
      seenPages.set(kind, (seenPages.get(kind) ?? 0) + 1);
      const response = await page.goto(url.toString());
      if (!response || response.status() >= 400 || !response.headers()['content-type']?.includes('text/html')) continue;
      const found = await page.evaluate((typed) => {
        const actions = Array.from(document.querySelectorAll('form'))
          // Read as attributes: a field named "method" or "action" (an enquiry's method) hides the form's own.
          .filter(
            (f) =>
              (f.getAttribute('method') ?? '').toLowerCase() === 'post' &&
              f.getAttribute('enctype') !== 'multipart/form-data',
          )
          .filter((f) => f.querySelector(typed))
          .map((f) => new URL(f.getAttribute('action') ?? '', location.href).pathname);
        const links = Array.from(document.querySelectorAll('a[href]'))
          .map((a) => (a as HTMLAnchorElement).href)
          .filter((href) => href.startsWith(location.origin));
        return { actions, links };
      }, TYPED);
      for (const action of found.actions) {
        const key = patternOf(action);
        if (!forms.has(key)) forms.set(key, { page: url.pathname + url.search, action });
      }
      for (const link of found.links) {
        const target = new URL(link);
        if (/\.(csv|json|pdf)$|^\/(sign-out|api\/)/.test(target.pathname)) continue;
        queue.push(target.pathname + target.search);
      }
    }
    await page.close();
    return forms;
  }

  /** Fills (or empties) every field of the form, sends it, and checks the page that answers. */
  async function send(page: Page, form: FoundForm, value: string) {
    await page.goto(`${baseUrl}${form.page}`);
    const element = page
      .locator(`form[action="${form.action}"]`)
      .filter({ has: page.locator(TYPED) })
      .first();
    const fields = element.locator(TYPED);
    const typed: Array<{ name: string; value: string; secret: boolean }> = [];
    for (let i = 0; i < (await fields.count()); i++) {
      const field = fields.nth(i);
      if (!(await field.isVisible()) || !(await field.isEditable())) continue;
      const type = (await field.getAttribute('type')) ?? 'text';
      const name = (await field.getAttribute('name'))!;
      const text = type === 'number' ? (value ? '-99999999999' : '') : value;
      await field.fill(text);
      // A password or a one-time code is never written back into a page.
      const secret = type === 'password' || (await field.getAttribute('autocomplete')) === 'one-time-code';
      typed.push({ name, value: text, secret });
    }
    await element.locator('button[type=submit], button:not([type])').first().click();
    await page.waitForLoadState();
    const answer = await page.evaluate(
      ({ action, names, typed }) => {
        const form = Array.from(document.querySelectorAll(`form[action="${action}"]`)).find((f) =>
          f.querySelector(typed),
        );
        const summary = document.querySelector('.govuk-error-summary');
        const links = Array.from(summary?.querySelectorAll('a') ?? []).map((a) => ({
          text: a.textContent!.trim(),
          finds: document.querySelector(a.getAttribute('href')!) !== null,
        }));
        const fieldMessages = Array.from(document.querySelectorAll('.govuk-error-message')).map((m) =>
          m.textContent!.replace('Error:', '').trim(),
        );
        const values = Object.fromEntries(
          names.map((name) => [name, (form?.querySelector(`[name="${name}"]`) as HTMLInputElement | null)?.value]),
        );
        return { hasForm: form !== undefined, hasSummary: summary !== null, links, fieldMessages, values };
      },
      { action: form.action, names: typed.map((t) => t.name), typed: TYPED },
    );
    return { answer, typed };
  }

  it(
    'finds the forms, and each answers an empty and a hostile submission with messages a person reads',
    { timeout: 600_000 },
    async () => {
      const found = new Map<string, FoundForm & { who: number }>();
      const contexts: BrowserContext[] = [];
      for (const [index, who] of people.entries()) {
        const context = await browserFor(who);
        contexts.push(context);
        const starts = [
          '/',
          '/organisations',
          '/people',
          '/support',
          '/engagements',
          '/surveys',
          '/indicators',
          '/accounts',
          '/account',
          '/organisations/new',
          '/people/new',
          '/account/password',
          ...extraStarts,
        ];
        for (const [key, form] of await walk(context, starts))
          if (!found.has(key)) found.set(key, { ...form, who: index });
      }
      expect(
        EXPECTED_FORMS.filter((k) => !found.has(k)),
        'forms the walk did not find',
      ).toEqual([]);

      const failures: string[] = [];
      for (const [key, form] of found) {
        const page = await contexts[form.who]!.newPage();
        for (const [label, value] of [
          ['empty', ''],
          ['hostile', HOSTILE],
        ] as const) {
          const { answer, typed } = await send(page, form, value);
          const where = `${key} (${label})`;
          if (!answer.hasSummary) {
            if (label === 'empty' && ACCEPTED_EMPTY.has(key)) continue;
            failures.push(`${where}: no error summary`);
            continue;
          }
          if (!answer.hasForm) failures.push(`${where}: the form is not on the page that answered`);
          if (answer.links.length === 0) failures.push(`${where}: the summary lists nothing`);
          for (const link of answer.links) {
            if (!link.finds) failures.push(`${where}: the summary's “${link.text}” leads to no field`);
            if (MACHINE_WORDS.test(link.text)) failures.push(`${where}: a machine's message “${link.text}”`);
          }
          if (answer.fieldMessages.length === 0) failures.push(`${where}: no message at any field`);
          for (const message of answer.fieldMessages)
            if (MACHINE_WORDS.test(message)) failures.push(`${where}: a machine's message at a field “${message}”`);
          for (const t of typed)
            if (!t.secret && answer.values[t.name] !== t.value)
              failures.push(`${where}: “${t.name}” lost what was typed`);
        }
        await page.close();
      }
      expect(failures).toEqual([]);
    },
  );
});
