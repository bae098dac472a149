import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asFormProblem, answerForm, formErrorContext, formList, parseForm } from '../../platform/http/validate.js';
import { CAPACITY, RELATION_STEPS, type RelationStep } from './mentoring.domain.js';
import {
  MentorOfferBody,
  MentorOfferView,
  MineView,
  NoteBody,
  NoteView,
  ProposalBody,
  RelationView,
  StepBody,
  SuggestionsQuery,
  SuggestionsView,
} from './mentoring.schemas.js';
import type { MentoringService } from './mentoring.service.js';

/** The banner after a change, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  offered: 'Your offer to mentor has been saved. Leaders looking for a mentor can now find you.',
  stopped: 'You no longer offer to mentor. Your relations already agreed go on.',
  proposed: 'Your proposal has been sent. The other person agrees or declines it.',
  agree: 'The mentoring is agreed.',
  decline: 'The proposal has been declined.',
  start: 'The mentoring is under way.',
  complete: 'The mentoring is marked as completed.',
  'end-early': 'The mentoring has ended.',
  note: 'Your note of the meeting has been saved. Only the two of you can read it.',
  shared: 'Your mentor can now read your development record.',
  unshared: 'Your mentor can no longer read your development record.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];

/** Component ids from an address or a form: `1,2`, or one field per ticked box. */
function idsOf(value: unknown): number[] {
  return formList(value)
    .flatMap((v) => v.split(','))
    .map((v) => Number(v.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n < 2147483647);
}

const yes = (value: unknown) => ['1', 'yes', 'true', 'on'].includes(String(value ?? ''));

/** Mentoring: offers to mentor, suggestions of mentors, relations and their meeting notes, in pages and through the API. */
export function registerMentoringRoutes(app: FastifyInstance, mentoring: MentoringService) {
  const tags = ['mentoring'];

  // The API.
  app.get(
    '/api/v1/mentoring',
    {
      schema: {
        tags,
        summary: 'Your mentoring relations as mentee and as mentor, proposals waiting for you, and your offer',
        response: { 200: MineView, ...errorResponses },
      },
    },
    (request) => mentoring.mine(request.actor),
  );
  app.get(
    '/api/v1/mentoring/offer',
    {
      schema: {
        tags,
        summary: 'Your offer to mentor, or null when you do not offer',
        response: { 200: Type.Union([MentorOfferView, Type.Null()]), ...errorResponses },
      },
    },
    (request) => mentoring.offer(request.actor),
  );
  app.put<{ Body: Static<typeof MentorOfferBody> }>(
    '/api/v1/mentoring/offer',
    {
      schema: {
        tags,
        summary: 'Offer to mentor (or change your offer)',
        body: MentorOfferBody,
        response: { 200: MentorOfferView, ...errorResponses },
      },
    },
    (request) => mentoring.setOffer(request.actor, request.body),
  );
  app.delete(
    '/api/v1/mentoring/offer',
    {
      schema: { tags, summary: 'Stop offering to mentor', response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await mentoring.stopOffering(request.actor);
      return reply.code(204).send();
    },
  );
  app.get<{ Querystring: Static<typeof SuggestionsQuery> }>(
    '/api/v1/mentoring/suggestions',
    {
      schema: {
        tags,
        summary: 'Mentors the network suggests for the components you want to grow in, best first',
        querystring: SuggestionsQuery,
        response: { 200: SuggestionsView, ...errorResponses },
      },
    },
    (request) =>
      mentoring.suggestions(request.actor, {
        componentIds: idsOf(request.query.components),
        includeOwnOrganisation: yes(request.query.own),
      }),
  );
  app.post<{ Body: Static<typeof ProposalBody> }>(
    '/api/v1/mentoring',
    {
      schema: {
        tags,
        summary: 'Propose a mentoring relation: ask a mentor (mentorId), or offer to mentor someone',
        body: ProposalBody,
        response: { 201: RelationView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await mentoring.propose(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/mentoring/:id',
    {
      schema: {
        tags,
        summary: 'One of your mentoring relations, with its steps and meeting notes',
        params: IdParams,
        response: { 200: RelationView, ...errorResponses },
      },
    },
    (request) => mentoring.get(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof StepBody> }>(
    '/api/v1/mentoring/:id/steps',
    {
      schema: {
        tags,
        summary: 'Take a step: agree, decline, start, complete or end early (with a reason)',
        params: IdParams,
        body: StepBody,
        response: { 200: RelationView, ...errorResponses },
      },
    },
    (request) => mentoring.step(request.actor, request.params.id, request.body),
  );
  app.post<IdRoute & { Body: Static<typeof NoteBody> }>(
    '/api/v1/mentoring/:id/notes',
    {
      schema: {
        tags,
        summary: 'Note a meeting (read by the two of you only)',
        params: IdParams,
        body: NoteBody,
        response: { 201: NoteView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mentoring.addNote(request.actor, request.params.id, request.body)),
  );

  // The pages.
  app.get('/mentoring', async (request, reply) => reply.page('mentoring/views/mentoring.njk', await homePage(request)));

  async function homePage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    return { title: 'Mentoring', ...(await mentoring.mine(request.actor)), saved: savedOf(request), ...extra };
  }

  async function offerPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const offer = await mentoring.offer(request.actor);
    return {
      title: offer ? 'Your offer to mentor' : 'Offer to mentor',
      offer,
      frameworks: await mentoring.frameworks(request.actor),
      chosen: (offer?.components ?? []).map((c) => String(c.id)),
      capacities: Array.from({ length: CAPACITY.max }, (_, i) => i + 1).map((n) => ({
        value: String(n),
        text: String(n),
      })),
      capacity: String(offer?.capacity ?? CAPACITY.default),
      ...extra,
    };
  }

  app.get('/mentoring/offer', async (request, reply) =>
    reply.page('mentoring/views/offer.njk', await offerPage(request)),
  );

  app.post('/mentoring/offer', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const form = parseForm(
        Type.Object({
          capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, title: 'How many mentees at once' })),
          note: Type.Optional(Type.String({ maxLength: 1000, title: 'A short note' })),
          componentIds: Type.Optional(Type.Unknown()),
        }),
        body,
      );
      await mentoring.setOffer(request.actor, {
        componentIds: idsOf(body.componentIds),
        capacity: form.capacity,
        note: form.note,
      });
      return reply.redirect('/mentoring?saved=offered', 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'mentoring/views/offer.njk',
        await offerPage(request, { ...formErrorContext(invalid, request), chosen: formList(body.componentIds) }),
        400,
      );
    }
  });

  app.post('/mentoring/offer/stop', async (request, reply) => {
    await mentoring.stopOffering(request.actor);
    return reply.redirect('/mentoring?saved=stopped', 303);
  });

  async function findPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const wanted = idsOf(query.components);
    const includeOwn = yes(query.own);
    const asked = query.components !== undefined || query.own !== undefined;
    const found = await mentoring.suggestions(request.actor, {
      componentIds: wanted,
      includeOwnOrganisation: includeOwn,
    });
    return {
      title: 'Find a mentor',
      frameworks: await mentoring.frameworks(request.actor),
      chosen: found.wanted.map((c) => String(c.id)),
      componentList: found.wanted.map((c) => c.id).join(','),
      includeOwn,
      asked,
      ...found,
      ...extra,
    };
  }

  app.get('/mentoring/find', async (request, reply) => reply.page('mentoring/views/find.njk', await findPage(request)));

  /** Proposes: from the find page (asking a mentor), or from the mentoring page (offering to mentor someone). */
  app.post('/mentoring', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const asMentee = body.mentorId !== undefined;
    try {
      const form = parseForm(
        Type.Object({
          mentorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Mentor' })),
          menteeEmail: Type.Optional(Type.String({ format: 'email', maxLength: 320, title: 'Their email address' })),
          componentIds: Type.Optional(Type.String()),
          shareRecord: Type.Optional(Type.String()),
        }),
        body,
      );
      if (!asMentee && !form.menteeEmail)
        throw new AppError('validation', 'Enter the email address of the person you offer to mentor', [
          { field: 'menteeEmail', message: 'Enter the email address of the person you offer to mentor' },
        ]);
      const relation = await mentoring.propose(request.actor, {
        ...(asMentee ? { mentorId: form.mentorId } : { menteeEmail: form.menteeEmail }),
        componentIds: asMentee ? idsOf(form.componentIds) : [],
        shareRecord: asMentee && yes(form.shareRecord),
      });
      return reply.redirect(`/mentoring/${relation.id}?saved=proposed`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      if (asMentee) {
        // Back to the suggestions the mentee was looking at.
        (request as { query: unknown }).query = { components: String(body.componentIds ?? '') };
        return reply.page(
          'mentoring/views/find.njk',
          await findPage(request, formErrorContext(invalid, request)),
          invalid.code === 'conflict' ? 409 : 400,
        );
      }
      return reply.page(
        'mentoring/views/mentoring.njk',
        await homePage(request, formErrorContext(invalid, request)),
        400,
      );
    }
  });

  async function relationPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const relation = await mentoring.get(request.actor, request.params.id);
    return {
      title: `Mentoring: ${relation.side === 'mentee' ? 'you and your mentor' : 'you and your mentee'}, ${relation.otherName}`,
      relation,
      userId: request.actor?.userId,
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/mentoring/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('mentoring/views/relation.njk', await relationPage(request)),
  );

  /** A form of the relation's page: done, back to the page with its banner; a problem, the page again with what was typed. */
  const relationForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    saved: string,
    act: () => Promise<unknown>,
  ) =>
    answerForm(request, reply, {
      template: 'mentoring/views/relation.njk',
      page: (failed) => relationPage(request, failed),
      act: async () => (await act(), `/mentoring/${request.params.id}?saved=${saved}`),
      clashStatus: 409,
    });

  app.post<IdRoute>('/mentoring/:id/steps', { schema: { params: IdParams } }, (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = String(body.step ?? '') as RelationStep;
    return relationForm(request, reply, RELATION_STEPS.includes(step) ? step : 'start', async () => {
      if (!RELATION_STEPS.includes(step)) throw new AppError('validation', 'Choose what to do with the mentoring');
      return mentoring.step(request.actor, request.params.id, {
        step,
        reason: typeof body.reason === 'string' ? body.reason : undefined,
        shareRecord: yes(body.shareRecord),
        stopSharing: body.stopSharing === undefined ? undefined : yes(body.stopSharing),
      });
    });
  });

  app.post<IdRoute>('/mentoring/:id/notes', { schema: { params: IdParams } }, (request, reply) =>
    relationForm(request, reply, 'note', () =>
      mentoring.addNote(
        request.actor,
        request.params.id,
        parseForm(NoteBody, request.body, { labels: { metOn: 'Date of the meeting', body: 'What you talked about' } }),
      ),
    ),
  );

  app.post<IdRoute>('/mentoring/:id/share', { schema: { params: IdParams } }, (request, reply) =>
    relationForm(request, reply, 'shared', () => mentoring.shareRecord(request.actor, request.params.id)),
  );

  app.post<IdRoute>('/mentoring/:id/share/delete', { schema: { params: IdParams } }, (request, reply) =>
    relationForm(request, reply, 'unshared', () => mentoring.stopSharing(request.actor, request.params.id)),
  );
}
