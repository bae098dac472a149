/** What memberships tell people: a membership asked for, waiting for the other side's approval. */
import { BACKGROUND_JOB } from '../../../platform/http/actor.js';
import type { NotificationKind } from '../../definition.js';

export const membershipNotifications: Record<string, NotificationKind> = {
  'membership-to-approve': {
    label: 'When a membership of your organisation waits for your approval',
    defaultEmail: 'instant',
    event: 'membership-request.request',
    async compose(services, event) {
      const [memberId, partnershipId] = event.payload.organisationIds;
      if (memberId === undefined || partnershipId === undefined) return [];
      // The side that did not ask approves.
      const askedByMember = event.payload.detail.askedBy === 'member';
      const [approver, asker] = askedByMember ? [partnershipId, memberId] : [memberId, partnershipId];
      const [leaders, asking, joining] = await Promise.all([
        services.notifications.leadersOf([approver]),
        services.landscape.getOrganisation(BACKGROUND_JOB, asker),
        services.landscape.getOrganisation(BACKGROUND_JOB, askedByMember ? partnershipId : memberId),
      ]);
      const userIds = leaders.map((l) => l.userId);
      return [
        {
          userIds,
          about: `membership-request:${event.payload.entityId}`,
          title: askedByMember
            ? `${asking.name} asks to join ${joining.name}`
            : `${asking.name} asks ${joining.name} to join it`,
          body: 'A membership gives the partnership what its members share. It comes into force only when you approve it; you may also decline.',
          link: `/organisations/${approver}`,
        },
      ];
    },
  },
};
