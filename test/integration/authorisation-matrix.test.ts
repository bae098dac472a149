/**
 * The authorisation matrix: every route the application registers, tried by an anonymous
 * visitor, a viewer of another organisation, a member and a leader of the organisation
 * concerned, and an administrator. Each answer's status must be the expected one, and no
 * answer to someone not entitled may carry the canary of personal data. A route without an
 * entry here fails the test.
 *
 * Each signed-in kind of user also arrives four ways: a full session (the `expect` of each
 * entry), a session still setting up its account (one-time password not replaced, and an
 * administrator without two-factor sign-in), a read-only token and a read and write token.
 * Unless an entry says otherwise, a session mid-set-up reaches only the routes marked
 * `setupRoute` (and public ones): other pages send it to set-up (303), anything else is 403;
 * tokens reach the API only (every page 403); a read token's writes are 403, its GETs answer
 * as the full session's; a write token's calls answer as the full session's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stepAt, totpCode } from '../../src/modules/accounts/totp.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';
import { actorWith, leaderOf } from '../factories.js';
import { MODULES } from '../../src/modules/index.js';
import { todayIso } from '../../src/modules/landscape/index.js';

/** What a route is sent: a form's fields, or an API's JSON (a list of ids among them). */
type Body = Record<string, string | number | boolean | number[] | object[]>;
type Who = 'anonymous' | 'outsider' | 'member' | 'leader' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'outsider', 'member', 'leader', 'admin'];
type Expectation = Record<Who, number[]>;

const OK = [200, 201, 204, 303];
const page = (signedIn: number[]): Expectation => ({
  anonymous: [303],
  outsider: signedIn,
  member: signedIn,
  leader: signedIn,
  admin: signedIn,
});
const api = (signedIn: number[]): Expectation => ({
  anonymous: [401],
  outsider: signedIn,
  member: signedIn,
  leader: signedIn,
  admin: signedIn,
});
const post = (signedIn: number[]): Expectation => ({
  anonymous: [401],
  outsider: signedIn,
  member: signedIn,
  leader: signedIn,
  admin: signedIn,
});
const by = (
  anonymous: number[],
  rule: Partial<Record<Exclude<Who, 'anonymous'>, number[]>>,
  rest: number[],
): Expectation => ({
  anonymous,
  outsider: rule.outsider ?? rest,
  member: rule.member ?? rest,
  leader: rule.leader ?? rest,
  admin: rule.admin ?? rest,
});
/**
 * A printable page's PDF answers as the page does where Chromium makes PDFs (ADR 12); where
 * it does not, it says to print from the browser (404).
 */
const PDFS_MADE = fs.existsSync(loadConfig({ NODE_ENV: 'test', ...process.env }).chromiumPath);
const asPdf = (page: Expectation): Expectation =>
  PDFS_MADE
    ? page
    : (Object.fromEntries(
        Object.entries(page).map(([who, statuses]) => [who, statuses.map((s) => (s === 200 ? 404 : s))]),
      ) as Expectation);
const adminOnly = (anonymous: number[]) => by(anonymous, { admin: OK }, [403]);
const leaders = (anonymous: number[]) => by(anonymous, { leader: OK, admin: OK }, [403]);
/** Family records open only to accounts with two-factor sign-in: the rest are refused before anything is looked up. */
const twoFactorOnly = (anonymous: number[], admin: number[]) => by(anonymous, { admin }, [403]);

type Signed = Exclude<Who, 'anonymous'>;
const SIGNED: Signed[] = ['outsider', 'member', 'leader', 'admin'];
/** How a signed-in user arrived, besides a full session. */
type Via = 'setup' | 'read' | 'write';
const everySigned = (statuses: number[]): Partial<Record<Signed, number[]>> => ({
  outsider: statuses,
  member: statuses,
  leader: statuses,
  admin: statuses,
});
/**
 * For a write that can be done once: each kind of user in a full session makes it in turn,
 * and before the other ways of arriving are tried, the full sessions have made it (in their
 * own test, or first in the test of the other ways), so a write token reaches the service and
 * gets its answer to a second attempt.
 */
const secondAttempt = (rule: Partial<Record<Signed, number[]>>) => ({ once: true, via: { write: rule } });

let t: TestApp;
const browsers = {} as Record<Who, TestBrowser>;
/** Sessions still setting up their account, and the set-up page each is sent to. */
const settingUp: Array<{ who: Signed; label: string; browser: TestBrowser; setupPage: string }> = [];
const tokens = { read: {} as Record<Signed, string>, write: {} as Record<Signed, string> };
const ids = {
  healthSnapshot: 0,
  healthNote: 0,
  practice: 0,
  practiceToAdopt: 0,
  ownPractice: 0,
  adoption: 0,
  resource: 0,
  need: 0,
  closableNeed: 0,
  request: 0,
  acceptRequest: 0,
  acceptOffer: 0,
  offer: 0,
  engagement: 0,
  action: 0,
  checkIn: 0,
  enquiry: 0,
  enquiryCycle: 0,
  survey: 0,
  draft: 0,
  draftQuestion: 0,
  opening: 0,
  closing: 0,
  scaleQuestion: 0,
  trust: 0,
  agreement: 0,
  erasable: 0,
  erasableByPage: 0,
  schoolA: 0,
  schoolB: 0,
  personA: 0,
  assignment: 0,
  relationship: 0,
  importRun: 0,
  spareUser: 0,
  adminToken: 0,
  network: 0,
  askA: 0,
  askB: 0,
  askC: 0,
  askD: 0,
  askE: 0,
  askF: 0,
  roleChanged: 0,
  removedByPage: 0,
  removedByApi: 0,
  disposable: 0,
  invitationByPage: 0,
  invitationByApi: 0,
  journalEntry: 0,
  framework: 0,
  spareAssessment: 0,
  opportunity: 0,
  spareIntention: 0,
  plan: 0,
  planGoal: 0,
  planAction: 0,
  feedbackRound: 0,
  mentoringRelation: 0,
  family: 0,
  familyMember: 0,
  familyConsent: 0,
  familyReferral: 0,
  familyService: 0,
  systemIssue: 0,
  issueAction: 0,
  closableIssue: 0,
  outcome: 0,
  removableOutcome: 0,
  measure: 0,
  removableMeasure: 0,
  commitment: 0,
  board: 0,
  pupilForum: 0,
  closedForum: 0,
  forumMember: 0,
  meeting: 0,
  paper: 0,
  pupilMeeting: 0,
  closedMeeting: 0,
  closedPaper: 0,
  election: 0,
  candidate: 0,
  recommendation: 0,
  proposal: 0,
  decision: 0,
  closedDecision: 0,
  escalation: 0,
};
/** The components of the framework the matrix assesses against. */
let frameworkComponents: number[] = [];
/** A rater's private link of the spare account's 360 round, and someone that account proposes to mentor. */
let feedbackToken = '';
let menteeEmail = '';
/** The path of a pending invitation's link (to a school A address, with no account). */
let invitationPath = '';
/** A new address for each invitation made, so no two attempts collide. */
let nextInvitee = 0;
let spareEmail = '';
const CANARY = 'canary.contact@alder.example';
/** A written survey answer: only the leaders of the organisation whose respondents wrote it may read it. */
const TEXT_CANARY = 'canary written answer';
/** The business of a forum-only forum (a paper, a proposal): none of the matrix's users is a member, so none may read it. */
const FORUM_CANARY = 'canary forum-only business';
/** A new title for each outcome added, so no two attempts clash. */
let nextOutcome = 0;
let token = '';

/**
 * The system every route is tried on, with the users who try them. Each test below has one of
 * its own: the writes the routes make (an erasure, memberships approved, surveys closed) must
 * not reach another test.
 */
async function build() {
  // As installed: administrators must set up two-factor sign-in. Set-up routes are tried many times, so the per-address limit is lifted.
  t = await createTestApp({ requireAdminTwoFactor: true, signInAttemptsPerMinute: 1000 });
  for (const who of Object.keys(browsers) as Who[]) delete browsers[who];
  settingUp.length = 0;
  tokens.read = {} as Record<Signed, string>;
  tokens.write = {} as Record<Signed, string>;
  const l = t.services.landscape;
  ids.schoolA = (await l.createOrganisation(ADMIN, { kind: 'school', name: 'Alder Primary', urn: 996001 })).id;
  ids.schoolB = (await l.createOrganisation(ADMIN, { kind: 'school', name: 'Birch Primary', urn: 996002 })).id;
  ids.personA = (await l.createPerson(ADMIN, { name: 'Ada Alder', email: CANARY, organisationId: ids.schoolA })).id;
  ids.trust = (await l.createOrganisation(ADMIN, { kind: 'academy-trust', name: 'Matrix Trust' })).id;
  ids.agreement = await l.createSharingAgreement(ADMIN, {
    organisationId: ids.schoolA,
    partnershipId: ids.trust,
    what: 'indicators',
  });
  ids.erasable = (await l.createPerson(ADMIN, { name: 'Leaving Person', organisationId: ids.schoolA })).id;
  ids.erasableByPage = (
    await l.createPerson(ADMIN, { name: 'Person Leaving By Page', organisationId: ids.schoolA })
  ).id;
  ids.assignment = (
    await l.createRoleAssignment(ADMIN, { personId: ids.personA, roleCode: 'mentor-head', organisationId: ids.schoolA })
  ).id;
  ids.relationship = (
    await l.createRelationship(ADMIN, {
      type: 'partnership',
      fromOrganisationId: ids.schoolA,
      toOrganisationId: ids.schoolB,
    })
  ).id;
  const spare = await createUser(t.services);
  spareEmail = spare.email;
  for (const who of EVERYONE) {
    browsers[who] = new TestBrowser(t.app);
    if (who === 'anonymous') {
      await browsers[who].get('/sign-in');
      continue;
    }
    const giveRole = async (email: string) => {
      if (who === 'outsider')
        await t.services.accounts.setMembership(ADMIN, { email, organisationId: ids.schoolB, role: 'viewer' });
      if (who === 'member' || who === 'leader')
        await t.services.accounts.setMembership(ADMIN, { email, organisationId: ids.schoolA, role: who });
    };
    const user = await createUser(t.services, { isAdmin: who === 'admin' });
    await giveRole(user.email);
    await browsers[who].signIn(user.email, user.password);
    if (who === 'admin') {
      const setup = await browsers[who].get('/account/two-factor');
      const secret = /data-secret="([A-Z2-7]+)"/.exec(setup.body)![1]!;
      await browsers[who].post('/account/two-factor', { code: totpCode(secret, stepAt(Date.now())) });
      ids.adminToken = (await t.services.accounts.createTokenForEmail(user.email, 'admin token', 'write')).record.id;
    }
    tokens.read[who] = (await t.services.accounts.createTokenForEmail(user.email, 'matrix read', 'read')).token;
    tokens.write[who] = (await t.services.accounts.createTokenForEmail(user.email, 'matrix write', 'write')).token;

    const newcomer = await t.services.accounts.createUser({
      email: `newcomer.${who}@example.test`,
      name: `New ${who}`,
      isAdmin: who === 'admin',
    });
    await giveRole(newcomer.email);
    const halfway = new TestBrowser(t.app);
    await halfway.signIn(newcomer.email, newcomer.password);
    settingUp.push({ who, label: `${who} with a one-time password`, browser: halfway, setupPage: '/account/password' });
    if (who === 'admin') {
      const unenrolled = await createUser(t.services, { isAdmin: true });
      const browser = new TestBrowser(t.app);
      await browser.signIn(unenrolled.email, unenrolled.password);
      settingUp.push({ who, label: 'admin without two-factor sign-in', browser, setupPage: '/account/two-factor' });
    }
  }
  ids.spareUser = (
    await t.services.accounts.setMembership(ADMIN, { email: spareEmail, organisationId: ids.schoolA, role: 'viewer' })
  ).userId;
  // A journal entry of an account none of the matrix's users is: no one trying the routes may read or change it.
  ids.journalEntry = (
    await t.services.journal.write(
      { ...ADMIN, userId: ids.spareUser, email: spareEmail, isAdmin: false, memberships: [] },
      { body: 'Matrix journal entry' },
    )
  ).id;
  // A self-assessment of that account, with personal data in its evidence: no one trying the routes may read it.
  const spareActor = { ...ADMIN, userId: ids.spareUser, email: spareEmail, isAdmin: false, memberships: [] };
  const capabilities = (await t.services.development.frameworks(ADMIN))[0]!;
  ids.framework = capabilities.id;
  frameworkComponents = capabilities.domains.flatMap((d) => d.components.map((c) => c.id));
  ids.spareAssessment = (
    await t.services.development.assess(spareActor, {
      frameworkId: ids.framework,
      ratings: frameworkComponents.map((componentId) => ({ componentId, rating: 2, evidence: CANARY })),
    })
  ).id;
  // That account's development plan, 360 round (one rater asked) and a mentoring relation it proposed: no one
  // trying the routes owns them or is shared them.
  ids.plan = (await t.services.plans.create(spareActor, { title: 'Matrix plan' })).id;
  ids.planGoal = await t.services.plans.addGoal(spareActor, ids.plan, { text: 'Matrix goal' });
  ids.planAction = (
    await t.services.plans.addAction(spareActor, ids.plan, {
      goalId: ids.planGoal,
      title: 'Matrix course',
      kind: 'course',
    })
  ).action.id;
  const round = await t.services.feedback360.start(spareActor, { frameworkId: ids.framework, closesOn: '2099-12-31' });
  ids.feedbackRound = round.id;
  feedbackToken = (
    await t.services.feedback360.invite(spareActor, round.id, [
      { name: 'Matrix rater', email: 'matrix.rater@example.test', relationship: 'peer' },
    ])
  )[0]!.link
    .split('/')
    .pop()!;
  await t.services.mentoring.setOffer(spareActor, { componentIds: [frameworkComponents[0]!] });
  menteeEmail = (await createUser(t.services)).email;
  ids.mentoringRelation = (await t.services.mentoring.propose(spareActor, { menteeEmail })).id;
  // A family opened at school A by an account none of the matrix's users is, a child named by the canary: no one
  // trying the routes is on its team, and only the administrator signs in with two factors, as family records need.
  const familyLead = await createUser(t.services);
  const familyLeadId = (
    await t.services.accounts.setMembership(ADMIN, {
      email: familyLead.email,
      organisationId: ids.schoolA,
      role: 'member',
    })
  ).userId;
  await t.database.db
    .updateTable('users')
    .set({ totp_secret: 'JBSWY3DPEHPK3PXP' })
    .where('id', '=', familyLeadId)
    .execute();
  const leadActor = {
    ...ADMIN,
    userId: familyLeadId,
    email: familyLead.email,
    isAdmin: false,
    memberships: [{ organisationId: ids.schoolA, role: 'member' }],
  };
  const health = (await l.createOrganisation(ADMIN, { kind: 'health', name: 'Matrix Health' })).id;
  ids.family = await t.services.families.open(leadActor, {
    organisationId: ids.schoolA,
    teamRole: 'Designated safeguarding lead',
    people: [{ role: 'child', name: CANARY }],
    needs: [{ outcome: 'be-healthy', summary: TEXT_CANARY }],
    consent: {
      givenBy: 0,
      purpose: 'Matrix',
      information: ['health'],
      agencies: ['health'],
      lawfulBasis: 'consent',
      fromOn: '2020-01-01',
    },
  });
  const family = await t.services.families.read(leadActor, ids.family);
  ids.familyMember = family.members[0]!.id;
  ids.familyConsent = family.consents[0]!.id;
  ids.familyReferral = await t.services.families.refer(leadActor, ids.family, {
    toOrganisationId: health,
    outcome: 'be-healthy',
    message: TEXT_CANARY,
  });
  ids.familyService = await t.services.families.addService(leadActor, ids.family, {
    organisationId: ids.schoolA,
    what: TEXT_CANARY,
    dueOn: '2099-01-01',
  });
  // People with accounts in school A whose roles the accounts routes change, and invitations they withdraw or open.
  const memberOfA = async () => {
    const { email } = await createUser(t.services);
    return (await t.services.accounts.setMembership(ADMIN, { email, organisationId: ids.schoolA, role: 'viewer' }))
      .userId;
  };
  ids.roleChanged = await memberOfA();
  ids.removedByPage = await memberOfA();
  ids.removedByApi = await memberOfA();
  ids.disposable = await memberOfA();
  const invite = (email: string) =>
    t.services.accounts.createInvitation(ADMIN, { email, organisationId: ids.schoolA, role: 'member' });
  ids.invitationByPage = (await invite('withdrawn.by.page@example.test')).invitation.id;
  ids.invitationByApi = (await invite('withdrawn.by.api@example.test')).invitation.id;
  invitationPath = new URL((await invite('opens.the.link@example.test')).link).pathname;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-matrix-'));
  fs.writeFileSync(path.join(dir, 'list.csv'), 'urn,name,town,postcode\n996003,Cedar Primary,Town,AB1 2CD\n');
  ids.importRun = (await t.services.imports.importFile(ADMIN, 'gias-minimal', path.join(dir, 'list.csv'))).runId;
  await l.createRelationship(ADMIN, {
    type: 'membership',
    fromOrganisationId: ids.schoolA,
    toOrganisationId: ids.trust,
  });
  // Memberships waiting for approval: networks asking school A in (A's leader decides), and A asking to join (A's leader may withdraw).
  ids.network = (await l.createOrganisation(ADMIN, { kind: 'network', name: 'Matrix Network' })).id;
  const ask = async (asker: 'network' | 'school') => {
    const network = (await l.createOrganisation(ADMIN, { kind: 'network', name: `Asking Network ${Math.random()}` }))
      .id;
    const leader = {
      ...ADMIN,
      isAdmin: false,
      memberships: [{ organisationId: asker === 'network' ? network : ids.schoolA, role: 'leader' }],
    };
    return (
      (await l.requestMembership(leader, { memberId: ids.schoolA, partnershipId: network })) as { requestId: number }
    ).requestId;
  };
  for (const key of ['askA', 'askB', 'askD', 'askE'] as const) ids[key] = await ask('network');
  for (const key of ['askC', 'askF'] as const) ids[key] = await ask('school');
  const surveys = t.services.surveys;
  const survey = async (title: string) =>
    (await surveys.createSurvey(ADMIN, { organisationId: ids.schoolA, title, audience: 'pupils', period: '2025/26' }))
      .id;
  ids.survey = await survey('Matrix survey');
  await surveys.addQuestion(ADMIN, ids.survey, {
    type: 'scale',
    prompt: 'I am happy at school',
    indicatorName: 'Pupils happy at school',
  });
  await surveys.addQuestion(ADMIN, ids.survey, { type: 'text', prompt: 'Anything else?' });
  const [scale, text] = (await surveys.getSurvey(ADMIN, ids.survey)).questions;
  await surveys.openSurvey(ADMIN, ids.survey, [ids.schoolA]);
  token = (await surveys.getSurvey(ADMIN, ids.survey)).links[0]!.token;
  for (let i = 0; i < 10; i++)
    await surveys.submitResponse(token, {
      [`q${scale!.id}`]: String(1 + (i % 5)),
      [`q${text!.id}`]: i === 0 ? TEXT_CANARY : `answer ${i}`,
    });
  // Results are read only once a survey closes; the answering routes use a survey still open.
  await surveys.closeSurvey(ADMIN, ids.survey);
  const answering = await survey('Survey being answered');
  await surveys.addQuestion(ADMIN, answering, { type: 'scale', prompt: 'I am happy at school' });
  ids.scaleQuestion = (await surveys.getSurvey(ADMIN, answering)).questions[0]!.id;
  await surveys.openSurvey(ADMIN, answering, [ids.schoolA]);
  token = (await surveys.getSurvey(ADMIN, answering)).links[0]!.token;
  ids.draft = await survey('Draft survey');
  await surveys.addQuestion(ADMIN, ids.draft, { type: 'scale', prompt: 'I feel safe' });
  ids.draftQuestion = (await surveys.getSurvey(ADMIN, ids.draft)).questions[0]!.id;
  ids.opening = await survey('Survey to open');
  await surveys.addQuestion(ADMIN, ids.opening, { type: 'scale', prompt: 'I feel safe' });
  ids.closing = await survey('Survey to close');
  await surveys.addQuestion(ADMIN, ids.closing, {
    type: 'scale',
    prompt: 'I feel safe',
    indicatorName: 'Pupils feeling safe',
  });
  await surveys.openSurvey(ADMIN, ids.closing, [ids.schoolA]);
  const broker = t.services.brokerage;
  const leaderOfB = leaderOf(ids.schoolB);
  ids.need = (await broker.stateNeed(ADMIN, { organisationId: ids.schoolA, area: 'maths' })).id;
  ids.closableNeed = (await broker.stateNeed(ADMIN, { organisationId: ids.schoolA, area: 'attendance' })).id;
  ids.offer = await broker.makeOffer(ADMIN, { organisationId: ids.schoolA, area: 'writing', daysPerTerm: 2 });
  ids.request = await broker.requestSupport(ADMIN, { needId: ids.need, invite: [ids.schoolB] });
  await broker.offerHelp(leaderOfB, { requestId: ids.request, organisationId: ids.schoolB, days: 2 });
  ids.acceptRequest = await broker.requestSupport(ADMIN, { needId: ids.need, invite: [ids.schoolB] });
  ids.acceptOffer = await broker.offerHelp(leaderOfB, {
    requestId: ids.acceptRequest,
    organisationId: ids.schoolB,
    days: 1,
  });
  ids.engagement = await t.services.engagements.openDirect(
    ADMIN,
    { supportedId: ids.schoolA, supportingId: ids.schoolB },
    { type: 'mentoring', aims: 'Matrix', accountableTo: 'Board', measures: [] },
  );
  await t.services.engagements.addAction(ADMIN, ids.engagement, { description: 'First action' });
  ids.action = (await t.services.engagements.get(ADMIN, ids.engagement)).actions[0]!.id;
  // Written by no account of the matrix's: no one trying the routes is its author, so no one may change it.
  ids.checkIn = (await t.services.engagements.checkIn(ADMIN, ids.engagement, { notes: 'Matrix first check-in' })).id;
  ids.enquiry = await t.services.enquiries.create(ADMIN, {
    title: 'Matrix enquiry',
    question: 'Who may do what?',
    organisationIds: [ids.schoolA],
  });
  // Written by no account of the matrix's: only those who lead the enquiry may change it.
  ids.enquiryCycle = (await t.services.enquiries.addCycle(ADMIN, ids.enquiry, { tried: 'Matrix first cycle' })).id;
  // Practice of another school of the trust, shown to the trust (school A's staff see it; the outsider does not), and school A's own.
  const schoolC = (await l.createOrganisation(ADMIN, { kind: 'school', name: 'Cherry Primary', urn: 996004 })).id;
  await l.createRelationship(ADMIN, { type: 'membership', fromOrganisationId: schoolC, toOrganisationId: ids.trust });
  const practice = (title: string, organisationId: number) =>
    t.services.practices.create(ADMIN, {
      organisationId,
      title,
      problem: 'Matrix problem',
      approach: 'Matrix approach',
      partnershipIds: [ids.trust],
    });
  ids.practice = await practice('Matrix practice', schoolC);
  ids.practiceToAdopt = await practice('Matrix practice to take up', schoolC);
  ids.ownPractice = await practice('School A’s practice', ids.schoolA);
  ids.resource = await t.services.practices.addResource(ADMIN, ids.ownPractice, {
    title: 'Matrix resource',
    url: 'https://example.org/resource',
  });
  ids.adoption = await t.services.practices.adopt(ADMIN, ids.practice, {
    organisationId: ids.schoolA,
    measures: ['ks2-maths-progress'],
  });
  // The trust's system issues log (school A is a member): one issue to work on, one to close.
  const issues = t.services['system-issues'];
  const issue = { title: 'Matrix issue', whatHappened: 'A handover failed', whereFailed: 'No one owned it' };
  ids.systemIssue = await issues.raise(ADMIN, ids.trust, issue);
  ids.issueAction = await issues.addAction(ADMIN, ids.systemIssue, { description: 'Matrix issue action' });
  ids.closableIssue = await issues.raise(ADMIN, ids.trust, { ...issue, title: 'Matrix issue to close' });
  // An opportunity the trust's own leader posts (school A's staff may read it, and express interest), and
  // a succession intention of the spare account, shared with the trust: no one trying the routes may change it.
  const trustLeader = await createUser(t.services);
  const trustLeaderId = (
    await t.services.accounts.setMembership(ADMIN, {
      email: trustLeader.email,
      organisationId: ids.trust,
      role: 'leader',
    })
  ).userId;
  const leadsTrust = {
    ...ADMIN,
    userId: trustLeaderId,
    email: trustLeader.email,
    isAdmin: false,
    memberships: [{ organisationId: ids.trust, role: 'leader' }],
  };
  ids.opportunity = await t.services.succession.post(leadsTrust, ids.trust, {
    title: 'Matrix reading lead',
    kind: 'stretch-role',
    schoolIds: [],
    asks: 'A day a fortnight',
    suits: null,
    closesOn: '2999-01-01',
  });
  await t.services.accounts.setMembership(ADMIN, { email: spareEmail, organisationId: ids.schoolA, role: 'viewer' });
  ids.spareIntention = (
    await t.services.succession.intend(
      {
        ...ADMIN,
        userId: ids.spareUser,
        email: spareEmail,
        isAdmin: false,
        memberships: [{ organisationId: ids.schoolA, role: 'viewer' }],
      },
      { kind: 'towards', role: 'headship', organisationId: ids.schoolA, note: CANARY, shareWith: [ids.trust] },
    )
  ).id;
  // The trust's governance, made by its leader: an outcomes framework with a measure and school A's commitment, a
  // board, a public pupil forum that feeds it and an advisory board read by its own members only, each with business.
  const g = t.services.governance;
  await g.startFramework(leadsTrust, ids.trust);
  ids.outcome = await g.addOutcome(leadsTrust, ids.trust, { title: 'Matrix outcome' });
  ids.removableOutcome = await g.addOutcome(leadsTrust, ids.trust, { title: 'Matrix outcome to remove' });
  ids.measure = await g.addMeasure(leadsTrust, ids.outcome, {
    indicatorCode: 'ks2-reading-progress',
    milestones: [{ year: 2030, value: 1 }],
  });
  ids.removableMeasure = await g.addMeasure(leadsTrust, ids.outcome, { indicatorCode: 'ks2-writing-progress' });
  ids.commitment = await g.commit(leadsTrust, ids.outcome, {
    organisationId: ids.schoolA,
    what: 'A reading lead in every class',
    status: 'amber',
  });
  ids.board = await g.createForum(leadsTrust, ids.trust, {
    name: 'Matrix Board',
    kind: 'partnership-board',
    visibility: 'partnership',
  });
  ids.pupilForum = await g.createForum(leadsTrust, ids.trust, {
    name: 'Matrix Pupil Forum',
    kind: 'pupil',
    visibility: 'public',
    feedsId: ids.board,
  });
  ids.closedForum = await g.createForum(leadsTrust, ids.trust, {
    name: 'Matrix Advisory Board',
    kind: 'advisory',
    visibility: 'forum',
  });
  ids.forumMember = await g.addForumMember(leadsTrust, ids.board, {
    name: 'Matrix Chair',
    role: 'chair',
    termFrom: '2026-09-01',
  });
  ids.meeting = await g.planMeeting(leadsTrust, ids.board, { title: 'Matrix board meeting', heldOn: '2026-10-01' });
  ids.paper = await g.addPaper(leadsTrust, ids.meeting, { title: 'Matrix budget', visibility: 'partnership' });
  ids.pupilMeeting = await g.planMeeting(leadsTrust, ids.pupilForum, {
    title: 'Matrix pupil meeting',
    heldOn: '2026-10-02',
  });
  await g.addPaper(leadsTrust, ids.pupilMeeting, { title: 'Matrix pupil paper', visibility: 'public' });
  ids.election = await g.openElection(leadsTrust, ids.board, {
    title: 'Matrix heads’ seats',
    seats: 1,
    electorate: 'peers',
    opensOn: '2026-09-01',
    closesOn: '2026-09-30',
  });
  ids.candidate = await g.addCandidate(leadsTrust, ids.election, { name: 'Matrix Candidate' });
  ids.recommendation = await g.recommend(leadsTrust, ids.pupilForum, {
    toForumId: ids.board,
    title: 'Matrix recommendation',
  });
  await g.setLadder(leadsTrust, ids.trust, [
    { organisationId: ids.pupilForum, label: 'Pupil forum' },
    { organisationId: ids.board, label: 'Board' },
    { organisationId: ids.trust, label: 'Trust' },
  ]);
  ids.proposal = await g.propose(leadsTrust, ids.board, { title: 'Matrix proposal', proposal: 'Still to decide' });
  ids.decision = await g.propose(leadsTrust, ids.board, {
    title: 'Matrix decision',
    proposal: 'A later start',
    outcomeIds: [ids.outcome],
  });
  await g.addAdvice(leadsTrust, ids.decision, {
    adviser: 'The pupil forum',
    forumId: ids.pupilForum,
    position: 'oppose',
    advice: 'The buses',
    givenOn: '2024-01-01',
  });
  await g.decide(leadsTrust, ids.decision, {
    decision: 'A later start',
    decidedBy: 'The board',
    decidedOn: '2024-02-01',
    expectations: [{ indicatorCode: 'absence-persistent-percent', organisationId: ids.schoolA, expectedChange: -1 }],
  });
  // The pupil forum's lead works at the trust too: the board's decisions are the partnership's business.
  ids.escalation = await g.escalate(
    actorWith({ organisationId: ids.pupilForum, role: 'leader' }, { organisationId: ids.trust, role: 'member' }),
    ids.decision,
    {
      reason: 'against-advice',
      fromId: ids.pupilForum,
      matter: 'Pupils cannot arrive',
    },
  );
  // The advisory board's business: seen by its members only (its leader here), not the trust's people nor administrators.
  const closedLead = leaderOf(ids.closedForum);
  ids.closedMeeting = await g.planMeeting(closedLead, ids.closedForum, {
    title: 'Matrix advisory meeting',
    heldOn: '2026-10-03',
  });
  ids.closedPaper = await g.addPaper(closedLead, ids.closedMeeting, {
    title: 'Matrix advisory paper',
    body: FORUM_CANARY,
    visibility: 'forum',
  });
  ids.closedDecision = await g.propose(closedLead, ids.closedForum, {
    title: 'Matrix advisory proposal',
    proposal: FORUM_CANARY,
  });
  // The trust's health: a snapshot of today and a note by its leader.
  ids.healthSnapshot = await t.services.health.takeSnapshot(leadsTrust, { ref: `org:${ids.trust}`, day: todayIso() });
  ids.healthNote = await t.services.health.annotate(leadsTrust, `org:${ids.trust}`, { text: 'Matrix note' });
  fs.rmSync(dir, { recursive: true, force: true });
}
// Building the world signs in a dozen accounts (each an argon2id hash): a busy machine needs longer than the default.
beforeEach(build, 180_000);
afterEach(async () => t?.close());

interface Case {
  url: () => string;
  body?: () => Body;
  expect: Expectation;
  /** Who may see personal data in the answer (the canary). */
  personal?: Who[];
  /** Who may read survey respondents' written answers in the answer. */
  writtenAnswers?: Who[];
  /** Reachable by a session still setting up its account (answers as a full session's would). */
  setupRoute?: boolean;
  /** What differs from the rule for a session mid-set-up, a read token or a write token. */
  via?: Partial<Record<Via, Partial<Record<Signed, number[]>>>>;
  /** A write that can be done once (see `secondAttempt`). */
  once?: boolean;
}

const A = () => ids.schoolA;
/** A new start year for each role given, so no two attempts give the same role twice. */
let nextYear = 0;
/** Each module's routes, by the module that registers them (the registry's names, and `platform`). */
const MATRIX_BY_MODULE: Record<string, Record<string, Case>> = {
  platform: {
    'GET /static/*': {
      url: () => '/static/build/syslead.css',
      expect: {
        anonymous: [200, 404],
        outsider: [200, 404],
        member: [200, 404],
        leader: [200, 404],
        admin: [200, 404],
      },
    },
    'GET /static/govuk/*': {
      url: () => '/static/govuk/images/favicon.ico',
      expect: {
        anonymous: [200, 404],
        outsider: [200, 404],
        member: [200, 404],
        leader: [200, 404],
        admin: [200, 404],
      },
    },
    'GET /health': {
      url: () => '/health',
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'GET /api/v1/openapi.json': { url: () => '/api/v1/openapi.json', expect: api([200]) },
    'GET /privacy': {
      url: () => '/privacy',
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'GET /accessibility': {
      url: () => '/accessibility',
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'GET /favicon.ico': {
      url: () => '/favicon.ico',
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
  },
  audit: {
    'GET /audit': { url: () => '/audit', expect: by([303], { leader: [200], admin: [200] }, [403]), personal: [] },
    'GET /audit.csv': {
      url: () => '/audit.csv',
      expect: by([303], { leader: [200], admin: [200] }, [403]),
      personal: [],
    },
    'GET /api/v1/audit': {
      url: () => '/api/v1/audit',
      expect: by([401], { leader: [200], admin: [200] }, [403]),
      personal: [],
    },
  },
  accounts: {
    'GET /sign-in': {
      url: () => '/sign-in',
      expect: { anonymous: [200], outsider: [303], member: [303], leader: [303], admin: [303] },
    },
    'POST /sign-in': {
      url: () => '/sign-in',
      body: () => ({ email: 'nobody@example.test', password: 'not a password' }),
      expect: { anonymous: [401], outsider: [401], member: [401], leader: [401], admin: [401] },
    },
    'POST /sign-in/sso': {
      url: () => '/sign-in/sso',
      body: () => ({ ssoEmail: 'someone@nowhere.example' }),
      expect: { anonymous: [400], outsider: [400], member: [400], leader: [400], admin: [400] },
    },
    'GET /sign-in/sso/callback': {
      url: () => '/sign-in/sso/callback?code=x&state=made-up',
      expect: { anonymous: [401], outsider: [401], member: [401], leader: [401], admin: [401] },
    },
    'GET /sign-in/two-factor': {
      url: () => '/sign-in/two-factor',
      expect: { anonymous: [303], outsider: [303], member: [303], leader: [303], admin: [303] },
    },
    'POST /sign-in/two-factor': {
      url: () => '/sign-in/two-factor',
      body: () => ({ code: '123456' }),
      expect: post([303]),
    },
    'GET /account/two-factor': { url: () => '/account/two-factor', expect: page([200]), setupRoute: true },
    'POST /account/two-factor': {
      url: () => '/account/two-factor',
      body: () => ({ code: 'abcdef' }),
      expect: post([400]),
      setupRoute: true,
    },
    'GET /account': { url: () => '/account', expect: page([200]) },
    'GET /account/recovery-codes': { url: () => '/account/recovery-codes', expect: page([200]) },
    // Only the administrator has two-factor sign-in (a wrong code for it); the others have none to make codes
    // for. Both are said on the form itself.
    'POST /account/recovery-codes': {
      url: () => '/account/recovery-codes',
      body: () => ({ currentCode: '123456' }),
      expect: by([401], {}, [400]),
    },
    'GET /account/password': { url: () => '/account/password', expect: page([200]), setupRoute: true },
    'POST /account/password': {
      url: () => '/account/password',
      body: () => ({ currentPassword: 'wrong', newPassword: 'x', confirmPassword: 'y' }),
      expect: post([400]),
      setupRoute: true,
    },
    'POST /account/tokens': { url: () => '/account/tokens', body: () => ({ name: 'matrix' }), expect: post([200]) },
    'POST /account/tokens/:id/revoke': {
      url: () => `/account/tokens/${ids.adminToken}/revoke`,
      body: () => ({}),
      expect: by([401], { admin: [303] }, [404]),
    },
    'GET /api/v1/me': { url: () => '/api/v1/me', expect: api([200]) },
    'GET /api/v1/tokens': { url: () => '/api/v1/tokens', expect: api([200]) },
    // A token never makes a token, whatever its scope.
    'POST /api/v1/tokens': {
      url: () => '/api/v1/tokens',
      body: () => ({ name: 'matrix' }),
      expect: api([201]),
      via: { write: everySigned([403]) },
    },
    'DELETE /api/v1/tokens/:id': {
      url: () => `/api/v1/tokens/${ids.adminToken}`,
      expect: by([401], { admin: [204, 404] }, [404]),
    },
    'POST /sign-out': { url: () => '/sign-out', body: () => ({}), expect: post([303]), setupRoute: true },
    'GET /accounts': { url: () => '/accounts', expect: by([303], { leader: [200], admin: [200] }, [403]) },
    'POST /accounts/invitations': {
      url: () => '/accounts/invitations',
      body: () => ({ email: `invitee${nextInvitee++}@example.test`, organisationId: A(), role: 'member' }),
      expect: leaders([401]),
    },
    'POST /accounts/invitations/:id/withdraw': {
      url: () => `/accounts/invitations/${ids.invitationByPage}/withdraw`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [404]),
    },
    'POST /accounts/:id/role': {
      url: () => `/accounts/${ids.roleChanged}/role`,
      body: () => ({ organisationId: A(), role: 'member' }),
      expect: by([401], { leader: [303], admin: [303] }, [403]),
    },
    'POST /accounts/:id/remove': {
      url: () => `/accounts/${ids.removedByPage}/remove`,
      body: () => ({ organisationId: A() }),
      expect: by([401], { leader: [303], admin: [404] }, [403]),
    },
    'POST /accounts/:id/disable': {
      url: () => `/accounts/${ids.disposable}/disable`,
      body: () => ({}),
      expect: adminOnly([401]),
    },
    'POST /accounts/:id/enable': {
      url: () => `/accounts/${ids.disposable}/enable`,
      body: () => ({}),
      expect: adminOnly([401]),
    },
    'POST /accounts/:id/reset-two-factor': {
      url: () => `/accounts/${ids.disposable}/reset-two-factor`,
      body: () => ({}),
      expect: adminOnly([401]),
    },
    // The page an invitation's link opens is public; a password too short is refused whoever sends it.
    'GET /invitations/:token': {
      url: () => invitationPath,
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'POST /invitations/:token': {
      url: () => invitationPath,
      body: () => ({ name: 'Someone', password: 'short', confirmPassword: 'short' }),
      expect: { anonymous: [400], outsider: [400], member: [400], leader: [400], admin: [400] },
    },
    'POST /invitations/:token/sso': {
      url: () => `${invitationPath}/sso`,
      body: () => ({}),
      expect: { anonymous: [400], outsider: [400], member: [400], leader: [400], admin: [400] },
    },
    'GET /api/v1/accounts': {
      url: () => '/api/v1/accounts',
      expect: by([401], { leader: [200], admin: [200] }, [403]),
    },
    'PUT /api/v1/accounts/:id/memberships/:organisationId': {
      url: () => `/api/v1/accounts/${ids.roleChanged}/memberships/${A()}`,
      body: () => ({ role: 'viewer' }),
      expect: by([401], { leader: [204], admin: [204] }, [403]),
    },
    'DELETE /api/v1/accounts/:id/memberships/:organisationId': {
      url: () => `/api/v1/accounts/${ids.removedByApi}/memberships/${A()}`,
      expect: by([401], { leader: [204], admin: [404] }, [403]),
      ...secondAttempt({ leader: [404], admin: [404] }),
    },
    'POST /api/v1/accounts/:id/disable': {
      url: () => `/api/v1/accounts/${ids.disposable}/disable`,
      body: () => ({}),
      expect: by([401], { admin: [200] }, [403]),
    },
    'POST /api/v1/accounts/:id/enable': {
      url: () => `/api/v1/accounts/${ids.disposable}/enable`,
      body: () => ({}),
      expect: by([401], { admin: [200] }, [403]),
    },
    'POST /api/v1/accounts/:id/reset-two-factor': {
      url: () => `/api/v1/accounts/${ids.disposable}/reset-two-factor`,
      body: () => ({}),
      expect: by([401], { admin: [204] }, [403]),
    },
    'GET /api/v1/invitations': {
      url: () => '/api/v1/invitations',
      expect: by([401], { leader: [200], admin: [200] }, [403]),
    },
    'POST /api/v1/invitations': {
      url: () => '/api/v1/invitations',
      body: () => ({ email: `invitee${nextInvitee++}@example.test`, organisationId: A(), role: 'member' }),
      expect: by([401], { leader: [201], admin: [201] }, [403]),
    },
    'POST /api/v1/invitations/:id/withdraw': {
      url: () => `/api/v1/invitations/${ids.invitationByApi}/withdraw`,
      body: () => ({}),
      expect: by([401], { leader: [204], admin: [409] }, [404]),
      ...secondAttempt({ leader: [409], admin: [409] }),
    },
  },
  background: {
    'GET /jobs': { url: () => '/jobs', expect: by([303], { admin: [200] }, [403]) },
    'POST /jobs/:queue/:id/retry': {
      url: () => '/jobs/imports-run/00000000-0000-4000-a000-000000000000/retry',
      body: () => ({}),
      expect: by([401], { admin: [303] }, [403]),
    },
  },
  imports: {
    'GET /imports': { url: () => '/imports', expect: by([303], { admin: [200] }, [403]) },
    'POST /imports': {
      url: () => '/imports',
      body: () => ({ kind: 'gias-minimal' }),
      expect: by([401], { admin: [400] }, [403]),
    },
    'GET /imports/:id': { url: () => `/imports/${ids.importRun}`, expect: by([303], { admin: [200] }, [403]) },
    'GET /imports/:id/rejects.csv': {
      url: () => `/imports/${ids.importRun}/rejects.csv`,
      expect: by([303], { admin: [200] }, [403]),
    },
    'GET /api/v1/imports/:id': { url: () => `/api/v1/imports/${ids.importRun}`, expect: adminOnly([401]) },
    'GET /imports/:id/changes.csv': {
      url: () => `/imports/${ids.importRun}/changes.csv`,
      expect: by([303], { admin: [200] }, [403]),
    },
    'GET /imports/:id/revert': {
      url: () => `/imports/${ids.importRun}/revert`,
      expect: by([303], { admin: [200] }, [403]),
    },
    'POST /imports/:id/revert': {
      url: () => `/imports/${ids.importRun}/revert`,
      body: () => ({}),
      expect: by([401], { admin: [303] }, [403]),
    },
  },
  landscape: {
    'GET /api/v1/organisations': { url: () => '/api/v1/organisations', expect: api([200]) },
    'POST /api/v1/organisations': {
      url: () => '/api/v1/organisations',
      body: () => ({ kind: 'employer', name: 'Matrix Ltd' }),
      expect: adminOnly([401]),
    },
    'GET /api/v1/organisations/:id': { url: () => `/api/v1/organisations/${A()}`, expect: api([200]) },
    'PATCH /api/v1/organisations/:id': {
      url: () => `/api/v1/organisations/${A()}`,
      body: () => ({ pupils: 200 }),
      expect: leaders([401]),
    },
    'GET /api/v1/people': { url: () => '/api/v1/people', expect: api([200]) },
    'POST /api/v1/people': {
      url: () => '/api/v1/people',
      body: () => ({ name: 'New Person', organisationId: A() }),
      expect: leaders([401]),
      personal: [],
    },
    'GET /api/v1/people/:id': {
      url: () => `/api/v1/people/${ids.personA}`,
      expect: api([200]),
      personal: ['member', 'leader', 'admin'],
    },
    'PATCH /api/v1/people/:id': {
      url: () => `/api/v1/people/${ids.personA}`,
      body: () => ({ jobTitle: 'Headteacher' }),
      expect: leaders([401]),
      personal: ['leader', 'admin'],
    },
    'GET /api/v1/people/:id/export': {
      url: () => `/api/v1/people/${ids.personA}/export`,
      expect: by([401], { admin: [200] }, [403]),
      personal: ['admin'],
    },
    'POST /api/v1/people/:id/erase': {
      url: () => `/api/v1/people/${ids.erasable}/erase`,
      body: () => ({}),
      expect: by([401], { admin: [200] }, [403]),
      ...secondAttempt({ admin: [404] }),
    },
    'GET /api/v1/organisations/:id/sharing-agreements': {
      url: () => `/api/v1/organisations/${A()}/sharing-agreements`,
      expect: leaders([401]),
    },
    'POST /api/v1/organisations/:id/sharing-agreements': {
      url: () => `/api/v1/organisations/${A()}/sharing-agreements`,
      body: () => ({ partnershipId: ids.trust, what: 'contact-details' }),
      expect: leaders([401]),
    },
    'POST /api/v1/sharing-agreements/:id/end': {
      url: () => `/api/v1/sharing-agreements/${ids.agreement}/end`,
      body: () => ({}),
      expect: leaders([401]),
    },
    'POST /organisations/:id/sharing': {
      url: () => `/organisations/${A()}/sharing`,
      body: () => ({ partnershipId: ids.trust, what: 'indicators' }),
      expect: leaders([401]),
    },
    'GET /sharing-agreements/:id/end': {
      url: () => `/sharing-agreements/${ids.agreement}/end`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /sharing-agreements/:id/end': {
      url: () => `/sharing-agreements/${ids.agreement}/end`,
      body: () => ({}),
      expect: leaders([401]),
    },
    // The leader ended it first (through the API just above; ending it again changes nothing), so only the leader undoes it, once.
    'POST /sharing-agreements/:id/restore': {
      url: () => `/sharing-agreements/${ids.agreement}/restore`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [403]),
    },
    'GET /api/v1/roles': { url: () => '/api/v1/roles', expect: api([200]) },
    'GET /api/v1/landscape': { url: () => '/api/v1/landscape?by=role', expect: api([200]) },
    'GET /api/v1/role-assignments': { url: () => '/api/v1/role-assignments', expect: api([200]) },
    'POST /api/v1/role-assignments': {
      url: () => '/api/v1/role-assignments',
      body: () => ({
        personId: ids.personA,
        roleCode: 'consultant-leader',
        organisationId: A(),
        startDate: `${2010 + nextYear++}-01-01`,
      }),
      expect: leaders([401]),
    },
    'GET /api/v1/role-assignments/:id': { url: () => `/api/v1/role-assignments/${ids.assignment}`, expect: api([200]) },
    'PATCH /api/v1/role-assignments/:id': {
      url: () => `/api/v1/role-assignments/${ids.assignment}`,
      body: () => ({ startDate: '2020-09-01' }),
      expect: leaders([401]),
    },
    'GET /api/v1/relationships': { url: () => '/api/v1/relationships', expect: api([200]) },
    'POST /api/v1/relationships': {
      url: () => '/api/v1/relationships',
      body: () => ({ type: 'peer-review', fromOrganisationId: A(), toOrganisationId: ids.schoolB }),
      expect: leaders([401]),
    },
    'GET /api/v1/relationships/:id': { url: () => `/api/v1/relationships/${ids.relationship}`, expect: api([200]) },
    'PATCH /api/v1/relationships/:id': {
      url: () => `/api/v1/relationships/${ids.relationship}`,
      body: () => ({ note: 'Checked' }),
      expect: leaders([401]),
    },
    'GET /organisations': { url: () => '/organisations', expect: page([200]) },
    'GET /organisations/new': { url: () => '/organisations/new', expect: by([303], { admin: [200] }, [403]) },
    'POST /organisations': {
      url: () => '/organisations',
      body: () => ({ kind: 'employer', name: 'Form Ltd' }),
      expect: adminOnly([401]),
    },
    'GET /organisations/:id': { url: () => `/organisations/${A()}`, expect: page([200]) },
    'GET /organisations/:id/edit': {
      url: () => `/organisations/${A()}/edit`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /organisations/:id/edit': {
      url: () => `/organisations/${A()}/edit`,
      body: () => ({ name: 'Alder Primary', kind: 'school', status: 'open' }),
      expect: leaders([401]),
    },
    'GET /api/v1/membership-requests': { url: () => '/api/v1/membership-requests', expect: api([200]) },
    'POST /api/v1/membership-requests': {
      url: () => '/api/v1/membership-requests',
      body: () => ({ memberId: A(), partnershipId: ids.network }),
      expect: by([401], { leader: [202], admin: [201] }, [403]),
      ...secondAttempt({ leader: [409], admin: [201, 409] }),
    },
    'GET /api/v1/membership-requests/:id': {
      url: () => `/api/v1/membership-requests/${ids.askA}`,
      expect: by([401], { leader: [200], admin: [200] }, [404]),
    },
    'POST /api/v1/membership-requests/:id/approve': {
      url: () => `/api/v1/membership-requests/${ids.askA}/approve`,
      body: () => ({}),
      expect: by([401], { leader: [200], admin: [403] }, [404]),
      ...secondAttempt({ leader: [403] }),
    },
    'POST /api/v1/membership-requests/:id/decline': {
      url: () => `/api/v1/membership-requests/${ids.askB}/decline`,
      body: () => ({}),
      expect: by([401], { leader: [204], admin: [409] }, [404]),
      ...secondAttempt({ leader: [409] }),
    },
    'POST /api/v1/membership-requests/:id/withdraw': {
      url: () => `/api/v1/membership-requests/${ids.askC}/withdraw`,
      body: () => ({}),
      expect: by([401], { leader: [204], admin: [409] }, [404]),
      ...secondAttempt({ leader: [409] }),
    },
    'POST /membership-requests/:id/approve': {
      url: () => `/membership-requests/${ids.askD}/approve`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [403] }, [404]),
    },
    'POST /membership-requests/:id/decline': {
      url: () => `/membership-requests/${ids.askE}/decline`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [404]),
    },
    'POST /membership-requests/:id/withdraw': {
      url: () => `/membership-requests/${ids.askF}/withdraw`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [404]),
    },
    'GET /organisations/:id/relationships/new': {
      url: () => `/organisations/${A()}/relationships/new?q=Birch`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /organisations/:id/relationships': {
      url: () => `/organisations/${A()}/relationships`,
      body: () => ({ otherId: ids.schoolB, type: 'mentoring', direction: 'outward' }),
      expect: leaders([401]),
    },
    'GET /relationships/:id/edit': {
      url: () => `/relationships/${ids.relationship}/edit`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /relationships/:id/edit': {
      url: () => `/relationships/${ids.relationship}/edit`,
      body: () => ({ type: 'partnership', note: 'Edited' }),
      expect: leaders([401]),
    },
    'GET /relationships/:id/end': {
      url: () => `/relationships/${ids.relationship}/end`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /relationships/:id/end': {
      url: () => `/relationships/${ids.relationship}/end`,
      body: () => ({}),
      expect: leaders([401]),
    },
    // The leader ended it just above (the administrator's ending changed nothing), so only the leader undoes it, once.
    'POST /relationships/:id/restore': {
      url: () => `/relationships/${ids.relationship}/restore`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [403]),
    },
    'GET /people': { url: () => '/people', expect: page([200]) },
    'GET /people/new': { url: () => '/people/new', expect: by([303], { leader: [200], admin: [200] }, [403]) },
    'POST /people': {
      url: () => '/people',
      body: () => ({ name: 'Form Person', organisationId: A() }),
      expect: leaders([401]),
      personal: [],
    },
    'GET /people/:id': {
      url: () => `/people/${ids.personA}`,
      expect: page([200]),
      personal: ['member', 'leader', 'admin'],
    },
    'GET /people/:id/edit': {
      url: () => `/people/${ids.personA}/edit`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
      personal: ['leader', 'admin'],
    },
    'POST /people/:id/edit': {
      url: () => `/people/${ids.personA}/edit`,
      body: () => ({ name: 'Ada Alder', email: CANARY }),
      expect: leaders([401]),
      personal: ['leader', 'admin'],
    },
    'GET /people/:id/roles/new': {
      url: () => `/people/${ids.personA}/roles/new`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /people/:id/roles': {
      url: () => `/people/${ids.personA}/roles`,
      body: () => ({ roleCode: 'specialist-leader', organisationId: A(), startDate: `${2010 + nextYear++}-02-01` }),
      expect: leaders([401]),
    },
    'GET /role-assignments/:id/end': {
      url: () => `/role-assignments/${ids.assignment}/end`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /role-assignments/:id/end': {
      url: () => `/role-assignments/${ids.assignment}/end`,
      body: () => ({}),
      expect: leaders([401]),
    },
    'POST /role-assignments/:id/restore': {
      url: () => `/role-assignments/${ids.assignment}/restore`,
      body: () => ({}),
      expect: by([401], { leader: [303], admin: [409] }, [403]),
    },
    'GET /people/:id/erase': {
      url: () => `/people/${ids.personA}/erase`,
      expect: by([303], { admin: [200] }, [403]),
    },
    'POST /people/:id/erase': {
      url: () => `/people/${ids.erasableByPage}/erase`,
      body: () => ({}),
      expect: by([401], { admin: [303] }, [403]),
    },
    'POST /organisations/:id/members': {
      url: () => `/organisations/${A()}/members`,
      body: () => ({ email: spareEmail, role: 'viewer' }),
      expect: leaders([401]),
    },
    'POST /organisations/:id/members/:userId/remove': {
      url: () => `/organisations/${A()}/members/${ids.spareUser}/remove`,
      body: () => ({}),
      expect: by([401], { leader: [303, 404], admin: [303, 404] }, [403]),
    },
    'GET /roles': { url: () => '/roles', expect: page([200]) },
    'GET /landscape': { url: () => '/landscape', expect: page([200]) },
    'GET /landscape.pdf': { url: () => '/landscape.pdf', expect: asPdf(page([200])) },
    'GET /landscape/open-data.csv': { url: () => '/landscape/open-data.csv', expect: page([200]) },
    'GET /landscape/open-data-dictionary.csv': {
      url: () => '/landscape/open-data-dictionary.csv',
      expect: page([200]),
    },
    'GET /landscape/people': {
      url: () => '/landscape/people?by=role&key=mentor-head&asOf=2000-01-01',
      expect: page([200]),
    },
  },
  indicators: {
    'GET /api/v1/indicators': { url: () => '/api/v1/indicators', expect: api([200]) },
    'POST /api/v1/indicators': {
      url: () => '/api/v1/indicators',
      body: () => ({
        code: `matrix-${Math.random().toString(36).slice(2, 10)}`,
        name: 'Matrix',
        unit: 'count',
        kind: 'hard',
        direction: 'higher',
        source: 'Matrix',
        published: false,
        description: '',
      }),
      expect: adminOnly([401]),
    },
    'GET /api/v1/indicators/group': {
      url: () => `/api/v1/indicators/group?scope=org:${ids.trust}`,
      expect: api([200]),
    },
    'GET /api/v1/indicators/shared': {
      url: () => `/api/v1/indicators/shared?scope=org:${ids.trust}`,
      expect: api([200]),
    },
    'GET /api/v1/organisations/:id/indicators': {
      url: () => `/api/v1/organisations/${A()}/indicators`,
      expect: api([200]),
    },
    'PUT /api/v1/organisations/:id/group-setting': {
      url: () => `/api/v1/organisations/${A()}/group-setting`,
      body: () => ({ memberValues: 'inside' }),
      expect: leaders([401]),
    },
    'GET /indicators': { url: () => '/indicators', expect: page([200]) },
    'POST /indicators': {
      url: () => '/indicators',
      body: () => ({
        code: `form-${Math.random().toString(36).slice(2, 10)}`,
        name: 'Form indicator',
        unit: 'count',
        kind: 'hard',
        direction: 'higher',
        source: 'Form',
      }),
      expect: by([401], { admin: [303] }, [403]),
    },
    'GET /organisations/:id/indicators': { url: () => `/organisations/${A()}/indicators`, expect: page([200]) },
    'GET /organisations/:id/indicators.pdf': {
      url: () => `/organisations/${A()}/indicators.pdf`,
      expect: asPdf(page([200])),
    },
    'GET /groups': { url: () => `/groups?scope=org:${ids.trust}`, expect: page([200]) },
    'GET /groups.pdf': { url: () => `/groups.pdf?scope=org:${ids.trust}`, expect: asPdf(page([200])) },
    'GET /groups/results.csv': { url: () => `/groups/results.csv?scope=org:${ids.trust}`, expect: page([200]) },
    'GET /groups/shared': { url: () => `/groups/shared?scope=org:${ids.trust}`, expect: page([200]) },
    'POST /organisations/:id/group-setting': {
      url: () => `/organisations/${A()}/group-setting`,
      body: () => ({ memberValues: 'inside' }),
      expect: leaders([401]),
    },
  },
  notifications: {
    'GET /notifications': { url: () => '/notifications', expect: page([200]) },
    'POST /notifications/read': { url: () => '/notifications/read', body: () => ({}), expect: post([303]) },
    'GET /account/notifications': { url: () => '/account/notifications', expect: page([200]) },
    'POST /account/notifications': {
      url: () => '/account/notifications',
      body: () => ({ 'help-asked': 'daily' }),
      expect: post([303]),
    },
    'GET /api/v1/notifications': { url: () => '/api/v1/notifications', expect: api([200]) },
    'POST /api/v1/notifications/read': {
      url: () => '/api/v1/notifications/read',
      body: () => ({ all: true }),
      expect: api([200]),
    },
  },
  network: {
    'GET /api/v1/network/metrics': { url: () => '/api/v1/network/metrics', expect: api([200]) },
    'GET /api/v1/network/graph': { url: () => '/api/v1/network/graph', expect: api([200]) },
    'GET /api/v1/network/compare': {
      url: () => '/api/v1/network/compare?from=2020-01-01&to=2026-01-01',
      expect: api([200]),
    },
    'GET /api/v1/network/export': { url: () => '/api/v1/network/export?format=gexf', expect: api([200]) },
    'GET /network': { url: () => '/network', expect: page([200]) },
    'GET /network.pdf': { url: () => '/network.pdf', expect: asPdf(page([200])) },
    'GET /network/compare': { url: () => '/network/compare', expect: page([200]) },
  },
  surveys: {
    'GET /surveys': { url: () => '/surveys', expect: page([200]) },
    'POST /surveys': {
      url: () => '/surveys',
      body: () => ({ organisationId: A(), title: 'Form survey', audience: 'parents', period: '2025/26' }),
      expect: leaders([401]),
    },
    'GET /surveys/:id': { url: () => `/surveys/${ids.survey}`, expect: by([303], { outsider: [403] }, [200]) },
    'POST /surveys/:id/questions': {
      url: () => `/surveys/${ids.draft}/questions`,
      body: () => ({ type: 'text', prompt: 'Tell us more' }),
      expect: leaders([401]),
    },
    'POST /surveys/:id/questions/:questionId/delete': {
      url: () => `/surveys/${ids.draft}/questions/${ids.draftQuestion}/delete`,
      body: () => ({}),
      expect: by([401], { leader: [303, 404], admin: [303, 404] }, [403]),
    },
    'POST /surveys/:id/open': {
      url: () => `/surveys/${ids.opening}/open`,
      body: () => ({ organisationIds: A() }),
      expect: leaders([401]),
    },
    'GET /surveys/:id/close': {
      url: () => `/surveys/${ids.closing}/close`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /surveys/:id/close': {
      url: () => `/surveys/${ids.closing}/close`,
      body: () => ({}),
      expect: by([401], { leader: [303, 409], admin: [303, 409] }, [403]),
    },
    'GET /surveys/:id/results': {
      url: () => `/surveys/${ids.survey}/results`,
      expect: by([303], { outsider: [403] }, [200]),
      writtenAnswers: ['leader'],
    },
    'GET /surveys/:id/results.csv': {
      url: () => `/surveys/${ids.survey}/results.csv`,
      expect: by([303], { outsider: [403] }, [200]),
      writtenAnswers: [],
    },
    'GET /privacy/surveys': {
      url: () => '/privacy/surveys',
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'GET /s/:token': {
      url: () => `/s/${token}`,
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
      writtenAnswers: [],
    },
    'POST /s/:token': {
      url: () => `/s/${token}`,
      body: () => ({ [`q${ids.scaleQuestion}`]: '5' }),
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
      writtenAnswers: [],
    },
  },
  brokerage: {
    'GET /api/v1/support/matches': {
      url: () => `/api/v1/support/matches?organisationId=${A()}&area=maths`,
      expect: by([401], { outsider: [403] }, [200]),
    },
    'POST /api/v1/support/needs': {
      url: () => '/api/v1/support/needs',
      body: () => ({ organisationId: A(), area: 'behaviour' }),
      expect: leaders([401]),
    },
    'GET /api/v1/support/requests': { url: () => '/api/v1/support/requests', expect: api([200]) },
    'GET /api/v1/support/requests/:id': {
      url: () => `/api/v1/support/requests/${ids.request}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'PUT /api/v1/organisations/:id/match-weights': {
      url: () => `/api/v1/organisations/${A()}/match-weights`,
      body: () => ({ strength: 3, context: 2, distance: 1, capacity: 1, ties: 1 }),
      expect: leaders([401]),
    },
    'GET /api/v1/support/coverage': { url: () => '/api/v1/support/coverage', expect: api([200]) },
    'GET /support': { url: () => '/support', expect: page([200]) },
    'POST /support/needs': {
      url: () => '/support/needs',
      body: () => ({ organisationId: A(), area: 'governance' }),
      expect: leaders([401]),
    },
    'POST /support/offers': {
      url: () => '/support/offers',
      body: () => ({ organisationId: A(), area: 'maths', daysPerTerm: 1 }),
      expect: leaders([401]),
    },
    'GET /support/offers/:id/withdraw': {
      url: () => `/support/offers/${ids.offer}/withdraw`,
      expect: by([303], { leader: [200], admin: [200] }, [403]),
    },
    'POST /support/offers/:id/withdraw': {
      url: () => `/support/offers/${ids.offer}/withdraw`,
      body: () => ({}),
      expect: leaders([401]),
    },
    // Tried after the withdrawal just above: the administrator withdrew it last, so only an administrator may undo it.
    'POST /support/offers/:id/restore': {
      url: () => `/support/offers/${ids.offer}/restore`,
      body: () => ({}),
      expect: by([401], { admin: [303] }, [403]),
    },
    'GET /support/needs/:id': {
      url: () => `/support/needs/${ids.need}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /support/needs/:id/close': {
      url: () => `/support/needs/${ids.closableNeed}/close`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /support/needs/:id/close': {
      url: () => `/support/needs/${ids.closableNeed}/close`,
      body: () => ({ status: 'withdrawn' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    // Tried after the closing just above: the administrator closed it last, so only an administrator may undo it.
    'POST /support/needs/:id/reopen': {
      url: () => `/support/needs/${ids.closableNeed}/reopen`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /support/needs/:id/requests': {
      url: () => `/support/needs/${ids.need}/requests`,
      body: () => ({ invite: ids.schoolB }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /support/requests/:id': {
      url: () => `/support/requests/${ids.request}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /support/requests/:id/offers': {
      url: () => `/support/requests/${ids.request}/offers`,
      body: () => ({ organisationId: ids.schoolB, days: 1 }),
      // Answered already: said to the administrator on the form itself.
      expect: by([401], { outsider: [404], admin: [400] }, [403]),
    },
    'GET /support/coverage': { url: () => '/support/coverage', expect: page([200]) },
    'GET /support/coverage.pdf': { url: () => '/support/coverage.pdf', expect: asPdf(page([200])) },
    // School B has offered already: only its leaders may answer (none in the matrix), and an administrator is told it has answered.
    'POST /api/v1/support/requests/:id/declines': {
      url: () => `/api/v1/support/requests/${ids.request}/declines`,
      body: () => ({ organisationId: ids.schoolB, reason: 'No capacity this term' }),
      expect: by([401], { outsider: [404], admin: [409] }, [403]),
    },
    'POST /support/requests/:id/decline': {
      url: () => `/support/requests/${ids.request}/decline`,
      body: () => ({ organisationId: ids.schoolB, reason: 'No capacity this term' }),
      expect: by([401], { outsider: [404], admin: [400] }, [403]),
    },
    // Only School B's leaders (none in the matrix) could take back its answer; it has not declined, so an administrator has nothing to undo.
    'POST /support/requests/:id/undo-decline': {
      url: () => `/support/requests/${ids.request}/undo-decline`,
      body: () => ({ organisationId: ids.schoolB }),
      expect: by([401], { outsider: [404], admin: [409] }, [403]),
    },
    'POST /organisations/:id/match-weights': {
      url: () => `/organisations/${A()}/match-weights`,
      body: () => ({ strength: 3, context: 2, distance: 1, capacity: 1, ties: 1 }),
      expect: leaders([401]),
    },
  },
  engagements: {
    'GET /api/v1/engagements': { url: () => '/api/v1/engagements', expect: api([200]) },
    'GET /api/v1/engagements/:id': {
      url: () => `/api/v1/engagements/${ids.engagement}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /api/v1/engagements/:id/impact': {
      url: () => `/api/v1/engagements/${ids.engagement}/impact`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /support/request-offers/:id/accept': {
      url: () => `/support/request-offers/${ids.acceptOffer}/accept`,
      // Only the asking school's leaders (and administrators) see the offer to accept it.
      expect: by([303], { leader: [200], admin: [200] }, [404]),
    },
    'POST /support/request-offers/:id/accept': {
      url: () => `/support/request-offers/${ids.acceptOffer}/accept`,
      body: () => ({ type: 'mentoring', aims: 'Matrix aims', accountableTo: 'Board' }),
      // Accepted already: said on the opening form itself (400), with what was typed kept.
      expect: by([401], { outsider: [404], member: [403], leader: [303, 400], admin: [303, 400] }, [403]),
    },
    'GET /engagements': { url: () => '/engagements', expect: page([200]) },
    'GET /engagements/:id': {
      url: () => `/engagements/${ids.engagement}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /engagements/:id/people': {
      url: () => `/engagements/${ids.engagement}/people`,
      body: () => ({ personId: ids.personA, role: 'Mentor' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /engagements/:id/actions': {
      url: () => `/engagements/${ids.engagement}/actions`,
      body: () => ({ description: 'Another action' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /engagements/:id/actions/:actionId/done': {
      url: () => `/engagements/${ids.engagement}/actions/${ids.action}/done`,
      body: () => ({}),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /engagements/:id/check-ins': {
      url: () => `/engagements/${ids.engagement}/check-ins`,
      body: () => ({ notes: 'Matrix check-in' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /engagements/:id/check-in': {
      url: () => `/engagements/${ids.engagement}/check-in`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /api/v1/engagements/:id/check-ins': {
      url: () => `/api/v1/engagements/${ids.engagement}/check-ins`,
      body: () => ({ notes: 'Matrix check-in through the API' }),
      expect: by([401], { outsider: [404], member: [403] }, [201]),
    },
    'PATCH /api/v1/engagements/:id/check-ins/:checkInId': {
      url: () => `/api/v1/engagements/${ids.engagement}/check-ins/${ids.checkIn}`,
      body: () => ({ notes: 'Changed by someone else' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'DELETE /api/v1/engagements/:id/check-ins/:checkInId': {
      url: () => `/api/v1/engagements/${ids.engagement}/check-ins/${ids.checkIn}`,
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /engagements/:id/check-ins/:checkInId/edit': {
      url: () => `/engagements/${ids.engagement}/check-ins/${ids.checkIn}/edit`,
      expect: by([303], { outsider: [404] }, [403]),
    },
    'POST /engagements/:id/check-ins/:checkInId': {
      url: () => `/engagements/${ids.engagement}/check-ins/${ids.checkIn}`,
      body: () => ({ notes: 'Changed by someone else' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /engagements/:id/check-ins/:checkInId/delete': {
      url: () => `/engagements/${ids.engagement}/check-ins/${ids.checkIn}/delete`,
      body: () => ({}),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /engagements/:id/phase': {
      url: () => `/engagements/${ids.engagement}/phase`,
      body: () => ({ phase: 'diagnosis' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /engagements/:id/impact': {
      url: () => `/engagements/${ids.engagement}/impact`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /engagements/:id/impact.pdf': {
      url: () => `/engagements/${ids.engagement}/impact.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
  },
  enquiries: {
    'GET /api/v1/enquiries': { url: () => '/api/v1/enquiries', expect: api([200]) },
    'GET /api/v1/enquiries/:id': {
      url: () => `/api/v1/enquiries/${ids.enquiry}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/enquiries': {
      url: () => '/api/v1/enquiries',
      body: () => ({ title: 'Matrix enquiry by API', question: 'Does it start?', organisationIds: [ids.schoolA] }),
      expect: by([401], { outsider: [403], member: [403] }, [201]),
    },
    'POST /api/v1/enquiries/:id/cycles': {
      url: () => `/api/v1/enquiries/${ids.enquiry}/cycles`,
      body: () => ({ tried: 'Matrix cycle through the API' }),
      expect: by([401], { outsider: [404], member: [403] }, [201]),
    },
    'POST /api/v1/enquiries/:id/findings': {
      url: () => `/api/v1/enquiries/${ids.enquiry}/findings`,
      body: () => ({ statement: 'Matrix finding through the API' }),
      expect: by([401], { outsider: [404], member: [403] }, [201]),
    },
    'GET /enquiries': { url: () => '/enquiries', expect: page([200]) },
    'GET /enquiries/new': {
      url: () => '/enquiries/new',
      expect: by([303], { outsider: [403], member: [403] }, [200]),
    },
    'POST /enquiries': {
      url: () => '/enquiries',
      body: () => ({ title: 'Matrix enquiry by page', question: 'Does it start?', schoolUrn: '996001' }),
      expect: by([401], { outsider: [403], member: [403] }, [303]),
    },
    'GET /enquiries/:id': {
      url: () => `/enquiries/${ids.enquiry}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /enquiries/:id/schools': {
      url: () => `/enquiries/${ids.enquiry}/schools`,
      body: () => ({ schoolUrn: '996002' }),
      // Added by whoever comes first; the next is told on the page that it is in already (400).
      expect: by([401], { outsider: [404], member: [403] }, [303, 400]),
    },
    'POST /enquiries/:id/people': {
      url: () => `/enquiries/${ids.enquiry}/people`,
      body: () => ({ personId: ids.personA, role: 'member' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /enquiries/:id/cycles/new': {
      url: () => `/enquiries/${ids.enquiry}/cycles/new`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /enquiries/:id/cycles': {
      url: () => `/enquiries/${ids.enquiry}/cycles`,
      body: () => ({ tried: 'Matrix cycle' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /enquiries/:id/cycles/:cycleId/edit': {
      url: () => `/enquiries/${ids.enquiry}/cycles/${ids.enquiryCycle}/edit`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /enquiries/:id/cycles/:cycleId': {
      url: () => `/enquiries/${ids.enquiry}/cycles/${ids.enquiryCycle}`,
      body: () => ({ tried: 'Matrix cycle, changed' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /enquiries/:id/findings/new': {
      url: () => `/enquiries/${ids.enquiry}/findings/new`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /enquiries/:id/findings': {
      url: () => `/enquiries/${ids.enquiry}/findings`,
      body: () => ({ statement: 'Matrix finding' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /enquiries/:id/finish': {
      url: () => `/enquiries/${ids.enquiry}/finish`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /enquiries/:id/finish': {
      url: () => `/enquiries/${ids.enquiry}/finish`,
      body: () => ({}),
      // Finished by whoever comes first; after that it has finished (409).
      expect: by([401], { outsider: [404], member: [403] }, [303, 409]),
    },
  },
  practices: {
    'GET /api/v1/practices': { url: () => '/api/v1/practices', expect: api([200]) },
    'POST /api/v1/practices': {
      url: () => '/api/v1/practices',
      body: () => ({ organisationId: A(), title: 'Matrix API practice', problem: 'p', approach: 'a' }),
      expect: by([401], { outsider: [403], member: [403] }, [201]),
    },
    'GET /api/v1/practices/:id': {
      url: () => `/api/v1/practices/${ids.practice}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'PATCH /api/v1/practices/:id': {
      url: () => `/api/v1/practices/${ids.ownPractice}`,
      body: () => ({ title: 'Changed', problem: 'p', approach: 'a' }),
      expect: by([401], { outsider: [404], member: [403] }, [200]),
    },
    'POST /api/v1/practices/:id/adoptions': {
      url: () => `/api/v1/practices/${ids.practiceToAdopt}/adoptions`,
      body: () => ({ organisationId: A(), measures: ['ks2-maths-progress'] as never }),
      // Once taken up, school A is trying it: a second attempt is refused on the form's terms.
      expect: by([401], { outsider: [404], member: [403] }, [201, 400]),
    },
    'GET /api/v1/practice-adoptions': { url: () => '/api/v1/practice-adoptions', expect: api([200]) },
    'GET /api/v1/practice-adoptions/:id': {
      url: () => `/api/v1/practice-adoptions/${ids.adoption}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/practice-adoptions/:id/judgement': {
      url: () => `/api/v1/practice-adoptions/${ids.adoption}/judgement`,
      body: () => ({ judgement: 'keep' }),
      expect: by([401], { outsider: [404], member: [403], admin: [200, 409] }, [200]),
      ...secondAttempt({ leader: [409], admin: [409] }),
    },
    'GET /practices': { url: () => '/practices', expect: page([200]) },
    'GET /practices.csv': { url: () => '/practices.csv', expect: page([200]) },
    'GET /practices/adoptions.csv': { url: () => '/practices/adoptions.csv', expect: page([200]) },
    'GET /practices/new': { url: () => '/practices/new', expect: page([200]) },
    'POST /practices': {
      url: () => '/practices',
      body: () => ({ organisationId: A(), title: 'Matrix page practice', problem: 'p', approach: 'a' }),
      expect: by([401], { outsider: [403], member: [403] }, [303]),
    },
    'GET /practices/:id': {
      url: () => `/practices/${ids.practice}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /practices/:id/edit': {
      url: () => `/practices/${ids.ownPractice}/edit`,
      expect: by([303], { outsider: [404], member: [403] }, [200]),
    },
    'POST /practices/:id': {
      url: () => `/practices/${ids.ownPractice}`,
      body: () => ({ title: 'Changed on the page', problem: 'p', approach: 'a', published: 'partnerships' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /practices/:id/resources': {
      url: () => `/practices/${ids.ownPractice}/resources`,
      body: () => ({ title: 'Another resource', url: 'https://example.org/another' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /practices/:id/resources/:resourceId/delete': {
      url: () => `/practices/${ids.ownPractice}/resources/${ids.resource}/delete`,
      body: () => ({}),
      // The leader removes it first; then it is gone.
      expect: by([401], { outsider: [404], member: [403], admin: [303, 404] }, [303]),
    },
    'GET /practices/:id/adopt': {
      url: () => `/practices/${ids.practice}/adopt`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /practices/:id/adopt': {
      url: () => `/practices/${ids.practiceToAdopt}/adopt`,
      body: () => ({ organisationId: A(), measures: 'ks2-maths-progress' }),
      // Once taken up, school A is trying it: a second attempt answers on the form.
      expect: by([401], { outsider: [404], member: [403] }, [303, 400]),
    },
    'GET /practices/adoptions/:id': {
      url: () => `/practices/adoptions/${ids.adoption}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /practices/adoptions/:id/review': {
      url: () => `/practices/adoptions/${ids.adoption}/review`,
      body: () => ({ judgement: 'keep' }),
      // Judged once; a second judgement answers on the trial's page.
      expect: by([401], { outsider: [404], member: [403] }, [303, 400]),
    },
    // A practice's spread (practices.spread.routes.ts): seen by those who may see the practice; not found for the rest.
    'GET /api/v1/practices/:id/spread': {
      url: () => `/api/v1/practices/${ids.practice}/spread`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /api/v1/practices/:id/spread/map': {
      url: () => `/api/v1/practices/${ids.practice}/spread/map`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /practices/:id/spread': {
      url: () => `/practices/${ids.practice}/spread`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /practices/:id/spread.gexf': {
      url: () => `/practices/${ids.practice}/spread.gexf`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /practices/:id/spread.graphml': {
      url: () => `/practices/${ids.practice}/spread.graphml`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /practices/:id/adoptions.csv': {
      url: () => `/practices/${ids.practice}/adoptions.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    // A partnership's spread: for its staff only (school A's member and leader are not the trust's staff).
    'GET /practices/spread': {
      url: () => `/practices/spread?partnership=${ids.trust}`,
      expect: by([303], { admin: [200] }, [403]),
    },
  },
  journal: {
    'GET /api/v1/journal': { url: () => '/api/v1/journal', expect: api([200]) },
    'POST /api/v1/journal': {
      url: () => '/api/v1/journal',
      body: () => ({ body: 'Matrix reflection through the API' }),
      expect: post([201]),
    },
    // Someone else's entry: it does not exist for anyone else, administrators included.
    'GET /api/v1/journal/:id': { url: () => `/api/v1/journal/${ids.journalEntry}`, expect: by([401], {}, [404]) },
    'PATCH /api/v1/journal/:id': {
      url: () => `/api/v1/journal/${ids.journalEntry}`,
      body: () => ({ body: 'Overwritten' }),
      expect: by([401], {}, [404]),
    },
    'DELETE /api/v1/journal/:id': { url: () => `/api/v1/journal/${ids.journalEntry}`, expect: by([401], {}, [404]) },
    'GET /journal': { url: () => '/journal', expect: page([200]) },
    'GET /journal/shared': { url: () => '/journal/shared', expect: page([200]) },
    'GET /journal/new': { url: () => '/journal/new', expect: page([200]) },
    'POST /journal': { url: () => '/journal', body: () => ({ body: 'Matrix reflection' }), expect: post([303]) },
    'GET /journal/:id': { url: () => `/journal/${ids.journalEntry}`, expect: by([303], {}, [404]) },
    'POST /journal/:id': {
      url: () => `/journal/${ids.journalEntry}`,
      body: () => ({ body: 'Overwritten' }),
      expect: by([401], {}, [404]),
    },
    'POST /journal/:id/shares': {
      url: () => `/journal/${ids.journalEntry}/shares`,
      body: () => ({ email: spareEmail }),
      expect: by([401], {}, [404]),
    },
    'POST /journal/:id/shares/:userId/delete': {
      url: () => `/journal/${ids.journalEntry}/shares/${ids.spareUser}/delete`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'GET /journal/:id/delete': { url: () => `/journal/${ids.journalEntry}/delete`, expect: by([303], {}, [404]) },
    'POST /journal/:id/delete': {
      url: () => `/journal/${ids.journalEntry}/delete`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
  },
  'system-issues': {
    'GET /api/v1/system-issues': { url: () => '/api/v1/system-issues', expect: api([200]) },
    // The trust's log: for staff of the trust and of its member school A (and administrators), not school B's viewer.
    'GET /api/v1/system-issues/:partnershipId': {
      url: () => `/api/v1/system-issues/${ids.trust}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/system-issues/:partnershipId': {
      url: () => `/api/v1/system-issues/${ids.trust}`,
      body: () => ({ title: 'Raised through the API', whatHappened: 'Late records', whereFailed: 'No owner' }),
      expect: by([401], { outsider: [404] }, [201]),
    },
    'GET /api/v1/system-issues/issues/:id': {
      url: () => `/api/v1/system-issues/issues/${ids.systemIssue}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/system-issues/issues/:id/actions': {
      url: () => `/api/v1/system-issues/issues/${ids.systemIssue}/actions`,
      body: () => ({ description: 'An action through the API' }),
      expect: by([401], { outsider: [404] }, [201]),
    },
    // Closed by the trust's leaders only (school A's leader leads a member, not the trust); once closed, a second close clashes.
    'POST /api/v1/system-issues/issues/:id/close': {
      url: () => `/api/v1/system-issues/issues/${ids.closableIssue}/close`,
      expect: by([401], { outsider: [404], admin: [200, 409] }, [403]),
    },
    'GET /system-issues': { url: () => '/system-issues', expect: page([200]) },
    'GET /system-issues/:partnershipId': {
      url: () => `/system-issues/${ids.trust}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /system-issues/:partnershipId/new': {
      url: () => `/system-issues/${ids.trust}/new`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /system-issues/:partnershipId': {
      url: () => `/system-issues/${ids.trust}`,
      body: () => ({ title: 'Raised on the page', whatHappened: 'Late records', whereFailed: 'No owner' }),
      expect: by([401], { outsider: [404] }, [303]),
    },
    'GET /system-issues/:partnershipId/agenda': {
      url: () => `/system-issues/${ids.trust}/agenda`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /system-issues/:partnershipId/agenda.pdf': {
      url: () => `/system-issues/${ids.trust}/agenda.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
    'GET /system-issues/issues/:id': {
      url: () => `/system-issues/issues/${ids.systemIssue}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /system-issues/issues/:id/actions': {
      url: () => `/system-issues/issues/${ids.systemIssue}/actions`,
      body: () => ({ description: 'An action on the page' }),
      expect: by([401], { outsider: [404] }, [303]),
    },
    // Done once: whoever comes after finds it done already.
    'POST /system-issues/issues/:id/actions/:actionId/done': {
      url: () => `/system-issues/issues/${ids.systemIssue}/actions/${ids.issueAction}/done`,
      body: () => ({}),
      expect: by([401], { outsider: [404] }, [303, 409]),
    },
    'POST /system-issues/issues/:id/discussed': {
      url: () => `/system-issues/issues/${ids.systemIssue}/discussed`,
      body: () => ({ discussedOn: new Date().toISOString().slice(0, 10) }),
      expect: by([401], { outsider: [404] }, [303]),
    },
    'GET /system-issues/issues/:id/close': {
      url: () => `/system-issues/issues/${ids.systemIssue}/close`,
      expect: by([303], { outsider: [404], admin: [200] }, [403]),
    },
    'POST /system-issues/issues/:id/close': {
      url: () => `/system-issues/issues/${ids.closableIssue}/close`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303, 409] }, [403]),
    },
  },
  development: {
    'GET /api/v1/frameworks': { url: () => '/api/v1/frameworks', expect: api([200]) },
    'GET /api/v1/frameworks/:id': { url: () => `/api/v1/frameworks/${ids.framework}`, expect: api([200]) },
    // Administrators add frameworks; the same name a second time clashes.
    'POST /api/v1/frameworks': {
      url: () => '/api/v1/frameworks',
      body: () => ({
        name: 'Matrix framework',
        source: 'The matrix',
        description: 'For the matrix',
        scale: [
          { value: 1, label: 'Low' },
          { value: 2, label: 'High' },
        ],
        domains: [{ name: 'One', description: '', components: [{ name: 'Only', description: '', area: null }] }],
      }),
      expect: by([401], { admin: [201, 409] }, [403]),
    },
    'GET /api/v1/development/assessments': { url: () => '/api/v1/development/assessments', expect: api([200]) },
    'POST /api/v1/development/assessments': {
      url: () => '/api/v1/development/assessments',
      body: () => ({
        frameworkId: ids.framework,
        ratings: frameworkComponents.map((componentId) => ({ componentId, rating: 3 })),
      }),
      expect: post([201]),
    },
    // Another account's profile: it does not exist to anyone who is not its owner or chosen by them.
    'GET /api/v1/development/profile/:id': {
      url: () => `/api/v1/development/profile/${ids.framework}?owner=${ids.spareUser}`,
      expect: by([401], {}, [404]),
    },
    'GET /api/v1/development/shares': { url: () => '/api/v1/development/shares', expect: api([200]) },
    'POST /api/v1/development/shares': {
      url: () => '/api/v1/development/shares',
      body: () => ({ email: spareEmail, relation: 'colleague' }),
      expect: post([201]),
    },
    'DELETE /api/v1/development/shares/:userId': {
      url: () => `/api/v1/development/shares/${ids.spareUser}`,
      expect: by([401], {}, [204, 404]),
    },
    'GET /api/v1/development/offers': { url: () => '/api/v1/development/offers', expect: api([200]) },
    'GET /api/v1/development/export': { url: () => '/api/v1/development/export', expect: api([200]) },
    'GET /development': { url: () => '/development', expect: page([200]) },
    'GET /development/frameworks': { url: () => '/development/frameworks', expect: page([200]) },
    'GET /development/frameworks/new': {
      url: () => '/development/frameworks/new',
      expect: by([303], { admin: [200] }, [403]),
    },
    'POST /development/frameworks': {
      url: () => '/development/frameworks',
      body: () => ({
        name: 'Matrix framework on the page',
        source: 'The matrix',
        description: 'For the matrix',
        scale: '1 Low\n2 High',
        domains: '# One\n- Only',
      }),
      expect: by([401], { admin: [303, 400] }, [403]),
    },
    'GET /development/frameworks/:id': { url: () => `/development/frameworks/${ids.framework}`, expect: page([200]) },
    'GET /development/frameworks/:id/assess': {
      url: () => `/development/frameworks/${ids.framework}/assess`,
      expect: page([200]),
    },
    'POST /development/frameworks/:id/assess': {
      url: () => `/development/frameworks/${ids.framework}/assess`,
      body: () => Object.fromEntries(frameworkComponents.map((id) => [`rating-${id}`, '2'])),
      expect: post([303]),
    },
    'GET /development/frameworks/:id/profile': {
      url: () => `/development/frameworks/${ids.framework}/profile`,
      expect: page([200]),
    },
    'GET /development/frameworks/:id/profile.pdf': {
      url: () => `/development/frameworks/${ids.framework}/profile.pdf`,
      expect: asPdf(page([200])),
    },
    'GET /development/people/:userId': {
      url: () => `/development/people/${ids.spareUser}`,
      expect: by([303], {}, [404]),
    },
    'GET /development/people/:userId/frameworks/:id/profile': {
      url: () => `/development/people/${ids.spareUser}/frameworks/${ids.framework}/profile`,
      expect: by([303], {}, [404]),
    },
    'GET /development/people/:userId/frameworks/:id/profile.pdf': {
      url: () => `/development/people/${ids.spareUser}/frameworks/${ids.framework}/profile.pdf`,
      expect: by([303], {}, [404]),
    },
    'POST /development/assessments/:id/offers': {
      url: () => `/development/assessments/${ids.spareAssessment}/offers`,
      body: () => ({ componentId: frameworkComponents[0]!, offered: 'yes' }),
      expect: by([401], {}, [404]),
    },
    'GET /development/sharing': { url: () => '/development/sharing', expect: page([200]) },
    'POST /development/sharing': {
      url: () => '/development/sharing',
      body: () => ({ email: spareEmail, relation: 'mentor' }),
      expect: post([303]),
    },
    'POST /development/sharing/:userId/stop': {
      url: () => `/development/sharing/${ids.spareUser}/stop`,
      body: () => ({}),
      expect: by([401], {}, [303, 404]),
    },
    'GET /development/offers': { url: () => '/development/offers', expect: page([200]) },
    'GET /development/export.csv': { url: () => '/development/export.csv', expect: page([200]) },
  },
  plans: {
    'GET /api/v1/plans': { url: () => '/api/v1/plans', expect: api([200]) },
    'GET /api/v1/plans/shared': { url: () => '/api/v1/plans/shared', expect: api([200]) },
    'POST /api/v1/plans': {
      url: () => '/api/v1/plans',
      body: () => ({ title: 'Matrix plan by API' }),
      expect: post([201]),
    },
    // Another account's plan: it does not exist to anyone it is not shared with, administrators included.
    'GET /api/v1/plans/:id': { url: () => `/api/v1/plans/${ids.plan}`, expect: by([401], {}, [404]) },
    'PATCH /api/v1/plans/:id': {
      url: () => `/api/v1/plans/${ids.plan}`,
      body: () => ({ title: 'x' }),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/plans/:id/goals': {
      url: () => `/api/v1/plans/${ids.plan}/goals`,
      body: () => ({ text: 'x' }),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/plans/:id/actions': {
      url: () => `/api/v1/plans/${ids.plan}/actions`,
      body: () => ({ goalId: ids.planGoal, title: 'x', kind: 'course' }),
      expect: by([401], {}, [404]),
    },
    'GET /api/v1/plans/:id/actions/:actionId': {
      url: () => `/api/v1/plans/${ids.plan}/actions/${ids.planAction}`,
      expect: by([401], {}, [404]),
    },
    'PATCH /api/v1/plans/:id/actions/:actionId': {
      url: () => `/api/v1/plans/${ids.plan}/actions/${ids.planAction}`,
      body: () => ({ status: 'done' }),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/plans/:id/actions/:actionId/link': {
      url: () => `/api/v1/plans/${ids.plan}/actions/${ids.planAction}/link`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/plans/:id/reviews': {
      url: () => `/api/v1/plans/${ids.plan}/reviews`,
      body: () => ({ wentWell: 'x' }),
      expect: by([401], {}, [404]),
    },
    'GET /plans': { url: () => '/plans', expect: page([200]) },
    'GET /plans/new': { url: () => '/plans/new', expect: page([200]) },
    'POST /plans': { url: () => '/plans', body: () => ({ title: 'Matrix plan' }), expect: post([303]) },
    'GET /plans/:id': { url: () => `/plans/${ids.plan}`, expect: by([303], {}, [404]) },
    'POST /plans/:id': { url: () => `/plans/${ids.plan}`, body: () => ({ title: 'x' }), expect: by([401], {}, [404]) },
    'GET /plans/:id/goals/new': { url: () => `/plans/${ids.plan}/goals/new`, expect: by([303], {}, [404]) },
    'POST /plans/:id/goals': {
      url: () => `/plans/${ids.plan}/goals`,
      body: () => ({ text: 'x' }),
      expect: by([401], {}, [404]),
    },
    'GET /plans/:id/actions/new': { url: () => `/plans/${ids.plan}/actions/new`, expect: by([303], {}, [404]) },
    'POST /plans/:id/actions': {
      url: () => `/plans/${ids.plan}/actions`,
      body: () => ({ goalId: ids.planGoal, title: 'x', kind: 'course' }),
      expect: by([401], {}, [404]),
    },
    'GET /plans/:id/actions/:actionId': {
      url: () => `/plans/${ids.plan}/actions/${ids.planAction}`,
      expect: by([303], {}, [404]),
    },
    'POST /plans/:id/actions/:actionId': {
      url: () => `/plans/${ids.plan}/actions/${ids.planAction}`,
      body: () => ({ status: 'done' }),
      expect: by([401], {}, [404]),
    },
    'POST /plans/:id/actions/:actionId/link': {
      url: () => `/plans/${ids.plan}/actions/${ids.planAction}/link`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'GET /plans/:id/reviews/new': { url: () => `/plans/${ids.plan}/reviews/new`, expect: by([303], {}, [404]) },
    'POST /plans/:id/reviews': {
      url: () => `/plans/${ids.plan}/reviews`,
      body: () => ({ wentWell: 'x' }),
      expect: by([401], {}, [404]),
    },
  },
  feedback360: {
    'GET /api/v1/feedback': { url: () => '/api/v1/feedback', expect: api([200]) },
    'GET /api/v1/feedback/shared': { url: () => '/api/v1/feedback/shared', expect: api([200]) },
    'POST /api/v1/feedback': {
      url: () => '/api/v1/feedback',
      body: () => ({ frameworkId: ids.framework, closesOn: '2099-12-31' }),
      expect: post([201]),
    },
    // Another account's round: its results, raters and suggestions do not exist to anyone else.
    'GET /api/v1/feedback/:id/results': {
      url: () => `/api/v1/feedback/${ids.feedbackRound}/results`,
      expect: by([401], {}, [404]),
    },
    'GET /api/v1/feedback/:id/raters': {
      url: () => `/api/v1/feedback/${ids.feedbackRound}/raters`,
      expect: by([401], {}, [404]),
    },
    'GET /api/v1/feedback/:id/suggestions': {
      url: () => `/api/v1/feedback/${ids.feedbackRound}/suggestions`,
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/feedback/:id/raters': {
      url: () => `/api/v1/feedback/${ids.feedbackRound}/raters`,
      body: () => ({ raters: [{ name: 'X', email: 'x@example.test', relationship: 'peer' }] }),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/feedback/:id/close': {
      url: () => `/api/v1/feedback/${ids.feedbackRound}/close`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'GET /feedback': { url: () => '/feedback', expect: page([200]) },
    'GET /feedback/new': { url: () => '/feedback/new', expect: page([200]) },
    'POST /feedback': {
      url: () => '/feedback',
      body: () => ({
        frameworkId: ids.framework,
        'closesOn-day': '31',
        'closesOn-month': '12',
        'closesOn-year': '2099',
      }),
      expect: post([303]),
    },
    'GET /feedback/:id': { url: () => `/feedback/${ids.feedbackRound}`, expect: by([303], {}, [404]) },
    'GET /feedback/:id/results.csv': {
      url: () => `/feedback/${ids.feedbackRound}/results.csv`,
      expect: by([303], {}, [404]),
    },
    'GET /feedback/:id/raters': { url: () => `/feedback/${ids.feedbackRound}/raters`, expect: by([303], {}, [404]) },
    'POST /feedback/:id/raters': {
      url: () => `/feedback/${ids.feedbackRound}/raters`,
      body: () => ({ name: 'X', email: 'x@example.test', relationship: 'peer' }),
      expect: by([401], {}, [404]),
    },
    'GET /feedback/:id/close': { url: () => `/feedback/${ids.feedbackRound}/close`, expect: by([303], {}, [404]) },
    'POST /feedback/:id/close': {
      url: () => `/feedback/${ids.feedbackRound}/close`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    // A rater's private link: public, showing only the leader's name and the framework; an empty answer writes nothing.
    'GET /feedback/answer/:token': {
      url: () => `/feedback/answer/${feedbackToken}`,
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    // Each link takes few attempts a minute: the matrix's many tries meet its limit (429).
    'POST /feedback/answer/:token': {
      url: () => `/feedback/answer/${feedbackToken}`,
      body: () => ({}),
      expect: {
        anonymous: [400, 429],
        outsider: [400, 429],
        member: [400, 429],
        leader: [400, 429],
        admin: [400, 429],
      },
    },
  },
  mentoring: {
    'GET /api/v1/mentoring': { url: () => '/api/v1/mentoring', expect: api([200]) },
    'GET /api/v1/mentoring/offer': { url: () => '/api/v1/mentoring/offer', expect: api([200]) },
    'GET /api/v1/mentoring/suggestions': { url: () => '/api/v1/mentoring/suggestions', expect: api([200]) },
    'PUT /api/v1/mentoring/offer': {
      url: () => '/api/v1/mentoring/offer',
      body: () => ({ componentIds: [frameworkComponents[0]!] }),
      expect: post([200]),
    },
    'DELETE /api/v1/mentoring/offer': { url: () => '/api/v1/mentoring/offer', expect: by([401], {}, [204, 404]) },
    'POST /api/v1/mentoring': {
      url: () => '/api/v1/mentoring',
      body: () => ({ menteeEmail }),
      expect: post([201, 409]),
    },
    // A relation between two accounts none of the matrix's users is: it does not exist to them.
    'GET /api/v1/mentoring/:id': {
      url: () => `/api/v1/mentoring/${ids.mentoringRelation}`,
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/mentoring/:id/steps': {
      url: () => `/api/v1/mentoring/${ids.mentoringRelation}/steps`,
      body: () => ({ step: 'decline' }),
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/mentoring/:id/notes': {
      url: () => `/api/v1/mentoring/${ids.mentoringRelation}/notes`,
      body: () => ({ body: 'x' }),
      expect: by([401], {}, [404]),
    },
    'GET /mentoring': { url: () => '/mentoring', expect: page([200]) },
    'GET /mentoring/offer': { url: () => '/mentoring/offer', expect: page([200]) },
    'POST /mentoring/offer': {
      url: () => '/mentoring/offer',
      body: () => ({ componentIds: String(frameworkComponents[0]!) }),
      expect: post([303]),
    },
    'POST /mentoring/offer/stop': { url: () => '/mentoring/offer/stop', body: () => ({}), expect: post([303, 404]) },
    'GET /mentoring/find': { url: () => '/mentoring/find', expect: page([200]) },
    'POST /mentoring': {
      url: () => '/mentoring',
      body: () => ({ menteeEmail: spareEmail }),
      expect: post([303, 400, 409]),
    },
    'GET /mentoring/:id': { url: () => `/mentoring/${ids.mentoringRelation}`, expect: by([303], {}, [404]) },
    'POST /mentoring/:id/steps': {
      url: () => `/mentoring/${ids.mentoringRelation}/steps`,
      body: () => ({ step: 'decline' }),
      expect: by([401], {}, [404]),
    },
    'POST /mentoring/:id/notes': {
      url: () => `/mentoring/${ids.mentoringRelation}/notes`,
      body: () => ({ body: 'x' }),
      expect: by([401], {}, [404]),
    },
    'POST /mentoring/:id/share': {
      url: () => `/mentoring/${ids.mentoringRelation}/share`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'POST /mentoring/:id/share/delete': {
      url: () => `/mentoring/${ids.mentoringRelation}/share/delete`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
  },
  succession: {
    'GET /api/v1/opportunities': { url: () => '/api/v1/opportunities', expect: api([200]) },
    // Posted by the trust's own leaders and coordinators: none of the matrix's users leads the trust.
    'POST /api/v1/opportunities': {
      url: () => '/api/v1/opportunities',
      body: () => ({
        partnershipId: ids.trust,
        title: 'Posted in the matrix',
        kind: 'post',
        asks: 'Everything',
        closesOn: '2999-01-01',
      }),
      expect: by([401], {}, [403]),
    },
    // Read by anyone with a membership of the trust or of a member school (school A); to others it does not exist.
    'GET /api/v1/opportunities/:id': {
      url: () => `/api/v1/opportunities/${ids.opportunity}`,
      expect: by([401], { member: [200], leader: [200] }, [404]),
    },
    'PATCH /api/v1/opportunities/:id': {
      url: () => `/api/v1/opportunities/${ids.opportunity}`,
      body: () => ({ status: 'closed' }),
      expect: by([401], { member: [403], leader: [403] }, [404]),
    },
    'POST /api/v1/opportunities/:id/interest': {
      url: () => `/api/v1/opportunities/${ids.opportunity}/interest`,
      body: () => ({ note: 'Interested, through the matrix' }),
      expect: by([401], { member: [201, 409], leader: [201, 409] }, [404]),
    },
    'DELETE /api/v1/opportunities/:id/interest': {
      url: () => `/api/v1/opportunities/${ids.opportunity}/interest`,
      expect: by([401], { member: [204, 404], leader: [204, 404] }, [404]),
    },
    'GET /api/v1/succession/intentions': { url: () => '/api/v1/succession/intentions', expect: api([200]) },
    'POST /api/v1/succession/intentions': {
      url: () => '/api/v1/succession/intentions',
      body: () => ({ kind: 'towards', role: 'headship' }),
      expect: post([201]),
    },
    'DELETE /api/v1/succession/intentions/:id': {
      url: () => `/api/v1/succession/intentions/${ids.spareIntention}`,
      expect: by([401], {}, [404]),
    },
    'PUT /api/v1/succession/intentions/:id/shares/:partnershipId': {
      url: () => `/api/v1/succession/intentions/${ids.spareIntention}/shares/${ids.trust}`,
      expect: by([401], {}, [404]),
    },
    'DELETE /api/v1/succession/intentions/:id/shares/:partnershipId': {
      url: () => `/api/v1/succession/intentions/${ids.spareIntention}/shares/${ids.trust}`,
      expect: by([401], {}, [404]),
    },
    // The trust's bench: its own leaders only (administrators are given counts, never names).
    'GET /api/v1/succession/partnerships/:id': {
      url: () => `/api/v1/succession/partnerships/${ids.trust}`,
      expect: by([401], { admin: [200] }, [404]),
    },
    'GET /api/v1/succession/counts': { url: () => '/api/v1/succession/counts', expect: adminOnly([401]) },
    'GET /opportunities': { url: () => '/opportunities', expect: page([200]) },
    'GET /opportunities/new': { url: () => '/opportunities/new', expect: page([200]) },
    'POST /opportunities': {
      url: () => '/opportunities',
      body: () => ({
        partnershipId: ids.trust,
        title: 'Posted on the page',
        kind: 'post',
        asks: 'Everything',
        closesOn: '2999-01-01',
      }),
      expect: by([401], {}, [403]),
    },
    'GET /opportunities/:id': {
      url: () => `/opportunities/${ids.opportunity}`,
      expect: by([303], { member: [200], leader: [200] }, [404]),
    },
    'POST /opportunities/:id/interest': {
      url: () => `/opportunities/${ids.opportunity}/interest`,
      body: () => ({ note: 'Interested, on the page' }),
      expect: by([401], { member: [303, 400, 409], leader: [303, 400, 409] }, [404]),
    },
    'POST /opportunities/:id/interest/delete': {
      url: () => `/opportunities/${ids.opportunity}/interest/delete`,
      body: () => ({}),
      expect: by([401], { member: [303, 404], leader: [303, 404] }, [404]),
    },
    'POST /opportunities/:id/status': {
      url: () => `/opportunities/${ids.opportunity}/status`,
      body: () => ({ status: 'closed' }),
      expect: by([401], { member: [403], leader: [403] }, [404]),
    },
    'GET /succession': { url: () => '/succession', expect: page([200]) },
    'POST /succession/towards': {
      url: () => '/succession/towards',
      body: () => ({ role: 'headship' }),
      expect: post([303]),
    },
    'POST /succession/leaving': {
      url: () => '/succession/leaving',
      body: () => ({ role: 'other', leavingMonth: '7', leavingYear: '2999' }),
      expect: post([303, 400]),
    },
    'POST /succession/intentions/:id/shares': {
      url: () => `/succession/intentions/${ids.spareIntention}/shares`,
      body: () => ({ partnershipId: ids.trust }),
      expect: by([401], {}, [404]),
    },
    'POST /succession/intentions/:id/shares/:partnershipId/delete': {
      url: () => `/succession/intentions/${ids.spareIntention}/shares/${ids.trust}/delete`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'POST /succession/intentions/:id/delete': {
      url: () => `/succession/intentions/${ids.spareIntention}/delete`,
      body: () => ({}),
      expect: by([401], {}, [404]),
    },
    'GET /partnerships/:id/succession': {
      url: () => `/partnerships/${ids.trust}/succession`,
      expect: by([303], { admin: [200] }, [404]),
    },
    'GET /partnerships/:id/succession.pdf': {
      url: () => `/partnerships/${ids.trust}/succession.pdf`,
      expect: asPdf(by([303], { admin: [200] }, [404])),
    },
    'GET /partnerships/:id/succession.csv': {
      url: () => `/partnerships/${ids.trust}/succession.csv`,
      expect: by([303], {}, [404]),
    },
  },
  families: {
    // Family records need two-factor sign-in: of the matrix's users only the administrator has it, and is in no family's team.
    'GET /api/v1/families/figures': { url: () => '/api/v1/families/figures', expect: api([200]) },
    'GET /families': { url: () => '/families', expect: twoFactorOnly([303], [200]) },
    'GET /families/new': { url: () => '/families/new', expect: twoFactorOnly([303], [200]) },
    'POST /families': {
      url: () => '/families',
      body: () => ({ organisationId: String(ids.schoolA), teamRole: 'Lead', child1Name: 'Matrix child' }),
      expect: twoFactorOnly([401], [400]),
    },
    'GET /families/:id': { url: () => `/families/${ids.family}`, expect: twoFactorOnly([303], [404]) },
    // Where an agency names no data protection lead, administrators stand in: they read who opened its families' records.
    'GET /families/:id/access': { url: () => `/families/${ids.family}/access`, expect: twoFactorOnly([303], [200]) },
    'POST /families/:id/members': {
      url: () => `/families/${ids.family}/members`,
      body: () => ({ email: 'x@example.test', organisationId: String(ids.schoolA), teamRole: 'Matrix' }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/members/:memberId/leave': {
      url: () => `/families/${ids.family}/members/${ids.familyMember}/leave`,
      body: () => ({}),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/members/:memberId/lead': {
      url: () => `/families/${ids.family}/members/${ids.familyMember}/lead`,
      body: () => ({}),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/consents': {
      url: () => `/families/${ids.family}/consents`,
      body: () => ({
        givenBy: '1',
        purpose: 'Matrix',
        information: 'health',
        agencies: 'health',
        lawfulBasis: 'consent',
      }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/consents/:consentId/withdraw': {
      url: () => `/families/${ids.family}/consents/${ids.familyConsent}/withdraw`,
      body: () => ({}),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/overrides': {
      url: () => `/families/${ids.family}/overrides`,
      body: () => ({ agency: 'police', overrideInformation: 'safety', reason: 'A matrix reason long enough' }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/notes': {
      url: () => `/families/${ids.family}/notes`,
      body: () => ({ noteInformation: 'health', sensitivity: 'standard', body: 'Matrix note' }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/services': {
      url: () => `/families/${ids.family}/services`,
      body: () => ({
        serviceOrganisationId: String(ids.schoolA),
        what: 'Matrix',
        'dueOn-day': '1',
        'dueOn-month': '1',
        'dueOn-year': '2099',
      }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/services/:serviceId/done': {
      url: () => `/families/${ids.family}/services/${ids.familyService}/done`,
      body: () => ({}),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/referrals': {
      url: () => `/families/${ids.family}/referrals`,
      body: () => ({ toOrganisationId: String(ids.schoolB), outcome: 'be-healthy', message: 'Matrix' }),
      expect: twoFactorOnly([401], [404]),
    },
    'POST /families/:id/close': {
      url: () => `/families/${ids.family}/close`,
      body: () => ({}),
      expect: twoFactorOnly([401], [404]),
    },
    'GET /families/referrals/:referralId': {
      url: () => `/families/referrals/${ids.familyReferral}`,
      expect: twoFactorOnly([303], [404]),
    },
    'POST /families/referrals/:referralId/answer': {
      url: () => `/families/referrals/${ids.familyReferral}/answer`,
      body: () => ({ answer: 'decline', reason: 'Matrix' }),
      expect: twoFactorOnly([401], [404]),
    },
    'GET /families/break-glass': { url: () => '/families/break-glass', expect: twoFactorOnly([303], [200]) },
    'POST /families/break-glass': {
      url: () => '/families/break-glass',
      body: () => ({ reference: 'FAM-0000-0000', reason: 'A matrix reason long enough' }),
      expect: twoFactorOnly([401], [400]),
    },
    'GET /families/reviews': { url: () => '/families/reviews', expect: twoFactorOnly([303], [200]) },
    'POST /families/reviews/:kind/:reviewId': {
      url: () => '/families/reviews/break-glass/999999',
      body: () => ({ outcome: 'justified' }),
      expect: twoFactorOnly([401], [404]),
    },
    // An agency's settings are for its leaders and administrators, and need two-factor sign-in as family records do.
    'GET /families/settings/:organisationId': {
      url: () => `/families/settings/${ids.schoolA}`,
      expect: twoFactorOnly([303], [200]),
    },
    'POST /families/settings/:organisationId': {
      url: () => `/families/settings/${ids.schoolA}`,
      body: () => ({ retentionYears: '6' }),
      expect: twoFactorOnly([401], [303]),
    },
    'GET /families/figures': { url: () => '/families/figures', expect: page([200]) },
    'GET /families/figures.gexf': { url: () => '/families/figures.gexf', expect: page([200]) },
    'GET /families/figures.graphml': { url: () => '/families/figures.graphml', expect: page([200]) },
  },
  // A partnership's governance (the trust's): read by the staff of the trust and of its member school A, and by
  // administrators; school B's viewer is told it does not exist. The framework is shaped by the trust's leaders and
  // administrators; a forum's business is recorded by its leads and the trust's (none of the matrix's users, and
  // never administrators). School A's leader commits school A. The pupil forum is public: its pages answer anyone.
  // The advisory board is read by its members only: no one trying the routes, administrators included.
  // A partnership's health (the trust's): read by the staff of the trust and of its member school A, and by
  // administrators; school B's viewer is told it does not exist. Snapshots on demand, notes and the reading of
  // maturity are the trust's leaders' and administrators' (none of the matrix's other users leads the trust).
  health: {
    'GET /api/v1/system-health/:scope': {
      url: () => `/api/v1/system-health/${ids.trust}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /system-health': { url: () => '/system-health', expect: page([200]) },
    'GET /system-health/dictionary.csv': { url: () => '/system-health/dictionary.csv', expect: page([200]) },
    'GET /system-health/:scope': {
      url: () => `/system-health/${ids.trust}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /system-health/:scope/report': {
      url: () => `/system-health/${ids.trust}/report`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /system-health/:scope/report.pdf': {
      url: () => `/system-health/${ids.trust}/report.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
    'GET /system-health/:scope/snapshots.csv': {
      url: () => `/system-health/${ids.trust}/snapshots.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /system-health/:scope/snapshots': {
      url: () => `/system-health/${ids.trust}/snapshots`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /system-health/:scope/notes': {
      url: () => `/system-health/${ids.trust}/notes`,
      body: () => ({ text: 'A note through the matrix' }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /system-health/:scope/notes/:id/remove': {
      url: () => `/system-health/${ids.trust}/notes/${ids.healthNote}/remove`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303, 404] }, [403]),
    },
    'POST /system-health/:scope/snapshots/:id/maturity': {
      url: () => `/system-health/${ids.trust}/snapshots/${ids.healthSnapshot}/maturity`,
      body: () => ({ agreed: 'yes' }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
  },
  governance: {
    'GET /api/v1/governance/partnerships/:id/outcomes': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/outcomes`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/governance/partnerships/:id/outcomes': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/outcomes`,
      body: () => ({ title: `Matrix ambition ${nextOutcome++}` }),
      expect: by([401], { outsider: [404], admin: [201] }, [403]),
    },
    'POST /api/v1/governance/partnerships/:id/outcomes/start': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/outcomes/start`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [200] }, [403]),
    },
    'GET /api/v1/governance/outcomes/:id': {
      url: () => `/api/v1/governance/outcomes/${ids.outcome}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'PATCH /api/v1/governance/outcomes/:id': {
      url: () => `/api/v1/governance/outcomes/${ids.outcome}`,
      body: () => ({ title: 'Matrix outcome', description: 'Changed through the API' }),
      expect: by([401], { outsider: [404], admin: [200] }, [403]),
    },
    // Added once; the same indicator again clashes.
    'POST /api/v1/governance/outcomes/:id/measures': {
      url: () => `/api/v1/governance/outcomes/${ids.outcome}/measures`,
      body: () => ({ indicatorCode: 'ks2-maths-progress', milestones: [{ year: 2030, value: 2 }] }),
      expect: by([401], { outsider: [404], admin: [201] }, [403]),
      ...secondAttempt({ admin: [409] }),
    },
    'POST /api/v1/governance/outcomes/:id/commitments': {
      url: () => `/api/v1/governance/outcomes/${ids.outcome}/commitments`,
      body: () => ({ organisationId: A(), what: 'Committed through the API', status: 'green' }),
      expect: by([401], { outsider: [404], member: [403] }, [201]),
    },
    'PATCH /api/v1/governance/commitments/:id': {
      url: () => `/api/v1/governance/commitments/${ids.commitment}`,
      body: () => ({ status: 'green', evidence: 'Changed through the API' }),
      expect: by([401], { outsider: [404], member: [403] }, [200]),
    },
    'GET /governance': { url: () => '/governance', expect: page([200]) },
    'GET /governance/:partnershipId': {
      url: () => `/governance/${ids.trust}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /governance/:partnershipId/start': {
      url: () => `/governance/${ids.trust}/start`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/:partnershipId/outcomes': {
      url: () => `/governance/${ids.trust}/outcomes`,
      body: () => ({ title: `Matrix ambition ${nextOutcome++}` }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'GET /governance/outcomes/:id': {
      url: () => `/governance/outcomes/${ids.outcome}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /governance/outcomes/:id': {
      url: () => `/governance/outcomes/${ids.outcome}`,
      body: () => ({ title: 'Matrix outcome', description: 'Changed on the page' }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'GET /governance/outcomes/:id/remove': {
      url: () => `/governance/outcomes/${ids.removableOutcome}/remove`,
      expect: by([303], { outsider: [404], admin: [200] }, [403]),
    },
    'POST /governance/outcomes/:id/remove': {
      url: () => `/governance/outcomes/${ids.removableOutcome}/remove`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/outcomes/:id/measures': {
      url: () => `/governance/outcomes/${ids.outcome}/measures`,
      body: () => ({ indicatorCode: 'absence-persistent-percent', year1: 2030, value1: 10 }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/measures/:id/milestones': {
      url: () => `/governance/measures/${ids.measure}/milestones`,
      body: () => ({ year1: 2030, value1: 3 }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/measures/:id/remove': {
      url: () => `/governance/measures/${ids.removableMeasure}/remove`,
      body: () => ({}),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/outcomes/:id/work': {
      url: () => `/governance/outcomes/${ids.outcome}/work`,
      body: () => ({ kind: 'practice', refId: ids.ownPractice }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/outcomes/:id/work/remove': {
      url: () => `/governance/outcomes/${ids.outcome}/work/remove`,
      body: () => ({ kind: 'practice', refId: ids.ownPractice }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
    'POST /governance/outcomes/:id/commitments': {
      url: () => `/governance/outcomes/${ids.outcome}/commitments`,
      body: () => ({ organisationId: A(), what: 'Committed on the page', status: 'amber' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'POST /governance/commitments/:id': {
      url: () => `/governance/commitments/${ids.commitment}`,
      body: () => ({ status: 'red', evidence: 'Changed on the page' }),
      expect: by([401], { outsider: [404], member: [403] }, [303]),
    },
    'GET /governance/outcomes/:id/accountability': {
      url: () => `/governance/outcomes/${ids.outcome}/accountability`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /governance/outcomes/:id/accountability.pdf': {
      url: () => `/governance/outcomes/${ids.outcome}/accountability.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
    'GET /governance/:partnershipId/outcomes-report': {
      url: () => `/governance/${ids.trust}/outcomes-report`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /governance/:partnershipId/outcomes-report.pdf': {
      url: () => `/governance/${ids.trust}/outcomes-report.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
    'GET /governance/:partnershipId/outcomes.csv': {
      url: () => `/governance/${ids.trust}/outcomes.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /governance/:partnershipId/commitments.csv': {
      url: () => `/governance/${ids.trust}/commitments.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    // Forums: only a leader of the trust makes one (administrators included among those refused).
    'GET /api/v1/governance/partnerships/:partnershipId/forums': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/forums`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/governance/partnerships/:partnershipId/forums': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/forums`,
      body: () => ({ name: 'Matrix forum through the API', kind: 'other', visibility: 'partnership' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /api/v1/forums/:id': {
      url: () => `/api/v1/forums/${ids.board}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/forums/:id': {
      url: () => `/api/v1/forums/${ids.board}`,
      body: () => ({ purpose: 'Changed through the API' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/:id/members': {
      url: () => `/api/v1/forums/${ids.board}/members`,
      body: () => ({ name: 'Matrix member', role: 'member', termFrom: '2026-09-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/:id/members/:memberId': {
      url: () => `/api/v1/forums/${ids.board}/members/${ids.forumMember}`,
      body: () => ({ role: 'vice-chair' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/:id/elections': {
      url: () => `/api/v1/forums/${ids.board}/elections`,
      body: () => ({
        title: 'Matrix election',
        seats: 1,
        electorate: 'peers',
        opensOn: '2026-09-01',
        closesOn: '2026-09-30',
      }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /api/v1/forums/elections/:id': {
      url: () => `/api/v1/forums/elections/${ids.election}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/forums/elections/:id/candidates': {
      url: () => `/api/v1/forums/elections/${ids.election}/candidates`,
      body: () => ({ name: 'Matrix candidate through the API' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/elections/:id/votes': {
      url: () => `/api/v1/forums/elections/${ids.election}/votes`,
      body: () => ({ votes: [{ candidateId: ids.candidate, votes: 3 }] }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/elections/:id/close': {
      url: () => `/api/v1/forums/elections/${ids.election}/close`,
      body: () => ({ turnout: 10 }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/:id/meetings': {
      url: () => `/api/v1/forums/${ids.board}/meetings`,
      body: () => ({ title: 'Matrix meeting through the API', heldOn: '2026-11-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    // The advisory board's meeting: no one trying the routes is its member.
    'GET /api/v1/forums/meetings/:id': {
      url: () => `/api/v1/forums/meetings/${ids.closedMeeting}`,
      expect: by([401], {}, [404]),
    },
    'POST /api/v1/forums/meetings/:id/items': {
      url: () => `/api/v1/forums/meetings/${ids.meeting}/items`,
      body: () => ({ title: 'Matrix item through the API' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/meetings/:id/papers': {
      url: () => `/api/v1/forums/meetings/${ids.meeting}/papers`,
      body: () => ({ title: 'Matrix paper through the API', visibility: 'partnership' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/meetings/:id/attendance': {
      url: () => `/api/v1/forums/meetings/${ids.meeting}/attendance`,
      body: () => ({ attendance: [{ memberId: ids.forumMember, status: 'present' }] }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/forums/meetings/:id/minutes': {
      url: () => `/api/v1/forums/meetings/${ids.meeting}/minutes`,
      body: () => ({ minutes: 'Matrix minutes through the API' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /api/v1/forums/papers/:id': {
      url: () => `/api/v1/forums/papers/${ids.paper}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    // The pupil forum is public: everyone sees it, and only its leads (none here) recommend.
    'POST /api/v1/forums/:id/recommendations': {
      url: () => `/api/v1/forums/${ids.pupilForum}/recommendations`,
      body: () => ({ toForumId: ids.board, title: 'Matrix recommendation through the API' }),
      expect: by([401], {}, [403]),
    },
    'GET /api/v1/forums/recommendations/:id': {
      url: () => `/api/v1/forums/recommendations/${ids.recommendation}`,
      expect: by([401], {}, [200]),
    },
    'POST /api/v1/forums/recommendations/:id/answer': {
      url: () => `/api/v1/forums/recommendations/${ids.recommendation}/answer`,
      body: () => ({ response: 'accepted', answer: 'Matrix answer through the API' }),
      expect: by([401], {}, [403]),
    },
    'GET /governance/:partnershipId/forums': {
      url: () => `/governance/${ids.trust}/forums`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /governance/:partnershipId/forums': {
      url: () => `/governance/${ids.trust}/forums`,
      body: () => ({ name: 'Matrix forum on the page', kind: 'other', visibility: 'partnership' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /forums/:id': {
      url: () => `/forums/${ids.pupilForum}`,
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'POST /forums/:id/members': {
      url: () => `/forums/${ids.board}/members`,
      body: () => ({ name: 'Matrix member', role: 'member', termFrom: '2026-09-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    // A member's page is for the forum's leads: to the rest it does not exist.
    'GET /forums/:id/members/:memberId': {
      url: () => `/forums/${ids.board}/members/${ids.forumMember}`,
      expect: by([303], {}, [404]),
    },
    'POST /forums/:id/members/:memberId': {
      url: () => `/forums/${ids.board}/members/${ids.forumMember}`,
      body: () => ({ role: 'vice-chair' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/:id/elections': {
      url: () => `/forums/${ids.board}/elections`,
      body: () => ({
        title: 'Matrix election',
        seats: 1,
        electorate: 'peers',
        opensOn: '2026-09-01',
        closesOn: '2026-09-30',
      }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/:id/meetings': {
      url: () => `/forums/${ids.board}/meetings`,
      body: () => ({ title: 'Matrix meeting on the page', heldOn: '2026-11-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/:id/recommendations': {
      url: () => `/forums/${ids.pupilForum}/recommendations`,
      body: () => ({ toForumId: ids.board, title: 'Matrix recommendation on the page' }),
      expect: by([401], {}, [403]),
    },
    'GET /forums/:id/members.csv': {
      url: () => `/forums/${ids.board}/members.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /forums/elections/:id': {
      url: () => `/forums/elections/${ids.election}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /forums/elections/:id/candidates': {
      url: () => `/forums/elections/${ids.election}/candidates`,
      body: () => ({ name: 'Matrix candidate on the page' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/elections/:id/votes': {
      url: () => `/forums/elections/${ids.election}/votes`,
      body: () => ({ [`votes-${ids.candidate}`]: '3' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/elections/:id/close': {
      url: () => `/forums/elections/${ids.election}/close`,
      body: () => ({ turnout: '10' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /forums/meetings/:id': {
      url: () => `/forums/meetings/${ids.pupilMeeting}`,
      expect: { anonymous: [200], outsider: [200], member: [200], leader: [200], admin: [200] },
    },
    'POST /forums/meetings/:id/items': {
      url: () => `/forums/meetings/${ids.meeting}/items`,
      body: () => ({ title: 'Matrix item on the page' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/meetings/:id/papers': {
      url: () => `/forums/meetings/${ids.meeting}/papers`,
      body: () => ({ title: 'Matrix paper on the page', visibility: 'partnership' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/meetings/:id/attendance': {
      url: () => `/forums/meetings/${ids.meeting}/attendance`,
      body: () => ({ [`status-${ids.forumMember}`]: 'present' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /forums/meetings/:id/minutes': {
      url: () => `/forums/meetings/${ids.meeting}/minutes`,
      body: () => ({ minutes: 'Matrix minutes on the page' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    // The advisory board's paper (public as the route is): it does not exist to anyone who is not its member.
    'GET /forums/papers/:id': {
      url: () => `/forums/papers/${ids.closedPaper}`,
      expect: { anonymous: [404], outsider: [404], member: [404], leader: [404], admin: [404] },
    },
    'GET /forums/recommendations/:id': {
      url: () => `/forums/recommendations/${ids.recommendation}`,
      expect: by([303], {}, [200]),
    },
    'POST /forums/recommendations/:id/answer': {
      url: () => `/forums/recommendations/${ids.recommendation}/answer`,
      body: () => ({ response: 'accepted', answer: 'Matrix answer on the page' }),
      expect: by([401], {}, [403]),
    },
    // Decisions and escalation.
    'GET /api/v1/governance/partnerships/:id/decisions': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/decisions`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'GET /api/v1/decisions/:id': {
      url: () => `/api/v1/decisions/${ids.decision}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/forums/:id/decisions': {
      url: () => `/api/v1/forums/${ids.board}/decisions`,
      body: () => ({ title: 'Matrix proposal through the API', proposal: 'Something' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/decisions/:id/advice': {
      url: () => `/api/v1/decisions/${ids.proposal}/advice`,
      body: () => ({ adviser: 'Matrix adviser', position: 'support', advice: 'Go ahead', givenOn: '2024-01-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/decisions/:id/decide': {
      url: () => `/api/v1/decisions/${ids.proposal}/decide`,
      body: () => ({ decision: 'Done', decidedBy: 'Matrix', decidedOn: '2024-02-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/decisions/:id/reviews': {
      url: () => `/api/v1/decisions/${ids.decision}/reviews`,
      body: () => ({ verdict: 'confirm', note: 'Matrix review' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    // Escalated as against its advice only by the pupil forum's leads (none here).
    'POST /api/v1/decisions/:id/escalations': {
      url: () => `/api/v1/decisions/${ids.decision}/escalations`,
      body: () => ({ reason: 'against-advice', fromId: ids.pupilForum, matter: 'Matrix matter' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /api/v1/escalations/:id': {
      url: () => `/api/v1/escalations/${ids.escalation}`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'POST /api/v1/escalations/:id/answer': {
      url: () => `/api/v1/escalations/${ids.escalation}/answer`,
      body: () => ({ answer: 'Matrix answer' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /api/v1/escalations/:id/escalate': {
      url: () => `/api/v1/escalations/${ids.escalation}/escalate`,
      body: () => ({ matter: 'Matrix matter, further' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /api/v1/governance/partnerships/:id/escalation-ladder': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/escalation-ladder`,
      expect: by([401], { outsider: [404] }, [200]),
    },
    'PUT /api/v1/governance/partnerships/:id/escalation-ladder': {
      url: () => `/api/v1/governance/partnerships/${ids.trust}/escalation-ladder`,
      body: () => ({
        steps: [
          { organisationId: ids.pupilForum, label: 'Pupil forum' },
          { organisationId: ids.board, label: 'Board' },
          { organisationId: ids.trust, label: 'Trust' },
        ],
      }),
      expect: by([401], { outsider: [404], admin: [200] }, [403]),
    },
    'GET /governance/:partnershipId/decisions': {
      url: () => `/governance/${ids.trust}/decisions`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /governance/:partnershipId/decisions.pdf': {
      url: () => `/governance/${ids.trust}/decisions.pdf`,
      expect: asPdf(by([303], { outsider: [404] }, [200])),
    },
    'GET /governance/:partnershipId/decisions.csv': {
      url: () => `/governance/${ids.trust}/decisions.csv`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'GET /forums/:id/decisions/new': {
      url: () => `/forums/${ids.board}/decisions/new`,
      expect: by([303], { outsider: [404] }, [403]),
    },
    'POST /forums/:id/decisions': {
      url: () => `/forums/${ids.board}/decisions`,
      body: () => ({ title: 'Matrix proposal on the page', proposal: 'Something' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    // The advisory board's proposal: it does not exist to anyone who is not its member.
    'GET /decisions/:id': {
      url: () => `/decisions/${ids.closedDecision}`,
      expect: by([303], {}, [404]),
    },
    'POST /decisions/:id/advice': {
      url: () => `/decisions/${ids.proposal}/advice`,
      body: () => ({ adviser: 'Matrix adviser', position: 'support', advice: 'Go ahead', givenOn: '2024-01-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /decisions/:id/decide': {
      url: () => `/decisions/${ids.proposal}/decide`,
      body: () => ({ decision: 'Done', decidedBy: 'Matrix', decidedOn: '2024-02-01' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /decisions/:id/escalations': {
      url: () => `/decisions/${ids.decision}/escalations`,
      body: () => ({ reason: 'against-advice', fromId: ids.pupilForum, matter: 'Matrix matter' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /decisions/:id/review': {
      url: () => `/decisions/${ids.decision}/review`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /decisions/:id/review': {
      url: () => `/decisions/${ids.decision}/review`,
      body: () => ({ verdict: 'confirm', note: 'Matrix review' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /escalations/:id': {
      url: () => `/escalations/${ids.escalation}`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /escalations/:id/answer': {
      url: () => `/escalations/${ids.escalation}/answer`,
      body: () => ({ answer: 'Matrix answer' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'POST /escalations/:id/escalate': {
      url: () => `/escalations/${ids.escalation}/escalate`,
      body: () => ({ matter: 'Matrix matter, further' }),
      expect: by([401], { outsider: [404] }, [403]),
    },
    'GET /governance/:partnershipId/escalation': {
      url: () => `/governance/${ids.trust}/escalation`,
      expect: by([303], { outsider: [404] }, [200]),
    },
    'POST /governance/:partnershipId/escalation': {
      url: () => `/governance/${ids.trust}/escalation`,
      body: () => ({
        'organisationId-1': ids.pupilForum,
        'label-1': 'Pupil forum',
        'organisationId-2': ids.board,
        'label-2': 'Board',
        'organisationId-3': ids.trust,
        'label-3': 'Trust',
      }),
      expect: by([401], { outsider: [404], admin: [303] }, [403]),
    },
  },
  home: {
    'GET /': { url: () => '/', expect: page([200]) },
  },
};
const MATRIX: Record<string, Case> = Object.assign({}, ...Object.values(MATRIX_BY_MODULE));

async function send(who: Who, method: string, url: string, body?: Body) {
  const browser = browsers[who];
  const isApi = url.startsWith('/api/');
  if (!isApi && method === 'POST') {
    await browser.get(who === 'anonymous' ? '/sign-in' : '/account');
    return browser.post(url, Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])));
  }
  if (!isApi) return browser.get(url);
  await browser.get(who === 'anonymous' ? '/sign-in' : '/account');
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: method as 'GET',
    url,
    payload: body,
    headers: { cookie, 'x-csrf-token': browser.csrf },
  });
}

const asForm = (body?: Body) => Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)]));

/** A request from a session still setting up its account; its CSRF token comes from the set-up page it may read. */
async function sendSettingUp(browser: TestBrowser, method: string, url: string, body?: Body) {
  if (url.startsWith('/api/')) {
    await browser.get('/account/password');
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return t.app.inject({
      method: method as 'GET',
      url,
      payload: body,
      headers: { cookie, 'x-csrf-token': browser.csrf },
    });
  }
  if (method !== 'POST') return browser.get(url);
  await browser.get('/account/password');
  return browser.post(url, asForm(body));
}

function sendWithToken(token: string, method: string, url: string, body?: Body) {
  return t.app.inject({ method: method as 'GET', url, payload: body, headers: { authorization: `Bearer ${token}` } });
}

/** What a signed-in user arriving another way should get, by the rule in the header (unless the entry says otherwise). */
function expectedVia(key: string, entry: Case, who: Signed, via: Via, isPublic: boolean): number[] {
  const stated = entry.via?.[via]?.[who];
  if (stated) return stated;
  const [method, url] = key.split(' ') as [string, string];
  const isApi = url.startsWith('/api/');
  if (isPublic) return entry.expect[who];
  if (via === 'setup') {
    if (entry.setupRoute) return entry.expect[who];
    return !isApi && method === 'GET' ? [303] : [403];
  }
  if (!isApi) return [403];
  if (via === 'read' && method !== 'GET') return [403];
  return entry.expect[who];
}

/** Every route is tried many times over: the two sweeps get longer than one test usually may, on a busy machine. */
const MATRIX_TIMEOUT_MS = 240_000;

describe('the authorisation matrix', () => {
  it('has an entry for every route of every module in the registry, under the module that registers it', () => {
    const names = ['platform', ...MODULES.map((m) => m.name)];
    expect(Object.keys(MATRIX_BY_MODULE).filter((name) => !names.includes(name))).toEqual([]);
    for (const name of names) {
      const routes = t.app.routeTable.filter((r) => r.module === name).map((r) => `${r.method} ${r.url}`);
      const entries = Object.keys(MATRIX_BY_MODULE[name] ?? {});
      expect(
        routes.filter((r) => !entries.includes(r)),
        `routes of ${name} without an entry`,
      ).toEqual([]);
      expect(
        entries.filter((k) => !routes.includes(k)),
        `entries of ${name} for routes it does not have`,
      ).toEqual([]);
    }
  });

  it('lets the members of a forum-only forum read its business, which no answer to anyone else may carry', async () => {
    const member = leaderOf(ids.closedForum);
    expect((await t.services.governance.paper(member, ids.closedPaper)).paper.body).toContain(FORUM_CANARY);
    expect((await t.services.governance.decision(member, ids.closedDecision)).proposal).toContain(FORUM_CANARY);
  });

  it(
    'answers every route as expected for every kind of user, and leaks no personal data',
    async () => {
      const failures: string[] = [];
      // Signing out ends the sessions the other checks use, so it goes last.
      const order = Object.keys(MATRIX).sort((a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'));
      for (const key of order) {
        const entry = MATRIX[key]!;
        const method = key.split(' ')[0]!;
        for (const who of EVERYONE) {
          const response = await send(who, method, entry.url(), entry.body?.());
          if (!entry.expect[who].includes(response.statusCode))
            failures.push(`${key} as ${who}: ${response.statusCode}, expected ${entry.expect[who].join(' or ')}`);
          const entitled = entry.personal ?? [];
          if (!entitled.includes(who) && response.body.includes(CANARY))
            failures.push(`${key} as ${who}: personal data in the answer`);
          if (!(entry.writtenAnswers ?? []).includes(who) && response.body.includes(TEXT_CANARY))
            failures.push(`${key} as ${who}: a written survey answer in the answer`);
          if (response.body.includes(FORUM_CANARY))
            failures.push(`${key} as ${who}: a forum-only forum's business in the answer`);
          if (entry.writtenAnswers?.includes(who) && !response.body.includes(TEXT_CANARY))
            failures.push(`${key} as ${who}: the written answers it is entitled to are missing`);
          if (response.statusCode >= 500) failures.push(`${key} as ${who}: server error`);
        }
      }
      expect(failures).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );

  it(
    'answers every route as the rules say for sessions mid-set-up and for read and write tokens, and leaks no personal data',
    async () => {
      const failures: string[] = [];
      const publicRoutes = new Set(
        t.app.routeTable.filter((r) => r.public || r.url.startsWith('/static/')).map((r) => `${r.method} ${r.url}`),
      );
      const order = Object.keys(MATRIX).sort((a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'));
      for (const key of order) {
        const entry = MATRIX[key]!;
        const method = key.split(' ')[0]!;
        const isApi = key.split(' ')[1]!.startsWith('/api/');
        const isPublic = publicRoutes.has(key);
        const callers = [
          ...settingUp.map((s) => ({
            who: s.who,
            via: 'setup' as const,
            label: s.label,
            setupPage: s.setupPage,
            send: () => sendSettingUp(s.browser, method, entry.url(), entry.body?.()),
          })),
          ...(['read', 'write'] as const).flatMap((via) =>
            SIGNED.map((who) => ({
              who,
              via,
              label: `${who} with a ${via} token`,
              setupPage: '',
              send: () => sendWithToken(tokens[via][who], method, entry.url(), entry.body?.()),
            })),
          ),
        ];
        // A write done once: the full sessions make it first, as in their own test, so the write tokens try it a second time.
        if (entry.once) {
          for (const who of SIGNED) {
            const response = await send(who, method, entry.url(), entry.body?.());
            if (!entry.expect[who].includes(response.statusCode))
              failures.push(
                `${key} as ${who}, first: ${response.statusCode}, expected ${entry.expect[who].join(' or ')}`,
              );
          }
        }
        for (const caller of callers) {
          const response = await caller.send();
          const expected = expectedVia(key, entry, caller.who, caller.via, isPublic);
          if (!expected.includes(response.statusCode))
            failures.push(`${key} as ${caller.label}: ${response.statusCode}, expected ${expected.join(' or ')}`);
          if (
            caller.via === 'setup' &&
            !isPublic &&
            !entry.setupRoute &&
            response.statusCode === 303 &&
            response.headers.location !== caller.setupPage
          ) {
            failures.push(`${key} as ${caller.label}: sent to ${response.headers.location}, not ${caller.setupPage}`);
          }
          // Tokens read what the full session would through the API; nothing else may carry personal data.
          const mayRead = (list: Who[] | undefined) =>
            caller.via !== 'setup' && isApi && (list ?? []).includes(caller.who);
          if (!mayRead(entry.personal) && response.body.includes(CANARY))
            failures.push(`${key} as ${caller.label}: personal data in the answer`);
          if (!mayRead(entry.writtenAnswers) && response.body.includes(TEXT_CANARY))
            failures.push(`${key} as ${caller.label}: a written survey answer in the answer`);
          if (response.body.includes(FORUM_CANARY))
            failures.push(`${key} as ${caller.label}: a forum-only forum's business in the answer`);
          if (response.statusCode >= 500) failures.push(`${key} as ${caller.label}: server error`);
        }
      }
      expect(failures).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );
});
