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

/**
 * A figure without the noise of binary arithmetic (`-0.30000000000000004` is -0.3): rounded
 * to ten decimal places, far finer than any source measures, and never a negative zero.
 */
export function withoutNoise(value: number): number {
  const clean = Math.round(value * 1e10) / 1e10;
  return clean === 0 ? 0 : clean;
}

/** How many decimals a figure of each unit shows (grades show their names). */
const DECIMALS: Record<Exclude<Unit, 'grade'>, number> = { percent: 1, count: 0, score: 2 };

/** A number as people read it: thousands grouped, and a minus sign (not a hyphen) when below zero. */
function readable(value: number, decimals: number): string {
  const rounded = withoutNoise(Math.round(value * 10 ** decimals) / 10 ** decimals);
  const text = Math.abs(rounded).toLocaleString('en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return rounded < 0 ? `\u2212${text}` : text;
}

/**
 * How a value reads for people, by its unit: a grade by its name (a median between two grades
 * as the lower), a percentage to one decimal with its sign, a count whole, a score to two
 * decimals. Every page, card, CSV display column and API display field shows figures this way.
 */
export function formatValue(unit: Unit, grades: readonly string[], value: number | null): string {
  if (value === null) return '—';
  if (unit === 'grade') return gradeLabel(grades, value);
  const text = readable(value, DECIMALS[unit]);
  return unit === 'percent' ? `${text}%` : text;
}

/**
 * The middle half of a set of values (lower to upper quartile) as it reads: "176 to 427",
 * "Requires improvement to Good", or one figure when both ends read the same.
 */
export function formatSpread(unit: Unit, grades: readonly string[], q1: number | null, q3: number | null): string {
  if (q1 === null || q3 === null) return '—';
  const [low, high] = [formatValue(unit, grades, q1), formatValue(unit, grades, q3)];
  return low === high ? low : `${low} to ${high}`;
}

/**
 * A difference between two values of a unit (a margin of error, say), as it reads: percentage
 * points for a rate, grades for a grade (never a grade's name: a difference is not a grade).
 */
export function formatDifference(unit: Unit, value: number): string {
  if (unit === 'percent') return `${readable(value, 1)} percentage points`;
  if (unit === 'grade') return `${readable(value, 1)} grades`;
  return readable(value, DECIMALS[unit]);
}

/** The words of a change: what the value did, and what that means by the indicator's direction. */
export interface ChangeWords {
  moved: 'rose' | 'fell' | 'stayed the same';
  /** Null when the indicator has no better direction, or nothing changed. */
  meaning: 'improved' | 'worsened' | null;
}

/** What a change from one value to another did ("rose", "fell") and meant ("improved", "worsened"). */
export function changeWords(direction: Direction, from: number, to: number): ChangeWords {
  const difference = withoutNoise(to - from);
  if (difference === 0) return { moved: 'stayed the same', meaning: null };
  const moved = difference > 0 ? 'rose' : 'fell';
  if (direction === 'neither') return { moved, meaning: null };
  return { moved, meaning: difference > 0 === (direction === 'higher') ? 'improved' : 'worsened' };
}

/** A change described for people, with its words for machines. */
export interface Change extends ChangeWords {
  text: string;
}

/**
 * A change of an indicator's value described for people: "rose from 4.0% to 6.0%, so it
 * worsened (lower is better)". Values that read the same when rounded "stayed at" that figure.
 * Every page and card that describes a change uses this.
 */
export function describeChange(
  indicator: { unit: string; grades: readonly string[]; direction: string },
  from: number,
  to: number,
): Change {
  const unit = indicator.unit as Unit;
  const direction = indicator.direction as Direction;
  const [before, after] = [formatValue(unit, indicator.grades, from), formatValue(unit, indicator.grades, to)];
  if (before === after) return { moved: 'stayed the same', meaning: null, text: `stayed at ${after}` };
  const words = changeWords(direction, from, to);
  const meaning = words.meaning ? `, so it ${words.meaning} (${direction} is better)` : '';
  return { ...words, text: `${words.moved} from ${before} to ${after}${meaning}` };
}

/**
 * What "England" means as a group or benchmark: state-funded schools, as the Department for
 * Education means it (the default), or every organisation with a value.
 */
export const ENGLAND_MEANINGS = ['state-funded', 'all'] as const;
export type EnglandMeaning = (typeof ENGLAND_MEANINGS)[number];
export const ENGLAND_LABELS: Record<EnglandMeaning, string> = {
  'state-funded': 'England (state-funded schools)',
  all: 'England (all schools)',
};
/** The sentence a page shows wherever England is a group or benchmark. */
export const ENGLAND_MEANS: Record<EnglandMeaning, string> = {
  'state-funded':
    'England here means state-funded schools, as the Department for Education means it: maintained schools, academies and free schools, special schools and pupil referral units among them; independent and non-maintained special schools, colleges and schools outside England are left out. Schools since closed count in the years they have results for.',
  all: 'England here means every school with results, independent schools, colleges and schools since closed among them; the Department for Education’s figures for England count state-funded schools only.',
};
