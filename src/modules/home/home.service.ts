import { requireSignedIn } from '../../platform/http/require-actor.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { HomeCard, HomeContext, HomeItem, ServiceMap } from '../definition.js';
import { todayIso } from '../landscape/index.js';

/** On a first visit, what changed in the month before counts as new. */
const FIRST_VISIT_DAYS = 30;

/** A card as the page shows it: its items in groups (a group without a name first). */
export interface ShownCard {
  id: string;
  name: string;
  empty: string | undefined;
  count: number;
  groups: Array<{ name: string | undefined; items: HomeItem[] }>;
}

/** Parts with the same name make one card, in the order of the lowest part. */
function byCard(parts: HomeCard[]): Array<{ name: string; order: number; empty?: string; parts: HomeCard[] }> {
  const cards = new Map<string, { name: string; order: number; empty?: string; parts: HomeCard[] }>();
  for (const part of parts) {
    const card = cards.get(part.name) ?? { name: part.name, order: part.order, empty: part.empty, parts: [] };
    card.order = Math.min(card.order, part.order);
    card.empty ??= part.empty;
    card.parts.push(part);
    cards.set(part.name, card);
  }
  return [...cards.values()].sort((a, b) => a.order - b.order);
}

function grouped(items: HomeItem[]): ShownCard['groups'] {
  const groups: ShownCard['groups'] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.name === item.group) last.items.push(item);
    else groups.push({ name: item.group, items: [item] });
  }
  return groups;
}

const idOf = (name: string) =>
  `card-${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '')}`;

/**
 * The home page "for you": every module's cards asked for this person's items, each card
 * shown when any of its parts has something for them (an empty list shows its empty state).
 */
export function createHomeService({ parts, services }: { parts: HomeCard[]; services: ServiceMap }) {
  const cards = byCard(parts);
  return {
    /** The cards for this person, and since when "what changed" counts. */
    async forYou(actor: Actor | undefined): Promise<{ cards: ShownCard[]; context: HomeContext }> {
      const viewer = requireSignedIn(actor);
      const previous = await services.accounts.startVisit(viewer);
      const context: HomeContext = {
        since: previous ?? new Date(Date.now() - FIRST_VISIT_DAYS * 24 * 60 * 60 * 1000),
        firstVisit: previous === null,
        today: todayIso(),
      };
      const shown: ShownCard[] = [];
      for (const card of cards) {
        const answers = await Promise.all(card.parts.map((part) => part.items(services, viewer, context)));
        if (answers.every((a) => a === undefined)) continue;
        const items = answers.flatMap((a) => a ?? []);
        shown.push({
          id: idOf(card.name),
          name: card.name,
          empty: card.empty,
          count: items.length,
          groups: grouped(items),
        });
      }
      return { cards: shown, context };
    },
  };
}
export type HomeService = ReturnType<typeof createHomeService>;
