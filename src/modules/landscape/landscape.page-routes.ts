import type { FastifyInstance } from 'fastify';
import { vocabulary } from './landscape.pages.js';
import type { AccountsService } from '../accounts/index.js';
import { staffOrganisations } from './landscape.policy.js';
import type { LandscapeService } from './landscape.service.js';
import { registerOrganisationPages } from './organisations/organisations.pages.js';
import { registerPeoplePages } from './people/people.pages.js';
import { registerRelationshipPages } from './relationships/relationships.pages.js';
import { registerSharingPages } from './sharing/sharing.pages.js';

/** The landscape's HTML pages: organisations, people, roles and relationships. */
export function registerLandscapePages(
  fastify: FastifyInstance,
  landscape: LandscapeService,
  accounts: AccountsService,
) {
  const app = fastify;
  registerOrganisationPages(app, landscape, accounts);
  registerPeoplePages(app, landscape);
  registerRelationshipPages(app, landscape);
  registerSharingPages(app, landscape);

  app.get('/', async (request, reply) => {
    const actor = request.actor;
    const summary = await landscape.summary(actor);
    // The user's own organisations and the partnerships they belong to, each a step from its results.
    const ownIds = actor ? staffOrganisations(actor) : [];
    const partnershipIds = (await landscape.partnershipsOf(ownIds)).filter((id) => !ownIds.includes(id));
    const named = (ids: number[]) => Promise.all(ids.map((id) => landscape.getOrganisation(actor, id)));
    return reply.page('landscape/views/home.njk', {
      title: 'Home',
      summary,
      own: await named(ownIds),
      partnerships: await named(partnershipIds),
      ...vocabulary,
    });
  });
}
