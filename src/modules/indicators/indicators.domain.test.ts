import { describe, expect, it } from 'vitest';
import {
  changeWords,
  describeChange,
  formatDifference,
  formatSpread,
  formatValue,
  OFSTED_GRADES,
  REPORT_CARD_GRADES,
  withoutNoise,
} from './indicators.domain.js';

const absence = { unit: 'percent', grades: [], direction: 'lower' };
const maths = { unit: 'score', grades: [], direction: 'higher' };
const ofsted = { unit: 'grade', grades: OFSTED_GRADES, direction: 'higher' };

describe('direction words', () => {
  it('says what the value did and what it means by the indicator’s direction', () => {
    expect(changeWords('lower', 4, 6)).toEqual({ moved: 'rose', meaning: 'worsened' });
    expect(changeWords('lower', 6, 4)).toEqual({ moved: 'fell', meaning: 'improved' });
    expect(changeWords('higher', -1, 0.5)).toEqual({ moved: 'rose', meaning: 'improved' });
    expect(changeWords('higher', 0.5, -1)).toEqual({ moved: 'fell', meaning: 'worsened' });
    expect(changeWords('neither', 100, 120)).toEqual({ moved: 'rose', meaning: null });
    expect(changeWords('lower', 0.1 + 0.2, 0.3)).toEqual({ moved: 'stayed the same', meaning: null });
  });

  it('describes rising absence as rising and worse, with both figures as they read', () => {
    expect(describeChange(absence, 4, 6.25)).toEqual({
      moved: 'rose',
      meaning: 'worsened',
      text: 'rose from 4.0% to 6.3%, so it worsened (lower is better)',
    });
    expect(describeChange(absence, 8, 5.2).text).toBe('fell from 8.0% to 5.2%, so it improved (lower is better)');
    expect(describeChange(maths, 0.5, -0.25).text).toBe('fell from 0.50 to −0.25, so it worsened (higher is better)');
  });

  it('describes a grade’s change by the grades’ names', () => {
    expect(describeChange(ofsted, 2, 3).text).toBe(
      'rose from Requires improvement to Good, so it improved (higher is better)',
    );
  });

  it('says a figure stayed where both values read the same once rounded', () => {
    expect(describeChange(absence, 5.01, 5.04)).toEqual({
      moved: 'stayed the same',
      meaning: null,
      text: 'stayed at 5.0%',
    });
    expect(describeChange({ unit: 'count', grades: [], direction: 'neither' }, 300, 420).text).toBe(
      'rose from 300 to 420',
    );
  });
});

describe('figures as they read', () => {
  it('rounds every figure by its unit', () => {
    expect(formatValue('percent', [], 5.249999)).toBe('5.2%');
    expect(formatValue('count', [], 1234.5)).toBe('1,235');
    expect(formatValue('score', [], -0.30000000000000004)).toBe('−0.30');
    expect(formatValue('score', [], -0.001)).toBe('0.00');
    expect(formatValue('percent', [], null)).toBe('—');
  });

  it('shows grades by their names, the single word and the report card’s', () => {
    expect(OFSTED_GRADES.map((_, i) => formatValue('grade', OFSTED_GRADES, i + 1))).toEqual([
      'Inadequate',
      'Requires improvement',
      'Good',
      'Outstanding',
    ]);
    expect(formatValue('grade', REPORT_CARD_GRADES, 4)).toBe('Strong');
    expect(formatValue('grade', OFSTED_GRADES, 2.5)).toBe('Requires improvement');
  });

  it('gives a spread by names for grades and in whole numbers for counts', () => {
    expect(formatSpread('grade', OFSTED_GRADES, 3, 3)).toBe('Good');
    expect(formatSpread('grade', OFSTED_GRADES, 2, 3)).toBe('Requires improvement to Good');
    expect(formatSpread('count', [], 176.8, 426.8)).toBe('177 to 427');
    expect(formatSpread('percent', [], 4.5, 5.5)).toBe('4.5% to 5.5%');
    expect(formatSpread('percent', [], null, null)).toBe('—');
  });

  it('gives a difference in its own terms, never as a grade’s name', () => {
    expect(formatDifference('percent', 1.234)).toBe('1.2 percentage points');
    expect(formatDifference('grade', 0.44)).toBe('0.4 grades');
    expect(formatDifference('score', 0.456)).toBe('0.46');
  });

  it('takes the noise of binary arithmetic out of a figure, keeping its precision', () => {
    expect(withoutNoise(-0.30000000000000004)).toBe(-0.3);
    expect(withoutNoise(0.1 + 0.2)).toBe(0.3);
    expect(withoutNoise(5.123456789)).toBe(5.123456789);
    expect(Object.is(withoutNoise(-1e-12), 0)).toBe(true);
  });
});
