import { describe, expect, it } from 'vitest';
import { expectedInWords, measureAgainst, movementInWords } from './decisions.domain.js';

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
