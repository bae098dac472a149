import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../platform/http/api-schemas.js';
import { AuditPageView } from './audit.schemas.js';
import { auditCsv, type AuditService } from './audit.service.js';

const PER_PAGE = 100;

/** The audit trail's page, its CSV export and its API. */
export function registerAuditRoutes(app: FastifyInstance, audit: AuditService) {
  app.get('/audit', async (request, reply) => {
    const page = Math.max(1, Math.min(100000, Number((request.query as Record<string, string>).page) || 1));
    const entries = await audit.list(request.actor, { limit: PER_PAGE + 1, offset: (page - 1) * PER_PAGE });
    return reply.page('audit/views/audit.njk', {
      title: 'Audit trail',
      entries: entries.slice(0, PER_PAGE),
      page,
      more: entries.length > PER_PAGE,
    });
  });

  app.get('/audit.csv', async (request, reply) => {
    const entries = await audit.list(request.actor, { limit: null });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="syslead-audit.csv"')
      .send(auditCsv(entries));
  });

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit entries you may read, newest first (100 a page)',
        response: { 200: AuditPageView, ...errorResponses },
      },
    },
    async (request) => {
      const page = Math.max(1, Math.min(100000, Number((request.query as Record<string, string>).page) || 1));
      return { items: await audit.list(request.actor, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE }), page };
    },
  );
}
