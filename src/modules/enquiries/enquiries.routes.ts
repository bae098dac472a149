import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import {
  CycleBody,
  CycleView,
  EnquiryBody,
  EnquiryDetailView,
  EnquiryListItem,
  FindingBody,
  FindingView,
  Method,
  Question,
  StartedOn,
  Title,
} from './enquiries.schemas.js';
import { ENQUIRY_ROLES, type EnquiriesService } from './enquiries.service.js';

const Id = IdParams.properties.id;
const CycleParams = Type.Object({ id: Id, cycleId: Id });
type CycleRoute = { Params: Static<typeof CycleParams> };
const Urn = Type.String({ title: 'The school’s URN', pattern: '^\\s*[0-9]{6}\\s*$', examples: ['123456'] });
const NewForm = Type.Object(
  {
    title: Title,
    question: Question,
    method: Type.Optional(Method),
    startedOn: Type.Optional(StartedOn),
    schoolUrn: Urn,
  },
  { additionalProperties: false },
);
const SchoolForm = Type.Object({ schoolUrn: Urn }, { additionalProperties: false });
const PersonForm = Type.Object(
  {
    personId: Type.Integer({ title: 'Person', minimum: 1, maximum: 2147483647 }),
    role: Type.Union([Type.Literal('lead'), Type.Literal('member')], { title: 'Their role' }),
  },
  { additionalProperties: false },
);
/** The banner after a change made on another page, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  started: 'The enquiry has been started. Add the schools and people in it.',
  cycle: 'The cycle has been recorded.',
  'cycle-changed': 'The cycle has been changed.',
  finding: 'The finding has been recorded.',
  finished: 'The enquiry has finished.',
};
const roleItems = Object.entries(ENQUIRY_ROLES).map(([value, text]) => ({ value, text }));

/** Enquiries: the overview, starting one, its page and forms, finishing it, and the API. */
export function registerEnquiriesRoutes(app: FastifyInstance, enquiries: EnquiriesService) {
  const tags = ['enquiries'];

  app.get(
    '/api/v1/enquiries',
    {
      schema: {
        tags,
        summary: 'Enquiries you may see',
        response: { 200: Type.Array(EnquiryListItem), ...errorResponses },
      },
    },
    (request) => enquiries.list(request.actor),
  );
  app.get<IdRoute>(
    '/api/v1/enquiries/:id',
    {
      schema: {
        tags,
        summary: 'An enquiry with its people, cycles and findings',
        params: IdParams,
        response: { 200: EnquiryDetailView, ...errorResponses },
      },
    },
    (request) => enquiries.get(request.actor, request.params.id),
  );
  app.post<{ Body: Static<typeof EnquiryBody> }>(
    '/api/v1/enquiries',
    {
      schema: {
        tags,
        summary: 'Start an enquiry (leaders of its lead school, the first given)',
        body: EnquiryBody,
        response: { 201: EnquiryDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await enquiries.create(request.actor, request.body);
      return reply.code(201).send(await enquiries.get(request.actor, id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof CycleBody> }>(
    '/api/v1/enquiries/:id/cycles',
    {
      schema: {
        tags,
        summary: 'Record a cycle (the enquiry’s people and its schools’ leaders)',
        params: IdParams,
        body: CycleBody,
        response: { 201: CycleView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await enquiries.addCycle(request.actor, request.params.id, request.body)),
  );
  app.post<IdRoute & { Body: Static<typeof FindingBody> }>(
    '/api/v1/enquiries/:id/findings',
    {
      schema: {
        tags,
        summary: 'Record a finding (the enquiry’s people and its schools’ leaders)',
        params: IdParams,
        body: FindingBody,
        response: { 201: FindingView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await enquiries.addFinding(request.actor, request.params.id, request.body)),
  );

  app.get('/enquiries', async (request, reply) =>
    reply.page('enquiries/views/enquiries.njk', {
      title: 'Enquiries',
      enquiries: await enquiries.list(request.actor),
      mayStart: enquiries.mayStart(request.actor),
    }),
  );

  async function newPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const led = await enquiries.ledSchools(request.actor);
    return reply.page(
      'enquiries/views/new.njk',
      { title: 'Start an enquiry', led, leadUrn: led[0]?.urn ? String(led[0].urn) : undefined, ...extra },
      extra.failed ? 400 : 200,
    );
  }

  app.get('/enquiries/new', (request, reply) => newPage(request, reply));

  app.post('/enquiries', async (request, reply) => {
    try {
      const { schoolUrn, ...form } = parseForm(NewForm, request.body);
      const lead = await enquiries.schoolOfUrn(request.actor, schoolUrn, 'schoolUrn');
      const id = await enquiries.create(request.actor, { ...form, organisationIds: [lead] }, 'schoolUrn');
      return reply.redirect(`/enquiries/${id}?saved=started`, 303);
    } catch (error) {
      return newPage(request, reply, formErrorContext(asFormProblem(error), request));
    }
  });

  async function enquiryPage(
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) {
    const view = await enquiries.get(request.actor, request.params.id);
    const people = view.mayChange ? await enquiries.candidatePeople(request.actor, request.params.id) : [];
    const named = new Set(view.people.map((p) => p.id));
    return reply.page(
      'enquiries/views/enquiry.njk',
      {
        title: view.enquiry.title,
        ...view,
        saved: SAVED[String((request.query as Record<string, unknown> | undefined)?.saved)],
        candidates: people.filter((p) => !named.has(p.id)).map((p) => ({ value: String(p.id), text: p.name })),
        roleItems,
        ...extra,
      },
      extra.failed ? 400 : 200,
    );
  }

  app.get<IdRoute>('/enquiries/:id', { schema: { params: IdParams } }, (request, reply) => enquiryPage(request, reply));

  /** A form of the enquiry's page: done, back to its part of the page; a problem, the page again with what was typed. */
  async function enquiryForm(
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    anchor: string,
    act: () => Promise<unknown>,
  ) {
    try {
      await act();
      return reply.redirect(`/enquiries/${request.params.id}${anchor}`, 303);
    } catch (error) {
      return enquiryPage(request, reply, formErrorContext(asFormProblem(error), request));
    }
  }

  app.post<IdRoute>('/enquiries/:id/schools', { schema: { params: IdParams } }, (request, reply) =>
    enquiryForm(request, reply, '#schools', async () => {
      const { schoolUrn } = parseForm(SchoolForm, request.body);
      await enquiries.addSchool(
        request.actor,
        request.params.id,
        await enquiries.schoolOfUrn(request.actor, schoolUrn, 'schoolUrn'),
      );
    }),
  );

  app.post<IdRoute>('/enquiries/:id/people', { schema: { params: IdParams } }, (request, reply) =>
    enquiryForm(request, reply, '#people', () =>
      enquiries.addPerson(request.actor, request.params.id, parseForm(PersonForm, request.body)),
    ),
  );

  /** The cycle form: empty for a new cycle, filled for a change, and what was typed when it failed. */
  function cyclePage(
    request: FastifyRequest,
    reply: FastifyReply,
    context: {
      enquiry: { id: number; title: string; startedOn: string };
      values?: Record<string, unknown>;
      cycleId?: number;
      failed?: unknown;
    },
  ) {
    const { enquiry, cycleId } = context;
    return reply.page(
      'enquiries/views/cycle.njk',
      {
        title: cycleId ? `Change a cycle: ${enquiry.title}` : `Record a cycle: ${enquiry.title}`,
        ...context,
        action: cycleId ? `/enquiries/${enquiry.id}/cycles/${cycleId}` : `/enquiries/${enquiry.id}/cycles`,
      },
      context.failed ? 400 : 200,
    );
  }

  app.get<IdRoute>('/enquiries/:id/cycles/new', { schema: { params: IdParams } }, async (request, reply) =>
    cyclePage(request, reply, await enquiries.cycleForm(request.actor, request.params.id)),
  );

  app.post<IdRoute>('/enquiries/:id/cycles', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await enquiries.addCycle(request.actor, request.params.id, parseForm(CycleBody, request.body));
      return reply.redirect(`/enquiries/${request.params.id}?saved=cycle#cycles`, 303);
    } catch (error) {
      const context = formErrorContext(asFormProblem(error), request);
      return cyclePage(request, reply, {
        ...(await enquiries.cycleForm(request.actor, request.params.id)),
        ...context,
      });
    }
  });

  app.get<CycleRoute>(
    '/enquiries/:id/cycles/:cycleId/edit',
    { schema: { params: CycleParams } },
    async (request, reply) => {
      const found = await enquiries.getCycle(request.actor, request.params.id, request.params.cycleId);
      return cyclePage(request, reply, { enquiry: found.enquiry, values: { ...found.cycle }, cycleId: found.cycle.id });
    },
  );

  app.post<CycleRoute>(
    '/enquiries/:id/cycles/:cycleId',
    { schema: { params: CycleParams } },
    async (request, reply) => {
      const { id, cycleId } = request.params;
      try {
        await enquiries.changeCycle(request.actor, id, cycleId, parseForm(CycleBody, request.body));
        return reply.redirect(`/enquiries/${id}?saved=cycle-changed#cycles`, 303);
      } catch (error) {
        const context = formErrorContext(asFormProblem(error), request);
        const found = await enquiries.getCycle(request.actor, id, cycleId);
        return cyclePage(request, reply, { enquiry: found.enquiry, cycleId, ...context });
      }
    },
  );

  async function findingPage(
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) {
    const enquiry = await enquiries.findingForm(request.actor, request.params.id);
    return reply.page(
      'enquiries/views/finding.njk',
      { title: `Record a finding: ${enquiry.title}`, enquiry, ...extra },
      extra.failed ? 400 : 200,
    );
  }

  app.get<IdRoute>('/enquiries/:id/findings/new', { schema: { params: IdParams } }, (request, reply) =>
    findingPage(request, reply),
  );

  app.post<IdRoute>('/enquiries/:id/findings', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await enquiries.addFinding(request.actor, request.params.id, parseForm(FindingBody, request.body));
      return reply.redirect(`/enquiries/${request.params.id}?saved=finding#findings`, 303);
    } catch (error) {
      return findingPage(request, reply, formErrorContext(asFormProblem(error), request));
    }
  });

  app.get<IdRoute>('/enquiries/:id/finish', { schema: { params: IdParams } }, async (request, reply) => {
    const enquiry = await enquiries.toFinish(request.actor, request.params.id);
    return reply.page('confirm.njk', {
      title: 'Finish this enquiry?',
      caption: enquiry.title,
      facts: [
        { label: 'Question', text: enquiry.question },
        { label: 'Schools', text: enquiry.organisations.map((o) => o.name).join(', ') },
        { label: 'Findings', text: String(enquiry.findingStatements.length) },
      ],
      warning: 'Once it has finished, no more cycles or findings can be recorded, and no one can be added to it.',
      consequences: [
        'Everyone who could read the enquiry still can, with its cycles and findings.',
        'Its findings can still be turned into practices.',
      ],
      told: 'No one: the enquiry’s people see that it has finished when they next open it.',
      undo: 'it cannot be reopened; start a new enquiry to carry the work on.',
      action: `/enquiries/${enquiry.id}/finish`,
      button: 'Yes, finish the enquiry',
      cancel: `/enquiries/${enquiry.id}`,
    });
  });

  app.post<IdRoute>('/enquiries/:id/finish', { schema: { params: IdParams } }, async (request, reply) => {
    await enquiries.finish(request.actor, request.params.id);
    return reply.redirect(`/enquiries/${request.params.id}?saved=finished`, 303);
  });
}
