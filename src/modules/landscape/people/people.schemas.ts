import { PersonalDataRowView } from '../../personal-data.js';
import { Type, type Static } from '@sinclair/typebox';
import { PageQuery } from '../../../platform/http/api-schemas.js';
import { IsoDate, nullable, Text } from '../landscape.schemas.js';

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

/** Everything held about a person, for a subject access request. */
export const PersonExportView = Type.Object({
  person: PersonView,
  roleAssignments: Type.Array(Type.Omit(RoleAssignmentView, ['current'])),
  accounts: Type.Array(
    Type.Object({
      email: Type.String(),
      held: Type.Array(PersonalDataRowView, {
        description: 'What each module holds about the account (a leader’s development record, say), as rows',
      }),
    }),
    { description: 'The accounts that are this person: linked to them, or with their email address' },
  ),
});

/** What an erasure removed. */
export const PersonErasedView = Type.Object({
  roleAssignments: Type.Integer({ description: 'Role assignments erased with the person' }),
});
