/**
 * A set of organisations' values of one indicator read as one group: the rule that turns an
 * aggregate row into the group's value (and says which rule it used), and the comparison of
 * each member with a benchmark that finds shared strengths and shared needs.
 */
import type { Direction, Unit } from './indicators.domain.js';
import type { AggregateRow } from './indicators.repository.js';

export interface GroupValue {
  value: number | null;
  /** The rule used, followed by every fallback it needed (see `fallbacks`). */
  method: string;
  /** What the rule had to fall back on for this group, each said in words; empty when nothing. */
  fallbacks: string[];
  /** Members whose value went into the group value (weighted means leave out members without a pupil count). */
  counted: number;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
const members = (n: number) => `${n} member${n === 1 ? '' : 's'}`;
const schools = (n: number) => `${n} school${n === 1 ? '' : 's'}`;

function stated(value: number | null, rule: string, counted: number, fallbacks: string[] = []): GroupValue {
  return { value, method: fallbacks.length ? `${rule} (${fallbacks.join('; ')})` : rule, fallbacks, counted };
}

/**
 * The group's value: a count is summed; a rate is the sum of numerators over the sum of
 * denominators when every member gives them, else the mean weighted by pupils on roll (from
 * the census of the year, else the register); a grade is the members' median grade. Every
 * fallback the group needed is recorded, with how many members it touched.
 */
export function groupValue(unit: Unit, row: AggregateRow): GroupValue {
  if (row.members === 0) return stated(null, 'no values', 0);
  if (unit === 'count') return stated(row.total, 'sum over members', row.members);
  if (unit === 'grade') {
    const between = row.median !== null && !Number.isInteger(row.median);
    return stated(
      row.median,
      'median grade of members',
      row.members,
      between ? ['the median falls between two grades, so the lower is shown'] : [],
    );
  }
  if (unit === 'percent' && row.withDenominator === row.members && row.denominator) {
    return stated(
      ((row.numerator ?? 0) / row.denominator) * 100,
      'sum of numerators over sum of denominators',
      row.members,
    );
  }
  const fallbacks: string[] = [];
  const bare = row.members - row.withDenominator;
  if (unit === 'percent' && bare > 0) {
    fallbacks.push(
      `${members(bare)} ${bare === 1 ? 'gives its rate' : 'give their rates'} without the counts behind ${bare === 1 ? 'it' : 'them'}, so rates are not summed`,
    );
  }
  if (row.weighted > 0 && row.weightTotal) {
    if (row.fromRegister > 0)
      fallbacks.push(
        `${schools(row.fromRegister)} weighted by pupils from the register, as the census has no count for them`,
      );
    const left = row.members - row.weighted;
    if (left > 0) fallbacks.push(`${members(left)} without a pupil count left out`);
    return stated((row.weightedSum ?? 0) / row.weightTotal, 'mean weighted by pupils on roll', row.weighted, fallbacks);
  }
  fallbacks.push('no member has a pupil count, so members count equally');
  return stated(row.total / row.members, 'mean of members', row.members, fallbacks);
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
