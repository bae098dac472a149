import { defineModule } from '../definition.js';
import { createMailer } from './notifications.mailer.js';
import { registerNotificationsRoutes } from './notifications.routes.js';
import {
  createNotificationsService,
  DIGEST_QUEUE,
  EMAIL_QUEUE,
  type NotificationsService,
} from './notifications.service.js';

export { type NotificationsService, type Note } from './notifications.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    notifications: NotificationsService;
  }
}

/**
 * Notifications: each module declares the kinds it tells (`notifications` of its definition);
 * this module keeps them for each person, sends the emails by jobs and keeps each person's choices.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  needs: [],
  createService: ({ db, jobs, notificationKinds, settings }) =>
    createNotificationsService({
      db,
      jobs,
      kinds: notificationKinds,
      mailer: createMailer(settings.smtpUrl, settings.mailFrom ?? 'Syslead <syslead@localhost>'),
      publicUrl: settings.publicUrl ?? 'http://localhost:3000',
    }),
  routes: (app, { notifications }) => registerNotificationsRoutes(app, notifications),
  jobs: {
    [EMAIL_QUEUE]: {
      expireInSeconds: 120,
      retryLimit: 5,
      retryDelaySeconds: 30,
      run: ({ notifications }, data: { emailId: number }) => notifications.sendEmail(data.emailId),
    },
    [DIGEST_QUEUE]: {
      policy: 'stately',
      schedule: '0 7 * * *',
      expireInSeconds: 600,
      run: async ({ notifications }) => {
        await notifications.sendDigests();
      },
    },
  },
});
