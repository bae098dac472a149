import { Type } from '@sinclair/typebox';
import { nullable } from '../../platform/http/api-schemas.js';

const DateTime = Type.String({ format: 'date-time' });

const MatchView = Type.Object({
  organisationId: Type.Integer(),
  ref: Type.String(),
  name: Type.String(),
  score: Type.Number(),
  falling: Type.Boolean(),
  reasons: Type.Array(Type.String()),
  factors: Type.Record(Type.String(), Type.Number()),
});

/** Schools that could help with a need, best first, with the weights and evidence they were scored on. */
export const MatchListView = Type.Object({
  need: Type.Object({
    id: nullable(Type.Integer()),
    organisationId: Type.Integer(),
    name: Type.String(),
    area: Type.String(),
    label: Type.String(),
  }),
  weights: Type.Record(Type.String(), Type.Number()),
  evidence: nullable(Type.String()),
  matches: Type.Array(MatchView),
});

/** A school's need in an area. */
export const NeedView = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  area: Type.String({ description: 'An area code, or a free area' }),
  detail: Type.String(),
  status: Type.String({ description: 'open, met or withdrawn' }),
  state: Type.String({
    description: 'What has happened to it: open, being-met (an active engagement answers it), met or withdrawn',
  }),
  engagementId: nullable(Type.Integer({ description: 'The active engagement opened from one of its requests' })),
  createdAt: DateTime,
});

/** A request for help with a need, seen by the asking school, those it invited and its chosen partnership. */
export const SupportRequestView = Type.Object({
  id: Type.Integer(),
  needId: Type.Integer(),
  organisationId: Type.Integer({ description: 'The asking school' }),
  organisationName: Type.String(),
  area: Type.String(),
  message: Type.String(),
  partnershipId: nullable(Type.Integer({ description: 'The partnership the request is shared with, if any' })),
  status: Type.String({ description: 'open or accepted' }),
  createdAt: DateTime,
  acceptedAt: nullable(DateTime),
});

const RequestOfferView = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer({ description: 'The school offering help' }),
  organisationName: Type.String(),
  message: Type.String(),
  days: Type.Number(),
  status: Type.String({ description: 'open, accepted or declined' }),
  createdAt: DateTime,
});

/** A request with the offers of help you may see: all of them for the asking school, your own for a helper. */
export const SupportRequestDetailView = Type.Object({
  request: Type.Object({
    ...SupportRequestView.properties,
    invited: Type.Array(Type.Integer(), { description: 'The organisations invited to help' }),
  }),
  offers: Type.Array(RequestOfferView),
  answers: Type.Array(
    Type.Object({
      organisationId: Type.Integer({ description: 'A school the request asked' }),
      organisationName: Type.String(),
      answer: Type.String({ description: 'offered, declined or waiting' }),
      declineReason: nullable(Type.String()),
      answeredAt: nullable(DateTime),
      offerDays: nullable(Type.Number()),
    }),
    { description: 'Each school asked and its answer: all of them for the asking school, your own for a helper' },
  ),
  asking: Type.Boolean({ description: 'Whether you speak for the asking school (and so see every offer)' }),
});

/** An asked school declining a request: the reason is shown to the asking school. */
export const DeclineBody = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, description: 'Your school, which was asked' }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

/** Schools of a scope waiting for help, how many are supported, and how long help takes to arrive. */
export const CoverageView = Type.Object({
  scope: nullable(Type.Object({ ref: Type.String(), name: Type.String() })),
  waiting: Type.Array(
    Type.Object({
      organisationId: Type.Integer(),
      name: Type.String(),
      area: Type.String(),
      label: Type.String({ description: 'The area’s name' }),
      needId: Type.Integer(),
      createdAt: DateTime,
      engaged: Type.Boolean(),
    }),
  ),
  supported: Type.Integer({ description: 'Open needs of schools already in an active engagement' }),
  requestToAcceptance: nullable(
    Type.Object({ requests: Type.Integer(), medianDays: Type.Number(), longestDays: Type.Number() }),
  ),
});
