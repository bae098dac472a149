import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { defineModule, type ModuleJob } from '../definition.js';
import { HEALTH_HOME_CARDS } from './health.home.js';
import { registerHealthRoutes } from './health.routes.js';
import {
  createHealthService,
  HEALTH_SNAPSHOT_QUEUE,
  HEALTH_WEEKLY_QUEUE,
  type HealthService,
  type SnapshotJob,
} from './health.service.js';

export { type HealthService } from './health.service.js';
export { HEALTH_SNAPSHOT_QUEUE, HEALTH_WEEKLY_QUEUE } from './health.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    health: HealthService;
  }
}

const jobs: Record<string, ModuleJob<SnapshotJob>> = {
  // Each Monday at 05:00, a snapshot job per scope; each job's key keeps one snapshot per scope and day.
  [HEALTH_WEEKLY_QUEUE]: {
    policy: 'stately',
    schedule: '0 5 * * 1',
    expireInSeconds: 600,
    async run({ health }) {
      await health.sendWeekly(BACKGROUND_JOB);
    },
  },
  // One scope's snapshot of a day: read, then written in one statement, so an attempt cut off
  // part way leaves nothing, and the attempt after it (or a second run) writes the day's one.
  [HEALTH_SNAPSHOT_QUEUE]: {
    expireInSeconds: 900,
    async run({ health }, data) {
      await health.takeSnapshot(BACKGROUND_JOB, data);
    },
  },
};

/** A local system's health over time: every module's figures, snapshotted weekly, compared, noted and reported. */
export const healthModule = defineModule({
  name: 'health',
  needs: ['landscape', 'accounts', 'audit'],
  createService: ({ db, services, jobs: sender, healthSections }) =>
    createHealthService({
      db,
      landscape: services.landscape,
      accounts: services.accounts,
      audit: services.audit,
      jobs: sender,
      sections: healthSections,
      services,
    }),
  routes: (app, { health }) => registerHealthRoutes(app, health),
  navigation: [{ text: 'System health', href: '/system-health', order: 80 }],
  homeCards: HEALTH_HOME_CARDS,
  jobs,
});
