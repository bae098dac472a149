import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import { AppError } from '../../../platform/http/errors.js';
import { asFormProblem, formErrorContext, parseForm } from '../../../platform/http/validate.js';
import { formatDate } from '../../../platform/http/views.js';
import { items, LABELS, typeLabels, vocabulary } from '../landscape.pages.js';
import type { LandscapeService } from '../landscape.service.js';
import { RelationshipTypeSchema, RelationshipUpdate } from './relationships.schemas.js';

/** Where to return after changing a relationship: the end the user came from, else its first end. */
function backTo(source: unknown, relationship: { fromOrganisationId: number; toOrganisationId: number }): number {
  const back = Number((source as Record<string, unknown>)?.back);
  return back === relationship.toOrganisationId ? back : relationship.fromOrganisationId;
}

/** The pages that add, change and end a relationship, each returning to the organisation it started from. */
export function registerRelationshipPages(app: FastifyInstance, landscape: LandscapeService) {
  // Adding a relationship is two steps that work without JavaScript: find the other organisation, then describe the tie.
  app.get<IdRoute>('/organisations/:id/relationships/new', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(organisation.id))
      throw new AppError('forbidden', 'Only a leader of this organisation or an administrator can add its ties');
    const query = request.query as Record<string, string | undefined>;
    const q = (query.q ?? '').trim().slice(0, 200);
    const otherId = Number(query.otherId);
    if (Number.isInteger(otherId) && otherId > 0) {
      const other = await landscape.getOrganisation(request.actor, otherId);
      return reply.page(
        'landscape/relationships/views/relationship-form.njk',
        relationshipFormContext(organisation, other, { direction: 'outward', type: 'partnership' }),
      );
    }
    const matches = q
      ? (await landscape.listOrganisations(request.actor, { q, perPage: 20 })).items.filter(
          (o) => o.id !== organisation.id,
        )
      : [];
    return reply.page('landscape/relationships/views/relationship-find.njk', {
      title: `Add a relationship for ${organisation.name}`,
      organisation,
      q,
      matches,
      searched: q !== '',
      ...vocabulary,
    });
  });

  function relationshipFormContext(
    organisation: { id: number; name: string },
    other: { id: number; name: string },
    values: Record<string, unknown>,
  ) {
    return {
      title: `Add a relationship for ${organisation.name}`,
      organisation,
      other,
      values,
      typeItems: items(typeLabels, values.type),
      ...vocabulary,
    };
  }

  app.post<IdRoute>('/organisations/:id/relationships', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = Type.Object({
      type: RelationshipTypeSchema,
      otherId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
      direction: Type.Union([Type.Literal('outward'), Type.Literal('inward')]),
      startDate: Type.Optional(Type.String({ format: 'date' })),
      endDate: Type.Optional(Type.String({ format: 'date' })),
      note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    });
    try {
      const input = parseForm(form, body, { labels: LABELS });
      const [from, to] =
        input.direction === 'outward' ? [organisation.id, input.otherId] : [input.otherId, organisation.id];
      if (input.type === 'membership') {
        const result = await landscape.requestMembership(request.actor, {
          memberId: from,
          partnershipId: to,
          startDate: input.startDate,
          endDate: input.endDate,
          note: input.note,
        });
        return reply.redirect(
          `/organisations/${organisation.id}?notice=${'requestId' in result ? 'membership-requested#memberships' : 'relationship-added#relationships'}`,
          303,
        );
      }
      await landscape.createRelationship(request.actor, {
        type: input.type,
        fromOrganisationId: from,
        toOrganisationId: to,
        startDate: input.startDate,
        endDate: input.endDate,
        note: input.note,
      });
      return reply.redirect(`/organisations/${organisation.id}?notice=relationship-added#relationships`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const other = await landscape.getOrganisation(request.actor, Number(body.otherId)).catch(() => undefined);
      if (!other) throw invalid;
      return reply.page(
        'landscape/relationships/views/relationship-form.njk',
        { ...relationshipFormContext(organisation, other, body), ...formErrorContext(invalid, request) },
        400,
      );
    }
  });

  /** The tie a form changes or ends, for a leader of either side or an administrator (the service checks again). */
  async function tieToChange(request: FastifyRequest<IdRoute>, verb: 'change' | 'end') {
    const relationship = await landscape.getRelationship(request.actor, request.params.id);
    if (
      !landscape.permissions(request.actor).canEditTie(relationship.fromOrganisationId, relationship.toOrganisationId)
    )
      throw new AppError(
        'forbidden',
        `Only a leader of one of the two organisations or an administrator can ${verb} this tie`,
      );
    return relationship;
  }

  app.get<IdRoute>('/relationships/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await tieToChange(request, 'change');
    const back = backTo(request.query, relationship);
    return reply.page('landscape/relationships/views/relationship-edit.njk', {
      title: 'Change a relationship',
      relationship,
      back,
      values: relationship,
      typeItems: items(typeLabels, relationship.type),
      ...vocabulary,
    });
  });

  app.post<IdRoute>('/relationships/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.getRelationship(request.actor, request.params.id);
    const back = backTo(request.body, relationship);
    const { back: _back, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    try {
      await landscape.updateRelationship(
        request.actor,
        relationship.id,
        parseForm(RelationshipUpdate, fields, { emptyAsNull: true, labels: LABELS }),
      );
      return reply.redirect(`/organisations/${back}?notice=relationship-changed#relationships`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'landscape/relationships/views/relationship-edit.njk',
        {
          title: 'Change a relationship',
          relationship,
          back,
          values: fields,
          typeItems: items(typeLabels, fields.type),
          ...vocabulary,
          ...formErrorContext(invalid, request),
        },
        400,
      );
    }
  });

  app.get<IdRoute>('/relationships/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await tieToChange(request, 'end');
    const back = backTo(request.query, relationship);
    const { fromOrganisationName: from, toOrganisationName: to } = relationship;
    const membership = relationship.type === 'membership';
    return reply.page('confirm.njk', {
      title: 'End this relationship today?',
      caption: typeLabels[relationship.type] ?? relationship.type,
      facts: [
        { label: 'Between', text: `${from} and ${to}` },
        ...(relationship.startDate ? [{ label: 'Since', text: formatDate(relationship.startDate) }] : []),
        ...(relationship.note ? [{ label: 'Note', text: relationship.note }] : []),
      ],
      warning: `The tie between ${from} and ${to} ends today. It stays in the record as a past tie.`,
      consequences: [
        'From tomorrow it is no longer drawn in the network or counted among the ties in force.',
        ...(membership
          ? [
              `${from} stops being a member of ${to}: its staff no longer see what ${to} shares with its members, and it leaves ${to}’s group results.`,
              `Joining again later needs a leader of each side to agree.`,
            ]
          : []),
      ],
      told: 'No one is sent a message: the leaders of both organisations see the tie as ended on their pages.',
      undo: 'the next page has an Undo button that restores the tie as it was, for 24 hours.',
      action: `/relationships/${relationship.id}/end`,
      fields: { back },
      button: 'Yes, end the relationship',
      cancel: `/organisations/${back}#relationships`,
    });
  });

  app.post<IdRoute>('/relationships/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.endRelationship(request.actor, request.params.id);
    return reply.redirect(
      `/organisations/${backTo(request.body, relationship)}?notice=relationship-ended&undo=${relationship.id}#relationships`,
      303,
    );
  });

  app.post<IdRoute>('/relationships/:id/restore', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.restoreRelationship(request.actor, request.params.id);
    return reply.redirect(
      `/organisations/${backTo(request.body, relationship)}?notice=relationship-restored#relationships`,
      303,
    );
  });
}
