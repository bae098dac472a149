/** Kinds of support engagement, their phases, and the default rhythm of check-ins. */

export const ENGAGEMENT_TYPES: Record<string, string> = {
  'executive-headship': 'Executive headship',
  'school-to-school': 'School-to-school support',
  'consultant-leader': 'Consultant-leader support',
  'peer-review': 'Trust-to-trust peer review',
  'bold-ambition': 'Bold ambition with peer accountability',
  'staff-loan': 'Staff loan or secondment',
  'interim-leadership': 'Interim leadership',
  mentoring: 'Mentoring',
};

/** Improvement work moves from foundations to exit; a peer review runs its own cycle. */
export const IMPROVEMENT_PHASES = ['foundations', 'diagnosis', 'improvement', 'exit'];
export const REVIEW_PHASES = ['self-review', 'review-visit', 'feedback', 'follow-up'];
export const PHASE_LABELS: Record<string, string> = {
  foundations: 'Foundations',
  diagnosis: 'Diagnosis',
  improvement: 'Improvement',
  exit: 'Exit',
  'self-review': 'Self-review',
  'review-visit': 'Review visit',
  feedback: 'Feedback',
  'follow-up': 'Follow-up',
};

/** The phases of an engagement of a type. */
export function phasesOf(type: string): string[] {
  return type === 'peer-review' ? REVIEW_PHASES : IMPROVEMENT_PHASES;
}

/** Check-ins fall due every half term: about every seven weeks. */
export const CHECK_IN_EVERY_DAYS = 49;

/** A check-in may be corrected or deleted by its author for a fortnight after it was written. */
export const CHECK_IN_EDIT_DAYS = 14;

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** A day some days after another (ISO dates). */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * DAY).toISOString().slice(0, 10);
}

/** How long, in words a person says: "2 days", "3 weeks", "5 months", "2 years". */
export function spanInWords(days: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days < 14) return plural(days, 'day');
  if (days < 60) return plural(Math.floor(days / 7), 'week');
  if (days < 730) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** When the next check-in falls due, half a term after the last one (or the start), and how late it is. */
export interface CheckInDue {
  on: string;
  overdue: boolean;
  /** Days past the due date; 0 when not overdue. */
  daysOverdue: number;
  /** What a person reads: "due by …" is left to the page; this is "overdue by 3 weeks", or null. */
  overdueBy: string | null;
}

export function checkInDue(lastHeldOn: string | null, startDate: string, today: string): CheckInDue {
  const on = addDays(lastHeldOn ?? startDate, CHECK_IN_EVERY_DAYS);
  const daysOverdue = Math.max(0, dayNumber(today) - dayNumber(on));
  return {
    on,
    overdue: daysOverdue > 0,
    daysOverdue,
    overdueBy: daysOverdue > 0 ? `overdue by ${spanInWords(daysOverdue)}` : null,
  };
}

/** A person's message when a check-in's date is outside the engagement's time so far; undefined when it is within. */
export function checkInDateProblem(
  heldOn: string,
  startDate: string,
  today: string,
  formatDate: (iso: string) => string,
): string | undefined {
  if (heldOn < startDate)
    return `The check-in cannot be dated before the engagement started on ${formatDate(startDate)}`;
  if (heldOn > today) return 'The check-in cannot be dated in the future: give today’s date or an earlier one';
  return undefined;
}

/** Whether a check-in written at a time may still be changed by its author. */
export function withinEditWindow(createdAt: Date, now: Date = new Date()): boolean {
  return now.getTime() - createdAt.getTime() <= CHECK_IN_EDIT_DAYS * DAY;
}
