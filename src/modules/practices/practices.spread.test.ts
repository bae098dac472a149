import { describe, expect, it } from 'vitest';
import {
  adoptionTree,
  partnershipSpread,
  reach,
  spreadSpeed,
  type Adopter,
  type SpreadAdoption,
  type SpreadPractice,
} from './practices.spread.js';

const adoption = (
  id: number,
  organisationId: number,
  organisationName: string,
  fromOrganisationId: number | null,
  startedOn: string,
  judgement: SpreadAdoption['judgement'] = null,
): SpreadAdoption => ({
  id,
  organisationId,
  organisationName,
  fromOrganisationId,
  fromOrganisationName: null,
  startedOn,
  adapted: [],
  adaptation: '',
  judgement,
  judgedOn: judgement ? '2025-07-01' : null,
});

/**
 * Oak (1) wrote the practice up on 6 January 2025. Six schools took it up (2025 is not a leap year):
 *
 *   a1 Ash    (10) from the library  20 Jan  keep   -> under Oak:   6 Jan -> 20 Jan = 14 days
 *   a2 Beech  (11) from Ash          1 Feb  adapt  -> under Ash:  20 Jan ->  1 Feb = 12 days
 *   a3 Cedar  (12) from Oak (owner)  14 Feb  stop   -> under Oak:   6 Jan -> 14 Feb = 25 + 14 = 39 days
 *   a4 Damson (13) from Beech        10 Mar  keep   -> under Beech: 1 Feb -> 10 Mar = 27 + 10 = 37 days
 *   a5 Elm    (14) from Ash           3 Mar  —      -> under Ash:  20 Jan ->  3 Mar = 11 + 28 + 3 = 42 days
 *   a6 Fir    (15) from Hazel (16)     7 Apr  —      -> Hazel never adopted it, so under Oak:
 *                                                     6 Jan -> 7 Apr = 25 + 28 + 31 + 7 = 91 days
 *
 * The adoptions are given out of order, to show the tree and the gaps do not lean on it.
 */
const practice: SpreadPractice = {
  id: 1,
  title: 'Reading aloud every day',
  organisationId: 1,
  organisationName: 'Oak',
  createdOn: '2025-01-06',
  adoptions: [
    adoption(6, 15, 'Fir', 16, '2025-04-07'),
    adoption(4, 13, 'Damson', 11, '2025-03-10', 'keep'),
    adoption(2, 11, 'Beech', 10, '2025-02-01', 'adapt'),
    adoption(1, 10, 'Ash', null, '2025-01-20', 'keep'),
    adoption(5, 14, 'Elm', 10, '2025-03-03'),
    adoption(3, 12, 'Cedar', 1, '2025-02-14', 'stop'),
  ],
};

describe('the adoption tree', () => {
  it('hangs each adoption under the school it was taken from, in the order a reader follows it', () => {
    // Oak's children by start: Ash, Cedar, Fir; Ash's: Beech, Elm; Beech's: Damson.
    expect(
      adoptionTree(practice).map((r) => [r.adoption.organisationName, r.parentName, r.parentId, r.depth, r.days]),
    ).toEqual([
      ['Ash', 'Oak', null, 1, 14],
      ['Beech', 'Ash', 1, 2, 12],
      ['Damson', 'Beech', 2, 3, 37],
      ['Elm', 'Ash', 1, 2, 42],
      ['Cedar', 'Oak', null, 1, 39],
      ['Fir', 'Oak', null, 1, 91],
    ]);
  });

  it('never loops: a school naming one that adopted only after it hangs under the owner', () => {
    // Pine says it took the practice from Yew and Yew from Pine; Pine began first, so Yew hangs under Pine.
    const loop: SpreadPractice = {
      ...practice,
      adoptions: [adoption(21, 31, 'Yew', 30, '2025-03-01'), adoption(20, 30, 'Pine', 31, '2025-02-01')],
    };
    expect(adoptionTree(loop).map((r) => [r.adoption.organisationName, r.parentName, r.depth])).toEqual([
      ['Pine', 'Oak', 1],
      ['Yew', 'Pine', 2],
    ]);
  });

  it('is empty for a practice no school has taken up', () => {
    expect(adoptionTree({ ...practice, adoptions: [] })).toEqual([]);
  });
});

describe('spread speed', () => {
  it('gives the gaps between adoptions in date order and along the tree, with their medians', () => {
    const speed = spreadSpeed(practice);
    // By date: Ash 20 Jan, Beech 1 Feb, Cedar 14 Feb, Elm 3 Mar, Damson 10 Mar, Fir 7 Apr.
    // Gaps: 20 Jan -> 1 Feb = 12; 1 Feb -> 14 Feb = 13; 14 Feb -> 3 Mar = 14 + 3 = 17;
    // 3 Mar -> 10 Mar = 7; 10 Mar -> 7 Apr = 21 + 7 = 28. Sorted 7, 12, 13, 17, 28: the median is 13.
    expect(speed.gaps.map((g) => [g.from.organisationName, g.to.organisationName, g.days])).toEqual([
      ['Ash', 'Beech', 12],
      ['Beech', 'Cedar', 13],
      ['Cedar', 'Elm', 17],
      ['Elm', 'Damson', 7],
      ['Damson', 'Fir', 28],
    ]);
    expect(speed.medianGap).toBe(13);
    // Along the tree: 14, 12, 37, 42, 39, 91. Sorted 12, 14, 37, 39, 42, 91: the median is (37 + 39) / 2 = 38.
    expect(speed.alongTree.map((r) => r.days)).toEqual([14, 12, 37, 42, 39, 91]);
    expect(speed.medianAlongTree).toBe(38);
  });

  it('has no gap and no median with one adoption or none', () => {
    const one = spreadSpeed({ ...practice, adoptions: [adoption(1, 10, 'Ash', null, '2025-01-20')] });
    expect(one.gaps).toEqual([]);
    expect(one.medianGap).toBeNull();
    expect(one.medianAlongTree).toBe(14);
    expect(spreadSpeed({ ...practice, adoptions: [] }).medianAlongTree).toBeNull();
  });
});

describe('reach', () => {
  const adopter = (
    organisationId: number,
    widerSystem: Adopter['widerSystem'],
    la: [number, string] | null,
    trust: [number, string] | null,
  ): Adopter => ({
    organisationId,
    widerSystem,
    localAuthorityId: la?.[0] ?? null,
    localAuthorityName: la?.[1] ?? null,
    trustId: trust?.[0] ?? null,
    trustName: trust?.[1] ?? null,
  });
  const north: [number, string] = [100, 'Northshire'];
  const south: [number, string] = [101, 'Southshire'];
  const river: [number, string] = [200, 'River Trust'];
  const hill: [number, string] = [201, 'Hill Trust'];
  /**
   * Ash and Beech (Northshire, River Trust), Cedar (Southshire, no trust), Damson (Northshire,
   * Hill Trust): schools. Elm: a family centre with no authority. Fir: a community group in
   * Southshire. Ash appears twice (it adopted twice) and counts once: six organisations.
   */
  const adopters = [
    adopter(10, 'education', north, river),
    adopter(11, 'education', north, river),
    adopter(12, 'education', south, null),
    adopter(13, 'education', north, hill),
    adopter(14, 'public-services', null, null),
    adopter(15, 'community', south, null),
    adopter(10, 'education', north, river),
  ];

  it('counts distinct adopters by wider system, every system listed', () => {
    const r = reach(adopters);
    expect(r.total).toBe(6);
    // Education: Ash, Beech, Cedar, Damson = 4; public services: Elm = 1; community: Fir = 1.
    expect(r.bySystem).toEqual([
      { key: 'education', label: 'Education', count: 4 },
      { key: 'public-services', label: 'Public services', count: 1 },
      { key: 'community', label: 'Community', count: 1 },
    ]);
  });

  it('counts them by local authority and by trust, largest first and those without one last', () => {
    const r = reach(adopters);
    // Northshire: Ash, Beech, Damson = 3; Southshire: Cedar, Fir = 2; none: Elm = 1.
    expect(r.byLocalAuthority.map((row) => [row.label, row.count])).toEqual([
      ['Northshire', 3],
      ['Southshire', 2],
      ['No local authority recorded', 1],
    ]);
    // River Trust: Ash, Beech = 2; Hill Trust: Damson = 1; no trust: Cedar, Elm, Fir = 3, still last.
    expect(r.byTrust.map((row) => [row.label, row.count])).toEqual([
      ['River Trust', 2],
      ['Hill Trust', 1],
      ['Not in an academy trust', 3],
    ]);
  });

  it('lists every wider system at zero when no one has adopted', () => {
    expect(reach([]).bySystem.map((row) => row.count)).toEqual([0, 0, 0]);
  });
});

describe('a partnership’s practices', () => {
  it('tells those that spread beyond their school from those that stayed in it', () => {
    const result = partnershipSpread([
      { id: 1, title: 'Reading aloud', organisationId: 1, organisationName: 'Oak', adopterIds: [10, 11] },
      { id: 2, title: 'Attendance calls', organisationId: 2, organisationName: 'Ash', adopterIds: [] },
      // Adopted only by the school that wrote it up: it stayed there.
      { id: 3, title: 'Maths talk', organisationId: 3, organisationName: 'Elm', adopterIds: [3] },
      // One other school, adopting twice: one school.
      { id: 4, title: 'Book club', organisationId: 4, organisationName: 'Fir', adopterIds: [10, 10] },
    ]);
    expect(result.spread.map((p) => [p.title, p.otherAdopters])).toEqual([
      ['Reading aloud', 2],
      ['Book club', 1],
    ]);
    expect(result.stayed.map((p) => p.title)).toEqual(['Attendance calls', 'Maths talk']);
    expect(result.counts).toEqual({ spread: 2, stayed: 2, total: 4 });
  });
});
