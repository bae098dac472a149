import { describe, expect, it } from 'vitest';
import { listInWords, nextStatus, suggestMentors, type MentorCandidate } from './mentoring.domain.js';

const names = new Map([
  [1, 'Connecting'],
  [2, 'Weaving'],
  [3, 'Holding to account'],
]);

const candidate = (overrides: Partial<MentorCandidate>): MentorCandidate => ({
  userId: 100,
  name: 'Mentor',
  organisationIds: [50],
  offeredComponentIds: [],
  strengthComponentIds: [],
  roleCodes: [],
  capacity: 2,
  taken: 0,
  note: '',
  ...overrides,
});

const query = (candidates: MentorCandidate[], extra: Partial<Parameters<typeof suggestMentors>[0]> = {}) =>
  suggestMentors({
    candidates,
    wantedComponentIds: [1, 2],
    componentNames: names,
    menteeId: 1,
    menteeOrganisationIds: [10],
    includeOwnOrganisation: false,
    ...extra,
  });

describe('suggesting mentors', () => {
  it('ranks by overlap with the wanted components, then by system roles, and says why in words', () => {
    const found = query([
      candidate({ userId: 2, name: 'One match', offeredComponentIds: [1] }),
      candidate({
        userId: 3,
        name: 'Two matches',
        offeredComponentIds: [1, 2],
        roleCodes: ['national-leader-of-education'],
      }),
      candidate({ userId: 4, name: 'Strength only', strengthComponentIds: [2] }),
      candidate({ userId: 5, name: 'Nothing wanted', offeredComponentIds: [3] }),
    ]);
    expect(found.map((s) => s.name)).toEqual(['Two matches', 'One match', 'Strength only']);
    expect(found[0]!.reasons).toBe('Offers experience in Connecting and Weaving; a National Leader of Education');
    expect(found[0]!.matchedComponentIds).toEqual([1, 2]);
    expect(found[2]!.reasons).toBe('Offers experience in Weaving');
  });

  it('counts a self-assessment offer beside the mentor offer', () => {
    const found = query([
      candidate({ userId: 2, name: 'A', offeredComponentIds: [1] }),
      candidate({ userId: 3, name: 'B', offeredComponentIds: [1], strengthComponentIds: [1] }),
    ]);
    expect(found.map((s) => s.name)).toEqual(['B', 'A']);
  });

  it('leaves out people of the mentee’s own organisation unless asked', () => {
    const colleague = candidate({ userId: 2, name: 'Colleague', organisationIds: [10, 11], offeredComponentIds: [1] });
    expect(query([colleague])).toEqual([]);
    expect(query([colleague], { includeOwnOrganisation: true }).map((s) => s.userId)).toEqual([2]);
  });

  it('leaves out mentors at capacity, the mentee, and mentors already with them', () => {
    const found = query(
      [
        candidate({ userId: 2, offeredComponentIds: [1], capacity: 1, taken: 1 }),
        candidate({ userId: 1, offeredComponentIds: [1] }),
        candidate({ userId: 3, offeredComponentIds: [1] }),
        candidate({ userId: 4, offeredComponentIds: [1], capacity: 3, taken: 2 }),
      ],
      { alreadyWith: [3] },
    );
    expect(found.map((s) => [s.userId, s.placesFree])).toEqual([[4, 1]]);
  });

  it('suggests every mentor with a place when no component is wanted', () => {
    const found = query(
      [candidate({ userId: 2, name: 'Any', roleCodes: ['mentor-head'] }), candidate({ userId: 3, name: 'Plain' })],
      {
        wantedComponentIds: [],
      },
    );
    expect(found.map((s) => s.reasons)).toEqual(['A mentor head', 'Offers to mentor']);
  });

  it('lists in words', () => {
    expect(listInWords(['A'])).toBe('A');
    expect(listInWords(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('the steps of a relation', () => {
  it('lets only the side that did not propose answer a proposal', () => {
    expect(nextStatus('proposed', 'agree', { proposer: false })).toEqual({ ok: true, status: 'agreed' });
    expect(nextStatus('proposed', 'decline', { proposer: false })).toEqual({ ok: true, status: 'declined' });
    expect(nextStatus('proposed', 'agree', { proposer: true }).ok).toBe(false);
  });

  it('goes from agreed to active to completed, and ends early only with a reason', () => {
    expect(nextStatus('agreed', 'start', { proposer: true })).toEqual({ ok: true, status: 'active' });
    expect(nextStatus('active', 'complete', { proposer: false })).toEqual({ ok: true, status: 'completed' });
    expect(nextStatus('active', 'end-early', { proposer: false, reason: 'Moved school' })).toEqual({
      ok: true,
      status: 'ended-early',
    });
    expect(nextStatus('agreed', 'end-early', { proposer: false, reason: '  ' })).toEqual({
      ok: false,
      message: 'Say why the mentoring is ending early',
    });
  });

  it('refuses steps out of order', () => {
    for (const [status, step] of [
      ['proposed', 'start'],
      ['proposed', 'complete'],
      ['proposed', 'end-early'],
      ['agreed', 'complete'],
      ['agreed', 'agree'],
      ['active', 'start'],
      ['completed', 'start'],
      ['completed', 'end-early'],
      ['declined', 'agree'],
      ['ended-early', 'complete'],
    ] as const)
      expect(nextStatus(status, step, { proposer: false, reason: 'Why' }).ok).toBe(false);
  });
});
