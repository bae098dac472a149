/**
 * Leadership in a local system's health, on a constructed trust whose answers are known: roles
 * per school, the share held by people who are not heads, role holders with a plan in progress
 * and mentoring under way between the trust's people, each moved by a known step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthScope } from '../../src/modules/definition.js';
import { leadershipSection } from '../../src/modules/landscape/people/people.health.js';
import { member, person, school, trust, unique } from '../factories.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A trust of four schools; and a school outside it. */
async function world() {
  const trustId = await trust(t, { name: `Alder Trust ${unique()}` });
  const schools = [await school(t), await school(t), await school(t), await school(t)];
  for (const id of schools) await member(t, id, trustId);
  const outside = await school(t);
  const scope = async (asOf = day(0)): Promise<HealthScope> => ({
    ...(await t.services.landscape.healthScope(ADMIN, `org:${trustId}`)),
    asOf,
  });
  return { trustId, schools, outside, scope };
}

/** A person at an organisation with a job title, and an account that is them (same email); returns both ids. */
async function leader(organisationId: number, jobTitle: string) {
  const email = `leader${unique()}@example.test`;
  const personId = await person(t, organisationId, { jobTitle, email });
  await t.services.accounts.createUser({ email, name: 'A leader', isAdmin: false, password: 'correct horse battery' });
  const { id: userId } = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  await t.services.accounts.setMembership(ADMIN, { email, organisationId, role: 'member' });
  return { personId, userId };
}

const role = (
  personId: number,
  organisationId: number,
  roleCode: string,
  dates: { startDate?: string; endDate?: string } = {},
) => t.services.landscape.createRoleAssignment(ADMIN, { personId, roleCode, organisationId, ...dates });

const plan = (ownerId: number, status: 'draft' | 'active' | 'complete') =>
  t.database.db
    .insertInto('plans')
    .values({ owner_id: ownerId, title: `Plan ${unique()}`, status })
    .execute();

const mentoring = (menteeId: number, mentorId: number, startedOn: string | null, endedOn: string | null = null) =>
  t.database.db
    .insertInto('mentoring_relations')
    .values({
      mentee_id: menteeId,
      mentor_id: mentorId,
      proposed_by: menteeId,
      status: endedOn ? 'completed' : startedOn ? 'active' : 'proposed',
      component_ids: '[]',
      proposed_on: day(-60),
      started_on: startedOn,
      ended_on: endedOn,
    })
    .execute();

const read = async (scope: HealthScope) => leadershipSection.read(t.services, scope);

describe('the leadership of a system’s health', () => {
  it('counts the roles per school and the share held beyond the heads, moved by one role', async () => {
    const w = await world();
    const head = await leader(w.schools[0]!, 'Headteacher');
    const deputy = await leader(w.schools[1]!, 'Deputy Headteacher');
    const officer = await leader(w.trustId, 'School improvement officer');
    const away = await leader(w.outside, 'Assistant head');
    await role(head.personId, w.schools[0]!, 'national-leader-of-education');
    await role(head.personId, w.schools[0]!, 'mentor-head');
    await role(deputy.personId, w.schools[1]!, 'network-co-leader');
    await role(away.personId, w.outside, 'network-co-leader'); // outside the trust
    await role(officer.personId, w.trustId, 'other-system-role', { endDate: day(-1) }); // ended
    await role(officer.personId, w.trustId, 'consultant-leader', { startDate: day(5) }); // not begun

    // Three roles in force across four schools; one of the three held by someone who is not a head.
    const now = await read(await w.scope());
    expect(now['roles-per-school']).toMatchObject({ value: 0.75, detail: '3 roles across 4 schools' });
    expect(now['roles-per-school']!.organisations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: w.schools[0], note: '2 roles held by its people' }),
        expect.objectContaining({ id: w.schools[1], note: '1 role held by its people' }),
      ]),
    );
    expect(now['roles-not-heads-share']!.value).toBeCloseTo(1 / 3, 10);

    // Once the officer's new role begins: four roles, two beyond the heads.
    const later = await read(await w.scope(day(5)));
    expect(later['roles-per-school']!.value).toBe(1);
    expect(later['roles-per-school']!.value! - now['roles-per-school']!.value!).toBe(0.25);
    expect(later['roles-not-heads-share']!.value).toBe(0.5);
  });

  it('says there is nothing to count when no one holds a role', async () => {
    const w = await world();
    const now = await read(await w.scope());
    expect(now['roles-per-school']!.value).toBe(0);
    expect(now['roles-not-heads-share']).toMatchObject({ value: null });
    expect(now['leaders-with-plan']!.value).toBe(0);
    expect(now['mentoring-relations']!.value).toBe(0);
  });

  it('counts the role holders with a plan in progress, once each', async () => {
    const w = await world();
    const a = await leader(w.schools[0]!, 'Headteacher');
    const b = await leader(w.schools[1]!, 'Head of maths');
    const c = await leader(w.schools[2]!, 'Headteacher');
    const noRole = await leader(w.schools[3]!, 'Teacher');
    await role(a.personId, w.schools[0]!, 'national-leader-of-education');
    await role(a.personId, w.schools[0]!, 'mentor-head');
    await role(b.personId, w.schools[1]!, 'network-co-leader');
    await role(c.personId, w.schools[2]!, 'consultant-leader');
    await plan(a.userId, 'active');
    await plan(a.userId, 'active'); // two plans, one person
    await plan(b.userId, 'draft'); // not in progress
    await plan(noRole.userId, 'active'); // holds no role
    expect((await read(await w.scope()))['leaders-with-plan']).toMatchObject({
      value: 1,
      detail: '1 of 3 people holding a role',
    });
    await plan(c.userId, 'active');
    expect((await read(await w.scope()))['leaders-with-plan']!.value).toBe(2);
    // Before any plan was begun, none.
    expect((await read(await w.scope(day(-1))))['leaders-with-plan']!.value).toBe(0);
  });

  it('counts mentoring under way with both people in the trust', async () => {
    const w = await world();
    const [a, b, c] = [
      await leader(w.schools[0]!, 'Headteacher'),
      await leader(w.schools[1]!, 'Deputy head'),
      await leader(w.trustId, 'Director of education'),
    ];
    const away = await leader(w.outside, 'Headteacher');
    await mentoring(b.userId, a.userId, day(-30)); // under way
    await mentoring(c.userId, a.userId, day(-30), day(-10)); // ended
    await mentoring(a.userId, c.userId, null); // proposed, not started
    await mentoring(b.userId, away.userId, day(-30)); // the mentor is outside the trust
    expect((await read(await w.scope()))['mentoring-relations']).toMatchObject({ value: 1, detail: '1 relation' });
    // Twenty days ago the ended one was still under way.
    expect((await read(await w.scope(day(-20))))['mentoring-relations']!.value).toBe(2);
    await mentoring(c.userId, b.userId, day(0));
    expect((await read(await w.scope()))['mentoring-relations']!.value).toBe(2);
  });
});
