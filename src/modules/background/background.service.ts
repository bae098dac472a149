import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import type { JobSender } from '../definition.js';

/** What administrators see of the background jobs: those that failed after every attempt, and trying one again. */
export function createBackgroundService({ jobs, audit }: { jobs: JobSender; audit: AuditService }) {
  return {
    async failed(actor: Actor | undefined, limit = 50) {
      requireAdmin(actor, 'see the background jobs');
      return jobs.failed(limit);
    },

    async retry(actor: Actor | undefined, name: string, id: string): Promise<void> {
      requireAdmin(actor, 'retry a background job');
      await jobs.retry(name, id);
      await audit.record(actor, { action: 'retry', entity: 'job', entityId: id, detail: { queue: name } });
    },
  };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;
