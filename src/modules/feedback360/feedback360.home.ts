/** 360 feedback's part of the home page: the leader's own rounds still waiting for answers. */
import { formatDate } from '../../platform/http/views.js';
import type { HomeCard } from '../definition.js';

export const FEEDBACK360_HOME_CARDS: HomeCard[] = [
  {
    name: 'Feedback rounds waiting for answers',
    order: 25,
    async items({ feedback360 }, actor) {
      if (actor.userId <= 0) return undefined;
      const rounds = await feedback360.waiting(actor);
      if (!rounds.length) return undefined;
      return rounds.map((r) => ({
        text: r.title,
        href: `/feedback/${r.id}`,
        details: [`${r.answered} of ${r.invited} answered`, `Closes on ${formatDate(r.closesOn)}`],
      }));
    },
  },
];
