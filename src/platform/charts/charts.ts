/**
 * Charts drawn on the server as SVG: a line chart of values over periods and a bar chart of
 * counts. The builders work out every position, so a template only places what they give;
 * margins and widths come from the lengths of the labels, so no label is ever cut off.
 * Every chart has a title and a description for screen readers, and the page puts the same
 * figures in a table beside it.
 */

/** The font size the stylesheet gives a chart's text (`.syslead-chart__label`), in the chart's units. */
const FONT = 16;
/** A generous width per character of that font: system fonts average well under this. */
const CHAR = FONT * 0.62;
const LINE = FONT * 1.5;
const GAP = 8;
const MIN_WIDTH = 640;

/** The width a text takes, estimated on the generous side. */
export function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR);
}

/** How a series is drawn: the viewer's own organisation, the group, the benchmark (England or peers), or another. */
export type SeriesRole = 'own' | 'group' | 'benchmark' | 'other';

export interface LineSeriesInput {
  /** The legend's words, e.g. "Elder School (yours)". */
  name: string;
  role: SeriesRole;
  /** One value per category (null where there is none). */
  values: Array<number | null>;
}

export interface LineChartInput {
  /** What the chart shows, read first by a screen reader. */
  title: string;
  /** The x axis, in order (e.g. periods of the school year). */
  categories: string[];
  series: LineSeriesInput[];
  /** The y axis's unit in words, e.g. "Per cent of pupils". */
  unit: string;
  /** How a value reads on the axis and in the description. */
  format: (value: number) => string;
  /** Ticks only at whole numbers (grades, counts). */
  wholeNumbers?: boolean;
}

export interface TextMark {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface LineChart {
  width: number;
  height: number;
  title: string;
  desc: string;
  unit: TextMark;
  plot: { left: number; right: number; top: number; bottom: number };
  yTicks: Array<TextMark & { lineY: number }>;
  xLabels: TextMark[];
  series: Array<{
    name: string;
    role: SeriesRole;
    path: string;
    points: Array<{ x: number; y: number; label: string }>;
  }>;
  legend: Array<{ role: SeriesRole; name: string; x: number; y: number; lineX1: number; lineX2: number }>;
  /** The same figures for a table beside the chart: a row per category, a cell per series. */
  table: { head: string[]; rows: Array<{ category: string; cells: string[] }> };
}

/** A step of 1, 2 or 5 times a power of ten near the span divided into about four. */
function niceStep(span: number, wholeNumbers: boolean): number {
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return wholeNumbers ? Math.max(1, Math.round(step)) : step;
}

/** Fixes floating error in a tick (0.1 + 0.2) to the step's precision. */
function tidy(value: number, step: number): number {
  const places = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(places));
}

/** A line chart with a line per series, a legend, the axis's unit, and the figures as a table; null with no values. */
export function lineChart(input: LineChartInput): LineChart | null {
  const series = input.series.filter((s) => s.values.some((v) => v !== null));
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (input.categories.length === 0 || values.length === 0) return null;
  const wholeNumbers = input.wholeNumbers ?? false;
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    const pad = wholeNumbers ? 1 : Math.max(Math.abs(low) * 0.1, 1);
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, wholeNumbers);
  const from = Math.floor(low / step) * step;
  const to = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let v = from; v <= to + step / 2; v += step) ticks.push(tidy(v, step));

  const tickTexts = ticks.map((t) => input.format(t));
  const yLabelWidth = Math.max(...tickTexts.map(textWidth));
  const xWidths = input.categories.map(textWidth);
  const spacing = Math.max(...xWidths) + 2 * GAP;
  const legendWidth = Math.max(...series.map((s) => 32 + GAP + textWidth(s.name)));

  const top = LINE + GAP; // the unit's line above the plot
  const plotHeight = 200;
  const left = Math.max(yLabelWidth + 2 * GAP, Math.ceil(xWidths[0]! / 2) + GAP);
  const right = Math.ceil(xWidths[xWidths.length - 1]! / 2) + GAP;
  const across = (input.categories.length - 1) * spacing;
  const width = Math.max(MIN_WIDTH, left + right + across, left + textWidth(input.unit), 2 * GAP + legendWidth);
  const plotLeft = left;
  const plotRight = width - right;
  const plotBottom = top + plotHeight;
  const x = (i: number) =>
    input.categories.length === 1
      ? Math.round((plotLeft + plotRight) / 2)
      : Math.round(plotLeft + (i * (plotRight - plotLeft)) / (input.categories.length - 1));
  const y = (v: number) => Math.round(top + ((to - v) * plotHeight) / (to - from));
  const xAxisY = plotBottom + LINE + GAP / 2;
  const legendTop = xAxisY + LINE;
  const height = legendTop + series.length * LINE;

  const drawn = series.map((s) => {
    const points = s.values.flatMap((v, i) =>
      v === null ? [] : [{ x: x(i), y: y(v), label: `${input.categories[i]}: ${input.format(v)}` }],
    );
    return { name: s.name, role: s.role, points, path: points.map((p) => `${p.x},${p.y}`).join(' ') };
  });
  const described = series.map((s) => {
    const known = s.values.flatMap((v, i) => (v === null ? [] : [`${input.categories[i]} ${input.format(v)}`]));
    return `${s.name}: ${known.join(', ')}`;
  });
  return {
    width,
    height,
    title: input.title,
    desc: `Line chart in ${input.unit.toLowerCase()}. ${described.join('. ')}. The same figures are in the table beside the chart.`,
    unit: { x: GAP, y: FONT, text: input.unit, anchor: 'start' },
    plot: { left: plotLeft, right: plotRight, top, bottom: plotBottom },
    yTicks: ticks.map((t, i) => ({
      x: plotLeft - GAP,
      y: y(t) + FONT / 3,
      lineY: y(t),
      text: tickTexts[i]!,
      anchor: 'end' as const,
    })),
    xLabels: input.categories.map((c, i) => ({ x: x(i), y: xAxisY, text: c, anchor: 'middle' as const })),
    series: drawn,
    legend: series.map((s, i) => ({
      role: s.role,
      name: s.name,
      lineX1: GAP,
      lineX2: GAP + 32,
      x: GAP + 32 + GAP,
      y: legendTop + i * LINE + FONT / 3,
    })),
    table: {
      head: series.map((s) => s.name),
      rows: input.categories.map((category, i) => ({
        category,
        cells: series.map((s) => {
          const v = s.values[i];
          return v === null || v === undefined ? '—' : input.format(v);
        }),
      })),
    },
  };
}

export interface BarChartInput {
  title: string;
  bars: Array<{ label: string; value: number }>;
  /** What the bars count, in words, e.g. "People who answered". */
  unit: string;
  format: (value: number) => string;
}

export interface BarChart {
  width: number;
  height: number;
  title: string;
  desc: string;
  unit: TextMark;
  bars: Array<{
    lines: TextMark[];
    x: number;
    y: number;
    width: number;
    height: number;
    value: TextMark;
  }>;
}

/** Breaks a label into lines of at most `max` characters at spaces (a longer word keeps a line of its own). */
export function wrapLabel(label: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [''];
}

const LABEL_CHARS = 32;
const BAR_SPACE = 320;

/** A horizontal bar chart, labels on the left (wrapped, never cut), each bar's value at its end; null with no bars. */
export function barChart(input: BarChartInput): BarChart | null {
  if (input.bars.length === 0) return null;
  const wrapped = input.bars.map((b) => wrapLabel(b.label, LABEL_CHARS));
  const labelWidth = Math.max(...wrapped.flat().map(textWidth));
  const valueTexts = input.bars.map((b) => input.format(b.value));
  const valueWidth = Math.max(...valueTexts.map(textWidth));
  const barLeft = labelWidth + 2 * GAP;
  const width = Math.max(MIN_WIDTH, barLeft + BAR_SPACE + GAP + valueWidth + GAP, GAP + textWidth(input.unit));
  const space = width - barLeft - GAP - valueWidth - GAP;
  const max = Math.max(0, ...input.bars.map((b) => b.value));
  let y = LINE + GAP;
  const bars = input.bars.map((b, i) => {
    const lines = wrapped[i]!;
    const rowHeight = Math.max(LINE, lines.length * LINE) + GAP;
    const barWidth = max === 0 ? 0 : Math.round((Math.max(0, b.value) / max) * space);
    const middle = y + rowHeight / 2;
    const bar = {
      lines: lines.map((text, j) => ({
        x: 0,
        y: Math.round(middle - ((lines.length - 1) * LINE) / 2 + j * LINE + FONT / 3),
        text,
        anchor: 'start' as const,
      })),
      x: barLeft,
      y: Math.round(middle - LINE / 2),
      width: barWidth,
      height: LINE,
      value: {
        x: barLeft + barWidth + GAP,
        y: Math.round(middle + FONT / 3),
        text: valueTexts[i]!,
        anchor: 'start' as const,
      },
    };
    y += rowHeight;
    return bar;
  });
  return {
    width,
    height: Math.ceil(y),
    title: input.title,
    desc: `Bar chart of ${input.unit.toLowerCase()}. ${input.bars.map((b, i) => `${b.label}: ${valueTexts[i]}`).join('; ')}. The same figures are in the table beside the chart.`,
    unit: { x: 0, y: FONT, text: input.unit, anchor: 'start' },
    bars,
  };
}
