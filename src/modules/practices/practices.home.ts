/** The practice library's part of the home page: trials whose review is due, or soon. */
import { addDays, dayInWords, daysBetween } from '../../shared/time-in-words.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

/** A review shows on home this many days before its date. */
const SHOW_BEFORE_DAYS = 14;

export const PRACTICES_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ practices }, actor, { today }) {
      const due = await practices.reviewsDue(actor, addDays(today, SHOW_BEFORE_DAYS));
      if (!due.length) return undefined;
      return due.map((a) => {
        const days = daysBetween(today, a.reviewOn);
        return {
          text: `Review the trial of ${a.practiceTitle} at ${a.organisationName}`,
          href: `/practices/adoptions/${a.id}#review`,
          status:
            days < 0
              ? { text: 'Review date passed', urgent: true }
              : { text: days === 0 ? 'Due today' : `Due in ${days} ${days === 1 ? 'day' : 'days'}` },
          details: [`${days < 0 ? 'The review date was' : 'Review on'} ${dayInWords(a.reviewOn)}`],
        };
      });
    },
  },
];
