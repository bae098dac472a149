import { defineModule } from '../definition.js';
import { ENQUIRIES_HOME_CARDS } from './enquiries.home.js';
import { enquiriesNotifications } from './enquiries.notifications.js';
import { registerEnquiriesRoutes } from './enquiries.routes.js';
import { createEnquiriesService, type EnquiriesService } from './enquiries.service.js';

/**
 * Enquiry projects across schools: a question, its schools and people, cycles of what was tried
 * and learnt, and findings. `finding(actor, enquiryId, findingId)` reads one finding for a
 * practice to start from, checking the actor may see the enquiry.
 */
export { type EnquiriesService } from './enquiries.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    enquiries: EnquiriesService;
  }
}

/** Enquiry projects across schools, and the findings they reach. */
export const enquiriesModule = defineModule({
  name: 'enquiries',
  needs: ['landscape', 'audit'],
  createService: ({ db, services }) =>
    createEnquiriesService({ db, landscape: services.landscape, audit: services.audit }),
  routes: (app, { enquiries }) => registerEnquiriesRoutes(app, enquiries),
  navigation: [{ text: 'Enquiries', href: '/enquiries', order: 58 }],
  homeCards: ENQUIRIES_HOME_CARDS,
  notifications: enquiriesNotifications,
});
