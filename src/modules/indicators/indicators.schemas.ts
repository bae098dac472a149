import { Type } from '@sinclair/typebox';
import { PERIOD_PATTERN } from '../../shared/period.js';
import { DIRECTIONS, ENGLAND_MEANINGS, KINDS, OUTCOMES, UNITS } from './indicators.domain.js';
import { MEMBER_VALUE_SETTINGS } from './indicators.service.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Period = Type.String({
  pattern: PERIOD_PATTERN,
  description: 'An academic year such as 2022/23, or a term such as 2022/23 autumn',
});
const ScopeKey = Type.String({
  minLength: 1,
  maxLength: 2000,
  description:
    '"england", an LA code, a URN, or a trust/federation/network UID or ID; several separated by commas for a custom group',
});

export const IndicatorCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,79}$', description: 'Lower-case letters, digits and hyphens' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    unit: literals(UNITS),
    kind: literals(KINDS),
    direction: literals(DIRECTIONS),
    outcome: Type.Optional(Nullable(literals(OUTCOMES))),
    source: Type.String({ minLength: 1, maxLength: 200 }),
    published: Type.Optional(
      Type.Boolean({
        description:
          'Published data anyone signed in may see; otherwise only the organisation and those it shares indicators with',
      }),
    ),
    grades: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
        maxItems: 20,
        description: 'For graded indicators: the grades, lowest first',
      }),
    ),
  },
  { additionalProperties: false },
);

export const IndicatorView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  kind: Type.String(),
  direction: Type.String(),
  outcome: Nullable(Type.String()),
  source: Type.String(),
  published: Type.Boolean(),
  grades: Type.Array(Type.String()),
});

const England = Type.Optional(
  Type.Union(
    ENGLAND_MEANINGS.map((m) => Type.Literal(m)),
    {
      description:
        'What England means as the group or benchmark: "state-funded" schools, as the Department for Education means it (the default), or "all" schools with results',
    },
  ),
);

export const GroupQuery = Type.Object(
  {
    scope: ScopeKey,
    indicator: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    period: Type.Optional(Period),
    benchmark: Type.Optional(ScopeKey),
    england: England,
  },
  { additionalProperties: false },
);
export const SharedQuery = Type.Object(
  { scope: ScopeKey, period: Type.Optional(Period), benchmark: Type.Optional(ScopeKey), england: England },
  { additionalProperties: false },
);

const Num = Nullable(Type.Number());
const Change = Nullable(
  Type.Object(
    {
      since: Type.String({ description: 'The period the value is compared with' }),
      moved: literals(['rose', 'fell', 'stayed the same']),
      meaning: Nullable(
        Type.String({
          description:
            'improved or worsened, by the indicator’s direction; null when it has no better direction, or nothing changed',
        }),
      ),
      text: Type.String({ description: 'The change in words, by the indicator’s direction' }),
    },
    { description: 'The change since the period before, when there is one' },
  ),
);
const MemberValue = Type.Object({
  organisationId: Type.Integer(),
  name: Type.String(),
  value: Type.Number(),
  display: Type.String(),
  comparison: Type.String(),
  change: Change,
});

export const GroupResultView = Type.Object({
  scope: Type.String(),
  scopeName: Type.String(),
  indicator: Type.String(),
  indicatorName: Type.String(),
  unit: Type.String(),
  period: Type.String(),
  members: Type.Integer({ description: 'Members whose values are counted' }),
  value: Num,
  display: Type.String({ description: 'The value as it reads: a grade by its name, every figure rounded by its unit' }),
  method: Type.String({ description: 'How the value was worked out, with every fallback it needed' }),
  fallbacks: Type.Array(Type.String()),
  change: Change,
  median: Num,
  medianDisplay: Type.String(),
  q1: Num,
  q3: Num,
  spread: Type.String({ description: 'The middle half of members as it reads, from q1 to q3' }),
  withheld: Type.Integer({ description: 'Members whose survey results are withheld (too few respondents)' }),
  notShared: Type.Integer({ description: 'Members whose unpublished values are not shared with you' }),
  benchmark: Num,
  benchmarkDisplay: Nullable(Type.String()),
  benchmarkLabel: Nullable(Type.String()),
  benchmarkMethod: Nullable(Type.String()),
  trend: Type.Array(
    Type.Object({
      period: Type.String(),
      value: Num,
      display: Type.String(),
      members: Type.Integer(),
      benchmark: Num,
      benchmarkDisplay: Type.String(),
    }),
  ),
  own: Type.Array(MemberValue),
  memberValues: Nullable(Type.Array(MemberValue)),
});

const Pattern = Type.Object({
  indicator: Type.String(),
  indicatorName: Type.String(),
  period: Type.String(),
  members: Type.Integer(),
  better: Type.Integer(),
  worse: Type.Integer(),
  names: Nullable(Type.Array(Type.String())),
});
export const SharedView = Type.Object({
  scope: Type.String(),
  benchmark: Nullable(Type.String()),
  strengths: Type.Array(Pattern),
  needs: Type.Array(Pattern),
});

export const OrganisationValueView = Type.Object({
  indicator: Type.String(),
  indicatorName: Type.String(),
  period: Type.String(),
  value: Num,
  display: Type.String(),
  respondents: Nullable(Type.Integer()),
  withheld: Type.Boolean(),
  change: Change,
  observedOn: Nullable(Type.String()),
  source: Type.String(),
  loadedAt: Type.String({ format: 'date-time' }),
});

export const GroupSettingBody = Type.Object(
  { memberValues: literals(MEMBER_VALUE_SETTINGS) },
  { additionalProperties: false },
);
