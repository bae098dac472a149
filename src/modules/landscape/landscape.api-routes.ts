import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import {
  LandscapeReportQuery,
  LandscapeReportView,
  SharingAgreementCreate,
  SharingAgreementView,
  schemaOf,
} from './landscape.schemas.js';
import type { ReportDimension } from './landscape.report.js';
import type { LandscapeService } from './landscape.service.js';
import { registerMembershipRoutes } from './memberships/memberships.routes.js';
import { registerOrganisationsApi } from './organisations/organisations.api.js';
import { registerPeopleApi } from './people/people.api.js';
import { registerRelationshipsApi } from './relationships/relationships.api.js';

/** The JSON API of the landscape under /api/v1. */
export function registerLandscapeApi(fastify: FastifyInstance, landscape: LandscapeService) {
  const app = fastify;
  registerMembershipRoutes(app, landscape);
  registerOrganisationsApi(app, landscape);
  registerPeopleApi(app, landscape);
  registerRelationshipsApi(app, landscape);

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
}
