import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { errorResponses, PageQuery } from '../../platform/http/api-schemas.js';
import { RELATIONSHIP_TYPE_CODES, WIDER_SYSTEMS } from './landscape.domain.js';

export const literalUnion = (values: readonly string[], options: object = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IsoDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** The OpenAPI description of a route: its tag, summary, parts and answers. */
export function schemaOf(
  tag: string,
  summary: string,
  parts: { params?: TSchema; querystring?: TSchema; body?: TSchema; ok: TSchema; status?: 200 | 201 },
) {
  return {
    tags: [tag],
    summary,
    ...(parts.params ? { params: parts.params } : {}),
    ...(parts.querystring ? { querystring: parts.querystring } : {}),
    ...(parts.body ? { body: parts.body } : {}),
    response: { [parts.status ?? 200]: parts.ok, ...errorResponses },
  };
}

export const RelationshipTypeSchema = literalUnion(RELATIONSHIP_TYPE_CODES);
export const WiderSystemSchema = literalUnion(WIDER_SYSTEMS);

export const RelationshipCreate = Type.Object(
  {
    type: RelationshipTypeSchema,
    fromOrganisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    toOrganisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    startDate: Type.Optional(IsoDate),
    endDate: Type.Optional(IsoDate),
    note: Type.Optional(Text(1000)),
  },
  { additionalProperties: false },
);
export type RelationshipCreateInput = Static<typeof RelationshipCreate>;

export const RelationshipUpdate = Type.Object(
  {
    type: Type.Optional(RelationshipTypeSchema),
    startDate: Type.Optional(nullable(IsoDate)),
    endDate: Type.Optional(nullable(IsoDate)),
    note: Type.Optional(nullable(Text(1000))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RelationshipUpdateInput = Static<typeof RelationshipUpdate>;

export const RelationshipView = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  directed: Type.Boolean(),
  fromOrganisationId: Type.Integer(),
  fromOrganisationName: Type.String(),
  fromOrganisationKind: Type.String(),
  toOrganisationId: Type.Integer(),
  toOrganisationName: Type.String(),
  toOrganisationKind: Type.String(),
  startDate: nullable(Type.String()),
  endDate: nullable(Type.String()),
  note: nullable(Type.String()),
  widerSystem: WiderSystemSchema,
  boundarySpanning: Type.Boolean(),
  current: Type.Boolean(),
});

export const RelationshipListQuery = Type.Object(
  {
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Either end' })),
    type: Type.Optional(RelationshipTypeSchema),
    current: Type.Optional(Type.Boolean({ description: 'Only ties in force today' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RelationshipListFilter = Static<typeof RelationshipListQuery>;

export const LandscapeReportQuery = Type.Object(
  {
    by: Type.Union(
      ['role', 'origin', 'category', 'phase', 'la'].map((v) => Type.Literal(v)),
      { default: 'role' },
    ),
    scope: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'Key of an LA (code), school (URN), trust or federation (GIAS UID or ID)',
      }),
    ),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const LandscapeReportView = Type.Object({
  by: Type.String(),
  asOf: Type.String(),
  scope: nullable(Type.Object({ ref: Type.String(), name: Type.String() })),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      origin: Type.Optional(Type.String()),
      count: Type.Integer(),
      percent: Type.Number(),
      schools: Type.Optional(Type.Integer()),
      schoolsWithLeaders: Type.Optional(Type.Integer()),
      schoolsWithLeadersPercent: Type.Optional(Type.Number()),
    }),
  ),
  total: Type.Integer(),
});

export const SharingAgreementCreate = Type.Object(
  {
    partnershipId: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      description: 'The network, trust, federation or local authority shared with',
    }),
    what: Type.Union([Type.Literal('contact-details'), Type.Literal('indicators')]),
    detail: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('summary')])),
    startDate: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const SharingAgreementView = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer({ description: 'The organisation that shares' }),
  partnershipId: Type.Integer({ description: 'The network, trust, federation or local authority shared with' }),
  partnershipName: Type.String(),
  what: Type.String({ description: 'contact-details or indicators' }),
  detail: Type.String({ description: 'all, or summary (counted only in the partnership’s aggregate)' }),
  startDate: IsoDate,
  endDate: nullable(IsoDate),
  current: Type.Boolean({ description: 'In force today' }),
});
