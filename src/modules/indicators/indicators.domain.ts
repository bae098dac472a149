/**
 * The vocabulary of feedback loops: units, kinds, directions, the five Every Child Matters
 * outcomes, periods, grade scales and the indicators Syslead's importers provide.
 */

export const UNITS = ['percent', 'count', 'score', 'grade'] as const;
export type Unit = (typeof UNITS)[number];
export const KINDS = ['hard', 'soft'] as const;
export const DIRECTIONS = ['higher', 'lower', 'neither'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  neither: 'Neither (context)',
};

/** Every Child Matters' five outcomes. */
export const OUTCOMES = [
  'stay-safe',
  'be-healthy',
  'enjoy-and-achieve',
  'positive-contribution',
  'economic-well-being',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  'stay-safe': 'Stay safe',
  'be-healthy': 'Be healthy',
  'enjoy-and-achieve': 'Enjoy and achieve',
  'positive-contribution': 'Make a positive contribution',
  'economic-well-being': 'Achieve economic well-being',
};

/** Ofsted's single-word grades, lowest first (the value stored is the position from 1). */
export const OFSTED_GRADES = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];
/** Ofsted's report-card grades from November 2025, lowest first. */
export const REPORT_CARD_GRADES = ['Urgent improvement', 'Needs attention', 'Expected', 'Strong', 'Exceptional'];
export const SAFEGUARDING_GRADES = ['Not met', 'Met'];

/** The areas of an Ofsted report card, with the column names an importer looks for. */
export const REPORT_CARD_AREAS = [
  { code: 'inclusion', name: 'Inclusion' },
  { code: 'curriculum-and-teaching', name: 'Curriculum and teaching' },
  { code: 'achievement', name: 'Achievement' },
  { code: 'attendance-and-behaviour', name: 'Attendance and behaviour' },
  { code: 'personal-development', name: 'Personal development and well-being' },
  { code: 'early-years', name: 'Early years' },
  { code: 'sixth-form', name: 'Sixth form' },
  { code: 'leadership-and-governance', name: 'Leadership and governance' },
] as const;

export interface IndicatorDefinition {
  code: string;
  name: string;
  description: string;
  unit: Unit;
  kind: 'hard' | 'soft';
  direction: Direction;
  outcome: Outcome | null;
  source: string;
  published: boolean;
  grades: string[];
}

const census = (code: string, name: string, description: string, unit: Unit = 'percent'): IndicatorDefinition => ({
  code,
  name,
  description,
  unit,
  kind: 'hard',
  direction: 'neither',
  outcome: null,
  source: 'DfE school census',
  published: true,
  grades: [],
});
const hard = (
  code: string,
  name: string,
  description: string,
  unit: Unit,
  direction: Direction,
  outcome: Outcome,
  source: string,
  grades: string[] = [],
): IndicatorDefinition => ({
  code,
  name,
  description,
  unit,
  kind: 'hard',
  direction,
  outcome,
  source,
  published: true,
  grades,
});

/** The indicators the importers load; present in every database. */
export const BUILT_IN_INDICATORS: IndicatorDefinition[] = [
  census('census-pupils', 'Pupils on roll', 'Number of pupils on roll at the January census (NOR).', 'count'),
  census(
    'census-fsm-ever-percent',
    'Pupils eligible for free school meals in the last six years',
    'FSM "ever 6": NUMFSMEVER over NORFSMEVER, as a percentage.',
  ),
  census(
    'census-eal-percent',
    'Pupils with English as an additional language',
    'NUMEAL over pupils whose first language is known or believed to be English, other, or unclassified.',
  ),
  census('census-sen-support-percent', 'Pupils with SEN support', 'TSENELK over pupils on roll.'),
  census('census-ehc-plan-percent', 'Pupils with an education, health and care plan', 'TSENELSE over pupils on roll.'),
  hard(
    'ks2-reading-progress',
    'Key stage 2 reading progress',
    'Progress score in reading from key stage 1 to 2 (0 is the national average).',
    'score',
    'higher',
    'enjoy-and-achieve',
    'DfE performance tables',
  ),
  hard(
    'ks2-writing-progress',
    'Key stage 2 writing progress',
    'Progress score in writing from key stage 1 to 2 (0 is the national average).',
    'score',
    'higher',
    'enjoy-and-achieve',
    'DfE performance tables',
  ),
  hard(
    'ks2-maths-progress',
    'Key stage 2 maths progress',
    'Progress score in maths from key stage 1 to 2 (0 is the national average).',
    'score',
    'higher',
    'enjoy-and-achieve',
    'DfE performance tables',
  ),
  hard(
    'absence-overall-percent',
    'Overall absence',
    'Share of possible sessions missed through authorised and unauthorised absence.',
    'percent',
    'lower',
    'be-healthy',
    'DfE performance tables',
  ),
  hard(
    'absence-persistent-percent',
    'Persistent absence',
    'Share of pupils who missed 10% or more of their possible sessions.',
    'percent',
    'lower',
    'stay-safe',
    'DfE performance tables',
  ),
  hard(
    'ofsted-overall',
    'Ofsted overall effectiveness',
    'Single-word grade of the last graded inspection (used until 2024).',
    'grade',
    'higher',
    'enjoy-and-achieve',
    'Ofsted',
    OFSTED_GRADES,
  ),
  ...REPORT_CARD_AREAS.map((area) =>
    hard(
      `ofsted-rc-${area.code}`,
      `Ofsted report card: ${area.name}`,
      `Report-card grade for ${area.name.toLowerCase()} (from November 2025).`,
      'grade',
      'higher',
      'enjoy-and-achieve',
      'Ofsted',
      REPORT_CARD_GRADES,
    ),
  ),
  hard(
    'ofsted-rc-safeguarding',
    'Ofsted report card: Safeguarding',
    'Whether safeguarding standards were met (from November 2025).',
    'grade',
    'higher',
    'stay-safe',
    'Ofsted',
    SAFEGUARDING_GRADES,
  ),
];

/** The position (from 1) of a grade on its scale, matching case and spacing loosely, or undefined. */
export function gradeValue(grades: readonly string[], label: string): number | undefined {
  const wanted = label.trim().toLowerCase().replace(/\s+/g, ' ');
  const index = grades.findIndex((g) => g.toLowerCase() === wanted);
  return index < 0 ? undefined : index + 1;
}

/** The label of a grade value (rounding a median between two grades to the lower one). */
export function gradeLabel(grades: readonly string[], value: number): string {
  return grades[Math.min(grades.length, Math.max(1, Math.floor(value))) - 1] ?? String(value);
}
