import { lineChart, type LineChart, type SeriesRole } from '../../platform/charts/charts.js';
import type { Unit } from './indicators.domain.js';
import { formatValue } from './indicators.domain.js';
import type { GroupResult } from './indicators.service.js';

/** The words on a chart's value axis for each unit. */
const AXIS_UNITS: Record<Unit, string> = {
  percent: 'Per cent',
  count: 'Number',
  score: 'Score',
  grade: 'Grade',
};

export interface IndicatorSeries {
  name: string;
  role: SeriesRole;
  values: Array<{ period: string; value: number | null }>;
}

/**
 * A line chart of an indicator over the periods any series has, each value read as the
 * indicator reads it (a grade by name, a rate in per cent), the unit on the axis; null when
 * no series has a value.
 */
export function indicatorChart(
  indicator: { name: string; unit: string; grades: readonly string[] },
  series: IndicatorSeries[],
): LineChart | null {
  const unit = indicator.unit as Unit;
  const periods = [...new Set(series.flatMap((s) => s.values.map((v) => v.period)))].sort();
  const span = periods.length > 1 ? `, ${periods[0]} to ${periods[periods.length - 1]}` : '';
  return lineChart({
    title: `${indicator.name}${span}`,
    categories: periods,
    unit: AXIS_UNITS[unit] ?? 'Value',
    format: (v) => formatValue(unit, indicator.grades, v),
    wholeNumbers: unit === 'grade' || unit === 'count',
    series: series.map((s) => ({
      name: s.name,
      role: s.role,
      values: periods.map((p) => s.values.find((v) => v.period === p)?.value ?? null),
    })),
  });
}

/**
 * The trend of a group result: the viewer's own organisations' lines (`own`, from their
 * values the viewer may see) beside the group's and the benchmark's.
 */
export function trendChart(
  result: GroupResult,
  own: Array<{ name: string; values: Array<{ period: string; value: number }> }>,
): LineChart | null {
  return indicatorChart(result.indicator, [
    ...own.map((o) => ({ name: `${o.name} (yours)`, role: 'own' as const, values: o.values })),
    {
      name: `${result.scope.name} (the group)`,
      role: 'group',
      values: result.trend.map((t) => ({ period: t.period, value: t.value })),
    },
    {
      name: result.benchmark?.label ?? 'England',
      role: 'benchmark',
      values: result.trend.map((t) => ({ period: t.period, value: t.benchmark })),
    },
  ]);
}
