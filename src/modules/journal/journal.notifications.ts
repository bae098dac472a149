/** What the journal tells people: someone shared an entry with them (never what it says). */
import type { NotificationKind } from '../definition.js';

export const journalNotifications: Record<string, NotificationKind> = {
  'journal-entry-shared': {
    label: 'When someone shares an entry of their reflection journal with you',
    defaultEmail: 'off',
    event: 'journal-entry.share',
    async compose(services, event) {
      const entryId = Number(event.payload.entityId);
      const userId = Number(event.payload.detail.withUserId);
      // Shared and then unshared before the event was delivered: nothing to tell.
      const notice = await services.journal.shareNotice(entryId, userId);
      if (!notice) return [];
      return [
        {
          userIds: [userId],
          about: `journal-entry:${entryId}:shared`,
          title: `${notice.authorName} shared a journal entry with you`,
          body: `${notice.authorName} has chosen to let you read one entry of their reflection journal. Only they and the people they share it with can read it.`,
          link: `/journal/${entryId}`,
        },
      ];
    },
  },
};
