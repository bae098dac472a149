/**
 * What forums tell people: a recommendation made to a forum (its leads hear of it, and see it on
 * their home until they answer) and the answer it had (the recommending forum's leads hear of it).
 */
import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';
import { HOME_CARDS } from '../../home/index.js';
import type { NotificationsService } from '../../notifications/index.js';
import { RESPONSES } from './forums.schemas.js';
import { RECOMMENDATION_ENTITY } from './forums.service.js';

const forumIds = (detail: Record<string, unknown>) => ({
  from: Number(detail.fromForumId),
  to: Number(detail.toForumId),
});

/** The accounts that chair or clerk a forum: the leaders of its organisation. */
const leadsOf = async (notifications: NotificationsService, forumId: number) =>
  (await notifications.leadersOf([forumId])).map((l) => l.userId);

export const forumsNotifications: Record<string, NotificationKind> = {
  'forum-recommendation-made': {
    label: 'When a forum recommends something to a forum you chair or clerk',
    defaultEmail: 'instant',
    event: `${RECOMMENDATION_ENTITY}.create`,
    async compose({ governance, notifications }, event) {
      const { from, to } = forumIds(event.payload.detail);
      const [fromForum, toForum, userIds] = await Promise.all([
        governance.forumOf(from),
        governance.forumOf(to),
        leadsOf(notifications, to),
      ]);
      if (!fromForum || !toForum) return [];
      return [
        {
          userIds,
          about: `${RECOMMENDATION_ENTITY}:${event.payload.entityId}`,
          title: `${fromForum.name} recommends to ${toForum.name}: ${String(event.payload.detail.title)}`,
          body: `Read the recommendation and answer it for ${toForum.name}: accepted, partly accepted or declined, with what the forum says. It waits on the agenda of your next meeting until then.`,
          link: `/forums/recommendations/${event.payload.entityId}`,
        },
      ];
    },
  },
  'forum-recommendation-answered': {
    label: 'When a forum answers a recommendation of a forum you chair or clerk',
    defaultEmail: 'instant',
    event: `${RECOMMENDATION_ENTITY}.answer`,
    async compose({ governance, notifications }, event) {
      const { from, to } = forumIds(event.payload.detail);
      const [toForum, userIds] = await Promise.all([governance.forumOf(to), leadsOf(notifications, from)]);
      if (!toForum) return [];
      const response = RESPONSES[event.payload.detail.response as keyof typeof RESPONSES] ?? 'Answered';
      return [
        {
          userIds,
          about: `${RECOMMENDATION_ENTITY}:${event.payload.entityId}:answer`,
          title: `${toForum.name} answered your recommendation: ${response.toLowerCase()}`,
          body: `${toForum.name} has answered “${String(event.payload.detail.title)}”. Read what it says.`,
          link: `/forums/recommendations/${event.payload.entityId}`,
        },
      ];
    },
  },
};

export const forumsJobs: Record<string, ModuleJob<never>> = {};

export const FORUMS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.answer,
    async items({ governance }, actor) {
      const waiting = await governance.recommendationsWaiting(actor);
      if (!waiting.length) return undefined;
      return waiting.map((r) => ({
        text: `Answer the recommendation of ${r.fromForumName} to ${r.toForumName}: ${r.title}`,
        href: `/forums/recommendations/${r.id}`,
      }));
    },
  },
];
