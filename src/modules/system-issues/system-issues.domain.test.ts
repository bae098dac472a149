import { describe, expect, it } from 'vitest';
import { listOfNames, namesIn } from './system-issues.domain.js';

describe('finding people named in an issue', () => {
  const people = ['Ada Alder', 'Ben Birch', 'Li'];

  it('finds a whole name in any case and spacing, and a family name after a title', () => {
    expect(namesIn('The referral sat with ada   alder for weeks', people)).toEqual(['Ada Alder']);
    expect(namesIn('Mrs. Birch was not told', people)).toEqual(['Ben Birch']);
    expect(namesIn('Dr Alder and Ben Birch met', people)).toEqual(['Ada Alder', 'Ben Birch']);
  });

  it('does not find a name inside a longer word, a family name alone or a name too short to tell', () => {
    expect(namesIn('The Alderman’s office and the Birchwood site', people)).toEqual([]);
    expect(namesIn('Alder Primary had no transport', people)).toEqual([]);
    expect(namesIn('Little was said', people)).toEqual([]);
  });

  it('lists names as a sentence does', () => {
    expect(listOfNames(['A'])).toBe('A');
    expect(listOfNames(['A', 'B'])).toBe('A and B');
    expect(listOfNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
