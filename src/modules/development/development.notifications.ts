/** What developing leaders' records tell people: a leader let them read theirs (never what it holds). */
import type { NotificationKind } from '../definition.js';

export const developmentNotifications: Record<string, NotificationKind> = {
  'development-record-shared': {
    label: 'When a leader lets you read their development record (as their mentor or line manager)',
    defaultEmail: 'instant',
    event: 'development-record.share',
    async compose(services, event) {
      const ownerId = Number(event.payload.entityId);
      const readerId = Number(event.payload.detail.withUserId);
      // Shared and stopped before the event was delivered: nothing to tell.
      const shared = (await services.development.sharedWithReader(readerId)).find((s) => s.ownerId === ownerId);
      if (!shared) return [];
      return [
        {
          userIds: [readerId],
          about: `development-record:${ownerId}:shared`,
          title: `${shared.name} lets you read their development record`,
          body: `${shared.name} has chosen to let you read their self-assessments, feedback results and plans. Only they and the people they choose can read them; your reading is recorded.`,
          link: `/development/people/${ownerId}`,
        },
      ];
    },
  },
};
