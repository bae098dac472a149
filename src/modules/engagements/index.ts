import { defineModule } from '../definition.js';
import { engagementsHealth } from './engagements.health.js';
import { ENGAGEMENTS_HOME_CARDS } from './engagements.home.js';
import { CHECK_INS_DUE_QUEUE, checkInsDueJob, engagementsNotifications } from './engagements.notifications.js';
import { registerEngagementsRoutes } from './engagements.routes.js';
import { createEngagementsService, type EngagementsService } from './engagements.service.js';

/** Support engagements: mandate, phases, actions, check-ins, baselines and targets, and their impact read as contribution. */
export { type EngagementsService } from './engagements.service.js';
/** Kinds of engagement and their phases. */
export { ENGAGEMENT_TYPES, PHASE_LABELS, phasesOf } from './engagements.domain.js';

declare module '../definition.js' {
  interface ServiceMap {
    engagements: EngagementsService;
  }
}

/** Support engagements opened from accepted offers, and their impact read as contribution. */
export const engagementsModule = defineModule({
  name: 'engagements',
  needs: ['landscape', 'indicators', 'brokerage', 'audit'],
  createService: ({ db, services }) =>
    createEngagementsService({
      db,
      landscape: services.landscape,
      indicators: services.indicators,
      brokerage: services.brokerage,
      audit: services.audit,
    }),
  routes: (app, { engagements }) => registerEngagementsRoutes(app, engagements),
  navigation: [{ text: 'Engagements', href: '/engagements', order: 5 }],
  homeCards: ENGAGEMENTS_HOME_CARDS,
  notifications: engagementsNotifications,
  jobs: { [CHECK_INS_DUE_QUEUE]: checkInsDueJob },
  health: [engagementsHealth],
});
