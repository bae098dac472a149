import { defineModule } from '../definition.js';
import { BACKGROUND_HOME_CARDS } from './background.home.js';
import { registerBackgroundRoutes } from './background.routes.js';
import { createBackgroundService, type BackgroundService } from './background.service.js';

export { type BackgroundService } from './background.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    background: BackgroundService;
  }
}

/** The background jobs as administrators see them: what failed, and trying it again. */
export const backgroundModule = defineModule({
  name: 'background',
  needs: ['audit'],
  createService: ({ jobs, services }) => createBackgroundService({ jobs, audit: services.audit }),
  routes: (app, { background }) => registerBackgroundRoutes(app, background),
  navigation: [{ text: 'Jobs', href: '/jobs', order: 87, adminOnly: true }],
  homeCards: BACKGROUND_HOME_CARDS,
});
