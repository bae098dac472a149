import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asValidationError, errorsByField, parseForm } from '../../platform/http/validate.js';
import { CheckInBody, CheckInChange, CheckInView } from './engagements.schemas.js';
import type { CheckInInput, EngagementsService } from './engagements.service.js';

const Id = IdParams.properties.id;
const CheckInParams = Type.Object({ id: Id, checkInId: Id });
type CheckInRoute = { Params: Static<typeof CheckInParams> };

/** What a person reads when a field of the check-in form cannot be read (never the validator's words). */
const FIELD_MESSAGES: Record<string, string> = {
  heldOn: 'Enter the date the check-in was held, for example 17 October 2025',
  notes: 'Write what you saw and discussed (at most 8,000 characters)',
  nextSteps: 'Keep the next steps to at most 4,000 characters',
};

/** Reads the check-in form; a field that cannot be read is reported in a person's words. */
function readForm(body: unknown): CheckInInput {
  try {
    return parseForm(CheckInBody, body);
  } catch (error) {
    const invalid = asValidationError(error);
    const details = (invalid.details ?? []).map((d) => ({
      field: d.field,
      message: FIELD_MESSAGES[d.field] ?? 'Check what you entered here',
    }));
    throw new AppError('validation', details.map((d) => d.message).join('. '), details);
  }
}

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
    reply: FastifyReply,
    context: {
      engagement: { id: number; title: string };
      earliest: string;
      latest: string;
      values: Record<string, unknown>;
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
        errors: error ? errorsByField(error) : {},
        errorList: (error?.details ?? []).map((d) => ({ text: d.message, href: `#${d.field}` })),
      },
      error ? 400 : 200,
    );
  }

  app.get<IdRoute>('/engagements/:id/check-in', { schema: { params: IdParams } }, async (request, reply) => {
    const form = await engagements.checkInForm(request.actor, request.params.id);
    return formPage(reply, { ...form, values: { heldOn: form.latest } });
  });

  app.post<IdRoute>('/engagements/:id/check-ins', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await engagements.checkIn(request.actor, request.params.id, readForm(request.body));
      return reply.redirect(`/engagements/${request.params.id}?saved=check-in#check-ins`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const form = await engagements.checkInForm(request.actor, request.params.id);
      return formPage(reply, { ...form, values: valuesOf(request), error: invalid });
    }
  });

  app.get<CheckInRoute>(
    '/engagements/:id/check-ins/:checkInId/edit',
    { schema: { params: CheckInParams } },
    async (request, reply) => {
      const found = await engagements.getCheckIn(request.actor, request.params.id, request.params.checkInId);
      return formPage(reply, { ...found, values: { ...found.checkIn }, checkInId: found.checkIn.id });
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
        const invalid = asValidationError(error);
        const found = await engagements.getCheckIn(request.actor, id, checkInId);
        return formPage(reply, { ...found, values: valuesOf(request), checkInId, error: invalid });
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

/** What the person typed, to give back to them when the form is refused. */
function valuesOf(request: FastifyRequest): Record<string, unknown> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return { heldOn: body.heldOn, notes: body.notes, nextSteps: body.nextSteps };
}
