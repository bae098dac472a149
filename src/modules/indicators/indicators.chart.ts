import type { GroupResult } from './indicators.service.js';

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

/**
 * The points of a trend chart (the group's value and its benchmark per period), drawn by the
 * page as an SVG with the same figures in a table beside it.
 */
export function trendChart(result: GroupResult) {
  const periods = result.trend.map((t) => t.period);
  const values = result.trend.flatMap((t) => [t.value, t.benchmark]).filter((v): v is number => v !== null);
  if (periods.length === 0 || values.length === 0) return null;
  let low = values.reduce((a, b) => Math.min(a, b), Infinity);
  let high = values.reduce((a, b) => Math.max(a, b), -Infinity);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const x = (i: number) =>
    PAD.left +
    (periods.length === 1
      ? (WIDTH - PAD.left - PAD.right) / 2
      : (i * (WIDTH - PAD.left - PAD.right)) / (periods.length - 1));
  const y = (v: number) => PAD.top + ((high - v) * (HEIGHT - PAD.top - PAD.bottom)) / (high - low);
  const line = (pick: (t: GroupResult['trend'][number]) => number | null) =>
    result.trend.flatMap((t, i) => {
      const v = pick(t);
      return v === null ? [] : [{ x: Math.round(x(i)), y: Math.round(y(v)) }];
    });
  const group = line((t) => t.value);
  const benchmark = line((t) => t.benchmark);
  return {
    width: WIDTH,
    height: HEIGHT,
    group,
    groupPath: group.map((p) => `${p.x},${p.y}`).join(' '),
    benchmarkPath: benchmark.map((p) => `${p.x},${p.y}`).join(' '),
    benchmark,
    ticks: periods.map((period, i) => ({ x: Math.round(x(i)), label: period })),
    axis: [high, (high + low) / 2, low].map((v) => ({ y: Math.round(y(v)), label: Number(v.toFixed(1)).toString() })),
    baseline: HEIGHT - PAD.bottom,
    left: PAD.left,
  };
}
