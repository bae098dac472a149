import { createReadCache } from '../../platform/cache/read-cache.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import { todayIso } from '../landscape/index.js';
import type { LandscapeService } from '../landscape/index.js';
import { computeMetrics, type NetworkEdge, type NetworkNode, type NetworkSummary } from './network.metrics.js';

export interface NetworkFilters {
  scope?: string;
  asOf?: string;
  types?: string[];
  systems?: string[];
  phase?: string;
}

/** A node with its metrics, named as the metrics JSON names them. */
export type NodeReport = Pick<
  NetworkNode,
  'id' | 'key' | 'name' | 'kind' | 'phase' | 'system' | 'latitude' | 'longitude'
> & {
  in_scope: boolean;
  degree: number;
  in_degree: number;
  out_degree: number;
  betweenness: number;
  community: number;
  boundary_spanning: number;
  isolated: boolean;
};

export interface NetworkReport {
  asOf: string;
  scope: { ref: string; name: string } | null;
  summary: NetworkSummary;
  nodes: NodeReport[];
  edges: Array<NetworkEdge & { sourceKey: string; targetKey: string; system: string }>;
  isolatedSchools: Array<{ id: number; key: string; name: string }>;
  topBrokers: Array<{ id: number; key: string; name: string; betweenness: number }>;
}

const TOP_BROKERS = 10;

/** The network of a local system: its metrics over any scope, day and filter, and how it changed. */
export function createNetworkService({ landscape }: { landscape: LandscapeService }) {
  /** Reports by their filters and day, at one version of the data: metrics are computed once per change, not per page. */
  const reports = createReadCache(50);

  function report(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
    requireSignedIn(actor);
    const key = JSON.stringify([
      todayIso(),
      filters.scope,
      filters.asOf,
      filters.types,
      filters.systems,
      filters.phase,
    ]);
    return reports.read(actor?.dataVersion, key, () => computeReport(actor, filters));
  }

  async function computeReport(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
    const data = await landscape.networkData(actor, filters);
    const nodes: NetworkNode[] = data.nodes;
    const { metrics, summary, isolatedSchools } = computeMetrics(nodes, data.edges);
    const keyOf = new Map(nodes.map((n) => [n.id, n.key]));
    const nodeReports = nodes.map((n, i) => {
      const m = metrics[i]!;
      return {
        id: n.id,
        key: n.key,
        name: n.name,
        kind: n.kind,
        phase: n.phase,
        system: n.system,
        in_scope: n.inScope,
        degree: m.degree,
        in_degree: m.inDegree,
        out_degree: m.outDegree,
        betweenness: m.betweenness,
        community: m.community,
        boundary_spanning: m.boundarySpanning,
        isolated: m.isolated,
        latitude: n.latitude,
        longitude: n.longitude,
      };
    });
    return {
      asOf: data.asOf,
      scope: data.scope,
      summary,
      nodes: nodeReports,
      edges: data.edges.map((e) => ({ ...e, sourceKey: keyOf.get(e.source)!, targetKey: keyOf.get(e.target)! })),
      isolatedSchools: isolatedSchools.map((s) => ({ id: s.id, key: s.key, name: s.name })),
      topBrokers: [...nodeReports]
        .filter((n) => n.in_scope && n.betweenness > 0)
        .sort((a, b) => b.betweenness - a.betweenness || a.name.localeCompare(b.name))
        .slice(0, TOP_BROKERS)
        .map((n) => ({ id: n.id, key: n.key, name: n.name, betweenness: n.betweenness })),
    };
  }

  return {
    /** Every metric of the network for a scope, day and filters, over exactly the nodes and ties an export writes. */
    report,

    /** The same network on two days side by side, with the ties that began and ended between them. */
    async compare(actor: Actor | undefined, filters: Omit<NetworkFilters, 'asOf'> & { from: string; to: string }) {
      const [before, after] = await Promise.all([
        report(actor, { ...filters, asOf: filters.from }),
        report(actor, { ...filters, asOf: filters.to }),
      ]);
      const beforeIds = new Set(before.edges.map((e) => e.id));
      const afterIds = new Set(after.edges.map((e) => e.id));
      const names = new Map([...before.nodes, ...after.nodes].map((n) => [n.id, n.name]));
      const describe = (e: NetworkReport['edges'][number]) => ({
        id: e.id,
        type: e.type,
        source: names.get(e.source) ?? '',
        target: names.get(e.target) ?? '',
        sourceId: e.source,
        targetId: e.target,
      });
      return {
        from: before,
        to: after,
        added: after.edges.filter((e) => !beforeIds.has(e.id)).map(describe),
        ended: before.edges.filter((e) => !afterIds.has(e.id)).map(describe),
      };
    },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
