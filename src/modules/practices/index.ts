import { defineModule } from '../definition.js';
import { learningSection } from './practices.health.js';
import { PRACTICES_HOME_CARDS } from './practices.home.js';
import { practicesNotifications, TRIAL_REVIEWS_QUEUE, trialReviewsJob } from './practices.notifications.js';
import { registerPracticesRoutes } from './practices.routes.js';
import { registerSpreadRoutes } from './practices.spread.routes.js';
import { createPracticesService, type PracticesService } from './practices.service.js';

/** The practice library: practices, their adoptions across schools, and trials judged at review. */
export { type PracticesService } from './practices.service.js';
/** A trial's review date: six months after its start unless chosen otherwise. */
export { reviewDateFor } from './practices.domain.js';

declare module '../definition.js' {
  interface ServiceMap {
    practices: PracticesService;
  }
}

/** The practice library: practice shared fast, taken up with adaptation, and tried honestly before it is judged. */
export const practicesModule = defineModule({
  name: 'practices',
  needs: ['landscape', 'indicators', 'engagements', 'enquiries', 'audit'],
  createService: ({ db, services }) =>
    createPracticesService({
      db,
      landscape: services.landscape,
      indicators: services.indicators,
      engagements: services.engagements,
      enquiries: services.enquiries,
      audit: services.audit,
    }),
  routes: (app, services) => {
    registerPracticesRoutes(app, services.practices);
    registerSpreadRoutes(app, services);
  },
  navigation: [{ text: 'Practice', href: '/practices', order: 82 }],
  homeCards: PRACTICES_HOME_CARDS,
  notifications: practicesNotifications,
  jobs: { [TRIAL_REVIEWS_QUEUE]: trialReviewsJob },
  health: [learningSection],
});
