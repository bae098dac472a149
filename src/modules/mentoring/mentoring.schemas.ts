import { Type } from '@sinclair/typebox';
import { RELATION_STEPS } from './mentoring.domain.js';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Person = Type.Object({ userId: Type.Integer(), name: Type.String() });
const ComponentRef = Type.Object({ id: Type.Integer(), name: Type.String() });
const Status = Type.Union(
  ['proposed', 'agreed', 'active', 'completed', 'ended-early', 'declined'].map((s) => Type.Literal(s)),
);
const Step = Type.Union(RELATION_STEPS.map((s) => Type.Literal(s)));

/** Your standing offer to mentor. */
export const MentorOfferView = Type.Object({
  capacity: Type.Integer({ description: 'The most mentees you take at once (agreed and active)' }),
  taken: Type.Integer({ description: 'Your agreed and active mentees now' }),
  note: Type.String(),
  components: Type.Array(ComponentRef, { description: 'The components you offer experience in' }),
});

export const MentorOfferBody = Type.Object(
  {
    componentIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200, title: 'Components' }),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, title: 'How many mentees at once' })),
    note: Type.Optional(Type.String({ maxLength: 1000, title: 'A short note' })),
  },
  { additionalProperties: false },
);

/** A mentoring relation as one of its two sides sees it. */
export const RelationSummary = Type.Object({
  id: Type.Integer(),
  side: Type.Union([Type.Literal('mentee'), Type.Literal('mentor')], { description: 'Your side of it' }),
  mentee: Person,
  mentor: Person,
  otherName: Type.String(),
  proposedByMe: Type.Boolean(),
  status: Status,
  statusText: Type.String(),
  components: Type.Array(ComponentRef, { description: 'What the mentee wants to grow in' }),
  proposedOn: IsoDate,
  agreedOn: nullable(IsoDate),
  startedOn: nullable(IsoDate),
  endedOn: nullable(IsoDate),
  endReason: nullable(Type.String()),
  steps: Type.Array(Step, { description: 'The steps you can take now' }),
});

export const NoteView = Type.Object({
  id: Type.Integer(),
  metOn: IsoDate,
  body: Type.String(),
  authorName: Type.String(),
  authorId: nullable(Type.Integer()),
});

export const RelationView = Type.Composite([
  RelationSummary,
  Type.Object({
    recordShared: Type.Boolean({ description: 'Whether the mentee lets the mentor read their development record' }),
    notes: Type.Array(NoteView),
  }),
]);

export const MineView = Type.Object({
  offer: nullable(MentorOfferView),
  waiting: Type.Array(RelationSummary, { description: 'Proposals waiting for your answer' }),
  asMentee: Type.Array(RelationSummary),
  asMentor: Type.Array(RelationSummary),
});

export const SuggestionsView = Type.Object({
  wanted: Type.Array(ComponentRef),
  includeOwnOrganisation: Type.Boolean(),
  suggestions: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      score: Type.Integer(),
      matchedComponentIds: Type.Array(Type.Integer()),
      reasons: Type.String(),
      placesFree: Type.Integer(),
      note: Type.String(),
    }),
  ),
});

export const SuggestionsQuery = Type.Object({
  components: Type.Optional(Type.String({ description: 'Component ids, separated by commas', maxLength: 2000 })),
  own: Type.Optional(Type.String({ description: '1 to include people of your own organisations' })),
});

export const ProposalBody = Type.Object(
  {
    mentorId: Type.Optional(Type.Integer({ minimum: 1, title: 'Mentor' })),
    menteeId: Type.Optional(Type.Integer({ minimum: 1, title: 'Mentee' })),
    menteeEmail: Type.Optional(Type.String({ format: 'email', maxLength: 320, title: 'Their email address' })),
    componentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 })),
    shareRecord: Type.Optional(Type.Boolean({ description: 'As mentee: let the mentor read your development record' })),
  },
  { additionalProperties: false },
);

export const StepBody = Type.Object(
  {
    step: Step,
    reason: Type.Optional(Type.String({ maxLength: 2000, title: 'Why it is ending early' })),
    shareRecord: Type.Optional(Type.Boolean({ description: 'As mentee agreeing: let the mentor read your record' })),
    stopSharing: Type.Optional(
      Type.Boolean({ description: 'As mentee ending: stop letting the mentor read your record (default true)' }),
    ),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object(
  {
    metOn: Type.Optional(Type.String({ format: 'date', title: 'Date of the meeting' })),
    body: Type.String({ minLength: 1, maxLength: 20_000, title: 'What you talked about' }),
  },
  { additionalProperties: false },
);
