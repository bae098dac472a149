import type { Actor } from '../../platform/http/http-platform.js';
import type { AccountsService } from '../accounts/index.js';
import type { GovernanceService } from '../governance/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * Governing together in Elderbrook, led by the demo local-authority officer: the borough's shared
 * outcomes (the five Every Child Matters outcomes and an ambition of its own on attendance, with
 * milestones), commitments to it, and three forums — the Elderbrook partnership board (chaired by
 * the officer), a pupil forum that feeds it and an advisory board of headteachers elected by their
 * peers. The pupil forum's recommendation has been answered; of three decisions, one was reviewed
 * against the figures, one is past its review, and one, taken against the advisory board's
 * advice, has been escalated up the borough's ladder to the regional directorate.
 */
export async function loadDemoGovernance(
  { governance, accounts }: { governance: GovernanceService; accounts: AccountsService },
  actor: Actor,
  {
    officer,
    boroughId,
    regionalId,
    schoolId,
  }: { officer: Actor; boroughId: number; regionalId: number; schoolId: number },
): Promise<void> {
  await governance.startFramework(officer, boroughId);
  const ambition = await governance.addOutcome(officer, boroughId, {
    title: 'Every child in school, every day',
    description: 'Fewer pupils miss a tenth or more of their schooling, in every school of the borough.',
  });
  await governance.addMeasure(officer, ambition, {
    indicatorCode: 'absence-persistent-percent',
    milestones: [
      { year: 2026, value: 16 },
      { year: 2027, value: 14 },
      { year: 2028, value: 12 },
    ],
  });
  await governance.commit(officer, ambition, {
    organisationId: boroughId,
    what: 'Run a first-day calling service for every school that asks, and share its figures each half term',
    dueOn: daysAgo(-90),
    status: 'amber',
    evidence: 'Eleven schools use the service; two more start next half term.',
  });
  await governance.commit(officer, ambition, {
    organisationId: schoolId,
    what: 'Meet every family whose child misses a tenth of sessions, within a fortnight',
    dueOn: daysAgo(20),
    status: 'red',
    evidence: 'The attendance lead post has been vacant since the summer.',
  });

  const board = await governance.createForum(officer, boroughId, {
    name: 'Elderbrook Partnership Board',
    kind: 'partnership-board',
    purpose:
      'Leaders of the borough’s schools, health, social care, police and community partners, who set the shared outcomes and decide together.',
    visibility: 'partnership',
  });
  const pupils = await governance.createForum(officer, boroughId, {
    name: 'Elderbrook Pupil Forum',
    kind: 'pupil',
    purpose: 'Two pupils from each secondary school and four from the primaries, who bring pupils’ voice to the board.',
    feedsId: board,
    visibility: 'public',
  });
  const advisory = await governance.createForum(officer, boroughId, {
    name: 'Elderbrook Headteachers’ Advisory Board',
    kind: 'advisory',
    purpose: 'Headteachers elected by their peers to advise and challenge the partnership board.',
    feedsId: board,
    visibility: 'partnership',
  });
  // The officer chairs the board (so hears of its reviews due) and clerks the advisory board.
  for (const organisationId of [board, advisory])
    await accounts.setMembership(actor, { email: officer.email, organisationId, role: 'leader' });
  const chair: Actor = {
    ...officer,
    memberships: [
      ...officer.memberships,
      { organisationId: board, role: 'leader' },
      { organisationId: advisory, role: 'leader' },
    ],
  };
  await governance.addForumMember(chair, board, {
    name: officer.name,
    role: 'chair',
    representsId: boroughId,
    termFrom: daysAgo(400),
  });
  await governance.addForumMember(chair, board, {
    name: 'Demo champion of collaboration',
    role: 'champion',
    termFrom: daysAgo(400),
  });

  // The advisory board's members were elected by their peers; the election is closed.
  const election = await governance.openElection(chair, advisory, {
    title: 'Advisory board elections',
    seats: 2,
    electorate: 'peers',
    electorateNote: 'Every headteacher of the borough had one vote.',
    opensOn: daysAgo(200),
    closesOn: daysAgo(186),
  });
  const candidates = [];
  for (const name of ['Demo head of Alder Primary', 'Demo head of Brook Secondary', 'Demo head of Cedar Infants'])
    candidates.push(
      await governance.addCandidate(chair, election, { name, statement: 'I will bring schools’ voice.' }),
    );
  await governance.recordVotes(chair, election, {
    votes: candidates.map((candidateId, i) => ({ candidateId, votes: [21, 17, 9][i]! })),
  });
  await governance.closeElection(chair, election, { turnout: 47 });

  // The pupil forum's recommendation reached the board, which answered it.
  const recommendation = await governance.recommend(chair, pupils, {
    toForumId: board,
    title: 'A quiet room at lunchtime in every school',
    body: 'Pupils who find the dinner hall too loud have nowhere to go, and some stop coming in the afternoon.',
  });
  await governance.answerRecommendation(chair, recommendation, {
    response: 'accepted',
    answer:
      'Agreed: each school names a quiet room by next term, and the pupil forum visits three to see how they work.',
  });
  await governance.planMeeting(chair, board, { title: 'Partnership board, spring term', heldOn: daysAgo(-14) });

  // Three decisions of the board: one reviewed against the figures, one past its review, one escalated.
  const { outcomes } = await governance.outcomesOf(chair, boroughId);
  const enjoy = outcomes.find((o) => o.title === 'Enjoy and achieve')!.id;
  const calling = await governance.propose(chair, board, {
    title: 'First-day calling in every school',
    proposal:
      'Every school calls home on the first morning of an unexplained absence, with the borough’s service for those that want it.',
    outcomeIds: [ambition, enjoy],
  });
  await governance.addAdvice(chair, calling, {
    adviser: 'Elderbrook Headteachers’ Advisory Board',
    forumId: advisory,
    position: 'support',
    advice: 'Support, provided small schools can use the borough’s service rather than staff it themselves.',
    givenOn: daysAgo(330),
  });
  await governance.decide(chair, calling, {
    decision: 'Agreed for every school from the autumn term, with the borough’s service offered to all.',
    decidedBy: 'The partnership board, by consensus',
    decidedOn: daysAgo(320),
    reviewOn: daysAgo(40),
    expectations: [
      {
        indicatorCode: 'absence-persistent-percent',
        organisationId: schoolId,
        expectedChange: -2,
        baselinePeriod: '2023/24',
        note: 'Two points fewer pupils persistently absent within a year.',
      },
    ],
  });
  await governance.reviewDecision(chair, calling, {
    verdict: 'confirm',
    note: 'Persistent absence fell as hoped; the service continues.',
  });

  const transport = await governance.propose(chair, board, {
    title: 'Shared minibus for pupils with special educational needs',
    proposal: 'Three schools share one minibus for trips and college visits, booked through the borough.',
    outcomeIds: [enjoy],
  });
  await governance.addAdvice(chair, transport, {
    adviser: 'Elderbrook Pupil Forum',
    forumId: pupils,
    position: 'support',
    advice: 'Pupils asked that the minibus has room for wheelchairs.',
    givenOn: daysAgo(220),
  });
  await governance.decide(chair, transport, {
    decision: 'Agreed for one year, wheelchair-accessible.',
    decidedBy: 'The partnership board',
    decidedOn: daysAgo(210),
    reviewOn: daysAgo(10),
  });

  const funding = await governance.propose(chair, board, {
    title: 'Move the inclusion fund to the borough’s central team',
    proposal: 'The fund schools draw on for pupils at risk of exclusion is held centrally and allocated by panel.',
    outcomeIds: [enjoy],
  });
  await governance.addAdvice(chair, funding, {
    adviser: 'Elderbrook Headteachers’ Advisory Board',
    forumId: advisory,
    position: 'oppose',
    advice: 'Schools lose the speed of acting on the day: a panel meets monthly, and pupils cannot wait that long.',
    givenOn: daysAgo(60),
  });
  await governance.decide(chair, funding, {
    decision: 'Held centrally from April, with a fortnightly panel.',
    decidedBy: 'The partnership board, by majority',
    decidedOn: daysAgo(50),
  });
  await governance.setLadder(officer, boroughId, [
    { organisationId: board, label: 'Elderbrook Partnership Board' },
    { organisationId: boroughId, label: 'Elderbrook Borough Council' },
    { organisationId: regionalId, label: 'Regional director' },
  ]);
  await governance.escalate(chair, funding, {
    reason: 'against-advice',
    fromId: advisory,
    matter:
      'The board decided against the advisory board’s advice that a monthly panel is too slow for pupils at risk.',
  });
}
