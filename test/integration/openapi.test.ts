/**
 * The OpenAPI document describes what the API answers: every operation documents a 2xx answer
 * with its properties, and the answers of every read (and of the writes that answer with a
 * body), on a constructed local system, validate against the document's schemas. Each answer
 * also carries everything the service behind it gives: the serialiser writes only what a
 * schema names, so a property missing from a schema would silently disappear from the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsJson } from '../../src/modules/network/network.json.js';
import { mapData } from '../../src/modules/network/network.map.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';
import { actorWith, leaderOf } from '../factories.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

let t: TestApp;
let headers: Record<string, string>;
/** The administrator whose token reads the API. */
let tokenUser: { email: string };
let doc: { paths: Record<string, Record<string, Operation>> };
/** A leader of the school asking for help, signed in: support requests are listed for the schools in them, not for administrators. */
let seekerLeader: TestBrowser;
const ids = {
  decision: 0,
  escalation: 0,
  la: 0,
  seeker: 0,
  strong: 0,
  good: 0,
  trust: 0,
  network: 0,
  person: 0,
  spare: 0,
  assignment: 0,
  relationship: 0,
  need: 0,
  request: 0,
  offer: 0,
  engagement: 0,
  enquiry: 0,
  membership: 0,
  agreement: 0,
  importRun: 0,
  journalEntry: 0,
  framework: 0,
  plan: 0,
  planAction: 0,
  feedbackRound: 0,
  mentoringRelation: 0,
  opportunity: 0,
  systemIssue: 0,
  outcome: 0,
  practice: 0,
  adoption: 0,
  forum: 0,
  forumMeeting: 0,
  forumElection: 0,
  forumPaper: 0,
  forumRecommendation: 0,
};

const VALUES = [
  'urn,indicator,period,value',
  ...[
    ['997801', -1.5, -2.5],
    ['997802', 2, 2.5],
    ['997803', 1.5, 1.8],
    ['997804', 0.2, 0.4],
  ].flatMap(([urn, before, after]) => [
    `${urn},ks2-maths-progress,2022/23,${before}`,
    `${urn},ks2-maths-progress,2023/24,${after}`,
    `${urn},census-pupils,2023/24,300`,
  ]),
].join('\n');

beforeAll(async () => {
  t = await createTestApp();
  tokenUser = await createUser(t.services, { isAdmin: true });
  const { token } = await t.services.accounts.createTokenForEmail(tokenUser.email, 'tests', 'write');
  headers = { authorization: `Bearer ${token}` };
  const l = t.services.landscape;
  ids.la = (await l.createOrganisation(ADMIN, { kind: 'local-authority', name: 'Openshire', laCode: '997' })).id;
  const school = async (name: string, urn: number) =>
    (
      await l.createOrganisation(ADMIN, {
        kind: 'school',
        name,
        urn,
        phase: 'primary',
        localAuthorityId: ids.la,
        latitude: 52.48,
        longitude: -1.62,
      })
    ).id;
  ids.seeker = await school('Seeker Primary', 997801);
  ids.strong = await school('Strong Primary', 997802);
  ids.good = await school('Good Primary', 997803);
  await school('Steady Primary', 997804);
  ids.trust = (await l.createOrganisation(ADMIN, { kind: 'academy-trust', name: 'Open Trust', groupUid: '99701' })).id;
  ids.network = (await l.createOrganisation(ADMIN, { kind: 'network', name: 'Open Network' })).id;
  ids.relationship = (
    await l.createRelationship(ADMIN, {
      type: 'membership',
      fromOrganisationId: ids.seeker,
      toOrganisationId: ids.trust,
    })
  ).id;
  await l.createRelationship(ADMIN, { type: 'membership', fromOrganisationId: ids.good, toOrganisationId: ids.trust });
  await l.createRelationship(ADMIN, {
    type: 'support',
    fromOrganisationId: ids.strong,
    toOrganisationId: ids.seeker,
    startDate: '2023-09-01',
    note: 'Maths support',
  });
  ids.person = (
    await l.createPerson(ADMIN, {
      name: 'Maths Lead',
      email: 'maths.lead@example.test',
      jobTitle: 'Maths lead',
      organisationId: ids.strong,
    })
  ).id;
  ids.spare = (await l.createPerson(ADMIN, { name: 'Someone To Erase', organisationId: ids.good })).id;
  ids.assignment = (
    await l.createRoleAssignment(ADMIN, {
      personId: ids.person,
      roleCode: 'national-leader-of-education',
      organisationId: ids.strong,
      startDate: '2022-09-01',
    })
  ).id;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-openapi-'));
  fs.writeFileSync(path.join(dir, 'values.csv'), VALUES);
  const imported = await t.services.imports.importFile(ADMIN, 'indicator-values', path.join(dir, 'values.csv'));
  expect(imported.rejected).toBe(0);
  ids.importRun = imported.runId;
  fs.rmSync(dir, { recursive: true, force: true });

  // Support: an offer, a need, a request to two schools, an offer of help accepted into an engagement with a check-in.
  const b = t.services.brokerage;
  await b.makeOffer(leaderOf(ids.strong), { organisationId: ids.strong, area: 'maths', daysPerTerm: 5 });
  ids.need = (
    await b.stateNeed(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths', detail: 'Year 6 fractions' })
  ).id;
  ids.request = await b.requestSupport(leaderOf(ids.seeker), {
    needId: ids.need,
    invite: [ids.strong, ids.good],
    message: 'Year 6 maths',
    partnershipId: ids.trust,
  });
  ids.offer = await b.offerHelp(leaderOf(ids.strong), {
    requestId: ids.request,
    organisationId: ids.strong,
    days: 5,
    message: 'One day a fortnight',
  });
  await b.offerHelp(leaderOf(ids.good), { requestId: ids.request, organisationId: ids.good, days: 2 });
  const e = t.services.engagements;
  ids.engagement = await e.acceptAndOpen(leaderOf(ids.seeker), ids.offer, {
    type: 'school-to-school',
    aims: 'Secure maths teaching in Year 6',
    accountableTo: 'The governing board',
    chargeOut: 1200,
    startDate: '2024-09-02',
    measures: [{ code: 'ks2-maths-progress', target: 0 }],
  });
  await e.addPerson(leaderOf(ids.strong), ids.engagement, { personId: ids.person, role: 'Maths lead' });
  await e.addAction(leaderOf(ids.strong), ids.engagement, {
    description: 'Plan the fractions unit',
    owner: 'Maths lead',
    dueOn: '2030-01-31',
  });
  await e.checkIn(leaderOf(ids.strong), ids.engagement, {
    heldOn: '2024-10-01',
    notes: 'Observed three lessons',
    nextSteps: 'Plan fractions together',
  });
  // An enquiry of two schools, with a person, a cycle and a finding.
  const q = t.services.enquiries;
  ids.enquiry = await q.create(leaderOf(ids.seeker), {
    title: 'Fractions with bar models',
    question: 'Do bar models help Year 5 with fractions?',
    startedOn: '2024-09-02',
    organisationIds: [ids.seeker, ids.strong],
  });
  await q.addPerson(leaderOf(ids.seeker), ids.enquiry, { personId: ids.person, role: 'lead' });
  await q.addCycle(leaderOf(ids.seeker), ids.enquiry, { heldOn: '2024-10-01', tried: 'Bar models in one class' });
  await q.addFinding(leaderOf(ids.seeker), ids.enquiry, { statement: 'Bar models help', evidence: 'Two classes' });
  // A practice of the seeker's, taken up by another school: the library's reads and its spread.
  ids.practice = await t.services.practices.create(ADMIN, {
    organisationId: ids.seeker,
    title: 'Fractions with bar models',
    problem: 'Year 6 could not compare fractions.',
    approach: 'Bar models in every fractions lesson.',
    published: true,
  });
  ids.adoption = await t.services.practices.adopt(ADMIN, ids.practice, {
    organisationId: ids.good,
    fromOrganisationId: ids.seeker,
    startedOn: '2024-09-02',
    // Loaded as history, recorded on the day it began.
    on: '2024-09-02',
    measures: ['ks2-maths-progress'],
  });
  // A school still waiting for help, in coverage.
  await b.stateNeed(leaderOf(ids.good), { organisationId: ids.good, area: 'attendance' });

  // A membership waiting for the network's answer, and something a school shares with its trust.
  const asked = await l.requestMembership(leaderOf(ids.good), {
    memberId: ids.good,
    partnershipId: ids.network,
    startDate: '2024-09-01',
    note: 'Joining for maths',
  });
  ids.membership = 'requestId' in asked ? asked.requestId : 0;
  expect(ids.membership).toBeGreaterThan(0);
  await t.services.accounts.createInvitation(ADMIN, {
    email: 'invited.head@example.test',
    organisationId: ids.seeker,
    role: 'leader',
  });
  ids.agreement = await l.createSharingAgreement(leaderOf(ids.seeker), {
    organisationId: ids.seeker,
    partnershipId: ids.trust,
    what: 'indicators',
    detail: 'summary',
  });

  const leader = await createUser(t.services);
  await t.services.accounts.setMembership(ADMIN, { email: leader.email, organisationId: ids.seeker, role: 'leader' });
  seekerLeader = new TestBrowser(t.app);
  await seekerLeader.signIn(leader.email, leader.password);

  // An entry of the token's own journal, and an issue with an action in the trust's system issues log.
  ids.journalEntry = (await call('POST', '/api/v1/journal', { body: 'What I learnt this week' })).json().id;
  // A self-assessment of the token's own, offered as a strength, and its record shared with a colleague.
  const framework = (await call('GET', '/api/v1/frameworks')).json()[0];
  ids.framework = framework.id;
  await call('POST', '/api/v1/development/assessments', {
    frameworkId: framework.id,
    assessedOn: '2026-01-15',
    ratings: framework.domains.flatMap((d: { components: Array<{ id: number }> }) =>
      d.components.map((c) => ({ componentId: c.id, rating: 2, evidence: 'Led the network day', offered: true })),
    ),
  });
  await call('POST', '/api/v1/development/shares', { email: leader.email, relation: 'line-manager' });
  // A plan with a goal and an action, a 360 round, a mentoring relation proposed, all of the token's own.
  ids.plan = (await call('POST', '/api/v1/plans', { title: 'Towards system leadership' })).json().id;
  const goal = (await call('POST', `/api/v1/plans/${ids.plan}/goals`, { text: 'Lead beyond my school' })).json();
  const goalId = goal.id ?? goal.goalId ?? goal.goals?.[0]?.id;
  const action = (
    await call('POST', `/api/v1/plans/${ids.plan}/actions`, {
      goalId,
      title: 'Shadow a National Leader',
      kind: 'shadowing',
    })
  ).json();
  ids.planAction = action.action?.id ?? action.id;
  ids.feedbackRound = (
    await call('POST', '/api/v1/feedback', { frameworkId: framework.id, closesOn: '2099-12-31' })
  ).json().id;
  ids.mentoringRelation = (await call('POST', '/api/v1/mentoring', { menteeEmail: leader.email })).json().id;
  // An opportunity the trust's own leader posts (administrators do not post for a partnership), read by the
  // token's account as a viewer of the trust (opportunities are for the partnership's people).
  await t.services.accounts.setMembership(ADMIN, { email: tokenUser.email, organisationId: ids.trust, role: 'viewer' });
  const trustLeader = await createUser(t.services);
  const { userId: trustLeaderId } = await t.services.accounts.setMembership(ADMIN, {
    email: trustLeader.email,
    organisationId: ids.trust,
    role: 'leader',
  });
  ids.opportunity = await t.services.succession.post(
    { ...ADMIN, userId: trustLeaderId, isAdmin: false, memberships: [{ organisationId: ids.trust, role: 'leader' }] },
    ids.trust,
    {
      title: 'Reading lead',
      kind: 'stretch-role',
      schoolIds: [],
      asks: 'A day a fortnight',
      suits: null,
      closesOn: '2999-01-01',
    },
  );
  const issues = t.services['system-issues'];
  ids.systemIssue = await issues.raise(leaderOf(ids.seeker), ids.trust, {
    title: 'Records late at transition',
    whatHappened: 'Records reached the secondary school in October',
    whereFailed: 'The handover has no owner',
  });
  await issues.addAction(leaderOf(ids.seeker), ids.systemIssue, {
    description: 'Name an owner',
    ownerId: ids.trust,
    dueOn: '2030-01-31',
  });
  ids.outcome = await t.services.governance.addOutcome(leaderOf(ids.trust), ids.trust, { title: 'Every child reads' });
  await t.services.governance.addMeasure(leaderOf(ids.trust), ids.outcome, {
    indicatorCode: 'ks2-reading-progress',
    milestones: [{ year: 2030, value: 1 }],
  });
  await t.services.governance.commit(leaderOf(ids.good), ids.outcome, {
    organisationId: ids.good,
    what: 'A reading lead in every class',
    status: 'amber',
  });

  const governance = t.services.governance;
  ids.forum = await governance.createForum(leaderOf(ids.trust), ids.trust, {
    name: 'Open Trust Board',
    kind: 'partnership-board',
    visibility: 'partnership',
  });
  const pupils = await governance.createForum(leaderOf(ids.trust), ids.trust, {
    name: 'Open Trust Pupil Forum',
    kind: 'pupil',
    visibility: 'partnership',
    feedsId: ids.forum,
  });
  const chair = leaderOf(ids.forum);
  await governance.addForumMember(chair, ids.forum, { name: 'A Chair', role: 'chair', termFrom: '2026-09-01' });
  ids.forumRecommendation = await governance.recommend(leaderOf(pupils), pupils, {
    toForumId: ids.forum,
    title: 'A buddy for every new pupil',
  });
  ids.forumMeeting = await governance.planMeeting(chair, ids.forum, { title: 'Autumn board', heldOn: '2026-10-01' });
  ids.forumPaper = await governance.addPaper(chair, ids.forumMeeting, { title: 'Budget', visibility: 'partnership' });
  ids.forumElection = await governance.openElection(chair, ids.forum, {
    title: 'Heads’ seats',
    seats: 2,
    electorate: 'peers',
    opensOn: '2026-09-01',
    closesOn: '2026-09-30',
  });
  await governance.addCandidate(chair, ids.forumElection, { name: 'A Candidate' });

  // A decision of the trust's board, taken against the advice of its pupil forum and escalated.
  const board = ids.forum;
  await governance.setLadder(ADMIN, ids.trust, [
    { organisationId: pupils, label: 'Pupil forum' },
    { organisationId: board, label: 'Board' },
    { organisationId: ids.trust, label: 'Trust' },
  ]);
  ids.decision = await governance.propose(leaderOf(ids.trust), board, { title: 'Later start', proposal: 'At 9.15' });
  await governance.addAdvice(leaderOf(ids.trust), ids.decision, {
    adviser: 'Pupils',
    forumId: pupils,
    position: 'oppose',
    advice: 'Buses',
    givenOn: '2024-01-01',
  });
  await governance.decide(leaderOf(ids.trust), ids.decision, {
    decision: 'At 9.15',
    decidedBy: 'The board',
    decidedOn: '2024-02-01',
    expectations: [{ indicatorCode: 'absence-persistent-percent', organisationId: ids.seeker, expectedChange: -1 }],
  });
  const pupilLead = actorWith(
    { organisationId: pupils, role: 'leader' },
    { organisationId: ids.trust, role: 'member' },
  );
  ids.escalation = await governance.escalate(pupilLead, ids.decision, {
    reason: 'against-advice',
    fromId: pupils,
    matter: 'Pupils cannot arrive',
  });

  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers })).json();
});
afterAll(async () => t?.close());

async function call(method: string, url: string, payload?: object) {
  return t.app.inject({ method: method as 'GET', url, headers, payload });
}

/** The GETs of the API, one call each on the data above. */
function reads() {
  const i = ids;
  return [
    ['/api/v1/me', '/api/v1/me'],
    ['/api/v1/tokens', '/api/v1/tokens'],
    ['/api/v1/accounts', '/api/v1/accounts'],
    ['/api/v1/invitations', '/api/v1/invitations'],
    ['/api/v1/organisations', '/api/v1/organisations?perPage=200'],
    ['/api/v1/organisations/{id}', `/api/v1/organisations/${i.seeker}`],
    ['/api/v1/organisations/{id}/sharing-agreements', `/api/v1/organisations/${i.seeker}/sharing-agreements`],
    ['/api/v1/organisations/{id}/indicators', `/api/v1/organisations/${i.seeker}/indicators`],
    ['/api/v1/people', '/api/v1/people'],
    ['/api/v1/people/{id}', `/api/v1/people/${i.person}`],
    ['/api/v1/people/{id}/export', `/api/v1/people/${i.person}/export`],
    ['/api/v1/roles', '/api/v1/roles'],
    ['/api/v1/landscape', '/api/v1/landscape?by=role'],
    ['/api/v1/role-assignments', '/api/v1/role-assignments'],
    ['/api/v1/role-assignments/{id}', `/api/v1/role-assignments/${i.assignment}`],
    ['/api/v1/relationships', '/api/v1/relationships'],
    ['/api/v1/relationships/{id}', `/api/v1/relationships/${i.relationship}`],
    ['/api/v1/membership-requests', '/api/v1/membership-requests'],
    ['/api/v1/membership-requests/{id}', `/api/v1/membership-requests/${i.membership}`],
    ['/api/v1/indicators', '/api/v1/indicators'],
    ['/api/v1/indicators/group', '/api/v1/indicators/group?scope=997&indicator=ks2-maths-progress&benchmark=england'],
    ['/api/v1/indicators/shared', '/api/v1/indicators/shared?scope=997'],
    ['/api/v1/network/metrics', '/api/v1/network/metrics'],
    ['/api/v1/network/graph', '/api/v1/network/graph'],
    ['/api/v1/network/compare', '/api/v1/network/compare?from=2023-01-01&to=2030-01-01'],
    ['/api/v1/network/export', '/api/v1/network/export?format=gexf'],
    ['/api/v1/support/matches', `/api/v1/support/matches?organisationId=${i.good}&area=maths`],
    ['/api/v1/support/requests', '/api/v1/support/requests'],
    ['/api/v1/support/requests/{id}', `/api/v1/support/requests/${i.request}`],
    ['/api/v1/support/coverage', '/api/v1/support/coverage'],
    ['/api/v1/engagements', '/api/v1/engagements'],
    ['/api/v1/engagements/{id}', `/api/v1/engagements/${i.engagement}`],
    ['/api/v1/engagements/{id}/impact', `/api/v1/engagements/${i.engagement}/impact`],
    ['/api/v1/governance/partnerships/{id}/outcomes', `/api/v1/governance/partnerships/${i.trust}/outcomes`],
    ['/api/v1/governance/outcomes/{id}', `/api/v1/governance/outcomes/${i.outcome}`],
    ['/api/v1/enquiries', '/api/v1/enquiries'],
    ['/api/v1/enquiries/{id}', `/api/v1/enquiries/${i.enquiry}`],
    ['/api/v1/practices', '/api/v1/practices'],
    ['/api/v1/practices/{id}', `/api/v1/practices/${i.practice}`],
    ['/api/v1/practice-adoptions', '/api/v1/practice-adoptions'],
    ['/api/v1/practice-adoptions/{id}', `/api/v1/practice-adoptions/${i.adoption}`],
    ['/api/v1/practices/{id}/spread', `/api/v1/practices/${i.practice}/spread`],
    ['/api/v1/practices/{id}/spread/map', `/api/v1/practices/${i.practice}/spread/map`],
    ['/api/v1/audit', '/api/v1/audit'],
    ['/api/v1/imports/{id}', `/api/v1/imports/${i.importRun}`],
    ['/api/v1/notifications', '/api/v1/notifications'],
    ['/api/v1/journal', '/api/v1/journal'],
    ['/api/v1/journal/{id}', `/api/v1/journal/${i.journalEntry}`],
    ['/api/v1/frameworks', '/api/v1/frameworks'],
    ['/api/v1/frameworks/{id}', `/api/v1/frameworks/${i.framework}`],
    ['/api/v1/development/assessments', '/api/v1/development/assessments'],
    ['/api/v1/development/profile/{id}', `/api/v1/development/profile/${i.framework}`],
    ['/api/v1/development/shares', '/api/v1/development/shares'],
    ['/api/v1/development/offers', '/api/v1/development/offers'],
    ['/api/v1/development/export', '/api/v1/development/export'],
    ['/api/v1/plans', '/api/v1/plans'],
    ['/api/v1/plans/shared', '/api/v1/plans/shared'],
    ['/api/v1/plans/{id}', `/api/v1/plans/${i.plan}`],
    ['/api/v1/plans/{id}/actions/{actionId}', `/api/v1/plans/${i.plan}/actions/${i.planAction}`],
    ['/api/v1/feedback', '/api/v1/feedback'],
    ['/api/v1/feedback/shared', '/api/v1/feedback/shared'],
    ['/api/v1/feedback/{id}/results', `/api/v1/feedback/${i.feedbackRound}/results`],
    ['/api/v1/feedback/{id}/raters', `/api/v1/feedback/${i.feedbackRound}/raters`],
    ['/api/v1/feedback/{id}/suggestions', `/api/v1/feedback/${i.feedbackRound}/suggestions`],
    ['/api/v1/mentoring', '/api/v1/mentoring'],
    ['/api/v1/mentoring/offer', '/api/v1/mentoring/offer'],
    ['/api/v1/mentoring/suggestions', '/api/v1/mentoring/suggestions'],
    ['/api/v1/mentoring/{id}', `/api/v1/mentoring/${i.mentoringRelation}`],
    ['/api/v1/opportunities', '/api/v1/opportunities'],
    ['/api/v1/families/figures', '/api/v1/families/figures'],
    ['/api/v1/system-health/{scope}', `/api/v1/system-health/${i.trust}`],
    ['/api/v1/opportunities/{id}', `/api/v1/opportunities/${i.opportunity}`],
    ['/api/v1/succession/intentions', '/api/v1/succession/intentions'],
    ['/api/v1/succession/partnerships/{id}', `/api/v1/succession/partnerships/${i.trust}`],
    ['/api/v1/succession/counts', '/api/v1/succession/counts'],
    ['/api/v1/system-issues', '/api/v1/system-issues'],
    ['/api/v1/governance/partnerships/{id}/decisions', `/api/v1/governance/partnerships/${i.trust}/decisions`],
    [
      '/api/v1/governance/partnerships/{id}/escalation-ladder',
      `/api/v1/governance/partnerships/${i.trust}/escalation-ladder`,
    ],
    ['/api/v1/decisions/{id}', `/api/v1/decisions/${i.decision}`],
    ['/api/v1/escalations/{id}', `/api/v1/escalations/${i.escalation}`],
    ['/api/v1/system-issues/{partnershipId}', `/api/v1/system-issues/${i.trust}`],
    ['/api/v1/system-issues/issues/{id}', `/api/v1/system-issues/issues/${i.systemIssue}`],
    ['/api/v1/governance/partnerships/{partnershipId}/forums', `/api/v1/governance/partnerships/${i.trust}/forums`],
    ['/api/v1/forums/{id}', `/api/v1/forums/${i.forum}`],
    ['/api/v1/forums/elections/{id}', `/api/v1/forums/elections/${i.forumElection}`],
    ['/api/v1/forums/meetings/{id}', `/api/v1/forums/meetings/${i.forumMeeting}`],
    ['/api/v1/forums/papers/{id}', `/api/v1/forums/papers/${i.forumPaper}`],
    ['/api/v1/forums/recommendations/{id}', `/api/v1/forums/recommendations/${i.forumRecommendation}`],
  ] as const;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

/** The schema the document gives for an operation's answer of a status and media type. */
function responseSchema(
  method: string,
  pathTemplate: string,
  status: number,
  media = 'application/json',
): Schema | undefined {
  return doc.paths[pathTemplate]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.[media]?.schema;
}

/** Validates a live JSON answer against the document: the problems, none when it conforms. */
function problemsOf(method: string, pathTemplate: string, response: { statusCode: number; json(): unknown }): string[] {
  const key = `${method} ${pathTemplate} ${response.statusCode}`;
  const schema = responseSchema(method, pathTemplate, response.statusCode);
  if (!schema) return [`${key}: the document has no JSON schema for this answer`];
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(schema)));
  return validate(response.json())
    ? []
    : (validate.errors ?? []).map(
        (e) => `${key}: ${e.instancePath || '(the answer)'} ${e.message} ${JSON.stringify(e.params)}`,
      );
}

/**
 * Nested objects that may hold any keys, each with why: an audit entry's detail differs by
 * action and kind of record. Anything else left open, or untyped, is reported.
 */
const FREE_FORM = new Set(['GET /api/v1/audit 200 .items[].detail']);

/** What is wrong with a documented JSON answer: open or empty objects, untyped values; the top must be an object with properties, or an array of them. */
function schemaProblems(where: string, schema: Schema | undefined): string[] {
  if (!schema) return [`${where}: no schema`];
  const top = schema.type === 'array' ? (schema.items as Schema | undefined) : schema;
  const problems: string[] = [];
  if (!top || top.type !== 'object' || Object.keys((top.properties as object | undefined) ?? {}).length === 0)
    problems.push(`${where}: not an object with properties (or an array of them)`);
  const walk = (s: Schema, at: string) => {
    const label = `${where} ${at || '(the answer)'}`;
    if (FREE_FORM.has(`${where} ${at}`)) return;
    const typed = ['type', 'anyOf', 'oneOf', 'allOf', 'enum', '$ref', 'const'].some((k) => k in s);
    if (!typed) problems.push(`${label}: untyped (any value)`);
    if (s.additionalProperties === true) problems.push(`${label}: open object (additionalProperties: true)`);
    if (s.type === 'object') {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      const extra = s.additionalProperties;
      if (
        Object.keys(properties).length === 0 &&
        !(extra && typeof extra === 'object' && Object.keys(extra).length > 0)
      )
        problems.push(`${label}: an object with no properties`);
      for (const [name, child] of Object.entries(properties)) walk(child, `${at}.${name}`);
      if (extra && typeof extra === 'object') walk(extra as Schema, `${at}{}`);
    }
    if (s.type === 'array') {
      if (!s.items) problems.push(`${label}: an array of untyped items`);
      else walk(s.items as Schema, `${at}[]`);
    }
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const [n, child] of ((s[k] ?? []) as Schema[]).entries()) walk(child, `${at}<${k}${n}>`);
  };
  walk(schema, '');
  return problems;
}

/** Every operation of the document as `METHOD /path`, with its definition. */
function operations(): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([pathTemplate, methods]) =>
    Object.entries(methods).map(
      ([method, op]) => [method.toUpperCase(), pathTemplate, op] as [string, string, Operation],
    ),
  );
}

const normalised = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the OpenAPI document', () => {
  it('documents, for every operation, a 2xx answer whose JSON is an object with properties or an array of them', () => {
    expect(operations().length).toBeGreaterThan(40);
    const offenders: string[] = [];
    for (const [method, pathTemplate, op] of operations()) {
      const where = `${method} ${pathTemplate}`;
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
      if (ok.length === 0) offenders.push(`${where}: no 2xx answer documented`);
      for (const [status, response] of ok) {
        if (!response.content) {
          // Only "no content" answers have no body.
          if (status !== '204') offenders.push(`${where} ${status}: no body documented`);
          continue;
        }
        for (const [media, { schema }] of Object.entries(response.content)) {
          if (media.includes('json')) offenders.push(...schemaProblems(`${where} ${status}`, schema));
          // A file (an export) is text of its own format.
          else if (schema?.type !== 'string')
            offenders.push(`${where} ${status} ${media}: a file answer should be described as a string`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reports an open or empty object, and an untyped value', () => {
    expect(schemaProblems('GET /x 200', { type: 'object', additionalProperties: true, properties: {} })).toHaveLength(
      3,
    );
    expect(schemaProblems('GET /x 200', { type: 'array', items: { type: 'object', properties: { a: {} } } })).toEqual([
      'GET /x 200 [].a: untyped (any value)',
    ]);
    expect(
      schemaProblems('GET /x 200', { type: 'object', properties: { a: { type: 'string', nullable: true } } }),
    ).toEqual([]);
  });

  it('finds an answer that does not match its schema: a property missing, a null where none is allowed', async () => {
    const real = (await call('GET', `/api/v1/engagements/${ids.engagement}`)).json();
    const as = (body: unknown) => ({ statusCode: 200, json: () => body });
    expect(problemsOf('GET', '/api/v1/engagements/{id}', as(real))).toEqual([]);
    expect(problemsOf('GET', '/api/v1/engagements/{id}', as({ ...real, canEdit: null })).join()).toContain('/canEdit');
    const { measures: _measures, ...without } = real;
    expect(problemsOf('GET', '/api/v1/engagements/{id}', as(without)).join()).toContain('measures');
    expect(
      problemsOf(
        'GET',
        '/api/v1/engagements/{id}',
        as({ ...real, engagement: { ...real.engagement, endDate: null, chargeOut: null } }),
      ),
    ).toEqual([]);
  });
});

describe('what the API answers', () => {
  it('calls a GET of every read operation of the document', () => {
    const called = new Set(reads().map(([pathTemplate]) => `GET ${pathTemplate}`));
    const gets = operations()
      .filter(([method]) => method === 'GET')
      .map(([method, pathTemplate]) => `${method} ${pathTemplate}`);
    expect(gets.filter((op) => !called.has(op))).toEqual([]);
    expect([...called].filter((op) => !gets.includes(op))).toEqual([]);
  });

  it('answers every read, for an administrator, as the document says', async () => {
    const problems: string[] = [];
    for (const [pathTemplate, url] of reads()) {
      const response = await call('GET', url);
      if (response.statusCode !== 200) {
        problems.push(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        continue;
      }
      const media = String(response.headers['content-type']).split(';')[0]!;
      if (media === 'application/json') problems.push(...problemsOf('GET', pathTemplate, response));
      else if (!responseSchema('GET', pathTemplate, 200, media))
        problems.push(`GET ${url}: answered ${media}, which the document does not name`);
    }
    expect(problems).toEqual([]);
  });

  it('answers every export format with a media type the document names', async () => {
    for (const format of ['gexf', 'graphml', 'nodes.csv', 'edges.csv', 'dictionary.csv']) {
      const response = await call('GET', `/api/v1/network/export?format=${format}`);
      expect(response.statusCode, format).toBe(200);
      const media = String(response.headers['content-type']).split(';')[0]!;
      expect(responseSchema('GET', '/api/v1/network/export', 200, media), `${format}: ${media}`).toMatchObject({
        type: 'string',
      });
      expect(response.body.length, format).toBeGreaterThan(0);
    }
  });

  it('lists support requests, with their items, as the document says', async () => {
    const response = await seekerLeader.get('/api/v1/support/requests');
    expect(response.json()).toHaveLength(1);
    expect(problemsOf('GET', '/api/v1/support/requests', response)).toEqual([]);
  });

  it('gives everything the services give: no property is dropped by the serialiser', async () => {
    const i = ids;
    const network = await t.services.network.report(ADMIN, {});
    const compared = await t.services.network.compare(ADMIN, { from: '2023-01-01', to: '2030-01-01' });
    const pairs: Array<[string, () => unknown]> = [
      ['/api/v1/engagements', () => t.services.engagements.list(ADMIN)],
      [`/api/v1/engagements/${i.engagement}`, () => t.services.engagements.get(ADMIN, i.engagement)],
      [`/api/v1/engagements/${i.engagement}/impact`, () => t.services.engagements.impact(ADMIN, i.engagement)],
      ['/api/v1/enquiries', () => t.services.enquiries.list(ADMIN)],
      [`/api/v1/enquiries/${i.enquiry}`, () => t.services.enquiries.get(ADMIN, i.enquiry)],
      [`/api/v1/support/requests/${i.request}`, () => t.services.brokerage.getRequest(ADMIN, i.request)],
      ['/api/v1/support/coverage', () => t.services.brokerage.coverage(ADMIN)],
      [
        `/api/v1/support/matches?organisationId=${i.good}&area=maths`,
        () => t.services.brokerage.matches(ADMIN, { organisationId: i.good, area: 'maths' }),
      ],
      ['/api/v1/membership-requests', async () => ({ items: await t.services.landscape.myPendingMemberships(ADMIN) })],
      [
        `/api/v1/membership-requests/${i.membership}`,
        () => t.services.landscape.getMembershipRequest(ADMIN, i.membership),
      ],
      [
        `/api/v1/organisations/${i.seeker}/sharing-agreements`,
        async () => ({ items: await t.services.landscape.listSharingAgreements(ADMIN, i.seeker) }),
      ],
      [`/api/v1/people/${i.person}/export`, () => t.services.landscape.exportPersonData(ADMIN, i.person)],
      ['/api/v1/network/metrics', () => metricsJson(network)],
      ['/api/v1/network/graph', () => mapData(network, 'degree')],
      [
        '/api/v1/network/compare?from=2023-01-01&to=2030-01-01',
        async () => ({
          from: metricsJson(compared.from).summary,
          to: metricsJson(compared.to).summary,
          added: compared.added,
          ended: compared.ended,
        }),
      ],
      [
        '/api/v1/audit',
        async () => ({ items: await t.services.audit.list(ADMIN, { limit: 100, offset: 0 }), page: 1 }),
      ],
    ];
    // Each service is asked just before its GET: a read of personal data, or of the audit trail, sees what the one before it recorded.
    for (const [url, expected] of pairs) {
      const given = normalised(await expected());
      expect((await call('GET', url)).json(), url).toEqual(given);
    }
    expect((await seekerLeader.get('/api/v1/support/requests')).json()).toEqual(
      normalised(await t.services.brokerage.listRequests(leaderOf(i.seeker))),
    );
  });

  it('keeps what clients read of an engagement: measures with their baseline, impact beside similar schools', async () => {
    const view = (await call('GET', `/api/v1/engagements/${ids.engagement}`)).json();
    expect(view.measures).toEqual([
      {
        indicatorId: expect.any(Number),
        code: 'ks2-maths-progress',
        name: 'Key stage 2 maths progress',
        baselinePeriod: '2023/24',
        baselineValue: -2.5,
        targetValue: 0,
        reviewOn: null,
        baselineShared: true,
        baselineDisplay: '−2.50',
        targetDisplay: '0.00',
        latestPeriod: '2023/24',
        latestValue: -2.5,
        latestDisplay: '−2.50',
        changeSinceBaseline: null,
      },
    ]);
    expect(view).toMatchObject({
      canEdit: true,
      nextCheckInDue: '2024-11-19',
      phases: ['foundations', 'diagnosis', 'improvement', 'exit'],
    });
    expect(view.engagement).toMatchObject({
      supportedName: 'Seeker Primary',
      supportingName: 'Strong Primary',
      requestId: ids.request,
      chargeOut: 1200,
      endDate: null,
      status: 'active',
    });
    const impact = (await call('GET', `/api/v1/engagements/${ids.engagement}/impact`)).json();
    expect(impact.measures[0]).toMatchObject({
      minCohort: expect.any(Number),
      thinComparison: true,
      smallComparison: true,
      baseline: { period: '2023/24', value: -2.5 },
    });
    expect(impact.measures[0].rows).toEqual([
      expect.objectContaining({
        period: '2023/24',
        partnerValue: -2.5,
        supporterValue: 2.5,
        peersValue: null,
        peersMargin: null,
        peers: '—',
      }),
    ]);
    const request = (await call('GET', `/api/v1/support/requests/${ids.request}`)).json();
    expect(request.request).toMatchObject({
      invited: [ids.strong, ids.good],
      partnershipId: ids.trust,
      status: 'accepted',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('answers writes as the document says', async () => {
    const problems: string[] = [];
    const write = async (
      method: string,
      pathTemplate: string,
      url: string,
      payload: object | undefined,
      status: number,
    ) => {
      const response = await call(method, url, payload);
      if (response.statusCode !== status)
        problems.push(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      else problems.push(...problemsOf(method, pathTemplate, response));
      return response.statusCode === status ? response.json() : {};
    };
    const school = await write(
      'POST',
      '/api/v1/organisations',
      '/api/v1/organisations',
      { kind: 'school', name: 'Written Primary', urn: 997809, localAuthorityId: ids.la, phase: 'primary' },
      201,
    );
    await write('PATCH', '/api/v1/organisations/{id}', `/api/v1/organisations/${school.id}`, { pupils: 210 }, 200);
    const person = await write(
      'POST',
      '/api/v1/people',
      '/api/v1/people',
      { name: 'Written Person', organisationId: school.id },
      201,
    );
    await write('PATCH', '/api/v1/people/{id}', `/api/v1/people/${person.id}`, { jobTitle: 'Headteacher' }, 200);
    const assignment = await write(
      'POST',
      '/api/v1/role-assignments',
      '/api/v1/role-assignments',
      { personId: person.id, roleCode: 'national-leader-of-education', organisationId: school.id },
      201,
    );
    await write(
      'PATCH',
      '/api/v1/role-assignments/{id}',
      `/api/v1/role-assignments/${assignment.id}`,
      { endDate: '2030-08-31' },
      200,
    );
    const tie = await write(
      'POST',
      '/api/v1/relationships',
      '/api/v1/relationships',
      { type: 'support', fromOrganisationId: ids.strong, toOrganisationId: school.id },
      201,
    );
    await write(
      'PATCH',
      '/api/v1/relationships/{id}',
      `/api/v1/relationships/${tie.id}`,
      { note: 'Reading support' },
      200,
    );
    await write(
      'POST',
      '/api/v1/membership-requests',
      '/api/v1/membership-requests',
      { memberId: school.id, partnershipId: ids.trust },
      201,
    );
    await write(
      'POST',
      '/api/v1/membership-requests/{id}/approve',
      `/api/v1/membership-requests/${ids.membership}/approve`,
      undefined,
      200,
    );
    await write(
      'POST',
      '/api/v1/indicators',
      '/api/v1/indicators',
      {
        code: 'openapi-written',
        name: 'Written indicator',
        unit: 'percent',
        kind: 'soft',
        direction: 'higher',
        source: 'Tests',
      },
      201,
    );
    await write(
      'PUT',
      '/api/v1/organisations/{id}/group-setting',
      `/api/v1/organisations/${ids.trust}/group-setting`,
      { memberValues: 'leaders' },
      200,
    );
    await write(
      'PUT',
      '/api/v1/organisations/{id}/match-weights',
      `/api/v1/organisations/${ids.trust}/match-weights`,
      { strength: 3, context: 2, distance: 1, capacity: 1, ties: 2 },
      200,
    );
    const need = await write(
      'POST',
      '/api/v1/support/needs',
      '/api/v1/support/needs',
      { organisationId: school.id, area: 'writing', detail: 'Year 4 writing' },
      201,
    );
    expect(need).toMatchObject({
      organisationName: 'Written Primary',
      area: 'writing',
      detail: 'Year 4 writing',
      status: 'open',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const agreement = await write(
      'POST',
      '/api/v1/organisations/{id}/sharing-agreements',
      `/api/v1/organisations/${school.id}/sharing-agreements`,
      { partnershipId: ids.trust, what: 'contact-details' },
      201,
    );
    expect(
      await write(
        'POST',
        '/api/v1/sharing-agreements/{id}/end',
        `/api/v1/sharing-agreements/${agreement.id}/end`,
        undefined,
        200,
      ),
    ).toEqual({ organisationId: school.id });
    const checkIn = await write(
      'POST',
      '/api/v1/engagements/{id}/check-ins',
      `/api/v1/engagements/${ids.engagement}/check-ins`,
      { notes: 'Met the maths lead', nextSteps: 'Plan the next visit' },
      201,
    );
    expect(checkIn).toMatchObject({ notes: 'Met the maths lead', edited: false, mayChange: true });
    expect(
      await write(
        'PATCH',
        '/api/v1/engagements/{id}/check-ins/{checkInId}',
        `/api/v1/engagements/${ids.engagement}/check-ins/${checkIn.id}`,
        { nextSteps: 'Plan two visits' },
        200,
      ),
    ).toMatchObject({ notes: 'Met the maths lead', nextSteps: 'Plan two visits', edited: true });
    const deleted = await call('DELETE', `/api/v1/engagements/${ids.engagement}/check-ins/${checkIn.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(
      await write('POST', '/api/v1/people/{id}/erase', `/api/v1/people/${ids.spare}/erase`, undefined, 200),
    ).toEqual({ roleAssignments: 0 });
    expect(problems).toEqual([]);
  });
});
