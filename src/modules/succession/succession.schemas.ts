import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

/** An opportunity a partnership offers. */
export const OpportunityView = Type.Object({
  id: Type.Integer(),
  partnership: Named,
  title: Type.String(),
  kind: Type.String({ description: 'post, stretch-role, secondment or project-lead' }),
  kindLabel: Type.String(),
  schools: Type.Array(Named, { description: 'The member schools it is at; none when across the partnership' }),
  acrossPartnership: Type.Boolean(),
  asks: Type.String({ description: 'What it asks of the person' }),
  suits: nullable(Type.String({ description: 'Who it suits, e.g. middle leaders' })),
  closesOn: IsoDate,
  status: Type.String({ description: 'open, closed or filled' }),
  statusLabel: Type.String(),
  open: Type.Boolean({ description: 'Open and not past its closing date' }),
  filledBy: nullable(Type.String({ description: 'Who filled it: for the partnership’s leaders only, else null' })),
});

export const OpportunityListView = Type.Array(
  Type.Composite([
    OpportunityView,
    Type.Object({ interested: Type.Boolean({ description: 'Whether you expressed interest' }) }),
  ]),
);

export const OpportunityDetailView = Type.Object({
  opportunity: OpportunityView,
  leads: Type.Boolean({ description: 'Whether you lead its partnership' }),
  interests: nullable(
    Type.Array(
      Type.Object({ userId: Type.Integer(), name: Type.String(), email: Type.String(), note: Type.String() }),
      { description: 'Who expressed interest: for the partnership’s leaders only, else null' },
    ),
  ),
  myInterest: nullable(Type.Object({ note: Type.String() })),
});

/** A new opportunity; no schools means across the partnership. */
export const OpportunityBody = Type.Object(
  {
    partnershipId: Type.Integer({ minimum: 1, title: 'Partnership' }),
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    kind: Type.String({ minLength: 1, maxLength: 40, title: 'Kind of opportunity' }),
    schoolIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, title: 'Schools' })),
    asks: Type.String({ minLength: 1, maxLength: 5000, title: 'What it asks' }),
    suits: Type.Optional(nullable(Type.String({ maxLength: 500, title: 'Who it suits' }))),
    closesOn: Type.String({ format: 'date', title: 'Closing date' }),
  },
  { additionalProperties: false },
);

export const StatusBody = Type.Object(
  {
    status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('filled')], { title: 'Status' }),
    filledByUserId: Type.Optional(nullable(Type.Integer({ minimum: 1, title: 'Who filled it' }))),
    filledByName: Type.Optional(nullable(Type.String({ maxLength: 200, title: 'Who filled it' }))),
  },
  { additionalProperties: false },
);

export const InterestBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 1000, title: 'Your note' }) },
  { additionalProperties: false },
);

/** One of your succession intentions, with the partnerships it is shared with. */
export const IntentionView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({
    description: 'towards (a role you are developing towards) or leaving (a post you plan to leave)',
  }),
  role: Type.String({ description: 'headship, a role code, or other (a post left)' }),
  roleName: Type.String(),
  organisationId: nullable(Type.Integer()),
  organisationName: nullable(Type.String()),
  leavingMonth: nullable(Type.String({ description: 'YYYY-MM' })),
  leavingLabel: Type.String(),
  note: nullable(Type.String()),
  sharedWith: Type.Array(Named, { description: 'The partnerships whose leaders may read it' }),
});

export const IntentionsView = Type.Object({
  intentions: Type.Array(IntentionView),
  partnerships: Type.Array(Named, { description: 'Your partnerships, to share with' }),
});

export const IntentionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('towards'), Type.Literal('leaving')], { title: 'Kind' }),
    role: Type.String({ minLength: 1, maxLength: 80, title: 'Role' }),
    organisationId: Type.Optional(nullable(Type.Integer({ minimum: 1, title: 'Organisation' }))),
    leavingMonth: Type.Optional(
      nullable(Type.String({ pattern: '^\\d{4}-\\d{2}$', title: 'Month you plan to leave' })),
    ),
    note: Type.Optional(nullable(Type.String({ maxLength: 1000, title: 'Note' }))),
    shareWith: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50, title: 'Share with' })),
  },
  { additionalProperties: false },
);

const Person = Type.Object({
  name: Type.String(),
  organisation: nullable(Type.String()),
  note: nullable(Type.String()),
});
const Leaver = Type.Object({
  name: Type.String(),
  post: Type.String(),
  organisation: nullable(Type.String()),
  month: nullable(Type.String({ description: 'YYYY-MM' })),
  monthLabel: Type.String(),
});

/** A partnership's bench; for an administrator who does not lead it, the counts only. */
export const BenchView = Type.Object({
  partnership: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  shared: Type.Object(
    { towards: Type.Integer(), leaving: Type.Integer() },
    { description: 'How many intentions are shared with it' },
  ),
  countsOnly: Type.Boolean(),
  headships: Type.Optional(
    Type.Array(
      Type.Object({
        school: Named,
        heads: Type.Array(Type.Object({ name: Type.String(), jobTitle: Type.String() })),
        developing: Type.Array(Person),
        leaving: Type.Array(Leaver),
        gap: nullable(Type.String()),
      }),
    ),
  ),
  anyHeadship: Type.Optional(Type.Array(Person)),
  systemRoles: Type.Optional(
    Type.Array(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        holders: Type.Array(Type.Object({ name: Type.String(), organisation: nullable(Type.String()) })),
        developing: Type.Array(Person),
        leaving: Type.Array(Leaver),
        gap: nullable(Type.String()),
      }),
    ),
  ),
  otherLeaving: Type.Optional(Type.Array(Leaver)),
  gaps: Type.Optional(Type.Array(Type.String())),
});

export const CountsView = Type.Array(
  Type.Object({ partnership: Named, towards: Type.Integer(), leaving: Type.Integer() }),
);
