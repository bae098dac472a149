import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { SharingAgreementCreate } from '../sharing/sharing.schemas.js';
import { AppError } from '../../../platform/http/errors.js';
import { formatDate } from '../../../platform/http/views.js';
import { asFormProblem, formErrorContext, parseForm, parseQueryLeniently } from '../../../platform/http/validate.js';
import type { AccountsService } from '../../accounts/index.js';
import { PHASES, RELATIONSHIP_TYPES, WIDER_SYSTEM_LABELS, type RelationshipType } from '../landscape.domain.js';
import { doneOf, items, kindLabels, LABELS, pagination, statusLabels, vocabulary } from '../landscape.pages.js';
import type { LandscapeService } from '../landscape.service.js';
import type { RelationshipDetail } from '../relationships/relationships.service.js';
import { OrganisationCreate, OrganisationListQuery, OrganisationUpdate } from './organisations.schemas.js';
import type { OrganisationDetail } from './organisations.service.js';

/** How a relationship reads from one of its ends: the phrase and the organisation at the other end. */
function fromPerspective(relationship: RelationshipDetail, organisationId: number) {
  const type = RELATIONSHIP_TYPES[relationship.type as RelationshipType];
  const outward = relationship.fromOrganisationId === organisationId;
  return {
    ...relationship,
    phrase: outward ? type.outward : type.inward,
    otherId: outward ? relationship.toOrganisationId : relationship.fromOrganisationId,
    otherName: outward ? relationship.toOrganisationName : relationship.fromOrganisationName,
  };
}

/** The facts of an organisation's profile, in reading order, leaving out what is not known. */
function organisationFacts(o: OrganisationDetail) {
  const facts: Array<{ label: string; text: string; href?: string }> = [
    { label: 'Kind', text: kindLabels[o.kind] ?? o.kind },
    { label: 'Wider system', text: WIDER_SYSTEM_LABELS[o.widerSystem as keyof typeof WIDER_SYSTEM_LABELS] },
    { label: 'Status', text: statusLabels[o.status] ?? o.status },
  ];
  const add = (label: string, value: unknown, text = String(value), href?: string) => {
    if (value !== null && value !== undefined && value !== '') facts.push({ label, text, href });
  };
  add('URN', o.urn);
  add('Local-authority code', o.laCode);
  add('Group UID', o.groupUid);
  add('Phase', o.phase, PHASES[o.phase as keyof typeof PHASES] ?? String(o.phase));
  add('Type', o.schoolType);
  add('Type group', o.typeGroup);
  add('Group type', o.groupType);
  add('Group ID', o.groupId);
  add('Local authority', o.localAuthorityId, o.localAuthorityName ?? '', `/organisations/${o.localAuthorityId}`);
  add('Opened', o.openedOn, formatDate(o.openedOn));
  add('Closed', o.closedOn, formatDate(o.closedOn));
  add('Pupils', o.pupils, o.pupils?.toLocaleString('en-GB'));
  add('Free school meals', o.fsmPercent, `${o.fsmPercent}%`);
  add(
    'Latest inspection',
    o.ofstedRating,
    o.ofstedDate ? `${o.ofstedRating}, ${formatDate(o.ofstedDate)}` : String(o.ofstedRating),
  );
  add('Town', o.town);
  add('Postcode', o.postcode);
  add('Location (latitude, longitude)', o.latitude, `${o.latitude}, ${o.longitude}`);
  add('Website', o.website);
  add('About', o.description);
  return facts;
}

const MEMBER_ROLE_ITEMS = [
  { value: 'leader', text: 'Leader: changes the organisation, its people, roles and ties, and its members' },
  { value: 'member', text: 'Member: sees its people’s contact details' },
  { value: 'viewer', text: 'Viewer: sees what every signed-in user sees' },
  { value: 'coordinator', text: 'Coordinator (of a partnership, network or trust): as a leader' },
];

const SharingForm = Type.Omit(SharingAgreementCreate, ['startDate']);
const SHARING_LABELS = { partnershipId: 'Who to share with', what: 'What to share', detail: 'How much' };

/** The pages of organisations: the list, a profile, adding and changing one, and its members. */
export function registerOrganisationPages(
  app: FastifyInstance,
  landscape: LandscapeService,
  accounts: AccountsService,
) {
  async function organisationFormContext(actor: Actor | undefined, values: Record<string, unknown>) {
    const las = await landscape.listLocalAuthorities(actor);
    return {
      values,
      kindItems: items(kindLabels, values.kind),
      phaseItems: items(PHASES, values.phase, 'Not set'),
      statusItems: items(statusLabels, values.status ?? 'open'),
      laItems: [
        { value: '', text: 'Not set' },
        ...las.map((la) => ({
          value: String(la.id),
          text: la.name,
          selected: String(la.id) === String(values.localAuthorityId ?? ''),
        })),
      ],
      ...vocabulary,
    };
  }

  app.get('/organisations', async (request, reply) => {
    const filter = parseQueryLeniently<Record<string, unknown>>(OrganisationListQuery, request.query);
    const result = await landscape.listOrganisations(request.actor, filter);
    const las = await landscape.listLocalAuthorities(request.actor);
    return reply.page('landscape/organisations/views/organisation-list.njk', {
      title: 'Organisations',
      filter,
      result,
      pager: pagination(result.total, result.page, result.perPage),
      kindItems: items(kindLabels, filter.kind, 'Any kind'),
      phaseItems: items(PHASES, filter.phase, 'Any phase'),
      statusItems: items(statusLabels, filter.status, 'Any status'),
      laItems: [
        { value: '', text: 'Any local authority' },
        ...las
          .filter((la) => la.laCode)
          .map((la) => ({ value: la.laCode, text: la.name, selected: la.laCode === filter.la })),
      ],
      ...vocabulary,
    });
  });

  app.get('/organisations/new', async (request, reply) => {
    if (!request.actor!.isAdmin) throw new AppError('forbidden', 'Only an administrator can add organisations');
    return reply.page('landscape/organisations/views/organisation-form.njk', {
      title: 'Add an organisation',
      action: '/organisations',
      ...(await organisationFormContext(request.actor, {})),
    });
  });

  app.post('/organisations', async (request, reply) => {
    try {
      const created = await landscape.createOrganisation(
        request.actor,
        parseForm(OrganisationCreate, request.body, { labels: LABELS }),
      );
      return reply.redirect(`/organisations/${created.id}?notice=organisation-saved`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const context = {
        title: 'Add an organisation',
        action: '/organisations',
        ...(await organisationFormContext(request.actor, request.body as Record<string, unknown>)),
        ...formErrorContext(invalid, request),
      };
      return reply.page('landscape/organisations/views/organisation-form.njk', context, 400);
    }
  });

  /** The profile page's context; `extra` carries a members form that failed, or the invitation just made. */
  async function organisationPage(
    actor: Actor | undefined,
    id: number,
    query: unknown,
    extra: Record<string, unknown> = {},
  ) {
    const organisation = await landscape.getOrganisation(actor, id);
    const [people, assignments, relationships] = await Promise.all([
      landscape.listPeopleOfOrganisation(actor, organisation.id),
      landscape.listRoleAssignments(actor, { organisationId: organisation.id, perPage: 200 }),
      landscape.listRelationships(actor, { organisationId: organisation.id, perPage: 200 }),
    ]);
    const can = landscape.permissions(actor);
    const canManageMembers = can.canEditOrganisation(organisation.id);
    const agreements = canManageMembers ? await landscape.listSharingAgreements(actor, organisation.id) : null;
    const pendingMemberships = await landscape.pendingMemberships(actor, organisation.id);
    const partnerships = relationships.items
      .filter((r) => r.type === 'membership' && r.fromOrganisationId === organisation.id && r.current)
      .map((r) => ({ value: String(r.toOrganisationId), text: r.toOrganisationName }));
    if (organisation.localAuthorityId)
      partnerships.push({
        value: String(organisation.localAuthorityId),
        text: organisation.localAuthorityName ?? 'Local authority',
      });
    return {
      title: organisation.name,
      organisation,
      facts: organisationFacts(organisation),
      people,
      assignments,
      canEdit: can.canEditOrganisation(organisation.id),
      members: canManageMembers ? await accounts.listMembers(actor!, organisation.id) : null,
      agreements,
      pendingMemberships,
      partnerships,
      memberRoles: MEMBER_ROLE_ITEMS,
      relationships: {
        ...relationships,
        items: relationships.items.map((r) => ({
          ...fromPerspective(r, organisation.id),
          canEdit: can.canEditTie(r.fromOrganisationId, r.toOrganisationId),
        })),
      },
      done: doneOf(query, organisation.id),
      ...vocabulary,
      ...extra,
    };
  }

  app.get<IdRoute>('/organisations/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page(
      'landscape/organisations/views/organisation.njk',
      await organisationPage(request.actor, request.params.id, request.query),
    ),
  );

  app.get<IdRoute>('/organisations/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(organisation.id))
      throw new AppError('forbidden', 'Only a leader of this organisation or an administrator can change it');
    return reply.page('landscape/organisations/views/organisation-form.njk', {
      title: `Change ${organisation.name}`,
      action: `/organisations/${organisation.id}/edit`,
      organisation,
      ...(await organisationFormContext(request.actor, { ...organisation })),
    });
  });

  app.post<IdRoute>('/organisations/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const id = request.params.id;
    try {
      await landscape.updateOrganisation(
        request.actor,
        id,
        parseForm(OrganisationUpdate, request.body, { emptyAsNull: true, labels: LABELS }),
      );
      return reply.redirect(`/organisations/${id}?notice=organisation-saved`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const organisation = await landscape.getOrganisation(request.actor, id);
      const context = {
        title: `Change ${organisation.name}`,
        action: `/organisations/${id}/edit`,
        organisation,
        ...(await organisationFormContext(request.actor, request.body as Record<string, unknown>)),
        ...formErrorContext(invalid, request),
      };
      return reply.page('landscape/organisations/views/organisation-form.njk', context, 400);
    }
  });

  // An email with an account gets the role at once; one without gets an invitation, whose link is shown.
  app.post<IdRoute>('/organisations/:id/members', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const form = parseForm(
        Type.Object({
          email: Type.String({ minLength: 3, maxLength: 254 }),
          role: Type.String({ minLength: 1, maxLength: 20 }),
        }),
        body,
        { labels: { email: 'Email address', role: 'Role' } },
      );
      const result = await accounts.addOrInvite(request.actor!, { ...form, organisationId: organisation.id });
      if ('added' in result)
        return reply.redirect(`/organisations/${organisation.id}?notice=member-saved#members`, 303);
      const page = await organisationPage(request.actor, organisation.id, {}, { invited: result.invited });
      return reply.page('landscape/organisations/views/organisation.njk', page);
    } catch (error) {
      const invalid = asFormProblem(error);
      const page = await organisationPage(
        request.actor,
        organisation.id,
        {},
        formErrorContext(invalid, request, { idPrefix: 'member-' }),
      );
      return reply.page('landscape/organisations/views/organisation.njk', page, 400);
    }
  });

  app.post<IdRoute>('/organisations/:id/sharing', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    try {
      const form = parseForm(SharingForm, request.body, { labels: SHARING_LABELS });
      await landscape.createSharingAgreement(request.actor, { ...form, organisationId: organisation.id });
      return reply.redirect(`/organisations/${organisation.id}?notice=sharing-saved#sharing`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const page = await organisationPage(
        request.actor,
        organisation.id,
        {},
        formErrorContext(invalid, request, { idPrefix: 'share-' }),
      );
      return reply.page('landscape/organisations/views/organisation.njk', page, 400);
    }
  });

  app.post<{ Params: { id: number; userId: number } }>(
    '/organisations/:id/members/:userId/remove',
    { schema: { params: Type.Object({ id: IdParams.properties.id, userId: IdParams.properties.id }) } },
    async (request, reply) => {
      await accounts.removeMembership(request.actor!, request.params.userId, request.params.id);
      return reply.redirect(`/organisations/${request.params.id}?notice=member-removed#members`, 303);
    },
  );
}
