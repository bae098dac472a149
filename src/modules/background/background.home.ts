/** The background jobs' part of the administrators' home card: jobs that failed after every attempt. */
import { dayInWords } from '../../shared/time-in-words.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

/** How many failed jobs the home page lists; the rest are on the Jobs page. */
const LATEST = 5;

export const BACKGROUND_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.admin,
    async items({ background }, actor) {
      if (!actor.isAdmin) return undefined;
      return (await background.failed(actor, LATEST)).map((job) => ({
        text: `A background job failed: ${job.name}`,
        href: '/jobs',
        status: { text: 'Failed', urgent: true },
        details: [`${dayInWords(job.failedAt)}, after ${job.attempts} attempts: ${job.message}`],
      }));
    },
  },
];
