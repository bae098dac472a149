import { defineModule } from '../definition.js';
import { MENTORING_HOME_CARDS } from './mentoring.home.js';
import { mentoringNotifications } from './mentoring.notifications.js';
import { registerMentoringRoutes } from './mentoring.routes.js';
import { createMentoringService, type MentoringService } from './mentoring.service.js';

/** Mentoring between system leaders: offers to mentor, suggestions from the network, relations and their notes. */
export { type MentoringService } from './mentoring.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    mentoring: MentoringService;
  }
}

/** Mentor–mentee relations with a lifecycle, suggested from the network, with meeting notes only the two read. */
export const mentoringModule = defineModule({
  name: 'mentoring',
  needs: ['audit', 'development'],
  createService: ({ db, services }) =>
    createMentoringService({ db, audit: services.audit, development: services.development }),
  routes: (app, { mentoring }) => registerMentoringRoutes(app, mentoring),
  navigation: [{ text: 'Mentoring', href: '/mentoring', order: 93 }],
  homeCards: MENTORING_HOME_CARDS,
  notifications: mentoringNotifications,
  personalData: (services, userId) => services.mentoring.personalData(userId),
});
