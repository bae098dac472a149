import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../../platform/http/api-schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const ProposalBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'What the proposal is called' }),
    proposal: Type.String({ minLength: 1, maxLength: 8000, title: 'The proposal' }),
    outcomeIds: Type.Optional(Type.Array(Id, { maxItems: 20, title: 'The outcomes it aims at' })),
  },
  { additionalProperties: false },
);

export const AdviceBody = Type.Object(
  {
    adviser: Type.String({ minLength: 1, maxLength: 200, title: 'Who gave the advice' }),
    forumId: Type.Optional(
      nullable(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The forum they speak for' })),
    ),
    position: Type.Union([Type.Literal('support'), Type.Literal('concerns'), Type.Literal('oppose')], {
      title: 'Where they stand',
    }),
    advice: Type.String({ minLength: 1, maxLength: 8000, title: 'Their advice' }),
    givenOn: Type.String({ format: 'date', title: 'The day the advice was given' }),
  },
  { additionalProperties: false },
);

export const ExpectationBody = Type.Object(
  {
    indicatorCode: Type.String({ minLength: 1, maxLength: 120, title: 'The indicator' }),
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Measured for' }),
    expectedChange: Type.Number({ minimum: -1000000, maximum: 1000000, title: 'The change expected' }),
    baselinePeriod: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, title: 'The period of the baseline (the latest unless given)' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 2000, title: 'Why this change' })),
  },
  { additionalProperties: false },
);

export const DecideBody = Type.Object(
  {
    decision: Type.String({ minLength: 1, maxLength: 8000, title: 'The decision' }),
    decidedBy: Type.String({ minLength: 1, maxLength: 200, title: 'Who took it' }),
    decidedOn: Type.String({ format: 'date', title: 'The day it was decided' }),
    reviewOn: Type.Optional(Type.String({ format: 'date', title: 'The review date' })),
    expectations: Type.Optional(Type.Array(ExpectationBody, { maxItems: 10, title: 'Expected effects' })),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    verdict: Type.Union([Type.Literal('confirm'), Type.Literal('change'), Type.Literal('reverse')], {
      title: 'Your verdict',
    }),
    note: Type.String({ minLength: 1, maxLength: 8000, title: 'Why' }),
    decision: Type.Optional(Type.String({ minLength: 1, maxLength: 8000, title: 'What is decided now' })),
    nextReviewOn: Type.Optional(Type.String({ format: 'date', title: 'The next review' })),
  },
  { additionalProperties: false },
);

export const EscalationBody = Type.Object(
  {
    reason: Type.Union([Type.Literal('against-advice'), Type.Literal('unsettled')], { title: 'Why it is escalated' }),
    fromId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The forum raising it' }),
    matter: Type.String({ minLength: 1, maxLength: 8000, title: 'The matter' }),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 8000, title: 'Your answer' }) },
  { additionalProperties: false },
);
export const FurtherBody = Type.Object(
  { matter: Type.String({ minLength: 1, maxLength: 8000, title: 'What the next step is asked' }) },
  { additionalProperties: false },
);

const Step = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The organisation' }),
    label: Type.String({ minLength: 1, maxLength: 200, title: 'What this step is' }),
  },
  { additionalProperties: false },
);
export const LadderBody = Type.Object(
  { steps: Type.Array(Step, { maxItems: 12, title: 'The steps, lowest first' }) },
  { additionalProperties: false },
);

export const LadderView = Type.Object({
  partnership: Type.Object({ id: Type.Integer(), name: Type.String() }),
  steps: Type.Array(
    Type.Object({
      position: Type.Integer(),
      organisationId: Type.Integer(),
      organisationName: Type.String(),
      label: Type.String(),
    }),
  ),
});

const EscalationFields = {
  id: Type.Integer(),
  partnershipId: Type.Integer(),
  decisionId: nullable(Type.Integer()),
  parentId: nullable(Type.Integer({ description: 'The escalation this one carried further' })),
  reason: Type.String({ description: 'against-advice or unsettled' }),
  matter: Type.String(),
  fromId: Type.Integer(),
  fromName: Type.String(),
  toId: Type.Integer(),
  toName: Type.String(),
  raisedOn: IsoDate,
  status: Type.String({ description: 'open, answered or escalated' }),
  answer: nullable(Type.String()),
  answeredOn: nullable(IsoDate),
};
const EscalationItem = Type.Object(EscalationFields);
export const EscalationView = Type.Object({
  ...EscalationFields,
  trail: Type.Array(EscalationItem, { description: 'Every step of the matter, first raised first' }),
});

const DecisionFields = {
  id: Type.Integer(),
  forumId: Type.Integer(),
  forumName: Type.String(),
  partnershipId: Type.Integer(),
  title: Type.String(),
  proposal: Type.String(),
  status: Type.String({ description: 'proposed, decided, confirmed, changed or reversed' }),
  decision: nullable(Type.String()),
  decidedOn: nullable(IsoDate),
  decidedBy: nullable(Type.String()),
  reviewOn: nullable(IsoDate),
  latestVerdict: nullable(Type.String()),
  advice: Type.Array(
    Type.Object({
      id: Type.Integer(),
      adviser: Type.String(),
      forumId: nullable(Type.Integer()),
      forumName: nullable(Type.String()),
      position: Type.String({ description: 'support, concerns or oppose' }),
      advice: Type.String(),
      givenOn: IsoDate,
    }),
  ),
  outcomes: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })),
  expectations: Type.Array(
    Type.Object({
      indicatorCode: Type.String(),
      indicatorName: Type.String(),
      organisationId: Type.Integer(),
      organisationName: Type.String(),
      baseline: nullable(Type.Number({ description: 'The latest value seen when decided' })),
      baselinePeriod: nullable(Type.String()),
      expectedChange: Type.Number({ description: 'Signed, in the indicator’s unit' }),
      note: Type.String(),
    }),
  ),
};
export const DecisionItem = Type.Object(DecisionFields);

const Measured = Type.Object({
  indicatorCode: Type.String(),
  organisationId: Type.Integer(),
  baseline: nullable(Type.Number()),
  latest: nullable(Type.Number()),
  latestPeriod: nullable(Type.String()),
  expectedChange: Type.Number(),
  actualChange: nullable(Type.Number()),
  against: nullable(Type.String({ description: 'met, partly or not' })),
  words: Type.String(),
});
export const DecisionView = Type.Object({
  ...DecisionFields,
  reviews: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reviewedOn: IsoDate,
      verdict: Type.String({ description: 'confirm, change or reverse' }),
      note: Type.String(),
      nextReviewOn: nullable(IsoDate),
      measured: Type.Array(Measured, { description: 'The figures as seen at the review' }),
    }),
  ),
  escalations: Type.Array(EscalationItem),
});

export const DecisionsLogView = Type.Object({
  partnership: Type.Object({ id: Type.Integer(), name: Type.String() }),
  decisions: Type.Array(DecisionItem),
});
