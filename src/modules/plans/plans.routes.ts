import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asFormProblem, answerForm, formErrorContext, formList, parseForm } from '../../platform/http/validate.js';
import {
  ActionBody,
  ActionStatusBody,
  ActionView,
  GoalBody,
  PlanBody,
  PlanChange,
  PlanSummary,
  PlanView,
  ReviewBody,
  SharedPlanSummary,
} from './plans.schemas.js';
import { ACTION_STATUSES, PLAN_STATUSES, type ActionInput, type PlansService } from './plans.service.js';

const Id = IdParams.properties.id;
const ActionParams = Type.Object({ id: Id, actionId: Id });
type ActionRoute = { Params: Static<typeof ActionParams> };

const PlanForm = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    aimingAt: Type.Optional(Type.String({ maxLength: 2000, title: 'What you are aiming at' })),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('complete')])),
    nextReviewOn: Type.Optional(Type.String({ format: 'date', title: 'Next review' })),
  },
  { additionalProperties: false },
);
const GoalForm = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000, title: 'The goal' }),
    componentIds: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
const ActionForm = Type.Object(
  {
    goalId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Goal' }),
    title: Type.String({ minLength: 1, maxLength: 300, title: 'What you will do' }),
    kind: Type.String({ minLength: 1, maxLength: 40, title: 'Kind of action' }),
    dueOn: Type.Optional(Type.String({ format: 'date', title: 'Due by' })),
    roleCode: Type.Optional(Type.String({ maxLength: 100, title: 'Role' })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Where' })),
    networkId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Network' })),
    engagementId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Engagement' })),
    enquiryId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Enquiry' })),
    schoolId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Lead school' })),
    question: Type.Optional(Type.String({ maxLength: 2000, title: 'The enquiry’s question' })),
  },
  { additionalProperties: false },
);
const ReviewForm = Type.Object(
  {
    heldOn: Type.Optional(Type.String({ format: 'date', title: 'Date of the review' })),
    wentWell: Type.Optional(Type.String({ maxLength: 10_000, title: 'What went well' })),
    nextSteps: Type.Optional(Type.String({ maxLength: 10_000, title: 'Next steps' })),
    nextReviewOn: Type.Optional(Type.String({ format: 'date', title: 'Next review' })),
  },
  { additionalProperties: false },
);
const StatusForm = Type.Object(
  { status: Type.String({ minLength: 1, maxLength: 20, title: 'Status' }) },
  { additionalProperties: false },
);

const SAVED: Record<string, string> = {
  created: 'Your plan has been saved. Only you, and the people you share your development record with, can read it.',
  changed: 'Your changes have been saved.',
  goal: 'The goal has been added.',
  action: 'The action has been added.',
  linked: 'The action is linked to its record.',
  review: 'The review has been added.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];

/** Reads the action form: the network or school chosen becomes the organisation the action asks for. */
function readAction(body: unknown): ActionInput {
  const form = parseForm(ActionForm, body);
  const organisationId =
    form.kind === 'network-co-lead' ? form.networkId : form.kind === 'enquiry' ? form.schoolId : form.organisationId;
  return {
    goalId: form.goalId,
    title: form.title,
    kind: form.kind,
    dueOn: form.dueOn ?? null,
    roleCode: form.kind === 'role' ? form.roleCode : undefined,
    organisationId,
    engagementId: form.kind === 'engagement' ? form.engagementId : undefined,
    enquiryId: form.kind === 'enquiry' ? form.enquiryId : undefined,
    question: form.kind === 'enquiry' ? form.question : undefined,
  };
}

/** A problem with the organisation of an action, named for the form's field of its kind (a network, a school). */
function onForm(error: unknown, kind: string): unknown {
  const field = kind === 'network-co-lead' ? 'networkId' : kind === 'enquiry' ? 'schoolId' : null;
  if (!(error instanceof AppError) || !field || !error.details) return error;
  return new AppError(
    error.code,
    error.message,
    error.details.map((d) => (d.field === 'organisationId' ? { ...d, field } : d)),
  );
}

/** Development plans: pages for their owner and readers, and the API. */
export function registerPlansRoutes(app: FastifyInstance, plans: PlansService) {
  const tags = ['plans'];

  // The API.
  app.get(
    '/api/v1/plans',
    {
      schema: {
        tags,
        summary: 'Your own development plans',
        response: { 200: Type.Array(PlanSummary), ...errorResponses },
      },
    },
    (request) => plans.list(request.actor),
  );
  app.get(
    '/api/v1/plans/shared',
    {
      schema: {
        tags,
        summary: 'The plans of leaders who share their development record with you',
        response: { 200: Type.Array(SharedPlanSummary), ...errorResponses },
      },
    },
    (request) => plans.sharedWithMe(request.actor),
  );
  app.post<{ Body: Static<typeof PlanBody> }>(
    '/api/v1/plans',
    {
      schema: {
        tags,
        summary: 'Start a development plan',
        body: PlanBody,
        response: { 201: PlanView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await plans.create(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/plans/:id',
    {
      schema: {
        tags,
        summary: 'A plan: yours, or one shared with you (each read by someone else is audited)',
        params: IdParams,
        response: { 200: PlanView, ...errorResponses },
      },
    },
    (request) => plans.get(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof PlanChange> }>(
    '/api/v1/plans/:id',
    {
      schema: {
        tags,
        summary: 'Change your plan',
        params: IdParams,
        body: PlanChange,
        response: { 200: PlanView, ...errorResponses },
      },
    },
    (request) => plans.change(request.actor, request.params.id, request.body),
  );
  app.post<IdRoute & { Body: Static<typeof GoalBody> }>(
    '/api/v1/plans/:id/goals',
    {
      schema: {
        tags,
        summary: 'Add a goal to your plan, tied to components of a framework',
        params: IdParams,
        body: GoalBody,
        response: { 201: PlanView, ...errorResponses },
      },
    },
    async (request, reply) => {
      await plans.addGoal(request.actor, request.params.id, request.body);
      return reply.code(201).send(await plans.get(request.actor, request.params.id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof ActionBody> }>(
    '/api/v1/plans/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action to a goal; an action of system work makes its record and is linked to it',
        params: IdParams,
        body: ActionBody,
        response: { 201: ActionView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send((await plans.addAction(request.actor, request.params.id, request.body)).action),
  );
  app.get<ActionRoute>(
    '/api/v1/plans/:id/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'One action of a plan',
        params: ActionParams,
        response: { 200: ActionView, ...errorResponses },
      },
    },
    async (request) => (await plans.action(request.actor, request.params.id, request.params.actionId)).action,
  );
  app.patch<ActionRoute & { Body: Static<typeof ActionStatusBody> }>(
    '/api/v1/plans/:id/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Change the status of an action of your plan',
        params: ActionParams,
        body: ActionStatusBody,
        response: { 200: ActionView, ...errorResponses },
      },
    },
    async (request) =>
      (await plans.setActionStatus(request.actor, request.params.id, request.params.actionId, request.body.status))
        .action,
  );
  app.post<ActionRoute>(
    '/api/v1/plans/:id/actions/:actionId/link',
    {
      schema: {
        tags,
        summary: 'Try again to make (or find) the record of an action of system work, and link it',
        params: ActionParams,
        response: { 200: ActionView, ...errorResponses },
      },
    },
    async (request) => {
      await plans.link(request.actor, request.params.id, request.params.actionId);
      return (await plans.action(request.actor, request.params.id, request.params.actionId)).action;
    },
  );
  app.post<IdRoute & { Body: Static<typeof ReviewBody> }>(
    '/api/v1/plans/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Add a review of a plan (its owner, or their mentor or line manager)',
        params: IdParams,
        body: ReviewBody,
        response: { 201: PlanView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await plans.addReview(request.actor, request.params.id, request.body)),
  );

  // The pages.
  app.get('/plans', async (request, reply) => {
    const [mine, shared] = await Promise.all([plans.list(request.actor), plans.sharedWithMe(request.actor)]);
    return reply.page('plans/views/plans.njk', {
      title: 'Your development plans',
      mine,
      shared,
      saved: savedOf(request),
    });
  });

  const newPlanPage = (extra: Record<string, unknown> = {}) => ({
    title: 'Start a development plan',
    statuses: Object.entries(PLAN_STATUSES).map(([value, text]) => ({ value, text })),
    action: '/plans',
    ...extra,
  });
  app.get('/plans/new', async (request, reply) => {
    await plans.list(request.actor);
    return reply.page('plans/views/new.njk', newPlanPage());
  });
  app.post('/plans', async (request, reply) => {
    try {
      const plan = await plans.create(request.actor, parseForm(PlanForm, request.body));
      return reply.redirect(`/plans/${plan.id}?saved=created`, 303);
    } catch (error) {
      return reply.page('plans/views/new.njk', newPlanPage(formErrorContext(asFormProblem(error), request)), 400);
    }
  });

  async function planPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const plan = await plans.get(request.actor, request.params.id);
    return {
      title: plan.mine ? plan.title : `${plan.ownerName}’s plan: ${plan.title}`,
      plan,
      statuses: Object.entries(PLAN_STATUSES).map(([value, text]) => ({ value, text })),
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get<IdRoute>('/plans/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('plans/views/plan.njk', await planPage(request)),
  );
  app.post<IdRoute>('/plans/:id', { schema: { params: IdParams } }, async (request, reply) => {
    try {
      await plans.change(request.actor, request.params.id, {
        nextReviewOn: null,
        ...parseForm(PlanForm, request.body),
      });
      return reply.redirect(`/plans/${request.params.id}?saved=changed`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page('plans/views/plan.njk', await planPage(request, formErrorContext(invalid, request)), 400);
    }
  });

  /** A form page of a plan: done, back to the plan with its banner; a problem, the same page with what was typed. */
  const planForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    view: string,
    context: () => Promise<Record<string, unknown>>,
    act: () => Promise<string>,
  ) =>
    answerForm(request, reply, { template: view, page: async (failed) => ({ ...(await context()), ...failed }), act });

  async function goalContext(request: FastifyRequest<IdRoute>) {
    const plan = await plans.get(request.actor, request.params.id);
    if (!plan.mine) await plans.addGoal(request.actor, request.params.id, { text: '' }); // refused: only the owner adds goals
    const frameworks = await plans.frameworks(request.actor);
    return { title: 'Add a goal', plan, frameworks, action: `/plans/${plan.id}/goals` };
  }
  app.get<IdRoute>('/plans/:id/goals/new', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('plans/views/goal.njk', await goalContext(request)),
  );
  app.post<IdRoute>('/plans/:id/goals', { schema: { params: IdParams } }, (request, reply) =>
    planForm(
      request,
      reply,
      'plans/views/goal.njk',
      () => goalContext(request),
      async () => {
        const form = parseForm(GoalForm, request.body);
        const componentIds = formList((request.body as Record<string, unknown>)?.componentIds)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0);
        await plans.addGoal(request.actor, request.params.id, { text: form.text, componentIds });
        return `/plans/${request.params.id}?saved=goal`;
      },
    ),
  );

  async function actionContext(request: FastifyRequest<IdRoute>) {
    const options = await plans.actionOptions(request.actor, request.params.id);
    const plan = await plans.get(request.actor, request.params.id);
    const goal = Number((request.query as Record<string, unknown>)?.goal) || undefined;
    return { title: 'Add an action', plan, options, goal, action: `/plans/${plan.id}/actions` };
  }
  app.get<IdRoute>('/plans/:id/actions/new', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('plans/views/action-new.njk', await actionContext(request)),
  );
  app.post<IdRoute>('/plans/:id/actions', { schema: { params: IdParams } }, (request, reply) =>
    planForm(
      request,
      reply,
      'plans/views/action-new.njk',
      () => actionContext(request),
      async () => {
        const input = readAction(request.body);
        try {
          const { action } = await plans.addAction(request.actor, request.params.id, input);
          return `/plans/${request.params.id}/actions/${action.id}?saved=action`;
        } catch (error) {
          throw onForm(error, input.kind);
        }
      },
    ),
  );

  async function actionPage(request: FastifyRequest<ActionRoute>, extra: Record<string, unknown> = {}) {
    const { plan, goal, action } = await plans.action(request.actor, request.params.id, request.params.actionId);
    return {
      title: action.title,
      plan,
      goal,
      action,
      statuses: Object.entries(ACTION_STATUSES).map(([value, text]) => ({ value, text })),
      saved: savedOf(request),
      ...extra,
    };
  }
  app.get<ActionRoute>('/plans/:id/actions/:actionId', { schema: { params: ActionParams } }, async (request, reply) =>
    reply.page('plans/views/action.njk', await actionPage(request)),
  );
  app.post<ActionRoute>(
    '/plans/:id/actions/:actionId',
    { schema: { params: ActionParams } },
    async (request, reply) => {
      try {
        const { status } = parseForm(StatusForm, request.body);
        await plans.setActionStatus(request.actor, request.params.id, request.params.actionId, status);
        return reply.redirect(`/plans/${request.params.id}/actions/${request.params.actionId}?saved=changed`, 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        return reply.page('plans/views/action.njk', await actionPage(request, formErrorContext(invalid, request)), 400);
      }
    },
  );
  app.post<ActionRoute>(
    '/plans/:id/actions/:actionId/link',
    { schema: { params: ActionParams } },
    async (request, reply) => {
      const { linked } = await plans.link(request.actor, request.params.id, request.params.actionId);
      return reply.redirect(
        `/plans/${request.params.id}/actions/${request.params.actionId}${linked ? '?saved=linked' : ''}`,
        303,
      );
    },
  );

  async function reviewContext(request: FastifyRequest<IdRoute>) {
    const plan = await plans.get(request.actor, request.params.id);
    return { title: 'Add a review', plan, action: `/plans/${plan.id}/reviews` };
  }
  app.get<IdRoute>('/plans/:id/reviews/new', { schema: { params: IdParams } }, async (request, reply) => {
    const context = await reviewContext(request);
    if (!context.plan.mayReview) await plans.addReview(request.actor, request.params.id, {}); // refused in words
    return reply.page('plans/views/review.njk', context);
  });
  app.post<IdRoute>('/plans/:id/reviews', { schema: { params: IdParams } }, (request, reply) =>
    planForm(
      request,
      reply,
      'plans/views/review.njk',
      () => reviewContext(request),
      async () => {
        const form = parseForm(ReviewForm, request.body);
        await plans.addReview(request.actor, request.params.id, { ...form, nextReviewOn: form.nextReviewOn ?? null });
        return `/plans/${request.params.id}?saved=review`;
      },
    ),
  );
}
