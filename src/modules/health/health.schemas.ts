import { Type } from '@sinclair/typebox';
import { IsoDate, nullable } from '../../platform/http/api-schemas.js';

/** A scope in an address: `england`, or the id of a partnership, trust, federation or local authority. */
export const ScopeParams = Type.Object({ scope: Type.String({ pattern: '^(england|[1-9][0-9]{0,8})$' }) });
export const AnnotationParams = Type.Object({
  scope: ScopeParams.properties.scope,
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});

/** Which snapshots the view compares: `on` (the latest by default) against `from` (the one before). */
export const CompareQuery = Type.Object({
  on: Type.Optional(Type.String({ format: 'date', title: 'The later day' })),
  from: Type.Optional(Type.String({ format: 'date', title: 'The earlier day' })),
});

export const AnnotationBody = Type.Object(
  {
    text: Type.String({ maxLength: 500, title: 'What happened' }),
    notedOn: Type.Optional(Type.String({ format: 'date', title: 'The day it happened' })),
  },
  { additionalProperties: false },
);

export const ConfirmBody = Type.Object(
  {
    agreed: Type.Union([Type.Literal('yes'), Type.Literal('no')], { title: 'Whether the stage fits' }),
    note: Type.Optional(Type.String({ maxLength: 500, title: 'Why' })),
  },
  { additionalProperties: false },
);

const Reading = Type.Object({
  value: nullable(Type.Number()),
  detail: Type.Optional(Type.String()),
  organisations: Type.Optional(
    Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), note: Type.Optional(Type.String()) })),
  ),
});

/** A scope's snapshots, each figure's reading as computed on its day, and what each figure means. */
export const SnapshotsView = Type.Object({
  scope: Type.Object({ ref: Type.String(), name: Type.String() }),
  figures: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      definition: Type.String(),
      unit: Type.String({ description: 'share (0 to 1), count, days or per-school' }),
      better: Type.Optional(Type.String({ description: 'higher or lower, where one is better' })),
    }),
  ),
  snapshots: Type.Array(
    Type.Object({
      takenOn: IsoDate,
      takenAt: Type.String({ format: 'date-time' }),
      dataVersion: Type.Integer({ description: 'The version of the data the figures were read at' }),
      maturityStage: Type.Integer({ description: 'The stage of maturity judged from the figures, 0 to 4' }),
      readings: Type.Record(Type.String(), Reading),
    }),
  ),
});
