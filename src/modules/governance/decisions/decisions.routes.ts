import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { AppError } from '../../../platform/http/errors.js';
import { getPrintable } from '../../../platform/http/http-platform.js';
import { asFormProblem, formErrorContext, formList, parseForm } from '../../../platform/http/validate.js';
import type { GovernanceService } from '../governance.service.js';
import { AGAINST, POSITIONS, REASONS, STATUSES, VERDICTS } from './decisions.domain.js';
import {
  AdviceBody,
  AnswerBody,
  DecideBody,
  DecisionItem,
  DecisionsLogView,
  DecisionView,
  EscalationBody,
  EscalationView,
  FurtherBody,
  LadderBody,
  LadderView,
  ProposalBody,
  ReviewBody,
} from './decisions.schemas.js';

const PartnershipParams = Type.Object({ partnershipId: IdParams.properties.id });
type PartnershipRoute = { Params: Static<typeof PartnershipParams> };
type Form = { Body: Record<string, unknown> };

/** How many expected effects the decision form offers; the API takes up to ten. */
const EXPECTATION_ROWS = 3;
/** How many steps the ladder form offers. */
const LADDER_ROWS = 8;

const VOCABULARY = { positions: POSITIONS, verdicts: VERDICTS, statuses: STATUSES, reasons: REASONS, against: AGAINST };
const VIEWS = 'governance/views/decisions';
const saved = (request: FastifyRequest) => (request.query as { saved?: string }).saved;

/** The decision form's rows of expected effects (`expectations.0.indicatorCode`…), the empty ones left out. */
function readDecision(body: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  const rows: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(body)) {
    const row = /^expectations\.(\d+)\.(\w+)$/.exec(key);
    if (!row) values[key] = value;
    else if (typeof value === 'string' && value.trim()) (rows[Number(row[1])] ??= {})[row[2]!] = value;
  }
  const expectations = rows.filter(Boolean);
  return parseForm(
    DecideBody,
    { ...values, ...(expectations.length ? { expectations } : {}) },
    {
      labels: {
        decision: 'The decision',
        decidedBy: 'Who took it',
        decidedOn: 'The day it was decided',
        reviewOn: 'The review date',
      },
    },
  );
}

/** The ladder form's rows (`organisationId-1`, `label-1`…), in order, the empty ones left out. */
function readLadder(body: Record<string, unknown>) {
  const steps = Array.from({ length: LADDER_ROWS }, (_, i) => ({
    organisationId: body[`organisationId-${i + 1}`],
    label: body[`label-${i + 1}`],
  })).filter((s) => s.organisationId !== undefined && s.organisationId !== '');
  return parseForm(LadderBody, { steps });
}

/** Decisions and escalation: the log, proposals, advice, decisions, reviews and the ladder, as API and pages. */
export function registerDecisionsRoutes(app: FastifyInstance, governance: GovernanceService): void {
  const tags = ['governance'];

  // The API.
  app.get<IdRoute>(
    '/api/v1/governance/partnerships/:id/decisions',
    {
      schema: {
        tags,
        summary: 'A partnership’s decisions log: every decision of its forums you may see',
        params: IdParams,
        response: { 200: DecisionsLogView, ...errorResponses },
      },
    },
    (request) => governance.decisionsOf(request.actor, request.params.id),
  );
  app.get<IdRoute>(
    '/api/v1/decisions/:id',
    {
      schema: {
        tags,
        summary: 'A decision with its advice, outcomes, expected effects, reviews and escalations',
        params: IdParams,
        response: { 200: DecisionView, ...errorResponses },
      },
    },
    (request) => governance.decision(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof ProposalBody> }>(
    '/api/v1/forums/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Record a proposal of the forum (its chair or clerk), with the outcomes it aims at',
        params: IdParams,
        body: ProposalBody,
        response: { 201: DecisionItem, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await governance.propose(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.decision(request.actor, id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof AdviceBody> }>(
    '/api/v1/decisions/:id/advice',
    {
      schema: {
        tags,
        summary: 'Record advice sought on a proposal, before it is decided',
        params: IdParams,
        body: AdviceBody,
        response: { 201: DecisionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      await governance.addAdvice(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.decision(request.actor, request.params.id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof DecideBody> }>(
    '/api/v1/decisions/:id/decide',
    {
      schema: {
        tags,
        summary: 'Record the decision on a proposal that has advice, its expected effects and review date',
        params: IdParams,
        body: DecideBody,
        response: { 200: DecisionView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.decide(request.actor, request.params.id, request.body);
      return governance.decision(request.actor, request.params.id);
    },
  );
  app.post<IdRoute & { Body: Static<typeof ReviewBody> }>(
    '/api/v1/decisions/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Review a decision against the figures: confirm, change (with a new review date) or reverse',
        params: IdParams,
        body: ReviewBody,
        response: { 201: DecisionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      await governance.reviewDecision(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.decision(request.actor, request.params.id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof EscalationBody> }>(
    '/api/v1/decisions/:id/escalations',
    {
      schema: {
        tags,
        summary: 'Escalate a matter of a decision to the next step of the partnership’s ladder',
        params: IdParams,
        body: EscalationBody,
        response: { 201: EscalationView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await governance.escalate(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.escalation(request.actor, id));
    },
  );
  app.get<IdRoute>(
    '/api/v1/escalations/:id',
    {
      schema: {
        tags,
        summary: 'An escalation and its whole trail',
        params: IdParams,
        response: { 200: EscalationView, ...errorResponses },
      },
    },
    (request) => governance.escalation(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof AnswerBody> }>(
    '/api/v1/escalations/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer a matter escalated to an organisation you lead',
        params: IdParams,
        body: AnswerBody,
        response: { 200: EscalationView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.answerEscalation(request.actor, request.params.id, request.body);
      return governance.escalation(request.actor, request.params.id);
    },
  );
  app.post<IdRoute & { Body: Static<typeof FurtherBody> }>(
    '/api/v1/escalations/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate a matter further, to the next step of the ladder',
        params: IdParams,
        body: FurtherBody,
        response: { 201: EscalationView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await governance.escalateFurther(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.escalation(request.actor, id));
    },
  );
  app.get<IdRoute>(
    '/api/v1/governance/partnerships/:id/escalation-ladder',
    {
      schema: {
        tags,
        summary: 'A partnership’s escalation ladder, lowest step first',
        params: IdParams,
        response: { 200: LadderView, ...errorResponses },
      },
    },
    (request) => governance.ladder(request.actor, request.params.id),
  );
  app.put<IdRoute & { Body: Static<typeof LadderBody> }>(
    '/api/v1/governance/partnerships/:id/escalation-ladder',
    {
      schema: {
        tags,
        summary: 'Set the partnership’s escalation ladder (its leaders): organisations in order, lowest first',
        params: IdParams,
        body: LadderBody,
        response: { 200: LadderView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.setLadder(request.actor, request.params.id, request.body.steps);
      return governance.ladder(request.actor, request.params.id);
    },
  );

  // The pages.
  getPrintable<PartnershipRoute>(
    app,
    '/governance/:partnershipId/decisions',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      const log = await governance.decisionsLog(request.actor, request.params.partnershipId);
      return reply.page(`${VIEWS}/log.njk`, {
        title: `Decisions: ${log.partnership.name}`,
        ...log,
        saved: saved(request),
        ...VOCABULARY,
      });
    },
  );

  app.get<PartnershipRoute>(
    '/governance/:partnershipId/decisions.csv',
    { schema: { params: PartnershipParams } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="decisions.csv"')
        .send(await governance.decisionsCsv(request.actor, request.params.partnershipId)),
  );

  async function proposalForm(request: FastifyRequest, reply: FastifyReply, forumId: number, error?: AppError) {
    const choices = await governance.proposalChoices(request.actor, forumId);
    return reply.page(
      `${VIEWS}/propose.njk`,
      {
        title: `A proposal of ${choices.forum.name}`,
        ...choices,
        action: `/forums/${forumId}/decisions`,
        ...(error ? formErrorContext(error, request) : {}),
      },
      error ? 400 : 200,
    );
  }
  app.get<IdRoute>('/forums/:id/decisions/new', { schema: { params: IdParams } }, (request, reply) =>
    proposalForm(request, reply, request.params.id),
  );
  app.post<IdRoute & Form>('/forums/:id/decisions', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const values = { ...request.body, outcomeIds: formList(request.body.outcomeIds) };
      const input = parseForm(ProposalBody, values, {
        labels: { title: 'What the proposal is called', proposal: 'The proposal' },
      });
      const id = await governance.propose(request.actor, request.params.id, input);
      return reply.redirect(`/decisions/${id}?saved=proposed`, 303);
    } catch (error) {
      return proposalForm(request, reply, request.params.id, asFormProblem(error));
    }
  });

  /** The decision's page; a failed form of it (advice, decision or escalation) comes back on it. */
  async function decisionPage(request: FastifyRequest, reply: FastifyReply, id: number, error?: AppError) {
    const decision = await governance.decision(request.actor, id);
    const choices =
      decision.mayConduct && decision.status === 'proposed' ? await governance.decideChoices(request.actor, id) : null;
    return reply.page(
      `${VIEWS}/decision.njk`,
      {
        title: decision.title,
        decision,
        choices,
        effectRows: Array.from({ length: EXPECTATION_ROWS }, (_, i) => i),
        saved: saved(request),
        ...(error ? formErrorContext(error, request) : {}),
        ...VOCABULARY,
      },
      error ? 400 : 200,
    );
  }
  app.get<IdRoute>('/decisions/:id', { schema: { params: IdParams } }, (request, reply) =>
    decisionPage(request, reply, request.params.id),
  );
  app.post<IdRoute & Form>('/decisions/:id/advice', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const input = parseForm(AdviceBody, request.body, {
        labels: {
          adviser: 'Who gave the advice',
          position: 'Where they stand',
          advice: 'Their advice',
          givenOn: 'The day the advice was given',
        },
      });
      await governance.addAdvice(request.actor, request.params.id, input);
      return reply.redirect(`/decisions/${request.params.id}?saved=advice#advice-sought`, 303);
    } catch (error) {
      return decisionPage(request, reply, request.params.id, asFormProblem(error));
    }
  });
  app.post<IdRoute & Form>('/decisions/:id/decide', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await governance.decide(request.actor, request.params.id, readDecision(request.body));
      return reply.redirect(`/decisions/${request.params.id}?saved=decided`, 303);
    } catch (error) {
      return decisionPage(request, reply, request.params.id, asFormProblem(error));
    }
  });
  app.post<IdRoute & Form>('/decisions/:id/escalations', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const input = parseForm(EscalationBody, request.body, { labels: { matter: 'The matter', fromId: 'Raised by' } });
      const escalationId = await governance.escalate(request.actor, request.params.id, input);
      return reply.redirect(`/escalations/${escalationId}?saved=raised`, 303);
    } catch (error) {
      return decisionPage(request, reply, request.params.id, asFormProblem(error));
    }
  });

  async function reviewPage(request: FastifyRequest, reply: FastifyReply, id: number, error?: AppError) {
    const review = await governance.reviewPage(request.actor, id);
    return reply.page(
      `${VIEWS}/review.njk`,
      {
        title: `Review: ${review.decision.title}`,
        ...review,
        saved: saved(request),
        ...(error ? formErrorContext(error, request) : {}),
        ...VOCABULARY,
      },
      error ? 400 : 200,
    );
  }
  app.get<IdRoute>('/decisions/:id/review', { schema: { params: IdParams } }, (request, reply) =>
    reviewPage(request, reply, request.params.id),
  );
  app.post<IdRoute & Form>('/decisions/:id/review', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const input = parseForm(ReviewBody, request.body, {
        labels: {
          verdict: 'Your verdict',
          note: 'Why',
          decision: 'What is decided now',
          nextReviewOn: 'The next review',
        },
      });
      await governance.reviewDecision(request.actor, request.params.id, input);
      return reply.redirect(`/decisions/${request.params.id}/review?saved=reviewed`, 303);
    } catch (error) {
      return reviewPage(request, reply, request.params.id, asFormProblem(error));
    }
  });

  async function escalationPage(request: FastifyRequest, reply: FastifyReply, id: number, error?: AppError) {
    const escalation = await governance.escalation(request.actor, id);
    return reply.page(
      `${VIEWS}/escalation.njk`,
      {
        title: `A matter escalated to ${escalation.toName}`,
        escalation,
        saved: saved(request),
        ...(error ? formErrorContext(error, request) : {}),
        ...VOCABULARY,
      },
      error ? 400 : 200,
    );
  }
  app.get<IdRoute>('/escalations/:id', { schema: { params: IdParams } }, (request, reply) =>
    escalationPage(request, reply, request.params.id),
  );
  app.post<IdRoute & Form>('/escalations/:id/answer', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await governance.answerEscalation(request.actor, request.params.id, parseForm(AnswerBody, request.body));
      return reply.redirect(`/escalations/${request.params.id}?saved=answered`, 303);
    } catch (error) {
      return escalationPage(request, reply, request.params.id, asFormProblem(error));
    }
  });
  app.post<IdRoute & Form>('/escalations/:id/escalate', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      const id = await governance.escalateFurther(
        request.actor,
        request.params.id,
        parseForm(FurtherBody, request.body),
      );
      return reply.redirect(`/escalations/${id}?saved=raised`, 303);
    } catch (error) {
      return escalationPage(request, reply, request.params.id, asFormProblem(error));
    }
  });

  async function ladderPage(request: FastifyRequest, reply: FastifyReply, partnershipId: number, error?: AppError) {
    const ladder = await governance.ladder(request.actor, partnershipId);
    return reply.page(
      `${VIEWS}/ladder.njk`,
      {
        title: `Escalation ladder: ${ladder.partnership.name}`,
        ...ladder,
        rows: Array.from({ length: LADDER_ROWS }, (_, i) => ({ n: i + 1, step: ladder.steps[i] })),
        saved: saved(request),
        ...(error ? formErrorContext(error, request) : {}),
      },
      error ? 400 : 200,
    );
  }
  app.get<PartnershipRoute>(
    '/governance/:partnershipId/escalation',
    { schema: { params: PartnershipParams } },
    (request, reply) => ladderPage(request, reply, request.params.partnershipId),
  );
  app.post<PartnershipRoute & Form>(
    '/governance/:partnershipId/escalation',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      const { partnershipId } = request.params;
      try {
        await governance.setLadder(request.actor, partnershipId, readLadder(request.body).steps);
        return reply.redirect(`/governance/${partnershipId}/escalation?saved=ladder`, 303);
      } catch (error) {
        return ladderPage(request, reply, partnershipId, asFormProblem(error));
      }
    },
  );
}
