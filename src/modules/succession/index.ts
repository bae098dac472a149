import { defineModule } from '../definition.js';
import { SUCCESSION_HOME_CARDS } from './succession.home.js';
import { successionNotifications } from './succession.notifications.js';
import { registerSuccessionRoutes } from './succession.routes.js';
import { createSuccessionService, type SuccessionService } from './succession.service.js';

/** Opportunities offered across a partnership, and each leader's succession intentions, shared only by choice. */
export { type SuccessionService } from './succession.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    succession: SuccessionService;
  }
}

/** Posts and stretch roles across a partnership, interest in them, and the partnership's bench for its headships and system roles. */
export const successionModule = defineModule({
  name: 'succession',
  needs: ['landscape', 'audit'],
  createService: ({ db, services }) =>
    createSuccessionService({ db, landscape: services.landscape, audit: services.audit }),
  routes: (app, { succession }) => registerSuccessionRoutes(app, succession),
  navigation: [{ text: 'Opportunities', href: '/opportunities', order: 77, alsoFor: ['/succession', '/partnerships'] }],
  homeCards: SUCCESSION_HOME_CARDS,
  notifications: successionNotifications,
  personalData: (services, userId) => services.succession.personalData(userId),
});
