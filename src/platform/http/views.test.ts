import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './views.js';

describe('the formats of pages', () => {
  it('writes dates and numbers as people in England do', () => {
    expect(formatDate('2025-09-03')).toBe('3 September 2025');
    expect(formatDate(new Date('2024-02-29T23:30:00Z'))).toBe('29 February 2024');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatDate(null)).toBe('');
    expect(formatNumber(1234567.25)).toBe('1,234,567.25');
    expect(formatNumber('12')).toBe('12');
    expect(formatNumber(undefined)).toBe('');
  });
});
