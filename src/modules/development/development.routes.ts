import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { getPrintable } from '../../platform/http/pages.js';
import { answerForm, parseForm, parseQueryLeniently } from '../../platform/http/validate.js';
import { AREAS } from '../brokerage/index.js';
import { PersonalDataRowView } from '../personal-data.js';
import type { ServiceMap } from '../definition.js';
import { readFrameworkText } from './development.domain.js';
import {
  AssessmentBody,
  AssessmentView,
  FrameworkBody,
  FrameworkForm,
  FrameworkView,
  OfferView,
  ProfileView,
  ShareBody,
  ShareView,
} from './development.schemas.js';
import type { AssessmentInput } from './development.service.js';

const Id = IdParams.properties.id;
const OwnerParams = Type.Object({ userId: Id, id: Id });
type OwnerRoute = { Params: Static<typeof OwnerParams> };
const ReaderParams = Type.Object({ userId: Id });
type ReaderRoute = { Params: Static<typeof ReaderParams> };
const OfferQuery = Type.Object({ area: Type.Optional(Type.String({ maxLength: 40 })), outside: Type.Optional(Id) });
const ProfileQuery = Type.Object({ owner: Type.Optional(Id) });

const RELATIONS = [
  { value: 'mentor', text: 'My mentor' },
  { value: 'line-manager', text: 'My line manager' },
  { value: 'colleague', text: 'A colleague' },
];
const SAVED: Record<string, string> = {
  assessed: 'Your self-assessment has been saved. Only you, and the people you let read your record, can see it.',
  shared: 'They can now read your development record: your self-assessments, feedback results and plans.',
  unshared: 'They can no longer read your development record.',
  offered: 'Your choice of strengths to offer has been saved.',
  framework: 'The framework has been added. Leaders can now assess themselves against it.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];

/** The self-assessment form's fields, `rating-<component>`, `evidence-<component>` and `offered-<component>`, as an input. */
function readAssessment(frameworkId: number, body: unknown): AssessmentInput {
  const raw = (body ?? {}) as Record<string, unknown>;
  const form = parseForm(Type.Object({ assessedOn: Type.Optional(Type.String({ format: 'date', title: 'Date' })) }), {
    ...Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith('assessedOn'))),
  });
  const ids = new Set(
    Object.keys(raw)
      .map((key) => /^(?:rating|evidence|offered)-(\d{1,9})$/.exec(key)?.[1])
      .filter((id): id is string => id !== undefined),
  );
  const problems: Array<{ field: string; message: string }> = [];
  const ratings = [...ids].map((id) => {
    const evidence = String(raw[`evidence-${id}`] ?? '').trim();
    if (evidence.length > 2000)
      problems.push({ field: `evidence-${id}`, message: 'Keep the evidence to 2,000 characters or fewer' });
    return {
      componentId: Number(id),
      rating: raw[`rating-${id}`] === undefined ? Number.NaN : Number(raw[`rating-${id}`]),
      evidence,
      offered: raw[`offered-${id}`] !== undefined,
    };
  });
  if (problems.length) throw new AppError('validation', 'Some evidence is too long', problems);
  return { frameworkId, assessedOn: form.assessedOn, ratings };
}

/** Developing leaders' own pages and API: frameworks, self-assessments, the profile, sharing, offers and the export. */
export function registerDevelopmentRoutes(app: FastifyInstance, services: ServiceMap) {
  const { development } = services;
  const tags = ['development'];

  // The API.
  app.get(
    '/api/v1/frameworks',
    {
      schema: {
        tags,
        summary: 'The frameworks leaders assess themselves against',
        response: { 200: Type.Array(FrameworkView), ...errorResponses },
      },
    },
    (request) => development.frameworks(request.actor),
  );
  app.get<IdRoute>(
    '/api/v1/frameworks/:id',
    {
      schema: { tags, summary: 'One framework', params: IdParams, response: { 200: FrameworkView, ...errorResponses } },
    },
    (request) => development.framework(request.actor, request.params.id),
  );
  app.post<{ Body: Static<typeof FrameworkBody> }>(
    '/api/v1/frameworks',
    {
      schema: {
        tags,
        summary: 'Add a framework (administrators)',
        body: FrameworkBody,
        response: { 201: FrameworkView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await development.createFramework(request.actor, request.body)),
  );
  app.get(
    '/api/v1/development/assessments',
    {
      schema: {
        tags,
        summary: 'Your self-assessments, oldest first',
        response: { 200: Type.Array(AssessmentView), ...errorResponses },
      },
    },
    (request) => development.assessments(request.actor),
  );
  app.post<{ Body: Static<typeof AssessmentBody> }>(
    '/api/v1/development/assessments',
    {
      schema: {
        tags,
        summary: 'Record a self-assessment (private to you)',
        body: AssessmentBody,
        response: { 201: AssessmentView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await development.assess(request.actor, request.body)),
  );
  app.get<IdRoute & { Querystring: Static<typeof ProfileQuery> }>(
    '/api/v1/development/profile/:id',
    {
      schema: {
        tags,
        summary: 'Your profile against a framework over time (or, with owner, a leader’s who shares it with you)',
        params: IdParams,
        querystring: ProfileQuery,
        response: { 200: ProfileView, ...errorResponses },
      },
    },
    (request) => development.profile(request.actor, request.params.id, request.query.owner),
  );
  app.get(
    '/api/v1/development/shares',
    {
      schema: {
        tags,
        summary: 'Whom you let read your development record',
        response: { 200: Type.Array(ShareView), ...errorResponses },
      },
    },
    async (request) =>
      (await development.shares(request.actor)).map((s) => ({
        userId: s.readerId,
        name: s.name,
        relation: s.relation,
      })),
  );
  app.post<{ Body: Static<typeof ShareBody> }>(
    '/api/v1/development/shares',
    {
      schema: {
        tags,
        summary: 'Let an account read your development record',
        body: ShareBody,
        response: { 201: ShareView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await development.share(request.actor, request.body)),
  );
  app.delete<ReaderRoute>(
    '/api/v1/development/shares/:userId',
    {
      schema: {
        tags,
        summary: 'Stop letting an account read your development record',
        params: ReaderParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await development.unshare(request.actor, request.params.userId);
      return reply.code(204).send();
    },
  );
  app.get<{ Querystring: Static<typeof OfferQuery> }>(
    '/api/v1/development/offers',
    {
      schema: {
        tags,
        summary: 'Strengths leaders offer in brokerage',
        querystring: OfferQuery,
        response: { 200: Type.Array(OfferView), ...errorResponses },
      },
    },
    (request) => development.offers(request.actor, request.query),
  );
  app.get(
    '/api/v1/development/export',
    {
      schema: {
        tags,
        summary: 'Everything Syslead holds about your development, by module',
        response: { 200: Type.Array(PersonalDataRowView), ...errorResponses },
      },
    },
    (request) => development.export(request.actor),
  );

  // The pages.
  app.get('/development', async (request, reply) => {
    const [frameworks, assessments, shares, sharedWithMe] = await Promise.all([
      development.frameworks(request.actor),
      development.assessments(request.actor),
      development.shares(request.actor),
      development.sharedWithMe(request.actor),
    ]);
    return reply.page('development/views/development.njk', {
      title: 'Your development',
      frameworks: frameworks.map((f) => {
        const own = assessments.filter((a) => a.frameworkId === f.id);
        return { ...f, assessed: own.length, latest: own.at(-1)?.assessedOn ?? null };
      }),
      shares,
      sharedWithMe,
      saved: savedOf(request),
    });
  });

  app.get('/development/frameworks', async (request, reply) =>
    reply.page('development/views/frameworks.njk', {
      title: 'Frameworks of system leadership',
      frameworks: await development.frameworks(request.actor),
      saved: savedOf(request),
    }),
  );

  const newFrameworkPage = (extra: Record<string, unknown> = {}) => ({
    title: 'Add a framework',
    areas: AREAS,
    ...extra,
  });
  app.get('/development/frameworks/new', async (request, reply) => {
    development.mayAddFramework(request.actor);
    return reply.page('development/views/framework-new.njk', newFrameworkPage());
  });
  app.post('/development/frameworks', (request, reply) =>
    answerForm(request, reply, {
      template: 'development/views/framework-new.njk',
      page: newFrameworkPage,
      act: async () => {
        const form = parseForm(FrameworkForm, request.body, {});
        const { value, problems } = readFrameworkText(form.scale, form.domains);
        if (!value) throw new AppError('validation', 'The framework could not be read', problems);
        const framework = await development.createFramework(request.actor, {
          name: form.name,
          source: form.source,
          description: form.description,
          ...value,
        });
        return `/development/frameworks/${framework.id}?saved=framework`;
      },
    }),
  );

  app.get<IdRoute>('/development/frameworks/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const framework = await development.framework(request.actor, request.params.id);
    return reply.page('development/views/framework.njk', { title: framework.name, framework, saved: savedOf(request) });
  });

  async function assessPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const framework = await development.framework(request.actor, request.params.id);
    const previous = (await development.assessments(request.actor, undefined, framework.id)).at(-1);
    return {
      title: `Assess yourself: ${framework.name}`,
      framework,
      previous: previous
        ? {
            assessedOn: previous.assessedOn,
            ratings: Object.fromEntries(previous.ratings.map((r) => [r.componentId, r])),
          }
        : null,
      ...extra,
    };
  }
  app.get<IdRoute>('/development/frameworks/:id/assess', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('development/views/assess.njk', await assessPage(request)),
  );
  app.post<IdRoute>('/development/frameworks/:id/assess', { schema: { params: IdParams } }, (request, reply) =>
    answerForm(request, reply, {
      template: 'development/views/assess.njk',
      page: (failed) => assessPage(request, failed),
      act: async () => {
        await development.assess(request.actor, readAssessment(request.params.id, request.body));
        return `/development/frameworks/${request.params.id}/profile?saved=assessed`;
      },
    }),
  );

  /** A leader's profile: their own, or one shared with the reader (whose read is audited by the service). */
  async function profilePage(request: FastifyRequest, reply: FastifyReply, frameworkId: number, ownerId?: number) {
    const profile = await development.profile(request.actor, frameworkId, ownerId);
    const own = profile.sight.owner;
    return reply.page('development/views/profile.njk', {
      title: own ? `Your profile: ${profile.framework.name}` : `${profile.owner.name}: ${profile.framework.name}`,
      profile,
      own,
      latestId: own ? (await development.assessments(request.actor, undefined, frameworkId)).at(-1)?.id : undefined,
      printedAt: new Date(),
      saved: savedOf(request),
    });
  }
  getPrintable<IdRoute>(
    app,
    '/development/frameworks/:id/profile',
    { schema: { params: IdParams } },
    (request, reply) => profilePage(request, reply, request.params.id),
  );
  getPrintable<OwnerRoute>(
    app,
    '/development/people/:userId/frameworks/:id/profile',
    { schema: { params: OwnerParams } },
    (request, reply) => profilePage(request, reply, request.params.id, request.params.userId),
  );

  app.get<ReaderRoute>('/development/people/:userId', { schema: { params: ReaderParams } }, async (request, reply) => {
    const assessments = await development.assessments(request.actor, request.params.userId);
    const shared = (await development.sharedWithMe(request.actor)).find((s) => s.ownerId === request.params.userId);
    const frameworks = await development.frameworks(request.actor);
    return reply.page('development/views/person.njk', {
      title: `${shared?.name ?? 'Your'} development record`,
      owner: { userId: request.params.userId, name: shared?.name ?? request.actor?.name },
      frameworks: frameworks
        .map((f) => ({ ...f, dates: assessments.filter((a) => a.frameworkId === f.id).map((a) => a.assessedOn) }))
        .filter((f) => f.dates.length),
    });
  });

  app.post<IdRoute>('/development/assessments/:id/offers', { schema: { params: IdParams } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const componentId = Number(body.componentId);
    if (!Number.isInteger(componentId) || componentId < 1)
      throw new AppError('validation', 'Choose a strength to offer');
    const assessment = (await development.assessments(request.actor)).find((a) => a.id === request.params.id);
    await development.setOffered(request.actor, request.params.id, componentId, body.offered === 'yes');
    return reply.redirect(`/development/frameworks/${assessment?.frameworkId ?? 0}/profile?saved=offered`, 303);
  });

  async function sharingPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    return {
      title: 'Who can read your development record',
      shares: await development.shares(request.actor),
      relations: RELATIONS,
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get('/development/sharing', async (request, reply) =>
    reply.page('development/views/sharing.njk', await sharingPage(request)),
  );
  app.post('/development/sharing', (request, reply) =>
    answerForm(request, reply, {
      template: 'development/views/sharing.njk',
      page: (failed) => sharingPage(request, failed),
      act: async () => {
        const labels = { email: 'Email address', relation: 'Who they are to you' };
        await development.share(request.actor, parseForm(ShareBody, request.body, { labels }));
        return '/development/sharing?saved=shared';
      },
    }),
  );

  app.post<ReaderRoute>(
    '/development/sharing/:userId/stop',
    { schema: { params: ReaderParams } },
    async (request, reply) => {
      await development.unshare(request.actor, request.params.userId);
      return reply.redirect('/development/sharing?saved=unshared', 303);
    },
  );

  app.get('/development/offers', async (request, reply) => {
    const query = parseQueryLeniently<Static<typeof OfferQuery>>(OfferQuery, request.query);
    const area = AREAS.find((a) => a.code === query.area);
    return reply.page('development/views/offers.njk', {
      title: area ? `Leaders offering experience in ${area.label.toLowerCase()}` : 'Leaders offering their strengths',
      offers: await development.offers(request.actor, { area: area?.code, outside: query.outside }),
      areas: AREAS,
      area: area?.code ?? '',
    });
  });

  app.get('/development/export.csv', async (request, reply) => {
    const held = await development.export(request.actor);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="my-development.csv"')
      .send(
        toCsv(
          ['part', 'record', 'field', 'value'],
          held.map((r) => [r.part, r.record, r.field, r.value]),
        ),
      );
  });
}
