/**
 * Shared outcomes of governing together, attacked: the framework started from Every Child
 * Matters (once, however often asked), a partnership's own ambitions, measures whose figures
 * pass the indicators' gate, commitments kept by the committing organisation's leaders, the
 * accountability view and exports; and the paths of another partnership's people, a visitor,
 * a viewer, a member who is not in a forum-only forum, and API tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { leaderOf, member, school, trust, unique, userWith, values, type SignedInUser } from '../factories.js';

let t: TestApp;
const ids = { trust: 0, schoolA: 0, schoolB: 0, otherTrust: 0, outside: 0, forum: 0 };
let trustLead: SignedInUser;
let headA: SignedInUser;
let headB: SignedInUser;
let staffB: SignedInUser;
let viewerA: SignedInUser;
let otherLead: SignedInUser;
let forumMember: SignedInUser;
let admin: SignedInUser;
const SOFT = `pupils-feel-safe-${unique()}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};
const governance = () => t.services.governance;

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Willow Learning Trust' });
  ids.schoolA = await school(t, { name: 'Alder Primary' });
  ids.schoolB = await school(t, { name: 'Beech Primary' });
  ids.otherTrust = await trust(t, { name: 'Rowan Trust' });
  ids.outside = await school(t, { name: 'Cedar Primary' });
  await member(t, ids.schoolA, ids.trust);
  await member(t, ids.schoolB, ids.trust);
  await member(t, ids.outside, ids.otherTrust);
  trustLead = await userWith(t, { organisationId: ids.trust, role: 'leader' });
  headA = await userWith(t, { organisationId: ids.schoolA, role: 'leader' });
  headB = await userWith(t, { organisationId: ids.schoolB, role: 'leader' });
  staffB = await userWith(t, { organisationId: ids.schoolB, role: 'member' });
  viewerA = await userWith(t, { organisationId: ids.schoolA, role: 'viewer' });
  otherLead = await userWith(t, { organisationId: ids.otherTrust, role: 'leader' });
  admin = await userWith(t, null, { isAdmin: true });
  // A forum of the trust whose business only its members read.
  ids.forum = await t.services.governance.createForum(leaderOf(ids.trust), ids.trust, {
    name: 'Willow pupil forum',
    kind: 'pupil',
    visibility: 'forum',
  });
  // Staff of Beech who also sits on the pupil forum.
  forumMember = await userWith(t, { organisationId: ids.schoolB, role: 'member' });
  await t.services.accounts.setMembership(ADMIN, {
    email: forumMember.email,
    organisationId: ids.forum,
    role: 'member',
  });
  await t.services.indicators.ensureSoftIndicators([
    {
      code: SOFT,
      name: 'Pupils who feel safe at school',
      description: 'Pupils answering yes.',
      unit: 'percent',
      kind: 'soft',
      direction: 'higher',
      outcome: null,
      source: 'Pupil survey',
      published: false,
      grades: [],
    },
  ]);
});
afterAll(async () => t?.close());

/** A new partnership (a trust) with its leader and one member school with its leader. */
async function newPartnership() {
  const partnershipId = await trust(t, { name: `Trust ${unique()}` });
  const schoolId = await school(t);
  await member(t, schoolId, partnershipId);
  return { partnershipId, schoolId, lead: leaderOf(partnershipId), head: leaderOf(schoolId) };
}

/** An ambition of the Willow trust, added by its leader; returns its id. */
const ambition = (title = `Ambition ${unique()}`) => governance().addOutcome(leaderOf(ids.trust), ids.trust, { title });

describe('the outcomes framework', () => {
  it('starts from the five Every Child Matters outcomes once, however often the leader asks', async () => {
    const { partnershipId, lead } = await newPartnership();
    expect(await governance().startFramework(lead, partnershipId)).toBe(5);
    expect(await governance().startFramework(lead, partnershipId)).toBe(0);
    const { outcomes } = await governance().outcomesOf(lead, partnershipId);
    expect(outcomes.map((o) => o.title)).toEqual([
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
    ]);
    expect(outcomes.every((o) => o.source === 'every-child-matters')).toBe(true);
  });

  it('is started and added to on its page by the trust’s leader, and read by a member school', async () => {
    const page = await trustLead.page(`/governance/${ids.trust}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/governance/${ids.trust}/forums`);
    expect(page.body).toContain(`/governance/${ids.trust}/decisions`);
    expect(page.body).toContain('Start from the five Every Child Matters outcomes');
    const started = await trustLead.browser.post(`/governance/${ids.trust}/start`, {});
    expect(started.statusCode).toBe(303);
    // Asked again, nothing doubles, and the button is gone.
    expect((await trustLead.form(`/governance/${ids.trust}/start`, {}, `/governance/${ids.trust}`)).statusCode).toBe(
      303,
    );
    expect((await trustLead.page(`/governance/${ids.trust}`)).body).not.toContain(
      'Start from the five Every Child Matters outcomes',
    );
    const framework = await governance().outcomesOf(ADMIN, ids.trust);
    expect(framework.outcomes.filter((o) => o.title === 'Be healthy')).toHaveLength(1);
    const title = `Every child reads fluently ${unique()}`;
    const added = await trustLead.form(`/governance/${ids.trust}/outcomes`, { title }, `/governance/${ids.trust}`);
    expect(added.statusCode).toBe(303);
    const read = await staffB.page(`/governance/${ids.trust}`);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain(title);
    expect(read.body).not.toContain('Add a bold ambition');
    expect((await staffB.page('/governance')).body).toContain('Willow Learning Trust');
  });

  it('keeps what was typed and says what is wrong when an ambition repeats a title', async () => {
    const title = `Stay curious ${unique()}`;
    await ambition(title);
    const again = await trustLead.form(
      `/governance/${ids.trust}/outcomes`,
      { title, description: 'Kept as typed' },
      `/governance/${ids.trust}`,
    );
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('Kept as typed');
  });

  it('refuses a member school’s leader, a viewer and a read-only token the framework’s changes', async () => {
    const api = await headA.post(`/api/v1/governance/partnerships/${ids.trust}/outcomes`, { title: 'Not mine' });
    expect(api.statusCode).toBe(403);
    const page = await headA.form(
      `/governance/${ids.trust}/outcomes`,
      { title: 'Not mine' },
      `/governance/${ids.trust}`,
    );
    expect(page.statusCode).toBe(403);
    await expect(governance().startFramework(leaderOf(ids.schoolA), ids.trust)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A viewer is not staff: to them the partnership's governance is not there.
    expect((await viewerA.page(`/governance/${ids.trust}`)).statusCode).toBe(404);
    const reader = await userWith(t, { organisationId: ids.trust, role: 'leader' }, { scope: 'read' });
    expect(
      (await reader.post(`/api/v1/governance/partnerships/${ids.trust}/outcomes`, { title: 'Read only' })).statusCode,
    ).toBe(403);
  });

  it('is not found by another partnership’s people, on its pages and in the API, and needs signing in', async () => {
    const id = await ambition();
    for (const url of [
      `/governance/${ids.trust}`,
      `/governance/outcomes/${id}`,
      `/governance/outcomes/${id}/accountability`,
      `/governance/${ids.trust}/outcomes-report`,
      `/governance/${ids.trust}/outcomes.csv`,
      `/governance/${ids.trust}/commitments.csv`,
    ])
      expect((await otherLead.page(url)).statusCode, url).toBe(404);
    expect((await otherLead.get(`/api/v1/governance/partnerships/${ids.trust}/outcomes`)).statusCode).toBe(404);
    expect((await otherLead.get(`/api/v1/governance/outcomes/${id}`)).statusCode).toBe(404);
    expect(
      (
        await otherLead.post(`/api/v1/governance/outcomes/${id}/commitments`, {
          organisationId: ids.otherTrust,
          what: 'Intrude',
          status: 'green',
        })
      ).statusCode,
    ).toBe(404);
    expect((await otherLead.page('/governance')).body).not.toContain('Willow Learning Trust');
    const visitor = await new TestBrowser(t.app).get(`/governance/outcomes/${id}`);
    expect(visitor.statusCode).toBe(303);
    expect(String(visitor.headers.location)).toContain('/sign-in');
    expect((await t.app.inject({ url: `/api/v1/governance/outcomes/${id}` })).statusCode).toBe(401);
    // An administrator reads any partnership's framework.
    expect((await admin.get(`/api/v1/governance/partnerships/${ids.trust}/outcomes`)).statusCode).toBe(200);
  });

  it('removes an outcome only when nothing aims at it', async () => {
    const free = await ambition();
    const held = await ambition();
    await governance().commit(leaderOf(ids.schoolA), held, {
      organisationId: ids.schoolA,
      what: 'Run a club',
      status: 'green',
    });
    const refused = await trustLead.form(`/governance/outcomes/${held}/remove`, {}, `/governance/outcomes/${held}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('one commitment aims at it');
    expect(
      (await headA.form(`/governance/outcomes/${free}/remove`, {}, `/governance/outcomes/${free}`)).statusCode,
    ).toBe(403);
    const removed = await trustLead.form(
      `/governance/outcomes/${free}/remove`,
      {},
      `/governance/outcomes/${free}/remove`,
    );
    expect(removed.statusCode).toBe(303);
    expect((await trustLead.page(`/governance/outcomes/${free}`)).statusCode).toBe(404);
  });
});

describe('measures and their figures', () => {
  it('checks the indicator exists and each milestone is a number, keeping what was typed', async () => {
    const id = await ambition();
    await expect(
      governance().addMeasure(leaderOf(ids.trust), id, { indicatorCode: 'no-such-indicator' }),
    ).rejects.toMatchObject({ code: 'validation' });
    const typed = await trustLead.form(
      `/governance/outcomes/${id}/measures`,
      { indicatorCode: SOFT, year1: '2025', value1: 'lots' },
      `/governance/outcomes/${id}`,
    );
    expect(typed.statusCode).toBe(400);
    expect(typed.body).toContain('There is a problem');
    expect(typed.body).toContain('value="lots"');
    const half = await trustLead.form(
      `/governance/outcomes/${id}/measures`,
      { indicatorCode: SOFT, year1: '2025' },
      `/governance/outcomes/${id}`,
    );
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Enter the value of milestone 1');
    const api = await trustLead.post(`/api/v1/governance/outcomes/${id}/measures`, {
      indicatorCode: SOFT,
      milestones: [{ year: 2025, value: 'high' }],
    });
    expect(api.statusCode).toBe(400);
  });

  it('has its milestones changed and the measure removed by the trust’s leader alone', async () => {
    const id = await ambition();
    const measureId = await governance().addMeasure(leaderOf(ids.trust), id, {
      indicatorCode: 'ks2-reading-progress',
      milestones: [{ year: 2026, value: 0.5 }],
    });
    const from = `/governance/outcomes/${id}`;
    const refused = await headA.form(
      `/governance/measures/${measureId}/milestones`,
      { year1: '2027', value1: '1' },
      from,
    );
    expect(refused.statusCode).toBe(403);
    const saved = await trustLead.form(
      `/governance/measures/${measureId}/milestones`,
      { year1: '2028', value1: '1.5', year2: '2027', value2: '1' },
      from,
    );
    expect(saved.statusCode).toBe(303);
    const [measure] = (await governance().outcome(ADMIN, id)).measures;
    expect(measure!.milestones.map((m) => [m.year, m.value])).toEqual([
      [2027, 1],
      [2028, 1.5],
    ]);
    expect(measure!.target).toMatchObject({ year: 2028, value: 1.5 });
    expect((await otherLead.form(`/governance/measures/${measureId}/remove`, {}, '/governance')).statusCode).toBe(404);
    expect((await trustLead.form(`/governance/measures/${measureId}/remove`, {}, from)).statusCode).toBe(303);
    expect((await governance().outcome(ADMIN, id)).measures).toEqual([]);
  });

  it('shows figures only through the gate: a survey result with too few respondents is withheld', async () => {
    const { partnershipId, schoolId, lead } = await newPartnership();
    const id = await governance().addOutcome(lead, partnershipId, { title: 'Feel safe' });
    await governance().addMeasure(lead, id, {
      indicatorCode: SOFT,
      milestones: [
        { year: 2026, value: 80 },
        { year: 2025, value: 70 },
      ],
    });
    await values(
      t,
      SOFT,
      [
        { organisationId: partnershipId, period: '2023/24', value: 33.3, respondents: 4 },
        { organisationId: partnershipId, period: '2024/25', value: 71.5, respondents: 40 },
        { organisationId: schoolId, period: '2024/25', value: 12.5, respondents: 3 },
      ],
      `test:${SOFT}:${partnershipId}`,
    );
    const outcome = await governance().outcome(lead, id);
    const [measure] = outcome.measures;
    expect(measure!.rows.map((r) => [r.period, r.own])).toEqual([['2024/25', 71.5]]);
    expect(measure!.target).toMatchObject({ year: 2026, value: 80 });
    expect(measure!.latest).toMatchObject({
      period: '2024/25',
      value: 71.5,
      reachesMilestone: true,
      reachesTarget: false,
    });
    const browser = await userWith(t, { organisationId: partnershipId, role: 'leader' });
    const page = await browser.page(`/governance/outcomes/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('71.5%');
    expect(page.body).not.toContain('33.3%');
    expect(page.body).not.toContain('12.5%');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('by period, beside the milestone of each year');
    const api = (await browser.get(`/api/v1/governance/outcomes/${id}`)).json();
    expect(JSON.stringify(api)).not.toContain('33.3');
    const csv = (await browser.page(`/governance/${partnershipId}/outcomes.csv`)).body;
    expect(csv).toContain(`Feel safe,${SOFT},Pupils who feel safe at school,2025,70,71.5,2024/25,partnership`);
    expect(csv).not.toContain('33.3');
  });
});

describe('commitments', () => {
  it('are made and kept red, amber or green by the committing organisation’s leader, or the partnership’s', async () => {
    const id = await ambition();
    const made = await headA.post(`/api/v1/governance/outcomes/${id}/commitments`, {
      organisationId: ids.schoolA,
      what: 'Open the library at lunchtime',
      dueOn: inDays(10),
      status: 'green',
    });
    expect(made.statusCode).toBe(201);
    const commitmentId = made.json().commitment.id;
    // Another member school's leader may neither commit Alder nor change its commitment.
    expect(
      (
        await headB.post(`/api/v1/governance/outcomes/${id}/commitments`, {
          organisationId: ids.schoolA,
          what: 'Speak for Alder',
          status: 'green',
        })
      ).statusCode,
    ).toBe(403);
    expect((await headB.patch(`/api/v1/governance/commitments/${commitmentId}`, { status: 'red' })).statusCode).toBe(
      403,
    );
    expect((await staffB.patch(`/api/v1/governance/commitments/${commitmentId}`, { status: 'red' })).statusCode).toBe(
      403,
    );
    const changed = await headA.patch(`/api/v1/governance/commitments/${commitmentId}`, {
      status: 'red',
      evidence: 'Staffing gap at lunch',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().commitment).toMatchObject({ status: 'red', evidence: 'Staffing gap at lunch', doneOn: null });
    // Its own leader sees it due soon; the trust's leader sees it red.
    expect((await headA.page('/')).body).toContain('Open the library at lunchtime');
    expect((await trustLead.page('/')).body).toContain('Open the library at lunchtime');
    expect((await headB.page('/')).body).not.toContain('Open the library at lunchtime');
    // A leader of the partnership records on a member's behalf, and marks it done on the page.
    const onBehalf = await trustLead.form(
      `/governance/outcomes/${id}/commitments`,
      {
        organisationId: String(ids.schoolB),
        what: 'Host the reading fair',
        status: 'amber',
        ...dateFields('dueOn', inDays(60)),
      },
      `/governance/outcomes/${id}`,
    );
    expect(onBehalf.statusCode).toBe(303);
    const done = await headA.form(
      `/governance/commitments/${commitmentId}`,
      { status: 'green', evidence: 'Open every day since March', done: 'true' },
      `/governance/outcomes/${id}`,
    );
    expect(done.statusCode).toBe(303);
    const { commitments } = await governance().outcome(ADMIN, id);
    expect(commitments.map((c) => [c.organisationName, c.status, c.doneOn !== null])).toEqual([
      ['Alder Primary', 'green', true],
      ['Beech Primary', 'amber', false],
    ]);
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'commitment')
      .where('entity_id', '=', String(commitmentId))
      .execute();
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'update', 'update']);
  });

  it('keeps what was typed when a commitment is missing what it commits to', async () => {
    const id = await ambition();
    const page = await headA.form(
      `/governance/outcomes/${id}/commitments`,
      { organisationId: String(ids.schoolA), what: '', status: 'amber', evidence: 'Typed evidence' },
      `/governance/outcomes/${id}`,
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('Typed evidence');
  });

  it('are shown for governors on the accountability page, its PDF route, and in the commitments CSV', async () => {
    const id = await ambition(`Healthy lunches ${unique()}`);
    await governance().commit(leaderOf(ids.schoolB), id, {
      organisationId: ids.schoolB,
      what: 'Cook from scratch',
      status: 'amber',
      dueOn: inDays(-3),
    });
    const c = await governance().commit(leaderOf(ids.trust), id, {
      organisationId: ids.trust,
      what: 'Fund a cook',
      status: 'green',
    });
    await governance().updateCommitment(leaderOf(ids.trust), c, { status: 'green', done: true });
    const page = await staffB.page(`/governance/outcomes/${id}/accountability`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Collaborative accountability');
    expect(page.body).toMatch(/Still to do[\s\S]*Cook from scratch[\s\S]*Past due[\s\S]*Done[\s\S]*Fund a cook/);
    const pdf = await staffB.page(`/governance/outcomes/${id}/accountability.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const csv = await staffB.page(`/governance/${ids.trust}/commitments.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/Healthy lunches \d+,Beech Primary,Cook from scratch,\d{4}-\d{2}-\d{2},amber,yes,,/);
    const report = await staffB.page(`/governance/${ids.trust}/outcomes-report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Fund a cook');
    // The trust's leader is told of a commitment past its due date.
    expect((await trustLead.page('/')).body).toContain('Cook from scratch');
  });
});

describe('the work aiming at an outcome', () => {
  it('shows a forum-only forum’s decisions to its members, not to the partnership’s other people', async () => {
    const id = await ambition();
    const decision = await t.database.db
      .insertInto('decisions')
      .values({ forum_id: ids.forum, title: `Pupil-led safety walks ${unique()}`, proposal: 'Walk the site termly' })
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    await t.database.db.insertInto('decision_outcomes').values({ decision_id: decision.id, outcome_id: id }).execute();
    expect((await headA.page(`/governance/outcomes/${id}`)).body).not.toContain(decision.title);
    expect((await headA.get(`/api/v1/governance/outcomes/${id}`)).json().decisions).toEqual([]);
    // Not even the trust's leader reads a forum-only forum's business; its member does.
    expect((await governance().outcome(leaderOf(ids.trust), id)).decisions).toEqual([]);
    expect((await admin.get(`/api/v1/governance/outcomes/${id}`)).json().decisions).toEqual([]);
    expect((await forumMember.page(`/governance/outcomes/${id}`)).body).toContain(decision.title);
    // A forum of partnership visibility is read by the partnership's people.
    await t.database.db
      .updateTable('forums')
      .set({ visibility: 'partnership' })
      .where('organisation_id', '=', ids.forum)
      .execute();
    try {
      expect((await headA.page(`/governance/outcomes/${id}`)).body).toContain(decision.title);
    } finally {
      await t.database.db
        .updateTable('forums')
        .set({ visibility: 'forum' })
        .where('organisation_id', '=', ids.forum)
        .execute();
    }
  });

  it('links only a member’s engagement or practice the partnership’s leader may see', async () => {
    const id = await ambition();
    const unknown = await trustLead.form(
      `/governance/outcomes/${id}/work`,
      { kind: 'practice', refId: '999999' },
      `/governance/outcomes/${id}`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is a problem');
    expect(
      (
        await headA.form(
          `/governance/outcomes/${id}/work`,
          { kind: 'practice', refId: '1' },
          `/governance/outcomes/${id}`,
        )
      ).statusCode,
    ).toBe(403);
  });
});
