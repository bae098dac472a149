import { defineModule } from '../definition.js';
import { developmentNotifications } from './development.notifications.js';
import { registerDevelopmentRoutes } from './development.routes.js';
import { createDevelopmentService, type DevelopmentService } from './development.service.js';

/** Developing system leaders: frameworks, self-assessments, and who may read a leader's development data. */
export { type DevelopmentService, type Sight } from './development.service.js';
export type { Component, Framework } from './development.repository.js';

declare module '../definition.js' {
  interface ServiceMap {
    development: DevelopmentService;
  }
}

/** Frameworks of system leadership, each leader's self-assessments against them, and the one rule of who reads them. */
export const developmentModule = defineModule({
  name: 'development',
  needs: ['audit'],
  createService: ({ db, services, personalData }) =>
    createDevelopmentService({ db, audit: services.audit, personalData }),
  routes: (app, services) => registerDevelopmentRoutes(app, services),
  navigation: [{ text: 'Development', href: '/development', order: 91 }],
  notifications: developmentNotifications,
  personalData: (services, userId) => services.development.personalData(userId),
});
