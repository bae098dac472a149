/**
 * The demo's practice: a maths practice of a Riverside school, taken up by four schools over a
 * year — one kept it, one adapted it again, one stopped it at review, one is still trying it — so
 * its spread and its trials can be read, and the demo headteacher finds it from their maths need.
 */
import type { Actor } from '../../platform/http/http-platform.js';
import type { PracticesService } from '../practices/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
const MEASURE = 'ks2-maths-progress';

export async function loadDemoPractice(
  practices: PracticesService,
  actor: Actor,
  { schools, outside }: { schools: number[]; outside: number },
): Promise<void> {
  const [owner, first, second, third] = [schools[2]!, schools[3]!, schools[4]!, schools[5]!];
  const leaderOf = (organisationId: number): Actor => ({
    ...actor,
    isAdmin: false,
    memberships: [{ organisationId, role: 'leader' }],
  });
  const practice = await practices.create(leaderOf(owner), {
    organisationId: owner,
    title: 'Reasoning talk in maths',
    problem:
      'Pupils in upper key stage 2 could carry out methods but could not explain why they worked, and lost marks on reasoning questions.',
    approach:
      'Three times a week, pupils work in talk partners on one reasoning problem, using sentence stems the class builds together. The teacher models the talk first and listens in, then two pairs share their reasoning with the class.',
    areas: ['maths'],
    eefStrand: 'Oral language interventions',
    eefImpactMonths: 6,
    eefCost: 1,
    eefEvidence: 4,
    evidenceNote: 'Our own book looks over two terms showed fuller written explanations in Year 5 and Year 6.',
    published: true,
  });
  const adopt = (school: number, from: number, startedOn: string, change: { adapted: string[]; adaptation: string }) =>
    practices.adopt(leaderOf(school), practice, {
      organisationId: school,
      fromOrganisationId: from,
      ...change,
      startedOn,
      // Recorded as it began, a year of history.
      on: startedOn,
      measures: [MEASURE],
    });
  const kept = await adopt(first, owner, daysAgo(365), {
    adapted: ['audience'],
    adaptation: 'Started with Year 4, where our gap in reasoning opens.',
  });
  await practices.judge(leaderOf(first), kept, {
    judgement: 'keep',
    note: 'Reasoning marks rose in both classes.',
    on: daysAgo(180),
  });
  const adapted = await adopt(second, first, daysAgo(300), {
    adapted: ['dosage', 'staff'],
    adaptation: 'Twice a week, led by teaching assistants in mixed classes.',
  });
  await practices.judge(leaderOf(second), adapted, {
    judgement: 'adapt',
    note: 'Better talk, but twice a week was too little: we will try three sessions with the teacher leading.',
    on: daysAgo(115),
  });
  const stopped = await adopt(outside, owner, daysAgo(270), {
    adapted: ['materials'],
    adaptation: 'Used our own problem bank instead of the owner’s.',
  });
  await practices.judge(leaderOf(outside), stopped, {
    judgement: 'stop',
    note: 'Our new maths scheme already builds in paired reasoning every day.',
    on: daysAgo(88),
  });
  await adopt(third, first, daysAgo(90), {
    adapted: [],
    adaptation: 'Taken as it is, with the first school’s maths lead visiting twice.',
  });
}
