/** What opportunities tell people: the partnership's leaders hear when someone expresses interest. */
import type { NotificationKind } from '../definition.js';

export const successionNotifications: Record<string, NotificationKind> = {
  'opportunity-interest': {
    label: 'When someone expresses interest in an opportunity your partnership offers',
    defaultEmail: 'instant',
    event: 'opportunity-interest.express',
    async compose(services, event) {
      const opportunityId = Number(event.payload.entityId);
      const userId = Number(event.payload.detail.userId);
      // Expressed and withdrawn before the event was delivered: nothing to tell.
      const notice = await services.succession.interestNotice(opportunityId, userId);
      if (!notice || !notice.leaderIds.length) return [];
      return [
        {
          userIds: notice.leaderIds,
          about: `opportunity:${opportunityId}:interest:${userId}`,
          title: `${notice.name} is interested in “${notice.title}”`,
          body: `${notice.name} has expressed interest in the opportunity “${notice.title}”. Their note is on the opportunity’s page.`,
          link: `/opportunities/${opportunityId}`,
        },
      ];
    },
  },
};
