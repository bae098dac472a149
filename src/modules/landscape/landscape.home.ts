/** The landscape's parts of the home page: memberships waiting for the person's approval, and new ties. */
import { agoInWords } from '../../shared/time-in-words.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { RELATIONSHIP_TYPES, type RelationshipType } from './landscape.domain.js';
import { ledOrganisationIds } from './landscape.policy.js';

export const LANDSCAPE_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.answer,
    async items({ landscape }, actor, { today }) {
      if (!ledOrganisationIds(actor).length) return undefined;
      const waiting = (await landscape.myPendingMemberships(actor)).filter((r) => r.canDecide);
      return waiting.map((r) => ({
        text:
          r.askedBy === 'member'
            ? `${r.memberName} asks to join ${r.partnershipName}: approve or decline`
            : `${r.partnershipName} asks ${r.memberName} to join it: approve or decline`,
        href: `/organisations/${r.askedBy === 'member' ? r.partnershipId : r.memberId}#memberships`,
        status: { text: `Asked ${agoInWords(r.createdAt, today)}` },
      }));
    },
  },
  {
    ...HOME_CARDS.changed,
    async items({ landscape }, actor, { since }) {
      if (!actor.memberships.length) return undefined;
      const ties = await landscape.tiesRecordedSince(actor, since, 5);
      const items = ties.items.map((r) => ({
        text: `New tie: ${r.fromOrganisationName} and ${r.toOrganisationName} (${RELATIONSHIP_TYPES[r.type as RelationshipType]?.label.toLowerCase() ?? r.type})`,
        href: `/organisations/${r.fromOrganisationId}`,
      }));
      if (ties.total > ties.items.length)
        items.push({
          text: `And ${ties.total - ties.items.length} more new ties of your organisations`,
          href: `/organisations/${ties.items[0]!.fromOrganisationId}`,
        });
      return items;
    },
  },
];
