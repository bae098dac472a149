import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.js';
import { createSealer, familyKeyProblem, newFamilyKey } from './families.seal.js';

const TEXT = 'Canary: the bruise on the arm — seen Tuesday';

describe('sealing family text', () => {
  it('opens what it sealed, and the sealed value does not hold the text', () => {
    const sealer = createSealer({ current: newFamilyKey() });
    const sealed = sealer.seal(TEXT);
    expect(sealed).not.toContain('Canary');
    expect(sealed.startsWith('s1:')).toBe(true);
    expect(sealer.open(sealed)).toBe(TEXT);
    expect(sealer.current(sealed)).toBe(true);
    // Each sealing has its own IV.
    expect(sealer.seal(TEXT)).not.toBe(sealed);
  });

  it('opens a value sealed with the previous key during a rotation, and says it is not current', () => {
    const a = newFamilyKey();
    const b = newFamilyKey();
    const sealed = createSealer({ current: a }).seal(TEXT);
    const rotating = createSealer({ current: b, previous: a });
    expect(rotating.open(sealed)).toBe(TEXT);
    expect(rotating.current(sealed)).toBe(false);
    expect(rotating.current(rotating.seal(TEXT))).toBe(true);
  });

  it('refuses, with a clear error, a value sealed with a key it does not have', () => {
    const sealed = createSealer({ current: newFamilyKey() }).seal(TEXT);
    const other = createSealer({ current: newFamilyKey() });
    let error: unknown;
    try {
      other.open(sealed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/SYSLEAD_FAMILY_KEY_PREVIOUS/);
    expect(() => other.open('not sealed at all')).toThrow(AppError);
  });

  it('refuses a value that was tampered with', () => {
    const sealer = createSealer({ current: newFamilyKey() });
    const parts = sealer.seal(TEXT).split(':');
    const body = Buffer.from(parts[4]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64');
    expect(() => sealer.open(parts.join(':'))).toThrow();
    const tag = sealer.seal(TEXT).split(':');
    tag[3] = Buffer.alloc(16).toString('base64');
    expect(() => sealer.open(tag.join(':'))).toThrow();
  });

  it('accepts a new key and refuses a password-like one', () => {
    expect(familyKeyProblem(newFamilyKey())).toBeUndefined();
    expect(familyKeyProblem('secret')).toMatch(/32 random bytes/);
    expect(familyKeyProblem(Buffer.alloc(16).toString('base64'))).toBeDefined();
  });
});
