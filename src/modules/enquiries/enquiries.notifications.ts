/** What enquiries tell people: that they were added to one. */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { NotificationKind } from '../definition.js';
import { ENQUIRY_ROLES } from './enquiries.service.js';

export const enquiriesNotifications: Record<string, NotificationKind> = {
  'enquiry-joined': {
    label: 'When you are added to an enquiry',
    defaultEmail: 'instant',
    event: 'enquiry.add-person',
    async compose({ enquiries }, event) {
      const id = Number(event.payload.entityId);
      const personId = Number(event.payload.detail.personId);
      const role = ENQUIRY_ROLES[String(event.payload.detail.role)] ?? 'Member';
      const { enquiry } = await enquiries.get(BACKGROUND_JOB, id);
      return [
        {
          userIds: await enquiries.accountsOfPerson(personId),
          about: `enquiry:${id}:person:${personId}`,
          title: `You have been added to the enquiry “${enquiry.title}”`,
          body: `${role === 'Lead' ? 'You lead it' : 'You are a member of it'}. Its question: ${enquiry.question}`,
          link: `/enquiries/${id}`,
        },
      ];
    },
  },
};
