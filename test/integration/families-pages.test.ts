import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepAt, totpCode } from '../../src/modules/accounts/totp.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';

let t: TestApp;
const SECRET = 'JBSWY3DPEHPK3PXP';
const CANARY = 'Zebedee Quartermaine';

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(() => t.close());

let made = 0;
async function organisation(kind: string) {
  return t.services.landscape.createOrganisation(ADMIN, { name: `${kind} ${++made}`, kind } as never);
}

/** An account of an organisation, signed in with its password and the code of its authenticator app. */
async function professional(
  organisationId: number,
  options: { role?: string; twoFactor?: boolean; isAdmin?: boolean } = {},
) {
  const { email, password } = await createUser(t.services, { isAdmin: options.isAdmin });
  if (organisationId)
    await t.services.accounts.setMembership(ADMIN, { email, organisationId, role: options.role ?? 'member' });
  if (options.twoFactor !== false)
    await t.database.db
      .updateTable('users')
      .set({ totp_secret: SECRET, totp_last_step: null })
      .where('email', '=', email)
      .execute();
  const browser = new TestBrowser(t.app);
  await browser.signIn(email, password);
  if (options.twoFactor !== false) {
    await browser.get('/sign-in/two-factor');
    await browser.post('/sign-in/two-factor', { code: totpCode(SECRET, stepAt(Date.now())) });
  }
  return { email, browser };
}

async function openFamily(browser: TestBrowser, schoolId: number, agencies = ['health', 'family-centre']) {
  await browser.get('/families/new');
  const opened = await browser.post('/families', {
    organisationId: String(schoolId),
    teamRole: 'Designated safeguarding lead',
    child1Name: CANARY,
    'child1BornOn-day': '3',
    'child1BornOn-month': '4',
    'child1BornOn-year': '2016',
    child1School: String(schoolId),
    adult1Name: 'Morwenna Quartermaine',
    adult1Relationship: 'Mother',
    outcomes: 'be-healthy',
    'need-be-healthy': 'Missed health checks since the spring',
    givenBy: 'adult1',
    purpose: 'Early help assessment and plan',
    information: ['health', 'education'],
    agencies,
    lawfulBasis: 'consent',
  });
  expect(opened.statusCode, opened.body).toBe(303);
  return Number(/\/families\/(\d+)/.exec(opened.headers.location as string)![1]);
}

describe('family pages', () => {
  it('open a family from its form and show it to its lead, with what was typed kept on a problem', async () => {
    const school = await organisation('school');
    const { browser } = await professional(school.id);
    await browser.get('/families/new');
    const empty = await browser.post('/families', { organisationId: String(school.id), child1Name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Add at least one child, with their name');
    expect(empty.body).toContain('Say what your role in the team is');
    const id = await openFamily(browser, school.id);
    const page = await browser.get(`/families/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(CANARY);
    expect(page.body).toContain('Missed health checks since the spring');
    expect(page.body).toContain('lead professional');
  });

  it('are refused to an account without two-factor sign-in, and are not found for an administrator outside the team', async () => {
    const school = await organisation('school');
    const { browser } = await professional(school.id);
    const id = await openFamily(browser, school.id);
    const plain = await professional(school.id, { twoFactor: false });
    const refused = await plain.browser.get(`/families/${id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('two-factor sign-in');
    expect(refused.body).not.toContain(CANARY);
    const admin = await professional(0, { isAdmin: true });
    const hidden = await admin.browser.get(`/families/${id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain(CANARY);
  });

  it('carry a referral to the family centre, which accepts it and joins the team', async () => {
    const school = await organisation('school');
    const centre = await organisation('family-centre');
    const { browser } = await professional(school.id);
    const id = await openFamily(browser, school.id);
    await browser.get(`/families/${id}`);
    const sent = await browser.post(`/families/${id}/referrals`, {
      toOrganisationId: String(centre.id),
      outcome: 'be-healthy',
      message: 'Parenting support and a health check',
      answerWithinDays: '10',
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const worker = await professional(centre.id, { role: 'leader' });
    const list = await worker.browser.get('/families');
    expect(list.body).toContain('Referrals to your agency');
    const referralId = Number(/\/families\/referrals\/(\d+)/.exec(list.body)![1]);
    const referral = await worker.browser.get(`/families/referrals/${referralId}`);
    expect(referral.body).toContain('Parenting support and a health check');
    expect(referral.body).not.toContain(CANARY);
    const noRole = await worker.browser.post(`/families/referrals/${referralId}/answer`, { answer: 'accept' });
    expect(noRole.statusCode).toBe(400);
    expect(noRole.body).toContain('Say what your role in the team will be');
    const accepted = await worker.browser.post(`/families/referrals/${referralId}/answer`, {
      answer: 'accept',
      teamRole: 'Family support worker',
    });
    expect(accepted.statusCode).toBe(303);
    const record = await worker.browser.get(`/families/${id}`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain(CANARY);
    expect((await browser.get(`/families/${id}`)).body).toMatch(/Accepted/);
  });

  it('hide referrals and services from a member once the consent covering their agency is withdrawn, and still show the lead', async () => {
    const school = await organisation('school');
    const health = await organisation('health');
    const centre = await organisation('family-centre');
    const { browser } = await professional(school.id);
    const id = await openFamily(browser, school.id);
    const visitor = await professional(health.id);
    await browser.get(`/families/${id}`);
    const added = await browser.post(`/families/${id}/members`, {
      organisationId: String(health.id),
      email: visitor.email,
      teamRole: 'Health visitor',
    });
    expect(added.statusCode, added.body).toBe(303);
    const REFERRAL = 'Parenting group for the mother, who is struggling';
    const SERVICE = 'Reading catch-up sessions twice a week';
    expect(
      (
        await browser.post(`/families/${id}/referrals`, {
          toOrganisationId: String(centre.id),
          outcome: 'be-healthy',
          message: REFERRAL,
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await browser.post(`/families/${id}/services`, {
          serviceOrganisationId: String(school.id),
          what: SERVICE,
          'dueOn-day': '1',
          'dueOn-month': '1',
          'dueOn-year': '2099',
        })
      ).statusCode,
    ).toBe(303);
    const shared = await visitor.browser.get(`/families/${id}`);
    expect(shared.body).toContain(REFERRAL);
    expect(shared.body).toContain(SERVICE);

    const consentId = /\/consents\/(\d+)\/withdraw/.exec((await browser.get(`/families/${id}`)).body)![1];
    expect((await browser.post(`/families/${id}/consents/${consentId}/withdraw`, {})).statusCode).toBe(303);
    const page = await visitor.browser.get(`/families/${id}`);
    expect(page.statusCode).toBe(200);
    for (const hidden of [REFERRAL, SERVICE, CANARY]) expect(page.body).not.toContain(hidden);
    expect(page.body).toContain('1 more referral between other agencies');
    expect(page.body).toContain('1 more service in the package');
    expect(page.body).toContain('Designated safeguarding lead, lead professional');
    expect(page.body).toContain('Health visitor');
    // The lead still reads it all.
    const lead = await browser.get(`/families/${id}`);
    expect(lead.body).toContain(REFERRAL);
    expect(lead.body).toContain(SERVICE);
  });

  it('let an administrator break the glass with a reason, for the data protection lead to review', async () => {
    const school = await organisation('school');
    const { browser } = await professional(school.id);
    const id = await openFamily(browser, school.id);
    const reference = /Family (FAM-[A-Z0-9-]+)/.exec((await browser.get(`/families/${id}`)).body)![1]!;
    const dpl = await professional(school.id);
    const leader = await professional(school.id, { role: 'leader' });
    await leader.browser.get(`/families/settings/${school.id}`);
    const saved = await leader.browser.post(`/families/settings/${school.id}`, {
      dataProtectionLeadEmail: dpl.email,
      retentionYears: '6',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const admin = await professional(0, { isAdmin: true });
    await admin.browser.get('/families/break-glass');
    const short = await admin.browser.post('/families/break-glass', { reference, reason: 'urgent' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain(reference);
    const opened = await admin.browser.post('/families/break-glass', {
      reference,
      reason: 'Police report a child missing overnight from this family',
    });
    expect(opened.statusCode).toBe(303);
    const view = await admin.browser.get(opened.headers.location as string);
    expect(view.body).toContain('You are reading this record by break-glass');
    expect(view.body).toContain(CANARY);
    const queue = await dpl.browser.get('/families/reviews');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Police report a child missing overnight from this family');
    expect(queue.body).toContain('1 waiting for review');
  });

  it('keep an agency’s settings from a leader without two-factor sign-in and from its other members', async () => {
    const school = await organisation('school');
    const member = await professional(school.id);
    const plainLeader = await professional(school.id, { role: 'leader', twoFactor: false });
    for (const who of [member, plainLeader]) {
      const page = await who.browser.get(`/families/settings/${school.id}`);
      expect(page.statusCode).toBe(403);
      const post = await who.browser.post(`/families/settings/${school.id}`, {
        dataProtectionLeadEmail: member.email,
        retentionYears: '1',
      });
      expect(post.statusCode).toBe(403);
    }
    expect((await plainLeader.browser.get(`/families/settings/${school.id}`)).body).toContain('two-factor sign-in');
    const leader = await professional(school.id, { role: 'leader' });
    const page = await leader.browser.get(`/families/settings/${school.id}`);
    expect(page.statusCode).toBe(200);
    // Nothing the refused posts sent was kept.
    expect(page.body).toMatch(/id="retentionYears" name="retentionYears"[^>]*value="6"/);
  });

  it('give de-identified figures to anyone signed in, naming no family', async () => {
    const school = await organisation('school');
    const { browser } = await professional(school.id);
    await openFamily(browser, school.id);
    const someone = await professional(0, { twoFactor: false });
    const page = await someone.browser.get('/families/figures');
    expect(page.statusCode).toBe(200);
    // Every outcome is listed, withheld below five; an agency with one family is not listed at all.
    expect(page.body).toContain('Fewer than 5');
    expect(page.body).toContain('is not listed at all');
    expect(page.body).not.toContain(`>${school.name}<`);
    expect(page.body).not.toContain(CANARY);
    expect(page.body).not.toMatch(/FAM-[A-Z0-9]{4}/);
  });
});
