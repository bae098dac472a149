import type { FastifyInstance } from 'fastify';
import type { LandscapeService } from './landscape.service.js';
import { registerMembershipRoutes } from './memberships/memberships.routes.js';
import { registerOrganisationsApi } from './organisations/organisations.api.js';
import { registerPeopleApi } from './people/people.api.js';
import { registerReportApi } from './report/report.api.js';
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
  registerReportApi(app, landscape);
}
