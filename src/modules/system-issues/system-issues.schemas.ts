import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const PartnershipView = Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() });

/** An issue: what happened and where the system let people down; who raised it only for the partnership's leaders. */
export const IssueView = Type.Object({
  id: Type.Integer(),
  partnershipId: Type.Integer(),
  title: Type.String(),
  whatHappened: Type.String(),
  whereFailed: Type.String({ description: 'Where the system let people down' }),
  raisedOn: IsoDate,
  raisedBy: nullable(Type.String({ description: 'Who raised it: shown to the partnership’s leaders only, else null' })),
  status: Type.String({ description: 'open or closed' }),
  discussedOn: nullable(IsoDate),
  closedOn: nullable(IsoDate),
  openActions: Type.Integer({ description: 'Its actions not yet done' }),
});

export const ActionView = Type.Object({
  id: Type.Integer(),
  issueId: Type.Integer(),
  description: Type.String(),
  ownerId: nullable(Type.Integer({ description: 'The organisation that owns it' })),
  ownerName: nullable(Type.String()),
  dueOn: nullable(IsoDate),
  doneOn: nullable(IsoDate),
});

/** The partnerships you work in (or whose members you work in), each with its open issues. */
export const LogsView = Type.Array(Type.Object({ partnership: PartnershipView, openIssues: Type.Array(IssueView) }));

/** A partnership's log, open issues first. */
export const LogView = Type.Object({
  partnership: PartnershipView,
  leads: Type.Boolean({ description: 'Whether you lead the partnership (and may close issues)' }),
  issues: Type.Array(IssueView),
});

export const IssueDetailView = Type.Object({
  partnership: PartnershipView,
  leads: Type.Boolean(),
  issue: IssueView,
  actions: Type.Array(ActionView),
  mayClose: Type.Boolean(),
});

/** An issue raised: without blame. A text naming a person of the partnership is refused unless `namesNeeded` confirms it. */
export const IssueBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    whatHappened: Type.String({ minLength: 1, maxLength: 4000, title: 'What happened' }),
    whereFailed: Type.String({ minLength: 1, maxLength: 4000, title: 'Where the system let people down' }),
    raisedOn: Type.Optional(Type.String({ format: 'date', title: 'Raised on' })),
    discussedOn: Type.Optional(Type.String({ format: 'date', title: 'Discussed at the meeting of' })),
    namesNeeded: Type.Optional(Type.Boolean({ title: 'The names are needed' })),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 1000, title: 'Action' }),
    ownerId: Type.Optional(Type.Integer({ minimum: 1, title: 'Owner' })),
    dueOn: Type.Optional(Type.String({ format: 'date', title: 'Due date' })),
  },
  { additionalProperties: false },
);

export const DiscussedBody = Type.Object(
  { discussedOn: Type.String({ format: 'date', title: 'The date of the meeting' }) },
  { additionalProperties: false },
);

export const AgendaQuery = Type.Object({ on: Type.Optional(Type.String({ format: 'date' })) });
