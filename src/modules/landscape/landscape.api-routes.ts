import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, PageOf, type IdRoute } from '../../platform/http/api-schemas.js';
import {
  LandscapeReportQuery,
  LandscapeReportView,
  RelationshipCreate,
  RelationshipListQuery,
  RelationshipUpdate,
  RelationshipView,
  SharingAgreementCreate,
  SharingAgreementView,
  schemaOf,
} from './landscape.schemas.js';
import type { ReportDimension } from './landscape.report.js';
import type { LandscapeService } from './landscape.service.js';
import { registerMembershipRoutes } from './memberships/memberships.routes.js';
import { registerOrganisationsApi } from './organisations/organisations.api.js';
import { registerPeopleApi } from './people/people.api.js';

/** The JSON API of the landscape under /api/v1. */
export function registerLandscapeApi(fastify: FastifyInstance, landscape: LandscapeService) {
  const app = fastify;
  registerMembershipRoutes(app, landscape);
  registerOrganisationsApi(app, landscape);
  registerPeopleApi(app, landscape);

  app.get<IdRoute>(
    '/api/v1/organisations/:id/sharing-agreements',
    {
      schema: {
        tags: ['organisations'],
        summary: 'What the organisation shares with partnerships (its leaders)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(SharingAgreementView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await landscape.listSharingAgreements(request.actor, request.params.id) }),
  );
  app.post<IdRoute & { Body: Static<typeof SharingAgreementCreate> }>(
    '/api/v1/organisations/:id/sharing-agreements',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Share something with a partnership (leaders of the organisation)',
        params: IdParams,
        body: SharingAgreementCreate,
        response: { 201: Type.Object({ id: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        id: await landscape.createSharingAgreement(request.actor, {
          ...request.body,
          organisationId: request.params.id,
        }),
      }),
  );
  app.post<IdRoute>(
    '/api/v1/sharing-agreements/:id/end',
    {
      schema: {
        tags: ['organisations'],
        summary: 'End a sharing agreement today',
        params: IdParams,
        response: {
          200: Type.Object({ organisationId: Type.Integer({ description: 'The organisation that shared' }) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ organisationId: await landscape.endSharingAgreement(request.actor, request.params.id) }),
  );

  app.get<{ Querystring: Static<typeof LandscapeReportQuery> }>(
    '/api/v1/landscape',
    {
      schema: schemaOf('roles', 'The extent of system leadership by role, origin, category, phase or local authority', {
        querystring: LandscapeReportQuery,
        ok: LandscapeReportView,
      }),
    },
    (request) =>
      landscape.landscapeReport(request.actor, { ...request.query, by: request.query.by as ReportDimension }),
  );

  app.get<{ Querystring: Static<typeof RelationshipListQuery> }>(
    '/api/v1/relationships',
    {
      schema: schemaOf('relationships', 'List relationships', {
        querystring: RelationshipListQuery,
        ok: PageOf(RelationshipView),
      }),
    },
    (request) => landscape.listRelationships(request.actor, request.query),
  );
  app.post<{ Body: Static<typeof RelationshipCreate> }>(
    '/api/v1/relationships',
    {
      schema: schemaOf('relationships', 'Add a relationship', {
        body: RelationshipCreate,
        ok: RelationshipView,
        status: 201,
      }),
    },
    async (request, reply) => reply.code(201).send(await landscape.createRelationship(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/relationships/:id',
    { schema: schemaOf('relationships', 'Get a relationship', { params: IdParams, ok: RelationshipView }) },
    (request) => landscape.getRelationship(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof RelationshipUpdate> }>(
    '/api/v1/relationships/:id',
    {
      schema: schemaOf('relationships', 'Change or end a relationship', {
        params: IdParams,
        body: RelationshipUpdate,
        ok: RelationshipView,
      }),
    },
    (request) => landscape.updateRelationship(request.actor, request.params.id, request.body),
  );
}
