import { describe, expect, it } from 'vitest';
import { describeChange } from '../indicators/index.js';
import { DEFAULT_WEIGHTS } from './brokerage.domain.js';
import { kilometres, rankMatches, type Candidate, type Evidence, type Seeker } from './brokerage.match.js';

const seeker: Seeker = { phase: 'primary', pupils: 300, fsm: 25, latitude: 52.48, longitude: -1.62 };
const maths: Evidence = {
  indicatorName: 'Key stage 2 maths progress',
  direction: 'higher',
  benchmark: 0,
  q1: -1,
  q3: 1,
  format: (v) => v.toFixed(1),
  change: (from, to) => describeChange({ unit: 'score', grades: [], direction: 'higher' }, from, to).text,
};

function candidate(id: number, overrides: Partial<Candidate> = {}): Candidate {
  return {
    organisationId: id,
    name: `School ${id}`,
    ref: String(990000 + id),
    phase: 'primary',
    pupils: 300,
    fsm: 25,
    latitude: 52.49,
    longitude: -1.62,
    offeredDays: null,
    committedDays: 0,
    designated: false,
    value: -0.5,
    period: '2023/24',
    previous: -0.6,
    tie: false,
    sharedPartnership: false,
    ...overrides,
  };
}

describe('matching a need', () => {
  it('puts the only school strong in the area first, and leaves out schools with nothing to offer', () => {
    const matches = rankMatches(
      seeker,
      [candidate(1), candidate(2, { value: 2.5, previous: 2.0 }), candidate(3, { value: -2 })],
      maths,
      DEFAULT_WEIGHTS,
    );
    expect(matches.map((m) => m.organisationId)).toEqual([2]);
    expect(matches[0]!.reasons).toContain('Key stage 2 maths progress 2.5 in 2023/24 (England 0.0)');
  });

  it('ranks a stronger, nearer, similar school with capacity above a weaker, distant, different one', () => {
    const near = candidate(1, { value: 1.5, offeredDays: 10 });
    const far = candidate(2, { value: 0.5, phase: 'secondary', pupils: 1400, fsm: 5, latitude: 54.9, longitude: -1.6 });
    const [first, second] = rankMatches(seeker, [far, near], maths, DEFAULT_WEIGHTS);
    expect([first!.organisationId, second!.organisationId]).toEqual([1, 2]);
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(second!.reasons.some((r) => r.endsWith('km away'))).toBe(true);
  });

  it('excludes a school whose offered days are all taken by its engagements', () => {
    const full = candidate(1, { value: 3, offeredDays: 6, committedDays: 6 });
    const free = candidate(2, { value: 1, offeredDays: 6, committedDays: 2 });
    const matches = rankMatches(seeker, [full, free], maths, DEFAULT_WEIGHTS);
    expect(matches.map((m) => m.organisationId)).toEqual([2]);
    expect(matches[0]!.reasons).toContain('4 of 6 offered days free this term');
  });

  it('leaves out a helper whose own results in the area are falling, and flags it when asked to show it', () => {
    const falling = candidate(1, { value: 2, previous: 3 });
    expect(rankMatches(seeker, [falling], maths, DEFAULT_WEIGHTS)).toEqual([]);
    const [shown] = rankMatches(seeker, [falling], maths, DEFAULT_WEIGHTS, { includeFalling: true });
    expect(shown!.falling).toBe(true);
    expect(shown!.reasons.some((r) => r.startsWith('Caution'))).toBe(true);
  });

  it('reads "lower is better" the right way round', () => {
    const absence: Evidence = {
      ...maths,
      indicatorName: 'Overall absence',
      direction: 'lower',
      benchmark: 6,
      q1: 5,
      q3: 7,
      change: (from, to) => describeChange({ unit: 'percent', grades: [], direction: 'lower' }, from, to).text,
    };
    const matches = rankMatches(
      seeker,
      [candidate(1, { value: 4, previous: 4.5 }), candidate(2, { value: 8, previous: 8 })],
      absence,
      DEFAULT_WEIGHTS,
    );
    expect(matches.map((m) => m.organisationId)).toEqual([1]);
  });

  it('says a helper’s rising absence rose and worsened, never that it fell', () => {
    const absence: Evidence = {
      ...maths,
      indicatorName: 'Overall absence',
      direction: 'lower',
      benchmark: 6,
      q1: 5,
      q3: 7,
      change: (from, to) => describeChange({ unit: 'percent', grades: [], direction: 'lower' }, from, to).text,
    };
    const rising = candidate(1, { value: 4.5, previous: 4, offeredDays: 5 });
    const [shown] = rankMatches(seeker, [rising], absence, DEFAULT_WEIGHTS, { includeFalling: true });
    expect(shown!.falling).toBe(true);
    expect(shown!.reasons).toContain(
      'Caution: since the year before, its own overall absence rose from 4.0% to 4.5%, so it worsened (lower is better)',
    );
  });

  it('follows the weights: with only ties weighed, the school already tied to the seeker wins', () => {
    const weights = { strength: 0, context: 0, distance: 0, capacity: 0, ties: 1 };
    const matches = rankMatches(
      seeker,
      [candidate(1, { value: 3 }), candidate(2, { value: 0.5, tie: true })],
      maths,
      weights,
    );
    expect(matches[0]!.organisationId).toBe(2);
    expect(matches[0]!.score).toBe(100);
  });

  it('measures distance on the sphere', () => {
    expect(
      kilometres({ latitude: 51.5074, longitude: -0.1278 }, { latitude: 52.4862, longitude: -1.8904 }),
    ).toBeGreaterThan(161.5);
    expect(
      kilometres({ latitude: 51.5074, longitude: -0.1278 }, { latitude: 52.4862, longitude: -1.8904 }),
    ).toBeLessThan(163.5); // London to Birmingham, about 162.5 km
  });
});
