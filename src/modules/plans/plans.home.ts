/** Plans' part of the home page: a plan whose review date has passed. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { formatDate } from '../../platform/http/views.js';

export const PLANS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ plans }, actor) {
      if (actor.userId <= 0) return undefined;
      const overdue = await plans.overdueReviews(actor);
      return overdue.map((p) => ({
        text: `Review your plan “${p.title}”`,
        href: `/plans/${p.id}`,
        status: { text: `Due ${formatDate(p.nextReviewOn!)}`, urgent: true },
      }));
    },
  },
];
