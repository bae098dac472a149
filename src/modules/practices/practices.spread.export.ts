/**
 * Exports of a practice's adoption network: GEXF and GraphML (through the network module's
 * writers, so they open in Gephi, networkx and igraph as the network's own exports do) and a CSV of its adoptions, one row an edge
 * of the tree with both its ends, each column described in the GEXF's dictionary.
 */
import { toCsv } from '../../platform/csv/csv-writer.js';
import { type Column, type ExportGraph } from '../network/index.js';
import type { SpreadService } from './practices.spread.service.js';

type Spread = Awaited<ReturnType<SpreadService['spread']>>;

const NODE_COLUMNS: Column[] = [
  { name: 'key', type: 'string', meaning: 'urn:<URN>, la:<LA code>, uid:<GIAS group UID>, or id:<Syslead id>' },
  { name: 'name', type: 'string', meaning: 'name of the organisation' },
  { name: 'kind', type: 'string', meaning: 'kind of organisation (school, health, community-group, …)' },
  { name: 'role', type: 'string', meaning: 'owner for the school that wrote the practice up, adopter for the others' },
  { name: 'system', type: 'string', meaning: 'wider system: education, public-services or community' },
  { name: 'local_authority', type: 'string', meaning: 'its local authority, empty when none is recorded' },
  { name: 'trust', type: 'string', meaning: 'the academy trust it is a member of today, empty when none' },
];

const EDGE_COLUMNS: Column[] = [
  {
    name: 'source',
    type: 'string',
    meaning: 'key of the school it hangs under in the tree (an adopter, or the owner)',
  },
  { name: 'target', type: 'string', meaning: 'key of the adopting organisation' },
  { name: 'directed', type: 'boolean', meaning: 'always true: from the school it came from to the one that took it' },
  { name: 'adoption_id', type: 'integer', meaning: 'Syslead id of the adoption' },
  { name: 'taken_from', type: 'string', meaning: 'the school the adopter says it took it from; empty: the library' },
  { name: 'started_on', type: 'string', meaning: 'first day of the adoption (YYYY-MM-DD)' },
  {
    name: 'days_from_parent',
    type: 'integer',
    meaning: 'days from the adoption it hangs under (or the practice’s writing up, under the owner)',
  },
  { name: 'depth', type: 'integer', meaning: '1 under the owner, 2 under one of its adopters, and so on' },
  { name: 'adapted', type: 'string', meaning: 'what the adopter changed, separated by semicolons' },
  { name: 'adaptation', type: 'string', meaning: 'how the adopter changed it, in its words' },
  { name: 'judgement', type: 'string', meaning: 'keep, adapt or stop at review; empty while the trial runs' },
  { name: 'judged_on', type: 'string', meaning: 'day of the judgement, empty while the trial runs' },
];

function nodes(spread: Spread) {
  return spread.schools.map((s) => ({
    key: s.key,
    name: s.name,
    kind: s.kind,
    role: s.id === spread.practice.organisationId ? 'owner' : 'adopter',
    system: s.widerSystem,
    local_authority: s.localAuthorityName ?? '',
    trust: s.trustName ?? '',
  }));
}

function edges(spread: Spread) {
  const keyOf = new Map(spread.schools.map((s) => [s.id, s.key]));
  const adopterOf = new Map(spread.tree.map((r) => [r.adoption.id, r.adoption.organisationId]));
  return spread.tree.map((r) => {
    const parent = r.parentId === null ? spread.practice.organisationId : adopterOf.get(r.parentId)!;
    return {
      id: r.adoption.id,
      source: keyOf.get(parent)!,
      target: keyOf.get(r.adoption.organisationId)!,
      directed: true,
      label: 'adoption',
      adoption_id: r.adoption.id,
      taken_from: r.adoption.fromOrganisationName ?? '',
      started_on: r.adoption.startedOn,
      days_from_parent: r.days,
      depth: r.depth,
      adapted: r.adoption.adapted.join('; '),
      adaptation: r.adoption.adaptation,
      judgement: r.adoption.judgement ?? '',
      judged_on: r.adoption.judgedOn ?? '',
    };
  });
}

/** The adoption network as a graph to write: schools as nodes, adoptions as directed edges. */
export function spreadGraph(spread: Spread, today: string): ExportGraph {
  return {
    title: `The spread of “${spread.practice.title}”, from Syslead, on ${today}`,
    date: today,
    about:
      'Nodes are the school that wrote the practice up and the organisations that adopted it; edges are adoptions.',
    nodeColumns: NODE_COLUMNS,
    edgeColumns: EDGE_COLUMNS,
    nodes: nodes(spread),
    edges: edges(spread),
  };
}

const CSV_COLUMNS = [
  'adoption_id',
  'adopter_key',
  'adopter',
  'adopter_system',
  'adopter_local_authority',
  'adopter_trust',
  'hangs_under_key',
  'hangs_under',
  'taken_from',
  'depth',
  'started_on',
  'days_from_parent',
  'adapted',
  'adaptation',
  'judgement',
  'judged_on',
];

/** The practice's adoptions as CSV, in the tree's order: one row an adoption, with both ends of its edge. */
export function adoptionsCsv(spread: Spread): string {
  const school = new Map(spread.schools.map((s) => [s.key, s]));
  const rows = edges(spread).map((e, i) => {
    const r = spread.tree[i]!;
    const adopter = school.get(e.target)!;
    return [
      e.adoption_id,
      e.target,
      adopter.name,
      adopter.widerSystem,
      adopter.localAuthorityName ?? '',
      adopter.trustName ?? '',
      e.source,
      r.parentName,
      e.taken_from,
      e.depth,
      e.started_on,
      e.days_from_parent,
      e.adapted,
      e.adaptation,
      e.judgement,
      e.judged_on,
    ];
  });
  return toCsv(CSV_COLUMNS, rows);
}
