import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { LandscapeService } from '../landscape.service.js';

/** Ending a sharing agreement (starting one is a form of the organisation's page). */
export function registerSharingPages(app: FastifyInstance, landscape: LandscapeService) {
  app.post<IdRoute>('/sharing-agreements/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const organisationId = await landscape.endSharingAgreement(request.actor, request.params.id);
    return reply.redirect(`/organisations/${organisationId}?notice=sharing-ended#sharing`, 303);
  });
}
