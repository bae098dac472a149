import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, normalisedRecoveryCode, RECOVERY_CODES } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are ten different codes that read back however they are typed', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODES);
    expect(new Set(codes).size).toBe(RECOVERY_CODES);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      expect(normalisedRecoveryCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code.replace('-', ''));
    }
  });

  it('refuse what cannot be a code: an app code, the wrong length, a letter never used', () => {
    expect(normalisedRecoveryCode('123456')).toBeUndefined();
    expect(normalisedRecoveryCode('ABCDE-FGHJ')).toBeUndefined();
    expect(normalisedRecoveryCode('ABCDE-FGHJO')).toBeUndefined();
  });
});
