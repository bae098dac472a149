import type { MapData } from '../../shared/network-map-data.js';
import type { NetworkReport, NodeReport } from './network.service.js';

/** What the map is drawn from: a network report, or any graph of organisations of the same shape. */
export interface MapGraph {
  asOf: string;
  nodes: Array<
    Pick<NodeReport, 'id' | 'key' | 'name' | 'kind' | 'latitude' | 'longitude' | 'in_scope' | 'degree' | 'betweenness'>
  >;
  edges: Array<Pick<NetworkReport['edges'][number], 'source' | 'target' | 'type'>>;
}

/**
 * Places organisations on the map by where they are (longitude east, latitude north, the
 * east–west scale shrunk for the latitude); one without a location sits among the
 * organisations it is tied to, or near the middle. Sizes follow the chosen metric.
 */
export function mapData(report: MapGraph, sizeBy: 'degree' | 'betweenness'): MapData {
  const n = report.nodes.length;
  const index = new Map(report.nodes.map((node, i) => [node.id, i]));
  const x = new Array<number>(n).fill(NaN);
  const y = new Array<number>(n).fill(NaN);
  const placed = report.nodes.filter((l) => l.latitude != null && l.longitude != null);
  const meanLat = placed.length ? placed.reduce((s, l) => s + l.latitude!, 0) / placed.length : 52.5;
  const shrink = Math.cos((meanLat * Math.PI) / 180);
  report.nodes.forEach((node, i) => {
    if (node.latitude != null && node.longitude != null) {
      x[i] = node.longitude * shrink;
      y[i] = node.latitude;
    }
  });
  const neighbours: number[][] = report.nodes.map(() => []);
  for (const e of report.edges) {
    const a = index.get(e.source)!;
    const b = index.get(e.target)!;
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  const known = [...Array(n).keys()].filter((i) => !Number.isNaN(x[i]!));
  const centre = known.length
    ? { x: known.reduce((s, i) => s + x[i]!, 0) / known.length, y: known.reduce((s, i) => s + y[i]!, 0) / known.length }
    : { x: 0, y: 0 };
  // A small, fixed offset per node keeps organisations at the same spot from hiding each other.
  const jitter = (i: number, axis: number) =>
    (((report.nodes[i]!.id * (axis ? 7919 : 104729)) % 1000) / 1000 - 0.5) * 0.02;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(x[i]!)) continue;
    const anchored = neighbours[i]!.filter((j) => !Number.isNaN(x[j]!));
    const base = anchored.length
      ? {
          x: anchored.reduce((s, j) => s + x[j]!, 0) / anchored.length,
          y: anchored.reduce((s, j) => s + y[j]!, 0) / anchored.length,
        }
      : centre;
    x[i] = base.x + jitter(i, 0);
    y[i] = base.y + jitter(i, 1);
  }
  const metric = report.nodes.map((node) => (sizeBy === 'betweenness' ? node.betweenness : node.degree));
  const max = Math.max(1e-12, ...metric);
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    asOf: report.asOf,
    nodes: {
      id: report.nodes.map((node) => node.id),
      key: report.nodes.map((node) => node.key),
      label: report.nodes.map((node) => node.name),
      kind: report.nodes.map((node) => node.kind),
      x: x.map(round),
      y: y.map(round),
      size: metric.map((m) => Math.round((2 + 10 * Math.sqrt(m / max)) * 10) / 10),
      inScope: report.nodes.map((node) => node.in_scope),
    },
    edges: {
      source: report.edges.map((e) => index.get(e.source)!),
      target: report.edges.map((e) => index.get(e.target)!),
      type: report.edges.map((e) => e.type),
    },
  };
}
