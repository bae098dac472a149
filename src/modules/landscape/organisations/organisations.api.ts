import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, PageOf, type IdRoute } from '../../../platform/http/api-schemas.js';
import { schemaOf } from '../landscape.schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import {
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationUpdate,
  OrganisationView,
} from './organisations.schemas.js';

/** The JSON API of organisations under /api/v1. */
export function registerOrganisationsApi(app: FastifyInstance, landscape: LandscapeService) {
  app.get<{ Querystring: Static<typeof OrganisationListQuery> }>(
    '/api/v1/organisations',
    {
      schema: schemaOf('organisations', 'List organisations', {
        querystring: OrganisationListQuery,
        ok: PageOf(OrganisationView),
      }),
    },
    (request) => landscape.listOrganisations(request.actor, request.query),
  );
  app.post<{ Body: Static<typeof OrganisationCreate> }>(
    '/api/v1/organisations',
    {
      schema: schemaOf('organisations', 'Create an organisation', {
        body: OrganisationCreate,
        ok: OrganisationView,
        status: 201,
      }),
    },
    async (request, reply) => reply.code(201).send(await landscape.createOrganisation(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/organisations/:id',
    { schema: schemaOf('organisations', 'Get an organisation', { params: IdParams, ok: OrganisationView }) },
    (request) => landscape.getOrganisation(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof OrganisationUpdate> }>(
    '/api/v1/organisations/:id',
    {
      schema: schemaOf('organisations', 'Change an organisation', {
        params: IdParams,
        body: OrganisationUpdate,
        ok: OrganisationView,
      }),
    },
    (request) => landscape.updateOrganisation(request.actor, request.params.id, request.body),
  );
}
