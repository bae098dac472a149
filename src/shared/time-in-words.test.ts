import { describe, expect, it } from 'vitest';
import { agoInWords, dayInWords, daysBetween, spanInWords } from './time-in-words.js';

describe('lengths of time in words', () => {
  it('counts days between two days, negative backwards', () => {
    expect(daysBetween('2026-12-01', '2026-12-22')).toBe(21);
    expect(daysBetween('2026-12-22', '2026-12-01')).toBe(-21);
    expect(daysBetween(new Date('2026-12-01T23:59:00Z'), '2026-12-02')).toBe(1);
  });

  it('says days, then weeks, then months, then years', () => {
    expect(spanInWords(1)).toBe('1 day');
    expect(spanInWords(6)).toBe('6 days');
    expect(spanInWords(7)).toBe('1 week');
    expect(spanInWords(-21)).toBe('3 weeks');
    expect(spanInWords(60)).toBe('8 weeks');
    expect(spanInWords(61)).toBe('2 months');
    expect(spanInWords(800)).toBe('2 years');
  });

  it('says how long ago, and a day as people write it', () => {
    expect(agoInWords('2026-12-01', '2026-12-01')).toBe('today');
    expect(agoInWords('2026-11-30', '2026-12-01')).toBe('yesterday');
    expect(agoInWords('2026-11-10', '2026-12-01')).toBe('3 weeks ago');
    expect(dayInWords('2026-12-04')).toBe('4 December 2026');
  });
});
