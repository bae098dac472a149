import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { requireAdmin } from '../../../platform/http/require-actor.js';
import { AppError } from '../../../platform/http/errors.js';
import { asFormProblem, formErrorContext, parseForm, parseQueryLeniently } from '../../../platform/http/validate.js';
import { formatDate } from '../../../platform/http/views.js';
import { doneOf, LABELS, pagination } from '../landscape.pages.js';
import type { LandscapeService } from '../landscape.service.js';
import { PersonCreate, PersonListQuery, PersonUpdate } from './people.schemas.js';

/** Whether the actor leads any organisation (or administers Syslead), so may start adding people or roles. */
function canAddPeople(actor: Actor | undefined): boolean {
  return Boolean(
    actor && (actor.isAdmin || actor.memberships.some((m) => m.role === 'leader' || m.role === 'coordinator')),
  );
}

/** The pages of people and their roles, and the role taxonomy. */
export function registerPeoplePages(app: FastifyInstance, landscape: LandscapeService) {
  app.get('/people', async (request, reply) => {
    const filter = parseQueryLeniently<Record<string, unknown>>(PersonListQuery, request.query);
    const result = await landscape.listPeople(request.actor, filter);
    const roles = await landscape.listRoles(request.actor);
    return reply.page('landscape/people/views/person-list.njk', {
      title: 'People',
      canAddPeople: canAddPeople(request.actor),
      filter,
      result,
      pager: pagination(result.total, result.page, result.perPage),
      done: doneOf(request.query),
      roleItems: [
        { value: '', text: 'Any role' },
        ...roles.map((r) => ({ value: r.code, text: r.name, selected: r.code === filter.role })),
      ],
    });
  });

  app.get('/people/new', async (request, reply) => {
    if (!canAddPeople(request.actor))
      throw new AppError('forbidden', 'Only a leader of an organisation or an administrator can add people');
    return reply.page('landscape/people/views/person-form.njk', {
      title: 'Add a person',
      action: '/people',
      values: request.query,
    });
  });

  app.post('/people', async (request, reply) => {
    try {
      const person = await landscape.createPerson(
        request.actor,
        parseForm(PersonCreate, request.body, { labels: LABELS }),
      );
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'landscape/people/views/person-form.njk',
        { title: 'Add a person', action: '/people', values: request.body, ...formErrorContext(invalid, request) },
        400,
      );
    }
  });

  app.get<IdRoute>('/people/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    const assignments = await landscape.listRoleAssignments(request.actor, { personId: person.id, perPage: 200 });
    const canEdit = landscape.permissions(request.actor).canEditOrganisation(person.organisationId);
    return reply.page('landscape/people/views/person.njk', {
      title: person.name,
      person,
      assignments,
      canEdit,
      done: doneOf(request.query),
    });
  });

  app.get<IdRoute>('/people/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(person.organisationId))
      throw new AppError('forbidden', 'Only a leader of their organisation or an administrator can change this person');
    return reply.page('landscape/people/views/person-form.njk', {
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
        parseForm(PersonUpdate, request.body, { emptyAsNull: true, labels: LABELS }),
      );
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const context = {
        title: `Change ${person.name}`,
        action: `/people/${person.id}/edit`,
        values: request.body,
        person,
        ...formErrorContext(invalid, request),
      };
      return reply.page('landscape/people/views/person-form.njk', context, 400);
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
      'landscape/people/views/role-assignment-form.njk',
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
      const { q: _q, ...typedIn } = body;
      const input = parseForm(form, typedIn, { labels: LABELS });
      await landscape.createRoleAssignment(request.actor, { ...input, personId: person.id });
      return reply.redirect(`/people/${person.id}?notice=role-added`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const context = {
        ...(await roleFormContext(request.actor, person, String(body.q ?? ''), body)),
        ...formErrorContext(invalid, request),
      };
      return reply.page('landscape/people/views/role-assignment-form.njk', context, 400);
    }
  });

  app.get<IdRoute>('/role-assignments/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const assignment = await landscape.getRoleAssignment(request.actor, request.params.id);
    const person = await landscape.getPerson(request.actor, assignment.personId);
    if (!landscape.permissions(request.actor).canEditOrganisation(person.organisationId))
      throw new AppError(
        'forbidden',
        'Only a leader of the person’s own organisation or an administrator can give or end their roles',
      );
    return reply.page('confirm.njk', {
      title: `End ${person.name}’s role today?`,
      caption: person.name,
      facts: [
        { label: 'Role', text: assignment.roleName },
        { label: 'At', text: assignment.organisationName },
        ...(assignment.startDate ? [{ label: 'Since', text: formatDate(assignment.startDate) }] : []),
      ],
      warning: `${person.name} stops holding the role ${assignment.roleName} at ${assignment.organisationName} today. It stays in the record as a past role.`,
      consequences: ['From tomorrow the landscape’s counts of people in this role no longer include them.'],
      told: 'No one is sent a message.',
      undo: 'the next page has an Undo button that restores the role as it was, for 24 hours.',
      action: `/role-assignments/${assignment.id}/end`,
      button: 'Yes, end the role',
      cancel: `/people/${person.id}`,
    });
  });

  app.post<IdRoute>('/role-assignments/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const assignment = await landscape.endRoleAssignment(request.actor, request.params.id);
    return reply.redirect(`/people/${assignment.personId}?notice=role-ended&undo=${assignment.id}`, 303);
  });

  app.post<IdRoute>('/role-assignments/:id/restore', { schema: { params: IdParams } }, async (request, reply) => {
    const assignment = await landscape.restoreRoleAssignment(request.actor, request.params.id);
    return reply.redirect(`/people/${assignment.personId}?notice=role-restored`, 303);
  });

  app.get<IdRoute>('/people/:id/erase', { schema: { params: IdParams } }, async (request, reply) => {
    requireAdmin(request.actor, 'erase a person');
    const person = await landscape.getPerson(request.actor, request.params.id);
    const roles = await landscape.listRoleAssignments(request.actor, { personId: person.id, perPage: 1 });
    return reply.page('confirm.njk', {
      title: `Erase ${person.name}?`,
      caption: 'Person',
      facts: [
        ...(person.organisationName ? [{ label: 'Organisation', text: person.organisationName }] : []),
        { label: 'Roles, past and current', text: String(roles.total) },
      ],
      warning: `${person.name} and every role they hold or held are deleted for good. This cannot be undone.`,
      consequences: [
        'Counts and reports made from now on no longer include them.',
        'The audit trail keeps that an erasure happened, not what was erased.',
        'If they asked for a copy of what is held about them, export it first (from the API or the command line).',
      ],
      told: 'No one is sent a message: if they asked to be erased, tell them it is done.',
      undo: 'nothing can bring them back, since nothing about them is kept. You would add them again as a new person.',
      action: `/people/${person.id}/erase`,
      button: `Yes, erase ${person.name}`,
      cancel: `/people/${person.id}`,
    });
  });

  app.post<IdRoute>('/people/:id/erase', { schema: { params: IdParams } }, async (request, reply) => {
    await landscape.erasePerson(request.actor, request.params.id);
    return reply.redirect('/people?notice=person-erased', 303);
  });

  app.get('/roles', async (request, reply) => {
    const roles = await landscape.listRoles(request.actor);
    const total = roles.reduce((sum, r) => sum + r.currentAssignments, 0);
    return reply.page('landscape/people/views/roles.njk', { title: 'System-leadership roles', roles, total });
  });
}
