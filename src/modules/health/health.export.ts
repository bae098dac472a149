/**
 * A scope's snapshots as CSV, a row a snapshot and a column a figure, with a data dictionary
 * that says what every column means; and the trend of one figure as a chart with the
 * leaders' notes marked on it.
 */
import { lineChart, type LineChart } from '../../platform/charts/charts.js';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { formatDate } from '../../platform/http/views.js';
import type { HealthFigure } from '../definition.js';
import { formatValue } from './health.domain.js';
import type { Snapshot } from './health.repository.js';

const FIXED = [
  {
    column: 'scope',
    meaning: 'the part of the system: england, or org:<Syslead id> of a partnership, trust or local authority',
  },
  { column: 'scope_name', meaning: 'its name on the day' },
  { column: 'taken_on', meaning: 'the day of the snapshot (YYYY-MM-DD); its figures are as computed that day' },
  { column: 'data_version', meaning: 'the version of Syslead’s data the figures were read at' },
  { column: 'maturity_stage', meaning: 'the stage of maturity judged from the figures: 0 (not yet begun) to 4' },
];

const UNITS: Record<HealthFigure['unit'], string> = {
  share: 'a share from 0 to 1',
  count: 'a count',
  days: 'days',
  'per-school': 'a number per school',
};

export function snapshotsCsv(figures: HealthFigure[], snapshots: Snapshot[]): string {
  return toCsv(
    [...FIXED.map((f) => f.column), ...figures.map((f) => f.key)],
    snapshots.map((s) => [
      s.scopeRef,
      s.scopeName,
      s.takenOn,
      s.dataVersion,
      s.maturity.stage,
      ...figures.map((f) => s.readings[f.key]?.value ?? ''),
    ]),
  );
}

export function dictionaryCsv(figures: HealthFigure[]): string {
  return toCsv(
    ['column', 'unit', 'label', 'meaning'],
    [
      ...FIXED.map((f) => [f.column, '', '', f.meaning]),
      ...figures.map((f) => [
        f.key,
        UNITS[f.unit],
        f.label,
        `${f.definition}${f.better ? ` Higher is ${f.better === 'higher' ? 'better' : 'worse'}.` : ''} Empty when there was nothing to count it from.`,
      ]),
    ],
  );
}

export type TrendChart = LineChart & { notes: Array<{ x: number; number: number; text: string; on: string }> };

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * A figure over the snapshots, with each note of the scope marked where its day falls between
 * them (a note before the first snapshot or after the last is listed, not marked).
 */
export function trendChart(
  figure: HealthFigure,
  trend: Array<{ on: string; value: number | null }>,
  notes: Array<{ notedOn: string; text: string }>,
): TrendChart | null {
  const chart = lineChart({
    title: `${figure.label} over time`,
    categories: trend.map((t) => formatDate(t.on)),
    series: [{ name: figure.label, role: 'group', values: trend.map((t) => t.value) }],
    unit: figure.unit === 'share' ? 'Per cent' : figure.unit === 'days' ? 'Days' : 'Number',
    format: (v) => (figure.unit === 'share' ? `${Math.round(v * 100)}%` : formatValue({ unit: 'count' }, v)),
    wholeNumbers: figure.unit === 'count',
  });
  if (!chart) return null;
  const xs = chart.xLabels.map((l) => l.x);
  const marked = notes.flatMap((note, i) => {
    const d = dayNumber(note.notedOn);
    for (let k = 0; k < trend.length; k += 1) {
      const here = dayNumber(trend[k]!.on);
      if (d === here) return [{ x: xs[k]!, number: i + 1, text: note.text, on: note.notedOn }];
      const next = trend[k + 1];
      if (next && d > here && d < dayNumber(next.on)) {
        const x = xs[k]! + ((xs[k + 1]! - xs[k]!) * (d - here)) / (dayNumber(next.on) - here);
        return [{ x: Math.round(x), number: i + 1, text: note.text, on: note.notedOn }];
      }
    }
    return [];
  });
  const told = marked.map((n) => `Note ${n.number}, ${formatDate(n.on)}: ${n.text}`).join('. ');
  return { ...chart, desc: told ? `${chart.desc} ${told}.` : chart.desc, notes: marked };
}
