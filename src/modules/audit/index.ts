import { defineModule } from '../definition.js';
import { createAuditService, type AuditService } from './audit.service.js';
import { registerAuditRoutes } from './audit.routes.js';

/** The audit trail: who changed or read what, when and from where. */
export { auditCsv, undoButton, UNDO_HOURS, type AuditService, type AuditEvent } from './audit.service.js';
export { handleOnce, relayOutbox, type OutboxEvent } from './audit.outbox.js';

declare module '../definition.js' {
  interface ServiceMap {
    audit: AuditService;
  }
}

/** The audit trail: written by every module's writes, read by administrators and leaders. */
export const auditModule = defineModule({
  name: 'audit',
  needs: [],
  createService: ({ db, jobs }) => createAuditService({ db, onEvents: () => jobs.eventsWaiting() }),
  routes: (app, { audit }) => registerAuditRoutes(app, audit),
  navigation: [{ text: 'Audit', href: '/audit', order: 90, adminOnly: true }],
});
