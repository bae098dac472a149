import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorResponses } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { getPrintable } from '../../platform/http/pages.js';
import { isIsoDate, parseQueryLeniently } from '../../platform/http/validate.js';
import {
  ORGANISATION_KINDS,
  PHASE_CODES,
  PHASES,
  RELATIONSHIP_TYPE_CODES,
  RELATIONSHIP_TYPES,
  WIDER_SYSTEM_LABELS,
  WIDER_SYSTEMS,
} from '../landscape/index.js';
import { GRAPH_FORMATS, toCsvFiles, toGexf, toGraphml, type EdgeMode } from './network.export.js';
import { metricsJson } from './network.json.js';
import { mapData } from './network.map.js';
import {
  EdgeModeField,
  NetworkCompareView,
  NetworkExportResponse,
  NetworkGraphView,
  NetworkMetricsView,
} from './network.schemas.js';
import type { NetworkFilters, NetworkReport, NetworkService } from './network.service.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const IsoDate = Type.String({ format: 'date' });

const FilterFields = {
  scope: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'LA code, URN, or trust/federation GIAS UID or ID; several, separated by commas, for a custom selection',
    }),
  ),
  asOf: Type.Optional(IsoDate),
  type: Type.Optional(
    Type.Array(literals(RELATIONSHIP_TYPE_CODES), { maxItems: 20, description: 'Keep only ties of these types' }),
  ),
  system: Type.Optional(
    Type.Array(literals(WIDER_SYSTEMS), { maxItems: 3, description: 'Keep only ties of these wider systems' }),
  ),
  phase: Type.Optional(literals(PHASE_CODES)),
};
const NetworkQuery = Type.Object(FilterFields, { additionalProperties: false });
const GraphQuery = Type.Object(
  { ...FilterFields, sizeBy: Type.Optional(literals(['degree', 'betweenness'])) },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    ...FilterFields,
    format: literals(['gexf', 'graphml', 'nodes.csv', 'edges.csv', 'dictionary.csv']),
    edges: EdgeModeField,
  },
  { additionalProperties: false },
);
const CompareQuery = Type.Object({ ...FilterFields, from: IsoDate, to: IsoDate }, { additionalProperties: false });
const PageQuery = Type.Object(
  {
    ...FilterFields,
    sizeBy: Type.Optional(literals(['degree', 'betweenness'])),
    sort: Type.Optional(literals(['name', 'degree', 'betweenness', 'boundary', 'community'])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

const PER_PAGE = 50;
const EXPORT_TYPES: Record<string, { type: string; extension: string }> = {
  ...Object.fromEntries(GRAPH_FORMATS.map((f) => [f.extension, { type: f.type, extension: f.extension }])),
  'nodes.csv': { type: 'text/csv; charset=utf-8', extension: 'nodes.csv' },
  'edges.csv': { type: 'text/csv; charset=utf-8', extension: 'edges.csv' },
  'dictionary.csv': { type: 'text/csv; charset=utf-8', extension: 'dictionary.csv' },
};

function filtersOf(query: Partial<Static<typeof NetworkQuery>>): NetworkFilters {
  return { scope: query.scope, asOf: query.asOf, types: query.type, systems: query.system, phase: query.phase };
}

/** A query string's repeated keys as arrays, so `type=a` and `type=a&type=b` read alike. */
function withArrays(query: unknown): Record<string, unknown> {
  const q = { ...((query ?? {}) as Record<string, unknown>) };
  for (const key of ['type', 'system']) if (typeof q[key] === 'string') q[key] = [q[key]];
  return q;
}

/** Renders an export in one of its formats. */
export function renderExport(report: NetworkReport, format: string, mode: EdgeMode = 'simple'): string {
  if (format === 'gexf') return toGexf(report, mode);
  if (format === 'graphml') return toGraphml(report, mode);
  return toCsvFiles(report)[format as 'nodes.csv' | 'edges.csv' | 'dictionary.csv'];
}

/** The network's JSON API and pages. */
export function registerNetworkRoutes(app: FastifyInstance, network: NetworkService) {
  app.get<{ Querystring: Static<typeof NetworkQuery> }>(
    '/api/v1/network/metrics',
    {
      schema: {
        tags: ['network'],
        summary: 'Metrics of the network for a scope and day',
        querystring: NetworkQuery,
        response: { 200: NetworkMetricsView, ...errorResponses },
      },
    },
    async (request) => metricsJson(await network.report(request.actor, filtersOf(request.query))),
  );

  app.get<{ Querystring: Static<typeof GraphQuery> }>(
    '/api/v1/network/graph',
    {
      schema: {
        tags: ['network'],
        summary: 'Nodes and ties with map positions, for drawing the network',
        querystring: GraphQuery,
        response: { 200: NetworkGraphView, ...errorResponses },
      },
    },
    async (request) =>
      mapData(
        await network.report(request.actor, filtersOf(request.query)),
        (request.query.sizeBy as 'degree' | 'betweenness' | undefined) ?? 'degree',
      ),
  );

  app.get<{ Querystring: Static<typeof CompareQuery> }>(
    '/api/v1/network/compare',
    {
      schema: {
        tags: ['network'],
        summary: 'The network on two days, with ties added and ended between them',
        querystring: CompareQuery,
        response: { 200: NetworkCompareView, ...errorResponses },
      },
    },
    async (request) => {
      const result = await network.compare(request.actor, {
        ...filtersOf(request.query),
        from: request.query.from,
        to: request.query.to,
      });
      return {
        from: metricsJson(result.from).summary,
        to: metricsJson(result.to).summary,
        added: result.added,
        ended: result.ended,
      };
    },
  );

  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/api/v1/network/export',
    {
      schema: {
        tags: ['network'],
        summary: 'Export the network as GEXF, GraphML or CSV (with a data dictionary)',
        querystring: ExportQuery,
        response: { 200: NetworkExportResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendExport(
        reply,
        await network.report(request.actor, filtersOf(request.query)),
        request.query.format,
        request.query.edges,
      ),
  );

  getPrintable(app, '/network', {}, async (request, reply) => {
    const raw = withArrays(request.query);
    const query = parseQueryLeniently<Static<typeof PageQuery>>(PageQuery, raw);
    const filters = filtersOf(query);
    const context = formContext(query, raw);
    let report: NetworkReport;
    try {
      report = await network.report(request.actor, filters);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unavailable')
        return reply.page('network/views/network.njk', { ...context, pending: error.message });
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      return reply.page(
        'network/views/network.njk',
        {
          ...context,
          errorList: [{ text: `No organisation has the key “${filters.scope}”`, href: '#scope' }],
          errors: { scope: 'is not a known key' },
        },
        400,
      );
    }
    const sort = query.sort ?? 'betweenness';
    const sorted = [...report.nodes].sort((a, b) => {
      if (sort === 'name') return a.name.localeCompare(b.name);
      const value = (n: typeof a) =>
        sort === 'degree'
          ? n.degree
          : sort === 'boundary'
            ? n.boundary_spanning
            : sort === 'community'
              ? -n.community
              : n.betweenness;
      return value(b) - value(a) || a.name.localeCompare(b.name);
    });
    const page = Math.min(query.page ?? 1, Math.max(1, Math.ceil(sorted.length / PER_PAGE)));
    const shown = sorted.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (['sort', 'page'].includes(key) || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
    }
    return reply.page('network/views/network.njk', {
      ...context,
      report,
      shown,
      sort,
      page,
      pages: Math.max(1, Math.ceil(sorted.length / PER_PAGE)),
      queryString: search.toString(),
      graphUrl: `/api/v1/network/graph?${search.toString()}`,
    });
  });

  app.get('/network/compare', async (request, reply) => {
    const raw = withArrays(request.query);
    const query = parseQueryLeniently<Static<typeof PageQuery>>(PageQuery, raw);
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const from = query.from ?? (isIsoDate(yearAgo) ? yearAgo : `${Number(today.slice(0, 4)) - 1}-02-28`);
    const to = query.to ?? today;
    const result = await network.compare(request.actor, { ...filtersOf(query), from, to });
    return reply.page('network/views/compare.njk', { ...formContext(query, raw), from, to, result });
  });
}

function sendExport(reply: FastifyReply, report: NetworkReport, format: string, mode: EdgeMode = 'simple') {
  const { type, extension } = EXPORT_TYPES[format]!;
  const name = `syslead-network-${report.asOf}${mode === 'mixed' ? '-mixed' : ''}.${extension}`;
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(renderExport(report, format, mode));
}

function formContext(query: Static<typeof PageQuery>, raw: Record<string, unknown>) {
  const types = new Set(query.type ?? []);
  const systems = new Set(query.system ?? []);
  return {
    title: 'The network',
    query,
    raw,
    typeItems: RELATIONSHIP_TYPE_CODES.map((code) => ({
      value: code,
      text: RELATIONSHIP_TYPES[code].label,
      checked: types.has(code),
    })),
    systemItems: WIDER_SYSTEMS.map((code) => ({
      value: code,
      text: WIDER_SYSTEM_LABELS[code],
      checked: systems.has(code),
    })),
    phaseItems: [
      { value: '', text: 'Every phase' },
      ...PHASE_CODES.map((code) => ({ value: code, text: PHASES[code], selected: code === query.phase })),
    ],
    sizeItems: [
      { value: 'degree', text: 'Number of ties (degree)', selected: query.sizeBy !== 'betweenness' },
      { value: 'betweenness', text: 'Brokerage (betweenness)', selected: query.sizeBy === 'betweenness' },
    ],
    kindLabels: Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([k, v]) => [k, v.label])),
    typeLabels: Object.fromEntries(Object.entries(RELATIONSHIP_TYPES).map(([k, v]) => [k, v.label])),
  };
}
