import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import { formatDate } from '../../../platform/http/views.js';
import type { LandscapeService } from '../landscape.service.js';

/** Ending a sharing agreement (starting one is a form of the organisation's page). */
export function registerSharingPages(app: FastifyInstance, landscape: LandscapeService) {
  app.get<IdRoute>('/sharing-agreements/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const agreement = await landscape.getSharingAgreement(request.actor, request.params.id);
    const [organisation, partnership] = await Promise.all([
      landscape.getOrganisation(request.actor, agreement.organisationId),
      landscape.getOrganisation(request.actor, agreement.partnershipId),
    ]);
    const contacts = agreement.what === 'contact-details';
    return reply.page('confirm.njk', {
      title: `Stop sharing with ${partnership.name}?`,
      caption: organisation.name,
      facts: [
        { label: 'What is shared', text: contacts ? 'Contact details of its people' : 'Indicators' },
        { label: 'Since', text: formatDate(agreement.startDate) },
      ],
      warning: contacts
        ? `From tomorrow, staff of ${partnership.name} no longer see the email addresses of ${organisation.name}’s people.`
        : `From tomorrow, ${partnership.name} no longer sees ${organisation.name}’s unpublished indicators.`,
      consequences: ['The agreement stays in the record as ended today.'],
      told: 'No one is sent a message.',
      undo: 'the next page has an Undo button that shares again as before, for 24 hours.',
      action: `/sharing-agreements/${agreement.id}/end`,
      button: 'Yes, stop sharing',
      cancel: `/organisations/${organisation.id}#sharing`,
    });
  });

  app.post<IdRoute>('/sharing-agreements/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const organisationId = await landscape.endSharingAgreement(request.actor, request.params.id);
    return reply.redirect(
      `/organisations/${organisationId}?notice=sharing-ended&undo=${request.params.id}#sharing`,
      303,
    );
  });

  app.post<IdRoute>('/sharing-agreements/:id/restore', { schema: { params: IdParams } }, async (request, reply) => {
    const organisationId = await landscape.restoreSharingAgreement(request.actor, request.params.id);
    return reply.redirect(`/organisations/${organisationId}?notice=sharing-restored#sharing`, 303);
  });
}
