import { describe, expect, it } from 'vitest';
import { headshipGap, isMonth, monthLabel } from './succession.domain.js';

describe('succession words', () => {
  it('reads a month with its school term', () => {
    expect(monthLabel('2027-07')).toBe('July 2027 (summer term)');
    expect(monthLabel('2027-12')).toBe('December 2027 (autumn term)');
    expect(monthLabel('2028-02')).toBe('February 2028 (spring term)');
    expect(monthLabel(null)).toBe('');
  });

  it('knows a real month', () => {
    expect(isMonth('2027-07')).toBe(true);
    expect(isMonth('2027-13')).toBe(false);
    expect(isMonth('27-07')).toBe(false);
  });

  it('names a gap at a headship only when no one is developing towards it, with the soonest leaving', () => {
    expect(headshipGap('Alder Primary', 1, [{ month: '2027-07' }])).toBeNull();
    expect(headshipGap('Alder Primary', 0, [])).toBe('No one is developing towards headship at Alder Primary.');
    expect(headshipGap('Alder Primary', 0, [{ month: '2028-07' }, { month: '2027-07' }])).toBe(
      'No one is developing towards headship at Alder Primary; its head plans to leave around July 2027 (summer term).',
    );
  });
});
