/**
 * The rule of sight, under random sequences: people join and leave a family's team, consent is
 * recorded and withdrawn, information is shared without consent. After every step, for every
 * account in the world, a read succeeds exactly when the account is a current member of the
 * team; and a member of another agency reads the school's notes of a kind exactly when a
 * consent in force (or sharing without consent) gives that kind to their kind of agency —
 * never the school's sensitive note. Adding a member succeeds exactly when something is shared
 * with their kind of agency. A model of the rules, kept alongside, says what should be.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { organisation, school, unique, professional } from '../factories.js';

const RUNS = Number(process.env.FAM_RUNS ?? 40);
const STEPS = 25;

const AGENCIES = ['health', 'family-centre', 'social-care'] as const;
type Agency = (typeof AGENCIES)[number];
const KINDS = ['education', 'health', 'family-life', 'safety'] as const;
type Kind = (typeof KINDS)[number];

type Pro = Actor & { userId: number; email: string; organisationId: number | null; agency: Agency | 'other' };

let t: TestApp;
let schoolId: number;
let lead: Pro;
/** Two accounts at each kind of agency: those who may join. */
let joiners: Pro[];
/** Those who never join: a member of another school, and an administrator. */
let outsiders: Pro[];

async function pro(organisationId: number | null, agency: Pro['agency'], options: { isAdmin?: boolean } = {}) {
  const account: Pro = { ...(await professional(t, organisationId, options)), organisationId, agency };
  return account;
}

beforeAll(async () => {
  t = await createTestApp();
  schoolId = await school(t);
  const orgs = {
    health: await organisation(t, { kind: 'health' }),
    'family-centre': await organisation(t, { kind: 'family-centre' }),
    'social-care': await organisation(t, { kind: 'social-care' }),
  };
  lead = await pro(schoolId, 'other');
  joiners = [];
  for (const agency of AGENCIES) for (let i = 0; i < 2; i++) joiners.push(await pro(orgs[agency], agency));
  outsiders = [await pro(await school(t), 'other'), await pro(null, 'other', { isAdmin: true })];
  const head = await pro(schoolId, 'other');
  head.memberships = [{ organisationId: schoolId, role: 'leader' }];
  await t.services.accounts.setMembership(ADMIN, { email: head.email, organisationId: schoolId, role: 'leader' });
  await t.services.families.saveSettings(head, schoolId, { safeguardingLeadEmails: [lead.email], retentionYears: 6 });
});
afterAll(async () => t?.close());

type Step =
  | { kind: 'add'; who: number }
  | { kind: 'leave'; who: number }
  | { kind: 'consent'; agencies: Agency[]; information: Kind[] }
  | { kind: 'withdraw'; index: number }
  | { kind: 'override'; agency: Agency; information: Kind[] };

const agencies = fc.subarray([...AGENCIES], { minLength: 1 });
const kinds = fc.subarray([...KINDS], { minLength: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), who: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('consent' as const), agencies, information: kinds }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), index: fc.nat(10) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('override' as const),
      agency: fc.constantFrom(...AGENCIES),
      information: kinds,
    }),
  },
);

/** What should be: the team, the consents and what is shared without consent. */
interface Model {
  members: Set<number>;
  consents: Array<{ id: number; agencies: Agency[]; information: Kind[]; withdrawn: boolean }>;
  overrides: Array<{ agency: Agency; information: Kind[] }>;
}

function sharedKinds(model: Model, agency: Agency): Set<Kind> {
  const kinds = new Set<Kind>();
  for (const c of model.consents)
    if (!c.withdrawn && c.agencies.includes(agency)) for (const k of c.information) kinds.add(k);
  for (const o of model.overrides) if (o.agency === agency) for (const k of o.information) kinds.add(k);
  return kinds;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

async function memberId(familyId: number, userId: number) {
  const row = await t.database.db
    .selectFrom('family_members')
    .select('id')
    .where('family_id', '=', familyId)
    .where('user_id', '=', userId)
    .where('left_on', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

/** How often each thing happened, so the property is seen not to hold vacuously. */
const happened = { joined: 0, left: 0, refused: 0, withdrawn: 0, overridden: 0, membersReading: 0 };

async function apply(familyId: number, childId: number, model: Model, s: Step) {
  const families = t.services.families;
  switch (s.kind) {
    case 'add': {
      const who = joiners[s.who]!;
      const expected = !model.members.has(who.userId) && sharedKinds(model, who.agency as Agency).size > 0;
      const code = await codeOf(
        families.addMember(lead, familyId, {
          email: who.email,
          organisationId: who.organisationId!,
          teamRole: 'Worker',
        }),
      );
      expect(code, `adding ${who.agency} member`).toBe(expected ? undefined : 'validation');
      if (expected) model.members.add(who.userId);
      if (expected) happened.joined += 1;
      else happened.refused += 1;
      return;
    }
    case 'leave': {
      const who = joiners[s.who]!;
      const id = await memberId(familyId, who.userId);
      expect(id !== undefined).toBe(model.members.has(who.userId));
      const code = await codeOf(families.leave(who, familyId, id ?? 0));
      expect(code).toBe(model.members.has(who.userId) ? undefined : 'not_found');
      if (model.members.delete(who.userId)) happened.left += 1;
      return;
    }
    case 'consent': {
      const id = await families.recordConsent(lead, familyId, {
        givenBy: childId,
        purpose: 'Early help',
        information: s.information,
        agencies: s.agencies,
        lawfulBasis: 'consent',
        fromOn: new Date().toISOString().slice(0, 10),
      });
      model.consents.push({ id, agencies: s.agencies, information: s.information, withdrawn: false });
      return;
    }
    case 'withdraw': {
      const open = model.consents.filter((c) => !c.withdrawn);
      if (!open.length) return;
      const c = open[s.index % open.length]!;
      await families.withdrawConsent(lead, familyId, c.id);
      c.withdrawn = true;
      happened.withdrawn += 1;
      return;
    }
    case 'override': {
      await families.shareWithoutConsent(lead, familyId, {
        agency: s.agency,
        information: s.information,
        reason: 'To safeguard the child from significant harm',
      });
      model.overrides.push({ agency: s.agency, information: s.information });
      happened.overridden += 1;
      return;
    }
  }
}

/** Every account in the world reads the family; what each sees must be what the model says. */
async function check(familyId: number, notes: Map<number, { kind: Kind; sensitive: boolean }>, model: Model) {
  const families = t.services.families;
  const lead_ = await families.read(lead, familyId);
  expect(lead_.notes).toHaveLength(notes.size);
  for (const who of outsiders)
    expect(await codeOf(families.read(who, familyId)), 'an outsider reads').toBe('not_found');
  for (const who of joiners) {
    if (!model.members.has(who.userId)) {
      expect(await codeOf(families.read(who, familyId)), `a non-member (${who.agency}) reads`).toBe('not_found');
      continue;
    }
    const view = await families.read(who, familyId);
    happened.membersReading += 1;
    const shared = sharedKinds(model, who.agency as Agency);
    const expected = [...notes]
      .filter(([, n]) => !n.sensitive && shared.has(n.kind))
      .map(([id]) => id)
      .sort((a, b) => a - b);
    expect(
      view.notes.map((n) => n.id).sort((a, b) => a - b),
      `${who.agency} member sees notes of ${[...shared].join(', ')}`,
    ).toEqual(expected);
    expect(view.notesWithheld).toBe(notes.size - expected.length);
    expect(view.identityShown).toBe(shared.size > 0);
  }
}

describe('the rule of sight under random sequences', () => {
  it(`holds after every step (${RUNS} runs of ${STEPS} steps)`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: STEPS, maxLength: STEPS }), async (steps) => {
        const familyId = await t.services.families.open(lead, {
          organisationId: schoolId,
          teamRole: 'Designated safeguarding lead',
          people: [{ role: 'child', name: `Child ${unique()}` }],
          needs: [],
        });
        const childId = (await t.database.db
          .selectFrom('family_people')
          .select('id')
          .where('family_id', '=', familyId)
          .executeTakeFirstOrThrow())!.id;
        const notes = new Map<number, { kind: Kind; sensitive: boolean }>();
        for (const kind of KINDS)
          notes.set(
            await t.services.families.addNote(lead, familyId, {
              information: kind,
              sensitivity: 'standard',
              body: kind,
            }),
            { kind, sensitive: false },
          );
        notes.set(
          await t.services.families.addNote(lead, familyId, {
            information: 'health',
            sensitivity: 'sensitive',
            body: 'sensitive',
          }),
          { kind: 'health', sensitive: true },
        );
        const model: Model = { members: new Set(), consents: [], overrides: [] };
        await check(familyId, notes, model);
        for (const s of steps) {
          await apply(familyId, childId, model, s);
          await check(familyId, notes, model);
        }
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
    for (const [what, n] of Object.entries(happened)) expect(n, what).toBeGreaterThan(0);
  });
});
