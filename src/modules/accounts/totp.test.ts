import { describe, expect, it } from 'vitest';
import { generateTotpSecret, matchingStep, stepAt, totpCode } from './totp.js';

describe('TOTP', () => {
  // RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1, eight digits; we keep the last six.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the published test vector at %i s', (seconds, code) => {
    expect(totpCode(rfcSecret, stepAt(seconds * 1000))).toBe(code);
  });

  it('accepts the current step and one either side, nothing further', () => {
    const secret = generateTotpSecret();
    const now = Date.UTC(2026, 10, 23, 12);
    const step = stepAt(now);
    expect(matchingStep(secret, totpCode(secret, step), now)).toBe(step);
    expect(matchingStep(secret, totpCode(secret, step - 1), now)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, step - 3), now)).toBeUndefined();
    expect(matchingStep(secret, 'abcdef', now)).toBeUndefined();
  });

  it('makes 32-character base32 secrets', () => {
    expect(generateTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });
});
