import { defineModule } from '../definition.js';
import { PLANS_HOME_CARDS } from './plans.home.js';
import { plansNotifications } from './plans.notifications.js';
import { registerPlansRoutes } from './plans.routes.js';
import { createPlansService, type PlansService } from './plans.service.js';

/** Development plans whose actions can be real system work, read through the development record's one rule. */
export { type PlansService } from './plans.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    plans: PlansService;
  }
}

/** Each leader's development plans: goals on framework components, actions (some of them real system work), reviews. */
export const plansModule = defineModule({
  name: 'plans',
  needs: ['audit', 'development', 'landscape', 'engagements', 'enquiries'],
  createService: ({ db, services }) =>
    createPlansService({
      db,
      audit: services.audit,
      development: services.development,
      landscape: services.landscape,
      engagements: services.engagements,
      enquiries: services.enquiries,
    }),
  routes: (app, { plans }) => registerPlansRoutes(app, plans),
  navigation: [{ text: 'Plans', href: '/plans', order: 94 }],
  homeCards: PLANS_HOME_CARDS,
  notifications: plansNotifications,
  personalData: (services, userId) => services.plans.personalData(userId),
});
