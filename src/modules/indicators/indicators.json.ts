import { toCsv } from '../../platform/csv/csv-writer.js';
import type { GroupResult, SharedPattern } from './indicators.service.js';

/** A group result as the API and the command line give it: flat, with the benchmark as a number. */
export function groupResultJson(result: GroupResult) {
  return {
    scope: result.scope.ref,
    scopeName: result.scope.name,
    indicator: result.indicator.code,
    indicatorName: result.indicator.name,
    unit: result.indicator.unit,
    period: result.period,
    members: result.members,
    value: result.value,
    display: result.display,
    method: result.method,
    fallbacks: result.fallbacks,
    change: result.change,
    median: result.median,
    medianDisplay: result.medianDisplay,
    q1: result.q1,
    q3: result.q3,
    spread: result.spread,
    withheld: result.withheld,
    notShared: result.notShared,
    benchmark: result.benchmark?.value ?? null,
    benchmarkDisplay: result.benchmark?.display ?? null,
    benchmarkLabel: result.benchmark?.label ?? null,
    benchmarkMethod: result.benchmark?.method ?? null,
    trend: result.trend,
    own: result.own,
    memberValues: result.memberValues,
  };
}

/** A shared strength or need as the API gives it. */
export function patternJson(pattern: SharedPattern) {
  return {
    indicator: pattern.indicator.code,
    indicatorName: pattern.indicator.name,
    period: pattern.period,
    members: pattern.members,
    better: pattern.better,
    worse: pattern.worse,
    names: pattern.names,
  };
}

/**
 * Group results as CSV: one row per indicator, with the method and benchmark stated. Each
 * figure has its value at full precision (binary noise removed) and, beside it, how it reads.
 */
export function groupResultsCsv(results: GroupResult[]): string {
  return toCsv(
    [
      'scope',
      'indicator',
      'indicator_name',
      'period',
      'members',
      'value',
      'display',
      'method',
      'change',
      'median',
      'median_display',
      'q1',
      'q3',
      'spread',
      'benchmark',
      'benchmark_display',
      'benchmark_label',
      'withheld',
      'not_shared',
    ],
    results.map((r) => [
      r.scope.ref,
      r.indicator.code,
      r.indicator.name,
      r.period,
      r.members,
      r.value,
      r.display,
      r.method,
      r.change ? `Since ${r.change.since}: ${r.change.text}` : null,
      r.median,
      r.medianDisplay,
      r.q1,
      r.q3,
      r.spread,
      r.benchmark?.value ?? null,
      r.benchmark?.display ?? null,
      r.benchmark?.label ?? null,
      r.withheld,
      r.notShared,
    ]),
  );
}
