/**
 * The vocabulary of the practice library: what an adopting school may change in a practice, the
 * judgements of a trial and the honest-trial rule, and the ratings of external evidence as the
 * Education Endowment Foundation's toolkit gives them.
 */

/** What a school may change when it takes up a practice, so it fits its own context. */
export const ADAPTATIONS = {
  audience: 'Who it is for (pupils, year groups, families)',
  dosage: 'How often and for how long',
  staff: 'Who delivers it',
  materials: 'The materials and resources',
} as const;
export type Adaptation = keyof typeof ADAPTATIONS;
export const ADAPTATION_CODES = Object.keys(ADAPTATIONS) as Adaptation[];

/** A trial's judgement at its review. */
export const JUDGEMENTS = {
  keep: 'Keep it',
  adapt: 'Adapt it again',
  stop: 'Stop it',
} as const;
export type Judgement = keyof typeof JUDGEMENTS;
export const JUDGEMENT_CODES = Object.keys(JUDGEMENTS) as Judgement[];

/** What a judgement reads as in a list ("kept", "stopped"), and a trial still running. */
export const JUDGEMENT_STATES: Record<Judgement | 'running', string> = {
  keep: 'kept',
  adapt: 'adapted again',
  stop: 'stopped',
  running: 'still being tried',
};

/** A trial runs this many months before it is judged, unless the school chooses another date. */
export const TRIAL_MONTHS = 6;

/** The review date of a trial begun on a day: six months on (the last day of a shorter month). */
export function reviewDateFor(startedOn: string, months = TRIAL_MONTHS): string {
  const [y, m, d] = startedOn.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The honest-trial rule: a school that takes up another's practice tries it for the time it set
 * before giving it up. Stopping before the review date needs a reason; returns the message when
 * it is missing, or undefined.
 */
export function honestTrialProblem(judgement: Judgement, note: string, today: string, reviewOn: string) {
  if (judgement === 'stop' && today < reviewOn && !hasWords(note))
    return 'Say why you are stopping before the review date: a trial is given its full time unless there is a reason';
  return undefined;
}

/** Whether a text says something: more than spaces and invisible characters (zero-width, joiners, marks of direction). */
export function hasWords(text: string): boolean {
  return /[^\s\p{Cf}]/u.test(text);
}

/**
 * A trial is recorded when it starts, or soon after: its start may be at most this many days
 * before the day it is recorded, so that a trial cannot be dated back past its own review.
 */
export const BACKDATE_DAYS = 62;

/** Why a trial's start cannot be recorded on a day, or undefined. */
export function trialStartProblem(startedOn: string, recordedOn: string): string | undefined {
  const earliest = new Date(Date.parse(`${recordedOn}T00:00:00Z`) - BACKDATE_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (startedOn < earliest)
    return `Choose a start no more than ${BACKDATE_DAYS} days ago: record a trial when it starts, so that it is given its full time`;
  return undefined;
}

/** The toolkit's cost rating, 1 to 5 pound signs. */
export const EEF_COSTS: Record<number, string> = {
  1: 'Very low cost',
  2: 'Low cost',
  3: 'Moderate cost',
  4: 'High cost',
  5: 'Very high cost',
};

/** The toolkit's security of the evidence, 0 to 5 padlocks. */
export const EEF_EVIDENCE: Record<number, string> = {
  0: 'Insufficient evidence',
  1: 'Very limited evidence',
  2: 'Limited evidence',
  3: 'Moderate evidence',
  4: 'Extensive evidence',
  5: 'Very extensive evidence',
};

/** The toolkit's impact as it reads: "+5 months", "−1 month", "No impact". */
export function impactInMonths(months: number): string {
  if (months === 0) return 'No additional progress';
  const sign = months > 0 ? '+' : '−';
  const size = Math.abs(months);
  return `${sign}${size} ${size === 1 ? 'month' : 'months'}`;
}
