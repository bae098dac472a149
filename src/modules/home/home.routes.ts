import type { FastifyInstance } from 'fastify';
import { dayInWords } from '../../shared/time-in-words.js';
import { ORGANISATION_KINDS, type LandscapeService } from '../landscape/index.js';
import type { HomeService } from './home.service.js';

/** The home page: the person's cards, then the local system in numbers and a search. */
export function registerHomePage(app: FastifyInstance, home: HomeService, landscape: LandscapeService) {
  app.get('/', async (request, reply) => {
    const { cards, context } = await home.forYou(request.actor);
    return reply.page('home/views/home.njk', {
      title: 'Home',
      cards,
      since: context.firstVisit ? null : dayInWords(context.since),
      summary: await landscape.summary(request.actor),
      kindLabels: Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([k, v]) => [k, v.label])),
    });
  });
}
