import { describe, expect, it } from 'vitest';
import { date } from './fields.js';

describe('dates in imported files', () => {
  it.each([
    ['27/03/2025', '2025-03-27'],
    ['27-03-2025', '2025-03-27'],
    ['7/3/2025', '2025-03-07'],
    ['2025-03-27', '2025-03-27'],
    ['', null],
  ])('reads %j as %j', (raw, iso) => {
    expect(date('start_date', raw)).toBe(iso);
  });

  it.each(['03/27/2025', '31/02/2025', '2025/03/27', '27 March 2025'])('refuses %j, saying how to write it', (raw) => {
    expect(() => date('start_date', raw)).toThrow('write it as 27/03/2025 or 2025-03-27');
  });
});
