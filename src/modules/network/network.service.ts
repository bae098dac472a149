import type { Db } from '../../db/database.js';
import { readDataVersion } from '../../db/data-version.js';
import { keep, readKept } from '../../platform/cache/kept-reports.js';
import { createReadCache } from '../../platform/cache/read-cache.js';
import { AppError } from '../../platform/http/errors.js';
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import { todayIso } from '../landscape/index.js';
import type { LandscapeService } from '../landscape/index.js';
import type { JobSender } from '../definition.js';
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
  /** For England's network, kept by a job: when it was computed, and whether the data has changed since. */
  kept?: { computedAt: string; current: boolean };
}

/** The queue of the job that computes the network of all of England. */
export const NATIONAL_NETWORK_QUEUE = 'network-national';

/**
 * From this many organisations, the unfiltered network of today (England's, once the national
 * list is imported) is computed by a job and kept per version of the data, never in a request;
 * a smaller landscape's takes milliseconds, and is computed as any scope's is.
 */
export const LARGE_LANDSCAPE = 5000;

function unfiltered(filters: NetworkFilters): boolean {
  return (
    !filters.scope &&
    (!filters.asOf || filters.asOf === todayIso()) &&
    !filters.types?.length &&
    !filters.systems?.length &&
    !filters.phase
  );
}
const nationalKey = () => `network:england:${todayIso()}`;

const TOP_BROKERS = 10;

/** The network of a local system: its metrics over any scope, day and filter, and how it changed. */
export function createNetworkService({
  db,
  landscape,
  jobs,
}: {
  db: Db;
  landscape: LandscapeService;
  jobs: JobSender;
}) {
  /** Reports by their filters and day, at one version of the data: metrics are computed once per change, not per page. */
  const reports = createReadCache(50);

  /** England's network as last kept; asks the job for a new one when the data has changed since. */
  async function national(actor: Actor | undefined): Promise<NetworkReport> {
    const version = actor?.dataVersion ?? (await readDataVersion(db));
    const kept = await readKept<NetworkReport>(db, nationalKey());
    const current = kept !== undefined && kept.dataVersion >= version;
    if (!current) await jobs.send(NATIONAL_NETWORK_QUEUE, {}, { singletonKey: NATIONAL_NETWORK_QUEUE });
    if (!kept)
      throw new AppError(
        'unavailable',
        'The network of all of England is being worked out in the background; it is ready in a minute or two',
      );
    return { ...kept.report, kept: { computedAt: kept.computedAt.toISOString(), current } };
  }

  function report(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
    requireSignedIn(actor);
    if (unfiltered(filters)) return unfilteredReport(actor, filters);
    return cachedReport(actor, filters);
  }

  async function unfilteredReport(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
    const { organisations } = await landscape.summary(actor);
    return organisations >= LARGE_LANDSCAPE ? national(actor) : cachedReport(actor, filters);
  }

  function cachedReport(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
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

    /** The same, always computed now: for the command line, which waits for its answer rather than a job. */
    reportNow(actor: Actor | undefined, filters: NetworkFilters): Promise<NetworkReport> {
      requireSignedIn(actor);
      return computeReport(actor, filters);
    },

    /** The job that computes England's network today and keeps it at the version of the data it read. */
    async computeNational(): Promise<void> {
      const version = await readDataVersion(db);
      await keep(db, nationalKey(), version, await computeReport(BACKGROUND_JOB, {}));
    },

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
