import { describe, expect, it } from 'vitest';
import { personalDataRows } from './personal-data.js';

describe('personal data as rows', () => {
  it('names each value by its part, its place in a list and its field', () => {
    const rows = personalDataRows({
      development: {
        selfAssessments: [
          {
            assessedOn: '2026-01-15',
            ratings: [
              { rating: 2, offered: false },
              { rating: 3, evidence: null },
            ],
          },
        ],
        sharedWith: [],
      },
      mentoring: { offer: { capacity: 2, since: new Date('2026-02-01T09:00:00Z') } },
    });
    expect(rows.map((r) => [r.part, r.record, r.field, r.value])).toEqual([
      ['development.selfAssessments', '1', 'assessedOn', '2026-01-15'],
      ['development.selfAssessments', '1.1', 'ratings.rating', '2'],
      ['development.selfAssessments', '1.1', 'ratings.offered', 'false'],
      ['development.selfAssessments', '1.2', 'ratings.rating', '3'],
      ['development.selfAssessments', '1.2', 'ratings.evidence', ''],
      ['development.sharedWith', '', '', ''],
      ['mentoring.offer', '', 'capacity', '2'],
      ['mentoring.offer', '', 'since', '2026-02-01T09:00:00.000Z'],
    ]);
  });
});
