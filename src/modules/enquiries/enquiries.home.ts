/** Enquiries' part of the home page: to an enquiry's people, an enquiry with no cycle recorded for six weeks. */
import { dayInWords, spanInWords } from '../../shared/time-in-words.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const ENQUIRIES_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ enquiries }, actor, { today }) {
      const quiet = await enquiries.quiet(actor, today);
      if (!quiet.involved) return undefined;
      return quiet.enquiries.map((e) => ({
        text: `Record a cycle of ${e.title}`,
        href: `/enquiries/${e.id}/cycles/new`,
        status: { text: `No cycle for ${spanInWords(e.quietDays)}`, urgent: true },
        details: [
          e.lastCycleOn
            ? `The last cycle was on ${dayInWords(e.lastCycleOn)}`
            : `Started on ${dayInWords(e.startedOn)}, with no cycle yet`,
        ],
      }));
    },
  },
];
