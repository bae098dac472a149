import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, PageOf, type IdRoute } from '../../../platform/http/api-schemas.js';
import { schemaOf } from '../landscape.schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import {
  RelationshipCreate,
  RelationshipListQuery,
  RelationshipUpdate,
  RelationshipView,
} from './relationships.schemas.js';

/** The JSON API of relationships (ties between organisations) under /api/v1. */
export function registerRelationshipsApi(app: FastifyInstance, landscape: LandscapeService) {
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
