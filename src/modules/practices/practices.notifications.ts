/**
 * What the practice library tells people: a trial's review is due — told each morning by a job to
 * the leaders of the school trying the practice, once per trial.
 */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { formatDate } from '../../platform/http/views.js';
import type { ModuleJob, NotificationKind } from '../definition.js';
import { todayIso } from '../landscape/index.js';

export const TRIAL_REVIEWS_QUEUE = 'practices-trial-reviews-due';

export const practicesNotifications: Record<string, NotificationKind> = {
  'trial-review-due': {
    label: 'When the trial of a practice your school took up is due for review',
    defaultEmail: 'instant',
  },
};

export const trialReviewsJob: ModuleJob<object> = {
  policy: 'stately',
  schedule: '15 6 * * *',
  expireInSeconds: 600,
  async run({ practices, notifications }) {
    for (const a of await practices.allReviewsDue(BACKGROUND_JOB, todayIso())) {
      const leaders = await notifications.leadersOf([a.organisationId]);
      await notifications.notify('trial-review-due', [
        {
          userIds: leaders.map((l) => l.userId),
          about: `practice-adoption:${a.id}:review`,
          title: `The trial of “${a.practiceTitle}” at ${a.organisationName} is due for review`,
          body: `It was to be reviewed on ${formatDate(a.reviewOn)}. Look at the measures beside their baselines and record whether you keep it, adapt it again or stop it.`,
          link: `/practices/adoptions/${a.id}#review`,
        },
      ]);
    }
  },
};
