import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LandscapeReportQuery, LandscapeReportView, schemaOf } from './landscape.schemas.js';
import type { ReportDimension } from './landscape.report.js';
import type { LandscapeService } from './landscape.service.js';
import { registerMembershipRoutes } from './memberships/memberships.routes.js';
import { registerOrganisationsApi } from './organisations/organisations.api.js';
import { registerPeopleApi } from './people/people.api.js';
import { registerRelationshipsApi } from './relationships/relationships.api.js';
import { registerSharingApi } from './sharing/sharing.api.js';

/** The JSON API of the landscape under /api/v1. */
export function registerLandscapeApi(fastify: FastifyInstance, landscape: LandscapeService) {
  const app = fastify;
  registerMembershipRoutes(app, landscape);
  registerOrganisationsApi(app, landscape);
  registerPeopleApi(app, landscape);
  registerRelationshipsApi(app, landscape);
  registerSharingApi(app, landscape);

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
