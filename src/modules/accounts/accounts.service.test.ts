import { describe, expect, it } from 'vitest';
import { generateOneTimePassword, normaliseEmail } from './accounts.service.js';

describe('generateOneTimePassword', () => {
  it('makes four groups of four unambiguous characters, different each time', () => {
    const a = generateOneTimePassword();
    expect(a).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(generateOneTimePassword()).not.toBe(a);
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Ada@Example.TEST ')).toBe('ada@example.test');
  });
});
