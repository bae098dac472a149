import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { errorResponses, IdParams, PageOf, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import {
  asFormProblem,
  formErrorContext,
  formList,
  parseForm,
  parseQueryLeniently,
} from '../../platform/http/validate.js';
import { PHASES } from '../landscape/index.js';
import {
  ADAPTATIONS,
  EEF_COSTS,
  EEF_EVIDENCE,
  impactInMonths,
  JUDGEMENT_STATES,
  JUDGEMENTS,
  TRIAL_MONTHS,
} from './practices.domain.js';
import {
  AdoptionBody,
  AdoptionView,
  JudgementBody,
  PracticeBody,
  PracticeChange,
  PracticeListItem,
  PracticeQuery,
  PracticeView,
  ResourceBody,
  TrialView,
} from './practices.schemas.js';
import type { PracticesService } from './practices.service.js';

const LABELS = {
  organisationId: 'The school whose practice it is',
  title: 'Name of the practice',
  problem: 'The problem it addresses',
  approach: 'The approach',
  eefImpactMonths: 'Impact in months',
  eefCost: 'Cost',
  eefEvidence: 'Security of the evidence',
};
const ADOPTION_LABELS = {
  organisationId: 'The school taking it up',
  measures: 'The measures that will judge it',
  startedOn: 'The trial’s start',
  reviewOn: 'The review date',
};

type Query = Static<typeof PracticeQuery>;
const PER_PAGE = 25;

/** Reads the practice form: its ticked areas and partnerships, and who may see it. */
function practiceValues(body: Record<string, unknown>): Record<string, unknown> {
  return {
    ...body,
    areas: formList(body.areas),
    partnershipIds: formList(body.partnershipIds),
    published: body.published === 'everyone',
  };
}
const readPractice = (body: Record<string, unknown>) =>
  parseForm(PracticeBody, practiceValues(body), { labels: LABELS });
const readChange = (body: Record<string, unknown>) => {
  const { organisationId: _school, ...values } = practiceValues(body);
  return parseForm(PracticeChange, values, { labels: LABELS });
};

/** Reads the adoption form: its ticked changes and measures. */
function readAdoption(body: Record<string, unknown>) {
  const values: Record<string, unknown> = {
    ...body,
    adapted: formList(body.adapted),
    measures: formList(body.measures),
  };
  if (values.fromOrganisationId === 'library') delete values.fromOrganisationId;
  return parseForm(AdoptionBody, values, { labels: ADOPTION_LABELS });
}

const VOCABULARY = {
  phases: PHASES,
  adaptations: ADAPTATIONS,
  judgements: JUDGEMENTS,
  judgementStates: JUDGEMENT_STATES,
  eefCosts: EEF_COSTS,
  eefEvidence: EEF_EVIDENCE,
  trialMonths: TRIAL_MONTHS,
};

/** The practice library: API and pages for practices, their adoptions and their trials' reviews. */
export function registerPracticesRoutes(app: FastifyInstance, practices: PracticesService) {
  const tags = ['practices'];
  const Id = IdParams.properties.id;

  // The API.
  app.get<{ Querystring: Query }>(
    '/api/v1/practices',
    {
      schema: {
        tags,
        summary: 'Practices you may see, narrowed by words, area, phase, evidence or “tried near me”',
        querystring: PracticeQuery,
        response: { 200: PageOf(PracticeListItem), ...errorResponses },
      },
    },
    async (request) => {
      const { page = 1, perPage = PER_PAGE, ...filters } = request.query;
      const { items, total } = await practices.list(request.actor, filters, {
        limit: perPage,
        offset: (page - 1) * perPage,
      });
      return { items, total, page, perPage };
    },
  );
  app.post<{ Body: Static<typeof PracticeBody> }>(
    '/api/v1/practices',
    {
      schema: {
        tags,
        summary: 'Add a practice of your school to the library',
        body: PracticeBody,
        response: { 201: PracticeView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await practices.create(request.actor, request.body);
      return reply.code(201).send(await practices.get(request.actor, id));
    },
  );
  app.get<IdRoute>(
    '/api/v1/practices/:id',
    {
      schema: {
        tags,
        summary: 'A practice with its context, evidence, resources and adoptions',
        params: IdParams,
        response: { 200: PracticeView, ...errorResponses },
      },
    },
    (request) => practices.get(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof PracticeChange> }>(
    '/api/v1/practices/:id',
    {
      schema: {
        tags,
        summary: 'Change a practice (its school’s leaders)',
        params: IdParams,
        body: PracticeChange,
        response: { 200: PracticeView, ...errorResponses },
      },
    },
    async (request) => {
      await practices.update(request.actor, request.params.id, request.body);
      return practices.get(request.actor, request.params.id);
    },
  );
  app.post<IdRoute & { Body: Static<typeof AdoptionBody> }>(
    '/api/v1/practices/:id/adoptions',
    {
      schema: {
        tags,
        summary: 'Record that your school takes up the practice, with its adaptation and trial',
        params: IdParams,
        body: AdoptionBody,
        response: { 201: TrialView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const adoptionId = await practices.adopt(request.actor, request.params.id, request.body);
      return reply.code(201).send(await practices.adoption(request.actor, adoptionId));
    },
  );
  app.get(
    '/api/v1/practice-adoptions',
    {
      schema: {
        tags,
        summary: 'Every adoption of the practices you may see',
        response: { 200: Type.Array(AdoptionView), ...errorResponses },
      },
    },
    (request) => practices.allAdoptions(request.actor),
  );
  app.get<IdRoute>(
    '/api/v1/practice-adoptions/:id',
    {
      schema: {
        tags,
        summary: 'An adoption’s trial: its measures from the baseline, beside similar schools, and its judgement',
        params: IdParams,
        response: { 200: TrialView, ...errorResponses },
      },
    },
    (request) => practices.adoption(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof JudgementBody> }>(
    '/api/v1/practice-adoptions/:id/judgement',
    {
      schema: {
        tags,
        summary: 'Record the trial’s judgement at review: keep, adapt again or stop (stopping early needs a reason)',
        params: IdParams,
        body: JudgementBody,
        response: { 200: TrialView, ...errorResponses },
      },
    },
    async (request) => {
      await practices.judge(request.actor, request.params.id, request.body);
      return practices.adoption(request.actor, request.params.id);
    },
  );

  // The pages.
  app.get('/practices', async (request, reply) => {
    const query = parseQueryLeniently<Query & { need?: number }>(
      Type.Object({ ...PracticeQuery.properties, need: Type.Optional(Id) }),
      request.query,
    );
    const page = query.page ?? 1;
    const { items, total } = await practices.list(request.actor, query, {
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    });
    const choices = await practices.formChoices(request.actor);
    const search = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]) => (v === undefined || k === 'page' ? [] : [[k, String(v)]])),
    );
    return reply.page('practices/views/practices.njk', {
      title: 'Practice library',
      practices: items,
      total,
      query,
      page,
      pages: Math.max(1, Math.ceil(total / PER_PAGE)),
      search: search.toString(),
      areas: choices.areas,
      mayAdd: choices.schools.length > 0,
      ...VOCABULARY,
    });
  });

  app.get('/practices.csv', async (request, reply) => {
    const query = parseQueryLeniently<Query>(PracticeQuery, request.query);
    const { items } = await practices.list(request.actor, query, { limit: 100000 });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="practices.csv"')
      .send(
        toCsv(
          [
            'id',
            'title',
            'school',
            'areas',
            'problem',
            'approach',
            'toolkit_strand',
            'impact_months',
            'cost',
            'evidence_security',
            'published',
            'adoptions',
            'kept',
          ],
          items.map((p) => [
            p.id,
            p.title,
            p.organisationName,
            p.areas.join('; '),
            p.problem,
            p.approach,
            p.eefStrand,
            p.eefImpactMonths,
            p.eefCost,
            p.eefEvidence,
            p.published ? 'yes' : 'no',
            p.adoptions,
            p.kept,
          ]),
        ),
      );
  });

  app.get('/practices/adoptions.csv', async (request, reply) => {
    const adoptions = await practices.allAdoptions(request.actor);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="practice-adoptions.csv"')
      .send(
        toCsv(
          [
            'adoption_id',
            'practice_id',
            'practice',
            'school_id',
            'school',
            'from_school_id',
            'from_school',
            'adapted',
            'adaptation',
            'started_on',
            'review_on',
            'judgement',
            'judged_on',
          ],
          adoptions.map((a) => [
            a.id,
            a.practiceId,
            a.practiceTitle,
            a.organisationId,
            a.organisationName,
            a.fromOrganisationId,
            a.fromOrganisationName ?? 'the library',
            a.adapted.join('; '),
            a.adaptation,
            a.startedOn,
            a.reviewOn,
            a.judgement ?? '',
            a.judgedOn ?? '',
          ]),
        ),
      );
  });

  /** The practice form: new or a change, with what was typed when it failed. */
  async function practiceForm(
    request: FastifyRequest,
    reply: FastifyReply,
    context: { practiceId?: number; values: Record<string, unknown>; error?: AppError },
  ) {
    const organisationId = Number(context.values.organisationId) || undefined;
    const choices = await practices.formChoices(request.actor, organisationId);
    return reply.page(
      'practices/views/practice-form.njk',
      {
        title: context.practiceId ? 'Change the practice' : 'Share a practice',
        ...choices,
        ...context,
        action: context.practiceId ? `/practices/${context.practiceId}` : '/practices',
        ...(context.error ? formErrorContext(context.error, request) : {}),
        ...VOCABULARY,
      },
      context.error ? 400 : 200,
    );
  }

  app.get('/practices/new', async (request, reply) => {
    const query = parseQueryLeniently<{ organisationId?: number; area?: string; enquiry?: number; finding?: number }>(
      Type.Object({
        organisationId: Type.Optional(Id),
        area: Type.Optional(Type.String({ maxLength: 60 })),
        enquiry: Type.Optional(Id),
        finding: Type.Optional(Id),
      }),
      request.query,
    );
    // From an enquiry's finding: the practice starts from what the schools found.
    const draft =
      query.enquiry && query.finding
        ? await practices.draftFromFinding(request.actor, query.enquiry, query.finding)
        : undefined;
    return practiceForm(request, reply, {
      values: {
        organisationId: query.organisationId,
        areas: query.area ? [query.area] : [],
        published: false,
        ...draft,
      },
    });
  });

  app.post<{ Body: Record<string, unknown> }>('/practices', async (request, reply) => {
    try {
      const id = await practices.create(request.actor, readPractice(request.body));
      return reply.redirect(`/practices/${id}?saved=practice`, 303);
    } catch (error) {
      return practiceForm(request, reply, { values: request.body, error: asFormProblem(error) });
    }
  });

  app.get<IdRoute>('/practices/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const practice = await practices.get(request.actor, request.params.id);
    const saved = (request.query as { saved?: string }).saved;
    return reply.page('practices/views/practice.njk', {
      title: practice.title,
      practice,
      saved,
      impact: practice.eefImpactMonths === null ? null : impactInMonths(practice.eefImpactMonths),
      ...VOCABULARY,
    });
  });

  app.get<IdRoute>('/practices/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const practice = await practices.get(request.actor, request.params.id);
    if (!practice.mayChange)
      throw new AppError('forbidden', `Only the leaders of ${practice.organisationName} can change this practice`);
    return practiceForm(request, reply, { practiceId: practice.id, values: { ...practice } });
  });

  app.post<IdRoute & { Body: Record<string, unknown> }>(
    '/practices/:id',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const { id } = request.params;
      const owned = await practices.get(request.actor, id);
      if (!owned.mayChange)
        throw new AppError('forbidden', `Only the leaders of ${owned.organisationName} can change this practice`);
      try {
        await practices.update(request.actor, id, readChange(request.body));
        return reply.redirect(`/practices/${id}?saved=changed`, 303);
      } catch (error) {
        return practiceForm(request, reply, {
          practiceId: id,
          values: { ...request.body, organisationId: owned.organisationId },
          error: asFormProblem(error),
        });
      }
    },
  );

  app.post<IdRoute & { Body: Record<string, unknown> }>(
    '/practices/:id/resources',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        await practices.addResource(request.actor, id, parseForm(ResourceBody, request.body));
        return reply.redirect(`/practices/${id}?saved=resource#resources`, 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        const practice = await practices.get(request.actor, id);
        return reply.page(
          'practices/views/practice.njk',
          {
            title: practice.title,
            practice,
            impact: practice.eefImpactMonths === null ? null : impactInMonths(practice.eefImpactMonths),
            ...VOCABULARY,
            ...formErrorContext(invalid, request, { idPrefix: 'resource-' }),
          },
          400,
        );
      }
    },
  );

  app.post<{ Params: { id: number; resourceId: number } }>(
    '/practices/:id/resources/:resourceId/delete',
    { schema: { params: Type.Object({ id: Id, resourceId: Id }) } },
    async (request, reply) => {
      await practices.removeResource(request.actor, request.params.id, request.params.resourceId);
      return reply.redirect(`/practices/${request.params.id}?saved=resource-removed#resources`, 303);
    },
  );

  /** The adoption form, with the schools the person may adopt for and the measures to choose. */
  async function adoptionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    error?: AppError,
  ) {
    const choices = await practices.adoptionChoices(request.actor, id, Number(values.organisationId) || undefined);
    return reply.page(
      'practices/views/adopt.njk',
      {
        title: `Take up ${choices.practice.title}`,
        ...choices,
        values: { startedOn: choices.today, reviewOn: choices.defaultReview, ...values },
        action: `/practices/${id}/adopt`,
        ...(error ? formErrorContext(error, request) : {}),
        ...VOCABULARY,
      },
      error ? 400 : 200,
    );
  }

  app.get<IdRoute>('/practices/:id/adopt', { schema: { params: IdParams } }, async (request, reply) => {
    const query = parseQueryLeniently<{ organisationId?: number; from?: number }>(
      Type.Object({ organisationId: Type.Optional(Id), from: Type.Optional(Id) }),
      request.query,
    );
    return adoptionForm(request, reply, request.params.id, {
      organisationId: query.organisationId,
      fromOrganisationId: query.from,
    });
  });

  app.post<IdRoute & { Body: Record<string, unknown> }>(
    '/practices/:id/adopt',
    { schema: { params: IdParams } },
    async (request, reply) => {
      try {
        const adoptionId = await practices.adopt(request.actor, request.params.id, readAdoption(request.body));
        return reply.redirect(`/practices/adoptions/${adoptionId}?saved=adopted`, 303);
      } catch (error) {
        return adoptionForm(request, reply, request.params.id, request.body, asFormProblem(error));
      }
    },
  );

  async function trialPage(request: FastifyRequest, reply: FastifyReply, id: number, error?: AppError) {
    const trial = await practices.adoption(request.actor, id);
    return reply.page(
      'practices/views/trial.njk',
      {
        title: `${trial.adoption.organisationName}: ${trial.practice.title}`,
        ...trial,
        saved: (request.query as { saved?: string }).saved,
        ...(error ? formErrorContext(error, request) : {}),
        ...VOCABULARY,
      },
      error ? 400 : 200,
    );
  }

  app.get<IdRoute>('/practices/adoptions/:id', { schema: { params: IdParams } }, (request, reply) =>
    trialPage(request, reply, request.params.id),
  );

  app.post<IdRoute & { Body: Record<string, unknown> }>(
    '/practices/adoptions/:id/review',
    { schema: { params: IdParams } },
    async (request, reply) => {
      try {
        await practices.judge(
          request.actor,
          request.params.id,
          parseForm(JudgementBody, request.body, { labels: { judgement: 'Your judgement', note: 'Why' } }),
        );
        return reply.redirect(`/practices/adoptions/${request.params.id}?saved=judged`, 303);
      } catch (error) {
        return trialPage(request, reply, request.params.id, asFormProblem(error));
      }
    },
  );
}
