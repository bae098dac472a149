import type { NetworkReport } from './network.service.js';

/**
 * The metrics JSON: `summary` and one entry per node, computed over exactly the nodes and
 * ties an export of the same scope and day writes.
 */
export function metricsJson(report: NetworkReport) {
  return {
    as_of: report.asOf,
    scope: report.scope,
    summary: report.summary,
    nodes: report.nodes.map((n) => ({
      key: n.key,
      name: n.name,
      kind: n.kind,
      in_scope: n.in_scope,
      degree: n.degree,
      in_degree: n.in_degree,
      out_degree: n.out_degree,
      betweenness: n.betweenness,
      community: n.community,
      boundary_spanning: n.boundary_spanning,
      isolated: n.isolated,
    })),
    isolated_schools: report.isolatedSchools.map((s) => s.key),
    top_brokers: report.topBrokers.map((b) => ({ key: b.key, name: b.name, betweenness: b.betweenness })),
  };
}
