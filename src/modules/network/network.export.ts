/**
 * Exports of a network: GEXF 1.3 and GraphML (both open in Gephi, networkx and igraph with their
 * attributes; one writer each, used by every graph Syslead exports) and CSV of nodes and edges,
 * each with a short data dictionary. Node ids are the keys the
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

/**
 * How an export places its edges. `simple` (the default) is one undirected graph that Gephi,
 * networkx and igraph all open: each tie is its own edge with its own id (so a pair of
 * organisations with two ties has two parallel edges, which networkx reads as a MultiGraph),
 * its source and target as recorded and its direction kept in the attribute `directed`.
 * `mixed` marks each edge directed or undirected in the file itself, which Gephi reads and
 * networkx refuses.
 */
export type EdgeMode = 'simple' | 'mixed';

/** A graph to write as GEXF or GraphML: its columns (each described) and its nodes and edges by column name. */
export interface ExportGraph {
  title: string;
  /** The day the graph is of (YYYY-MM-DD). */
  date: string;
  /** Written after the title in the file's description; the columns' meanings follow it. */
  about: string;
  /** `key` and `name` are the node's id and label; the rest are its attributes. */
  nodeColumns: Column[];
  /** `source` and `target` place the edge; `directed` is its direction; the rest are its attributes. */
  edgeColumns: Column[];
  nodes: Array<Record<string, unknown> & { key: string; name: string }>;
  edges: Array<
    Record<string, unknown> & { id: number; source: string; target: string; directed: boolean; label: string }
  >;
}

/** The node and edge columns written as attributes: all but those the file's own structure carries. */
function attributeColumns(graph: ExportGraph, mode: EdgeMode, nodeOwn: string[]) {
  const edgeOwn = mode === 'simple' ? ['source', 'target'] : ['source', 'target', 'directed'];
  return {
    nodeAttrs: graph.nodeColumns.filter((c) => !nodeOwn.includes(c.name)),
    edgeAttrs: graph.edgeColumns.filter((c) => !edgeOwn.includes(c.name)),
  };
}

function dictionary(graph: ExportGraph, mode: EdgeMode): string {
  return [
    `${graph.title}.`,
    graph.about,
    mode === 'simple'
      ? 'Every edge is written undirected; its attribute directed says whether the tie has a direction, from source to target.'
      : 'Each edge is marked directed or undirected in the file.',
    ...graph.nodeColumns.map((c) => `node ${c.name}: ${c.meaning}`),
    ...graph.edgeColumns.map((c) => `edge ${c.name}: ${c.meaning}`),
  ].join('\n');
}

/** GEXF 1.3, with node and edge attributes declared and a data dictionary in its description. */
export function writeGexf(graph: ExportGraph, mode: EdgeMode = 'simple'): string {
  const { nodeAttrs, edgeAttrs } = attributeColumns(graph, mode, ['key', 'name']);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${graph.date}"><creator>Syslead</creator><description>${xml(dictionary(graph, mode))}</description></meta>`,
    '  <graph mode="static" defaultedgetype="undirected">',
    '    <attributes class="node">',
    ...nodeAttrs.map((c) => `      <attribute id="${c.name}" title="${c.name}" type="${c.type}"/>`),
    '    </attributes>',
    '    <attributes class="edge">',
    ...edgeAttrs.map((c) => `      <attribute id="${c.name}" title="${c.name}" type="${c.type}"/>`),
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
    const type = mode === 'mixed' ? ` type="${edge.directed ? 'directed' : 'undirected'}"` : '';
    lines.push(
      `      <edge id="${edge.id}" source="${xml(edge.source)}" target="${xml(edge.target)}"${type} label="${xml(edge.label)}"><attvalues>${values}</attvalues></edge>`,
    );
  }
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}

/** GraphML, with typed keys (each described) for node and edge attributes. */
export function writeGraphml(graph: ExportGraph, mode: EdgeMode = 'simple'): string {
  const attrType = (t: Column['type']) => (t === 'integer' ? 'int' : t);
  const { nodeAttrs, edgeAttrs } = attributeColumns(graph, mode, ['key']);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${xml(dictionary(graph, mode))}</desc>`,
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
  for (const node of graph.nodes) {
    lines.push(
      `    <node id="${xml(node.key)}">${nodeAttrs.map((c) => `<data key="n_${c.name}">${xml(node[c.name])}</data>`).join('')}</node>`,
    );
  }
  for (const edge of graph.edges) {
    const data = edgeAttrs.map((c) => `<data key="e_${c.name}">${xml(edge[c.name])}</data>`).join('');
    const directed = mode === 'mixed' ? ` directed="${edge.directed}"` : '';
    lines.push(
      `    <edge id="e${edge.id}" source="${xml(edge.source)}" target="${xml(edge.target)}"${directed}>${data}</edge>`,
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** The two graph formats, each with its file extension, media type and writer, for routes that offer both. */
export const GRAPH_FORMATS = [
  { extension: 'gexf', type: 'application/gexf+xml', write: writeGexf },
  { extension: 'graphml', type: 'application/graphml+xml', write: writeGraphml },
] as const;

/** A network report as a graph to write: organisations as nodes, ties in force as edges. */
function networkGraph(report: NetworkReport): ExportGraph {
  return {
    title: title(report),
    date: report.asOf,
    about: 'Nodes are organisations; edges are ties in force on the day of the export.',
    nodeColumns: NODE_COLUMNS,
    edgeColumns: EDGE_COLUMNS,
    nodes: nodeValues(report) as ExportGraph['nodes'],
    edges: edgeValues(report).map((e) => ({ ...e, label: e.type })),
  };
}

/** A network report as GEXF 1.3. */
export const toGexf = (report: NetworkReport, mode: EdgeMode = 'simple') => writeGexf(networkGraph(report), mode);

/** A network report as GraphML. */
export const toGraphml = (report: NetworkReport, mode: EdgeMode = 'simple') => writeGraphml(networkGraph(report), mode);

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
