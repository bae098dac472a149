/** System issues' part of the home page: issues raised in the person's partnerships since their last visit. */
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

export const SYSTEM_ISSUES_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.changed,
    async items(services, actor, { since }) {
      if (!actor.memberships.length) return undefined;
      const day = since.toISOString().slice(0, 10);
      return (await services['system-issues'].list(actor)).flatMap((log) =>
        log.openIssues
          .filter((i) => i.raisedOn >= day)
          .map((i) => ({
            text: `System issue raised in ${log.partnership.name}: ${i.title}`,
            href: `/system-issues/issues/${i.id}`,
          })),
      );
    },
  },
];
