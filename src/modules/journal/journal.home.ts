/** The journal's part of the home page: entries shared with the person since their last visit. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const JOURNAL_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.changed,
    async items({ journal }, actor, { since }) {
      if (actor.userId <= 0) return undefined;
      const shared = (await journal.sharedWithMe(actor)).filter((e) => e.sharedAt >= since);
      return shared.map((e) => ({ text: `${e.authorName} shared a journal entry with you`, href: `/journal/${e.id}` }));
    },
  },
];
