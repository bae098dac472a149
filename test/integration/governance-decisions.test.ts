/**
 * Decisions and escalation, attacked: a proposal recorded with advice, decided with an expected
 * effect on persistent absence whose baseline is kept, reviewed against a later value and
 * confirmed with the figures stored; the overdue-review job that tells the chair once; escalation
 * against advice up the ladder, answered and escalated further; and the refusals: a non-lead, a
 * forum not on the ladder, the top of the ladder, another partnership's outcome, another
 * partnership's user, a forum-only forum hidden from the log, CSV and API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_REVIEWS_QUEUE, decisionsJobs } from '../../src/modules/governance/decisions/decisions.module.js';
import {
  actorWith,
  localAuthority,
  member,
  organisation,
  school,
  trust,
  unique,
  userWith,
  values,
  type SignedInUser,
} from '../factories.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { until } from '../until.js';

const ABSENCE = 'absence-persistent-percent';
let t: TestApp;
const ids = {
  trust: 0,
  schoolA: 0,
  schoolB: 0,
  la: 0,
  region: 0,
  board: 0,
  pupils: 0,
  closed: 0,
  otherTrust: 0,
  otherSchool: 0,
};
let coordinator: SignedInUser;
let boardChair: SignedInUser;
let pupilLead: SignedInUser;
let laLead: SignedInUser;
let regionLead: SignedInUser;
let staffA: SignedInUser;
let outsider: SignedInUser;
let viewerA: SignedInUser;
let admin: SignedInUser;
let otherOutcome = 0;
let ownOutcome = 0;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};

/** A forum of a partnership, as the forums part will make one: an organisation of kind forum and its row. */
async function forum(
  partnershipId: number,
  name: string,
  kind: 'partnership-board' | 'pupil',
  visibility: 'partnership' | 'forum',
) {
  const { id } = await t.database.db
    .insertInto('organisations')
    .values({ name, kind: 'forum', status: 'open' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('forums')
    .values({ organisation_id: id, partnership_id: partnershipId, kind, visibility })
    .execute();
  return id;
}

async function outcome(partnershipId: number, title: string) {
  const { id } = await t.database.db
    .insertInto('outcomes')
    .values({ partnership_id: partnershipId, title: `${title} ${unique()}`, source: 'every-child-matters' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const coordinatorActor = () => actorWith({ organisationId: ids.trust, role: 'coordinator' });
/** The clerk of the forum-only circle: only its members see its business. */
const closedClerk = () => actorWith({ organisationId: ids.closed, role: 'coordinator' });

/** A proposal of the board, with the pupil forum's advice, decided long ago with its review yesterday. */
async function decidedAgainstPupils(title = `Later start ${unique()}`) {
  const actor = coordinatorActor();
  const id = await t.services.governance.propose(actor, ids.board, { title, proposal: 'Start the day at 9.15' });
  await t.services.governance.addAdvice(actor, id, {
    adviser: 'The pupil forum',
    forumId: ids.pupils,
    position: 'oppose',
    advice: 'Buses arrive at 8.30',
    givenOn: daysAgo(210),
  });
  await t.services.governance.decide(actor, id, {
    decision: 'Start at 9.15 from September',
    decidedBy: 'The partnership board, by consensus',
    decidedOn: daysAgo(200),
    reviewOn: daysAgo(1),
  });
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Brook Learning Trust' });
  ids.schoolA = await school(t, { name: 'Alder Primary' });
  ids.schoolB = await school(t, { name: 'Beech Primary' });
  ids.la = await localAuthority(t, { name: 'Riverside Council' });
  ids.region = await organisation(t, { kind: 'national-body', name: 'Regional director' });
  ids.otherTrust = await trust(t, { name: 'Fen Trust' });
  ids.otherSchool = await school(t, { name: 'Fen Primary' });
  await member(t, ids.schoolA, ids.trust);
  await member(t, ids.schoolB, ids.trust);
  await member(t, ids.otherSchool, ids.otherTrust);
  ids.board = await forum(ids.trust, 'Brook partnership board', 'partnership-board', 'partnership');
  ids.pupils = await forum(ids.trust, 'Brook pupil forum', 'pupil', 'partnership');
  ids.closed = await forum(ids.trust, 'Brook heads’ closed circle', 'partnership-board', 'forum');
  ownOutcome = await outcome(ids.trust, 'Enjoy and achieve');
  otherOutcome = await outcome(ids.otherTrust, 'Be healthy');
  coordinator = await userWith(t, { organisationId: ids.trust, role: 'coordinator' });
  boardChair = await userWith(t, { organisationId: ids.board, role: 'leader' });
  // The pupil forum's lead teaches at a member school, so works in the partnership too.
  pupilLead = await userWith(t, { organisationId: ids.pupils, role: 'leader' });
  await t.services.accounts.setMembership(ADMIN, {
    email: pupilLead.email,
    organisationId: ids.schoolA,
    role: 'member',
  });
  laLead = await userWith(t, { organisationId: ids.la, role: 'leader' });
  regionLead = await userWith(t, { organisationId: ids.region, role: 'leader' });
  staffA = await userWith(t, { organisationId: ids.schoolA, role: 'member' });
  viewerA = await userWith(t, { organisationId: ids.schoolA, role: 'viewer' });
  outsider = await userWith(t, { organisationId: ids.otherSchool, role: 'leader' });
  admin = await userWith(t, null, { isAdmin: true });
  await t.services.governance.setLadder(coordinatorActor(), ids.trust, [
    { organisationId: ids.pupils, label: 'Pupil forum' },
    { organisationId: ids.board, label: 'Partnership board' },
    { organisationId: ids.la, label: 'Local authority' },
    { organisationId: ids.region, label: 'Regional director' },
  ]);
});
afterAll(async () => t?.close());

describe('a decision from proposal to review', () => {
  it('keeps the advice, the baseline of its expected effect, and the figures seen at review', async () => {
    await values(
      t,
      ABSENCE,
      [{ organisationId: ids.schoolA, period: '2022/23', value: 24 }],
      `test:absence-${unique()}`,
    );
    const proposed = await coordinator.form(
      `/forums/${ids.board}/decisions`,
      {
        title: 'Attendance mentors',
        proposal: 'Every school names an attendance mentor',
        outcomeIds: String(ownOutcome),
      },
      `/forums/${ids.board}/decisions/new`,
    );
    expect(proposed.statusCode).toBe(303);
    const id = Number(/\/decisions\/(\d+)/.exec(String(proposed.headers.location))![1]);

    // No advice yet: the decision is refused on the page, with what was typed kept.
    const early = await coordinator.form(
      `/decisions/${id}/decide`,
      {
        decision: 'Mentors in every school',
        decidedBy: 'The board, by consensus',
        ...dateFields('decidedOn', daysAgo(200)),
      },
      `/decisions/${id}`,
    );
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Record the advice sought before the decision');
    expect(early.body).toContain('Mentors in every school');

    const advised = await coordinator.form(
      `/decisions/${id}/advice`,
      {
        adviser: 'Parent forum',
        position: 'support',
        advice: 'Families want one named person',
        ...dateFields('givenOn', daysAgo(205)),
      },
      `/decisions/${id}`,
    );
    expect(advised.statusCode).toBe(303);
    const decided = await coordinator.form(
      `/decisions/${id}/decide`,
      {
        decision: 'Mentors in every school',
        decidedBy: 'The partnership board, by consensus',
        ...dateFields('decidedOn', daysAgo(200)),
        ...dateFields('reviewOn', daysAgo(2)),
        'expectations.0.indicatorCode': ABSENCE,
        'expectations.0.organisationId': String(ids.schoolA),
        'expectations.0.expectedChange': '-2',
      },
      `/decisions/${id}`,
    );
    expect(decided.statusCode).toBe(303);
    const stored = (await coordinator.get(`/api/v1/decisions/${id}`)).json();
    expect(stored).toMatchObject({
      status: 'decided',
      decidedBy: 'The partnership board, by consensus',
      reviewOn: daysAgo(2),
    });
    expect(stored.advice).toEqual([expect.objectContaining({ adviser: 'Parent forum', position: 'support' })]);
    expect(stored.outcomes).toEqual([expect.objectContaining({ id: ownOutcome })]);
    expect(stored.expectations[0]).toMatchObject({
      indicatorCode: ABSENCE,
      baseline: 24,
      baselinePeriod: '2022/23',
      expectedChange: -2,
    });

    await values(
      t,
      ABSENCE,
      [{ organisationId: ids.schoolA, period: '2023/24', value: 21 }],
      `test:absence-${unique()}`,
    );
    const review = await coordinator.page(`/decisions/${id}/review`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('fell from 24.0% to 21.0%, so it improved');
    expect(review.body).toContain('expected to fall by 2.0 percentage points');
    expect(review.body).toContain('Moved as expected');

    const confirmed = await coordinator.form(
      `/decisions/${id}/review`,
      { verdict: 'confirm', note: 'Absence fell further than hoped' },
      `/decisions/${id}/review`,
    );
    expect(confirmed.statusCode).toBe(303);
    const after = (await coordinator.get(`/api/v1/decisions/${id}`)).json();
    expect(after.status).toBe('confirmed');
    expect(after.reviews[0]).toMatchObject({ verdict: 'confirm' });
    expect(after.reviews[0].measured[0]).toMatchObject({ baseline: 24, latest: 21, actualChange: -3, against: 'met' });
    // A closed decision is not reviewed again.
    expect(
      (await coordinator.post(`/api/v1/decisions/${id}/reviews`, { verdict: 'reverse', note: 'x' })).statusCode,
    ).toBe(409);
  });

  it('changes a decision at review, which keeps a next review and comes due again', async () => {
    const id = await decidedAgainstPupils();
    const changed = await coordinator.post(`/api/v1/decisions/${id}/reviews`, {
      verdict: 'change',
      note: 'Buses cannot move',
      decision: 'Start at 9.00',
      nextReviewOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json()).toMatchObject({ status: 'changed', decision: 'Start at 9.00' });
    const noDate = await coordinator.post(`/api/v1/decisions/${await decidedAgainstPupils()}/reviews`, {
      verdict: 'change',
      note: 'x',
      decision: 'y',
    });
    expect(noDate.statusCode).toBe(400);
  });

  it('refuses a proposal from someone who does not lead the forum, and an outcome of another partnership', async () => {
    const byStaff = await staffA.post(`/api/v1/forums/${ids.board}/decisions`, { title: 'A', proposal: 'B' });
    expect(byStaff.statusCode).toBe(403);
    // A viewer of a member school is not of the partnership's people: the forum does not exist for them.
    const byViewer = await viewerA.post(`/api/v1/forums/${ids.board}/decisions`, { title: 'A', proposal: 'B' });
    expect(byViewer.statusCode).toBe(404);
    const byAdmin = await admin.post(`/api/v1/forums/${ids.board}/decisions`, { title: 'A', proposal: 'B' });
    expect(byAdmin.statusCode).toBe(403);
    const foreign = await coordinator.post(`/api/v1/forums/${ids.board}/decisions`, {
      title: 'A',
      proposal: 'B',
      outcomeIds: [otherOutcome],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('outcomes of this forum’s partnership');
    const page = await coordinator.form(
      `/forums/${ids.board}/decisions`,
      { title: 'Kept title', proposal: 'B', outcomeIds: String(otherOutcome) },
      `/forums/${ids.board}/decisions/new`,
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Kept title');
    expect(page.body).toContain('govuk-error-summary');
  });

  it('is not found by another partnership’s people nor by visitors, and needs a write token', async () => {
    const id = await decidedAgainstPupils();
    expect((await outsider.get(`/api/v1/decisions/${id}`)).statusCode).toBe(404);
    expect((await outsider.page(`/decisions/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/governance/partnerships/${ids.trust}/decisions`)).statusCode).toBe(404);
    expect((await outsider.page(`/governance/${ids.trust}/decisions.csv`)).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/decisions/${id}` });
    expect(anonymous.statusCode).toBe(401);
    const visitorPage = await t.app.inject({ method: 'GET', url: `/governance/${ids.trust}/decisions` });
    expect([302, 303]).toContain(visitorPage.statusCode);
    const reader = await userWith(t, { organisationId: ids.trust, role: 'coordinator' }, { scope: 'read' });
    expect((await reader.get(`/api/v1/decisions/${id}`)).statusCode).toBe(200);
    expect((await reader.post(`/api/v1/forums/${ids.board}/decisions`, { title: 'A', proposal: 'B' })).statusCode).toBe(
      403,
    );
  });
});

describe('the partnership’s decisions log', () => {
  it('leaves out a forum-only forum’s decisions for a partnership member outside it, in the page, CSV and API', async () => {
    const secret = `Closed circle matter ${unique()}`;
    const open = `Open board matter ${unique()}`;
    await t.services.governance.propose(closedClerk(), ids.closed, { title: secret, proposal: 'Private' });
    await t.services.governance.propose(coordinatorActor(), ids.board, { title: open, proposal: 'Shared' });
    const page = await staffA.page(`/governance/${ids.trust}/decisions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(open);
    expect(page.body).not.toContain(secret);
    const csv = await staffA.page(`/governance/${ids.trust}/decisions.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(open);
    expect(csv.body).not.toContain(secret);
    const api = (await staffA.get(`/api/v1/governance/partnerships/${ids.trust}/decisions`)).json();
    expect(api.decisions.map((d: { title: string }) => d.title)).toContain(open);
    expect(api.decisions.map((d: { title: string }) => d.title)).not.toContain(secret);
    // The coordinator leads the partnership but is no member of the closed forum: it is hidden from them too.
    expect((await coordinator.page(`/governance/${ids.trust}/decisions`)).body).not.toContain(secret);
    const print = await staffA.page(`/governance/${ids.trust}/decisions`);
    expect(print.body).toContain('Decisions log');
  });

  it('writes the CSV with the advice, the expected effects and the status', async () => {
    const title = `Breakfast club ${unique()}`;
    const id = await decidedAgainstPupils(title);
    void id;
    const csv = (await coordinator.page(`/governance/${ids.trust}/decisions.csv`)).body;
    const line = csv.split('\n').find((l) => l.includes(title))!;
    expect(line).toContain('The pupil forum: oppose');
    expect(line).toContain('The partnership board, by consensus');
    expect(line).toContain('decided');
    expect(csv.split('\n')[0]).toBe(
      'decision_id,title,forum,decision,decided_on,decided_by,advice,outcomes,expected_effects,review_on,status,latest_verdict',
    );
  });
});

describe('a baseline from an earlier period', () => {
  it('is the figure of the period the lead names, and is refused for a period without a figure', async () => {
    const source = `test:absence-${unique()}`;
    await values(
      t,
      ABSENCE,
      [
        { organisationId: ids.schoolB, period: '2021/22', value: 30 },
        { organisationId: ids.schoolB, period: '2022/23', value: 27 },
      ],
      source,
    );
    const actor = coordinatorActor();
    const id = await t.services.governance.propose(actor, ids.board, { title: `Mentors ${unique()}`, proposal: 'x' });
    await t.services.governance.addAdvice(actor, id, {
      adviser: 'Heads',
      position: 'support',
      advice: 'Yes',
      givenOn: daysAgo(400),
    });
    const decide = (baselinePeriod: string) =>
      t.services.governance.decide(actor, id, {
        decision: 'Mentors',
        decidedBy: 'The board',
        decidedOn: daysAgo(390),
        expectations: [{ indicatorCode: ABSENCE, organisationId: ids.schoolB, expectedChange: -2, baselinePeriod }],
      });
    await expect(decide('2019/20')).rejects.toThrow('There is no figure for 2019/20');
    await decide('2021/22');
    const { expectations } = (await coordinator.get(`/api/v1/decisions/${id}`)).json();
    expect(expectations).toMatchObject([{ baseline: 30, baselinePeriod: '2021/22' }]);
  });
});

describe('an overdue review', () => {
  it('tells the forum’s chair once, even when the job runs twice, and shows on their home', async () => {
    const title = `Homework policy ${unique()}`;
    const id = await decidedAgainstPupils(title);
    const job = decisionsJobs[DECISION_REVIEWS_QUEUE]!;
    const morning = () => job.run(t.services, undefined as never, { id: 'test', retryCount: 0, lastAttempt: true });
    await morning();
    await morning();
    const told = (await boardChair.get('/api/v1/notifications'))
      .json()
      .items.filter((n: { link: string }) => n.link === `/decisions/${id}/review`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'decision-review-overdue' });
    const staffTold = (await staffA.get('/api/v1/notifications')).json().items;
    expect(staffTold.some((n: { link: string }) => n.link === `/decisions/${id}/review`)).toBe(false);
    const home = await boardChair.page('/');
    expect(home.body).toContain(`Review the decision “${title}”`);
  });
});

describe('escalation up the ladder', () => {
  it('goes from above the forum that decided against advice, raised by the forum that advised; the next step answers or escalates further', async () => {
    const id = await decidedAgainstPupils();
    // Only the advising forum's lead raises it as against its advice.
    const byChair = await boardChair.post(`/api/v1/decisions/${id}/escalations`, {
      reason: 'against-advice',
      fromId: ids.pupils,
      matter: 'Pupils cannot reach school',
    });
    expect(byChair.statusCode).toBe(403);
    const raised = await pupilLead.post(`/api/v1/decisions/${id}/escalations`, {
      reason: 'against-advice',
      fromId: ids.pupils,
      matter: 'Pupils cannot reach school by 9.15 on the rural buses',
    });
    expect(raised.statusCode).toBe(201);
    const escalation = raised.json();
    // The board took the decision: the matter goes to the step above it, the council.
    expect(escalation).toMatchObject({ fromId: ids.pupils, toId: ids.la, status: 'open' });
    await until('the council hears of it', async () =>
      (await laLead.get('/api/v1/notifications'))
        .json()
        .items.find(
          (n: { link: string; kind: string }) =>
            n.link === `/escalations/${escalation.id}` && n.kind === 'escalation-raised',
        ),
    );
    expect((await laLead.page('/')).body).toContain('Answer the matter Brook pupil forum escalated');

    // The council escalates it further: it reaches the regional director, whose leader answers.
    const further = await laLead.form(
      `/escalations/${escalation.id}/escalate`,
      { matter: 'The buses are the region’s' },
      `/escalations/${escalation.id}`,
    );
    expect(further.statusCode).toBe(303);
    const childId = Number(/\/escalations\/(\d+)/.exec(String(further.headers.location))![1]);
    const parent = (await coordinator.get(`/api/v1/escalations/${escalation.id}`)).json();
    expect(parent.status).toBe('escalated');
    await until('the regional director hears of it', async () =>
      (await regionLead.get('/api/v1/notifications'))
        .json()
        .items.find((n: { link: string }) => n.link === `/escalations/${childId}`),
    );
    // The regional director's leader is on the trail, though not of the partnership.
    const trail = await regionLead.page(`/escalations/${childId}`);
    expect(trail.statusCode).toBe(200);
    expect(trail.body).toContain('Pupils cannot reach school by 9.15');
    expect((await laLead.post(`/api/v1/escalations/${childId}/answer`, { answer: 'Not ours' })).statusCode).toBe(403);
    const answered = await regionLead.post(`/api/v1/escalations/${childId}/answer`, {
      answer: 'A later bus from September',
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', answer: 'A later bus from September' });
    expect(answered.json().trail.map((e: { id: number }) => e.id)).toEqual([escalation.id, childId]);
    expect((await regionLead.post(`/api/v1/escalations/${childId}/answer`, { answer: 'Again' })).statusCode).toBe(409);
    const page = await coordinator.page(`/decisions/${id}`);
    expect(page.body).toContain('A later bus from September');
    expect((await outsider.get(`/api/v1/escalations/${childId}`)).statusCode).toBe(404);
  });

  it('keeps a members-only forum’s matter from the partnership’s people, but not from the steps on its trail', async () => {
    const actor = closedClerk();
    const id = await t.services.governance.propose(actor, ids.closed, { title: 'Closed matter', proposal: 'x' });
    await t.services.governance.addAdvice(actor, id, {
      adviser: 'Heads',
      position: 'concerns',
      advice: 'Split',
      givenOn: daysAgo(3),
    });
    await t.services.governance.decide(actor, id, {
      decision: 'Defer',
      decidedBy: 'The circle',
      decidedOn: daysAgo(2),
    });
    // Raised to the council as the ladder would have it, had the circle been on it.
    const { id: escalationId } = await t.database.db
      .insertInto('escalations')
      .values({
        partnership_id: ids.trust,
        decision_id: id,
        reason: 'unsettled',
        matter: 'The circle’s private matter',
        from_id: ids.closed,
        to_id: ids.la,
        raised_on: daysAgo(1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const reader of [staffA, coordinator, admin])
      expect((await reader.get(`/api/v1/escalations/${escalationId}`)).statusCode).toBe(404);
    const council = await laLead.get(`/api/v1/escalations/${escalationId}`);
    expect(council.statusCode).toBe(200);
    expect(council.json().matter).toBe('The circle’s private matter');
  });

  it('refuses a forum not on the ladder, and the top of the ladder', async () => {
    const actor = closedClerk();
    const id = await t.services.governance.propose(actor, ids.closed, { title: 'Unsettled', proposal: 'x' });
    await t.services.governance.addAdvice(actor, id, {
      adviser: 'Heads',
      position: 'concerns',
      advice: 'Split views',
      givenOn: daysAgo(3),
    });
    await t.services.governance.decide(actor, id, {
      decision: 'Defer',
      decidedBy: 'The circle',
      decidedOn: daysAgo(2),
    });
    const notOnLadder = t.services.governance.escalate(actor, id, {
      reason: 'unsettled',
      fromId: ids.closed,
      matter: 'We cannot agree',
    });
    await expect(notOnLadder).rejects.toThrow('not on the partnership’s escalation ladder');

    const board = await decidedAgainstPupils();
    const up = await coordinator.post(`/api/v1/decisions/${board}/escalations`, {
      reason: 'unsettled',
      fromId: ids.board,
      matter: 'The board cannot settle the buses',
    });
    expect(up.statusCode).toBe(201);
    expect(up.json().toId).toBe(ids.la);
    const region = await laLead.post(`/api/v1/escalations/${up.json().id}/escalate`, { matter: 'Higher' });
    expect(region.statusCode).toBe(201);
    const top = await regionLead.post(`/api/v1/escalations/${region.json().id}/escalate`, { matter: 'Higher still' });
    expect(top.statusCode).toBe(400);
    expect(top.json().error.message).toContain('top of the partnership’s escalation ladder');
  });

  it('lets only a partnership lead set the ladder', async () => {
    const ladder = await staffA.get(`/api/v1/governance/partnerships/${ids.trust}/escalation-ladder`);
    expect(ladder.statusCode).toBe(200);
    expect(ladder.json().steps.map((s: { organisationId: number }) => s.organisationId)).toEqual([
      ids.pupils,
      ids.board,
      ids.la,
      ids.region,
    ]);
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/governance/partnerships/${ids.trust}/escalation-ladder`,
      headers: { authorization: `Bearer ${staffA.token}` },
      payload: { steps: [{ organisationId: ids.board, label: 'Board' }] },
    });
    expect(set.statusCode).toBe(403);
    expect((await outsider.get(`/api/v1/governance/partnerships/${ids.trust}/escalation-ladder`)).statusCode).toBe(404);
    const page = await coordinator.page(`/governance/${ids.trust}/escalation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Set the ladder');
    const twice = await coordinator.form(
      `/governance/${ids.trust}/escalation`,
      {
        'organisationId-1': String(ids.board),
        'label-1': 'Board',
        'organisationId-2': String(ids.board),
        'label-2': 'Again',
      },
      `/governance/${ids.trust}/escalation`,
    );
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Put each organisation on the ladder once');
  });
});
