/**
 * Metrics of a network of organisations. The graph is the simple undirected graph of ties
 * (parallel ties merged, direction ignored) unless a metric says otherwise. Betweenness uses
 * Brandes' algorithm, normalised as networkx's `betweenness_centrality(G, normalized=True)`;
 * when its work (a search from every node over its own component) is too large, it is estimated
 * from a random sample of sources (Brandes & Pich 2007).
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { createRandom } from '../../shared/random.js';

export interface NetworkNode {
  id: number;
  key: string;
  name: string;
  kind: string;
  phase: string | null;
  system: string;
  /** False for a neighbour drawn in from outside the scope. */
  inScope: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface NetworkEdge {
  id: number;
  type: string;
  source: number;
  target: number;
  directed: boolean;
  boundarySpanning: boolean;
  startDate: string | null;
  endDate: string | null;
}

export interface NodeMetrics {
  degree: number;
  inDegree: number;
  outDegree: number;
  betweenness: number;
  community: number;
  boundarySpanning: number;
  /** No support, partnership or peer tie (PEER_TIE_TYPES): the one meaning of isolated, for the flag, the list and exports. */
  isolated: boolean;
}

export interface NetworkSummary {
  nodes: number;
  edges: number;
  density: number;
  components: number;
  largest_component: number;
  communities: number;
  modularity: number;
  boundary_spanning_share: number;
  betweenness: 'exact' | 'sampled';
  betweenness_samples: number;
  betweenness_standard_error: number;
}

// A CommonJS package typed as if it had an ES default export: take whichever the runtime gives.
type Louvain = (typeof louvainModule)['default'];
const louvain: Louvain =
  (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

/**
 * The most work exact betweenness may take: the sum over components of nodes × (nodes + ties),
 * about a second. A sparse national graph of many small components stays exact.
 */
export const EXACT_BETWEENNESS_WORK = 100_000_000;
export const BETWEENNESS_SAMPLES = 500;

/** Adjacency of the simple undirected graph in compressed rows: node i's neighbours are targets[offsets[i]..offsets[i+1]). */
interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

function simpleAdjacency(n: number, pairs: Array<[number, number]>): Adjacency {
  const seen = new Set<number>();
  const unique: Array<[number, number]> = [];
  for (const [a, b] of pairs) {
    if (a === b) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const code = lo * n + hi;
    if (seen.has(code)) continue;
    seen.add(code);
    unique.push([lo, hi]);
  }
  const counts = new Int32Array(n + 1);
  for (const [a, b] of unique) {
    counts[a + 1]!++;
    counts[b + 1]!++;
  }
  for (let i = 0; i < n; i++) counts[i + 1]! += counts[i]!;
  const offsets = counts.slice();
  const cursor = counts.slice(0, n);
  const targets = new Int32Array(unique.length * 2);
  for (const [a, b] of unique) {
    targets[cursor[a]!++] = b;
    targets[cursor[b]!++] = a;
  }
  return { offsets, targets };
}

/**
 * One Brandes pass from source s (unweighted): fills `delta` with every node's dependency on s
 * and returns how many nodes it reached; they are `order[0..count)`. Only those entries are
 * touched, and `reset` clears them again, so a pass costs the size of s's component, not n.
 */
function dependencies(
  adj: Adjacency,
  s: number,
  work: { sigma: Float64Array; dist: Int32Array; order: Int32Array; delta: Float64Array },
): number {
  const { sigma, dist, order, delta } = work;
  sigma[s] = 1;
  dist[s] = 0;
  let head = 0;
  let tail = 0;
  order[tail++] = s;
  while (head < tail) {
    const v = order[head++]!;
    for (let e = adj.offsets[v]!; e < adj.offsets[v + 1]!; e++) {
      const w = adj.targets[e]!;
      if (dist[w]! < 0) {
        dist[w] = dist[v]! + 1;
        order[tail++] = w;
      }
      if (dist[w] === dist[v]! + 1) sigma[w]! += sigma[v]!;
    }
  }
  for (let i = tail - 1; i >= 0; i--) {
    const w = order[i]!;
    for (let e = adj.offsets[w]!; e < adj.offsets[w + 1]!; e++) {
      const v = adj.targets[e]!;
      if (dist[v] === dist[w]! - 1) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
    }
  }
  delta[s] = 0;
  return tail;
}

function reset(work: { sigma: Float64Array; dist: Int32Array; order: Int32Array; delta: Float64Array }, count: number) {
  for (let i = 0; i < count; i++) {
    const v = work.order[i]!;
    work.sigma[v] = 0;
    work.dist[v] = -1;
    work.delta[v] = 0;
  }
}

/**
 * Normalised betweenness of every node: exact when `samples` is at least n, otherwise the
 * estimate from that many random sources, with the largest standard error over nodes.
 */
export function betweenness(
  n: number,
  pairs: Array<[number, number]>,
  options: { samples?: number; seed?: number } = {},
) {
  const adj = simpleAdjacency(n, pairs);
  const result = new Float64Array(n);
  if (n < 3) return { values: result, exact: true, samples: n, standardError: 0 };
  const k = Math.min(n, options.samples ?? n);
  const exact = k >= n;
  const sources = exact
    ? Array.from({ length: n }, (_, i) => i)
    : createRandom(options.seed ?? 1)
        .shuffle(Array.from({ length: n }, (_, i) => i))
        .slice(0, k);
  const work = {
    sigma: new Float64Array(n),
    dist: new Int32Array(n).fill(-1),
    order: new Int32Array(n),
    delta: new Float64Array(n),
  };
  const squares = exact ? undefined : new Float64Array(n);
  for (const s of sources) {
    const reached = dependencies(adj, s, work);
    for (let i = 0; i < reached; i++) {
      const v = work.order[i]!;
      const d = work.delta[v]!;
      result[v]! += d;
      if (squares) squares[v]! += d * d;
    }
    reset(work, reached);
  }
  // networkx: undirected, normalised → divide by (n-1)(n-2); a sample of k sources is scaled by n/k.
  const scale = n / k / ((n - 1) * (n - 2));
  let standardError = 0;
  for (let v = 0; v < n; v++) {
    if (squares) {
      const mean = result[v]! / k;
      const variance = Math.max(0, squares[v]! / k - mean * mean);
      standardError = Math.max(standardError, (n * Math.sqrt(variance / k)) / ((n - 1) * (n - 2)));
    }
    result[v]! *= scale;
  }
  return { values: result, exact, samples: k, standardError };
}

/** Connected components of the simple graph: a component number per node, and sizes. */
export function components(n: number, pairs: Array<[number, number]>) {
  const adj = simpleAdjacency(n, pairs);
  const label = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (label[start]! >= 0) continue;
    const c = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = c;
    while (head < tail) {
      const v = queue[head++]!;
      for (let e = adj.offsets[v]!; e < adj.offsets[v + 1]!; e++) {
        const w = adj.targets[e]!;
        if (label[w]! < 0) {
          label[w] = c;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { label, sizes };
}

/** The work of exact betweenness: a breadth-first search from each node over its component, Σ nodes × (nodes + ties). */
export function betweennessWork(comps: { label: Int32Array; sizes: number[] }, pairs: Array<[number, number]>): number {
  const ties = new Float64Array(comps.sizes.length);
  for (const [a] of pairs) ties[comps.label[a]!]!++;
  return comps.sizes.reduce((work, size, c) => work + size * (size + ties[c]!), 0);
}

/** Louvain communities (seeded, so the same graph gives the same answer) and their modularity. */
export function communities(n: number, pairs: Array<[number, number]>, seed = 7) {
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (let i = 0; i < n; i++) graph.addNode(i);
  for (const [a, b] of pairs) if (a !== b && !graph.hasEdge(a, b)) graph.addEdge(a, b);
  if (graph.size === 0) return { community: Array.from({ length: n }, (_, i) => i), count: n, modularity: 0 };
  const detailed = louvain.detailed(graph, { rng: createRandom(seed).next, getEdgeWeight: null });
  // Number communities 0, 1, 2… in order of each one's first node, so answers read the same every time.
  const renumber = new Map<number, number>();
  const community = Array.from({ length: n }, (_, i) => {
    const c = detailed.communities[String(i)]!;
    if (!renumber.has(c)) renumber.set(c, renumber.size);
    return renumber.get(c)!;
  });
  return { community, count: renumber.size, modularity: detailed.modularity };
}

/** Tie types that connect a school to others for support or learning (not governance or membership); an organisation with none is isolated. */
export const PEER_TIE_TYPES = new Set([
  'support',
  'partnership',
  'peer-review',
  'multi-agency',
  'mentoring',
  'staff-loan',
  'network-co-leadership',
]);

/** Every metric of the network: per node (in the order given) and for the whole. */
export function computeMetrics(
  nodes: NetworkNode[],
  edges: NetworkEdge[],
  options: { exactWork?: number; samples?: number; seed?: number } = {},
) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const pairs: Array<[number, number]> = [];
  const outNeighbours = nodes.map(() => new Set<number>());
  const inNeighbours = nodes.map(() => new Set<number>());
  const spanning = new Int32Array(n);
  const peerTie = new Uint8Array(n);
  let spanningTies = 0;
  for (const edge of edges) {
    const a = index.get(edge.source);
    const b = index.get(edge.target);
    if (a === undefined || b === undefined) continue;
    pairs.push([a, b]);
    if (edge.directed) {
      outNeighbours[a]!.add(b);
      inNeighbours[b]!.add(a);
    }
    if (edge.boundarySpanning) {
      spanningTies++;
      spanning[a]!++;
      spanning[b]!++;
    }
    if (PEER_TIE_TYPES.has(edge.type)) {
      peerTie[a] = 1;
      peerTie[b] = 1;
    }
  }
  const adj = simpleAdjacency(n, pairs);
  const comps = components(n, pairs);
  const exact = betweennessWork(comps, pairs) <= (options.exactWork ?? EXACT_BETWEENNESS_WORK);
  const between = betweenness(n, pairs, {
    samples: exact ? n : (options.samples ?? BETWEENNESS_SAMPLES),
    seed: options.seed,
  });
  const comms = communities(n, pairs, options.seed);
  const simpleEdges = adj.targets.length / 2;
  const metrics: NodeMetrics[] = nodes.map((_, i) => ({
    degree: adj.offsets[i + 1]! - adj.offsets[i]!,
    inDegree: inNeighbours[i]!.size,
    outDegree: outNeighbours[i]!.size,
    betweenness: between.values[i]!,
    community: comms.community[i]!,
    boundarySpanning: spanning[i]!,
    isolated: peerTie[i] === 0,
  }));
  const summary: NetworkSummary = {
    nodes: n,
    edges: pairs.length,
    density: n > 1 ? (2 * simpleEdges) / (n * (n - 1)) : 0,
    components: comps.sizes.length,
    largest_component: comps.sizes.reduce((largest, size) => Math.max(largest, size), 0),
    communities: comms.count,
    modularity: comms.modularity,
    boundary_spanning_share: pairs.length ? spanningTies / pairs.length : 0,
    betweenness: between.exact ? 'exact' : 'sampled',
    betweenness_samples: between.samples,
    betweenness_standard_error: between.standardError,
  };
  const isolatedSchools = nodes.filter((node, i) => node.kind === 'school' && node.inScope && metrics[i]!.isolated);
  return { metrics, summary, isolatedSchools };
}
