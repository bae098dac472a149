import { defineModule } from '../definition.js';
import { FEEDBACK360_HOME_CARDS } from './feedback360.home.js';
import { registerFeedback360Routes } from './feedback360.routes.js';
import { createFeedback360Service, type Feedback360Service } from './feedback360.service.js';

/** 360 feedback for developing leaders: rounds, raters asked through private links, thresholded results. */
export { type Feedback360Service } from './feedback360.service.js';
export { resultsOf, RELATIONSHIPS } from './feedback360.domain.js';

declare module '../definition.js' {
  interface ServiceMap {
    feedback360: Feedback360Service;
  }
}

/** A leader's 360 feedback: raters from their real ties answer without an account, results only for groups large enough. */
export const feedback360Module = defineModule({
  name: 'feedback360',
  needs: ['audit', 'development', 'notifications'],
  createService: ({ db, services, settings }) =>
    createFeedback360Service({
      db,
      audit: services.audit,
      development: services.development,
      notifications: services.notifications,
      minRespondents: settings.feedbackMinRespondents,
      publicUrl: settings.publicUrl,
    }),
  routes: (app, { feedback360 }) => registerFeedback360Routes(app, feedback360),
  homeCards: FEEDBACK360_HOME_CARDS,
  personalData: (services, userId) => services.feedback360.personalData(userId),
});
