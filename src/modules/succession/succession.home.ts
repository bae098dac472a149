/** Opportunities' part of the home page: those open in the person's partnerships that close within two weeks. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { formatDate } from '../../platform/http/views.js';

const FORTNIGHT = 14 * 86_400_000;

export const SUCCESSION_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.due,
    async items({ succession }, actor, { today }) {
      if (actor.userId <= 0 || !actor.memberships.length) return undefined;
      const until = new Date(Date.parse(today) + FORTNIGHT).toISOString().slice(0, 10);
      const soon = (await succession.list(actor)).filter((o) => o.closesOn <= until);
      return soon.map((o) => ({
        text: `${o.kindLabel} in ${o.partnership.name}: ${o.title}`,
        href: `/opportunities/${o.id}`,
        status: { text: `Closes ${formatDate(o.closesOn)}` },
      }));
    },
  },
];
