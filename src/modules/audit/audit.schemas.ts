import { Type } from '@sinclair/typebox';
import { nullable } from '../../platform/http/api-schemas.js';

/** One entry of the audit trail: who did what, to what, when and from where. */
export const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: nullable(
    Type.Integer({ description: 'The account that acted; null for the command line or an account since removed' }),
  ),
  actor: Type.String({ description: 'Name and email address of whoever acted, as they were then' }),
  ip: nullable(Type.String()),
  action: Type.String({ description: 'e.g. create, update, erase, read-personal' }),
  entity: Type.String({ description: 'The kind of record, e.g. person, engagement' }),
  entityId: nullable(Type.String()),
  organisationIds: Type.Array(Type.Integer(), {
    description: 'The organisations the entry is about: their leaders may read it',
  }),
  detail: Type.Record(Type.String(), Type.Unknown(), {
    description: 'What changed: its keys depend on the action and the kind of record',
  }),
});

/** A page of the audit entries you may read, newest first. */
export const AuditPageView = Type.Object({
  items: Type.Array(AuditEntryView),
  page: Type.Integer(),
});
