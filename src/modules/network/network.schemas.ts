import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

/** The network's whole-graph metrics. */
export const NetworkSummaryView = Type.Object({
  nodes: Type.Integer(),
  edges: Type.Integer({ description: 'Ties of the simple undirected graph (parallel ties merged)' }),
  density: Type.Number(),
  components: Type.Integer(),
  largest_component: Type.Integer(),
  communities: Type.Integer(),
  modularity: Type.Number(),
  boundary_spanning_share: Type.Number({ description: 'Share of ties that cross from one wider system to another' }),
  betweenness: Type.Union([Type.Literal('exact'), Type.Literal('sampled')]),
  betweenness_samples: Type.Integer(),
  betweenness_standard_error: Type.Number(),
});

/** Metrics of the network for a scope and day: the summary and one entry per organisation. */
export const NetworkMetricsView = Type.Object({
  as_of: IsoDate,
  scope: nullable(Type.Object({ ref: Type.String(), name: Type.String() })),
  summary: NetworkSummaryView,
  nodes: Type.Array(
    Type.Object({
      key: Type.String({
        description: 'A stable key: urn:<URN>, la:<LA code>, uid:<GIAS group UID> or id:<Syslead id>',
      }),
      name: Type.String(),
      kind: Type.String(),
      in_scope: Type.Boolean({ description: 'False for a neighbour drawn in from outside the scope' }),
      degree: Type.Integer(),
      in_degree: Type.Integer(),
      out_degree: Type.Integer(),
      betweenness: Type.Number(),
      community: Type.Integer(),
      boundary_spanning: Type.Integer({ description: 'Ties of the organisation that cross wider systems' }),
      isolated: Type.Boolean(),
    }),
  ),
  isolated_schools: Type.Array(Type.String(), { description: 'Keys of schools in scope tied to no other school' }),
  top_brokers: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), betweenness: Type.Number() })),
});

/** The map's data: parallel arrays (one entry per node, or per tie) rather than an object each, kept small for large networks. */
export const NetworkGraphView = Type.Object({
  asOf: IsoDate,
  nodes: Type.Object({
    id: Type.Array(Type.Integer()),
    key: Type.Array(Type.String()),
    label: Type.Array(Type.String()),
    kind: Type.Array(Type.String()),
    x: Type.Array(Type.Number()),
    y: Type.Array(Type.Number()),
    size: Type.Array(Type.Number()),
    inScope: Type.Array(Type.Boolean()),
  }),
  edges: Type.Object({
    source: Type.Array(Type.Integer({ description: 'Index into the node arrays' })),
    target: Type.Array(Type.Integer({ description: 'Index into the node arrays' })),
    type: Type.Array(Type.String()),
  }),
});

const TieChange = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  source: Type.String(),
  target: Type.String(),
  sourceId: Type.Integer(),
  targetId: Type.Integer(),
});

/** The network on two days, with the ties that began and ended between them. */
export const NetworkCompareView = Type.Object({
  from: NetworkSummaryView,
  to: NetworkSummaryView,
  added: Type.Array(TieChange),
  ended: Type.Array(TieChange),
});

/** An export is a file: GEXF, GraphML or CSV text. */
const File = (description: string) => ({ schema: Type.String({ description }) });
export const NetworkExportResponse = {
  description: 'The network as a file, named syslead-network-<day>.<format>',
  content: {
    'application/gexf+xml': File('GEXF 1.3 (format=gexf)'),
    'application/graphml+xml': File('GraphML (format=graphml)'),
    'text/csv': File('Nodes, edges or the data dictionary (format=nodes.csv, edges.csv or dictionary.csv)'),
  },
};

/** How a GEXF or GraphML export places its edges (see EdgeMode in network.export.ts). */
export const EdgeModeField = Type.Optional(
  Type.Union([Type.Literal('simple'), Type.Literal('mixed')], {
    description:
      'simple (the default): one undirected graph, each tie’s direction kept in its attribute directed; mixed: directed and undirected edges marked in the file (Gephi reads it, networkx refuses it)',
  }),
);

/** The query of a graph download: only how to place its edges. */
export const EdgesQuery = Type.Object({ edges: EdgeModeField }, { additionalProperties: false });
