import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery } from '../../../platform/http/api-schemas.js';
import { ORGANISATION_KIND_CODES, ORGANISATION_STATUSES, PHASE_CODES } from '../landscape.domain.js';
import { IsoDate, literalUnion, nullable, Text } from '../landscape.schemas.js';

export const OrganisationKind = literalUnion(ORGANISATION_KIND_CODES, { description: 'Kind of organisation' });
export const Phase = literalUnion(PHASE_CODES);
export const Status = literalUnion(ORGANISATION_STATUSES);

const organisationFields = {
  name: Text(200),
  urn: Type.Integer({ minimum: 100000, maximum: 999999, description: 'Unique reference number of a school' }),
  laCode: Type.String({
    pattern: '^[0-9]{3}$',
    description: 'Three-digit local-authority code (of a local authority itself)',
  }),
  groupUid: Type.String({
    minLength: 1,
    maxLength: 20,
    pattern: '^[A-Za-z0-9-]+$',
    description: 'GIAS group UID of a trust or federation',
  }),
  localAuthorityId: Type.Integer({
    minimum: 1,
    maximum: 2147483647,
    description: 'The local authority a school is in',
  }),
  phase: Phase,
  schoolType: Text(100),
  status: Status,
  openedOn: IsoDate,
  closedOn: IsoDate,
  pupils: Type.Integer({ minimum: 0, maximum: 100000 }),
  fsmPercent: Type.Number({ minimum: 0, maximum: 100 }),
  postcode: Type.String({ pattern: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$', maxLength: 8 }),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  website: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 500 }),
  description: Text(2000),
};

const f = organisationFields;
const { name: _name, ...optionalOrganisationFields } = organisationFields;
const optionalNull = <T extends TSchema>(schema: T) => Type.Optional(nullable(schema));

export const OrganisationCreate = Type.Object(
  {
    kind: OrganisationKind,
    name: f.name,
    ...Type.Partial(Type.Object(optionalOrganisationFields)).properties,
  },
  { additionalProperties: false },
);
export type OrganisationCreateInput = Static<typeof OrganisationCreate>;

/** A change to an organisation: only the fields sent change; null clears an optional fact. */
export const OrganisationUpdate = Type.Object(
  {
    kind: Type.Optional(OrganisationKind),
    name: Type.Optional(f.name),
    status: Type.Optional(f.status),
    urn: optionalNull(f.urn),
    laCode: optionalNull(f.laCode),
    groupUid: optionalNull(f.groupUid),
    localAuthorityId: optionalNull(f.localAuthorityId),
    phase: optionalNull(f.phase),
    schoolType: optionalNull(f.schoolType),
    openedOn: optionalNull(f.openedOn),
    closedOn: optionalNull(f.closedOn),
    pupils: optionalNull(f.pupils),
    fsmPercent: optionalNull(f.fsmPercent),
    postcode: optionalNull(f.postcode),
    latitude: optionalNull(f.latitude),
    longitude: optionalNull(f.longitude),
    website: optionalNull(f.website),
    description: optionalNull(f.description),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrganisationUpdateInput = Static<typeof OrganisationUpdate>;

export const OrganisationView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  urn: nullable(Type.Integer()),
  laCode: nullable(Type.String()),
  groupUid: nullable(Type.String()),
  localAuthorityId: nullable(Type.Integer()),
  localAuthorityName: nullable(Type.String()),
  phase: nullable(Type.String()),
  schoolType: nullable(Type.String()),
  status: Type.String(),
  openedOn: nullable(Type.String()),
  closedOn: nullable(Type.String()),
  pupils: nullable(Type.Integer()),
  fsmPercent: nullable(Type.Number()),
  postcode: nullable(Type.String()),
  latitude: nullable(Type.Number()),
  longitude: nullable(Type.Number()),
  website: nullable(Type.String()),
  description: nullable(Type.String()),
  town: nullable(Type.String()),
  typeGroup: nullable(Type.String()),
  groupId: nullable(Type.String()),
  groupType: nullable(Type.String()),
  ofstedRating: nullable(Type.String()),
  ofstedDate: nullable(Type.String()),
  widerSystem: Type.String(),
});

export const OrganisationListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Name contains, or a URN' })),
    kind: Type.Optional(OrganisationKind),
    phase: Type.Optional(Phase),
    la: Type.Optional(Type.String({ pattern: '^[0-9]{3}$', description: 'Local-authority code' })),
    status: Type.Optional(Status),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OrganisationListFilter = Static<typeof OrganisationListQuery>;
