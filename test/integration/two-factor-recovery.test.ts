/**
 * Two-factor set-up that respects people: the key comes as a QR code made on the server and as
 * text; turning it on gives ten recovery codes, shown once and kept only as hashes, each of which
 * signs in once instead of a code from the app; new ones replace them, given a code from the app;
 * the account page says two-factor sign-in is on and how many codes are left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepAt, totpCode } from '../../src/modules/accounts/totp.js';
import { createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const codesIn = (body: string) =>
  [...body.matchAll(/<li><code>([A-Z2-9]{5}-[A-Z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);

/** Signs in with the password, then gives `code` at the second step. */
async function signInWith(email: string, password: string, code: string) {
  const browser = new TestBrowser(t.app);
  await browser.signIn(email, password);
  await browser.get('/sign-in/two-factor');
  return { browser, response: await browser.post('/sign-in/two-factor', { code }) };
}

describe('two-factor sign-in with recovery codes', { shuffle: false }, () => {
  let email = '';
  let password = '';
  let secret = '';
  let codes: string[] = [];
  let browser: TestBrowser;
  /** Each app code works once; this stands for the half minute until the app shows a new one. */
  const codesMoveOn = () =>
    t.database.db
      .updateTable('users')
      .set({ totp_last_step: stepAt(Date.now()) - 5 })
      .where('email', '=', email)
      .execute();

  it('shows the key as a QR code made on the server, and as text', async () => {
    ({ email, password } = await createUser(t.services));
    browser = new TestBrowser(t.app);
    await browser.signIn(email, password);
    expect((await browser.get('/account')).body).toContain('Set up two-factor sign-in');
    const setup = await browser.get('/account/two-factor');
    secret = /data-secret="([A-Z2-7]+)"/.exec(setup.body)![1]!;
    expect(setup.body).toMatch(
      /<svg class="syslead-qr" role="img" aria-label="QR code of the key for your authenticator app"/,
    );
    expect(setup.body).toContain('<path');
    expect(setup.body).toContain(secret.match(/.{4}/g)!.join(' '));
  });

  it('gives ten recovery codes once when turned on, kept only as hashes', async () => {
    const on = await browser.post('/account/two-factor', { code: totpCode(secret, stepAt(Date.now())) });
    expect(on.statusCode).toBe(200);
    expect(on.body).toContain('Two-factor sign-in is on.');
    codes = codesIn(on.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.database.db
      .selectFrom('recovery_codes')
      .innerJoin('users', 'users.id', 'recovery_codes.user_id')
      .select(['code_hash', 'used_at'])
      .where('users.email', '=', email)
      .execute();
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.code_hash).toMatch(/^\$argon2id\$/);
      expect(codes.some((c) => row.code_hash.includes(c) || row.code_hash.includes(c.replace('-', '')))).toBe(false);
      expect(row.used_at).toBeNull();
    }
    const account = await browser.get('/account');
    expect(account.body).toContain('govuk-tag--green">On</strong>');
    expect(account.body).toContain('You have 10 recovery codes left');
    expect(codesIn(account.body)).toEqual([]);
  });

  it('signs in once with a recovery code instead of a code from the app, then not again', async () => {
    const first = await signInWith(email, password, codes[3]!.toLowerCase().replace('-', ' '));
    expect(first.response.statusCode).toBe(303);
    expect((await first.browser.get('/account')).body).toContain('You have 9 recovery codes left');
    const again = await signInWith(email, password, codes[3]!);
    expect(again.response.statusCode).toBe(400);
    expect(again.response.body).toContain('nor a recovery code not yet used');
    const made = await signInWith(email, password, 'ABCDE-FGHJK');
    expect(made.response.statusCode).toBe(400);
  });

  it('makes new codes only with a code from the app; the old ones stop working', async () => {
    const page = await browser.get('/account/recovery-codes');
    expect(page.body).toContain('You have 9 recovery codes left');
    const wrong = await browser.post('/account/recovery-codes', { currentCode: '12345' });
    expect(wrong.statusCode).toBe(400);
    expect(codesIn(wrong.body)).toEqual([]);
    await codesMoveOn();
    const fresh = await browser.post('/account/recovery-codes', { currentCode: totpCode(secret, stepAt(Date.now())) });
    expect(fresh.statusCode).toBe(200);
    const newCodes = codesIn(fresh.body);
    expect(newCodes).toHaveLength(10);
    expect(newCodes.some((c) => codes.includes(c))).toBe(false);
    expect((await signInWith(email, password, codes[0]!)).response.statusCode).toBe(400);
    expect((await signInWith(email, password, newCodes[0]!)).response.statusCode).toBe(303);
  });
});
