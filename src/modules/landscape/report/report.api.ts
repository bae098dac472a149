import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { schemaOf } from '../landscape.schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import type { ReportDimension } from './report.js';
import { LandscapeReportQuery, LandscapeReportView } from './report.schemas.js';

/** The JSON API of the landscape report under /api/v1. */
export function registerReportApi(app: FastifyInstance, landscape: LandscapeService) {
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
