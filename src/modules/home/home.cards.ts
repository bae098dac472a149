import type { HomeCard } from '../definition.js';

/**
 * The cards of the home page: their headings, order and what each says when it is empty. A
 * module contributes to one by spreading it with its own `items`:
 * `homeCards: [{ ...HOME_CARDS.answer, items: (services, actor) => … }]`.
 */
export const HOME_CARDS = {
  answer: {
    name: 'Needs your answer',
    order: 10,
    empty: 'Nothing is waiting for your answer. To ask other schools for help, state a need on the Support page.',
  },
  due: {
    name: 'Due',
    order: 20,
    empty: 'No check-ins are due in the next two weeks, and no target is past its review date.',
  },
  results: {
    name: 'Your school and your partnership',
    order: 30,
    empty: 'No results have been loaded for your organisations yet. An administrator imports them.',
  },
  changed: {
    name: 'What changed since your last visit',
    order: 40,
    empty: 'Nothing has changed for your organisations since your last visit.',
  },
  admin: {
    name: 'For administrators',
    order: 90,
    empty:
      'Nothing has been imported yet, and no background job has failed. Start on the Imports page with a GIAS extract.',
  },
} satisfies Record<string, Omit<HomeCard, 'items'>>;
