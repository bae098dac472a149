import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { getPrintable } from '../../platform/http/pages.js';
import { asFormProblem, answerForm, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { areaOf } from '../brokerage/index.js';
import { indicatorChart } from '../indicators/index.js';
import { ENGAGEMENT_TYPES, PHASE_LABELS } from './engagements.domain.js';
import { registerCheckInRoutes } from './engagements.check-ins.routes.js';
import { EngagementDetailView, EngagementListItem, ImpactView } from './engagements.schemas.js';
import type { EngagementOpening, EngagementsService } from './engagements.service.js';

const Id = IdParams.properties.id;
const IsoDate = Type.String({ format: 'date' });
const OpeningForm = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 40 }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    aims: Type.String({ minLength: 1, maxLength: 4000 }),
    freedoms: Type.Optional(Type.String({ maxLength: 4000 })),
    accountableTo: Type.String({ minLength: 1, maxLength: 500 }),
    days: Type.Optional(Type.Number({ minimum: 0, maximum: 200 })),
    chargeOut: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000 })),
    startDate: Type.Optional(IsoDate),
  },
  { additionalProperties: true },
);
const ActionForm = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
    dueOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
const ACTION_LABELS = { description: 'Action', owner: 'Owner', dueOn: 'Due date' };
const PersonForm = Type.Object(
  { personId: Id, role: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const PERSON_LABELS = { personId: 'Person', role: 'Their part' };
const PhaseForm = Type.Object({ phase: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
const ActionParams = Type.Object({ id: Id, actionId: Id });
const OPENING_LABELS = {
  type: 'Kind of engagement',
  title: 'Title',
  aims: 'Aims',
  freedoms: 'Freedoms',
  accountableTo: 'Who the engagement is accountable to',
  startDate: 'Start date',
  days: 'Days',
  chargeOut: 'Charge',
};
/** The indicators an opening form offers to watch. */
const OPENING_MEASURES = [
  ['ks2-maths-progress', 'Key stage 2 maths progress'],
  ['ks2-reading-progress', 'Key stage 2 reading progress'],
  ['absence-overall-percent', 'Overall absence'],
  ['absence-persistent-percent', 'Persistent absence'],
] as const;
/** The banner after a change made on another page, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  'check-in': 'The check-in has been recorded.',
  'check-in-changed': 'The check-in has been changed.',
  'check-in-deleted': 'The check-in has been deleted.',
};

/** The measures an opening form asks for: `measure` ticked codes, each with an optional `target-<code>`. */
function measuresOf(body: Record<string, unknown>): EngagementOpening['measures'] {
  const raw = body.measure;
  const codes = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String).filter((c) => /^[a-z0-9-]{2,80}$/.test(c));
  return codes.map((code) => {
    const target = String(body[`target-${code}`] ?? '').trim();
    if (target !== '' && !Number.isFinite(Number(target)))
      throw new AppError('validation', 'A target must be a number, like 95.5', [
        { field: `target-${code}`, rule: 'type', message: 'A target must be a number, like 95.5' },
      ]);
    return { code, target: target === '' ? undefined : Number(target) };
  });
}

/** Engagements: API and pages to open one from an accepted offer, run it, and read its impact. */
export function registerEngagementsRoutes(app: FastifyInstance, engagements: EngagementsService) {
  const tags = ['engagements'];
  app.get(
    '/api/v1/engagements',
    {
      schema: {
        tags,
        summary: 'Engagements your organisations are in',
        response: { 200: Type.Array(EngagementListItem), ...errorResponses },
      },
    },
    (request) => engagements.list(request.actor),
  );
  app.get<IdRoute>(
    '/api/v1/engagements/:id',
    {
      schema: {
        tags,
        summary: 'An engagement with its actions, check-ins and measures',
        params: IdParams,
        response: { 200: EngagementDetailView, ...errorResponses },
      },
    },
    (request) => engagements.get(request.actor, request.params.id),
  );
  app.get<IdRoute>(
    '/api/v1/engagements/:id/impact',
    {
      schema: {
        tags,
        summary: 'Impact, read as contribution',
        params: IdParams,
        response: { 200: ImpactView, ...errorResponses },
      },
    },
    (request) => engagements.impact(request.actor, request.params.id),
  );

  /** The opening form for an offer the asking school accepts: its own page, so that nothing typed is lost. */
  async function openingPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const { request: asked, offer } = await engagements.offerToAccept(request.actor, request.params.id);
    return {
      title: `Accept ${offer.organisationName}’s offer`,
      request: asked,
      offer,
      area: areaOf(asked.area).label,
      action: `/support/request-offers/${offer.id}/accept`,
      typeItems: Object.entries(ENGAGEMENT_TYPES).map(([value, text]) => ({ value, text })),
      measureItems: OPENING_MEASURES.map(([value, text]) => ({ value, text })),
      ...extra,
    };
  }

  app.get<IdRoute>('/support/request-offers/:id/accept', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('engagements/views/open.njk', await openingPage(request)),
  );

  app.post<IdRoute>('/support/request-offers/:id/accept', { schema: { params: IdParams } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const form = parseForm(
        OpeningForm,
        Object.fromEntries(
          Object.entries(body).filter(([k]) => k.replace(/-(day|month|year)$/, '') in OpeningForm.properties),
        ),
        { labels: OPENING_LABELS },
      );
      const id = await engagements.acceptAndOpen(request.actor, request.params.id, {
        ...form,
        measures: measuresOf(body),
      });
      return reply.redirect(`/engagements/${id}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'engagements/views/open.njk',
        await openingPage(request, formErrorContext(invalid, request)),
        400,
      );
    }
  });

  registerCheckInRoutes(app, engagements);

  app.get('/engagements', async (request, reply) =>
    reply.page('engagements/views/engagements.njk', {
      title: 'Engagements',
      ...(await engagements.board(request.actor)),
      types: ENGAGEMENT_TYPES,
      phaseLabels: PHASE_LABELS,
    }),
  );

  async function engagementPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await engagements.get(request.actor, request.params.id);
    const saved = SAVED[String((request.query as Record<string, unknown> | undefined)?.saved)];
    const candidates = view.canEdit
      ? (await engagements.candidatePeople(request.actor, request.params.id)).map((p) => ({
          value: String(p.id),
          text: p.name,
        }))
      : [];
    return {
      title: view.engagement.title,
      ...view,
      saved,
      candidates,
      types: ENGAGEMENT_TYPES,
      phaseLabels: PHASE_LABELS,
      ...extra,
    };
  }

  app.get<IdRoute>('/engagements/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('engagements/views/engagement.njk', await engagementPage(request)),
  );

  /** A form of the engagement's page: done, back to its part of the page; a problem, the page again with what was typed. */
  const engagementForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    anchor: string,
    act: () => Promise<unknown>,
  ) =>
    answerForm(request, reply, {
      template: 'engagements/views/engagement.njk',
      page: (failed) => engagementPage(request, failed),
      act: async () => (await act(), `/engagements/${request.params.id}${anchor}`),
    });

  app.post<IdRoute>('/engagements/:id/people', { schema: { params: IdParams } }, (request, reply) =>
    engagementForm(request, reply, '#people', () =>
      engagements.addPerson(
        request.actor,
        request.params.id,
        parseForm(PersonForm, request.body, { labels: PERSON_LABELS }),
      ),
    ),
  );

  app.post<IdRoute>('/engagements/:id/actions', { schema: { params: IdParams } }, (request, reply) =>
    engagementForm(request, reply, '#actions', () =>
      engagements.addAction(
        request.actor,
        request.params.id,
        parseForm(ActionForm, request.body, { labels: ACTION_LABELS }),
      ),
    ),
  );

  app.post<{ Params: { id: number; actionId: number } }>(
    '/engagements/:id/actions/:actionId/done',
    { schema: { params: ActionParams } },
    async (request, reply) => {
      await engagements.completeAction(request.actor, request.params.id, request.params.actionId);
      return reply.redirect(`/engagements/${request.params.id}#actions`, 303);
    },
  );

  app.post<IdRoute>('/engagements/:id/phase', { schema: { params: IdParams } }, (request, reply) =>
    engagementForm(request, reply, '#phase', async () => {
      const form = parseForm(PhaseForm, request.body, { labels: { phase: 'Where the engagement is now' } });
      await engagements.setPhase(request.actor, request.params.id, form.phase);
    }),
  );

  getPrintable<IdRoute>(app, '/engagements/:id/impact', { schema: { params: IdParams } }, async (request, reply) => {
    const impact = await engagements.impact(request.actor, request.params.id);
    const { supportedName, supportingName } = impact.engagement;
    const line = (rows: (typeof impact.measures)[number]['rows'], pick: (r: (typeof rows)[number]) => number | null) =>
      rows.map((r) => ({ period: r.period, value: pick(r) }));
    return reply.page('engagements/views/impact.njk', {
      title: `Impact: ${impact.engagement.title}`,
      ...impact,
      measures: impact.measures.map((m) => ({
        ...m,
        chart: indicatorChart(m.indicator, [
          { name: `${supportedName} (supported)`, role: 'own', values: line(m.rows, (r) => r.partnerValue) },
          { name: `${supportingName} (supporting)`, role: 'other', values: line(m.rows, (r) => r.supporterValue) },
          { name: 'Similar schools not in support', role: 'benchmark', values: line(m.rows, (r) => r.peersValue) },
        ]),
      })),
      sources: [...new Set(impact.measures.map((m) => m.indicator.source))],
    });
  });
}
