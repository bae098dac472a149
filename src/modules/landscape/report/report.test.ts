import { describe, expect, it } from 'vitest';
import { buildReport, percentOf, type AssignmentFact } from './report.js';

describe('percentOf', () => {
  it('rounds half up to one decimal from the counts of Table 1 (3,078 roles in 2006)', () => {
    const counts = [101, 81, 78, 83, 2292, 139, 255, 49];
    expect(counts.reduce((a, b) => a + b)).toBe(3078);
    expect(counts.map((c) => percentOf(c, 3078))).toEqual([3.3, 2.6, 2.5, 2.7, 74.5, 4.5, 8.3, 1.6]);
  });
  it('rounds an exact half upwards and copes with nothing', () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 16)).toBe(6.3);
    expect(percentOf(1, 400)).toBe(0.3);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('buildReport', () => {
  const fact = (over: Partial<AssignmentFact>): AssignmentFact => ({
    personId: 1,
    personName: 'A',
    roleCode: 'mentor-head',
    roleName: 'Mentor head',
    origin: 'national',
    category: 5,
    organisationId: 10,
    organisationName: 'S',
    organisationKind: 'school',
    organisationStatus: 'open',
    phase: 'primary',
    laCode: '850',
    laName: 'Hampshire',
    ...over,
  });
  it('counts distinct leaders per local authority and the share of its open schools that have one', () => {
    const facts = [
      fact({}),
      fact({ roleCode: 'consultant-leader' }),
      fact({ personId: 2, organisationId: 11 }),
      fact({ personId: 3, laCode: '936', laName: 'Surrey', organisationId: 20 }),
    ];
    const report = buildReport(
      'la',
      facts,
      [],
      new Map([
        ['850', 8],
        ['936', 3],
      ]),
    );
    expect(report.rows).toEqual([
      {
        key: '850',
        label: 'Hampshire',
        count: 2,
        percent: 66.7,
        schools: 8,
        schoolsWithLeaders: 2,
        schoolsWithLeadersPercent: 25,
      },
      {
        key: '936',
        label: 'Surrey',
        count: 1,
        percent: 33.3,
        schools: 3,
        schoolsWithLeaders: 1,
        schoolsWithLeadersPercent: 33.3,
      },
    ]);
  });
  it('counts roles held outside a school apart when counting by phase', () => {
    const report = buildReport(
      'phase',
      [fact({}), fact({ organisationKind: 'academy-trust', phase: null })],
      [],
      new Map(),
    );
    expect(report.rows.map((r) => [r.key, r.count])).toEqual([
      ['none', 1],
      ['primary', 1],
    ]);
  });
});
