import { describe, expect, it } from 'vitest';
import { barChart, lineChart, textWidth, wrapLabel, type TextMark } from './charts.js';

/** The horizontal extent of a text as drawn from its anchor. */
function extent(mark: TextMark): [number, number] {
  const w = textWidth(mark.text);
  if (mark.anchor === 'middle') return [mark.x - w / 2, mark.x + w / 2];
  if (mark.anchor === 'end') return [mark.x - w, mark.x];
  return [mark.x, mark.x + w];
}

function expectInside(marks: TextMark[], width: number, height: number) {
  for (const mark of marks) {
    const [from, to] = extent(mark);
    expect(from, mark.text).toBeGreaterThanOrEqual(0);
    expect(to, mark.text).toBeLessThanOrEqual(width);
    expect(mark.y, mark.text).toBeGreaterThan(0);
    expect(mark.y, mark.text).toBeLessThanOrEqual(height);
  }
}

const percent = (v: number) => `${v.toFixed(1)}%`;

describe('line charts', () => {
  const input = {
    title: 'Persistent absence, 2019/20 to 2023/24',
    categories: ['2019/20', '2020/21', '2021/22', '2022/23', '2023/24'],
    unit: 'Per cent of pupils',
    format: percent,
    series: [
      { name: 'Elder Primary School (yours)', role: 'own' as const, values: [12, 14.5, null, 16, 15] },
      { name: 'Alder Trust', role: 'group' as const, values: [11, 12, 13, 14, 13.5] },
      { name: 'England', role: 'benchmark' as const, values: [10, 11, 12, 12.5, 12] },
    ],
  };

  it('keeps every label, tick and legend entry inside the picture, the last period too', () => {
    const chart = lineChart(input)!;
    const legendMarks = chart.legend.map((l) => ({ x: l.x, y: l.y, text: l.name, anchor: 'start' as const }));
    expectInside([...chart.xLabels, ...chart.yTicks, chart.unit, ...legendMarks], chart.width, chart.height);
    expect(chart.xLabels.map((l) => l.text)).toEqual(input.categories);
    const last = extent(chart.xLabels.at(-1)!);
    expect(last[1]).toBeLessThanOrEqual(chart.width);
  });

  it('widens for many or long labels rather than cutting them', () => {
    const categories = Array.from({ length: 14 }, (_, i) => `Autumn term ${2010 + i}`);
    const chart = lineChart({
      ...input,
      categories,
      series: [{ name: 'Group', role: 'group', values: categories.map((_, i) => i) }],
    })!;
    expect(chart.width).toBeGreaterThan(640);
    const spans = chart.xLabels.map(extent);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expectInside(chart.xLabels, chart.width, chart.height);
  });

  it('draws a line per series with values, names each in the legend and says the unit', () => {
    const chart = lineChart({
      ...input,
      series: [...input.series, { name: 'Nobody', role: 'other', values: [null, null, null, null, null] }],
    })!;
    expect(chart.series.map((s) => [s.name, s.role])).toEqual([
      ['Elder Primary School (yours)', 'own'],
      ['Alder Trust', 'group'],
      ['England', 'benchmark'],
    ]);
    expect(chart.legend.map((l) => l.name)).toEqual(chart.series.map((s) => s.name));
    expect(chart.series[0]!.points).toHaveLength(4); // no point where the school has no value
    expect(chart.unit.text).toBe('Per cent of pupils');
    expect(chart.desc).toContain('per cent of pupils');
    expect(chart.desc).toContain('Elder Primary School (yours): 2019/20 12.0%');
    expect(chart.yTicks.every((t) => t.text.endsWith('%'))).toBe(true);
    expect(chart.table.rows[2]).toEqual({ category: '2021/22', cells: ['—', '13.0%', '12.0%'] });
  });

  it('places a higher value higher, and every point inside the plot', () => {
    const chart = lineChart(input)!;
    const group = chart.series[1]!.points;
    expect(group[3]!.y).toBeLessThan(group[0]!.y);
    for (const p of chart.series.flatMap((s) => s.points)) {
      expect(p.y).toBeGreaterThanOrEqual(chart.plot.top);
      expect(p.y).toBeLessThanOrEqual(chart.plot.bottom);
      expect(p.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(p.x).toBeLessThanOrEqual(chart.plot.right);
    }
  });

  it('ticks at whole numbers only when asked (grades), with long tick labels kept inside', () => {
    const grades = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];
    const chart = lineChart({
      title: 'Ofsted',
      categories: ['2022/23', '2023/24'],
      unit: 'Grade',
      format: (v) => grades[v - 1] ?? String(v),
      wholeNumbers: true,
      series: [{ name: 'Group', role: 'group', values: [2, 3] }],
    })!;
    expect(chart.yTicks.map((t) => t.text)).toContain('Requires improvement');
    expect(chart.yTicks.every((t) => grades.includes(t.text))).toBe(true);
    expectInside(chart.yTicks, chart.width, chart.height);
  });

  it('draws nothing without values', () => {
    expect(lineChart({ ...input, series: [{ name: 'x', role: 'group', values: [null] }] })).toBeNull();
    expect(lineChart({ ...input, categories: [] })).toBeNull();
  });
});

describe('bar charts', () => {
  it('wraps long labels instead of cutting them, and keeps every value inside', () => {
    const long = 'I would recommend this school to a friend who is thinking about where to send their child';
    const chart = barChart({
      title: 'Answers',
      unit: 'People who answered',
      format: String,
      bars: [
        { label: long, value: 40 },
        { label: 'Agree', value: 12 },
        { label: 'Disagree', value: 0 },
      ],
    })!;
    expect(chart.bars[0]!.lines.map((l) => l.text).join(' ')).toBe(long);
    expect(chart.bars[0]!.lines.length).toBeGreaterThan(1);
    expectInside([...chart.bars.flatMap((b) => [...b.lines, b.value]), chart.unit], chart.width, chart.height);
    for (const b of chart.bars) expect(b.x).toBeGreaterThan(Math.max(...b.lines.map((l) => extent(l)[1])));
    expect(chart.bars[0]!.width).toBeGreaterThan(chart.bars[1]!.width);
    expect(chart.bars[2]!.width).toBe(0);
    expect(chart.desc).toContain('Agree: 12');
    expect(chart.unit.text).toBe('People who answered');
  });

  it('wraps at spaces only', () => {
    expect(wrapLabel('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapLabel('unbreakablewordhere ok', 5)).toEqual(['unbreakablewordhere', 'ok']);
  });
});
