import { Type } from '@sinclair/typebox';
import { IsoDate, nullable } from '../landscape.schemas.js';

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
