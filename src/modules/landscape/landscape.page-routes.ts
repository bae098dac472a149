import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { AppError } from '../../platform/http/errors.js';
import { asValidationError, formErrorContext, parseForm, parseQueryLeniently } from '../../platform/http/validate.js';
import { todayIso } from './landscape.domain.js';
import { items, LABELS, noticeOf, pagination, typeLabels, vocabulary } from './landscape.pages.js';
import {
  PersonCreate,
  PersonListQuery,
  PersonUpdate,
  RelationshipUpdate,
  RelationshipTypeSchema,
} from './landscape.schemas.js';
import type { AccountsService } from '../accounts/index.js';
import { staffOrganisations } from './landscape.policy.js';
import type { LandscapeService } from './landscape.service.js';
import { registerOrganisationPages } from './organisations/organisations.pages.js';

/** Whether the actor leads any organisation (or administers Syslead), so may start adding people or roles. */
function canAddPeople(actor: Actor | undefined): boolean {
  return Boolean(
    actor && (actor.isAdmin || actor.memberships.some((m) => m.role === 'leader' || m.role === 'coordinator')),
  );
}

/** The landscape's HTML pages: organisations, people, roles and relationships. */
export function registerLandscapePages(
  fastify: FastifyInstance,
  landscape: LandscapeService,
  accounts: AccountsService,
) {
  const app = fastify;
  registerOrganisationPages(app, landscape, accounts);

  app.get('/', async (request, reply) => {
    const actor = request.actor;
    const summary = await landscape.summary(actor);
    // The user's own organisations and the partnerships they belong to, each a step from its results.
    const ownIds = actor ? staffOrganisations(actor) : [];
    const partnershipIds = (await landscape.partnershipsOf(ownIds)).filter((id) => !ownIds.includes(id));
    const named = (ids: number[]) => Promise.all(ids.map((id) => landscape.getOrganisation(actor, id)));
    return reply.page('landscape/views/home.njk', {
      title: 'Home',
      summary,
      own: await named(ownIds),
      partnerships: await named(partnershipIds),
      ...vocabulary,
    });
  });

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
        'landscape/views/relationship-form.njk',
        relationshipFormContext(organisation, other, { direction: 'outward', type: 'partnership' }),
      );
    }
    const matches = q
      ? (await landscape.listOrganisations(request.actor, { q, perPage: 20 })).items.filter(
          (o) => o.id !== organisation.id,
        )
      : [];
    return reply.page('landscape/views/relationship-find.njk', {
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
      const input = parseForm(form, body);
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
      const invalid = asValidationError(error);
      const other = await landscape.getOrganisation(request.actor, Number(body.otherId)).catch(() => undefined);
      if (!other) throw invalid;
      return reply.page(
        'landscape/views/relationship-form.njk',
        { ...relationshipFormContext(organisation, other, body), ...formErrorContext(invalid, LABELS) },
        400,
      );
    }
  });

  app.get<IdRoute>('/relationships/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.getRelationship(request.actor, request.params.id);
    if (
      !landscape.permissions(request.actor).canEditTie(relationship.fromOrganisationId, relationship.toOrganisationId)
    ) {
      throw new AppError(
        'forbidden',
        'Only a leader of one of the two organisations or an administrator can change this tie',
      );
    }
    const back = backTo(request.query, relationship);
    return reply.page('landscape/views/relationship-edit.njk', {
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
        parseForm(RelationshipUpdate, fields, { emptyAsNull: true }),
      );
      return reply.redirect(`/organisations/${back}?notice=relationship-changed#relationships`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      return reply.page(
        'landscape/views/relationship-edit.njk',
        {
          title: 'Change a relationship',
          relationship,
          back,
          values: fields,
          typeItems: items(typeLabels, fields.type),
          ...vocabulary,
          ...formErrorContext(invalid, LABELS),
        },
        400,
      );
    }
  });

  app.post<IdRoute>('/relationships/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.endRelationship(request.actor, request.params.id, todayIso());
    return reply.redirect(
      `/organisations/${backTo(request.body, relationship)}?notice=relationship-ended#relationships`,
      303,
    );
  });

  app.get('/people', async (request, reply) => {
    const filter = parseQueryLeniently<Record<string, unknown>>(PersonListQuery, request.query);
    const result = await landscape.listPeople(request.actor, filter);
    const roles = await landscape.listRoles(request.actor);
    return reply.page('landscape/views/person-list.njk', {
      title: 'People',
      canAddPeople: canAddPeople(request.actor),
      filter,
      result,
      pager: pagination(result.total, result.page, result.perPage),
      roleItems: [
        { value: '', text: 'Any role' },
        ...roles.map((r) => ({ value: r.code, text: r.name, selected: r.code === filter.role })),
      ],
    });
  });

  app.get('/people/new', async (request, reply) => {
    if (!canAddPeople(request.actor))
      throw new AppError('forbidden', 'Only a leader of an organisation or an administrator can add people');
    return reply.page('landscape/views/person-form.njk', {
      title: 'Add a person',
      action: '/people',
      values: request.query,
    });
  });

  app.post('/people', async (request, reply) => {
    try {
      const person = await landscape.createPerson(request.actor, parseForm(PersonCreate, request.body));
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      return reply.page(
        'landscape/views/person-form.njk',
        { title: 'Add a person', action: '/people', values: request.body, ...formErrorContext(invalid, LABELS) },
        400,
      );
    }
  });

  app.get<IdRoute>('/people/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    const assignments = await landscape.listRoleAssignments(request.actor, { personId: person.id, perPage: 200 });
    const canEdit = landscape.permissions(request.actor).canEditOrganisation(person.organisationId);
    return reply.page('landscape/views/person.njk', {
      title: person.name,
      person,
      assignments,
      canEdit,
      notice: noticeOf(request.query),
    });
  });

  app.get<IdRoute>('/people/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(person.organisationId))
      throw new AppError('forbidden', 'Only a leader of their organisation or an administrator can change this person');
    return reply.page('landscape/views/person-form.njk', {
      title: `Change ${person.name}`,
      action: `/people/${person.id}/edit`,
      values: person,
      person,
    });
  });

  app.post<IdRoute>('/people/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    try {
      await landscape.updatePerson(
        request.actor,
        person.id,
        parseForm(PersonUpdate, request.body, { emptyAsNull: true }),
      );
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const context = {
        title: `Change ${person.name}`,
        action: `/people/${person.id}/edit`,
        values: request.body,
        person,
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/person-form.njk', context, 400);
    }
  });

  app.get<IdRoute>('/people/:id/roles/new', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    if (!canAddPeople(request.actor))
      throw new AppError('forbidden', 'Only a leader of an organisation or an administrator can add roles');
    const q = String((request.query as Record<string, unknown>).q ?? '')
      .trim()
      .slice(0, 200);
    return reply.page(
      'landscape/views/role-assignment-form.njk',
      await roleFormContext(request.actor, person, q, { organisationId: person.organisationId }),
    );
  });

  async function roleFormContext(
    actor: Actor | undefined,
    person: { id: number; name: string; organisationId: number | null; organisationName: string | null },
    q: string,
    values: Record<string, unknown>,
  ) {
    const roles = await landscape.listRoles(actor);
    const matches = q ? (await landscape.listOrganisations(actor, { q, perPage: 20 })).items : [];
    const chosen = Number(values.organisationId);
    const organisations = [
      ...(person.organisationId ? [{ id: person.organisationId, name: person.organisationName ?? '' }] : []),
      ...matches.filter((m) => m.id !== person.organisationId).map((m) => ({ id: m.id, name: m.name })),
    ];
    return {
      title: `Add a role for ${person.name}`,
      person,
      q,
      values,
      roleItems: [
        { value: '', text: 'Choose a role' },
        ...roles.map((r) => ({ value: r.code, text: r.name, selected: r.code === values.roleCode })),
      ],
      organisationItems: organisations.map((o) => ({ value: String(o.id), text: o.name, checked: o.id === chosen })),
    };
  }

  app.post<IdRoute>('/people/:id/roles', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = Type.Object({
      roleCode: Type.String({ minLength: 1, maxLength: 100 }),
      organisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
      startDate: Type.Optional(Type.String({ format: 'date' })),
      endDate: Type.Optional(Type.String({ format: 'date' })),
    });
    try {
      const input = parseForm(form, { ...body, q: undefined });
      await landscape.createRoleAssignment(request.actor, { ...input, personId: person.id });
      return reply.redirect(`/people/${person.id}?notice=role-added`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const context = {
        ...(await roleFormContext(request.actor, person, String(body.q ?? ''), body)),
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/role-assignment-form.njk', context, 400);
    }
  });

  app.post<IdRoute>('/role-assignments/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const assignment = await landscape.getRoleAssignment(request.actor, request.params.id);
    const today = todayIso();
    await landscape.updateRoleAssignment(request.actor, assignment.id, {
      endDate: assignment.startDate && assignment.startDate > today ? assignment.startDate : today,
    });
    return reply.redirect(`/people/${assignment.personId}?notice=role-ended`, 303);
  });

  app.post<IdRoute>('/organisations/:id/sharing', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    const form = parseForm(
      Type.Object({
        partnershipId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
        what: Type.String({ maxLength: 40 }),
        detail: Type.Optional(Type.String({ maxLength: 20 })),
      }),
      request.body,
    );
    await landscape.createSharingAgreement(request.actor, { ...form, organisationId: organisation.id });
    return reply.redirect(`/organisations/${organisation.id}?notice=sharing-saved#sharing`, 303);
  });

  app.post<IdRoute>('/sharing-agreements/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const organisationId = await landscape.endSharingAgreement(request.actor, request.params.id);
    return reply.redirect(`/organisations/${organisationId}?notice=sharing-ended#sharing`, 303);
  });

  app.get('/roles', async (request, reply) => {
    const roles = await landscape.listRoles(request.actor);
    const total = roles.reduce((sum, r) => sum + r.currentAssignments, 0);
    return reply.page('landscape/views/roles.njk', { title: 'System-leadership roles', roles, total });
  });
}

/** Where to return after changing a relationship: the end the user came from, else its first end. */
function backTo(source: unknown, relationship: { fromOrganisationId: number; toOrganisationId: number }): number {
  const back = Number((source as Record<string, unknown>)?.back);
  return back === relationship.toOrganisationId ? back : relationship.fromOrganisationId;
}
