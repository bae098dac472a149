/**
 * What engagements tell people: a check-in due within a week, and one overdue — told each morning
 * by a job to the leaders of both schools, once per check-in due.
 */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { daysBetween } from '../../shared/time-in-words.js';
import { formatDate } from '../../platform/http/views.js';
import type { ModuleJob, NotificationKind } from '../definition.js';
import { todayIso } from '../landscape/index.js';

export const CHECK_INS_DUE_QUEUE = 'engagements-check-ins-due';

/** A check-in is told as due this many days before its day. */
const TELL_BEFORE_DAYS = 7;

export const engagementsNotifications: Record<string, NotificationKind> = {
  'check-in-due': { label: 'When a check-in of your engagement is due within a week', defaultEmail: 'daily' },
  'check-in-overdue': { label: 'When a check-in of your engagement is overdue', defaultEmail: 'instant' },
};

export const checkInsDueJob: ModuleJob<object> = {
  policy: 'stately',
  schedule: '0 6 * * *',
  expireInSeconds: 600,
  async run({ engagements, notifications }) {
    const today = todayIso();
    for (const e of await engagements.list(BACKGROUND_JOB)) {
      if (e.status !== 'active') continue;
      const days = daysBetween(today, e.nextCheckIn.on);
      if (days > TELL_BEFORE_DAYS) continue;
      const leaders = await notifications.leadersOf([e.supportingId, e.supportedId]);
      const overdue = e.nextCheckIn.overdue;
      await notifications.notify(overdue ? 'check-in-overdue' : 'check-in-due', [
        {
          userIds: leaders.map((l) => l.userId),
          about: `engagement:${e.id}:check-in:${e.nextCheckIn.on}`,
          title: overdue
            ? `The check-in of “${e.title}” is ${e.nextCheckIn.overdueBy}`
            : `A check-in of “${e.title}” is due by ${formatDate(e.nextCheckIn.on)}`,
          body: `Record what you saw and agreed in a few lines: it keeps the engagement's story and its figures together.`,
          link: `/engagements/${e.id}/check-in`,
        },
      ]);
    }
  },
};
