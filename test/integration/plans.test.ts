/**
 * Development plans, attacked and walked through: a plan is its owner's. Goals name framework
 * components; an action of system work makes its real record through the module that owns it
 * (a role in the landscape, a place in an engagement, co-leading a network, an enquiry) with
 * the owner's own rights, and is linked back; a refusal keeps the action without a record.
 * Another account, an administrator, a bad token and a former reader never read a plan; a
 * mentor it is shared with reads it (audited) and adds a review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/http/actor.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { until } from '../until.js';
import { member, organisation, person, school, unique, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let admin: SignedInUser;
const CANARY = 'A private hope to lead the Elderbrook maths network';

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
  admin = await userWith(t, null, { isAdmin: true });
});
afterAll(async () => t?.close());

const actorOf = async (user: SignedInUser): Promise<Actor> => (await t.services.accounts.actorFromBearer(user.token))!;

/** A school in a network, its leader (the plan's owner, with a landscape person unless asked), and a stranger elsewhere. */
async function world(options: { ownerRole?: string; withPerson?: boolean } = {}) {
  const schoolId = await school(t, { name: `Willow Primary ${unique()}` });
  const networkId = await organisation(t, { kind: 'network', name: `Elderbrook Network ${unique()}` });
  await member(t, schoolId, networkId);
  const owner = await userWith(t, { organisationId: schoolId, role: options.ownerRole ?? 'leader' });
  const personId =
    options.withPerson === false ? null : await person(t, schoolId, { name: 'Dana Deputy', email: owner.email });
  const stranger = await userWith(t, { organisationId: await school(t), role: 'leader' });
  const [framework] = await t.services.development.frameworks(ADMIN);
  const components = framework!.domains.flatMap((d) => d.components).slice(0, 2);
  return { schoolId, networkId, owner, personId, stranger, components };
}

type World = Awaited<ReturnType<typeof world>>;

/** A plan with one goal on two components, through the API; returns their ids. */
async function planWithGoal(w: World) {
  const created = await w.owner.post('/api/v1/plans', { title: 'Towards system leadership', aimingAt: CANARY });
  expect(created.statusCode).toBe(201);
  const planId = created.json().id as number;
  const goal = await w.owner.post(`/api/v1/plans/${planId}/goals`, {
    text: 'Lead beyond my own school',
    componentIds: w.components.map((c) => c.id),
  });
  expect(goal.statusCode).toBe(201);
  const goalId = goal.json().goals[0].id as number;
  return { planId, goalId };
}

describe('writing a plan', () => {
  it('starts a plan, adds a goal on framework components and a course, through the pages', async () => {
    const w = await world();
    const empty = await w.owner.form('/plans', { title: '', aimingAt: 'Kept as typed' }, '/plans/new');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Kept as typed');

    const made = await w.owner.form('/plans', { title: 'My plan', aimingAt: CANARY }, '/plans/new');
    expect(made.statusCode).toBe(303);
    const planId = Number(/\/plans\/(\d+)/.exec(String(made.headers.location))![1]);

    const goal = await w.owner.form(
      `/plans/${planId}/goals`,
      { text: 'Grow as a network leader', componentIds: String(w.components[0]!.id) },
      `/plans/${planId}/goals/new`,
    );
    expect(goal.statusCode).toBe(303);
    const page = await w.owner.page(`/plans/${planId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(CANARY);
    expect(page.body).toContain(w.components[0]!.name);
    expect(page.body).toContain(`/mentoring/find?components=${w.components[0]!.id}`);

    const plan = (await w.owner.get(`/api/v1/plans/${planId}`)).json();
    const goalId = plan.goals[0].id;
    const action = await w.owner.form(
      `/plans/${planId}/actions`,
      {
        goalId: String(goalId),
        title: 'Coaching course',
        kind: 'course',
        'dueOn-day': '1',
        'dueOn-month': '9',
        'dueOn-year': '2027',
      },
      `/plans/${planId}/actions/new?goal=${goalId}`,
    );
    expect(action.statusCode).toBe(303);
    const actionPage = await w.owner.browser.get(String(action.headers.location));
    expect(actionPage.statusCode).toBe(200);
    expect(actionPage.body).toContain('Coaching course');

    const done = await w.owner.form(
      String(action.headers.location).split('?')[0]!,
      { status: 'done' },
      String(action.headers.location),
    );
    expect(done.statusCode).toBe(303);
    const after = (await w.owner.get(`/api/v1/plans/${planId}`)).json();
    expect(after.goals[0].actions[0]).toMatchObject({ title: 'Coaching course', status: 'done', dueOn: '2027-09-01' });
    expect((await w.owner.get('/api/v1/plans')).json().map((p: { id: number }) => p.id)).toContain(planId);
  });

  it('refuses a goal on a component that does not exist, and an action without a goal of the plan', async () => {
    const w = await world();
    const { planId } = await planWithGoal(w);
    const bad = await w.owner.post(`/api/v1/plans/${planId}/goals`, { text: 'x', componentIds: [2147483000] });
    expect(bad.statusCode).toBe(400);
    const noGoal = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId: 2147483000,
      title: 'x',
      kind: 'course',
    });
    expect(noGoal.statusCode).toBe(400);
    expect(noGoal.json().error.details[0].field).toBe('goalId');
  });
});

describe('actions that are system work', () => {
  it('takes a role in the landscape: the role assignment exists and the action links to it', async () => {
    const w = await world();
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'Become a consultant leader',
      kind: 'role',
      roleCode: 'consultant-leader',
      organisationId: w.schoolId,
    });
    expect(res.statusCode).toBe(201);
    const action = res.json();
    expect(action.link.kind).toBe('role-assignment');
    expect(action.refusal).toBe('');
    const roles = (await w.owner.get(`/api/v1/role-assignments?personId=${w.personId}`)).json();
    expect(roles.items.map((r: { id: number; roleCode: string }) => [r.id, r.roleCode])).toContainEqual([
      action.link.id,
      'consultant-leader',
    ]);
    const page = await w.owner.page(`/plans/${planId}/actions/${action.id}`);
    expect(page.body).toContain(`/people/${w.personId}`);

    // The role ends in the landscape: the plan says so.
    await t.services.landscape.endRoleAssignment(ADMIN, action.link.id);
    const after = (await w.owner.get(`/api/v1/plans/${planId}/actions/${action.id}`)).json();
    expect(after.status).toBe('done');
    expect(after.linked.state).toMatch(/^Done: the role ended on/);
  });

  it('opens a co-leadership role in the network the school belongs to (the deputy’s journey)', async () => {
    const w = await world();
    const { planId, goalId } = await planWithGoal(w);
    const options = await t.services.plans.actionOptions(await actorOf(w.owner), planId);
    expect(options.networks.map((n) => n.id)).toEqual([w.networkId]);
    const page = await w.owner.form(
      `/plans/${planId}/actions`,
      { goalId: String(goalId), title: 'Co-lead the network', kind: 'network-co-lead', networkId: String(w.networkId) },
      `/plans/${planId}/actions/new`,
    );
    expect(page.statusCode).toBe(303);
    const roles = (await w.owner.get(`/api/v1/role-assignments?personId=${w.personId}`)).json();
    expect(roles.items).toContainEqual(
      expect.objectContaining({ roleCode: 'network-co-leader', organisationId: w.networkId, current: true }),
    );
    const plan = (await w.owner.get(`/api/v1/plans/${planId}`)).json();
    expect(plan.goals[0].actions[0].link.kind).toBe('role-assignment');
  });

  it('adds the owner to the landscape at their school when they have no person there yet, then gives the role', async () => {
    const w = await world({ withPerson: false });
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'Co-lead the network',
      kind: 'network-co-lead',
      organisationId: w.networkId,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().link.kind).toBe('role-assignment');
  });

  it('joins an engagement as supporting leader; its closing shows on the plan', async () => {
    const w = await world();
    const supported = await school(t, { name: 'Hazel Primary' });
    const engagementId = await t.services.engagements.openDirect(
      ADMIN,
      { supportedId: supported, supportingId: w.schoolId, area: 'leadership' },
      { type: 'executive-headship', aims: 'Stabilise leadership', accountableTo: 'The board', measures: [] },
    );
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'Support Hazel Primary',
      kind: 'engagement',
      engagementId,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().link).toEqual({ kind: 'engagement', id: engagementId });
    const engagement = await t.services.engagements.get(ADMIN, engagementId);
    expect(engagement.people).toContainEqual(expect.objectContaining({ id: w.personId, role: 'Supporting leader' }));

    await t.services.engagements.setPhase(ADMIN, engagementId, 'closed');
    const page = await w.owner.page(`/plans/${planId}`);
    expect(page.body).toContain('Done: the engagement closed on');
  });

  it('starts an enquiry led by the owner', async () => {
    const w = await world();
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'Enquiry into reading for pleasure',
      kind: 'enquiry',
      organisationId: w.schoolId,
      question: 'What makes pupils read for pleasure?',
    });
    expect(res.statusCode).toBe(201);
    const { link } = res.json();
    expect(link.kind).toBe('enquiry');
    const enquiry = await t.services.enquiries.get(ADMIN, link.id);
    expect(enquiry.enquiry.question).toBe('What makes pupils read for pleasure?');
    expect(enquiry.people).toContainEqual(expect.objectContaining({ id: w.personId, role: 'lead' }));
  });

  it('joins an enquiry of the school as its lead', async () => {
    const w = await world();
    const enquiryId = await t.services.enquiries.create(await actorOf(w.owner), {
      title: 'Oracy across the network',
      question: 'Does talk time raise writing?',
      organisationIds: [w.schoolId],
    });
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.form(
      `/plans/${planId}/actions`,
      { goalId: String(goalId), title: 'Lead the oracy enquiry', kind: 'enquiry', enquiryId: String(enquiryId) },
      `/plans/${planId}/actions/new`,
    );
    expect(res.statusCode).toBe(303);
    const enquiry = await t.services.enquiries.get(ADMIN, enquiryId);
    expect(enquiry.people).toContainEqual(expect.objectContaining({ id: w.personId, role: 'lead' }));
    const page = await w.owner.page(`/plans/${planId}`);
    expect(page.body).toContain(`/enquiries/${enquiryId}`);
  });

  it('asks again for what is missing on the action form, keeping what was typed', async () => {
    const w = await world();
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.form(
      `/plans/${planId}/actions`,
      { goalId: String(goalId), title: 'Kept as typed', kind: 'network-co-lead' },
      `/plans/${planId}/actions/new`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Choose the network you will co-lead');
    expect(res.body).toContain('href="#networkId"');
    expect(res.body).toContain('Kept as typed');
  });

  it('keeps the action, planned and without a record, when the owner may not give the role, and says why', async () => {
    const w = await world({ ownerRole: 'member' });
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'Co-lead the network',
      kind: 'network-co-lead',
      organisationId: w.networkId,
    });
    expect(res.statusCode).toBe(201);
    const action = res.json();
    expect(action.link).toBeNull();
    expect(action.status).toBe('planned');
    expect(action.refusal).toMatch(/then link it here/);
    const roles = (await w.owner.get(`/api/v1/role-assignments?personId=${w.personId}`)).json();
    expect(roles.items).toEqual([]);
    const page = await w.owner.page(`/plans/${planId}/actions/${action.id}`);
    expect(page.body).toContain('then link it here');

    // A leader gives the role in the landscape; the owner links it.
    await t.services.landscape.createRoleAssignment(ADMIN, {
      personId: w.personId!,
      roleCode: 'network-co-leader',
      organisationId: w.networkId,
    });
    const linked = await w.owner.post(`/api/v1/plans/${planId}/actions/${action.id}/link`, {});
    expect(linked.statusCode).toBe(200);
    expect(linked.json().link.kind).toBe('role-assignment');
  });

  it('refuses to name the owner in an engagement their school is not in, leaving no record', async () => {
    const w = await world();
    const engagementId = await t.services.engagements.openDirect(
      ADMIN,
      { supportedId: await school(t), supportingId: await school(t), area: 'leadership' },
      { type: 'executive-headship', aims: 'Elsewhere', accountableTo: 'The board', measures: [] },
    );
    const { planId, goalId } = await planWithGoal(w);
    const res = await w.owner.post(`/api/v1/plans/${planId}/actions`, {
      goalId,
      title: 'x',
      kind: 'engagement',
      engagementId,
    });
    expect(res.statusCode).toBe(400);
    expect((await t.services.engagements.get(ADMIN, engagementId)).people).toEqual([]);
  });
});

describe('who reads a plan', () => {
  it('hides a plan from another user, an administrator, a bad token and a visitor', async () => {
    const w = await world();
    const { planId, goalId } = await planWithGoal(w);
    for (const intruder of [w.stranger, admin]) {
      for (const url of [`/api/v1/plans/${planId}`, `/api/v1/plans/${planId}/actions/1`]) {
        const res = await intruder.get(url);
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain(CANARY);
      }
      const page = await intruder.page(`/plans/${planId}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain(CANARY);
      expect((await intruder.page('/plans')).body).not.toContain(CANARY);
      const write = await intruder.post(`/api/v1/plans/${planId}/actions`, {
        goalId,
        title: 'Mine now',
        kind: 'course',
      });
      expect(write.statusCode).toBe(404);
      expect((await intruder.post(`/api/v1/plans/${planId}/reviews`, { wentWell: 'x' })).statusCode).toBe(404);
      expect((await intruder.patch(`/api/v1/plans/${planId}`, { title: 'x' })).statusCode).toBe(404);
    }
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}`,
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).not.toContain(CANARY);
    const visitor = await new TestBrowser(t.app).get(`/plans/${planId}`);
    expect(visitor.statusCode).not.toBe(200);
    expect(visitor.body).not.toContain(CANARY);
  });

  it('lets a mentor read the plan (audited) and add a review; a colleague reads but may not review; after unsharing, nothing', async () => {
    const w = await world();
    const { planId } = await planWithGoal(w);
    const mentor = await userWith(t, { organisationId: await school(t), role: 'leader' });
    const colleague = await userWith(t, null);
    const owner = await actorOf(w.owner);
    await t.services.development.share(owner, { email: mentor.email, relation: 'mentor' });
    await t.services.development.share(owner, { email: colleague.email, relation: 'colleague' });

    const read = await mentor.get(`/api/v1/plans/${planId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ mine: false, relation: 'mentor', mayReview: true, aimingAt: CANARY });
    const mentorId = (await actorOf(mentor)).userId;
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('user_id', '=', mentorId)
      .where('entity', '=', 'development-record')
      .where('action', '=', 'read')
      .execute();
    expect(audited.length).toBeGreaterThan(0);
    expect((await mentor.page('/plans')).body).toContain('Towards system leadership');

    const change = await mentor.post(`/api/v1/plans/${planId}/goals`, { text: 'Not theirs' });
    expect(change.statusCode).toBe(403);
    expect((await mentor.page(`/plans/${planId}/goals/new`)).statusCode).toBe(403);
    expect((await mentor.page(`/plans/${planId}/actions/new`)).statusCode).toBe(403);
    const mentorPage = await mentor.page(`/plans/${planId}`);
    expect(mentorPage.statusCode).toBe(200);
    expect(mentorPage.body).toContain('Add a review');
    expect(mentorPage.body).not.toContain('Change the plan');

    const review = await mentor.form(
      `/plans/${planId}/reviews`,
      { wentWell: 'Led the network meeting well', nextSteps: 'Shadow the executive head' },
      `/plans/${planId}/reviews/new`,
    );
    expect(review.statusCode).toBe(303);
    const plan = (await w.owner.get(`/api/v1/plans/${planId}`)).json();
    expect(plan.reviews[0]).toMatchObject({ wentWell: 'Led the network meeting well' });
    const told = await until('the notification of the review', async () => {
      const list = (await w.owner.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; title: string; body: string; link: string }>;
      };
      return list.items.find((n) => n.kind === 'plan-reviewed' && n.link === `/plans/${planId}`);
    });
    expect(told.title).toBe('Test user added a review of your development plan');
    expect(JSON.stringify(told)).not.toContain('Led the network meeting well');

    expect((await colleague.get(`/api/v1/plans/${planId}`)).statusCode).toBe(200);
    expect((await colleague.post(`/api/v1/plans/${planId}/reviews`, { wentWell: 'x' })).statusCode).toBe(403);

    await t.services.development.unshare(owner, mentorId);
    const gone = await mentor.get(`/api/v1/plans/${planId}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain(CANARY);
    expect((await mentor.page(`/plans/${planId}`)).statusCode).toBe(404);
    expect((await mentor.post(`/api/v1/plans/${planId}/reviews`, { wentWell: 'x' })).statusCode).toBe(404);
  });

  it('gives the owner their plans in their personal data, and an overdue review on home', async () => {
    const w = await world();
    const { planId } = await planWithGoal(w);
    await w.owner.patch(`/api/v1/plans/${planId}`, { nextReviewOn: '2020-01-01', status: 'active' });
    const owner = await actorOf(w.owner);
    const data = await t.services.plans.personalData(owner.userId);
    expect(data.plans[0]).toMatchObject({
      aimingAt: CANARY,
      goals: [expect.objectContaining({ text: 'Lead beyond my own school' })],
    });
    const csv = await w.owner.page('/development/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('plans.plans');
    expect(csv.body).toContain(CANARY);
    expect((await w.stranger.page('/development/export.csv')).body).not.toContain(CANARY);
    const home = await w.owner.page('/');
    expect(home.body).toContain('Review your plan');
  });
});
