import { describe, expect, it } from 'vitest';
import {
  consentInForce,
  daysBetween,
  deidentified,
  INFORMATION_CODES,
  isOverdue,
  mayRead,
  mayReadNote,
  OUTCOMES,
  partOf,
  referralSteps,
  sharedWith,
  sightOf,
  type ConsentRow,
  type Information,
  type MemberRow,
  type OverrideRow,
  type Sight,
  withdrawalDay,
} from './families.domain.js';

const consent = (over: Partial<ConsentRow> = {}): ConsentRow => ({
  id: 1,
  information: ['identity', 'health'],
  agencies: ['health'],
  fromOn: '2026-01-10',
  untilOn: null,
  withdrawnOn: null,
  ...over,
});
const override = (over: Partial<OverrideRow> = {}): OverrideRow => ({
  agency: 'social-care',
  information: ['identity', 'safety'],
  sharedOn: '2026-03-01',
  endsOn: '2026-03-29',
  ...over,
});

describe('consentInForce', () => {
  it('begins on its first day, not the day before', () => {
    expect(consentInForce(consent(), '2026-01-09')).toBe(false);
    expect(consentInForce(consent(), '2026-01-10')).toBe(true);
  });
  it('lasts through its last day and stops the day after', () => {
    const c = consent({ untilOn: '2026-02-01' });
    expect(consentInForce(c, '2026-02-01')).toBe(true);
    expect(consentInForce(c, '2026-02-02')).toBe(false);
  });
  it('stops on the day it is withdrawn, and holds the day before', () => {
    const c = consent({ withdrawnOn: '2026-01-20' });
    expect(consentInForce(c, '2026-01-19')).toBe(true);
    expect(consentInForce(c, '2026-01-20')).toBe(false);
    expect(consentInForce(c, '2026-06-01')).toBe(false);
  });
  it('withdrawn on its first day is never in force', () => {
    expect(consentInForce(consent({ withdrawnOn: '2026-01-10' }), '2026-01-10')).toBe(false);
  });
});

describe('withdrawalDay', () => {
  const c = { fromOn: '2026-01-10' };
  const today = '2026-03-10';
  it('takes a day from the consent’s start to today', () => {
    expect(withdrawalDay(c, '2026-01-10', today)).toEqual({ day: '2026-01-10' });
    expect(withdrawalDay(c, today, today)).toEqual({ day: today });
  });
  it('refuses a day before the start, after today, or not a real day', () => {
    expect(withdrawalDay(c, '2026-01-09', today)).toEqual({ problem: expect.stringMatching(/on or after/) });
    expect(withdrawalDay(c, '2026-03-11', today)).toEqual({ problem: expect.stringMatching(/today or in the past/) });
    for (const day of ['2026-02-30', '10/03/2026', 'soon'])
      expect(withdrawalDay(c, day, today)).toEqual({ problem: expect.stringMatching(/real date/) });
  });
  it('with no day, today; for a consent not yet begun, its first day', () => {
    expect(withdrawalDay(c, undefined, today)).toEqual({ day: today });
    expect(withdrawalDay({ fromOn: '2026-04-01' }, undefined, today)).toEqual({ day: '2026-04-01' });
  });
});

describe('sharedWith', () => {
  const today = '2026-03-10';
  it('gives nothing, not even identity, when nothing is shared', () => {
    expect(sharedWith('health', { consents: [], overrides: [] }, today).size).toBe(0);
    expect(sharedWith('police', { consents: [consent()], overrides: [] }, today).size).toBe(0);
    expect(
      sharedWith('health', { consents: [consent({ withdrawnOn: '2026-03-01' })], overrides: [] }, today).size,
    ).toBe(0);
  });
  it('adds identity to anything shared', () => {
    const kinds = sharedWith('health', { consents: [consent({ information: ['education'] })], overrides: [] }, today);
    expect([...kinds].sort()).toEqual(['education', 'identity']);
  });
  it('joins the kinds of every consent in force for the agency', () => {
    const kinds = sharedWith(
      'health',
      {
        consents: [
          consent({ information: ['health'] }),
          consent({ id: 2, information: ['family-life'], agencies: ['health', 'school'] }),
          consent({ id: 3, information: ['safety'], untilOn: '2026-03-09' }),
        ],
        overrides: [],
      },
      today,
    );
    expect([...kinds].sort()).toEqual(['family-life', 'health', 'identity']);
  });
  it('counts sharing without consent from its first day through its last', () => {
    const rows = { consents: [], overrides: [override()] };
    expect(sharedWith('social-care', rows, '2026-02-28').size).toBe(0);
    expect([...sharedWith('social-care', rows, '2026-03-01')].sort()).toEqual(['identity', 'safety']);
    expect(sharedWith('social-care', rows, '2026-03-29').has('safety')).toBe(true);
    expect(sharedWith('social-care', rows, '2026-03-30').size).toBe(0);
    expect(sharedWith('health', rows, '2026-03-10').size).toBe(0);
  });
});

describe('sightOf', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const SCHOOL = 10;
  const HEALTH = 20;
  const CARE = 30;
  const member = (over: Partial<MemberRow>): MemberRow => ({
    userId: 1,
    organisationId: SCHOOL,
    agency: 'school',
    isLead: false,
    leftOn: null,
    ...over,
  });
  const family = (over: Partial<Parameters<typeof sightOf>[1]> = {}) => ({
    organisationId: SCHOOL,
    members: [
      member({ userId: 1, isLead: true }),
      member({ userId: 2, organisationId: HEALTH, agency: 'health' }),
      member({ userId: 3, organisationId: CARE, agency: 'social-care', leftOn: '2026-03-01' }),
      member({ userId: 4, organisationId: CARE, agency: 'social-care' }),
      member({ userId: 5, organisationId: SCHOOL }),
    ],
    consents: [consent({ information: ['identity', 'health'], agencies: ['health'] })],
    overrides: [],
    breakGlass: [],
    ...over,
  });

  it('a current member sees their agency’s share and no more', () => {
    const sight = sightOf(2, family(), now);
    expect(sight).toMatchObject({ as: 'member', organisationId: HEALTH, isLead: false, everything: false });
    if (sight.as === 'none') throw new Error('no sight');
    expect([...sight.information].sort()).toEqual(['health', 'identity']);
  });
  it('a current member whose agency nothing covers is on the team but receives nothing', () => {
    const sight = sightOf(4, family(), now);
    expect(sight.as).toBe('member');
    if (sight.as === 'none') throw new Error('no sight');
    expect(sight.information.size).toBe(0);
    expect(sight.everything).toBe(false);
  });
  it('a member who has left sees nothing', () => {
    expect(sightOf(3, family(), now)).toEqual({ as: 'none' });
  });
  it('a member who left and joined again sees as the current membership', () => {
    const f = family();
    f.members.push(member({ userId: 3, organisationId: HEALTH, agency: 'health' }));
    expect(sightOf(3, f, now)).toMatchObject({ as: 'member', organisationId: HEALTH });
  });
  it('the opening agency and the lead see everything', () => {
    for (const userId of [1, 5]) {
      const sight = sightOf(userId, family(), now);
      if (sight.as === 'none') throw new Error('no sight');
      expect(sight.everything).toBe(true);
      expect([...sight.information].sort()).toEqual([...INFORMATION_CODES].sort());
    }
    expect(sightOf(1, family(), now)).toMatchObject({ isLead: true });
    // A lead of another agency sees everything too.
    const f = family({
      organisationId: SCHOOL,
      members: [member({ userId: 9, organisationId: CARE, agency: 'social-care', isLead: true })],
    });
    expect(sightOf(9, f, now)).toMatchObject({ as: 'member', everything: true, isLead: true });
  });
  it('break-glass shows everything until it expires, and nothing after', () => {
    const active = family({ breakGlass: [{ userId: 7, expiresAt: new Date(now.getTime() + 60_000) }] });
    expect(sightOf(7, active, now)).toMatchObject({ as: 'break-glass', everything: true, organisationId: null });
    const expired = family({ breakGlass: [{ userId: 7, expiresAt: new Date(now.getTime() - 1) }] });
    expect(sightOf(7, expired, now)).toEqual({ as: 'none' });
    const atTheMoment = family({ breakGlass: [{ userId: 7, expiresAt: now }] });
    expect(sightOf(7, atTheMoment, now)).toEqual({ as: 'none' });
    // Another person's break-glass is not yours.
    expect(sightOf(8, active, now)).toEqual({ as: 'none' });
  });
  it('an administrator (or anyone) with no membership and no break-glass sees nothing', () => {
    expect(sightOf(0, family(), now)).toEqual({ as: 'none' });
    expect(sightOf(99, family(), now)).toEqual({ as: 'none' });
  });
});

describe('mayReadNote', () => {
  const member = (over: Partial<Exclude<Sight, { as: 'none' }>> = {}): Sight => ({
    as: 'member',
    organisationId: 20,
    isLead: false,
    information: new Set<Information>(['identity', 'health']),
    everything: false,
    ...over,
  });
  const note = (over: Partial<Parameters<typeof mayReadNote>[1]> = {}) => ({
    organisationId: 10,
    information: 'health',
    sensitivity: 'standard' as const,
    ...over,
  });

  it('nothing with no sight', () => {
    expect(mayReadNote({ as: 'none' }, note())).toBe(false);
  });
  it('a member reads their own agency’s notes of any kind, sensitive too', () => {
    expect(mayReadNote(member(), note({ organisationId: 20, information: 'safety' }))).toBe(true);
    expect(mayReadNote(member(), note({ organisationId: 20, sensitivity: 'sensitive' }))).toBe(true);
  });
  it('another agency’s standard note only when its kind is shared', () => {
    expect(mayReadNote(member(), note())).toBe(true);
    expect(mayReadNote(member(), note({ information: 'safety' }))).toBe(false);
  });
  it('another agency’s sensitive note only for the lead', () => {
    expect(mayReadNote(member(), note({ sensitivity: 'sensitive' }))).toBe(false);
    expect(mayReadNote(member({ everything: true }), note({ sensitivity: 'sensitive' }))).toBe(false);
    expect(mayReadNote(member({ isLead: true, everything: true }), note({ sensitivity: 'sensitive' }))).toBe(true);
  });
  it('everything reads every standard note', () => {
    expect(
      mayReadNote(member({ everything: true, information: new Set<Information>() }), note({ information: 'safety' })),
    ).toBe(true);
  });
});

describe('mayRead: referrals, services and the team', () => {
  const member = (information: Information[]): Sight => ({
    as: 'member',
    organisationId: 20,
    isLead: false,
    information: new Set<Information>(information),
    everything: false,
  });
  const withdrawn = member([]);
  const health = member(['identity', 'health']);

  it('a referral by the kind its outcome is about, or to the agencies that sent or received it', () => {
    const referral = { fromId: 10, toId: 30, outcome: 'be-healthy' };
    expect(mayRead(health, partOf.referral(referral))).toBe(true);
    expect(mayRead(health, partOf.referral({ ...referral, outcome: 'economic-well-being' }))).toBe(false);
    expect(mayRead(withdrawn, partOf.referral(referral))).toBe(false);
    expect(mayRead(withdrawn, partOf.referral({ ...referral, toId: 20 }))).toBe(true);
    expect(mayRead(withdrawn, partOf.referral({ ...referral, fromId: 20 }))).toBe(true);
  });
  it('a service and a place in the team by what the agency’s kind tells, or the agency’s own', () => {
    expect(mayRead(health, partOf.service({ organisationId: 10, agencyKind: 'health' }))).toBe(true);
    expect(mayRead(health, partOf.service({ organisationId: 10, agencyKind: 'police' }))).toBe(false);
    expect(mayRead(withdrawn, partOf.service({ organisationId: 10, agencyKind: 'health' }))).toBe(false);
    expect(mayRead(withdrawn, partOf.service({ organisationId: 20, agencyKind: 'health' }))).toBe(true);
    const place = { organisationId: 10, agency: 'social-care', isLead: false, leftOn: null };
    expect(mayRead(health, partOf.member(place))).toBe(false);
    expect(mayRead(health, partOf.member({ ...place, agency: 'health' }))).toBe(true);
    expect(mayRead(withdrawn, partOf.member({ ...place, organisationId: 20 }))).toBe(true);
  });
  it('the current lead professional to every member; a former lead by the rule', () => {
    const lead = { organisationId: 10, agency: 'social-care', isLead: true, leftOn: null };
    expect(mayRead(withdrawn, partOf.member(lead))).toBe(true);
    expect(mayRead(withdrawn, partOf.member({ ...lead, leftOn: '2026-01-01' }))).toBe(false);
    expect(mayRead({ as: 'none' }, partOf.member(lead))).toBe(false);
  });
});

describe('referral times', () => {
  const sentAt = new Date('2026-03-01T09:00:00Z');
  const day = 24 * 60 * 60 * 1000;
  const at = (days: number, hours = 0) => new Date(sentAt.getTime() + days * day + hours * 60 * 60 * 1000);
  const base = {
    sentAt,
    receivedAt: null,
    answeredAt: null,
    completedAt: null,
    status: 'sent',
    answerWithinDays: 10,
  };

  it('counts whole days, rounding down', () => {
    expect(daysBetween(sentAt, at(0, 23))).toBe(0);
    expect(daysBetween(sentAt, at(3, 5))).toBe(3);
  });
  it('gives each step its days, and the days waiting while unanswered', () => {
    expect(referralSteps(base, at(4))).toEqual({
      toReceive: null,
      toAnswer: null,
      toComplete: null,
      waitingDays: 4,
      overdue: false,
    });
    expect(
      referralSteps(
        { ...base, status: 'completed', receivedAt: at(1), answeredAt: at(3, 2), completedAt: at(10) },
        at(20),
      ),
    ).toEqual({ toReceive: 1, toAnswer: 3, toComplete: 6, waitingDays: null, overdue: false });
  });
  it('is overdue only past its days, and only while unanswered', () => {
    expect(isOverdue(base, at(10))).toBe(false);
    expect(isOverdue(base, new Date(at(10).getTime() + 1))).toBe(true);
    expect(isOverdue({ ...base, status: 'received' }, at(12))).toBe(true);
    for (const status of ['accepted', 'declined', 'completed'])
      expect(isOverdue({ ...base, status }, at(30))).toBe(false);
  });
});

describe('deidentified', () => {
  const families = (n: number, organisationIds: number[], outcomes: string[]) =>
    Array.from({ length: n }, () => ({ organisationIds, outcomes }));
  const outcome = (d: ReturnType<typeof deidentified>, o: string) => d.byOutcome.find((x) => x.outcome === o)!.families;

  it('withholds counts below 5 and shows exactly 5; an agency below 5 is not listed at all', () => {
    const four = deidentified(families(4, [1], ['stay-safe']), []);
    expect(four.families).toBeNull();
    expect(outcome(four, 'stay-safe')).toBeNull();
    expect(four.byAgency).toEqual([]);
    const five = deidentified(families(5, [1], ['stay-safe']), []);
    expect(five.families).toBe(5);
    expect(outcome(five, 'stay-safe')).toBe(5);
    expect(outcome(five, 'be-healthy')).toBeNull();
    expect(five.byAgency).toEqual([{ organisationId: 1, families: 5 }]);
  });
  it('lists every outcome, withheld or not', () => {
    expect(deidentified([], []).byOutcome.map((o) => o.families)).toEqual(OUTCOMES.map(() => null));
  });
  it('lists a referring pair only on at least 5 referrals, and its median only on at least 5 answered', () => {
    const refs = (n: number, days?: (number | null)[]) =>
      Array.from({ length: n }, (_, i) => ({ from: 1, to: 2, days: days ? (days[i] as number | null) : i }));
    expect(deidentified([], refs(4)).referralTimes).toEqual([]);
    const five = deidentified([], refs(5, [3, 1, 9, 4, 2]));
    expect(five.referralTimes).toEqual([{ from: 1, to: 2, referrals: 5, medianDaysToAnswer: 3 }]);
    const unanswered = deidentified([], refs(6, [1, 2, 3, 4, null, null]));
    expect(unanswered.referralTimes[0]).toMatchObject({ referrals: 6, medianDaysToAnswer: null });
    const six = deidentified([], refs(6, [1, 2, 3, 4, 5, 6]));
    expect(six.referralTimes[0]!.medianDaysToAnswer).toBe(3.5);
  });
  it('keeps a referral’s direction: 1→2 and 2→1 are two pairs', () => {
    const pair = (from: number, to: number) => Array.from({ length: 5 }, () => ({ from, to, days: 1 }));
    const d = deidentified([], [...pair(1, 2), ...pair(2, 1)]);
    expect(d.referralTimes.map((r) => [r.from, r.to]).sort()).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
  it('counts a network pair once per family, however many members each agency has; a pair below 5 is not listed', () => {
    const many = families(5, [3, 1, 1, 3, 1], []);
    const d = deidentified(many, []);
    expect(d.network).toEqual([{ a: 1, b: 3, families: 5 }]);
    expect(d.byAgency.sort((a, b) => a.organisationId - b.organisationId)).toEqual([
      { organisationId: 1, families: 5 },
      { organisationId: 3, families: 5 },
    ]);
    const withFour = deidentified([...families(4, [1, 2], ['be-healthy']), ...families(1, [1], ['be-healthy'])], []);
    expect(withFour.network).toEqual([]);
    expect(withFour.byAgency).toEqual([{ organisationId: 1, families: 5 }]);
    expect(withFour.families).toBe(5);
  });
  it('withholds the total where subtracting the listed rows from it could count fewer than 5 families', () => {
    const healthy = (n: number, org: number) => families(n, [org], ['be-healthy']);
    // Seven families, five at agency 1 and two at agency 2 alone: 7 − 5 would count agency 2's.
    const twoOutside = deidentified([...healthy(5, 1), ...healthy(2, 2)], []);
    expect(twoOutside.byAgency).toEqual([{ organisationId: 1, families: 5 }]);
    expect(twoOutside.families).toBeNull();
    // Agency 2's two families are also agency 1's: nothing is left to count by subtraction.
    const inside = deidentified([...healthy(5, 1), ...families(2, [1, 2], ['be-healthy'])], []);
    expect(inside.families).toBe(7);
    // Five outside the listed agencies are enough to count.
    expect(deidentified([...healthy(5, 1), ...healthy(5, 2), ...healthy(3, 3)], []).families).toBeNull();
    expect(deidentified([...healthy(5, 1), ...healthy(3, 2), ...healthy(2, 3)], []).families).toBe(10);
    // The same for outcomes: two families whose only outcome is withheld, or who have none.
    expect(deidentified([...healthy(5, 1), ...families(2, [1], ['stay-safe'])], []).families).toBeNull();
    expect(deidentified([...healthy(5, 1), ...families(2, [1], [])], []).families).toBeNull();
    expect(deidentified([...healthy(5, 1), ...families(2, [1], ['stay-safe', 'be-healthy'])], []).families).toBe(7);
  });
});
