import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

/** An engagement as the API gives it: who supports whom, in what area, its mandate, phase and dates. */
export const EngagementView = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'The kind of engagement, e.g. school-to-school' }),
  title: Type.String(),
  supportedId: Type.Integer({ description: 'The school being supported' }),
  supportedName: Type.String(),
  supportingId: Type.Integer({ description: 'The school giving support' }),
  supportingName: Type.String(),
  requestId: nullable(
    Type.Integer({ description: 'The support request it was opened from; null when opened directly' }),
  ),
  area: Type.String(),
  aims: Type.String(),
  freedoms: Type.String(),
  accountableTo: Type.String(),
  phase: Type.String(),
  days: Type.Number(),
  chargeOut: nullable(Type.Number()),
  startDate: IsoDate,
  endDate: nullable(IsoDate),
  status: Type.String({ description: 'active or closed' }),
  lastCheckIn: nullable(IsoDate),
});

/** When the next check-in falls due, and how late it is. */
const CheckInDueView = Type.Object({
  on: IsoDate,
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer({ minimum: 0 }),
  overdueBy: nullable(Type.String({ description: 'In words, e.g. "overdue by 3 weeks"; null when not overdue' })),
});

/** An engagement in the list: with its next check-in, and whether you lead either school. */
export const EngagementListItem = Type.Object({
  ...EngagementView.properties,
  nextCheckIn: CheckInDueView,
  leading: Type.Boolean({ description: 'Whether you lead either school (so it is one of yours)' }),
});

const ActionView = Type.Object({
  id: Type.Integer(),
  description: Type.String(),
  owner: Type.String(),
  dueOn: nullable(IsoDate),
  doneOn: nullable(IsoDate),
});

/** A check-in, with whether you may still change it (its author, for 14 days after writing it). */
export const CheckInView = Type.Object({
  id: Type.Integer(),
  heldOn: IsoDate,
  notes: Type.String(),
  nextSteps: Type.String(),
  edited: Type.Boolean({ description: 'Whether its author has changed it since writing it' }),
  mayChange: Type.Boolean({ description: 'Whether you may still change or delete it' }),
});

/** A check-in as written through the API: `heldOn` is today when not given; none before the start or after today. */
export const CheckInBody = Type.Object(
  {
    heldOn: Type.Optional(IsoDate),
    notes: Type.String({ minLength: 1, maxLength: 8000 }),
    nextSteps: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

/** A change to a check-in: the fields given replace its own. */
export const CheckInChange = Type.Partial(CheckInBody, { additionalProperties: false });

const MeasureView = Type.Object({
  indicatorId: Type.Integer(),
  code: Type.String(),
  name: Type.String({ description: 'The indicator’s name' }),
  baselinePeriod: nullable(
    Type.String({ description: 'Null when the supported school’s values are not shared with you' }),
  ),
  baselineValue: nullable(
    Type.Number({ description: 'Null when the supported school’s values are not shared with you' }),
  ),
  targetValue: nullable(Type.Number()),
  reviewOn: nullable(
    Type.String({ format: 'date', description: 'When the target is to be reviewed; null: at the exit' }),
  ),
  baselineShared: Type.Boolean({ description: 'Whether you may see the supported school’s values of the indicator' }),
  baselineDisplay: Type.String({ description: 'The baseline formatted, or that it is not shared with you' }),
  targetDisplay: nullable(Type.String()),
  latestDisplay: nullable(Type.String()),
  latestPeriod: nullable(Type.String({ description: 'The period of the supported school’s latest value you may see' })),
  latestValue: nullable(Type.Number()),
  changeSinceBaseline: nullable(
    Type.String({
      description: 'The change from the baseline to the latest value, in words, by the indicator’s direction',
    }),
  ),
});

const PersonInView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  organisationName: nullable(Type.String()),
  role: Type.String({ description: 'Their part in the engagement' }),
});

/** An engagement with its actions, check-ins, measures and people. */
export const EngagementDetailView = Type.Object({
  engagement: EngagementView,
  actions: Type.Array(ActionView),
  openActions: Type.Array(ActionView, { description: 'The actions not yet done' }),
  checkIns: Type.Array(CheckInView, { description: 'Newest first' }),
  measures: Type.Array(MeasureView),
  people: Type.Array(PersonInView),
  phases: Type.Array(Type.String(), { description: 'The phases of an engagement of its type, in order' }),
  nextCheckInDue: IsoDate,
  nextCheckIn: CheckInDueView,
  canEdit: Type.Boolean({ description: 'Whether you lead either school (and so may change the engagement)' }),
});

const ImpactRow = Type.Object({
  period: Type.String(),
  partner: Type.String({ description: 'The supported school’s value, formatted' }),
  supporter: Type.String({ description: 'The supporting school’s value, formatted' }),
  peers: Type.String({
    description: 'The mean of similar schools not in support, formatted; a dash when too few to show',
  }),
  peersMargin: nullable(
    Type.String({
      description: 'The 95% margin of the peers’ mean, formatted as a difference (percentage points for a rate)',
    }),
  ),
  peersCount: Type.Integer(),
  partnerValue: nullable(Type.Number()),
  supporterValue: nullable(Type.Number()),
  peersValue: nullable(Type.Number()),
});

const ImpactMeasure = Type.Object({
  indicator: Type.Object({
    code: Type.String(),
    name: Type.String(),
    direction: Type.String(),
    unit: Type.String(),
    grades: Type.Array(Type.String(), { description: 'A graded indicator’s grade names, best first' }),
    source: nullable(Type.String({ description: 'Where the figures come from' })),
  }),
  baseline: Type.Object({ period: nullable(Type.String()), value: nullable(Type.Number()), display: Type.String() }),
  target: Type.Object({ value: nullable(Type.Number()), display: Type.String() }),
  change: nullable(
    Type.Object(
      {
        since: Type.String({ description: 'The baseline period' }),
        to: Type.String({ description: 'The period of the latest value' }),
        moved: Type.String({ description: 'rose, fell or stayed the same' }),
        meaning: nullable(Type.String({ description: 'improved or worsened, by the indicator’s direction' })),
        text: Type.String(),
      },
      { description: 'The supported school’s change from its baseline to its latest value' },
    ),
  ),
  rows: Type.Array(ImpactRow),
  minCohort: Type.Integer({ description: 'The fewest similar schools whose mean is shown' }),
  thinComparison: Type.Boolean({ description: 'Some period had too few similar schools to show their mean' }),
  smallComparison: Type.Boolean({ description: 'Some period compares with fewer than ten schools' }),
});

/** Impact, read as contribution: each measure beside similar schools and the supporter’s own trend. */
export const ImpactView = Type.Object({
  engagement: EngagementView,
  measures: Type.Array(ImpactMeasure),
});
