/** Mentoring's part of the home page: proposals waiting for the person's answer. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const MENTORING_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.answer,
    async items({ mentoring }, actor) {
      if (actor.userId <= 0) return undefined;
      const { waiting } = await mentoring.mine(actor);
      if (!waiting.length) return undefined;
      return waiting.map((r) => ({
        text: r.side === 'mentor' ? `${r.otherName} asks you to mentor them` : `${r.otherName} offers to mentor you`,
        href: `/mentoring/${r.id}`,
        status: { text: 'Waiting for your answer' },
      }));
    },
  },
];
