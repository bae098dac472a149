import { defineModule } from '../definition.js';
import { SYSTEM_ISSUES_HOME_CARDS } from './system-issues.home.js';
import { registerSystemIssuesRoutes } from './system-issues.routes.js';
import { createSystemIssuesService, type SystemIssuesService } from './system-issues.service.js';

/** Partnerships' system issues logs: issues raised without blame, their actions and the meeting's agenda. */
export { type SystemIssuesService } from './system-issues.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    'system-issues': SystemIssuesService;
  }
}

/** A log for each partnership of where the system let people down (not who), its actions, and the next meeting's agenda. */
export const systemIssuesModule = defineModule({
  name: 'system-issues',
  needs: ['landscape', 'audit'],
  createService: ({ db, services }) =>
    createSystemIssuesService({ db, landscape: services.landscape, audit: services.audit }),
  routes: (app, services) => registerSystemIssuesRoutes(app, services['system-issues']),
  navigation: [{ text: 'System issues', href: '/system-issues', order: 75 }],
  homeCards: SYSTEM_ISSUES_HOME_CARDS,
});
