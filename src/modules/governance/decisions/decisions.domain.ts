import { describeChange, formatDifference, type Unit } from '../../indicators/index.js';

/** Where an adviser stands on a proposal. */
export const POSITIONS = { support: 'Supports it', concerns: 'Has concerns', oppose: 'Opposes it' } as const;
export type Position = keyof typeof POSITIONS;

/** What a review makes of a decision: keep it, change it (with a new review), or undo it. */
export const VERDICTS = { confirm: 'Confirm it', change: 'Change it', reverse: 'Reverse it' } as const;
export type Verdict = keyof typeof VERDICTS;

export const STATUSES = {
  proposed: 'Proposed: advice being sought',
  decided: 'Decided',
  confirmed: 'Confirmed at review',
  changed: 'Changed at review',
  reversed: 'Reversed at review',
} as const;

export const REASONS = {
  'against-advice': 'Decided against a forum’s advice',
  unsettled: 'A matter the forum cannot settle',
} as const;
export type Reason = keyof typeof REASONS;

/** A decision is reviewed six months after it is taken, unless the forum chooses another day. */
export const REVIEW_MONTHS = 6;

/** How an indicator's movement compares with the change a decision expected. */
export const AGAINST = {
  met: 'Moved as expected',
  partly: 'Moved the expected way, not as far',
  not: 'Did not move as expected',
} as const;
export type Against = keyof typeof AGAINST;

/** Whether an actual change meets the expected one: as far or further the same way, part of the way, or not. */
export function measureAgainst(expected: number, actual: number): Against {
  if (expected === 0) return actual === 0 ? 'met' : 'not';
  const share = actual / expected;
  if (share >= 1) return 'met';
  return share > 0 ? 'partly' : 'not';
}

/** "fall by 2.0 percentage points": an expected change in the indicator's unit. */
export function expectedInWords(unit: string, expected: number): string {
  if (expected === 0) return 'stay the same';
  return `${expected > 0 ? 'rise' : 'fall'} by ${formatDifference(unit as Unit, Math.abs(expected))}`;
}

/** What the figures did since the baseline, beside what was expected, in the indicator's own words. */
export function movementInWords(
  indicator: { name: string; unit: string; grades: readonly string[]; direction: string },
  expected: number,
  baseline: number | null,
  latest: number | null,
): string {
  const hoped = `It was expected to ${expectedInWords(indicator.unit, expected)}.`;
  if (baseline === null) return `No baseline could be seen when the decision was taken. ${hoped}`;
  if (latest === null) return `No value can be seen now. ${hoped}`;
  return `${indicator.name} ${describeChange(indicator, baseline, latest).text}. ${hoped}`;
}

/** A review a decision had to have: the day it was due and the day it was held, if it was. */
export interface ReviewDue {
  dueOn: string;
  heldOn: string | null;
}

/**
 * The reviews of a decision that fell due on or before a day, each with whether it was held by
 * its date: every review held (with the date it answered, where that is known), and the review
 * the decision still waits for. A decision changed at review has a new date, which counts again.
 */
export function reviewsDueBy(
  decision: { decidedOn: string | null; reviewOn: string | null; status: string },
  reviews: Array<{ dueOn: string | null; reviewedOn: string }>,
  day: string,
): Array<ReviewDue & { onTime: boolean }> {
  if (decision.decidedOn === null || decision.decidedOn > day) return [];
  const due: ReviewDue[] = reviews
    .filter((r): r is { dueOn: string; reviewedOn: string } => r.dueOn !== null)
    .map((r) => ({ dueOn: r.dueOn, heldOn: r.reviewedOn <= day ? r.reviewedOn : null }));
  if ((decision.status === 'decided' || decision.status === 'changed') && decision.reviewOn !== null)
    due.push({ dueOn: decision.reviewOn, heldOn: null });
  return due.filter((r) => r.dueOn <= day).map((r) => ({ ...r, onTime: r.heldOn !== null && r.heldOn <= r.dueOn }));
}
