import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { CheckInBody, CheckInChange, CheckInView } from './engagements.schemas.js';
import type { CheckInInput, EngagementsService } from './engagements.service.js';

const Id = IdParams.properties.id;
const CheckInParams = Type.Object({ id: Id, checkInId: Id });
type CheckInRoute = { Params: Static<typeof CheckInParams> };

const LABELS = { heldOn: 'The date of the check-in', notes: 'What you saw and discussed', nextSteps: 'Next steps' };

/** Reads the check-in form, its date in three fields. */
const readForm = (body: unknown): CheckInInput => parseForm(CheckInBody, body, { labels: LABELS });

/**
 * Check-ins: the form that holds only the check-in (for a phone, linked straight from the
 * home page's card of what is due), correcting and deleting one by its author for a fortnight,
 * and the same through the API.
 */
export function registerCheckInRoutes(app: FastifyInstance, engagements: EngagementsService) {
  const tags = ['engagements'];

  app.post<IdRoute & { Body: Static<typeof CheckInBody> }>(
    '/api/v1/engagements/:id/check-ins',
    {
      schema: {
        tags,
        summary: 'Record a check-in (leaders of either school)',
        params: IdParams,
        body: CheckInBody,
        response: { 201: CheckInView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await engagements.checkIn(request.actor, request.params.id, request.body)),
  );
  app.patch<CheckInRoute & { Body: Static<typeof CheckInChange> }>(
    '/api/v1/engagements/:id/check-ins/:checkInId',
    {
      schema: {
        tags,
        summary: 'Correct a check-in (its author, for 14 days after writing it)',
        params: CheckInParams,
        body: CheckInChange,
        response: { 200: CheckInView, ...errorResponses },
      },
    },
    (request) => engagements.changeCheckIn(request.actor, request.params.id, request.params.checkInId, request.body),
  );
  app.delete<CheckInRoute>(
    '/api/v1/engagements/:id/check-ins/:checkInId',
    {
      schema: {
        tags,
        summary: 'Delete a check-in (its author, for 14 days after writing it)',
        params: CheckInParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await engagements.deleteCheckIn(request.actor, request.params.id, request.params.checkInId);
      return reply.code(204).send();
    },
  );

  /** The form page: empty for a new check-in, filled for a correction, and what was typed when it failed. */
  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    context: {
      engagement: { id: number; title: string };
      earliest: string;
      latest: string;
      values?: Record<string, unknown>;
      checkInId?: number;
      error?: AppError;
    },
  ) {
    const { engagement, error, checkInId } = context;
    return reply.page(
      'engagements/views/check-in.njk',
      {
        title: checkInId ? `Change a check-in: ${engagement.title}` : `Check-in: ${engagement.title}`,
        ...context,
        action: checkInId
          ? `/engagements/${engagement.id}/check-ins/${checkInId}`
          : `/engagements/${engagement.id}/check-ins`,
        ...(error ? formErrorContext(error, request) : {}),
      },
      error ? 400 : 200,
    );
  }

  app.get<IdRoute>('/engagements/:id/check-in', { schema: { params: IdParams } }, async (request, reply) => {
    const form = await engagements.checkInForm(request.actor, request.params.id);
    return formPage(request, reply, { ...form, values: { heldOn: form.latest } });
  });

  app.post<IdRoute>('/engagements/:id/check-ins', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await engagements.checkIn(request.actor, request.params.id, readForm(request.body));
      return reply.redirect(`/engagements/${request.params.id}?saved=check-in#check-ins`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const form = await engagements.checkInForm(request.actor, request.params.id);
      return formPage(request, reply, { ...form, error: invalid });
    }
  });

  app.get<CheckInRoute>(
    '/engagements/:id/check-ins/:checkInId/edit',
    { schema: { params: CheckInParams } },
    async (request, reply) => {
      const found = await engagements.getCheckIn(request.actor, request.params.id, request.params.checkInId);
      return formPage(request, reply, { ...found, values: { ...found.checkIn }, checkInId: found.checkIn.id });
    },
  );

  app.post<CheckInRoute>(
    '/engagements/:id/check-ins/:checkInId',
    { schema: { params: CheckInParams } },
    async (request, reply) => {
      const { id, checkInId } = request.params;
      try {
        await engagements.changeCheckIn(request.actor, id, checkInId, readForm(request.body));
        return reply.redirect(`/engagements/${id}?saved=check-in-changed#check-ins`, 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        const found = await engagements.getCheckIn(request.actor, id, checkInId);
        return formPage(request, reply, { ...found, checkInId, error: invalid });
      }
    },
  );

  app.post<CheckInRoute>(
    '/engagements/:id/check-ins/:checkInId/delete',
    { schema: { params: CheckInParams } },
    async (request, reply) => {
      await engagements.deleteCheckIn(request.actor, request.params.id, request.params.checkInId);
      return reply.redirect(`/engagements/${request.params.id}?saved=check-in-deleted#check-ins`, 303);
    },
  );
}
