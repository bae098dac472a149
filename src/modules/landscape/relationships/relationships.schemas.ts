import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from '../../../platform/http/api-schemas.js';
import { RELATIONSHIP_TYPE_CODES, WIDER_SYSTEMS } from '../landscape.domain.js';
import { IsoDate, literalUnion, nullable, Text } from '../landscape.schemas.js';

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
