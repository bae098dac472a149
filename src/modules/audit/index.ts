/** The audit trail: who changed or read what, when and from where. */
export { createAuditService, auditCsv, type AuditService, type AuditEvent } from './audit.service.js';
/** Registers the audit trail's page, CSV export and API. */
export { registerAuditRoutes } from './audit.routes.js';
