/**
 * Exports of a network: GEXF 1.3 and GraphML (both open in Gephi with their attributes) and
 * CSV of nodes and edges, each with a short data dictionary. Node ids are the keys the
 * organisations were imported with (urn:…, la:…, uid:…, or id:… for those with none).
 */
import { toCsv } from '../../platform/csv/csv-writer.js';
import type { NetworkReport } from './network.service.js';

export type Column = { name: string; type: 'string' | 'integer' | 'double' | 'boolean'; meaning: string };

export const NODE_COLUMNS: Column[] = [
  {
    name: 'key',
    type: 'string',
    meaning:
      'the key the organisation was imported with: urn:<URN>, la:<LA code>, uid:<GIAS group UID>, or id:<Syslead id>',
  },
  { name: 'name', type: 'string', meaning: 'name of the organisation' },
  {
    name: 'kind',
    type: 'string',
    meaning: 'kind of organisation (school, academy-trust, federation, network, local-authority, health, …)',
  },
  { name: 'phase', type: 'string', meaning: 'phase of a school (empty for others)' },
  {
    name: 'system',
    type: 'string',
    meaning: 'wider system the organisation belongs to: education, public-services or community',
  },
  {
    name: 'in_scope',
    type: 'boolean',
    meaning: 'true for an organisation of the chosen scope, false for one drawn in because it is tied to the scope',
  },
  { name: 'degree', type: 'integer', meaning: 'number of distinct organisations it is tied to' },
  { name: 'in_degree', type: 'integer', meaning: 'distinct organisations with a directed tie towards it' },
  { name: 'out_degree', type: 'integer', meaning: 'distinct organisations it has a directed tie towards' },
  {
    name: 'betweenness',
    type: 'double',
    meaning: 'normalised betweenness centrality on the simple undirected graph (as networkx, normalized=True)',
  },
  { name: 'community', type: 'integer', meaning: 'Louvain community number' },
  {
    name: 'boundary_spanning',
    type: 'integer',
    meaning: 'number of its ties whose two ends are in different wider systems',
  },
  {
    name: 'isolated',
    type: 'boolean',
    meaning: 'true when it has no support, partnership or peer tie (governance and membership ties do not count)',
  },
];

export const EDGE_COLUMNS: Column[] = [
  { name: 'source', type: 'string', meaning: 'key of the organisation the tie runs from' },
  { name: 'target', type: 'string', meaning: 'key of the organisation the tie runs to' },
  {
    name: 'type',
    type: 'string',
    meaning:
      'type of tie: membership, governance, support, partnership, multi-agency, peer-review, mentoring, staff-loan, network-co-leadership or lineage',
  },
  {
    name: 'directed',
    type: 'boolean',
    meaning: 'true when the tie has a direction (from supporter to supported, member to group…)',
  },
  { name: 'system', type: 'string', meaning: 'wider system of the tie, from the kinds of its two ends' },
  { name: 'boundary_spanning', type: 'boolean', meaning: 'true when its two ends are in different wider systems' },
  { name: 'start_date', type: 'string', meaning: 'first day of the tie (YYYY-MM-DD), empty when not known' },
  { name: 'end_date', type: 'string', meaning: 'last day of the tie, empty while it continues' },
];

function xml(value: unknown): string {
  return (
    String(value ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 forbids are dropped rather than written.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

function nodeValues(report: NetworkReport) {
  return report.nodes.map((n) => ({ ...n, phase: n.phase ?? '' }) as unknown as Record<string, unknown>);
}

function edgeValues(report: NetworkReport) {
  return report.edges.map((e) => ({
    source: e.sourceKey,
    target: e.targetKey,
    type: e.type,
    directed: e.directed,
    system: e.system,
    boundary_spanning: e.boundarySpanning,
    start_date: e.startDate ?? '',
    end_date: e.endDate ?? '',
    id: e.id,
  }));
}

function title(report: NetworkReport) {
  return `Syslead network${report.scope ? ` of ${report.scope.name}` : ''} on ${report.asOf}`;
}

/** A graph to write as GEXF: its columns (each described) and its nodes and edges by column name. */
export interface GexfGraph {
  title: string;
  /** The day the graph is of (YYYY-MM-DD). */
  date: string;
  /** Written after the title in the file's description; the columns' meanings follow it. */
  about: string;
  /** `key` and `name` are the node's id and label; the rest are its attributes. */
  nodeColumns: Column[];
  /** `source`, `target` and `directed` place the edge; the rest are its attributes. */
  edgeColumns: Column[];
  nodes: Array<Record<string, unknown> & { key: string; name: string }>;
  edges: Array<
    Record<string, unknown> & { id: number; source: string; target: string; directed: boolean; label: string }
  >;
}

/** GEXF 1.3, with node and edge attributes declared and a data dictionary in its description. */
export function writeGexf(graph: GexfGraph): string {
  const attrType = (t: Column['type']) => (t === 'integer' ? 'integer' : t);
  const nodeAttrs = graph.nodeColumns.filter((c) => c.name !== 'key' && c.name !== 'name');
  const edgeAttrs = graph.edgeColumns.filter((c) => !['source', 'target', 'directed'].includes(c.name));
  const dictionary = [
    graph.about,
    ...graph.nodeColumns.map((c) => `node ${c.name}: ${c.meaning}`),
    ...graph.edgeColumns.map((c) => `edge ${c.name}: ${c.meaning}`),
  ].join('\n');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${graph.date}"><creator>Syslead</creator><description>${xml(`${graph.title}.\n${dictionary}`)}</description></meta>`,
    '  <graph mode="static" defaultedgetype="undirected">',
    '    <attributes class="node">',
    ...nodeAttrs.map((c) => `      <attribute id="${c.name}" title="${c.name}" type="${attrType(c.type)}"/>`),
    '    </attributes>',
    '    <attributes class="edge">',
    ...edgeAttrs.map((c) => `      <attribute id="${c.name}" title="${c.name}" type="${attrType(c.type)}"/>`),
    '    </attributes>',
    '    <nodes>',
  ];
  for (const node of graph.nodes) {
    const values = nodeAttrs.map((c) => `<attvalue for="${c.name}" value="${xml(node[c.name])}"/>`).join('');
    lines.push(`      <node id="${xml(node.key)}" label="${xml(node.name)}"><attvalues>${values}</attvalues></node>`);
  }
  lines.push('    </nodes>', '    <edges>');
  for (const edge of graph.edges) {
    const values = edgeAttrs.map((c) => `<attvalue for="${c.name}" value="${xml(edge[c.name])}"/>`).join('');
    lines.push(
      `      <edge id="${edge.id}" source="${xml(edge.source)}" target="${xml(edge.target)}" type="${edge.directed ? 'directed' : 'undirected'}" label="${xml(edge.label)}"><attvalues>${values}</attvalues></edge>`,
    );
  }
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}

/** A network report as GEXF 1.3. */
export function toGexf(report: NetworkReport): string {
  return writeGexf({
    title: title(report),
    date: report.asOf,
    about: 'Nodes are organisations; edges are ties in force on the day of the export.',
    nodeColumns: NODE_COLUMNS,
    edgeColumns: EDGE_COLUMNS,
    nodes: nodeValues(report) as GexfGraph['nodes'],
    edges: edgeValues(report).map((e) => ({ ...e, label: e.type })),
  });
}

/** GraphML, with typed keys (each described) for node and edge attributes. */
export function toGraphml(report: NetworkReport): string {
  const attrType = (t: Column['type']) => (t === 'integer' ? 'int' : t);
  const nodeAttrs = NODE_COLUMNS.filter((c) => c.name !== 'key');
  const edgeAttrs = EDGE_COLUMNS.filter((c) => !['source', 'target', 'directed'].includes(c.name));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${xml(title(report))}</desc>`,
    ...nodeAttrs.map(
      (c) =>
        `  <key id="n_${c.name}" for="node" attr.name="${c.name}" attr.type="${attrType(c.type)}"><desc>${xml(c.meaning)}</desc></key>`,
    ),
    ...edgeAttrs.map(
      (c) =>
        `  <key id="e_${c.name}" for="edge" attr.name="${c.name}" attr.type="${attrType(c.type)}"><desc>${xml(c.meaning)}</desc></key>`,
    ),
    '  <graph id="G" edgedefault="undirected">',
  ];
  for (const node of nodeValues(report)) {
    lines.push(
      `    <node id="${xml(node.key)}">${nodeAttrs.map((c) => `<data key="n_${c.name}">${xml(node[c.name])}</data>`).join('')}</node>`,
    );
  }
  for (const edge of edgeValues(report)) {
    const data = edgeAttrs
      .map((c) => `<data key="e_${c.name}">${xml((edge as Record<string, unknown>)[c.name])}</data>`)
      .join('');
    lines.push(
      `    <edge id="e${edge.id}" source="${xml(edge.source)}" target="${xml(edge.target)}" directed="${edge.directed}">${data}</edge>`,
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

function csv(rows: Array<Record<string, unknown>>, columns: Column[]): string {
  return toCsv(
    columns.map((c) => c.name),
    rows.map((r) => columns.map((c) => r[c.name])),
  );
}

/** nodes.csv, edges.csv and dictionary.csv (file, column, type, meaning). */
export function toCsvFiles(report: NetworkReport): Record<'nodes.csv' | 'edges.csv' | 'dictionary.csv', string> {
  const dictionary = [
    ...NODE_COLUMNS.map((c) => ({ file: 'nodes.csv', column: c.name, type: c.type, meaning: c.meaning })),
    ...EDGE_COLUMNS.map((c) => ({ file: 'edges.csv', column: c.name, type: c.type, meaning: c.meaning })),
  ];
  const dictionaryColumns: Column[] = ['file', 'column', 'type', 'meaning'].map((name) => ({
    name,
    type: 'string',
    meaning: '',
  }));
  return {
    'nodes.csv': csv(nodeValues(report), NODE_COLUMNS),
    'edges.csv': csv(edgeValues(report), EDGE_COLUMNS),
    'dictionary.csv': csv(dictionary, dictionaryColumns),
  };
}
