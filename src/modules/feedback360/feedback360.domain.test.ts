import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { resultsOf, type StoredResponse } from './feedback360.domain.js';

const components = [
  { id: 1, name: 'Commitment', domain: 'Direction' },
  { id: 2, name: 'Networks', domain: 'Organisation' },
];
const scale = [1, 2, 3, 4].map((value) => ({ value, label: String(value) }));
const answer = (relationship: StoredResponse['relationship'], a: number, b: number, comment: string | null = null) => ({
  relationship,
  ratings: [
    { componentId: 1, rating: a },
    { componentId: 2, rating: b },
  ],
  comment,
});

describe('the results of a 360 round', () => {
  it('shows groups of at least the threshold, withholds smaller ones, and pools "all others" only from the shown', () => {
    const responses = [
      answer('peer', 4, 2, 'Zealous about every pupil'),
      answer('peer', 3, 2),
      answer('peer', 2, 2, 'A calm chair of the network'),
      answer('supported-school', 4, 4),
      answer('supported-school', 4, 3),
      answer('supported-school', 4, 2, 'Brought our staff together'),
      answer('governor', 1, 1, 'SECRET governor remark'),
    ];
    const results = resultsOf({ components, scale, responses, selfRatings: new Map([[1, 3]]) }, 3);
    expect(results.groups.map((g) => [g.relationship, g.shown, g.respondents])).toEqual([
      ['peer', true, 3],
      ['supported-school', true, 3],
      ['governor', false, null],
      ['all-others', true, 6],
    ]);
    expect(results.groups[2]!.withheld).toBe('Withheld: fewer than 3 answered');
    expect(results.components[0]).toMatchObject({ self: 3, means: [3, 4, null, 3.5] });
    expect(results.components[1]).toMatchObject({ self: null, means: [2, 3, null, 2.5] });
    expect(results.comments).toEqual([
      'A calm chair of the network',
      'Brought our staff together',
      'Zealous about every pupil',
    ]);
    expect(JSON.stringify(results)).not.toContain('SECRET');
  });

  it('cannot be differenced: "all others" equals the pool of the shown groups, whatever a withheld group said', () => {
    const shown = [answer('peer', 4, 4), answer('peer', 4, 4), answer('peer', 4, 4)];
    const low = resultsOf(
      { components, scale, responses: [...shown, answer('governor', 1, 1)], selfRatings: new Map() },
      3,
    );
    const high = resultsOf(
      { components, scale, responses: [...shown, answer('governor', 4, 4)], selfRatings: new Map() },
      3,
    );
    const none = resultsOf({ components, scale, responses: shown, selfRatings: new Map() }, 3);
    // The governor's answer changes nothing shown: subtracting the peers from "all others" gives nothing.
    const shownOf = (r: ReturnType<typeof resultsOf>) => ({
      groups: r.groups.filter((g) => g.shown),
      means: r.components.map((c) => c.means.filter((m) => m !== null)),
      comments: r.comments,
    });
    expect(shownOf(low)).toEqual(shownOf(high));
    expect(shownOf(low)).toEqual(shownOf(none));
  });

  it('withholds everything, comments too, when no group reaches the threshold', () => {
    const responses = [answer('peer', 4, 4, 'Only two of us'), answer('peer', 3, 3), answer('manager', 2, 2)];
    const results = resultsOf({ components, scale, responses, selfRatings: new Map() }, 3);
    expect(results.groups.every((g) => !g.shown)).toBe(true);
    expect(results.components.every((c) => c.means.every((m) => m === null))).toBe(true);
    expect(results.comments).toBeNull();
    expect(JSON.stringify(results)).not.toContain('Only two of us');
  });

  it('keeps comments of a withheld group out even when others are shown', () => {
    const responses = [
      answer('peer', 4, 4),
      answer('peer', 4, 4),
      answer('peer', 4, 4),
      answer('manager', 1, 1, 'From my manager'),
    ];
    expect(resultsOf({ components, scale, responses, selfRatings: new Map() }, 3).comments).toEqual([]);
  });

  it('follows a higher threshold, and refuses one below three', () => {
    const responses = [answer('peer', 4, 4), answer('peer', 4, 4), answer('peer', 4, 4)];
    expect(resultsOf({ components, scale, responses, selfRatings: new Map() }, 4).groups[0]!.shown).toBe(false);
    expect(() => resultsOf({ components, scale, responses, selfRatings: new Map() }, 2)).toThrow(/at least 3/);
  });
});

describe('the setting of the threshold', () => {
  it('is 3 unless set, takes a higher number, and refuses one below 3', () => {
    const base = { NODE_ENV: 'test' };
    expect(loadConfig(base, { dataDir: '(unused)' }).feedbackMinRespondents).toBe(3);
    expect(
      loadConfig({ ...base, SYSLEAD_FEEDBACK_MIN_RESPONDENTS: '5' }, { dataDir: '(unused)' }).feedbackMinRespondents,
    ).toBe(5);
    expect(() => loadConfig({ ...base, SYSLEAD_FEEDBACK_MIN_RESPONDENTS: '2' }, { dataDir: '(unused)' })).toThrow(
      /SYSLEAD_FEEDBACK_MIN_RESPONDENTS must be a whole number from 3/,
    );
  });
});
