/**
 * A set of organisations' values of one indicator read as one group: the rule that turns an
 * aggregate row into the group's value (and says which rule it used), and the comparison of
 * each member with a benchmark that finds shared strengths and shared needs.
 */
import { gradeLabel, type Direction, type Unit } from './indicators.domain.js';
import type { AggregateRow } from './indicators.repository.js';

export interface GroupValue {
  value: number | null;
  method: string;
  /** Members whose value went into the group value (weighted means leave out members without a pupil count). */
  counted: number;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The group's value: a count is summed; a rate is the sum of numerators over the sum of
 * denominators when every member gives them, else the mean weighted by pupils on roll; a
 * grade is the members' median grade.
 */
export function groupValue(unit: Unit, row: AggregateRow): GroupValue {
  if (row.members === 0) return { value: null, method: 'no values', counted: 0 };
  if (unit === 'count') return { value: row.total, method: 'sum over members', counted: row.members };
  if (unit === 'grade') return { value: row.median, method: 'median grade of members', counted: row.members };
  if (unit === 'percent' && row.withDenominator === row.members && row.denominator) {
    return {
      value: ((row.numerator ?? 0) / row.denominator) * 100,
      method: 'sum of numerators over sum of denominators',
      counted: row.members,
    };
  }
  if (row.weighted > 0 && row.weightTotal) {
    const left = row.members - row.weighted;
    const method =
      left === 0
        ? 'mean weighted by pupils on roll'
        : `mean weighted by pupils on roll (${left} member${left === 1 ? '' : 's'} without a pupil count left out)`;
    return { value: (row.weightedSum ?? 0) / row.weightTotal, method, counted: row.weighted };
  }
  return { value: row.total / row.members, method: 'mean of members (no pupil counts known)', counted: row.members };
}

/** How a value reads for people: a grade by its label, a rate with its sign, others rounded. */
export function formatValue(unit: Unit, grades: readonly string[], value: number | null): string {
  if (value === null) return '—';
  if (unit === 'grade') return gradeLabel(grades, value);
  if (unit === 'percent') return `${round(value, 1).toFixed(1)}%`;
  if (unit === 'count') return Math.round(value).toLocaleString('en-GB');
  return round(value, 2).toFixed(2);
}

export type Comparison = 'better' | 'worse' | 'same' | 'not-comparable';

/** Whether a value is better or worse than a benchmark, by the indicator's direction. */
export function compare(direction: Direction, value: number, benchmark: number | null): Comparison {
  if (benchmark === null || direction === 'neither') return 'not-comparable';
  const difference = round(value, 6) - round(benchmark, 6);
  if (difference === 0) return 'same';
  return difference > 0 === (direction === 'higher') ? 'better' : 'worse';
}

/** A shared strength (most members better than the benchmark), a shared need (most worse), or neither. */
export function sharedPattern(members: number, better: number, worse: number): 'strength' | 'need' | null {
  if (members === 0) return null;
  if (better * 2 > members) return 'strength';
  if (worse * 2 > members) return 'need';
  return null;
}
