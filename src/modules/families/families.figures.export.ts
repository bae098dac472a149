/**
 * The agencies that work together around families, as GEXF and GraphML (through the network
 * module's writers): agencies as nodes, the pairs of them on the same families' teams as edges.
 * Built only from the de-identified figures, so nothing they withhold can appear in the files.
 */
import { type Column, type ExportGraph } from '../network/index.js';
import type { FamiliesService } from './families.service.js';

type AgencyNetwork = Awaited<ReturnType<FamiliesService['agencyNetwork']>>;

const NODE_COLUMNS: Column[] = [
  { name: 'key', type: 'string', meaning: 'urn:<URN>, la:<LA code>, uid:<GIAS group UID>, or id:<Syslead id>' },
  { name: 'name', type: 'string', meaning: 'name of the agency' },
  { name: 'kind', type: 'string', meaning: 'kind of organisation (school, health, social-care, police, …)' },
  {
    name: 'families',
    type: 'integer',
    meaning: 'families whose team the agency has been on (only agencies with at least the threshold are listed)',
  },
];

const EDGE_COLUMNS: Column[] = [
  { name: 'source', type: 'string', meaning: 'key of one agency of the pair' },
  { name: 'target', type: 'string', meaning: 'key of the other agency of the pair' },
  { name: 'directed', type: 'boolean', meaning: 'always false: working together has no direction' },
  {
    name: 'families',
    type: 'integer',
    meaning: 'families whose team both agencies have been on (pairs below the threshold are left out)',
  },
];

/** The agency network as a graph to write. */
export function agencyGraph(network: AgencyNetwork, today: string): ExportGraph {
  const keyOf = new Map(network.agencies.map((a) => [a.id, a.key]));
  return {
    title: `Agencies working together around families, from Syslead, on ${today}`,
    date: today,
    about: `Nodes are agencies; edges join two agencies that have been on the same families’ teams. Counts name no family; any count below ${network.min} is left out, with the agency or pair it belongs to.`,
    nodeColumns: NODE_COLUMNS,
    edgeColumns: EDGE_COLUMNS,
    nodes: network.agencies.map((a) => ({ key: a.key, name: a.name, kind: a.kind, families: a.families })),
    edges: network.pairs.map((p, i) => ({
      id: i + 1,
      source: keyOf.get(p.a)!,
      target: keyOf.get(p.b)!,
      directed: false,
      label: 'worked together',
      families: p.families,
    })),
  };
}
