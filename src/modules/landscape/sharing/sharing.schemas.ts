import { Type } from '@sinclair/typebox';
import { IsoDate, nullable } from '../landscape.schemas.js';

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
