import { describe, expect, it } from 'vitest';
import type { HealthSection } from '../definition.js';
import { MODULES } from '../index.js';
import { formatValue, judgeMaturity, mergeSections, movement } from './health.domain.js';
import { dictionaryCsv, snapshotsCsv, trendChart } from './health.export.js';

const section = (key: string, order: number, figureKeys: string[]): HealthSection => ({
  key,
  title: key,
  order,
  about: `About ${key}`,
  figures: figureKeys.map((k) => ({ key: k, label: k, definition: `How ${k} is counted.`, unit: 'count' })),
  read: async () => ({}),
});

describe('sections from several modules', () => {
  it('merge by key in the list’s order, sorted by place, and refuse a figure key used twice', () => {
    const merged = mergeSections([section('b', 20, ['b1']), section('a', 10, ['a1']), section('b', 99, ['b2'])]);
    expect(merged.map((s) => [s.key, s.order, s.figures.map((f) => f.key)])).toEqual([
      ['a', 10, ['a1']],
      ['b', 20, ['b1', 'b2']],
    ]);
    expect(() => mergeSections([section('a', 1, ['x']), section('b', 2, ['x'])])).toThrow('"x"');
  });
});

describe('a figure in words', () => {
  it('reads shares as per cent, days and counts, and says which way it moved by which way is better', () => {
    expect(formatValue({ unit: 'share' }, 0.755)).toBe('75.5%');
    expect(formatValue({ unit: 'days' }, 12)).toBe('12 days');
    expect(formatValue({ unit: 'days' }, 1)).toBe('1 day');
    expect(formatValue({ unit: 'per-school' }, 1.256)).toBe('1.26 per school');
    expect(formatValue({ unit: 'count' }, null)).toBe('Not known');
    expect(movement({ unit: 'days', better: 'lower' }, 20, 12)).toEqual({
      words: 'Fell from 20 days to 12 days, better',
      verdict: 'better',
    });
    expect(movement({ unit: 'share', better: 'higher' }, 0.75, 0.5).verdict).toBe('worse');
    expect(movement({ unit: 'count' }, 3, 3)).toEqual({ words: 'No change (3)', verdict: 'same' });
    expect(movement({ unit: 'count' }, null, 3).verdict).toBe('unknown');
    expect(movement({ unit: 'count' }, 1, 3)).toEqual({ words: 'Rose from 1 to 3', verdict: 'unknown' });
  });
});

describe('the stage of maturity', () => {
  const full = {
    'connected-share': { value: 0.8 },
    'days-to-accepted-offer': { value: 12 },
    'roles-not-heads-share': { value: 0.3 },
    'mentoring-relations': { value: 2 },
    'practices-adopted': { value: 1 },
    'kept-share': { value: 0.6 },
    'decisions-reviewed-on-time': { value: 0.5 },
  };
  it('is the last stage whose evidence and every earlier stage’s holds', () => {
    expect(judgeMaturity(full).stage).toBe(4);
    expect(judgeMaturity({}).stage).toBe(0);
    expect(judgeMaturity({ ...full, 'connected-share': { value: 0.4 } }).stage).toBe(1);
    expect(judgeMaturity({ ...full, 'mentoring-relations': { value: 0 } }).stage).toBe(2);
    // A later stage's evidence without an earlier one's does not count.
    expect(judgeMaturity({ ...full, 'days-to-accepted-offer': { value: null } }).stage).toBe(1);
    const { evidence } = judgeMaturity({ ...full, 'kept-share': { value: 0.4 } });
    expect(evidence.filter((e) => !e.met).map((e) => e.text)).toEqual(['Half or more of the trials judged were kept']);
  });
});

describe('the exports of snapshots', () => {
  const figures = [
    { key: 'ties', label: 'Ties', definition: 'Ties in force.', unit: 'count' as const, better: 'higher' as const },
  ];
  const snapshot = (takenOn: string, value: number | null) => ({
    id: 1,
    scopeRef: 'org:7',
    scopeName: 'Alder Trust',
    takenOn,
    takenAt: new Date(`${takenOn}T05:00:00Z`),
    dataVersion: 41,
    readings: { ties: { value } },
    maturity: { stage: 1, evidence: [] },
  });
  it('writes a row a snapshot, empty where a figure had nothing to count, and a dictionary line a column', () => {
    expect(
      snapshotsCsv(figures, [snapshot('2026-01-05', 3), snapshot('2026-01-12', null)])
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      'scope,scope_name,taken_on,data_version,maturity_stage,ties',
      'org:7,Alder Trust,2026-01-05,41,1,3',
      'org:7,Alder Trust,2026-01-12,41,1,',
    ]);
    expect(dictionaryCsv(figures)).toContain('ties,a count,Ties,Ties in force. Higher is better.');
  });
  it('marks a note where its day falls between two snapshots, and lists one outside them in the description only', () => {
    const chart = trendChart(
      figures[0]!,
      [
        { on: '2026-01-01', value: 1 },
        { on: '2026-01-11', value: 2 },
      ],
      [
        { notedOn: '2026-01-06', text: 'Halfway' },
        { notedOn: '2025-12-01', text: 'Before' },
      ],
    )!;
    const [left, right] = chart.xLabels.map((l) => l.x);
    expect(chart.notes).toEqual([
      { x: Math.round((left! + right!) / 2), number: 1, text: 'Halfway', on: '2026-01-06' },
    ]);
    expect(chart.desc).toContain('Note 1, 6 January 2026: Halfway');
  });
});

describe('the sections of every module', () => {
  const all = MODULES.flatMap((m) => m.health ?? []);

  it('merge into one list of six sections with no figure key twice', () => {
    expect(mergeSections(all).map((s) => s.key)).toEqual([
      'connectedness',
      'help',
      'leadership',
      'learning',
      'services',
      'outcomes',
    ]);
  });

  it('give every figure the stages of maturity read: with every figure high, the last stage is reached', () => {
    const high = Object.fromEntries(all.flatMap((s) => s.figures).map((f) => [f.key, { value: 1e6 }]));
    expect(judgeMaturity(high).stage).toBe(4);
    // Without one of the figures the stages read, a stage falls short.
    for (const key of ['connected-share', 'roles-not-heads-share', 'kept-share']) {
      const { [key]: _left, ...rest } = high;
      expect(judgeMaturity(rest).stage, key).toBeLessThan(4);
    }
  });
});
