import type { Actor } from '../../platform/http/http-platform.js';
import type { ServiceMap } from '../definition.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
const daysAhead = (days: number) => daysAgo(-days);

/** Fictional raters of the headteacher's 360 feedback: no account, invented names, the borough's own domain. */
const RATERS: Array<{ name: string; relationship: 'peer' | 'supported-school' | 'governor' }> = [
  { name: 'Amira Holt', relationship: 'peer' },
  { name: 'Ben Carver', relationship: 'peer' },
  { name: 'Chloe Marsh', relationship: 'peer' },
  { name: 'Dev Patel', relationship: 'supported-school' },
  { name: 'Erin Walsh', relationship: 'supported-school' },
  { name: 'Femi Adeyemi', relationship: 'supported-school' },
  { name: 'Grace Lowe', relationship: 'governor' },
];
const COMMENTS = [
  'Brings the trust’s heads together around the pupils rather than the schools.',
  'Could let others lead the maths work sooner.',
  'Generous with her time when our school was struggling.',
];

/**
 * Developing leaders in the demo: three leaders (the headteacher, the National Leader of
 * Education and the maths headteacher) who assessed themselves against the capabilities of
 * system leaders half a year ago and again this month; the headteacher's 360 feedback, closed,
 * answered by three peers and three supported-school leaders (shown) and one governor
 * (withheld); the National Leader's plan, whose action became their place in the executive
 * headship engagement; the National Leader mentoring the maths headteacher, who shares their
 * record with them; and an opportunity across Riverside with a headteacher's plan to leave,
 * shared with the trust. The deputy headteacher starts with nothing: their journey is to begin.
 */
export async function loadDevelopment(
  services: Pick<ServiceMap, 'development' | 'feedback360' | 'plans' | 'mentoring' | 'succession'>,
  people: { head: Actor; nle: Actor; maths: Actor; ceo: Actor; deputy: Actor },
  { engagementId, trustId, headSchoolId }: { engagementId: number; trustId: number; headSchoolId: number },
): Promise<void> {
  const { development, feedback360, plans, mentoring, succession } = services;
  // Accounts outlive a forced reload of the landscape, and their development records with them: loaded once.
  if ((await development.assessments(people.head)).length) return;
  const capabilities = (await development.frameworks(people.head)).find(
    (f) => f.code === 'system-leadership-capabilities',
  )!;
  const components = capabilities.domains.flatMap((d) => d.components);
  const byCode = (code: string) => components.find((c) => c.code === code)!.id;

  // Each grew in some components between the two dates; the National Leader offers two strengths.
  const growth: Array<[leader: Actor, first: number[], then: number[], offered: string[]]> = [
    [people.head, [2, 2, 3, 2, 2, 1, 2, 2, 1, 1], [3, 2, 3, 3, 2, 2, 3, 3, 2, 2], []],
    [
      people.nle,
      [3, 3, 3, 4, 3, 3, 4, 4, 3, 3],
      [4, 3, 4, 4, 3, 3, 4, 4, 4, 4],
      ['do-networks', 'dp-learning-communities'],
    ],
    [people.maths, [2, 3, 3, 3, 2, 1, 2, 2, 1, 1], [2, 3, 4, 3, 2, 2, 2, 3, 1, 2], ['mtl-consistent-quality']],
  ];
  for (const [leader, first, then, offered] of growth)
    for (const [assessedOn, ratings] of [
      [daysAgo(180), first],
      [daysAgo(12), then],
    ] as const)
      await development.assess(leader, {
        frameworkId: capabilities.id,
        assessedOn,
        ratings: components.map((c, i) => ({
          componentId: c.id,
          rating: ratings[i]!,
          evidence:
            assessedOn === daysAgo(12) && i === 0 ? 'Led the trust’s heads through agreeing one curriculum offer' : '',
          offered: assessedOn === daysAgo(12) && offered.includes(c.code),
        })),
      });

  const round = await feedback360.start(people.head, {
    frameworkId: capabilities.id,
    title: '360 feedback on leading across Riverside',
    closesOn: daysAhead(14),
  });
  const invited = await feedback360.invite(
    people.head,
    round.id,
    RATERS.map((r) => ({ ...r, email: `${r.name.toLowerCase().replace(/[^a-z]+/g, '.')}@elderbrook.example` })),
  );
  for (const [i, rater] of invited.entries())
    await feedback360.answer(rater.link.split('/').pop()!, {
      ratings: components.map((c, j) => ({ componentId: c.id, rating: 2 + ((i + j) % 3) })),
      comment: COMMENTS[i] ?? null,
    });
  await feedback360.close(people.head, round.id);

  const plan = await plans.create(people.nle, {
    title: 'Leading beyond two schools',
    aimingAt: 'Lead a partnership of schools',
    status: 'active',
    nextReviewOn: daysAhead(30),
  });
  const goalId = await plans.addGoal(people.nle, plan.id, {
    text: 'Build another school’s leadership while keeping our own strong',
    componentIds: [byCode('do-capacity-for-system'), byCode('dp-learning-communities')],
  });
  await plans.addAction(people.nle, plan.id, {
    goalId,
    title: 'Support the executive headship as its supporting leader',
    kind: 'engagement',
    engagementId,
    dueOn: daysAhead(120),
  });
  await plans.addAction(people.nle, plan.id, {
    goalId,
    title: 'Read the trust’s evaluation of its first federation',
    kind: 'reading',
    dueOn: daysAhead(45),
  });

  await mentoring.setOffer(people.nle, {
    componentIds: [byCode('do-networks'), byCode('dp-learning-communities'), byCode('do-capacity-for-system')],
    capacity: 3,
    note: 'Happy to talk about leading a second school and building a team that can run without you.',
  });
  const relation = await mentoring.propose(people.maths, {
    mentorId: people.nle.userId,
    componentIds: [byCode('do-capacity-for-system')],
    shareRecord: true,
  });
  await mentoring.step(people.nle, relation.id, { step: 'agree' });
  await mentoring.addNote(people.maths, relation.id, {
    metOn: daysAgo(9),
    body: 'Talked through releasing the maths lead to work with another school for a term.',
  });

  const opportunity = await succession.post(people.ceo, trustId, {
    title: 'Reading lead across the trust’s primary schools',
    kind: 'stretch-role',
    schoolIds: [],
    asks: 'Lead the reading leads of Riverside’s schools for a year, a day a fortnight.',
    suits: 'Middle leaders ready to lead beyond their own school',
    closesOn: daysAhead(40),
  });
  await succession.express(
    people.deputy,
    opportunity,
    'I led reading across our key stage for two years: may we talk?',
  );
  await succession.intend(people.head, {
    kind: 'leaving',
    role: 'headship',
    organisationId: headSchoolId,
    leavingMonth: `${new Date().getFullYear() + 1}-07`,
    shareWith: [trustId],
  });
}
