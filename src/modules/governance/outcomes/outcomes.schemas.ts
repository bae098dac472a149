import { Type, type TSchema } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../../platform/http/api-schemas.js';

const Status = Type.Union([Type.Literal('red'), Type.Literal('amber'), Type.Literal('green')], {
  description: 'red (off track), amber (at risk) or green (on track)',
});

const PartnershipView = Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() });

const Milestone = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  value: Type.Number(),
});

const MeasureView = Type.Object({
  id: Type.Integer(),
  indicatorCode: Type.String(),
  name: Type.String({ description: 'The indicator’s name' }),
  milestones: Type.Array(Milestone, { description: 'Oldest year first' }),
  target: nullable(Type.Object({ year: Type.Integer(), value: Type.Number() }, { description: 'The last milestone' })),
  latest: nullable(
    Type.Object({
      period: Type.String(),
      value: Type.Number(),
      display: Type.String(),
      basis: Type.String({
        description: 'partnership (its own value) or members (the mean of its members that you may see)',
      }),
      reachesMilestone: nullable(Type.Boolean({ description: 'Whether it reaches the milestone of its year' })),
      reachesTarget: nullable(Type.Boolean()),
    }),
  ),
});

const OutcomeView = Type.Object({
  id: Type.Integer(),
  partnershipId: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  source: Type.String({ description: 'every-child-matters or ambition' }),
  position: Type.Integer(),
});

const CommitmentView = Type.Object({
  id: Type.Integer(),
  outcomeId: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  what: Type.String(),
  dueOn: nullable(IsoDate),
  status: Type.String({ description: 'red, amber or green' }),
  evidence: Type.String(),
  doneOn: nullable(IsoDate),
  pastDue: Type.Boolean(),
});

/** A partnership's outcomes framework: outcomes with their measures, milestones and latest figures. */
export const FrameworkView = Type.Object({
  partnership: PartnershipView,
  leads: Type.Boolean({ description: 'Whether you lead the partnership (and may change its framework)' }),
  outcomes: Type.Array(Type.Composite([OutcomeView, Type.Object({ measures: Type.Array(MeasureView) })])),
});

/** One outcome: its measures, the decisions and work aiming at it that you may see, and its commitments. */
export const OutcomeDetailView = Type.Object({
  partnership: PartnershipView,
  leads: Type.Boolean(),
  outcome: OutcomeView,
  measures: Type.Array(MeasureView),
  decisions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      forumId: Type.Integer(),
      title: Type.String(),
      status: Type.String(),
      decidedOn: nullable(IsoDate),
    }),
  ),
  work: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'engagement or practice' }),
      id: Type.Integer(),
      title: Type.String(),
    }),
  ),
  commitments: Type.Array(CommitmentView),
});

export const CommitmentDetailView = Type.Object({ partnership: PartnershipView, commitment: CommitmentView });

export const OutcomeBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    description: Type.Optional(Type.String({ maxLength: 2000, title: 'Description' })),
  },
  { additionalProperties: false },
);

export const OutcomeChangeBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, title: 'Title' }),
    description: Type.Optional(Type.String({ maxLength: 2000, title: 'Description' })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, title: 'Order' })),
  },
  { additionalProperties: false },
);

export const MeasureBody = Type.Object(
  {
    indicatorCode: Type.String({ minLength: 1, maxLength: 200, title: 'Indicator' }),
    milestones: Type.Optional(Type.Array(Milestone, { maxItems: 30 })),
  },
  { additionalProperties: false },
);

/** Up to three milestones on a page's form: a year and its value in each row. */
const row = (n: number) => ({
  [`year${n}`]: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, title: `Year ${n}` })),
  [`value${n}`]: Type.Optional(Type.Number({ title: `Value ${n}` })),
});
export const MILESTONE_ROWS = [1, 2, 3];
const MilestoneFields = Object.assign({}, ...MILESTONE_ROWS.map(row)) as Record<string, TSchema>;
export const MilestonesForm = Type.Object(MilestoneFields, { additionalProperties: false });
export const MeasureForm = Type.Object(
  { indicatorCode: Type.String({ minLength: 1, maxLength: 200, title: 'Indicator' }), ...MilestoneFields },
  { additionalProperties: false },
);

export const WorkBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('engagement'), Type.Literal('practice')], { title: 'Kind of work' }),
    refId: Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Number' }),
  },
  { additionalProperties: false },
);

export const CommitmentBody = Type.Object(
  {
    organisationId: Type.Integer({ minimum: 1, title: 'Organisation' }),
    what: Type.String({ minLength: 1, maxLength: 2000, title: 'What it commits to do' }),
    dueOn: Type.Optional(Type.String({ format: 'date', title: 'By when' })),
    status: Status,
    evidence: Type.Optional(Type.String({ maxLength: 4000, title: 'Evidence' })),
  },
  { additionalProperties: false },
);

export const CommitmentChangeBody = Type.Object(
  {
    status: Status,
    evidence: Type.Optional(Type.String({ maxLength: 4000, title: 'Evidence' })),
    done: Type.Optional(Type.Boolean({ title: 'Done' })),
  },
  { additionalProperties: false },
);
