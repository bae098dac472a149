import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { getPrintable } from '../../platform/http/pages.js';
import {
  asFormProblem,
  formErrorContext,
  formList,
  parseForm,
  parseQueryLeniently,
} from '../../platform/http/validate.js';
import { formatDate, type FailedForm } from '../../platform/http/views.js';
import { undoButton } from '../audit/index.js';
import type { LandscapeService } from '../landscape/index.js';
import { AREAS, areaOf, FACTOR_LABELS, FACTORS, NEED_STATE_LABELS } from './brokerage.domain.js';
import {
  CoverageView,
  DeclineBody,
  MatchListView,
  NeedView,
  SupportRequestDetailView,
  SupportRequestView,
} from './brokerage.schemas.js';
import type { BrokerageService } from './brokerage.service.js';

const Id = IdParams.properties.id;
const Area = Type.String({
  minLength: 1,
  maxLength: 80,
  description: `An area code (${AREAS.map((a) => a.code).join(', ')}) or a free area`,
});
export const MatchQuery = Type.Object(
  {
    organisationId: Id,
    area: Area,
    scope: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    includeFalling: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
const NeedBody = Type.Object(
  { organisationId: Id, area: Area, detail: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const OfferBody = Type.Object(
  {
    organisationId: Id,
    area: Area,
    detail: Type.Optional(Type.String({ maxLength: 2000 })),
    daysPerTerm: Type.Number({ minimum: 0, maximum: 200 }),
  },
  { additionalProperties: false },
);
const RequestBody = Type.Object(
  {
    invite: Type.Array(Id, { maxItems: 50 }),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    partnershipId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
const HelpBody = Type.Object(
  {
    organisationId: Id,
    days: Type.Number({ exclusiveMinimum: 0, maximum: 200 }),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const WeightsBody = Type.Object(Object.fromEntries(FACTORS.map((f) => [f, Type.Number({ minimum: 0, maximum: 10 })])), {
  additionalProperties: false,
});
const LABELS: Record<string, string> = {
  organisationId: 'School',
  area: 'Area',
  detail: 'Detail',
  daysPerTerm: 'Days a term',
  invite: 'Schools to ask',
  message: 'Message',
  days: 'Days',
  partnershipId: 'Partnership',
  reason: 'Reason',
};
const DECLINE_LABELS = { organisationId: 'Your school', reason: 'Why your school cannot help' };

/** Arrays from a form: one checkbox ticked arrives as a string, several as an array. */
function listOf(value: unknown): number[] {
  return formList(value)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Brokering support: API and pages for needs, offers, matches, requests on invitation and coverage. */
export function registerBrokerageRoutes(
  app: FastifyInstance,
  brokerage: BrokerageService,
  landscape: LandscapeService,
) {
  const tags = ['support'];
  const areaItems = (selected?: string) =>
    AREAS.map((a) => ({ value: a.code, text: a.label, selected: a.code === selected }));

  app.get<{ Querystring: Static<typeof MatchQuery> }>(
    '/api/v1/support/matches',
    {
      schema: {
        tags,
        summary: 'Schools that could help with a need, best first, with their reasons',
        querystring: MatchQuery,
        response: { 200: MatchListView, ...errorResponses },
      },
    },
    (request) => brokerage.matches(request.actor, request.query),
  );
  app.post<{ Body: Static<typeof NeedBody> }>(
    '/api/v1/support/needs',
    { schema: { tags, summary: 'State a need', body: NeedBody, response: { 201: NeedView, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await brokerage.stateNeed(request.actor, request.body)),
  );
  app.get(
    '/api/v1/support/requests',
    {
      schema: {
        tags,
        summary: 'Support requests you may see',
        response: { 200: Type.Array(SupportRequestView), ...errorResponses },
      },
    },
    (request) => brokerage.listRequests(request.actor),
  );
  app.get<IdRoute>(
    '/api/v1/support/requests/:id',
    {
      schema: {
        tags,
        summary: 'A support request with its offers',
        params: IdParams,
        response: { 200: SupportRequestDetailView, ...errorResponses },
      },
    },
    (request) => brokerage.getRequest(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof DeclineBody> }>(
    '/api/v1/support/requests/:id/declines',
    {
      schema: {
        tags,
        summary: 'Decline a request your school was asked, with a reason the asking school reads',
        params: IdParams,
        body: DeclineBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await brokerage.declineRequest(request.actor, { requestId: request.params.id, ...request.body });
      return reply.code(204).send();
    },
  );
  app.put<IdRoute & { Body: Static<typeof WeightsBody> }>(
    '/api/v1/organisations/:id/match-weights',
    {
      schema: {
        tags,
        summary: 'How a partnership weighs the reasons of a match',
        params: IdParams,
        body: WeightsBody,
        response: { 200: WeightsBody, ...errorResponses },
      },
    },
    async (request) => {
      await brokerage.setWeights(request.actor, request.params.id, request.body as never);
      return brokerage.weights(request.actor, request.params.id);
    },
  );
  app.get<{ Querystring: { scope?: string } }>(
    '/api/v1/support/coverage',
    {
      schema: {
        tags,
        summary: 'Schools waiting for help, and how long help takes to arrive',
        querystring: Type.Object(
          { scope: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: CoverageView, ...errorResponses },
      },
    },
    (request) => brokerage.coverage(request.actor, request.query.scope),
  );

  // Pages.
  async function hubPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const actor = request.actor;
    const schools = await landscape.ledOrganisations(actor);
    const query = parseQueryLeniently<{ organisationId?: number }>(
      Type.Object({ organisationId: Type.Optional(Id) }),
      request.query,
    );
    // A form that came back with a problem shows the school it was for.
    const typedFor = Number((extra.failed as FailedForm | undefined)?.values.organisationId);
    const chosen = schools.find((s) => s.id === (typedFor || query.organisationId)) ?? schools[0];
    return {
      title: 'Support',
      schools: schools.map((s) => ({ value: String(s.id), text: s.name, selected: s.id === chosen?.id })),
      school: chosen ?? null,
      needs: chosen ? await brokerage.listNeeds(actor, chosen.id) : [],
      suggestedNeeds: chosen ? await brokerage.suggestNeeds(actor, chosen.id) : [],
      offers: chosen ? await brokerage.listOffers(actor, chosen.id) : [],
      suggestedStrengths: chosen ? await brokerage.suggestStrengths(actor, chosen.id) : [],
      requests: await brokerage.listRequests(actor),
      areaItems: areaItems(),
      areaLabel: (code: string) => areaOf(code).label,
      stateLabels: NEED_STATE_LABELS,
      errors: {},
      done: hubDone(request.query),
      ...extra,
    };
  }

  /** The banner after withdrawing a need or an offer, with its Undo. */
  function hubDone(query: unknown) {
    const { withdrawnNeed, withdrawnOffer } = parseQueryLeniently<{ withdrawnNeed?: number; withdrawnOffer?: number }>(
      Type.Object({ withdrawnNeed: Type.Optional(Id), withdrawnOffer: Type.Optional(Id) }),
      query,
    );
    if (withdrawnNeed)
      return {
        text: 'The need has been withdrawn.',
        undo: undoButton(`/support/needs/${withdrawnNeed}/reopen`, 'Undo: reopen the need'),
      };
    if (withdrawnOffer)
      return {
        text: 'The offer has been withdrawn: it is no longer matched with schools’ needs.',
        undo: undoButton(`/support/offers/${withdrawnOffer}/restore`, 'Undo: offer it again'),
      };
    return undefined;
  }

  app.get('/support', async (request, reply) => reply.page('brokerage/views/support.njk', await hubPage(request)));

  app.post('/support/needs', async (request, reply) => {
    try {
      const need = await brokerage.stateNeed(request.actor, parseForm(NeedBody, request.body, { labels: LABELS }));
      return reply.redirect(`/support/needs/${need.id}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page('brokerage/views/support.njk', await hubPage(request, formErrorContext(invalid, request)), 400);
    }
  });

  app.post('/support/offers', async (request, reply) => {
    try {
      const form = parseForm(OfferBody, request.body, { labels: LABELS });
      await brokerage.makeOffer(request.actor, form);
      return reply.redirect(`/support?organisationId=${form.organisationId}#offers`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'brokerage/views/support.njk',
        await hubPage(request, formErrorContext(invalid, request, { idPrefix: 'offer-' })),
        400,
      );
    }
  });

  app.get<IdRoute>('/support/offers/:id/withdraw', { schema: { params: IdParams } }, async (request, reply) => {
    const offer = await brokerage.getOffer(request.actor, request.params.id);
    return reply.page('confirm.njk', {
      title: 'Withdraw this offer?',
      caption: offer.organisationName,
      facts: [
        { label: 'Area', text: offer.label },
        { label: 'Days a term', text: String(offer.daysPerTerm) },
      ],
      warning: `${offer.organisationName} will no longer be suggested to schools that need help with ${offer.label.toLowerCase()} because of this offer.`,
      consequences: ['Help your school has already offered on a request, and engagements under way, are not changed.'],
      told: 'No one: schools are not sent a message when an offer is withdrawn.',
      undo: 'the next page has an Undo button that offers it again, for 24 hours.',
      action: `/support/offers/${offer.id}/withdraw`,
      button: 'Yes, withdraw the offer',
      cancel: `/support?organisationId=${offer.organisationId}#offers`,
    });
  });

  app.post<IdRoute>('/support/offers/:id/withdraw', { schema: { params: IdParams } }, async (request, reply) => {
    const offer = await brokerage.getOffer(request.actor, request.params.id);
    await brokerage.withdrawOffer(request.actor, offer.id);
    return reply.redirect(`/support?organisationId=${offer.organisationId}&withdrawnOffer=${offer.id}#offers`, 303);
  });

  app.post<IdRoute>('/support/offers/:id/restore', { schema: { params: IdParams } }, async (request, reply) => {
    const offer = await brokerage.getOffer(request.actor, request.params.id);
    await brokerage.restoreOffer(request.actor, offer.id);
    return reply.redirect(`/support?organisationId=${offer.organisationId}#offers`, 303);
  });

  async function needPage(request: FastifyRequest, id: number, extra: Record<string, unknown> = {}) {
    const need = await brokerage.getNeed(request.actor, id);
    const query = parseQueryLeniently<{ scope?: string; includeFalling?: boolean }>(
      Type.Object({
        scope: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
        includeFalling: Type.Optional(Type.Boolean()),
      }),
      request.query,
    );
    const list = await brokerage.matches(request.actor, {
      organisationId: need.organisationId,
      area: need.area,
      needId: need.id,
      scope: query.scope,
      includeFalling: query.includeFalling,
    });
    const partnershipIds = await landscape.partnershipsOf([need.organisationId]);
    const partnerships = await Promise.all(partnershipIds.map((pid) => landscape.getOrganisation(request.actor, pid)));
    return {
      title: `Need: ${areaOf(need.area).label}`,
      need,
      area: areaOf(need.area),
      list,
      query,
      factorLabels: FACTOR_LABELS,
      stateLabels: NEED_STATE_LABELS,
      factors: FACTORS,
      partnershipItems: [
        { value: '', text: 'No: only the schools I tick' },
        ...partnerships.map((p) => ({ value: String(p.id), text: `Yes: everyone in ${p.name}` })),
      ],
      // Leaders of the school's partnerships may change how its matches are weighed.
      weighing: partnerships.filter((p) => landscape.permissions(request.actor).canEditOrganisation(p.id)),
      done:
        (request.query as Record<string, unknown>)?.reopened === '1' ? { text: 'The need is open again.' } : undefined,
      errors: {},
      ...extra,
    };
  }

  app.get<IdRoute>('/support/needs/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('brokerage/views/need.njk', await needPage(request, request.params.id)),
  );

  app.get<IdRoute>('/support/needs/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const need = await brokerage.getNeed(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(need.organisationId))
      throw new AppError('forbidden', 'Only the organisation’s leaders can close its needs');
    const label = areaOf(need.area).label;
    const open = (await brokerage.listRequests(request.actor)).filter(
      (r) => r.needId === need.id && r.status === 'open',
    ).length;
    return reply.page('confirm.njk', {
      title: 'Withdraw this need?',
      caption: need.organisationName,
      facts: [
        { label: 'Area', text: label },
        { label: 'Stated', text: formatDate(need.createdAt.toISOString().slice(0, 10)) },
        ...(need.detail ? [{ label: 'What you need', text: need.detail }] : []),
      ],
      warning: `${need.organisationName} will no longer be shown as waiting for help with ${label.toLowerCase()}, and you will not be able to ask for help with this need.`,
      consequences: [
        open
          ? `${open === 1 ? 'The request for help you have sent stays' : `The ${open} requests for help you have sent stay`} open: the schools you asked can still offer, and you can still accept.`
          : 'You have not asked any school for help with this need yet.',
      ],
      told: 'No one: the schools you asked are not sent a message.',
      undo: 'the next page has an Undo button that reopens the need, for 24 hours, unless your school states a new need in this area first.',
      action: `/support/needs/${need.id}/close`,
      fields: { status: 'withdrawn' },
      button: 'Yes, withdraw the need',
      cancel: `/support/needs/${need.id}`,
    });
  });

  app.post<IdRoute>('/support/needs/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const status = (request.body as Record<string, unknown>)?.status === 'met' ? 'met' : 'withdrawn';
    const need = await brokerage.getNeed(request.actor, request.params.id);
    await brokerage.closeNeed(request.actor, need.id, status);
    return reply.redirect(`/support?organisationId=${need.organisationId}&withdrawnNeed=${need.id}`, 303);
  });

  app.post<IdRoute>('/support/needs/:id/reopen', { schema: { params: IdParams } }, async (request, reply) => {
    await brokerage.reopenNeed(request.actor, request.params.id);
    return reply.redirect(`/support/needs/${request.params.id}?reopened=1`, 303);
  });

  app.post<IdRoute>('/support/needs/:id/requests', { schema: { params: IdParams } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const form = parseForm(RequestBody, { ...body, invite: listOf(body.invite) }, { labels: LABELS });
      const id = await brokerage.requestSupport(request.actor, { needId: request.params.id, ...form });
      return reply.redirect(`/support/requests/${id}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'brokerage/views/need.njk',
        await needPage(request, request.params.id, { form: body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  async function requestPage(request: FastifyRequest, id: number, extra: Record<string, unknown> = {}) {
    const view = await brokerage.getRequest(request.actor, id);
    const mine = (await landscape.ledOrganisations(request.actor)).filter((s) => s.id !== view.request.organisationId);
    const justDeclined = parseQueryLeniently<{ declined?: number }>(
      Type.Object({ declined: Type.Optional(Id) }),
      request.query,
    ).declined;
    // A school of yours that was asked and has not answered may still offer or decline.
    const waiting = view.answers.filter((a) => a.answer === 'waiting').map((a) => a.organisationId);
    const declined = view.answers.filter((a) => a.answer === 'declined').map((a) => a.organisationId);
    return {
      title: `Request for help: ${areaOf(view.request.area).label}`,
      ...view,
      label: areaOf(view.request.area).label,
      helperItems: mine.filter((s) => !declined.includes(s.id)).map((s) => ({ value: String(s.id), text: s.name })),
      declineItems: mine.filter((s) => waiting.includes(s.id)).map((s) => ({ value: String(s.id), text: s.name })),
      done: justDeclined
        ? {
            text: 'Your school has declined the request. The asking school can see your reason.',
            undo: undoButton(`/support/requests/${id}/undo-decline`, 'Undo: take back the decline', {
              organisationId: justDeclined,
            }),
          }
        : undefined,
      errors: {},
      ...extra,
    };
  }

  app.get<IdRoute>('/support/requests/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('brokerage/views/request.njk', await requestPage(request, request.params.id)),
  );

  app.post<IdRoute>('/support/requests/:id/offers', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await brokerage.offerHelp(request.actor, {
        requestId: request.params.id,
        ...parseForm(HelpBody, request.body, { labels: LABELS }),
      });
      return reply.redirect(`/support/requests/${request.params.id}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'brokerage/views/request.njk',
        await requestPage(request, request.params.id, { form: request.body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  app.post<IdRoute>('/support/requests/:id/decline', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const form = parseForm(DeclineBody, request.body, { labels: DECLINE_LABELS });
      await brokerage.declineRequest(request.actor, { requestId: request.params.id, ...form });
      return reply.redirect(`/support/requests/${request.params.id}?declined=${form.organisationId}`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'brokerage/views/request.njk',
        await requestPage(request, request.params.id, formErrorContext(invalid, request)),
        400,
      );
    }
  });

  app.post<IdRoute>('/support/requests/:id/undo-decline', { schema: { params: IdParams } }, async (request, reply) => {
    const { organisationId } = parseForm(
      Type.Object({ organisationId: Id }, { additionalProperties: false }),
      request.body,
    );
    await brokerage.undoDecline(request.actor, { requestId: request.params.id, organisationId });
    return reply.redirect(`/support/requests/${request.params.id}#decline`, 303);
  });

  getPrintable(app, '/support/coverage', {}, async (request, reply) => {
    const query = parseQueryLeniently<{ scope?: string }>(
      Type.Object({ scope: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }),
      request.query,
    );
    const coverage = await brokerage.coverage(request.actor, query.scope);
    return reply.page('brokerage/views/coverage.njk', { title: 'Who is waiting for help', coverage, query });
  });

  app.post<IdRoute>('/organisations/:id/match-weights', { schema: { params: IdParams } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const back = typeof body.back === 'string' && /^\/support\/needs\/(\d+)$/.exec(body.back);
    try {
      const form = parseForm(WeightsBody, Object.fromEntries(FACTORS.map((f) => [f, body[f]])), {
        labels: FACTOR_LABELS,
      });
      await brokerage.setWeights(request.actor, request.params.id, form as never);
      return reply.redirect(back ? back[0] : '/support', 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      if (!back) throw invalid;
      return reply.page(
        'brokerage/views/need.njk',
        await needPage(
          request,
          Number(back[1]),
          formErrorContext(invalid, request, { idPrefix: `weight-${request.params.id}-` }),
        ),
        400,
      );
    }
  });
}
