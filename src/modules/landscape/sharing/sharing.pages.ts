import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import { parseForm } from '../../../platform/http/validate.js';
import type { LandscapeService } from '../landscape.service.js';

/** The buttons of an organisation's sharing section: share with a partnership, end an agreement. */
export function registerSharingPages(app: FastifyInstance, landscape: LandscapeService) {
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
}
