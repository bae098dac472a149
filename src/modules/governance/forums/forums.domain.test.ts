import { describe, expect, it } from 'vitest';
import { electedByVotes } from './forums.domain.js';

describe('who an election elects by its votes', () => {
  it('elects the most votes, one for each seat, leaving out candidates with no count', () => {
    const candidates = [
      { id: 1, votes: 4 },
      { id: 2, votes: 9 },
      { id: 3, votes: null },
      { id: 4, votes: 6 },
    ];
    expect(electedByVotes(candidates, 2)).toEqual({ elected: [2, 4], tied: false });
    expect(electedByVotes(candidates, 5)).toEqual({ elected: [2, 4, 1], tied: false });
  });

  it('says so when the last seat is tied, rather than choosing by chance', () => {
    expect(
      electedByVotes(
        [
          { id: 1, votes: 5 },
          { id: 2, votes: 5 },
          { id: 3, votes: 8 },
        ],
        2,
      ).tied,
    ).toBe(true);
    expect(
      electedByVotes(
        [
          { id: 1, votes: 5 },
          { id: 2, votes: 5 },
        ],
        2,
      ).tied,
    ).toBe(false);
  });

  it('elects no one when no votes were counted', () => {
    expect(electedByVotes([{ id: 1, votes: null }], 1)).toEqual({ elected: [], tied: false });
  });
});
