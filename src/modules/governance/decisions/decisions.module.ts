/**
 * What the decisions log tells people and puts on their home: a decision's review date has passed
 * without a review (told each morning by a job to the forum's chair and clerk, once per decision and
 * review date), and a matter escalated to an organisation they lead.
 */
import { BACKGROUND_JOB } from '../../../platform/http/actor.js';
import { formatDate } from '../../../platform/http/views.js';
import { addDays, dayInWords, daysBetween } from '../../../shared/time-in-words.js';
import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';
import { HOME_CARDS } from '../../home/index.js';
import { todayIso } from '../../landscape/index.js';

export const DECISION_REVIEWS_QUEUE = 'governance-decision-reviews';

/** A review shows on a forum lead's home this many days before its date. */
const SHOW_BEFORE_DAYS = 14;

export const decisionsNotifications: Record<string, NotificationKind> = {
  'decision-review-overdue': {
    label: 'When a decision of a forum you chair or clerk is past its review date',
    defaultEmail: 'instant',
  },
  'escalation-raised': {
    label: 'When a matter is escalated to an organisation you lead',
    defaultEmail: 'instant',
    event: 'escalation.raise',
    async compose(services, event) {
      const escalation = await services.governance.escalation(BACKGROUND_JOB, Number(event.payload.entityId));
      const leaders = (await services.notifications.leadersOf([escalation.toId])).filter(
        (l) => l.userId !== event.payload.userId,
      );
      return [
        {
          userIds: leaders.map((l) => l.userId),
          about: `escalation:${escalation.id}`,
          title: `${escalation.fromName} escalates a matter to ${escalation.toName}`,
          body: `${escalation.fromName} could not settle a matter and has raised it with ${escalation.toName}: “${escalation.matter}”. Read the trail, then answer it or escalate it further.`,
          link: `/escalations/${escalation.id}`,
        },
      ];
    },
  },
};

export const decisionsJobs: Record<string, ModuleJob<never>> = {
  [DECISION_REVIEWS_QUEUE]: {
    policy: 'stately',
    schedule: '0 6 * * *',
    expireInSeconds: 600,
    async run({ governance, notifications }) {
      for (const d of await governance.overdueReviews(BACKGROUND_JOB, todayIso())) {
        const leads = await notifications.leadersOf([d.forumId]);
        await notifications.notify('decision-review-overdue', [
          {
            userIds: leads.map((l) => l.userId),
            about: `decision:${d.id}:review:${d.reviewOn}`,
            title: `The review of “${d.title}” is overdue`,
            body: `${d.forumName} was to review this decision on ${formatDate(d.reviewOn)}. Look at what the figures did since it was taken and record whether it is confirmed, changed or reversed.`,
            link: `/decisions/${d.id}/review`,
          },
        ]);
      }
    },
  },
};

export const DECISIONS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ governance }, actor, { today }) {
      const due = await governance.reviewsDue(actor, addDays(today, SHOW_BEFORE_DAYS));
      if (!due.length) return undefined;
      return due.map((d) => {
        const days = daysBetween(today, d.reviewOn);
        return {
          text: `Review the decision “${d.title}” of ${d.forumName}`,
          href: `/decisions/${d.id}/review`,
          status:
            days < 0
              ? { text: 'Review date passed', urgent: true }
              : { text: days === 0 ? 'Due today' : `Due in ${days} ${days === 1 ? 'day' : 'days'}` },
          details: [`${days < 0 ? 'The review date was' : 'Review on'} ${dayInWords(d.reviewOn)}`],
        };
      });
    },
  },
  {
    ...HOME_CARDS.answer,
    async items({ governance }, actor) {
      const waiting = await governance.escalationsWaiting(actor);
      if (!waiting.length) return undefined;
      return waiting.map((e) => ({
        text: `Answer the matter ${e.fromName} escalated to ${e.toName}`,
        href: `/escalations/${e.id}`,
        status: { text: 'Escalated to you', urgent: true },
        details: [`Raised ${dayInWords(e.raisedOn)}`],
      }));
    },
  },
];
