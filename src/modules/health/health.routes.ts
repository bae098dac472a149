import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../platform/http/api-schemas.js';
import { getPrintable } from '../../platform/http/pages.js';
import { answerForm, asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { formatDate } from '../../platform/http/views.js';
import { formatValue, stageName } from './health.domain.js';
import { dictionaryCsv, snapshotsCsv, trendChart } from './health.export.js';
import {
  AnnotationBody,
  AnnotationParams,
  CompareQuery,
  ConfirmBody,
  ScopeParams,
  SnapshotsView,
} from './health.schemas.js';
import type { HealthService } from './health.service.js';

type ScopeRoute = { Params: Static<typeof ScopeParams> };
type AnnotationRoute = { Params: Static<typeof AnnotationParams> };
const VIEWS = 'health/views';
const refOf = (scope: string) => (scope === 'england' ? 'england' : `org:${scope}`);
const SAVED: Record<string, string> = {
  asked: 'A snapshot is being taken. It appears here in a minute or so: reload the page to see it.',
  noted: 'The note has been added to the trend.',
  removed: 'The note has been removed.',
  confirmed: 'Your reading of the stage has been recorded.',
};

/** The health of a local system: the scopes, the view with its comparison, the report, notes, and the exports. */
export function registerHealthRoutes(app: FastifyInstance, health: HealthService) {
  const csv = (reply: FastifyReply, name: string, text: string) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);

  app.get<ScopeRoute>(
    '/api/v1/system-health/:scope',
    {
      schema: {
        tags: ['system-health'],
        summary:
          'The health snapshots of a part of the system (england, or a partnership’s id), with what each figure means',
        params: ScopeParams,
        response: { 200: SnapshotsView, ...errorResponses },
      },
    },
    async (request) => {
      const { scope, figures, snapshots } = await health.snapshotRows(request.actor, refOf(request.params.scope));
      return {
        scope: { ref: scope.ref, name: scope.name },
        figures,
        snapshots: snapshots.map((s) => ({
          takenOn: s.takenOn,
          takenAt: s.takenAt.toISOString(),
          dataVersion: s.dataVersion,
          maturityStage: s.maturity.stage,
          readings: s.readings,
        })),
      };
    },
  );

  app.get('/system-health', async (request, reply) =>
    reply.page(`${VIEWS}/scopes.njk`, { title: 'System health', scopes: await health.scopes(request.actor) }),
  );

  /** The view's model: the comparison chosen, each figure in words, its trend chart with the notes marked. */
  async function viewModel(request: FastifyRequest<ScopeRoute>, extra: Record<string, unknown> = {}) {
    const query = request.query as Record<string, unknown>;
    let choice: Static<typeof CompareQuery> = {};
    let problem: Record<string, unknown> = {};
    try {
      choice = parseForm(CompareQuery, query, { labels: { on: 'The later day', from: 'The earlier day' } });
    } catch (error) {
      problem = formErrorContext(asFormProblem(error), { url: request.url, body: query });
    }
    const ref = refOf(request.params.scope);
    const view = await health.view(request.actor, ref, choice).catch(async (error: unknown) => {
      const invalid = asFormProblem(error);
      if (invalid.code !== 'validation') throw error;
      problem = formErrorContext(invalid, { url: request.url, body: query });
      return health.view(request.actor, ref);
    });
    const sections = view.sections.map((section) => ({
      ...section,
      figures: section.figures.map((figure) => ({
        ...figure,
        valueText: formatValue(figure, figure.reading?.value),
        earlierText: view.earlier ? formatValue(figure, figure.earlier?.value) : null,
        chart: view.snapshots.length > 1 ? trendChart(figure, figure.trend, view.annotations) : null,
      })),
    }));
    return {
      title: `System health: ${view.scope.name}`,
      ...view,
      sections,
      scopeParam: request.params.scope,
      stageName: view.maturity ? stageName(view.maturity.stage) : null,
      dates: view.snapshots.map((s) => ({ value: s.takenOn, text: formatDate(s.takenOn) })).reverse(),
      saved: SAVED[String(query.saved)],
      problemStatus: Object.keys(problem).length ? 400 : 200,
      ...problem,
      ...extra,
    };
  }

  app.get<ScopeRoute>('/system-health/:scope', { schema: { params: ScopeParams } }, async (request, reply) => {
    const model = await viewModel(request);
    return reply.page(`${VIEWS}/view.njk`, model, model.problemStatus);
  });

  getPrintable<ScopeRoute>(
    app,
    '/system-health/:scope/report',
    { schema: { params: ScopeParams } },
    async (request, reply) => {
      const model = await viewModel(request);
      return reply.page(
        `${VIEWS}/report.njk`,
        { ...model, title: `System health report: ${model.scope.name}` },
        model.problemStatus,
      );
    },
  );

  const form = (request: FastifyRequest<ScopeRoute>, reply: FastifyReply, saved: string, act: () => Promise<unknown>) =>
    answerForm(request, reply, {
      template: `${VIEWS}/view.njk`,
      page: (failed) => viewModel(request, failed),
      act: async () => (await act(), `/system-health/${request.params.scope}?saved=${saved}`),
    });

  app.post<ScopeRoute>('/system-health/:scope/snapshots', { schema: { params: ScopeParams } }, (request, reply) =>
    form(request, reply, 'asked', () => health.requestSnapshot(request.actor, refOf(request.params.scope))),
  );

  app.post<ScopeRoute>('/system-health/:scope/notes', { schema: { params: ScopeParams } }, (request, reply) =>
    form(request, reply, 'noted', () =>
      health.annotate(
        request.actor,
        refOf(request.params.scope),
        parseForm(AnnotationBody, request.body, { labels: { text: 'What happened', notedOn: 'The day it happened' } }),
      ),
    ),
  );

  app.post<AnnotationRoute>(
    '/system-health/:scope/notes/:id/remove',
    { schema: { params: AnnotationParams } },
    (request, reply) =>
      form(request as unknown as FastifyRequest<ScopeRoute>, reply, 'removed', () =>
        health.removeAnnotation(request.actor, refOf(request.params.scope), request.params.id),
      ),
  );

  app.post<AnnotationRoute>(
    '/system-health/:scope/snapshots/:id/maturity',
    { schema: { params: AnnotationParams } },
    (request, reply) =>
      form(request as unknown as FastifyRequest<ScopeRoute>, reply, 'confirmed', () => {
        const body = parseForm(ConfirmBody, request.body, {
          labels: { agreed: 'Whether the stage fits', note: 'Why' },
        });
        return health.confirmMaturity(request.actor, refOf(request.params.scope), request.params.id, {
          agreed: body.agreed === 'yes',
          note: body.note,
        });
      }),
  );

  app.get<ScopeRoute>(
    '/system-health/:scope/snapshots.csv',
    { schema: { params: ScopeParams } },
    async (request, reply) => {
      const { figures, snapshots } = await health.snapshotRows(request.actor, refOf(request.params.scope));
      return csv(reply, `health-snapshots-${request.params.scope}.csv`, snapshotsCsv(figures, snapshots));
    },
  );

  app.get('/system-health/dictionary.csv', async (request, reply) => {
    return csv(reply, 'health-data-dictionary.csv', dictionaryCsv(health.figures(request.actor)));
  });
}
