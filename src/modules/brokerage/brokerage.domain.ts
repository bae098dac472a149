/**
 * The vocabulary of brokering support: the areas a need or an offer is about, the indicators
 * that give evidence in each, and the weights of a match's reasons.
 */

export interface Area {
  code: string;
  label: string;
  /** Indicators that show strength or need in the area (the first is the main one). */
  indicators: string[];
}

export const AREAS: Area[] = [
  { code: 'early-reading', label: 'Early reading', indicators: ['ks2-reading-progress'] },
  { code: 'writing', label: 'Writing', indicators: ['ks2-writing-progress'] },
  { code: 'maths', label: 'Maths', indicators: ['ks2-maths-progress'] },
  { code: 'attendance', label: 'Attendance', indicators: ['absence-overall-percent', 'absence-persistent-percent'] },
  { code: 'behaviour', label: 'Behaviour', indicators: ['ofsted-rc-attendance-and-behaviour'] },
  { code: 'send', label: 'SEND and inclusion', indicators: ['ofsted-rc-inclusion'] },
  { code: 'curriculum', label: 'Curriculum and teaching', indicators: ['ofsted-rc-curriculum-and-teaching'] },
  {
    code: 'personal-development',
    label: 'Personal development and well-being',
    indicators: ['ofsted-rc-personal-development'],
  },
  { code: 'early-years', label: 'Early years', indicators: ['ofsted-rc-early-years'] },
  { code: 'leadership', label: 'Leadership', indicators: ['ofsted-rc-leadership-and-governance', 'ofsted-overall'] },
  { code: 'governance', label: 'Governance', indicators: ['ofsted-rc-leadership-and-governance'] },
  { code: 'safeguarding-culture', label: 'Safeguarding culture', indicators: ['ofsted-rc-safeguarding'] },
];
const BY_CODE = new Map(AREAS.map((a) => [a.code, a]));

/** The area of a code; a free area (any other text) has no indicators. */
export function areaOf(code: string): Area {
  return BY_CODE.get(code) ?? { code, label: code, indicators: [] };
}

/** The reasons a match is scored on, each from 0 to 1. */
export const FACTORS = ['strength', 'context', 'distance', 'capacity', 'ties'] as const;
export type Factor = (typeof FACTORS)[number];
export type Weights = Record<Factor, number>;
export const DEFAULT_WEIGHTS: Weights = { strength: 3, context: 2, distance: 1, capacity: 1, ties: 1 };
export const FACTOR_LABELS: Record<Factor, string> = {
  strength: 'Strength in the area',
  context: 'Similar context (phase, size, FSM share)',
  distance: 'Nearness',
  capacity: 'Capacity left this term',
  ties: 'An existing tie or a shared partnership',
};

/** A National Leader of Education's school offers leadership support by designation. */
export const DESIGNATION_ROLES: Record<string, string> = {
  'national-leader-of-education': 'leadership',
  'support-school-in-difficulty': 'leadership',
};

/** What a need's state reads as. */
export const NEED_STATE_LABELS: Record<string, string> = {
  open: 'waiting for help',
  'being-met': 'being met',
  met: 'met',
  withdrawn: 'withdrawn',
};
