import crypto from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../platform/csv/csv-writer.js';
import { errorResponses, IdParams, type IdRoute, IsoDate } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { RELATIONSHIPS } from './feedback360.domain.js';
import type { Feedback360Service, RaterInput } from './feedback360.service.js';
import type { RaterRelationship } from './feedback360.table.js';

const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) });
type TokenRoute = { Params: Static<typeof TokenParams> };
/** Answers taken through one link from one connection a minute (a link answers once; this slows guessing). */
const ANSWERS_PER_MINUTE = 10;
/** How many people can be typed in at once on the invite page. */
const TYPED_ROWS = 3;

const Relationship = Type.Union(RELATIONSHIPS.map((r) => Type.Literal(r.value)));

const RoundView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  frameworkId: Type.Integer(),
  openedOn: IsoDate,
  closesOn: IsoDate,
  closed: Type.Boolean(),
  invited: Type.Integer(),
  answered: Type.Integer(),
});
const RoundBody = Type.Object(
  {
    frameworkId: Type.Integer({ minimum: 1, title: 'Framework' }),
    title: Type.Optional(Type.String({ maxLength: 200, title: 'Title' })),
    closesOn: Type.String({ format: 'date', title: 'Closes on' }),
  },
  { additionalProperties: false },
);
const RaterBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 320 }),
    relationship: Relationship,
    personId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const InviteBody = Type.Object(
  { raters: Type.Array(RaterBody, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
const Invited = Type.Object({
  raterId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  relationship: Relationship,
  link: Type.String({ description: 'The private link, given this once: only its hash is kept' }),
  emailed: Type.Boolean(),
});
const RaterView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  relationship: Relationship,
  answered: Type.Boolean(),
});
const SuggestionView = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  jobTitle: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  relationship: Relationship,
});
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);
const ResultsView = Type.Object({
  round: RoundView,
  owner: Type.Object({ userId: Type.Integer(), name: Type.String() }),
  mine: Type.Boolean({ description: 'Whether the round is your own (else its owner shares their record with you)' }),
  framework: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    scale: Type.Array(Type.Object({ value: Type.Integer(), label: Type.String() })),
  }),
  selfAssessedOn: Type.Union([IsoDate, Type.Null()]),
  results: Type.Union([
    Type.Null({ description: 'No results while the round is open' }),
    Type.Object({
      minRespondents: Type.Integer(),
      groups: Type.Array(
        Type.Object({
          relationship: Type.String(),
          label: Type.String(),
          shown: Type.Boolean(),
          respondents: Type.Union([Type.Integer(), Type.Null()]),
          withheld: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
      components: Type.Array(
        Type.Object({
          componentId: Type.Integer(),
          name: Type.String(),
          domain: Type.String(),
          self: nullableNumber,
          means: Type.Array(nullableNumber, { description: 'The mean of each group, in the order of groups' }),
        }),
      ),
      comments: Type.Union([Type.Array(Type.String()), Type.Null()]),
      commentsWithheld: Type.Union([Type.String(), Type.Null()]),
    }),
  ]),
});

const SAVED: Record<string, string> = {
  created: 'Your round has started. Now choose whom to ask.',
  closed: 'The round has closed. Its results are below, for the groups where enough people answered.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];
const asList = (v: unknown): string[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** 360 feedback: a leader's rounds, whom they ask, the results, and the private links raters answer through. */
export function registerFeedback360Routes(app: FastifyInstance, feedback: Feedback360Service) {
  const tags = ['feedback360'];

  app.get(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary: 'Your own 360 feedback rounds, newest first',
        response: { 200: Type.Array(RoundView), ...errorResponses },
      },
    },
    (request) => feedback.list(request.actor),
  );
  app.get(
    '/api/v1/feedback/shared',
    {
      schema: {
        tags,
        summary: 'The 360 feedback rounds of the leaders who share their development record with you',
        response: {
          200: Type.Array(Type.Object({ ...RoundView.properties, ownerName: Type.String() })),
          ...errorResponses,
        },
      },
    },
    (request) => feedback.sharedWithMe(request.actor),
  );
  app.post<{ Body: Static<typeof RoundBody> }>(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary: 'Start a 360 feedback round',
        body: RoundBody,
        response: { 201: RoundView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await feedback.start(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/feedback/:id/results',
    {
      schema: {
        tags,
        summary: 'The results of a round (yours, or shared with you): groups below the threshold are withheld',
        params: IdParams,
        response: { 200: ResultsView, ...errorResponses },
      },
    },
    (request) => feedback.results(request.actor, request.params.id),
  );
  app.get<IdRoute>(
    '/api/v1/feedback/:id/raters',
    {
      schema: {
        tags,
        summary: 'Whom you asked in a round of your own, and whether they answered',
        params: IdParams,
        response: { 200: Type.Array(RaterView), ...errorResponses },
      },
    },
    async (request) =>
      (await feedback.raters(request.actor, request.params.id)).map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        relationship: r.relationship,
        answered: r.answered,
      })),
  );
  app.get<IdRoute>(
    '/api/v1/feedback/:id/suggestions',
    {
      schema: {
        tags,
        summary: 'People of your real ties you could ask in a round of your own',
        params: IdParams,
        response: { 200: Type.Array(SuggestionView), ...errorResponses },
      },
    },
    async (request) =>
      (await feedback.suggestions(request.actor, request.params.id)).map(({ relationshipLabel: _l, ...s }) => s),
  );
  app.post<IdRoute & { Body: Static<typeof InviteBody> }>(
    '/api/v1/feedback/:id/raters',
    {
      schema: {
        tags,
        summary: 'Ask people for feedback: each private link is given back this once',
        params: IdParams,
        body: InviteBody,
        response: { 201: Type.Array(Invited), ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await feedback.invite(request.actor, request.params.id, request.body.raters));
    },
  );
  app.post<IdRoute>(
    '/api/v1/feedback/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a round of your own',
        params: IdParams,
        response: { 200: RoundView, ...errorResponses },
      },
    },
    (request) => feedback.close(request.actor, request.params.id),
  );

  // Pages.

  app.get('/feedback', async (request, reply) =>
    reply.page('feedback360/views/rounds.njk', {
      title: 'Your 360 feedback',
      rounds: await feedback.list(request.actor),
      shared: await feedback.sharedWithMe(request.actor),
    }),
  );

  async function newPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    return { title: 'Start a round of 360 feedback', frameworks: await frameworksOf(request), ...extra };
  }
  async function frameworksOf(request: FastifyRequest) {
    return (await feedback.frameworks(request.actor)).map((f) => ({ value: String(f.id), text: f.name }));
  }

  app.get('/feedback/new', async (request, reply) => reply.page('feedback360/views/new.njk', await newPage(request)));

  app.post('/feedback', async (request, reply) => {
    try {
      const form = parseForm(RoundBody, request.body, {
        labels: { frameworkId: 'Framework', closesOn: 'Closes on', title: 'Title' },
      });
      const round = await feedback.start(request.actor, form);
      return reply.redirect(`/feedback/${round.id}/raters?saved=created`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page('feedback360/views/new.njk', await newPage(request, formErrorContext(invalid, request)), 400);
    }
  });

  async function resultsPage(request: FastifyRequest<IdRoute>) {
    const view = await feedback.results(request.actor, request.params.id);
    const results = view.results;
    return {
      title: view.round.title,
      ...view,
      table: results
        ? {
            groups: results.groups,
            rows: results.components.map((c) => ({ ...c, cells: c.means })),
          }
        : null,
      saved: savedOf(request),
    };
  }

  app.get<IdRoute>('/feedback/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('feedback360/views/results.njk', await resultsPage(request)),
  );

  app.get<IdRoute>('/feedback/:id/results.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const { round, results } = await feedback.results(request.actor, request.params.id);
    const rows: unknown[][] = [];
    if (results) {
      for (const [g, group] of results.groups.entries())
        for (const c of results.components)
          rows.push([
            c.domain,
            c.name,
            group.label,
            group.shown ? group.respondents : '',
            group.shown ? c.means[g] : '',
            group.withheld ?? '',
            c.self ?? '',
          ]);
      if (results.comments) for (const comment of results.comments) rows.push(['', '', 'Comment', '', '', comment, '']);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="feedback-${round.id}.csv"`)
      .send(toCsv(['domain', 'component', 'group', 'respondents', 'mean', 'withheld', 'self_rating'], rows));
  });

  async function ratersPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const round = await feedback.get(request.actor, request.params.id);
    return {
      title: `Whom to ask: ${round.title}`,
      round,
      raters: await feedback.raters(request.actor, round.id),
      suggestions: round.closed ? [] : await feedback.suggestions(request.actor, round.id),
      relationships: RELATIONSHIPS.map((r) => ({ value: r.value, text: r.label })),
      typedRows: Array.from({ length: TYPED_ROWS }, (_, i) => i + 1),
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/feedback/:id/raters', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('feedback360/views/raters.njk', await ratersPage(request)),
  );

  /** Reads the invite form: the suggestions ticked (as the landscape has them) and the people typed. */
  async function readInvite(request: FastifyRequest<IdRoute>): Promise<RaterInput[]> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const ticked = new Set(asList(body.suggested));
    const suggested = (await feedback.suggestions(request.actor, request.params.id))
      .filter((s) => ticked.has(String(s.personId)))
      .map((s) => ({ name: s.name, email: s.email, relationship: s.relationship, personId: s.personId }));
    const typed: RaterInput[] = [];
    for (let i = 1; i <= TYPED_ROWS; i += 1) {
      const name = String(body[`name${i}`] ?? '').trim();
      const email = String(body[`email${i}`] ?? '').trim();
      const relationship = String(body[`relationship${i}`] ?? '');
      if (!name && !email) continue;
      typed.push({ name, email, relationship: relationship as RaterRelationship });
    }
    return [...suggested, ...typed];
  }

  app.post<IdRoute>('/feedback/:id/raters', { schema: { params: IdParams } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const invited = await feedback.invite(request.actor, request.params.id, await readInvite(request));
      // The links are shown this once: only their hashes are kept.
      return reply.page('feedback360/views/raters.njk', await ratersPage(request, { invited }));
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'feedback360/views/raters.njk',
        await ratersPage(request, formErrorContext(invalid, request)),
        400,
      );
    }
  });

  app.get<IdRoute>('/feedback/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const round = await feedback.get(request.actor, request.params.id);
    return reply.page('confirm.njk', {
      title: 'Close this round of feedback?',
      caption: round.title,
      facts: [
        { label: 'Asked', text: String(round.invited) },
        { label: 'Answered', text: String(round.answered) },
      ],
      warning: 'A closed round takes no more answers and cannot be opened again.',
      consequences: [
        `Its results will show each group of raters where at least ${feedback.minRespondents} answered; smaller groups stay withheld.`,
      ],
      action: `/feedback/${round.id}/close`,
      button: 'Close the round',
      cancel: `/feedback/${round.id}`,
    });
  });

  app.post<IdRoute>('/feedback/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    await feedback.close(request.actor, request.params.id);
    return reply.redirect(`/feedback/${request.params.id}?saved=closed`, 303);
  });

  // The private link a rater answers through: public, no account, and nothing of the leader but their name.

  async function answerPage(reply: FastifyReply, token: string, extra: Record<string, unknown> = {}, status = 200) {
    reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex');
    const found = await feedback.byToken(token);
    if (!found) throw new AppError('not_found', 'This feedback link is not valid');
    return reply.page(
      'feedback360/views/answer.njk',
      { title: `Feedback for ${found.ownerName}`, ...found, minimum: feedback.minRespondents, token, ...extra },
      status,
    );
  }

  app.get<TokenRoute>(
    '/feedback/answer/:token',
    { schema: { params: TokenParams }, config: { public: true } },
    (request, reply) => answerPage(reply, request.params.token),
  );

  const limitKeySecret = crypto.randomBytes(32);
  const answerLimit = app.createRateLimit({
    max: ANSWERS_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      crypto
        .createHmac('sha256', limitKeySecret)
        .update(`${(request.params as { token: string }).token}\u0000${request.ip}`)
        .digest('base64url'),
  });

  app.post<TokenRoute>(
    '/feedback/answer/:token',
    { schema: { params: TokenParams }, config: { public: true } },
    async (request, reply) => {
      const limit = await answerLimit(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        const message =
          'Too many answers have come from your connection in the last minute: wait a minute, then send again.';
        return answerPage(
          reply,
          request.params.token,
          { errorList: [{ text: message, href: '#send' }], failed: undefined },
          429,
        );
      }
      const body = (request.body ?? {}) as Record<string, unknown>;
      const ratings = Object.entries(body)
        .filter(([k]) => /^rating-\d+$/.test(k))
        .map(([k, v]) => ({ componentId: Number(k.slice(7)), rating: Number(v) }));
      try {
        await feedback.answer(request.params.token, {
          ratings,
          comment: typeof body.comment === 'string' ? body.comment : null,
        });
      } catch (error) {
        const invalid = asFormProblem(error);
        return answerPage(reply, request.params.token, formErrorContext(invalid, request), 400);
      }
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.page('feedback360/views/thanks.njk', { title: 'Thank you for your feedback' });
    },
  );
}
