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
