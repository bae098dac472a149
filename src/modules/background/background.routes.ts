import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { BackgroundService } from './background.service.js';

const RetryParams = Type.Object({
  queue: Type.String({ pattern: '^[A-Za-z0-9_-]{1,50}$' }),
  id: Type.String({ format: 'uuid' }),
});

/** What each queue does, for the person reading the list. */
const QUEUE_NAMES: Record<string, string> = {
  'imports-run': 'Import of an uploaded file',
  events: 'Delivery of an event',
  'network-national': 'Network figures for England',
};

/** The page of failed background jobs, for administrators. */
export function registerBackgroundRoutes(app: FastifyInstance, background: BackgroundService) {
  app.get('/jobs', async (request, reply) => {
    const failed = await background.failed(request.actor);
    return reply.page('background/views/jobs.njk', {
      title: 'Background jobs',
      failed: failed.map((job) => ({ ...job, what: QUEUE_NAMES[job.name] ?? job.name })),
      retried: (request.query as Record<string, string>).retried === '1',
    });
  });

  app.post<{ Params: Static<typeof RetryParams> }>(
    '/jobs/:queue/:id/retry',
    { schema: { params: RetryParams } },
    async (request, reply) => {
      await background.retry(request.actor, request.params.queue, request.params.id);
      return reply.redirect('/jobs?retried=1', 303);
    },
  );
}
