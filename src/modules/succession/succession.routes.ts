import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { notFound } from '../../platform/http/errors.js';
import { getPrintable } from '../../platform/http/pages.js';
import { asFormProblem, answerForm, formErrorContext, formList, parseForm } from '../../platform/http/validate.js';
import {
  BenchView,
  CountsView,
  IntentionBody,
  IntentionsView,
  IntentionView,
  InterestBody,
  OpportunityBody,
  OpportunityDetailView,
  OpportunityListView,
  StatusBody,
} from './succession.schemas.js';
import type { IntentionInput, SuccessionService } from './succession.service.js';

const Id = IdParams.properties.id;
const ShareParams = Type.Object({ id: Id, partnershipId: Id });
type ShareRoute = { Params: Static<typeof ShareParams> };

const OPPORTUNITY_LABELS = {
  partnershipId: 'Partnership',
  title: 'Title',
  kind: 'Kind of opportunity',
  schoolIds: 'Schools',
  asks: 'What it asks',
  suits: 'Who it suits',
  closesOn: 'Closing date',
};

const SAVED: Record<string, string> = {
  posted: 'The opportunity has been posted. Members of the partnership and its schools can now see it.',
  interested: 'Your interest has been sent to the partnership’s leaders. Only they and you can see your note.',
  withdrawn: 'You have withdrawn your interest.',
  status: 'The opportunity has been updated.',
  recorded: 'Your intention has been saved. Only you can see it unless you share it with a partnership.',
  shared: 'Shared. The leaders of that partnership can now see it in their succession view.',
  unshared: 'You have stopped sharing it: that partnership’s leaders can no longer see it.',
  deleted: 'Your intention has been deleted. No partnership can see it.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];
const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/** Reads the opportunity form: ticked schools as a list. */
function readOpportunity(body: unknown) {
  const raw = { ...((body ?? {}) as Record<string, unknown>) };
  const schoolIds = formList(raw.schoolIds);
  delete raw.schoolIds;
  return parseForm(
    OpportunityBody,
    { ...raw, ...(schoolIds.length ? { schoolIds } : {}) },
    { labels: OPPORTUNITY_LABELS },
  );
}

/** Reads an intention form: the month and year of leaving joined, the partnerships ticked as a list. */
function readIntention(kind: 'towards' | 'leaving', body: unknown): IntentionInput {
  const raw = { ...((body ?? {}) as Record<string, unknown>) };
  const shareWith = formList(raw.shareWith);
  const month = String(raw.leavingMonth ?? '').trim();
  const year = String(raw.leavingYear ?? '').trim();
  delete raw.shareWith;
  delete raw.leavingMonth;
  delete raw.leavingYear;
  const leavingMonth =
    kind === 'leaving' && (month || year) ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}` : undefined;
  const form = parseForm(
    IntentionBody,
    { ...raw, kind, ...(leavingMonth ? { leavingMonth } : {}), ...(shareWith.length ? { shareWith } : {}) },
    { labels: { role: 'Role', organisationId: 'Organisation', leavingMonth: 'Month you plan to leave', note: 'Note' } },
  );
  return form;
}

/** Opportunities across a partnership, people's own succession intentions, and a partnership's bench, in pages and through the API. */
export function registerSuccessionRoutes(app: FastifyInstance, succession: SuccessionService) {
  const tags = ['succession'];

  // The API.
  app.get(
    '/api/v1/opportunities',
    {
      schema: {
        tags,
        summary: 'Open opportunities in your partnerships, soonest closing first',
        response: { 200: OpportunityListView, ...errorResponses },
      },
    },
    (request) => succession.list(request.actor),
  );
  app.post<{ Body: Static<typeof OpportunityBody> }>(
    '/api/v1/opportunities',
    {
      schema: {
        tags,
        summary: 'Post an opportunity in a partnership you lead',
        body: OpportunityBody,
        response: { 201: OpportunityDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { partnershipId, ...input } = request.body;
      const id = await succession.post(request.actor, partnershipId, input);
      return reply.code(201).send(await succession.get(request.actor, id));
    },
  );
  app.get<IdRoute>(
    '/api/v1/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'One opportunity; who expressed interest for its partnership’s leaders only',
        params: IdParams,
        response: { 200: OpportunityDetailView, ...errorResponses },
      },
    },
    (request) => succession.get(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof StatusBody> }>(
    '/api/v1/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'Open, close or fill an opportunity (its partnership’s leaders)',
        params: IdParams,
        body: StatusBody,
        response: { 200: OpportunityDetailView, ...errorResponses },
      },
    },
    (request) => succession.setStatus(request.actor, request.params.id, request.body),
  );
  app.post<IdRoute & { Body: Static<typeof InterestBody> }>(
    '/api/v1/opportunities/:id/interest',
    {
      schema: {
        tags,
        summary: 'Express your interest in an open opportunity',
        params: IdParams,
        body: InterestBody,
        response: { 201: OpportunityDetailView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await succession.express(request.actor, request.params.id, request.body.note)),
  );
  app.delete<IdRoute>(
    '/api/v1/opportunities/:id/interest',
    {
      schema: {
        tags,
        summary: 'Withdraw your interest',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await succession.withdraw(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/succession/intentions',
    {
      schema: {
        tags,
        summary: 'Your own succession intentions, with whom each is shared',
        response: { 200: IntentionsView, ...errorResponses },
      },
    },
    (request) => succession.intentions(request.actor),
  );
  app.post<{ Body: Static<typeof IntentionBody> }>(
    '/api/v1/succession/intentions',
    {
      schema: {
        tags,
        summary: 'Record a succession intention (shared with no one unless you name partnerships)',
        body: IntentionBody,
        response: { 201: IntentionView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await succession.intend(request.actor, request.body)),
  );
  app.delete<IdRoute>(
    '/api/v1/succession/intentions/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of your succession intentions',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await succession.forget(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
  app.put<ShareRoute>(
    '/api/v1/succession/intentions/:id/shares/:partnershipId',
    {
      schema: {
        tags,
        summary: 'Share one of your intentions with one of your partnerships',
        params: ShareParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await succession.share(request.actor, request.params.id, request.params.partnershipId);
      return reply.code(204).send();
    },
  );
  app.delete<ShareRoute>(
    '/api/v1/succession/intentions/:id/shares/:partnershipId',
    {
      schema: {
        tags,
        summary: 'Stop sharing one of your intentions with a partnership, at once',
        params: ShareParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await succession.unshare(request.actor, request.params.id, request.params.partnershipId);
      return reply.code(204).send();
    },
  );
  app.get<IdRoute>(
    '/api/v1/succession/partnerships/:id',
    {
      schema: {
        tags,
        summary: 'A partnership’s bench, for its leaders (administrators: the counts only)',
        params: IdParams,
        response: { 200: BenchView, ...errorResponses },
      },
    },
    (request) => succession.bench(request.actor, request.params.id),
  );
  app.get(
    '/api/v1/succession/counts',
    {
      schema: {
        tags,
        summary: 'How many intentions are shared with each partnership (administrators; no one named)',
        response: { 200: CountsView, ...errorResponses },
      },
    },
    (request) => succession.sharedCounts(request.actor),
  );

  // Opportunities' pages.
  app.get('/opportunities', async (request, reply) => {
    const all = queryOf(request).all === 'yes';
    const [opportunities, partnerships] = await Promise.all([
      succession.list(request.actor, { all }),
      succession.partnerships(request.actor),
    ]);
    return reply.page('succession/views/opportunities.njk', {
      title: 'Opportunities in your partnerships',
      opportunities,
      all,
      led: partnerships.filter((p) => p.leads),
      saved: savedOf(request),
    });
  });

  async function newPage(request: FastifyRequest, partnershipId: number, extra: Record<string, unknown> = {}) {
    const { partnership, schools } = await succession.postingIn(request.actor, partnershipId);
    return {
      title: `Post an opportunity in ${partnership.name}`,
      partnership,
      schools: schools.map((s) => ({ value: String(s.id), text: s.name })),
      kinds: Object.entries(succession.kinds()).map(([value, text]) => ({ value, text })),
      ...extra,
    };
  }

  app.get('/opportunities/new', async (request, reply) => {
    const led = (await succession.partnerships(request.actor)).filter((p) => p.leads);
    const chosen = Number(queryOf(request).partnership);
    const partnership = led.find((p) => p.id === chosen) ?? (led.length === 1 ? led[0] : undefined);
    if (!partnership)
      return reply.page('succession/views/choose.njk', {
        title: 'Post an opportunity',
        led,
      });
    return reply.page('succession/views/new.njk', await newPage(request, partnership.id));
  });

  app.post('/opportunities', async (request, reply) => {
    const partnershipId = Number((request.body as Record<string, unknown>)?.partnershipId);
    try {
      const { partnershipId: chosen, ...input } = readOpportunity(request.body);
      const id = await succession.post(request.actor, chosen, input);
      return reply.redirect(`/opportunities/${id}?saved=posted`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'succession/views/new.njk',
        await newPage(request, partnershipId, formErrorContext(invalid, request)),
        400,
      );
    }
  });

  async function opportunityPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const detail = await succession.get(request.actor, request.params.id);
    return {
      title: detail.opportunity.title,
      ...detail,
      interested: (detail.interests ?? []).map((x) => ({ value: String(x.userId), text: x.name })),
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/opportunities/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('succession/views/opportunity.njk', await opportunityPage(request)),
  );

  const opportunityForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    saved: string,
    act: () => Promise<unknown>,
  ) =>
    answerForm(request, reply, {
      template: 'succession/views/opportunity.njk',
      page: (failed) => opportunityPage(request, failed),
      act: async () => (await act(), `/opportunities/${request.params.id}?saved=${saved}`),
    });

  app.post<IdRoute>('/opportunities/:id/interest', { schema: { params: IdParams } }, (request, reply) =>
    opportunityForm(request, reply, 'interested', () => {
      const form = parseForm(InterestBody, request.body, { labels: { note: 'Your note' } });
      return succession.express(request.actor, request.params.id, form.note);
    }),
  );

  app.post<IdRoute>('/opportunities/:id/interest/delete', { schema: { params: IdParams } }, async (request, reply) => {
    await succession.withdraw(request.actor, request.params.id);
    return reply.redirect(`/opportunities/${request.params.id}?saved=withdrawn`, 303);
  });

  app.post<IdRoute>('/opportunities/:id/status', { schema: { params: IdParams } }, (request, reply) =>
    opportunityForm(request, reply, 'status', () => {
      const form = parseForm(StatusBody, request.body, {
        labels: { status: 'Status', filledByUserId: 'Who filled it', filledByName: 'Who filled it' },
      });
      return succession.setStatus(request.actor, request.params.id, form);
    }),
  );

  // Succession: one's own intentions.
  async function intentionsPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const [mine, roles, places] = await Promise.all([
      succession.intentions(request.actor),
      succession.roleChoices(),
      succession.places(request.actor),
    ]);
    const partnerships = await succession.partnerships(request.actor);
    return {
      title: 'Your succession intentions',
      ...mine,
      led: partnerships.filter((p) => p.leads),
      roles: roles.map((r) => ({ value: r.code, text: r.name })),
      places: places.map((p) => ({ value: String(p.id), text: p.name })),
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get('/succession', async (request, reply) =>
    reply.page('succession/views/intentions.njk', await intentionsPage(request)),
  );

  for (const kind of ['towards', 'leaving'] as const)
    app.post(`/succession/${kind}`, async (request, reply) => {
      try {
        await succession.intend(request.actor, readIntention(kind, request.body));
        return reply.redirect('/succession?saved=recorded', 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        return reply.page(
          'succession/views/intentions.njk',
          await intentionsPage(request, formErrorContext(invalid, request, { idPrefix: `${kind}-` })),
          400,
        );
      }
    });

  app.post<IdRoute>('/succession/intentions/:id/shares', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const partnershipId = Number((request.body as Record<string, unknown>)?.partnershipId);
      await succession.share(request.actor, request.params.id, partnershipId);
      return reply.redirect('/succession?saved=shared', 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'succession/views/intentions.njk',
        await intentionsPage(request, formErrorContext(invalid, request, { idPrefix: `share-${request.params.id}-` })),
        400,
      );
    }
  });

  app.post<ShareRoute>(
    '/succession/intentions/:id/shares/:partnershipId/delete',
    { schema: { params: ShareParams } },
    async (request, reply) => {
      await succession.unshare(request.actor, request.params.id, request.params.partnershipId);
      return reply.redirect('/succession?saved=unshared', 303);
    },
  );

  app.post<IdRoute>('/succession/intentions/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    await succession.forget(request.actor, request.params.id);
    return reply.redirect('/succession?saved=deleted', 303);
  });

  // A partnership's bench.
  getPrintable<IdRoute>(
    app,
    '/partnerships/:id/succession',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const bench = await succession.bench(request.actor, request.params.id);
      return reply.page('succession/views/bench.njk', {
        title: `Succession: ${bench.partnership.name}`,
        bench,
      });
    },
  );

  app.get<IdRoute>('/partnerships/:id/succession.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const bench = await succession.bench(request.actor, request.params.id);
    // The counts an administrator sees are on the page; the file is for the partnership's leaders.
    if (bench.countsOnly) throw notFound('This succession view');
    const names = (people: Array<{ name: string }>) => people.map((p) => p.name).join('; ');
    const leavings = (people: Array<{ name: string; monthLabel: string }>) =>
      people.map((p) => `${p.name} (${p.monthLabel})`).join('; ');
    const rows: unknown[][] = [
      ...bench.headships.map((h) => [
        'Headship',
        h.school.name,
        names(h.heads),
        names(h.developing),
        leavings(h.leaving),
        h.gap ?? '',
      ]),
      ...(bench.anyHeadship.length
        ? [['Headship', 'Any school of the partnership', '', names(bench.anyHeadship), '', '']]
        : []),
      ...bench.systemRoles.map((r) => [
        'System role',
        r.name,
        names(r.holders),
        names(r.developing),
        leavings(r.leaving),
        r.holders.length ? (r.gap ?? '') : '',
      ]),
      ...bench.otherLeaving.map((l) => [
        'Other post',
        `${l.post}${l.organisation ? `, ${l.organisation}` : ''}`,
        l.name,
        '',
        l.monthLabel,
        '',
      ]),
    ];
    const file = `succession-${bench.partnership.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(
        toCsv(['Area', 'Post', 'Held by', 'Developing towards it (shared)', 'Planned leaving (shared)', 'Gap'], rows),
      );
  });
}
