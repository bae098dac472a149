import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, PageOf, type IdRoute } from '../../../platform/http/api-schemas.js';
import { schemaOf } from '../landscape.schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import {
  PersonCreate,
  PersonErasedView,
  PersonExportView,
  PersonListQuery,
  PersonUpdate,
  PersonView,
  RoleAssignmentCreate,
  RoleAssignmentListQuery,
  RoleAssignmentUpdate,
  RoleAssignmentView,
  RoleView,
} from './people.schemas.js';

/** The JSON API of people, the role taxonomy and role assignments under /api/v1. */
export function registerPeopleApi(app: FastifyInstance, landscape: LandscapeService) {
  app.get<{ Querystring: Static<typeof PersonListQuery> }>(
    '/api/v1/people',
    { schema: schemaOf('people', 'List people', { querystring: PersonListQuery, ok: PageOf(PersonView) }) },
    (request) => landscape.listPeople(request.actor, request.query),
  );
  app.post<{ Body: Static<typeof PersonCreate> }>(
    '/api/v1/people',
    { schema: schemaOf('people', 'Add a person', { body: PersonCreate, ok: PersonView, status: 201 }) },
    async (request, reply) => reply.code(201).send(await landscape.createPerson(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/people/:id',
    { schema: schemaOf('people', 'Get a person', { params: IdParams, ok: PersonView }) },
    (request) => landscape.getPerson(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof PersonUpdate> }>(
    '/api/v1/people/:id',
    { schema: schemaOf('people', 'Change a person', { params: IdParams, body: PersonUpdate, ok: PersonView }) },
    (request) => landscape.updatePerson(request.actor, request.params.id, request.body),
  );

  app.get<IdRoute>(
    '/api/v1/people/:id/export',
    {
      schema: {
        tags: ['people'],
        summary: 'Everything held about a person (subject access request; administrators)',
        params: IdParams,
        response: { 200: PersonExportView, ...errorResponses },
      },
    },
    (request) => landscape.exportPersonData(request.actor, request.params.id),
  );
  app.post<IdRoute>(
    '/api/v1/people/:id/erase',
    {
      schema: {
        tags: ['people'],
        summary: 'Erase a person and their roles (administrators)',
        params: IdParams,
        response: { 200: PersonErasedView, ...errorResponses },
      },
    },
    (request) => landscape.erasePerson(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/roles',
    {
      schema: schemaOf('roles', 'The system-leadership role taxonomy', {
        ok: Type.Object({ items: Type.Array(RoleView) }),
      }),
    },
    async (request) => ({
      items: await landscape.listRoles(request.actor),
    }),
  );

  app.get<{ Querystring: Static<typeof RoleAssignmentListQuery> }>(
    '/api/v1/role-assignments',
    {
      schema: schemaOf('roles', 'List role assignments', {
        querystring: RoleAssignmentListQuery,
        ok: PageOf(RoleAssignmentView),
      }),
    },
    (request) => landscape.listRoleAssignments(request.actor, request.query),
  );
  app.post<{ Body: Static<typeof RoleAssignmentCreate> }>(
    '/api/v1/role-assignments',
    {
      schema: schemaOf('roles', 'Give a person a role', {
        body: RoleAssignmentCreate,
        ok: RoleAssignmentView,
        status: 201,
      }),
    },
    async (request, reply) => reply.code(201).send(await landscape.createRoleAssignment(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/role-assignments/:id',
    { schema: schemaOf('roles', 'Get a role assignment', { params: IdParams, ok: RoleAssignmentView }) },
    (request) => landscape.getRoleAssignment(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof RoleAssignmentUpdate> }>(
    '/api/v1/role-assignments/:id',
    {
      schema: schemaOf('roles', 'Change or end a role assignment', {
        params: IdParams,
        body: RoleAssignmentUpdate,
        ok: RoleAssignmentView,
      }),
    },
    (request) => landscape.updateRoleAssignment(request.actor, request.params.id, request.body),
  );
}
