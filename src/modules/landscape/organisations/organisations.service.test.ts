import { describe, expect, it } from 'vitest';
import { normalisePostcode } from './organisations.service.js';

describe('normalisePostcode', () => {
  it('writes a postcode upper-case with one space before the last three characters', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode('  m1   1ae ')).toBe('M1 1AE');
  });
});
