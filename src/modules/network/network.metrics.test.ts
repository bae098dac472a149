import { describe, expect, it } from 'vitest';
import {
  betweenness,
  components,
  computeMetrics,
  communities,
  type NetworkEdge,
  type NetworkNode,
} from './network.metrics.js';

const pairsOf = (edges: string, names: string[]) =>
  edges.split(' ').map((e) => e.split('-').map((x) => names.indexOf(x)) as [number, number]);

describe('betweenness (normalised as networkx does)', () => {
  it('on a path a-b-c-d: the inner nodes carry two of the three pairs they could', () => {
    const names = ['a', 'b', 'c', 'd'];
    const { values, exact } = betweenness(4, pairsOf('a-b b-c c-d', names));
    expect(exact).toBe(true);
    expect([...values].map((v) => +v.toFixed(4))).toEqual([0, 0.6667, 0.6667, 0]);
  });

  it('on a star: the centre lies on every path between leaves', () => {
    const { values } = betweenness(5, [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
    ]);
    expect([...values]).toEqual([1, 0, 0, 0, 0]);
  });

  it('on two cliques of four joined by a bridge: the bridge ends carry 12 of 21 pairs', () => {
    const clique = (o: number) =>
      [
        [o, o + 1],
        [o, o + 2],
        [o, o + 3],
        [o + 1, o + 2],
        [o + 1, o + 3],
        [o + 2, o + 3],
      ] as Array<[number, number]>;
    const pairs = [...clique(0), ...clique(4), [3, 4] as [number, number]];
    const { values } = betweenness(8, pairs);
    expect([...values].map((v) => +v.toFixed(4))).toEqual([0, 0, 0, 0.5714, 0.5714, 0, 0, 0]);
    const found = communities(8, pairs);
    expect(found.count).toBe(2);
    expect(found.community).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(found.modularity).toBeCloseTo(2 * (6 / 13 - (13 / 26) ** 2), 6);
  });

  it('merges parallel ties and ignores direction', () => {
    expect([
      ...betweenness(3, [
        [0, 1],
        [1, 0],
        [1, 2],
        [1, 2],
      ]).values,
    ]).toEqual([0, 1, 0]);
  });

  it('estimates from a sample of sources, close to the exact answer, and says how close', () => {
    const n = 400;
    const pairs: Array<[number, number]> = [];
    for (let i = 1; i < n; i++) pairs.push([i, Math.floor((i - 1) / 3)]); // a tree: many paths through the root
    const exact = betweenness(n, pairs);
    const sampled = betweenness(n, pairs, { samples: 200, seed: 3 });
    expect(sampled.exact).toBe(false);
    expect(sampled.samples).toBe(200);
    expect(sampled.standardError).toBeGreaterThan(0);
    expect(Math.abs(sampled.values[0]! - exact.values[0]!)).toBeLessThan(4 * sampled.standardError + 1e-9);
  });
});

describe('components', () => {
  it('finds a disconnected pair as two components of two', () => {
    const { sizes } = components(4, [
      [0, 1],
      [2, 3],
    ]);
    expect(sizes).toEqual([2, 2]);
  });
});

describe('computeMetrics', () => {
  const node = (id: number, kind = 'school', system = 'education'): NetworkNode => ({
    id,
    key: `id:${id}`,
    name: `N${id}`,
    kind,
    phase: null,
    system,
    inScope: true,
    latitude: null,
    longitude: null,
  });
  const edge = (
    id: number,
    source: number,
    target: number,
    type: string,
    directed = false,
    boundarySpanning = false,
  ): NetworkEdge => ({ id, type, source, target, directed, boundarySpanning, startDate: null, endDate: null });

  it('counts distinct neighbours, in and out ties, boundary spanning ties and isolation', () => {
    const nodes = [
      node(1),
      node(2),
      node(3),
      node(4, 'health', 'public-services'),
      node(5, 'local-authority'),
      node(6),
    ];
    const edges = [
      edge(1, 1, 2, 'support', true),
      edge(2, 1, 2, 'partnership'),
      edge(3, 1, 3, 'support', true),
      edge(4, 4, 1, 'multi-agency', false, true),
      edge(5, 5, 6, 'governance', true),
    ];
    const { metrics, summary, isolatedSchools } = computeMetrics(nodes, edges);
    expect(metrics[0]).toMatchObject({ degree: 3, outDegree: 2, inDegree: 0, boundarySpanning: 1, isolated: false });
    expect(metrics[1]).toMatchObject({ degree: 1, inDegree: 1 });
    expect(metrics[5]).toMatchObject({ degree: 1, isolated: true });
    expect(summary).toMatchObject({ nodes: 6, edges: 5, components: 2, largest_component: 4, betweenness: 'exact' });
    expect(summary.density).toBeCloseTo((2 * 4) / (6 * 5), 10);
    expect(summary.boundary_spanning_share).toBeCloseTo(1 / 5, 10);
    expect(isolatedSchools.map((s) => s.id)).toEqual([6]);
  });

  it('flags as isolated exactly the schools it lists: a membership or governance tie does not connect', () => {
    const nodes = [node(1), node(2, 'academy-trust'), node(3), node(4)];
    const edges = [edge(1, 1, 2, 'membership', true), edge(2, 3, 4, 'peer-review')];
    const { metrics, isolatedSchools } = computeMetrics(nodes, edges);
    expect(metrics.map((m) => m.isolated)).toEqual([true, true, false, false]);
    expect(isolatedSchools.map((s) => s.id)).toEqual([1]);
  });

  it('stays exact on a large sparse graph of many small components, and counts a national number of them', () => {
    // 30,000 schools in 10,000 chains of three: more nodes than any sample, but little work.
    const nodes = Array.from({ length: 30000 }, (_, i) => node(i + 1));
    const edges = Array.from({ length: 10000 }, (_, c) => [
      edge(2 * c + 1, 3 * c + 1, 3 * c + 2, 'support'),
      edge(2 * c + 2, 3 * c + 2, 3 * c + 3, 'support'),
    ]).flat();
    const { metrics, summary } = computeMetrics(nodes, edges);
    expect(summary).toMatchObject({ betweenness: 'exact', components: 10000, largest_component: 3 });
    const middle = 2 / ((30000 - 1) * (30000 - 2));
    for (let c = 0; c < 10000; c++) expect(metrics[3 * c + 1]!.betweenness).toBeCloseTo(middle, 15);
  });
});
