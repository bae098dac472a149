/** What plans tell people: a mentor or line manager added a review of their plan (never what it says). */
import type { NotificationKind } from '../definition.js';

export const plansNotifications: Record<string, NotificationKind> = {
  'plan-reviewed': {
    label: 'When your mentor or line manager adds a review of your development plan',
    defaultEmail: 'instant',
    event: 'plan.add-review',
    async compose(services, event) {
      const planId = Number(event.payload.entityId);
      const notice = await services.plans.reviewNotice(planId);
      // Reviewed by its owner, or the plan is gone: nothing to tell.
      if (!notice || event.payload.userId === null || event.payload.userId === notice.ownerId) return [];
      const reviewer = await services.plans.nameOf(event.payload.userId);
      return [
        {
          userIds: [notice.ownerId],
          about: `plan:${planId}:reviewed`,
          title: `${reviewer} added a review of your development plan`,
          body: `${reviewer} has recorded a review of your plan “${notice.title}”: what went well and the next steps.`,
          link: `/plans/${planId}`,
        },
      ];
    },
  },
};
