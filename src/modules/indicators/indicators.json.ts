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
    median: result.median,
    q1: result.q1,
    q3: result.q3,
    withheld: result.withheld,
    notShared: result.notShared,
    benchmark: result.benchmark?.value ?? null,
    benchmarkLabel: result.benchmark?.label ?? null,
    trend: result.trend.map(({ period, value, members, benchmark }) => ({ period, value, members, benchmark })),
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

/** Group results as CSV: one row per indicator, with the method and benchmark stated. */
export function groupResultsCsv(results: GroupResult[]): string {
  return toCsv(
    [
      'scope',
      'indicator',
      'indicator_name',
      'period',
      'members',
      'value',
      'method',
      'median',
      'q1',
      'q3',
      'benchmark',
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
      r.method,
      r.median,
      r.q1,
      r.q3,
      r.benchmark?.value ?? null,
      r.benchmark?.label ?? null,
      r.withheld,
      r.notShared,
    ]),
  );
}
