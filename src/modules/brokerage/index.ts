import { defineModule } from '../definition.js';
import { helpHealth } from './brokerage.health.js';
import { BROKERAGE_HOME_CARDS } from './brokerage.home.js';
import { brokerageNotifications } from './brokerage.notifications.js';
import { registerBrokerageRoutes } from './brokerage.routes.js';
import { createBrokerageService, type BrokerageService } from './brokerage.service.js';

/** Brokering support: needs and offers by area, explained matches, and support requests that come only on invitation. */
export { type BrokerageService, type MatchList } from './brokerage.service.js';
/** The areas of needs and offers, and the reasons a match is weighed on. */
export { AREAS, DEFAULT_WEIGHTS, FACTORS, FACTOR_LABELS, areaOf, type Weights } from './brokerage.domain.js';
/** Whether a result moved the wrong way since the one before. */
export { isFalling } from './brokerage.match.js';

declare module '../definition.js' {
  interface ServiceMap {
    brokerage: BrokerageService;
  }
}

/** Brokering support: needs, offers, explained matches and requests on invitation. */
export const brokerageModule = defineModule({
  name: 'brokerage',
  needs: ['landscape', 'indicators', 'audit'],
  createService: ({ db, services }) =>
    createBrokerageService({
      db,
      landscape: services.landscape,
      indicators: services.indicators,
      audit: services.audit,
    }),
  routes: (app, { brokerage, landscape }) => registerBrokerageRoutes(app, brokerage, landscape),
  navigation: [{ text: 'Support', href: '/support', order: 80 }],
  homeCards: BROKERAGE_HOME_CARDS,
  notifications: brokerageNotifications,
  health: [helpHealth],
});
