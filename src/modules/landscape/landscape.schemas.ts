import { Type, type TSchema } from '@sinclair/typebox';
import { errorResponses } from '../../platform/http/api-schemas.js';

export const literalUnion = (values: readonly string[], options: object = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IsoDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** The OpenAPI description of a route: its tag, summary, parts and answers. */
export function schemaOf(
  tag: string,
  summary: string,
  parts: { params?: TSchema; querystring?: TSchema; body?: TSchema; ok: TSchema; status?: 200 | 201 },
) {
  return {
    tags: [tag],
    summary,
    ...(parts.params ? { params: parts.params } : {}),
    ...(parts.querystring ? { querystring: parts.querystring } : {}),
    ...(parts.body ? { body: parts.body } : {}),
    response: { [parts.status ?? 200]: parts.ok, ...errorResponses },
  };
}

export const LandscapeReportQuery = Type.Object(
  {
    by: Type.Union(
      ['role', 'origin', 'category', 'phase', 'la'].map((v) => Type.Literal(v)),
      { default: 'role' },
    ),
    scope: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'Key of an LA (code), school (URN), trust or federation (GIAS UID or ID)',
      }),
    ),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const LandscapeReportView = Type.Object({
  by: Type.String(),
  asOf: Type.String(),
  scope: nullable(Type.Object({ ref: Type.String(), name: Type.String() })),
  rows: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      origin: Type.Optional(Type.String()),
      count: Type.Integer(),
      percent: Type.Number(),
      schools: Type.Optional(Type.Integer()),
      schoolsWithLeaders: Type.Optional(Type.Integer()),
      schoolsWithLeadersPercent: Type.Optional(Type.Number()),
    }),
  ),
  total: Type.Integer(),
});
