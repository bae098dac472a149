/** The health of the partnerships a person works in, on the card of their school and partnership. */
import { formatDate } from '../../platform/http/views.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { stageName } from './health.domain.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const HEALTH_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.results,
    async items({ health }, actor) {
      const summaries = await health.summaries(actor);
      if (!summaries.length) return undefined;
      return summaries.map((s) => ({
        text: `System health of ${s.name}`,
        href: `/system-health/${s.ref.replace('org:', '')}`,
        details: [
          `Snapshot of ${formatDate(s.takenOn)}: stage ${s.stage} of 4, ${stageName(s.stage).toLowerCase()}`,
          ...(s.earlierOn
            ? [
                `Since ${formatDate(s.earlierOn)}: ${plural(s.better, 'figure', 'figures')} better, ${plural(s.worse, 'figure', 'figures')} worse`,
              ]
            : []),
        ],
        ...(s.worse ? { status: { text: `${s.worse} worse` } } : {}),
      }));
    },
  },
];
