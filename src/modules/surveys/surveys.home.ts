/** Surveys' part of the home page: surveys of the person's organisations closed since their last visit. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const SURVEYS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.changed,
    async items({ surveys }, actor, { since }) {
      if (!actor.memberships.length) return undefined;
      // The surveys the person's organisations run or answer, as the service lets them see.
      const closed = (await surveys.listSurveys(actor)).filter((s) => s.closedAt !== null && s.closedAt >= since);
      return closed.map((s) => ({
        text: `Survey closed: ${s.title} (${s.organisationName}). Read its results`,
        href: `/surveys/${s.id}/results`,
      }));
    },
  },
];
