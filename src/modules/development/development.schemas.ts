import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const ScalePoint = Type.Object({ value: Type.Integer(), label: Type.String() });
const ComponentView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  position: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  area: nullable(Type.String({ description: 'The area of brokerage a strength in it is offered under' })),
});

/** A framework with its domains, components and rating scale. */
export const FrameworkView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  source: Type.String({ description: 'Where the framework comes from' }),
  description: Type.String(),
  scale: Type.Array(ScalePoint, { description: 'The rating scale, lowest first' }),
  builtIn: Type.Boolean({ description: 'Whether it comes with Syslead' }),
  domains: Type.Array(
    Type.Object({
      id: Type.Integer(),
      position: Type.Integer(),
      name: Type.String(),
      description: Type.String(),
      components: Type.Array(ComponentView),
    }),
  ),
});

/** A new framework (administrators): its scale and its domains, each with its components. */
export const FrameworkBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Name' }),
    source: Type.String({ minLength: 1, maxLength: 500, title: 'Source' }),
    description: Type.String({ minLength: 1, maxLength: 2000, title: 'Description' }),
    scale: Type.Array(
      Type.Object({
        value: Type.Integer({ minimum: 0, maximum: 10 }),
        label: Type.String({ minLength: 1, maxLength: 80 }),
      }),
      { minItems: 2, maxItems: 10, title: 'Rating scale' },
    ),
    domains: Type.Array(
      Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        description: Type.String({ maxLength: 1000 }),
        components: Type.Array(
          Type.Object({
            name: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.String({ maxLength: 1000 }),
            area: nullable(Type.String({ maxLength: 40 })),
          }),
          { minItems: 1, maxItems: 30 },
        ),
      }),
      { minItems: 1, maxItems: 20, title: 'Domains' },
    ),
  },
  { additionalProperties: false },
);

/** The form that adds a framework: the scale and the domains as lines of text. */
export const FrameworkForm = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Name' }),
    source: Type.String({ minLength: 1, maxLength: 500, title: 'Where it comes from' }),
    description: Type.String({ minLength: 1, maxLength: 2000, title: 'What it is for' }),
    scale: Type.String({ minLength: 1, maxLength: 2000, title: 'Rating scale' }),
    domains: Type.String({ minLength: 1, maxLength: 20_000, title: 'Domains and components' }),
  },
  { additionalProperties: false },
);

const RatingView = Type.Object({
  componentId: Type.Integer(),
  rating: Type.Integer(),
  evidence: Type.String(),
  offered: Type.Boolean({ description: 'Offered as a strength in brokerage' }),
});

/** One of your self-assessments. */
export const AssessmentView = Type.Object({
  id: Type.Integer(),
  frameworkId: Type.Integer(),
  assessedOn: IsoDate,
  ratings: Type.Array(RatingView),
});

/** A self-assessment: a rating (and, if you like, evidence) for every component of the framework. */
export const AssessmentBody = Type.Object(
  {
    frameworkId: Type.Integer({ minimum: 1 }),
    assessedOn: Type.Optional(IsoDate),
    ratings: Type.Array(
      Type.Object(
        {
          componentId: Type.Integer({ minimum: 1 }),
          rating: Type.Integer({ minimum: 0, maximum: 10 }),
          evidence: Type.Optional(Type.String({ maxLength: 2000 })),
          offered: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

/** A leader's profile against a framework over time. */
export const ProfileView = Type.Object({
  owner: Type.Object({ userId: Type.Integer(), name: Type.String() }),
  framework: Type.Object({ id: Type.Integer(), name: Type.String(), source: Type.String() }),
  dates: Type.Array(IsoDate, { description: 'The days of the assessments, oldest first' }),
  domains: Type.Array(
    Type.Object({
      name: Type.String(),
      components: Type.Array(
        Type.Object({
          id: Type.Integer(),
          name: Type.String(),
          ratings: Type.Array(nullable(Type.Object({ rating: Type.Integer(), label: nullable(Type.String()) })), {
            description: 'The rating at each assessment, in the order of the dates',
          }),
          latestEvidence: Type.String(),
          offered: Type.Boolean(),
          grew: nullable(Type.Integer({ description: 'The latest rating less the first' })),
        }),
      ),
    }),
  ),
});

const Relation = Type.Union([Type.Literal('mentor'), Type.Literal('line-manager'), Type.Literal('colleague')], {
  title: 'Who they are to you',
});

/** An account you let read your development record. */
export const ShareView = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  relation: Relation,
});

export const ShareBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320, title: 'Email address' }),
    relation: Relation,
  },
  { additionalProperties: false },
);

/** A strength a leader offers in brokerage, from their latest self-assessment. */
export const OfferView = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  organisations: Type.Array(Type.String(), { description: 'Where they lead or work' }),
  framework: Type.String(),
  component: Type.String(),
  area: nullable(Type.String()),
  rating: Type.Integer(),
  ratingLabel: nullable(Type.String()),
  evidence: Type.String(),
  assessedOn: IsoDate,
});
