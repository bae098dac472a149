/** Engagements' part of the home page: check-ins due or overdue, and targets past their review date. */
import { dayInWords, spanInWords } from '../../shared/time-in-words.js';
import type { HomeCard, HomeItem } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

/** When a check-in falls, in words: overdue ones say by how long. */
function dueInWords(days: number): { text: string; urgent?: boolean } {
  if (days < 0) return { text: `Overdue by ${spanInWords(-days)}`, urgent: true };
  if (days === 0) return { text: 'Due today' };
  if (days === 1) return { text: 'Due tomorrow' };
  return { text: `Due in ${spanInWords(days)}` };
}

export const ENGAGEMENTS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ engagements }, actor, { today }) {
      const due = await engagements.due(actor, today);
      if (!due.engaged) return undefined;
      const items: HomeItem[] = due.checkIns.map(({ engagement, dueOn, days }) => ({
        text: `Check-in for ${engagement.title}`,
        href: `/engagements/${engagement.id}/check-in`,
        status: dueInWords(days),
        details: [`${days < 0 ? 'It was due on' : 'Due on'} ${dayInWords(dueOn)}`],
      }));
      for (const r of due.reviews)
        items.push({
          text: `Review the target for ${r.indicatorName} in ${r.engagement.title}`,
          href: `/engagements/${r.engagement.id}/impact`,
          status: { text: `Review date passed`, urgent: true },
          details: [`The review date was ${dayInWords(r.reviewOn)}`],
        });
      return items;
    },
  },
];
