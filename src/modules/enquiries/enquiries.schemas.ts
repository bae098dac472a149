import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

/** The fields a person types, with the names the messages give them. */
export const Title = Type.String({ title: 'Title', minLength: 1, maxLength: 200 });
export const Question = Type.String({ title: 'Question', minLength: 1, maxLength: 2000 });
export const Method = Type.String({ title: 'Method', maxLength: 4000 });
export const StartedOn = Type.String({ title: 'Start date', format: 'date' });
export const HeldOn = Type.String({ title: 'The date of the cycle', format: 'date' });
export const Tried = Type.String({ title: 'What we tried', minLength: 1, maxLength: 8000 });
export const Learnt = Type.String({ title: 'What we learnt', maxLength: 8000 });
export const Next = Type.String({ title: 'What next', maxLength: 4000 });
export const Statement = Type.String({ title: 'Finding', minLength: 1, maxLength: 2000 });
export const Evidence = Type.String({ title: 'Evidence', maxLength: 8000 });

const School = Type.Object({ id: Type.Integer(), name: Type.String() });

/** An enquiry as the API gives it in a list: its schools (the lead first), its last cycle and how long ago. */
export const EnquiryView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  question: Type.String(),
  method: Type.String(),
  status: Type.String({ description: 'active or finished' }),
  startedOn: IsoDate,
  finishedOn: nullable(IsoDate),
  organisations: Type.Array(School, { description: 'The schools in it, the lead school first' }),
  lastCycleOn: nullable(IsoDate),
  lastCycleAgo: nullable(Type.String({ description: 'How long ago the last cycle was, in words' })),
  findingStatements: Type.Array(Type.String(), { description: 'What it has found so far, in the order found' }),
  quiet: Type.Boolean({ description: 'Active, with no cycle recorded for six weeks' }),
});

export const EnquiryListItem = Type.Object({
  ...EnquiryView.properties,
  role: nullable(Type.String({ description: 'Your role among its people (lead or member), if you are one' })),
});

export const CycleView = Type.Object({
  id: Type.Integer(),
  heldOn: IsoDate,
  tried: Type.String(),
  learnt: Type.String(),
  next: Type.String(),
  authorName: nullable(Type.String()),
  edited: Type.Boolean({ description: 'Whether it has been changed since it was written' }),
  mayChange: Type.Boolean({ description: 'Whether you may change it (its author, or a lead of the enquiry)' }),
});

export const FindingView = Type.Object({ id: Type.Integer(), statement: Type.String(), evidence: Type.String() });

/** An enquiry with its people, cycles (newest first) and findings. */
export const EnquiryDetailView = Type.Object({
  enquiry: EnquiryView,
  people: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      organisationName: nullable(Type.String()),
      role: Type.String({ description: 'lead or member' }),
    }),
  ),
  cycles: Type.Array(CycleView, { description: 'Newest first' }),
  findings: Type.Array(FindingView),
  role: nullable(Type.String({ description: 'Your role among its people, if you are one' })),
  mayChange: Type.Boolean({ description: 'Whether you may add schools and people, or finish it' }),
  mayWrite: Type.Boolean({ description: 'Whether you may record cycles and findings' }),
});

/** A new enquiry through the API: the first school leads it. */
export const EnquiryBody = Type.Object(
  {
    title: Title,
    question: Question,
    method: Type.Optional(Method),
    startedOn: Type.Optional(StartedOn),
    organisationIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), {
      title: 'Schools',
      minItems: 1,
      maxItems: 50,
      description: 'The schools in it; the first leads it',
    }),
  },
  { additionalProperties: false },
);

/** A cycle: `heldOn` is today when not given; none before the enquiry started or after today. */
export const CycleBody = Type.Object(
  { heldOn: Type.Optional(HeldOn), tried: Tried, learnt: Type.Optional(Learnt), next: Type.Optional(Next) },
  { additionalProperties: false },
);

export const FindingBody = Type.Object(
  { statement: Statement, evidence: Type.Optional(Evidence) },
  { additionalProperties: false },
);
