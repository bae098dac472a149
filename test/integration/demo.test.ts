import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTie } from '../../src/modules/landscape/index.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';

let t: TestApp;
/** What loading the demo into the empty database answered; the tests below read the demo it loaded. */
let loaded: Awaited<ReturnType<TestApp['services']['demo']['load']>>;
beforeAll(async () => {
  t = await createTestApp();
  loaded = await t.services.demo.load(ADMIN);
});
afterAll(async () => t?.close());

describe('the demo local system', () => {
  it('loads a locality of the promised size and shape', async () => {
    const result = loaded;
    const summary = await t.services.landscape.summary(ADMIN);
    expect(summary.byKind.school).toBeGreaterThanOrEqual(55);
    expect(summary.byKind.school).toBeLessThanOrEqual(65);
    expect(summary.byKind['academy-trust']).toBe(3);
    expect(summary.byKind.federation).toBe(2);
    expect(summary.byKind.network).toBe(1);
    expect(summary.byKind['local-authority']).toBe(1);
    const partners = ['health', 'social-care', 'police', 'family-centre', 'employer', 'community-group'].reduce(
      (n, k) => n + (summary.byKind[k] ?? 0),
      0,
    );
    expect(partners).toBeGreaterThanOrEqual(8);
    expect(summary.people).toBeGreaterThanOrEqual(140);
    expect(summary.people).toBeLessThanOrEqual(160);
    expect(summary.assignments).toBeGreaterThanOrEqual(40);
    expect(summary.relationships).toBeGreaterThanOrEqual(200);
    expect(result.accounts.map((a) => a.email)).toEqual([
      'admin@demo.syslead.test',
      'head@demo.syslead.test',
      'nle@demo.syslead.test',
      'maths@demo.syslead.test',
      'ceo@demo.syslead.test',
      'la@demo.syslead.test',
      'deputy@demo.syslead.test',
      'dsl@demo.syslead.test',
    ]);
  });

  it('comes with two families the headteacher’s school leads on, with teams of four agencies, consent withdrawn, and referrals answered and overdue', async () => {
    const db = t.database.db;
    const families = await db.selectFrom('families').select(['id', 'organisation_id']).orderBy('id').execute();
    expect(families).toHaveLength(2);
    const head = loaded.accounts.find((a) => a.email === 'head@demo.syslead.test')!;
    const dsl = loaded.accounts.find((a) => a.email === 'dsl@demo.syslead.test')!;
    expect(dsl.leads).toBe(head.leads);
    const leads = await db
      .selectFrom('family_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.is_lead', '=', true)
      .execute();
    expect(leads.map((l) => l.email)).toEqual([dsl.email, dsl.email]);
    const agencies = await db
      .selectFrom('family_members as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['m.family_id', 'o.kind'])
      .execute();
    const kindsOf = (id: number) => new Set(agencies.filter((a) => a.family_id === id).map((a) => a.kind));
    expect(Math.max(...families.map((f) => kindsOf(f.id).size))).toBe(4);
    expect([...kindsOf(families[1]!.id)].sort()).toEqual(['family-centre', 'health', 'school', 'social-care']);
    const consents = await db.selectFrom('family_consents').select(['withdrawn_on']).execute();
    expect(consents.filter((c) => c.withdrawn_on !== null)).toHaveLength(1);
    const referrals = await db.selectFrom('family_referrals').select('status').execute();
    expect(referrals.map((r) => r.status).sort()).toEqual(['accepted', 'sent']);
    const overdue = await t.services.families.overdueReferrals();
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.leadId).toBeDefined();
    const notes = await db.selectFrom('family_notes').select('sensitivity').execute();
    expect(notes.map((n) => n.sensitivity)).toContain('sensitive');
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(await db.selectFrom('family_services').select('id').execute()).not.toHaveLength(0);
    // The safeguarding lead sets up their own two-factor sign-in: the demo leaves none.
    expect(
      await db.selectFrom('users').select('totp_secret').where('email', '=', dsl.email).executeTakeFirstOrThrow(),
    ).toEqual({ totp_secret: null });
  });

  it('grows leaders: three assessed twice, a 360 with two groups shown and one withheld, a plan whose action joined an engagement, and a mentoring', async () => {
    const actorOf = async (email: string) => {
      const { id } = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return { ...ADMIN, userId: id, email, isAdmin: false, memberships: [] };
    };
    const [head, nle, maths, deputy] = await Promise.all(
      ['head', 'nle', 'maths', 'deputy'].map((who) => actorOf(`${who}@demo.syslead.test`)),
    );
    for (const leader of [head!, nle!, maths!])
      expect(new Set((await t.services.development.assessments(leader)).map((a) => a.assessedOn)).size).toBe(2);
    expect(await t.services.development.assessments(deputy!)).toEqual([]);

    const [round] = await t.services.feedback360.list(head!);
    const results = await t.services.feedback360.results(head!, round!.id);
    const shown = Object.fromEntries(results.results!.groups.map((g) => [g.relationship, g.shown]));
    expect(shown).toEqual({ peer: true, 'supported-school': true, governor: false, 'all-others': true });

    const [plan] = await t.services.plans.list(nle!);
    const full = await t.services.plans.get(nle!, plan!.id);
    expect(JSON.stringify(full)).toContain('"kind":"engagement"');
    const joined = full.goals.flatMap((g) => g.actions).find((a) => a.kind === 'engagement')!;
    expect(joined.link).not.toBeNull();

    const mentoring = await t.services.mentoring.mine(maths!);
    expect(JSON.stringify(mentoring)).toContain('Demo National Leader of Education');
    // The mentee lets their mentor read their record.
    expect(await t.services.development.isShared(maths!.userId, nle!.userId)).toBe(true);
  });

  it('governs Elderbrook together: shared outcomes, a board fed by a pupil forum whose recommendation was answered, and decisions reviewed, overdue and escalated', async () => {
    const db = t.database.db;
    const forums = await db
      .selectFrom('forums')
      .innerJoin('organisations', 'organisations.id', 'forums.organisation_id')
      .select(['organisations.name', 'forums.kind', 'forums.feeds_id', 'forums.organisation_id as id'])
      .execute();
    const board = forums.find((f) => f.kind === 'partnership-board')!;
    expect(board.name).toBe('Elderbrook Partnership Board');
    expect(
      forums
        .filter((f) => f.feeds_id === board.id)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['advisory', 'pupil']);
    const outcomes = await db.selectFrom('outcomes').select(['title', 'source']).execute();
    expect(outcomes.filter((o) => o.source === 'every-child-matters')).toHaveLength(5);
    expect(outcomes.some((o) => o.source === 'ambition')).toBe(true);
    const recommendation = await db.selectFrom('recommendations').selectAll().executeTakeFirstOrThrow();
    expect(recommendation).toMatchObject({ to_forum_id: board.id, response: 'accepted' });
    const election = await db.selectFrom('elections').selectAll().executeTakeFirstOrThrow();
    expect(election.electorate).toBe('peers');
    expect(election.closed_at).not.toBeNull();
    const decisions = await db.selectFrom('decisions').select(['id', 'status', 'review_on']).orderBy('id').execute();
    expect(decisions.map((d) => d.status)).toEqual(['confirmed', 'decided', 'decided']);
    const today = new Date().toISOString().slice(0, 10);
    expect(String(decisions[1]!.review_on) < today).toBe(true);
    const review = await db.selectFrom('decision_reviews').selectAll().executeTakeFirstOrThrow();
    expect(review.verdict).toBe('confirm');
    expect(JSON.stringify(review.measured)).toContain('absence-persistent-percent');
    const escalation = await db.selectFrom('escalations').selectAll().executeTakeFirstOrThrow();
    expect(escalation).toMatchObject({ decision_id: decisions[2]!.id, reason: 'against-advice', status: 'open' });
  });

  it('keeps the trust’s and the borough’s health on two days, eight weeks apart, with a note on the borough’s trend', async () => {
    const db = t.database.db;
    const la = await db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'local-authority')
      .where('name', '=', 'Elderbrook Borough Council')
      .executeTakeFirstOrThrow();
    const view = await t.services.health.view(ADMIN, `org:${la.id}`);
    expect(view.snapshots).toHaveLength(2);
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(day(view.current!.takenOn) - day(view.earlier!.takenOn)).toBe(56);
    expect(view.annotations.map((a) => a.text)).toEqual([
      'The partnership board took its first decision on attendance',
    ]);
    // Between the two days, the board's decision on the inclusion fund was taken.
    expect(view.changes.map((c) => c.what).join(' ')).toContain(
      'Move the inclusion fund to the borough’s central team',
    );
    // The trust has its two snapshots too (a reload of the demo in another test may leave others' behind).
    const trust = await t.services.landscape.resolveSelection(ADMIN, 'DEMO-T1');
    expect((await t.services.health.view(ADMIN, `org:${trust.group!.id}`)).snapshots).toHaveLength(2);
  });

  it('comes with three years of indicators, a closed pupil survey, and a trust with a shared strength and a shared need', async () => {
    const trust = await t.services.landscape.resolveSelection(ADMIN, 'DEMO-T1');
    const results = await t.services.indicators.groupResults(ADMIN, { scope: 'DEMO-T1' });
    const absence = results.find((r) => r.indicator.code === 'absence-overall-percent')!;
    expect(absence.trend.map((p) => p.period)).toEqual(['2022/23', '2023/24', '2024/25']);
    expect(absence.members).toBe(trust.ids.length - 1);
    const happy = results.find((r) => r.indicator.code === 'pupils-happy-at-school')!;
    expect(happy.indicator.kind).toBe('soft');
    expect(happy.withheld).toBe(1); // the school where only seven pupils answered
    const shared = await t.services.indicators.sharedStrengthsAndNeeds(ADMIN, { scope: 'DEMO-T1' });
    expect(shared.strengths.map((s) => s.indicator.code)).toContain('absence-overall-percent');
    expect(shared.needs.map((s) => s.indicator.code)).toContain('ks2-maths-progress');
  });

  it('comes with offers of help, a school waiting for help, and an executive headship under way', async () => {
    const offers = await t.services.brokerage.listOffers(ADMIN);
    expect(offers.filter((o) => o.area === 'maths')).toHaveLength(2);
    const coverage = await t.services.brokerage.coverage(ADMIN);
    expect(coverage.waiting.map((w) => w.area).sort()).toEqual(['attendance', 'maths']);
    const engagement = (await t.services.engagements.list(ADMIN)).find((e) => e.type === 'executive-headship');
    expect(engagement).toMatchObject({ status: 'active' });
    const impact = await t.services.engagements.impact(ADMIN, engagement!.id);
    expect(impact.measures.map((m) => m.indicator.code).sort()).toEqual([
      'absence-overall-percent',
      'ks2-maths-progress',
    ]);
  });

  it('comes with the trust’s system issues log and a private journal entry of the headteacher’s', async () => {
    const trust = (await t.services.landscape.resolveSelection(ADMIN, 'DEMO-T1')).group!.id;
    const issues = t.services['system-issues'];
    const log = await issues.log(ADMIN, trust);
    expect(log.issues.map((i) => i.status)).toEqual(['open', 'open', 'closed']);
    expect(log.issues.filter((i) => i.openActions > 0)).toHaveLength(1);
    const agenda = await issues.agenda(ADMIN, trust);
    expect(agenda.issues).toHaveLength(2);
    expect(agenda.actions).toHaveLength(1);
    const written = (await t.services.audit.list(ADMIN, { limit: null })).filter(
      (e) => e.entity === 'journal-entry' && e.action === 'create',
    );
    expect(written.some((e) => e.actor.includes('head@demo.syslead.test'))).toBe(true);
  });

  it('comes with an enquiry across three schools, led by the demo headteacher’s, with two cycles and a finding', async () => {
    const enquiry = (await t.services.enquiries.list(ADMIN)).find((e) => e.title === 'Talk before writing in year 4');
    expect(enquiry).toMatchObject({ status: 'active', quiet: false });
    expect(enquiry!.organisations).toHaveLength(3);
    expect(enquiry!.findingStatements).toHaveLength(1);
    const head = loaded.accounts.find((a) => a.email === 'head@demo.syslead.test')!;
    expect(enquiry!.organisations[0]!.name).toBe(head.leads);
    const { cycles, people } = await t.services.enquiries.get(ADMIN, enquiry!.id);
    expect(cycles).toHaveLength(2);
    expect(people.map((p) => p.role)).toContain('lead');
  });

  it('spreads ties over all three wider systems and roles over the taxonomy', async () => {
    const ties = await t.services.landscape.listRelationships(ADMIN, { perPage: 200, page: 1 });
    const more = await t.services.landscape.listRelationships(ADMIN, { perPage: 200, page: 2 });
    const systems = new Set(
      [...ties.items, ...more.items].map((r) => classifyTie(r.fromOrganisationKind, r.toOrganisationKind).system),
    );
    expect([...systems].sort()).toEqual(['community', 'education', 'public-services']);
    const roles = await t.services.landscape.listRoles(ADMIN);
    const held = roles.filter((r) => r.currentAssignments > 0);
    expect(held.length).toBeGreaterThanOrEqual(12);
    expect(new Set(held.map((r) => r.origin))).toEqual(new Set(['local', 'national', 'other']));
  });

  it('lets a newcomer play every side of the support journey: each account has its part and something on its home', async () => {
    // Loaded again here: other tests load it again too (each giving new one-time passwords), in any order.
    const demo = await t.services.demo.load(ADMIN, { force: true });
    const home = async (email: string) => {
      const account = demo.accounts.find((a) => a.email === email)!;
      const browser = new TestBrowser(t.app);
      await browser.signIn(account.email, account.password);
      await browser.get('/account/password');
      const password = 'willow harbour amber field';
      const changed = await browser.post('/account/password', {
        currentPassword: account.password,
        newPassword: password,
        confirmPassword: password,
      });
      expect(changed.statusCode, changed.body.slice(0, 3000)).toBe(303);
      const page = await browser.get('/');
      expect(page.statusCode).toBe(200);
      return { account, body: page.body.replaceAll('&#39;', '’') };
    };
    const roles = demo.accounts.map((a) => a.role);
    expect(new Set(roles).size).toBe(roles.length);
    expect(demo.accounts.filter((a) => !a.isAdmin).every((a) => a.leads && a.role.includes(a.leads))).toBe(true);

    const asking = await home('head@demo.syslead.test');
    expect(asking.body).toContain(`An offer of help with maths for ${asking.account.leads}: choose who helps`);
    expect(asking.body).toContain('Your school and your partnership');
    const offering = await home('nle@demo.syslead.test');
    expect(offering.body).toMatch(/Check-in for Executive headship: .*Due in 3 days/s);
    expect(offering.body).toContain('Review the target for Overall absence');
    const asked = await home('maths@demo.syslead.test');
    expect(asked.body).toContain(
      `${asking.account.leads} asks ${asked.account.leads} for help with maths: offer help or let it pass`,
    );
    const ceo = await home('ceo@demo.syslead.test');
    expect(ceo.body).toMatch(/asks to join Riverside Learning Trust: approve or decline/);
    expect(ceo.body).toContain('Survey closed: Pupil voice 2024/25');
    const la = await home('la@demo.syslead.test');
    expect(la.body).toContain('Elderbrook Borough Council: results as one group');
    expect(la.body).toMatch(/is waiting for help with attendance, and no engagement supports it yet/);
  });

  it('lets a demo account sign in with the printed one-time password', async () => {
    const result = await t.services.demo.load(ADMIN, { force: true });
    const admin = result.accounts.find((a) => a.isAdmin)!;
    const response = await new TestBrowser(t.app).signIn(admin.email, admin.password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account/password');
  });

  it('refuses to load into a database that holds a landscape, unless forced', async () => {
    await expect(t.services.demo.load(ADMIN)).rejects.toMatchObject({ code: 'conflict' });
    const before = await t.services.landscape.summary(ADMIN);
    await t.services.demo.load(ADMIN, { force: true });
    const after = await t.services.landscape.summary(ADMIN);
    expect(after).toEqual(before);
    // The demo's families are loaded afresh, not twice.
    expect(await t.database.db.selectFrom('families').select('id').execute()).toHaveLength(2);
  });
});
