/**
 * Leadership in a local system's health: how many system-leadership roles its people hold for
 * each school, how far those roles are held beyond the heads, how many of the role holders are
 * working on a development plan, and the mentoring under way between its people. Read through
 * the landscape (roles), plans and mentoring services, as the background job; counts only.
 */
import { BACKGROUND_JOB } from '../../../platform/http/actor.js';
import type { HealthSection } from '../../definition.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const leadershipSection: HealthSection = {
  key: 'leadership',
  title: 'Leadership',
  order: 30,
  about:
    'Whether leadership is spread across the system: roles beyond one school, held by more than the heads, and leaders growing one another.',
  figures: [
    {
      key: 'roles-per-school',
      label: 'System-leadership roles per school',
      definition:
        'The system-leadership roles in force on the day held by people who work at an organisation of the area, divided by the number of its schools. A person with two roles counts twice.',
      unit: 'per-school',
      better: 'higher',
    },
    {
      key: 'roles-not-heads-share',
      label: 'Roles held by people who are not headteachers',
      definition:
        'Of those roles, the share held by people whose job title is not a headteacher’s, head of school’s or principal’s (deputies and assistants are not heads).',
      unit: 'share',
      better: 'higher',
    },
    {
      key: 'leaders-with-plan',
      label: 'Role holders with a development plan',
      definition:
        'The number of people holding one of those roles who have a development plan in progress, through an account that is theirs. A plan counts from the day it was begun while it is in progress now.',
      unit: 'count',
      better: 'higher',
    },
    {
      key: 'mentoring-relations',
      label: 'Mentoring relations under way',
      definition:
        'Mentoring relations started by the day and not yet ended in which both the mentee and the mentor belong to, or work at, an organisation of the area.',
      unit: 'count',
      better: 'higher',
    },
  ],
  async read({ landscape, plans, mentoring }, scope) {
    const { roles, accounts } = await landscape.leadershipRoles(BACKGROUND_JOB, scope.organisationIds, scope.asOf);
    const withPlan = new Set(
      await plans.ownersWithActivePlan(BACKGROUND_JOB, [...new Set(accounts.map((a) => a.userId))], scope.asOf),
    );
    const holders = [...new Set(roles.map((r) => r.personId))];
    const planned = holders.filter((p) => accounts.some((a) => a.personId === p && withPlan.has(a.userId)));
    const notHeads = roles.filter((r) => !r.head).length;
    const schools = new Set(scope.schoolIds);
    const bySchool = await Promise.all(
      [...schools]
        .map((id) => ({ id, roles: roles.filter((r) => r.organisationId === id).length }))
        .filter((s) => s.roles > 0)
        .map(async (s) => ({ ...s, name: (await landscape.getOrganisation(BACKGROUND_JOB, s.id)).name })),
    );
    const mentoringCount = await mentoring.relationsActiveWithin(BACKGROUND_JOB, scope.organisationIds, scope.asOf);
    return {
      'roles-per-school': schools.size
        ? {
            value: roles.length / schools.size,
            detail: `${plural(roles.length, 'role', 'roles')} across ${plural(schools.size, 'school', 'schools')}`,
            organisations: bySchool.map((s) => ({
              id: s.id,
              name: s.name,
              note: `${plural(s.roles, 'role', 'roles')} held by its people`,
            })),
          }
        : { value: null, detail: 'The area has no schools' },
      'roles-not-heads-share': roles.length
        ? { value: notHeads / roles.length, detail: `${notHeads} of ${plural(roles.length, 'role', 'roles')}` }
        : { value: null, detail: 'No one holds a system-leadership role' },
      'leaders-with-plan': {
        value: planned.length,
        detail: `${planned.length} of ${plural(holders.length, 'person', 'people')} holding a role`,
      },
      'mentoring-relations': { value: mentoringCount, detail: plural(mentoringCount, 'relation', 'relations') },
    };
  },
};
