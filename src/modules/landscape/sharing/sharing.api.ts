import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import { SharingAgreementCreate, SharingAgreementView } from './sharing.schemas.js';

/** The JSON API of sharing agreements under /api/v1. */
export function registerSharingApi(app: FastifyInstance, landscape: LandscapeService) {
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
}
