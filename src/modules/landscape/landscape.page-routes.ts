import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { parseForm } from '../../platform/http/validate.js';
import { vocabulary } from './landscape.pages.js';
import type { AccountsService } from '../accounts/index.js';
import { staffOrganisations } from './landscape.policy.js';
import type { LandscapeService } from './landscape.service.js';
import { registerOrganisationPages } from './organisations/organisations.pages.js';
import { registerPeoplePages } from './people/people.pages.js';
import { registerRelationshipPages } from './relationships/relationships.pages.js';

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

  app.post<IdRoute>('/organisations/:id/sharing', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    const form = parseForm(
      Type.Object({
        partnershipId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
        what: Type.String({ maxLength: 40 }),
        detail: Type.Optional(Type.String({ maxLength: 20 })),
      }),
      request.body,
    );
    await landscape.createSharingAgreement(request.actor, { ...form, organisationId: organisation.id });
    return reply.redirect(`/organisations/${organisation.id}?notice=sharing-saved#sharing`, 303);
  });

  app.post<IdRoute>('/sharing-agreements/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const organisationId = await landscape.endSharingAgreement(request.actor, request.params.id);
    return reply.redirect(`/organisations/${organisationId}?notice=sharing-ended#sharing`, 303);
  });
}
