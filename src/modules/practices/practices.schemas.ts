import { Type } from '@sinclair/typebox';
import { ADAPTATION_CODES, JUDGEMENT_CODES } from './practices.domain.js';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

/** A practice as its school writes it. */
export const PracticeBody = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The school whose practice it is' }),
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Name of the practice' }),
    problem: Type.String({ minLength: 1, maxLength: 4000, title: 'The problem it addresses' }),
    approach: Type.String({ minLength: 1, maxLength: 8000, title: 'The approach' }),
    areas: Type.Optional(
      Type.Array(Type.String({ maxLength: 60, title: 'An area' }), { maxItems: 12, title: 'Areas' }),
    ),
    contactPersonId: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Contact' }))),
    eefStrand: Type.Optional(Type.String({ maxLength: 200, title: 'Toolkit strand' })),
    eefImpactMonths: Type.Optional(
      nullable(Type.Integer({ minimum: -12, maximum: 12, title: 'Impact in months of progress' })),
    ),
    eefCost: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 5, title: 'Cost rating' }))),
    eefEvidence: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 5, title: 'Security of the evidence' }))),
    evidenceNote: Type.Optional(Type.String({ maxLength: 4000, title: 'Other evidence' })),
    published: Type.Optional(Type.Boolean({ title: 'Who can see it' })),
    partnershipIds: Type.Optional(Type.Array(Id, { maxItems: 50, title: 'Partnerships' })),
    sourceEnquiryId: Type.Optional(nullable(Id)),
  },
  { additionalProperties: false },
);

/** A change to a practice: every field but its school. */
export const PracticeChange = Type.Omit(PracticeBody, ['organisationId', 'sourceEnquiryId'], {
  additionalProperties: false,
});

export const ResourceBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Name of the resource' }),
    url: Type.String({ minLength: 1, maxLength: 2000, title: 'Address of the resource' }),
  },
  { additionalProperties: false },
);

/** School B takes up a practice, with its adaptation and trial. */
export const AdoptionBody = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The school taking it up' }),
    fromOrganisationId: Type.Optional(
      nullable(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Where it comes from' })),
    ),
    adapted: Type.Optional(
      Type.Array(
        Type.Union(
          ADAPTATION_CODES.map((c) => Type.Literal(c)),
          { title: 'What you changed' },
        ),
        { maxItems: 4, title: 'What you changed' },
      ),
    ),
    adaptation: Type.Optional(Type.String({ maxLength: 4000, title: 'How and why you adapted it' })),
    leadPersonId: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'The lead' }))),
    startedOn: Type.Optional(Type.String({ format: 'date', title: 'The trial’s start' })),
    reviewOn: Type.Optional(Type.String({ format: 'date', title: 'The review date' })),
    measures: Type.Array(Type.String({ minLength: 1, maxLength: 120, title: 'A measure' }), {
      minItems: 1,
      maxItems: 10,
      title: 'The measures that will judge it',
    }),
  },
  { additionalProperties: false },
);

export const JudgementBody = Type.Object(
  {
    judgement: Type.Union(
      JUDGEMENT_CODES.map((c) => Type.Literal(c)),
      { title: 'Your judgement' },
    ),
    note: Type.Optional(Type.String({ maxLength: 4000, title: 'Why' })),
  },
  { additionalProperties: false },
);

export const PracticeQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, title: 'Words in the practice' })),
  area: Type.Optional(Type.String({ maxLength: 60, title: 'Area' })),
  phase: Type.Optional(Type.String({ maxLength: 60, title: 'Phase' })),
  evidence: Type.Optional(
    Type.Union([Type.Literal('external'), Type.Literal('local'), Type.Literal('kept')], { title: 'Evidence' }),
  ),
  near: Type.Optional(
    Type.Boolean({
      title: 'Tried near me',
      description: 'Only practices tried in your local authorities and partnerships',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

const AdoptionFields = {
  id: Type.Integer(),
  practiceId: Type.Integer(),
  practiceTitle: Type.String(),
  ownerId: Type.Integer({ description: 'The school whose practice it is' }),
  organisationId: Type.Integer({ description: 'The school that took it up' }),
  organisationName: Type.String(),
  fromOrganisationId: nullable(Type.Integer({ description: 'The school it was taken from; null: from the library' })),
  fromOrganisationName: nullable(Type.String()),
  adapted: Type.Array(Type.String({ description: 'audience, dosage, staff or materials' })),
  adaptation: Type.String(),
  leadPersonId: nullable(Type.Integer()),
  leadName: nullable(Type.String()),
  startedOn: IsoDate,
  reviewOn: IsoDate,
  judgement: nullable(Type.String({ description: 'keep, adapt or stop; null while the trial runs' })),
  judgedOn: nullable(IsoDate),
  judgementNote: Type.String(),
};
export const AdoptionView = Type.Object(AdoptionFields);

const PracticeFields = {
  id: Type.Integer(),
  title: Type.String(),
  problem: Type.String(),
  approach: Type.String(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  areas: Type.Array(Type.String()),
  eefStrand: Type.String(),
  eefImpactMonths: nullable(Type.Integer()),
  eefCost: nullable(Type.Integer()),
  eefEvidence: nullable(Type.Integer()),
  evidenceNote: Type.String(),
  published: Type.Boolean({ description: 'Shown to everyone signed in; otherwise to the partnerships chosen' }),
  partnershipIds: Type.Array(Type.Integer()),
  sourceEnquiryId: nullable(Type.Integer()),
};

export const PracticeListItem = Type.Object({
  ...PracticeFields,
  adoptions: Type.Integer({ description: 'Schools that took it up' }),
  kept: Type.Integer({ description: 'Trials judged "keep"' }),
});

export const PracticeView = Type.Object({
  ...PracticeFields,
  sourceEnquiry: nullable(
    Type.Object(
      { id: Type.Integer(), title: Type.String() },
      { description: 'The enquiry the practice grew from, when you may see it' },
    ),
  ),
  context: Type.Object({
    phase: nullable(Type.String()),
    pupils: nullable(Type.Integer()),
    fsmPercent: nullable(Type.Number()),
    localAuthorityName: nullable(Type.String()),
  }),
  contact: nullable(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      jobTitle: nullable(Type.String()),
      email: nullable(Type.String({ description: 'Null unless the contact rules let you see it' })),
    }),
  ),
  resources: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() })),
  adoptions: Type.Array(AdoptionView),
  trials: Type.Object({ keep: Type.Integer(), adapt: Type.Integer(), stop: Type.Integer(), running: Type.Integer() }),
});

const Figure = Type.Object({ period: nullable(Type.String()), value: nullable(Type.Number()), display: Type.String() });
export const TrialView = Type.Object({
  adoption: AdoptionView,
  state: Type.String({ description: 'kept, adapted again, stopped or still being tried' }),
  reviewDue: Type.Boolean(),
  measures: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      shared: Type.Boolean({ description: 'False when the school’s values are not shared with you' }),
      baseline: Figure,
      now: Figure,
      change: nullable(Type.String({ description: 'How the measure moved since the baseline, in words' })),
      similar: nullable(
        Type.Object({
          text: Type.String({ description: 'How similar schools moved over the same periods' }),
          schools: Type.Integer(),
        }),
      ),
    }),
  ),
});
