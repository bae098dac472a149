import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Judgement = nullable(Type.String({ description: 'keep, adapt or stop at review; null while the trial runs' }));

/** The query of a partnership's spread page. */
export const PartnershipSpreadQuery = Type.Object(
  { partnership: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, title: 'Partnership' })) },
  { additionalProperties: false },
);

const ReachRowView = Type.Object({
  key: Type.String({ description: 'The wider system, or the id of the local authority or trust; none for none' }),
  label: Type.String(),
  count: Type.Integer({ minimum: 0, description: 'Distinct adopting organisations' }),
});

/** A practice's spread: the adoption tree, its speed and reach, and how the schools' trials came out. */
export const SpreadView = Type.Object({
  practice: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    organisationId: Type.Integer({ description: 'The school that wrote the practice up: the root of the tree' }),
    organisationName: Type.String(),
    createdOn: IsoDate,
  }),
  tree: Type.Array(
    Type.Object({
      adoptionId: Type.Integer(),
      parentAdoptionId: nullable(
        Type.Integer({ description: 'The adoption this one hangs under; null under the owning school' }),
      ),
      parentName: Type.String({ description: 'The school it hangs under' }),
      depth: Type.Integer({ minimum: 1, description: '1 under the owning school, 2 under one of its adopters…' }),
      daysFromParent: Type.Integer({
        description: 'Days from the parent’s adoption, or from the practice’s writing up under the owner',
      }),
      organisationId: Type.Integer(),
      organisationName: Type.String(),
      fromOrganisationId: nullable(Type.Integer({ description: 'The school it was taken from; null: the library' })),
      fromOrganisationName: nullable(Type.String()),
      startedOn: IsoDate,
      adapted: Type.Array(Type.String(), { description: 'What the school changed' }),
      adaptation: Type.String(),
      judgement: Judgement,
      judgedOn: nullable(IsoDate),
    }),
    { description: 'Each adoption after the one it hangs under, as the page lists them' },
  ),
  speed: Type.Object({
    gaps: Type.Array(
      Type.Object({
        fromAdoptionId: Type.Integer(),
        toAdoptionId: Type.Integer(),
        fromName: Type.String(),
        toName: Type.String(),
        days: Type.Integer(),
      }),
      { description: 'Days from each adoption to the next, in date order' },
    ),
    medianGap: nullable(Type.Number({ description: 'Median days between adoptions; null with fewer than two' })),
    medianAlongTree: nullable(
      Type.Number({ description: 'Median days from an adoption’s parent to it; null with none' }),
    ),
  }),
  reach: Type.Object({
    total: Type.Integer({ minimum: 0, description: 'Distinct adopting organisations' }),
    bySystem: Type.Array(ReachRowView, { description: 'Every wider system: education, public services, community' }),
    byLocalAuthority: Type.Array(ReachRowView),
    byTrust: Type.Array(ReachRowView),
  }),
  trials: Type.Object({
    keep: Type.Integer({ minimum: 0 }),
    adapt: Type.Integer({ minimum: 0 }),
    stop: Type.Integer({ minimum: 0 }),
    running: Type.Integer({ minimum: 0, description: 'Trials not yet judged' }),
  }),
  schools: Type.Array(
    Type.Object({
      id: Type.Integer(),
      key: Type.String({ description: 'urn:<URN>, la:<LA code>, uid:<GIAS group UID> or id:<Syslead id>' }),
      name: Type.String(),
      kind: Type.String(),
      widerSystem: Type.String(),
      localAuthorityName: nullable(Type.String()),
      trustName: nullable(Type.String()),
      latitude: nullable(Type.Number()),
      longitude: nullable(Type.Number()),
    }),
    { description: 'The owning school and every adopter' },
  ),
});
