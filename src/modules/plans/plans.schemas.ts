import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const PlanStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('complete')]);
const ActionStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('under-way'),
  Type.Literal('done'),
  Type.Literal('dropped'),
]);
const ActionKind = Type.Union(
  ['course', 'reading', 'shadowing', 'coaching', 'other', 'role', 'engagement', 'network-co-lead', 'enquiry'].map((k) =>
    Type.Literal(k),
  ),
);

export const PlanBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    aimingAt: Type.Optional(Type.String({ maxLength: 2000, title: 'What you are aiming at' })),
    status: Type.Optional(PlanStatus),
    nextReviewOn: Type.Optional(nullable(Type.String({ format: 'date', title: 'Next review' }))),
  },
  { additionalProperties: false },
);
export const PlanChange = Type.Partial(PlanBody, { additionalProperties: false, minProperties: 1 });

export const GoalBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000, title: 'The goal' }),
    componentIds: Type.Optional(Type.Array(Id, { maxItems: 50, title: 'Components' })),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    goalId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Goal' }),
    title: Type.String({ minLength: 1, maxLength: 300, title: 'What you will do' }),
    kind: Type.String({ minLength: 1, maxLength: 40, title: 'Kind of action' }),
    dueOn: Type.Optional(nullable(Type.String({ format: 'date', title: 'Due by' }))),
    roleCode: Type.Optional(Type.String({ maxLength: 100, title: 'Role' })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Organisation' })),
    engagementId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Engagement' })),
    enquiryId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Enquiry' })),
    question: Type.Optional(Type.String({ maxLength: 2000, title: 'The enquiry’s question' })),
  },
  { additionalProperties: false },
);

export const ActionStatusBody = Type.Object({ status: ActionStatus }, { additionalProperties: false });

export const ReviewBody = Type.Object(
  {
    heldOn: Type.Optional(Type.String({ format: 'date', title: 'Date of the review' })),
    wentWell: Type.Optional(Type.String({ maxLength: 10_000, title: 'What went well' })),
    nextSteps: Type.Optional(Type.String({ maxLength: 10_000, title: 'Next steps' })),
    nextReviewOn: Type.Optional(nullable(Type.String({ format: 'date', title: 'Next review' }))),
  },
  { additionalProperties: false },
);

export const PlanSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  status: PlanStatus,
  statusLabel: Type.String(),
  aimingAt: Type.String(),
  nextReviewOn: nullable(IsoDate),
});

export const SharedPlanSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  status: PlanStatus,
  statusLabel: Type.String(),
  ownerName: Type.String(),
  relation: nullable(Type.String()),
});

export const ActionView = Type.Object({
  id: Type.Integer(),
  goalId: Type.Integer(),
  title: Type.String(),
  kind: ActionKind,
  kindLabel: Type.String(),
  systemWork: Type.Boolean(),
  dueOn: nullable(IsoDate),
  status: ActionStatus,
  statusLabel: Type.String(),
  link: nullable(
    Type.Object({
      kind: Type.Union([Type.Literal('role-assignment'), Type.Literal('engagement'), Type.Literal('enquiry')]),
      id: Type.Integer(),
    }),
  ),
  linked: nullable(
    Type.Object({
      href: nullable(Type.String()),
      text: Type.String(),
      done: Type.Boolean(),
      state: Type.String({ description: 'What became of the linked record, in words' }),
    }),
  ),
  refusal: Type.String({ description: 'Why the record could not be made, when it could not' }),
});

export const PlanView = Type.Object({
  id: Type.Integer(),
  ownerId: Type.Integer(),
  ownerName: Type.String(),
  title: Type.String(),
  status: PlanStatus,
  statusLabel: Type.String(),
  aimingAt: Type.String(),
  nextReviewOn: nullable(IsoDate),
  reviewOverdue: Type.Boolean(),
  mine: Type.Boolean(),
  relation: nullable(Type.String()),
  mayReview: Type.Boolean(),
  goals: Type.Array(
    Type.Object({
      id: Type.Integer(),
      text: Type.String(),
      components: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
      findMentorHref: nullable(Type.String()),
      actions: Type.Array(ActionView),
    }),
  ),
  reviews: Type.Array(
    Type.Object({
      id: Type.Integer(),
      heldOn: IsoDate,
      reviewerName: Type.String(),
      wentWell: Type.String(),
      nextSteps: Type.String(),
    }),
  ),
});
