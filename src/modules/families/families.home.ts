/** Family work's part of the home page: referrals to answer, referrals to chase, and reviews waiting. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const FAMILIES_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.answer,
    async items({ families }, actor) {
      if (actor.userId <= 0) return undefined;
      const waiting = await families.waiting(actor);
      if (!waiting) return undefined;
      const items = [
        ...waiting.referrals.map((r) => ({
          text: `${r.fromName} refers family ${r.reference} to ${r.toName}: accept or decline`,
          href: `/families/referrals/${r.id}`,
          status: r.overdue ? { text: 'Past its agreed time', urgent: true } : undefined,
        })),
        ...waiting.chase.map((r) => ({
          text:
            r.status === 'declined'
              ? `${r.toName} declined the referral of family ${r.reference}: decide what next`
              : `${r.toName} has not answered the referral of family ${r.reference}: chase it`,
          href: `/families/${r.familyId}`,
          status: { text: r.status === 'declined' ? 'Declined' : 'Overdue', urgent: true },
        })),
        ...(waiting.reviews
          ? [
              {
                text: `${waiting.reviews} break-glass views or shares without consent to review`,
                href: '/families/reviews',
              },
            ]
          : []),
      ];
      return items.length ? items : undefined;
    },
  },
];
