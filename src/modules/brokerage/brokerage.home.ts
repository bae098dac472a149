/** Brokerage's part of the home page: requests for help waiting for the person's answer. */
import { agoInWords } from '../../shared/time-in-words.js';
import type { HomeCard, HomeItem } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { ledOrganisationIds } from '../landscape/index.js';
import type { AwaitedAnswer } from './brokerage.service.js';

function textOf(a: AwaitedAnswer): string {
  const area = a.label.toLowerCase();
  if (a.kind === 'decide')
    return `${a.offers === 1 ? 'An offer' : `${a.offers} offers`} of help with ${area} for ${a.askingName}: choose who helps`;
  if (a.kind === 'offer') return `${a.askingName} asks ${a.askedName} for help with ${area}: offer help or let it pass`;
  return `${a.askingName} asked ${a.askedName} for help with ${area}, and no school has offered yet`;
}

export const BROKERAGE_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.answer,
    async items({ brokerage }, actor, { today }) {
      if (!ledOrganisationIds(actor).length) return undefined;
      const waiting = await brokerage.waitingForAnswer(actor);
      return waiting.map((a) => ({
        text: textOf(a),
        href: `/support/requests/${a.requestId}`,
        status: { text: `Asked ${agoInWords(a.askedAt, today)}` },
      }));
    },
  },
  {
    ...HOME_CARDS.answer,
    // A local authority's leaders are asked for the whole system: schools that said they need help and have none yet.
    async items({ brokerage, landscape }, actor, { today }) {
      const led = await Promise.all(ledOrganisationIds(actor).map((id) => landscape.getOrganisation(actor, id)));
      const authorities = led.filter((o) => o.kind === 'local-authority');
      if (!authorities.length) return undefined;
      const items: HomeItem[] = [];
      for (const la of authorities) {
        const { waiting } = await brokerage.coverage(actor, `org:${la.id}`);
        for (const need of waiting)
          items.push({
            text: `${need.name} is waiting for help with ${need.label.toLowerCase()}, and no engagement supports it yet`,
            href: `/support/coverage?scope=org:${la.id}`,
            status: { text: `Stated ${agoInWords(need.createdAt, today)}` },
          });
      }
      return items;
    },
  },
];
