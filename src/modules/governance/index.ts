import { defineModule } from '../definition.js';
import { DECISIONS_HOME_CARDS, decisionsJobs, decisionsNotifications } from './decisions/decisions.module.js';
import { registerDecisionsRoutes } from './decisions/decisions.routes.js';
import { FORUMS_HOME_CARDS, forumsJobs, forumsNotifications } from './forums/forums.module.js';
import { registerForumsRoutes } from './forums/forums.routes.js';
import { outcomesSection } from './governance.health.js';
import { createGovernanceService, type GovernanceService } from './governance.service.js';
import { OUTCOMES_HOME_CARDS, outcomesJobs, outcomesNotifications } from './outcomes/outcomes.module.js';
import { registerOutcomesRoutes } from './outcomes/outcomes.routes.js';

export { type GovernanceService } from './governance.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    governance: GovernanceService;
  }
}

/** Governing together: shared outcomes, forums, decisions reviewed against the figures, and escalation. */
export const governanceModule = defineModule({
  name: 'governance',
  needs: ['audit', 'landscape', 'indicators', 'engagements', 'practices', 'system-issues', 'notifications'],
  createService: ({ db, services }) =>
    createGovernanceService({
      db,
      audit: services.audit,
      landscape: services.landscape,
      indicators: services.indicators,
      engagements: services.engagements,
      practices: services.practices,
      systemIssues: services['system-issues'],
    }),
  routes: (app, { governance }) => {
    registerOutcomesRoutes(app, governance);
    registerForumsRoutes(app, governance);
    registerDecisionsRoutes(app, governance);
  },
  navigation: [{ text: 'Governance', href: '/governance', order: 78 }],
  homeCards: [...OUTCOMES_HOME_CARDS, ...FORUMS_HOME_CARDS, ...DECISIONS_HOME_CARDS],
  notifications: { ...outcomesNotifications, ...forumsNotifications, ...decisionsNotifications },
  jobs: { ...outcomesJobs, ...forumsJobs, ...decisionsJobs },
  health: [outcomesSection],
});
