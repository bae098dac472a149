import { defineModule } from '../definition.js';
import { SURVEYS_HOME_CARDS } from './surveys.home.js';
import { surveysNotifications } from './surveys.notifications.js';
import { registerSurveysRoutes } from './surveys.routes.js';
import { createSurveysService, type SurveysService } from './surveys.service.js';

/** Voice surveys of pupils, parents and staff, answered anonymously and turned into soft indicators. */
export { AUDIENCES, QUESTION_TYPES, SCALE, MAX_TEXT_ANSWER, type SurveysService } from './surveys.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    surveys: SurveysService;
  }
}

/** Voice surveys, answered anonymously and closed into soft indicators. */
export const surveysModule = defineModule({
  name: 'surveys',
  needs: ['landscape', 'indicators', 'audit'],
  createService: ({ db, services }) =>
    createSurveysService({ db, landscape: services.landscape, indicators: services.indicators, audit: services.audit }),
  routes: (app, { surveys, landscape }) => registerSurveysRoutes(app, surveys, landscape),
  navigation: [{ text: 'Surveys', href: '/surveys', order: 70 }],
  homeCards: SURVEYS_HOME_CARDS,
  notifications: surveysNotifications,
});
