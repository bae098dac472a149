/**
 * The services section of system health, on constructed systems whose answers are known, and
 * attacked: a trust whose school works with a family centre on six families, each referred and
 * accepted after a known number of days; and a trust with fewer than five families, whose figures
 * are withheld rather than given, so that no family can be counted or named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { servicesSection } from '../../src/modules/families/families.health.js';
import type { HealthScope } from '../../src/modules/definition.js';
import { todayIso } from '../../src/modules/landscape/index.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { member, organisation, school, trust, unique, professional } from '../factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const DAY_MS = 24 * 60 * 60 * 1000;

const pro = (organisationId: number): Promise<Actor> => professional(t, organisationId);

/**
 * A trust of one school, whose lead opens a family for each number of days given, refers it to
 * the family centre, which accepts it that many days after it was sent.
 */
async function trustWithFamilies(centre: { id: number; worker: Actor }, days: number[]) {
  const trustId = await trust(t, { name: `Rowan Trust ${unique()}` });
  const schoolId = await school(t);
  await member(t, schoolId, trustId);
  const lead = await pro(schoolId);
  const children: string[] = [];
  for (const d of days) {
    const child = `Canary Child ${unique()} Quillwort`;
    children.push(child);
    const familyId = await t.services.families.open(lead, {
      organisationId: schoolId,
      teamRole: 'Designated safeguarding lead',
      people: [
        { role: 'child', name: child, bornOn: '2018-04-01' },
        { role: 'adult', name: `Parent ${unique()} Quillwort`, relationship: 'mother' },
      ],
      needs: [{ outcome: 'be-healthy', summary: 'Missed health checks' }],
      consent: {
        givenBy: 1,
        purpose: 'Early help',
        information: ['education', 'health'],
        agencies: ['family-centre'],
        lawfulBasis: 'consent',
        fromOn: todayIso(),
      },
    });
    const referralId = await t.services.families.refer(lead, familyId, {
      toOrganisationId: centre.id,
      outcome: 'be-healthy',
      message: 'Please offer the parenting group',
    });
    await t.services.families.answerReferral(centre.worker, referralId, {
      answer: 'accept',
      teamRole: 'Family support worker',
    });
    // Sent that many days (and a minute) before it was accepted.
    const { answered_at } = await t.database.db
      .selectFrom('family_referrals')
      .select('answered_at')
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('family_referrals')
      .set({ sent_at: new Date(answered_at!.getTime() - d * DAY_MS - 60_000) })
      .where('id', '=', referralId)
      .execute();
  }
  const scope: HealthScope = {
    ...(await t.services.landscape.healthScope(BACKGROUND_JOB, `org:${trustId}`)),
    asOf: todayIso(),
  };
  return { trustId, schoolId, scope, children, lead };
}

async function familyCentre() {
  const id = await organisation(t, { kind: 'family-centre', name: `Larch Family Centre ${unique()}` });
  return { id, worker: await pro(id) };
}

describe('the services section', () => {
  it('gives the median days to accept, the pairs working together and the families with a team', async () => {
    const centre = await familyCentre();
    const { scope, schoolId } = await trustWithFamilies(centre, [2, 4, 6, 8, 10, 12]);
    const r = await servicesSection.read(t.services, scope);
    // Six referrals accepted after 2, 4, 6, 8, 10 and 12 days: the median is 7.
    expect(r['referral-median-days']).toMatchObject({
      value: 7,
      detail: 'Over 6 referrals accepted in the last 12 months',
    });
    // The school and the family centre share six families: one pair.
    expect(r['agencies-working-together']!.value).toBe(1);
    expect(r['agencies-working-together']!.organisations!.map((o) => o.id).sort()).toEqual(
      [schoolId, centre.id].sort(),
    );
    expect(r['families-supported']).toMatchObject({ value: 6 });
    // Seen a year on, the referrals are too old and the families are still open.
    const later = await servicesSection.read(t.services, {
      ...scope,
      asOf: new Date(Date.now() + 366 * DAY_MS).toISOString().slice(0, 10),
    });
    expect(later['referral-median-days']!.value).toBeNull();
    expect(later['families-supported']!.value).toBe(6);
    // Before the families were opened there were none.
    const before = await servicesSection.read(t.services, {
      ...scope,
      asOf: new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10),
    });
    expect(before['families-supported']!.value).toBeNull();
    expect(before['agencies-working-together']!.value).toBe(0);
  });

  it('withholds the figures of a trust with fewer than five families, and names none', async () => {
    const centre = await familyCentre();
    const small = await trustWithFamilies(centre, [3, 3, 3]);
    const r = await servicesSection.read(t.services, small.scope);
    // Three families give nothing to count: not 3.
    expect(r['families-supported']!.value).toBeNull();
    expect(r['families-supported']!.detail).toMatch(/fewer than five/i);
    expect(r['agencies-working-together']).toMatchObject({ value: 0, organisations: [] });
    expect(r['referral-median-days']).toMatchObject({ value: null });
    expect(r['referral-median-days']!.detail).toMatch(/fewer than five/i);
    const text = JSON.stringify(r);
    for (const child of small.children) expect(text).not.toContain(child);
    expect(text).not.toMatch(/FAM-/);
    expect(text).not.toMatch(/\b3\b/);
  });

  it('gives the count from the fifth family, and not before', async () => {
    const centre = await familyCentre();
    const four = await trustWithFamilies(centre, [1, 1, 1, 1]);
    expect((await servicesSection.read(t.services, four.scope))['families-supported']!.value).toBeNull();
    // A fifth family at the same school.
    await t.services.families.open(four.lead, {
      organisationId: four.schoolId,
      teamRole: 'Designated safeguarding lead',
      people: [
        { role: 'child', name: `Canary Child ${unique()} Quillwort`, bornOn: '2018-04-01' },
        { role: 'adult', name: `Parent ${unique()} Quillwort`, relationship: 'mother' },
      ],
      needs: [{ outcome: 'be-healthy', summary: 'Missed health checks' }],
      consent: {
        givenBy: 1,
        purpose: 'Early help',
        information: ['education'],
        agencies: ['family-centre'],
        lawfulBasis: 'consent',
        fromOn: todayIso(),
      },
    });
    const five = await servicesSection.read(t.services, four.scope);
    expect(five['families-supported']!.value).toBe(5);
    // The pair shares only four of them, and four referrals were accepted: both still withheld.
    expect(five['agencies-working-together']!.value).toBe(0);
    expect(five['referral-median-days']!.value).toBeNull();
  });

  it('is part of the health view', async () => {
    const section = t.services.health.sections().find((s) => s.key === 'services');
    expect(section).toMatchObject({ title: 'Services around the child', order: 50 });
    expect(section!.figures.map((f) => f.key)).toEqual([
      'referral-median-days',
      'agencies-working-together',
      'families-supported',
    ]);
  });
});
