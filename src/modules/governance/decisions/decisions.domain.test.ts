import { describe, expect, it } from 'vitest';
import { expectedInWords, measureAgainst, movementInWords, reviewsDueBy } from './decisions.domain.js';

const absence = { name: 'Persistent absence', unit: 'percent', grades: [], direction: 'lower' };

describe('how a decision’s expected effect is read against the figures', () => {
  it('tells met, partly and not by the expected change’s sign and size', () => {
    expect(measureAgainst(-2, -3)).toBe('met');
    expect(measureAgainst(-2, -2)).toBe('met');
    expect(measureAgainst(-2, -1)).toBe('partly');
    expect(measureAgainst(-2, 0)).toBe('not');
    expect(measureAgainst(-2, 1)).toBe('not');
    expect(measureAgainst(0, 0)).toBe('met');
    expect(measureAgainst(0, 0.5)).toBe('not');
  });

  it('puts the expected change in the indicator’s unit', () => {
    expect(expectedInWords('percent', -2)).toBe('fall by 2.0 percentage points');
    expect(expectedInWords('percent', 1.5)).toBe('rise by 1.5 percentage points');
    expect(expectedInWords('count', 0)).toBe('stay the same');
  });

  it('says what the figures did by the indicator’s direction, or why it cannot', () => {
    expect(movementInWords(absence, -2, 24, 21)).toBe(
      'Persistent absence fell from 24.0% to 21.0%, so it improved (lower is better). It was expected to fall by 2.0 percentage points.',
    );
    expect(movementInWords(absence, -2, null, 21)).toMatch(/^No baseline could be seen/);
    expect(movementInWords(absence, -2, 24, null)).toMatch(/^No value can be seen now/);
  });
});

describe('which reviews of a decision fell due by a day, and whether each was held in time', () => {
  const changed = { decidedOn: '2026-01-10', reviewOn: '2026-09-01', status: 'changed' };
  const reviews = [{ dueOn: '2026-07-10', reviewedOn: '2026-07-01' }];

  it('counts a review held by its date, and the next one once its date has passed', () => {
    expect(reviewsDueBy(changed, reviews, '2026-07-10')).toEqual([
      { dueOn: '2026-07-10', heldOn: '2026-07-01', onTime: true },
    ]);
    expect(reviewsDueBy(changed, reviews, '2026-09-01').map((r) => r.onTime)).toEqual([true, false]);
  });

  it('reads a past day as it stood: a review held later, or a decision not yet taken, does not count then', () => {
    const late = [{ dueOn: '2026-07-10', reviewedOn: '2026-08-01' }];
    const confirmed = { decidedOn: '2026-01-10', reviewOn: null, status: 'confirmed' };
    expect(reviewsDueBy(confirmed, late, '2026-07-20')).toEqual([{ dueOn: '2026-07-10', heldOn: null, onTime: false }]);
    expect(reviewsDueBy(confirmed, late, '2026-08-02')).toEqual([
      { dueOn: '2026-07-10', heldOn: '2026-08-01', onTime: false },
    ]);
    expect(reviewsDueBy(confirmed, late, '2026-07-09')).toEqual([]);
    expect(reviewsDueBy({ ...changed, decidedOn: null, status: 'proposed' }, [], '2026-12-01')).toEqual([]);
  });
});
