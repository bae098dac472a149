import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-rules.js';

describe('passwordProblems', () => {
  it('accepts a long passphrase without composition rules', () => {
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
    expect(passwordProblems('alllowercaseletters')).toEqual([]);
  });
  it('refuses short, common, sequential and self-naming passwords', () => {
    expect(passwordProblems('short')).toEqual(['must be at least 10 characters']);
    expect(passwordProblems('Password123')).toEqual(['is one of the passwords most often guessed; choose another']);
    expect(passwordProblems('aaaaaaaaaaaa')).toEqual(['is one of the passwords most often guessed; choose another']);
    expect(passwordProblems('1234567890')).toEqual(['is one of the passwords most often guessed; choose another']);
    expect(passwordProblems('jane.smith is my name', 'jane.smith@school.example')).toEqual([
      'must not contain your email name or the name of this service',
    ]);
  });
});
