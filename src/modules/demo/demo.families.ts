import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { AccountsService } from '../accounts/index.js';
import { generateTotpSecret } from '../accounts/index.js';
import type { FamiliesService } from '../families/index.js';
import type { LandscapeService } from '../landscape/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
const daysAhead = (days: number) => daysAgo(-days);
/** The demo's own accounts: the addresses its family records may be erased by on a forced reload. */
/** The email domain of the demo's accounts. */
export const DEMO_DOMAIN = 'demo.syslead.test';

/** The fictional practitioners of the borough's agencies who work with the demo's families: no one signs in as them. */
const PRACTITIONERS = [
  { key: 'health', kind: 'health', email: 'health.visitor@demo.syslead.test', name: 'Demo health visitor' },
  {
    key: 'centre',
    kind: 'family-centre',
    email: 'family.worker@demo.syslead.test',
    name: 'Demo family centre worker',
  },
  { key: 'social', kind: 'social-care', email: 'social.worker@demo.syslead.test', name: 'Demo social worker' },
] as const;

/** An actor of the demo loader acting as an account of one agency (no session: the application's own work). */
const asMember = (actor: Actor, user: { userId: number; email: string; name: string }, organisationId: number) => ({
  ...actor,
  ...user,
  via: undefined,
  isAdmin: false,
  mustChangePassword: false,
  memberships: [{ organisationId, role: 'member' }],
});

/**
 * Two fictional families (invented names) that the demo headteacher's school works with, its
 * designated safeguarding lead their lead professional, each with a team from four agencies:
 * consent to share with health and the family centre (and social care for the second), one
 * consent withdrawn; a referral to a family centre accepted and one to another unanswered past
 * its time; notes (one sensitive) and a package of services. Family work needs two-factor
 * sign-in, which the demo cannot do for anyone: the practitioners get a key no one holds, and
 * the safeguarding lead one only while the demo loads, unless they have set up their own.
 * Loaded once: skipped when the lead is already on a team.
 */
export async function loadDemoFamilies(
  {
    families,
    accounts,
    landscape,
  }: { families: FamiliesService; accounts: AccountsService; landscape: LandscapeService },
  actor: Actor,
  { lead, schoolId }: { lead: { userId: number; email: string; name: string }; schoolId: number },
): Promise<void> {
  if ((await families.personalData(lead.userId)).teamPlaces.length) return;
  const ofKind = async (kind: string) =>
    (await landscape.listOrganisations(actor, { kind, perPage: 200 })).items.sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  const agencies = {
    health: (await ofKind('health'))[0]!,
    centres: await ofKind('family-centre'),
    social: (await ofKind('social-care'))[0]!,
  };
  const organisationOf = { health: agencies.health, centre: agencies.centres[0]!, social: agencies.social };
  const withSecondFactor = async (userId: number) => {
    if (await accounts.secondFactorOn(userId)) return false;
    await accounts.setSecondFactorKey(actor, userId, generateTotpSecret());
    return true;
  };

  const people = {} as Record<(typeof PRACTITIONERS)[number]['key'], Actor>;
  for (const p of PRACTITIONERS) {
    await accounts.createUser({ email: p.email, name: p.name }).catch((error) => {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    });
    const organisationId = organisationOf[p.key].id;
    const { userId } = await accounts.setMembership(actor, { email: p.email, organisationId, role: 'member' });
    await withSecondFactor(userId);
    people[p.key] = asMember(actor, { userId, email: p.email, name: p.name }, organisationId);
  }
  const dsl = asMember(actor, lead, schoolId);
  const clearAfter = await withSecondFactor(lead.userId);

  try {
    // The Ashbys: a child missing health checks and school; health visitor, then the family centre, join.
    const ashby = await families.open(dsl, {
      organisationId: schoolId,
      teamRole: 'Designated safeguarding lead',
      people: [
        { role: 'child', name: 'Rowan Ashby', bornOn: '2016-04-03', schoolId },
        { role: 'adult', name: 'Tamsin Ashby', relationship: 'Mother' },
      ],
      needs: [
        { outcome: 'be-healthy', summary: 'Missed health checks and immunisations since the spring' },
        { outcome: 'enjoy-and-achieve', summary: 'Attendance has fallen to 84% this term, mostly Mondays' },
      ],
      consent: {
        givenBy: 1,
        purpose: 'Early help assessment and plan',
        information: ['health', 'education', 'family-life'],
        agencies: ['health', 'family-centre'],
        lawfulBasis: 'consent',
        fromOn: daysAgo(30),
      },
    });
    const [ashbyMother] = (await families.read(dsl, ashby)).people.filter((p) => p.role === 'adult');
    await families.addMember(dsl, ashby, {
      email: people.health.email,
      organisationId: organisationOf.health.id,
      teamRole: 'Health visitor',
    });
    const mentalHealth = await families.recordConsent(dsl, ashby, {
      givenBy: ashbyMother!.id,
      purpose: 'A referral to the children’s mental health team',
      information: ['health'],
      agencies: ['health'],
      lawfulBasis: 'consent',
      fromOn: daysAgo(20),
    });
    // Tamsin Ashby chose a course at the family centre instead: the consent stops from that day.
    await families.withdrawConsent(dsl, ashby, mentalHealth, daysAgo(6));
    const toCentre = await families.refer(dsl, ashby, {
      toOrganisationId: organisationOf.centre.id,
      outcome: 'be-healthy',
      message: 'A parenting course and help getting to health appointments',
      answerWithinDays: 10,
    });
    await families.referral(people.centre, toCentre);
    await families.answerReferral(people.centre, toCentre, { answer: 'accept', teamRole: 'Family support worker' });
    await families.addNote(dsl, ashby, {
      information: 'education',
      sensitivity: 'standard',
      body: 'Rowan is settled in class; late on most Mondays. Agreed a morning check-in with his teacher.',
    });
    await families.addNote(people.health, ashby, {
      information: 'health',
      sensitivity: 'sensitive',
      body: 'Mother spoke of low mood since the winter; GP appointment booked with her agreement.',
    });
    await families.addService(dsl, ashby, {
      organisationId: organisationOf.health.id,
      what: 'Health check and catch-up immunisations',
      dueOn: daysAhead(14),
    });
    await families.addService(dsl, ashby, {
      organisationId: organisationOf.centre.id,
      what: 'Six-week parenting course on Tuesday mornings',
      dueOn: daysAhead(42),
    });
    await families.addService(dsl, ashby, {
      organisationId: schoolId,
      what: 'A key adult’s check-in each morning',
      dueOn: daysAhead(7),
    });

    // The Marlows: a team of four agencies, and a referral to a second family centre unanswered past its time.
    const marlow = await families.open(dsl, {
      organisationId: schoolId,
      teamRole: 'Designated safeguarding lead',
      people: [
        { role: 'child', name: 'Ellis Marlow', bornOn: '2014-11-21', schoolId },
        { role: 'child', name: 'Poppy Marlow', bornOn: '2019-02-08' },
        { role: 'adult', name: 'Jodie Marlow', relationship: 'Mother' },
      ],
      needs: [
        { outcome: 'stay-safe', summary: 'Arguments at home reported by Ellis; police called once in the summer' },
        { outcome: 'economic-well-being', summary: 'Rent arrears since the family moved in the spring' },
      ],
      consent: {
        givenBy: 2,
        purpose: 'Early help assessment and plan, with children’s social care',
        information: ['health', 'education', 'family-life', 'safety'],
        agencies: ['health', 'family-centre', 'social-care'],
        lawfulBasis: 'consent',
        fromOn: daysAgo(45),
      },
    });
    for (const [key, teamRole] of [
      ['health', 'Health visitor'],
      ['social', 'Social worker'],
      ['centre', 'Family support worker'],
    ] as const)
      await families.addMember(dsl, marlow, {
        email: people[key].email,
        organisationId: organisationOf[key].id,
        teamRole,
      });
    const overdue = await families.refer(dsl, marlow, {
      toOrganisationId: agencies.centres[1]!.id,
      outcome: 'economic-well-being',
      message: 'Help with the rent arrears and a benefits check at your money advice session',
      answerWithinDays: 10,
    });
    // Sent 15 days ago with 10 to answer: past its time (the service stamps a referral with now).
    await families.backdateReferral(actor, overdue, new Date(Date.now() - 15 * DAY_MS));
    await families.addNote(people.social, marlow, {
      information: 'safety',
      sensitivity: 'standard',
      body: 'Visited at home with mother’s agreement; the children were well. Safety plan agreed.',
    });
    await families.addNote(dsl, marlow, {
      information: 'education',
      sensitivity: 'standard',
      body: 'Ellis is doing well in maths; quieter than usual at break. Sees the learning mentor on Thursdays.',
    });
    await families.addService(dsl, marlow, {
      organisationId: organisationOf.social.id,
      what: 'A visit every fortnight and a review of the safety plan',
      dueOn: daysAhead(28),
    });
    await families.addService(dsl, marlow, {
      organisationId: organisationOf.health.id,
      what: 'Poppy’s two-and-a-half-year check',
      dueOn: daysAhead(21),
    });
  } finally {
    // The safeguarding lead sets up two-factor sign-in with their own app, as anyone would.
    if (clearAfter) await accounts.setSecondFactorKey(actor, lead.userId, null);
  }
}
