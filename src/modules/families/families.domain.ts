/**
 * The rules of a family record, as pure functions: what consent covers, who sees what, how
 * long a referral took, and what may leave the team (counts with small numbers withheld).
 * The service gives them the rows; nothing here reads the database.
 */
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../indicators/index.js';
import { ORGANISATION_KINDS } from '../landscape/index.js';
import { median } from '../../shared/median.js';

export { OUTCOMES, OUTCOME_LABELS, type Outcome };

/** The kinds of information consent is given for. Who the family are goes with any share. */
export const INFORMATION = {
  identity: 'Who the family are: names, dates of birth and schools',
  education: 'Learning, attendance and behaviour at school',
  health: 'Physical and mental health, and development',
  'family-life': 'Home, money, housing and relationships',
  safety: 'Safety, and contact with police or social care',
} as const;
export type Information = keyof typeof INFORMATION;
export const INFORMATION_CODES = Object.keys(INFORMATION) as Information[];

/** The kinds of agency a team draws on: organisations of these kinds in the landscape. */
export const AGENCY_KINDS = [
  'school',
  'health',
  'social-care',
  'police',
  'family-centre',
  'local-authority',
  'community-group',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_LABELS: Record<AgencyKind, string> = Object.fromEntries(
  AGENCY_KINDS.map((k) => [k, ORGANISATION_KINDS[k].label]),
) as Record<AgencyKind, string>;
export const isAgencyKind = (kind: string): kind is AgencyKind => (AGENCY_KINDS as readonly string[]).includes(kind);

/** The lawful bases a share rests on, in plain words (UK GDPR article 6, with article 9 for health and safety). */
export const LAWFUL_BASES = {
  consent: 'Consent of the person (or of a child of sufficient understanding)',
  'public-task': 'A task in the public interest, such as early help the council provides',
  'legal-obligation': 'A duty in law, such as working together to safeguard children',
  'vital-interests': 'To protect someone’s life',
} as const;
export type LawfulBasis = keyof typeof LAWFUL_BASES;

export const SENSITIVITY = {
  standard: 'Standard: the team may read it where consent covers its kind',
  sensitive: 'Sensitive: only the agency that wrote it and the lead professional',
} as const;
export type Sensitivity = keyof typeof SENSITIVITY;

/** Below this many, a de-identified count is withheld, and a row of agencies is not listed (see {@link deidentified}). */
export const FAMILY_MIN_COUNT = 5;
/** How long a break-glass view lasts. */
export const BREAK_GLASS_MINUTES = 60;
/** How long sharing without consent lasts unless ended sooner. */
export const OVERRIDE_DAYS = 28;

export interface ConsentRow {
  id: number;
  information: string[];
  agencies: string[];
  fromOn: string;
  untilOn: string | null;
  withdrawnOn: string | null;
}
export interface OverrideRow {
  agency: string;
  information: string[];
  sharedOn: string;
  endsOn: string;
}
export interface MemberRow {
  userId: number;
  organisationId: number;
  agency: string;
  isLead: boolean;
  leftOn: string | null;
}
export interface BreakGlassRow {
  userId: number;
  expiresAt: Date;
}

/** A consent in force on a day: begun, not ended, not withdrawn. */
export function consentInForce(c: Pick<ConsentRow, 'fromOn' | 'untilOn' | 'withdrawnOn'>, today: string): boolean {
  return (
    c.fromOn <= today && (c.untilOn === null || c.untilOn >= today) && (c.withdrawnOn === null || c.withdrawnOn > today)
  );
}

/**
 * The day a consent's withdrawal is recorded from: the first day it is no longer in force. A day
 * given must be a real day, not before the consent began and not after today (a withdrawal is
 * recorded once it has happened); otherwise the answer is what is wrong, in words for the person.
 * With no day given it is withdrawn today — or, for a consent not yet begun, from its first day,
 * so that it never comes into force.
 */
export function withdrawalDay(
  consent: Pick<ConsentRow, 'fromOn'>,
  day: string | undefined,
  today: string,
): { day: string } | { problem: string } {
  if (!day) return { day: consent.fromOn > today ? consent.fromOn : today };
  const real = /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  if (!real) return { problem: 'Enter the date the consent was withdrawn as a real date' };
  if (day < consent.fromOn)
    return { problem: 'The date it was withdrawn must be on or after the date the consent began' };
  if (day > today) return { problem: 'The date it was withdrawn must be today or in the past' };
  return { day };
}

/** The kinds of information an agency may receive today, by consent in force or sharing without consent. */
export function sharedWith(
  agency: string,
  { consents, overrides }: { consents: ConsentRow[]; overrides: OverrideRow[] },
  today: string,
): Set<Information> {
  const kinds = new Set<Information>();
  for (const c of consents)
    if (consentInForce(c, today) && c.agencies.includes(agency))
      for (const i of c.information) kinds.add(i as Information);
  for (const o of overrides)
    if (o.agency === agency && o.sharedOn <= today && o.endsOn >= today)
      for (const i of o.information) kinds.add(i as Information);
  // Who the family are goes with anything shared, and with nothing else.
  if (kinds.size) kinds.add('identity');
  return kinds;
}

/** What a person may see of a family: nothing, or as a member of its team, or through break-glass. */
export type Sight =
  | { as: 'none' }
  | {
      as: 'member' | 'break-glass';
      /** Their organisation on the team (none through break-glass). */
      organisationId: number | null;
      isLead: boolean;
      /** Kinds of information written by other agencies they may read. */
      information: Set<Information>;
      /** They may read every kind (the opening agency, and break-glass). */
      everything: boolean;
    };

/**
 * The one rule of who sees a family. A current member of its team sees what their own agency
 * wrote, and what consent (or sharing without consent) lets their kind of agency receive; the
 * agency that opened the record sees all of it, and so does the lead professional. Anyone else,
 * administrators included, sees nothing — unless they opened a break-glass view, which shows
 * everything until it expires.
 */
export function sightOf(
  userId: number,
  family: {
    organisationId: number;
    members: MemberRow[];
    consents: ConsentRow[];
    overrides: OverrideRow[];
    breakGlass: BreakGlassRow[];
  },
  now: Date,
): Sight {
  const today = now.toISOString().slice(0, 10);
  const member = family.members.find((m) => m.userId === userId && m.leftOn === null);
  if (member) {
    const everything = member.isLead || member.organisationId === family.organisationId;
    return {
      as: 'member',
      organisationId: member.organisationId,
      isLead: member.isLead,
      information: everything ? new Set(INFORMATION_CODES) : sharedWith(member.agency, family, today),
      everything,
    };
  }
  if (family.breakGlass.some((b) => b.userId === userId && b.expiresAt.getTime() > now.getTime()))
    return {
      as: 'break-glass',
      organisationId: null,
      isLead: false,
      information: new Set(INFORMATION_CODES),
      everything: true,
    };
  return { as: 'none' };
}

/** The kind of information each outcome is about: the needs recorded for it, and referrals for it. */
export const OUTCOME_INFORMATION: Record<Outcome, Information> = {
  'stay-safe': 'safety',
  'be-healthy': 'health',
  'enjoy-and-achieve': 'education',
  'positive-contribution': 'family-life',
  'economic-well-being': 'family-life',
};
/**
 * The kind of information an agency's work with a family tells: that a health service is on the
 * team, or has a service in its package, says something of the family's health; police or
 * social care, of its safety.
 */
export const AGENCY_INFORMATION: Record<AgencyKind, Information> = {
  school: 'education',
  health: 'health',
  'social-care': 'safety',
  police: 'safety',
  'family-centre': 'family-life',
  'local-authority': 'family-life',
  'community-group': 'family-life',
};
const informationOf = (table: Record<string, Information>, key: string): Information => table[key] ?? 'family-life';

/**
 * A part of a family record, as the rule of reading sees it: the agencies whose own entry it is
 * (who wrote the note, sent or received the referral, will give the service, hold the place in
 * the team), the kind of information it tells, whether it is sensitive, and whether every member
 * of the team sees it (the lead professional's place: whom to turn to).
 */
export interface Part {
  agencies: readonly number[];
  information: Information;
  sensitive?: boolean;
  toWholeTeam?: boolean;
}

/** The parts of a record a member may or may not read, described for {@link mayRead}. */
export const partOf = {
  /** Who the family are: goes with anything shared. */
  identity: (): Part => ({ agencies: [], information: 'identity' }),
  need: (n: { outcome: string }): Part => ({
    agencies: [],
    information: informationOf(OUTCOME_INFORMATION, n.outcome),
  }),
  note: (n: { organisationId: number; information: string; sensitivity: Sensitivity }): Part => ({
    agencies: [n.organisationId],
    information: n.information as Information,
    sensitive: n.sensitivity === 'sensitive',
  }),
  referral: (r: { fromId: number; toId: number; outcome: string }): Part => ({
    agencies: [r.fromId, r.toId],
    information: informationOf(OUTCOME_INFORMATION, r.outcome),
  }),
  service: (s: { organisationId: number; agencyKind: string }): Part => ({
    agencies: [s.organisationId],
    information: informationOf(AGENCY_INFORMATION, s.agencyKind),
  }),
  member: (m: { organisationId: number; agency: string; isLead: boolean; leftOn: string | null }): Part => ({
    agencies: [m.organisationId],
    information: informationOf(AGENCY_INFORMATION, m.agency),
    toWholeTeam: m.isLead && m.leftOn === null,
  }),
};

/**
 * The one rule of reading a part of a family record with a sight. Break-glass reads all of it. A
 * member reads their own agency's entries; a sensitive entry of another agency only as the lead
 * professional; anything else where their sight covers its kind of information (the opening
 * agency and the lead professional see every kind). Every member sees the lead professional.
 */
export function mayRead(sight: Sight, part: Part): boolean {
  if (sight.as === 'none') return false;
  if (sight.as === 'break-glass') return true;
  if (sight.organisationId !== null && part.agencies.includes(sight.organisationId)) return true;
  if (part.sensitive) return sight.isLead;
  if (part.toWholeTeam) return true;
  return sight.everything || sight.information.has(part.information);
}

/** Whether a note may be read with this sight (see {@link mayRead}). */
export function mayReadNote(
  sight: Sight,
  note: { organisationId: number; information: string; sensitivity: Sensitivity },
): boolean {
  return mayRead(sight, partOf.note(note));
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Whole days between two moments, rounded down (a referral answered within the day took 0). */
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

export interface ReferralTimes {
  sentAt: Date;
  receivedAt: Date | null;
  answeredAt: Date | null;
  completedAt: Date | null;
  status: string;
  answerWithinDays: number;
}

/** The days each step of a referral took, and whether it is past its agreed time without an answer. */
export function referralSteps(r: ReferralTimes, now: Date) {
  return {
    toReceive: r.receivedAt ? daysBetween(r.sentAt, r.receivedAt) : null,
    toAnswer: r.answeredAt ? daysBetween(r.sentAt, r.answeredAt) : null,
    toComplete: r.completedAt && r.answeredAt ? daysBetween(r.answeredAt, r.completedAt) : null,
    waitingDays: r.answeredAt ? null : daysBetween(r.sentAt, now),
    overdue: isOverdue(r, now),
  };
}

export function isOverdue(r: ReferralTimes, now: Date): boolean {
  return (
    (r.status === 'sent' || r.status === 'received') && now.getTime() - r.sentAt.getTime() > r.answerWithinDays * DAY_MS
  );
}

/** A count shown only when it is at least the minimum. */
export const suppressed = (n: number, min = FAMILY_MIN_COUNT): number | null => (n >= min ? n : null);

export interface FamilyFacts {
  organisationIds: number[];
  outcomes: string[];
}
export interface ReferralFacts {
  from: number;
  to: number;
  days: number | null;
}

/**
 * How long some referrals took to be answered: their number, and the median days to an answer,
 * given only when it rests on at least the minimum answered referrals (a pair's time, and the
 * time across a part of the system, by the one rule).
 */
export function referralTime(referrals: ReferralFacts[], min = FAMILY_MIN_COUNT) {
  const answered = referrals.map((r) => r.days).filter((d): d is number => d !== null);
  return { referrals: referrals.length, medianDaysToAnswer: answered.length >= min ? median(answered) : null };
}

/**
 * What may leave the team: families supported by outcome and by agency, referral times by pair
 * of agencies, and which agencies work together. Small numbers never leave:
 *
 * - An agency, a pair of agencies working together, or a pair referring, with fewer than the
 *   minimum families (or referrals) is not listed at all: even "fewer than 5" beside a name
 *   says that the agency works with at least one family.
 * - Every outcome is always listed (so a withheld one says nothing of whether any family has
 *   it): its count is given when at least the minimum, or withheld.
 * - A pair's median time is given only when it rests on at least the minimum answered referrals.
 * - The total could be set against the rows to count what they withhold. A family is under
 *   every agency of its team and every outcome of its needs, so the rows overlap and
 *   subtracting them from the total can count, at most, the families under no listed agency or
 *   under no shown outcome. The total is therefore given only when each of those two groups is
 *   empty or has at least the minimum families; otherwise it is withheld, and it never says
 *   which reason withheld it. (It is withheld below the minimum too.)
 */
export function deidentified(families: FamilyFacts[], referrals: ReferralFacts[], min = FAMILY_MIN_COUNT) {
  const byOutcome = OUTCOMES.map((outcome) => ({
    outcome,
    label: OUTCOME_LABELS[outcome],
    families: suppressed(families.filter((f) => f.outcomes.includes(outcome)).length, min),
  }));
  const agencies = new Map<number, number>();
  const pairs = new Map<string, number>();
  for (const f of families) {
    const ids = [...new Set(f.organisationIds)].sort((a, b) => a - b);
    for (const id of ids) agencies.set(id, (agencies.get(id) ?? 0) + 1);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}-${ids[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
  }
  const byPair = new Map<string, ReferralFacts[]>();
  for (const r of referrals) {
    const key = `${r.from}-${r.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const byAgency = [...agencies]
    .filter(([, n]) => n >= min)
    .map(([organisationId, n]) => ({ organisationId, families: n }));
  const listed = new Set(byAgency.map((a) => a.organisationId));
  const shown = new Set(byOutcome.filter((o) => o.families !== null).map((o) => o.outcome as string));
  const countable = (n: number) => n === 0 || n >= min;
  const underNoListedAgency = families.filter((f) => !f.organisationIds.some((id) => listed.has(id))).length;
  const underNoShownOutcome = families.filter((f) => !f.outcomes.some((o) => shown.has(o))).length;
  return {
    min,
    families:
      countable(underNoListedAgency) && countable(underNoShownOutcome) ? suppressed(families.length, min) : null,
    byOutcome,
    byAgency,
    referralTimes: [...byPair]
      .filter(([, rs]) => rs.length >= min)
      .map(([key, rs]) => {
        const [from, to] = key.split('-').map(Number) as [number, number];
        return { from, to, ...referralTime(rs, min) };
      }),
    network: [...pairs]
      .filter(([, n]) => n >= min)
      .map(([key, n]) => {
        const [a, b] = key.split('-').map(Number) as [number, number];
        return { a, b, families: n };
      }),
  };
}
export type Deidentified = ReturnType<typeof deidentified>;
