import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { parseForm } from '../../platform/http/validate.js';
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
const ActionParams = Type.Object({ id: Id, actionId: Id });
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
      throw new AppError('validation', 'A target must be a number', [
        { field: `target-${code}`, message: 'is not a number' },
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

  app.post<IdRoute>('/support/request-offers/:id/accept', { schema: { params: IdParams } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(
      OpeningForm,
      Object.fromEntries(Object.entries(body).filter(([k]) => k in OpeningForm.properties)),
    );
    const id = await engagements.acceptAndOpen(request.actor, request.params.id, {
      ...form,
      measures: measuresOf(body),
    });
    return reply.redirect(`/engagements/${id}`, 303);
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

  app.get<IdRoute>('/engagements/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const view = await engagements.get(request.actor, request.params.id);
    const saved = SAVED[String((request.query as Record<string, unknown> | undefined)?.saved)];
    const candidates = view.canEdit
      ? (await engagements.candidatePeople(request.actor, request.params.id)).map((p) => ({
          value: String(p.id),
          text: p.name,
        }))
      : [];
    return reply.page('engagements/views/engagement.njk', {
      title: view.engagement.title,
      ...view,
      saved,
      candidates,
      types: ENGAGEMENT_TYPES,
      phaseLabels: PHASE_LABELS,
    });
  });

  app.post<IdRoute>('/engagements/:id/people', { schema: { params: IdParams } }, async (request, reply) => {
    const form = parseForm(
      Type.Object(
        { personId: Id, role: Type.String({ minLength: 1, maxLength: 200 }) },
        { additionalProperties: false },
      ),
      request.body,
    );
    await engagements.addPerson(request.actor, request.params.id, form);
    return reply.redirect(`/engagements/${request.params.id}#people`, 303);
  });

  app.post<IdRoute>('/engagements/:id/actions', { schema: { params: IdParams } }, async (request, reply) => {
    await engagements.addAction(request.actor, request.params.id, parseForm(ActionForm, request.body));
    return reply.redirect(`/engagements/${request.params.id}#actions`, 303);
  });

  app.post<{ Params: { id: number; actionId: number } }>(
    '/engagements/:id/actions/:actionId/done',
    { schema: { params: ActionParams } },
    async (request, reply) => {
      await engagements.completeAction(request.actor, request.params.id, request.params.actionId);
      return reply.redirect(`/engagements/${request.params.id}#actions`, 303);
    },
  );

  app.post<IdRoute>('/engagements/:id/phase', { schema: { params: IdParams } }, async (request, reply) => {
    const form = parseForm(
      Type.Object({ phase: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      request.body,
    );
    await engagements.setPhase(request.actor, request.params.id, form.phase);
    return reply.redirect(`/engagements/${request.params.id}`, 303);
  });

  app.get<IdRoute>('/engagements/:id/impact', { schema: { params: IdParams } }, async (request, reply) => {
    const impact = await engagements.impact(request.actor, request.params.id);
    return reply.page('engagements/views/impact.njk', { title: `Impact: ${impact.engagement.title}`, ...impact });
  });
}
