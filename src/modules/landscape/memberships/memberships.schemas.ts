import { Type } from '@sinclair/typebox';
import { IsoDate, nullable } from '../landscape.schemas.js';

/** A membership asked for by one side, as one viewer sees it: whether they may decide it or take it back. */
export const MembershipRequestView = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer({ description: 'The school (or other organisation) that joins' }),
  memberName: Type.String(),
  partnershipId: Type.Integer({ description: 'The trust, federation, network or other organisation it joins' }),
  partnershipName: Type.String(),
  startDate: nullable(IsoDate),
  endDate: nullable(IsoDate),
  note: nullable(Type.String()),
  askedBy: Type.Union([Type.Literal('member'), Type.Literal('partnership')], {
    description: 'The side that asked; the other side decides',
  }),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('approved'),
    Type.Literal('declined'),
    Type.Literal('withdrawn'),
  ]),
  requestedByName: nullable(Type.String({ description: 'Who asked; null when their account is gone' })),
  createdAt: Type.String({ format: 'date-time' }),
  relationshipId: nullable(Type.Integer({ description: 'The membership tie, once approved' })),
  canDecide: Type.Boolean({ description: 'Whether you may approve or decline it' }),
  canWithdraw: Type.Boolean({ description: 'Whether you may take it back' }),
});
