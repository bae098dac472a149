import type { FastifyInstance } from 'fastify';
import type { GovernanceService } from '../governance.service.js';

export function registerDecisionsRoutes(app: FastifyInstance, governance: GovernanceService): void {
  void app;
  void governance;
}
