/** What surveys tell people: a survey closed and its results are ready. */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { NotificationKind } from '../definition.js';

export const surveysNotifications: Record<string, NotificationKind> = {
  'survey-results-ready': {
    label: 'When a survey of your organisation closes and its results are ready',
    defaultEmail: 'daily',
    event: 'survey.close',
    async compose(services, event) {
      const id = Number(event.payload.entityId);
      const { survey } = await services.surveys.getSurvey(BACKGROUND_JOB, id);
      const leaders = await services.notifications.leadersOf(event.payload.organisationIds);
      const userIds = leaders.map((l) => l.userId);
      return [
        {
          userIds,
          about: `survey:${id}:closed`,
          title: `Results of “${survey.title}” are ready`,
          body: `The survey “${survey.title}” has closed. Its results are ready to read, with any figure from too few people withheld.`,
          link: `/surveys/${id}/results`,
        },
      ];
    },
  },
};
