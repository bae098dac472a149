/** What brokering tells people: a school asked for help, an offer made for a request, an offer taken up. */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { DeliveredEvent, NotificationKind, ServiceMap } from '../definition.js';
import { areaOf } from './brokerage.domain.js';

/** The leaders of these organisations, other than the person whose write it was. */
async function leadersBut(services: ServiceMap, organisationIds: number[], event: DeliveredEvent) {
  const leaders = await services.notifications.leadersOf(organisationIds);
  return leaders.filter((l) => l.userId !== event.payload.userId);
}

async function requestOf(services: ServiceMap, id: number) {
  return (await services.brokerage.getRequest(BACKGROUND_JOB, id)).request;
}

export const brokerageNotifications: Record<string, NotificationKind> = {
  'help-asked': {
    label: 'When a school asks yours for help',
    defaultEmail: 'instant',
    event: 'support-request.create',
    async compose(services, event) {
      const [asker, ...asked] = event.payload.organisationIds;
      const request = await requestOf(services, Number(event.payload.entityId));
      const area = areaOf(request.area).label.toLowerCase();
      if (asker === undefined) return [];
      return (await leadersBut(services, asked, event)).map((leader) => ({
        userIds: [leader.userId],
        about: `support-request:${request.id}`,
        title: `${request.organisationName} asks for help with ${area}`,
        body: `${request.organisationName} has asked your organisation for help with ${area}. Read what they need, then offer help or say you cannot.`,
        link: `/support/requests/${request.id}`,
      }));
    },
  },
  'offer-made': {
    label: 'When a school offers to help with your request',
    defaultEmail: 'instant',
    event: 'request-offer.create',
    async compose(services, event) {
      const [askerId, helperId] = event.payload.organisationIds;
      if (askerId === undefined || helperId === undefined) return [];
      const helper = await services.landscape.getOrganisation(BACKGROUND_JOB, helperId);
      const link = `/support/requests/${Number(event.payload.detail.requestId)}`;
      const leaders = await leadersBut(services, [askerId], event);
      return [
        {
          userIds: leaders.map((l) => l.userId),
          about: `request-offer:${event.payload.entityId}`,
          title: `${helper.name} offers to help`,
          body: `${helper.name} has offered help with your request. Read the offer and accept it to start working together.`,
          link,
        },
      ];
    },
  },
  'offer-accepted': {
    label: 'When your offer of help is accepted',
    defaultEmail: 'instant',
    event: 'request-offer.accept',
    async compose(services, event) {
      const [askerId, helperId] = event.payload.organisationIds;
      if (askerId === undefined || helperId === undefined) return [];
      const asker = await services.landscape.getOrganisation(BACKGROUND_JOB, askerId);
      const leaders = await leadersBut(services, [helperId], event);
      return [
        {
          userIds: leaders.map((l) => l.userId),
          about: `request-offer:${event.payload.entityId}:accepted`,
          title: `${asker.name} accepted your offer`,
          body: `${asker.name} accepted your offer of help, and an engagement between you has begun. Agree its aims and the first check-in.`,
          link: `/support/requests/${Number(event.payload.detail.requestId)}`,
        },
      ];
    },
  },
  'request-declined': {
    label: 'When a school you asked for help says it cannot help',
    defaultEmail: 'daily',
    event: 'support-request.decline',
    async compose(services, event) {
      const [askerId, declinerId] = event.payload.organisationIds;
      if (askerId === undefined || declinerId === undefined) return [];
      const decliner = await services.landscape.getOrganisation(BACKGROUND_JOB, declinerId);
      const leaders = await leadersBut(services, [askerId], event);
      return [
        {
          userIds: leaders.map((l) => l.userId),
          about: `support-request:${event.payload.entityId}:declined:${declinerId}`,
          title: `${decliner.name} cannot help this time`,
          body: `${decliner.name} has said it cannot help with your request, and why. You can ask another school.`,
          link: `/support/requests/${Number(event.payload.entityId)}`,
        },
      ];
    },
  },
};
