import { dayInWords } from '../../../shared/time-in-words.js';
import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';
import { HOME_CARDS } from '../../home/index.js';
import { COMMITMENT_STATUSES } from './outcomes.domain.js';

/** The outcomes part's notification kinds, jobs and home cards. */
export const outcomesNotifications: Record<string, NotificationKind> = {};
export const outcomesJobs: Record<string, ModuleJob<never>> = {};
/**
 * Commitments to shared outcomes that need a leader: for a partnership's leaders, those red or
 * past due; for an organisation's leaders, their own due within 30 days.
 */
export const OUTCOMES_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ governance }, actor, { today }) {
      const watched = await governance.commitmentsToWatch(actor, today);
      if (!watched.led || !watched.commitments.length) return undefined;
      return watched.commitments.map((c) => ({
        text: `${c.organisationName}’s commitment to “${c.outcomeTitle}”: ${c.what}`,
        href: `/governance/outcomes/${c.outcomeId}#commitment-${c.id}`,
        status: c.pastDue
          ? { text: 'Past its due date', urgent: true }
          : { text: COMMITMENT_STATUSES[c.status], urgent: c.status === 'red' },
        details: c.dueOn ? [`${c.pastDue ? 'It was due on' : 'Due on'} ${dayInWords(c.dueOn)}`] : [],
      }));
    },
  },
];
