/**
 * How a partnership reads its shared outcomes: the status of a commitment in words, the year a
 * period of figures falls in, and whether a figure has reached the milestone of its year.
 */

export const COMMITMENT_STATUSES = {
  green: 'Green: on track',
  amber: 'Amber: at risk',
  red: 'Red: off track',
} as const;
export type CommitmentStatusCode = keyof typeof COMMITMENT_STATUSES;

/** The year a period ends in: "2024/25" is 2025, "2024" is 2024; undefined when it names no year. */
export function periodYear(period: string): number | undefined {
  const academic = /^(\d{4})\/\d{2}$/.exec(period);
  if (academic) return Number(academic[1]) + 1;
  const year = /^(\d{4})/.exec(period);
  return year ? Number(year[1]) : undefined;
}

/** The milestone set for the year a period falls in, if there is one. */
export function milestoneFor(milestones: Array<{ year: number; value: number }>, period: string) {
  const year = periodYear(period);
  return milestones.find((m) => m.year === year);
}

/** Whether a figure reaches a milestone, by the indicator's better direction; null when it has none. */
export function reaches(direction: string, value: number, milestone: number): boolean | null {
  if (direction === 'higher') return value >= milestone;
  if (direction === 'lower') return value <= milestone;
  return null;
}

/** Whether a commitment not yet done is past its due date on a day. */
export function pastDue(commitment: { dueOn: string | null; doneOn: string | null }, today: string): boolean {
  return commitment.doneOn === null && commitment.dueOn !== null && commitment.dueOn < today;
}

/** Whether an open commitment needs its partnership's leaders on a day: rated red, or past its due date. */
export function needsWatching(
  commitment: { status: string; dueOn: string | null; doneOn: string | null },
  today: string,
): boolean {
  return commitment.status === 'red' || pastDue(commitment, today);
}

/** Milestones as kept: one per year, oldest first. */
export function orderedMilestones(milestones: Array<{ year: number; value: number }>) {
  return [...milestones].sort((a, b) => a.year - b.year);
}
