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

export const PersonCreate = Type.Object(
  {
    name: Text(200),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    jobTitle: Type.Optional(Text(200)),
    organisationId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Where the person works' }),
    ),
    personRef: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: '^\\S+$',
        description: "An importer's stable key for the person",
      }),
    ),
  },
  { additionalProperties: false },
);
export type PersonCreateInput = Static<typeof PersonCreate>;

export const PersonUpdate = Type.Object(
  {
    name: Type.Optional(Text(200)),
    email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 254 }))),
    jobTitle: Type.Optional(nullable(Text(200))),
    organisationId: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 2147483647 }))),
    personRef: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 100, pattern: '^\\S+$' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PersonUpdateInput = Static<typeof PersonUpdate>;

export const PersonView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: nullable(Type.String()),
  jobTitle: nullable(Type.String()),
  organisationId: nullable(Type.Integer()),
  organisationName: nullable(Type.String()),
  personRef: nullable(Type.String()),
});

export const PersonListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    role: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PersonListFilter = Static<typeof PersonListQuery>;

export const RoleView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  origin: Type.String(),
  category: nullable(Type.Integer()),
  strand: nullable(Type.Integer()),
  currentAssignments: Type.Integer(),
});

export const RoleAssignmentCreate = Type.Object(
  {
    personId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    roleCode: Type.String({ minLength: 1, maxLength: 100 }),
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    startDate: Type.Optional(IsoDate),
    endDate: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type RoleAssignmentCreateInput = Static<typeof RoleAssignmentCreate>;

export const RoleAssignmentUpdate = Type.Object(
  {
    roleCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    startDate: Type.Optional(nullable(IsoDate)),
    endDate: Type.Optional(nullable(IsoDate)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RoleAssignmentUpdateInput = Static<typeof RoleAssignmentUpdate>;

export const RoleAssignmentView = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  roleCode: Type.String(),
  roleName: Type.String(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  startDate: nullable(Type.String()),
  endDate: nullable(Type.String()),
  current: Type.Boolean(),
});

export const RoleAssignmentListQuery = Type.Object(
  {
    personId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    organisationId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    role: Type.Optional(Type.String({ maxLength: 100 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RoleAssignmentListFilter = Static<typeof RoleAssignmentListQuery>;

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

/** Everything held about a person, for a subject access request. */
export const PersonExportView = Type.Object({
  person: PersonView,
  roleAssignments: Type.Array(Type.Omit(RoleAssignmentView, ['current'])),
});

/** What an erasure removed. */
export const PersonErasedView = Type.Object({
  roleAssignments: Type.Integer({ description: 'Role assignments erased with the person' }),
});

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
