import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { AppError } from '../../platform/http/errors.js';
import { formatDate } from '../../platform/http/views.js';
import { asValidationError, formErrorContext, parseForm, parseQueryLeniently } from '../../platform/http/validate.js';
import {
  ORGANISATION_KINDS,
  ORGANISATION_STATUSES,
  PHASES,
  RELATIONSHIP_TYPES,
  WIDER_SYSTEM_LABELS,
  todayIso,
  type RelationshipType,
} from './landscape.domain.js';
import {
  OrganisationCreate,
  OrganisationListQuery,
  OrganisationUpdate,
  PersonCreate,
  PersonListQuery,
  PersonUpdate,
  RelationshipUpdate,
  RelationshipTypeSchema,
} from './landscape.schemas.js';
import type { AccountsService } from '../accounts/index.js';
import { staffOrganisations } from './landscape.policy.js';
import type { LandscapeService, OrganisationDetail, RelationshipDetail } from './landscape.service.js';

const LABELS: Record<string, string> = {
  kind: 'Kind',
  name: 'Name',
  urn: 'URN',
  laCode: 'Local-authority code',
  groupUid: 'Group UID',
  localAuthorityId: 'Local authority',
  phase: 'Phase',
  schoolType: 'Type of school',
  status: 'Status',
  openedOn: 'Opening date',
  closedOn: 'Closing date',
  pupils: 'Pupils',
  fsmPercent: 'Free school meals (%)',
  postcode: 'Postcode',
  latitude: 'Latitude',
  longitude: 'Longitude',
  website: 'Website',
  description: 'Description',
  email: 'Email address',
  jobTitle: 'Job title',
  organisationId: 'Organisation',
  personRef: 'Reference',
  type: 'Type of relationship',
  direction: 'Direction',
  otherId: 'Other organisation',
  startDate: 'Start date',
  endDate: 'End date',
  note: 'Note',
  roleCode: 'Role',
  role: 'Role',
};

const NOTICES: Record<string, string> = {
  'relationship-added': 'The relationship has been added.',
  'relationship-changed': 'The relationship has been changed.',
  'relationship-ended': 'The relationship has been ended.',
  'membership-requested': 'The membership is waiting for a leader of the other side to approve it.',
  'membership-approve': 'The membership is approved and in force.',
  'membership-decline': 'The membership has been declined.',
  'membership-withdraw': 'The request has been withdrawn.',
  'organisation-saved': 'The organisation has been saved.',
  'person-saved': 'The person has been saved.',
  'role-added': 'The role has been added.',
  'role-ended': 'The role has been ended.',
  'member-saved': 'The member has been saved.',
  'member-removed': 'The member has been removed.',
  'sharing-saved': 'The sharing agreement has been recorded.',
  'sharing-ended': 'The sharing agreement has been ended.',
};

const items = (entries: Record<string, string>, selected: unknown, blank?: string) => [
  ...(blank !== undefined ? [{ value: '', text: blank }] : []),
  ...Object.entries(entries).map(([value, text]) => ({ value, text, selected: value === selected })),
];

const kindLabels = Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([k, v]) => [k, v.label]));
const typeLabels = Object.fromEntries(Object.entries(RELATIONSHIP_TYPES).map(([k, v]) => [k, v.label]));
const statusLabels = Object.fromEntries(ORGANISATION_STATUSES.map((s) => [s, s[0]!.toUpperCase() + s.slice(1)]));

/** Shared lookups every template can use to turn codes into words. */
const vocabulary = { kindLabels, phaseLabels: PHASES, typeLabels, systemLabels: WIDER_SYSTEM_LABELS, statusLabels };

function noticeOf(query: unknown): string | undefined {
  const notice = (query as Record<string, unknown>)?.notice;
  return typeof notice === 'string' ? NOTICES[notice] : undefined;
}

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

function pagination(total: number, page: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return {
    total,
    page,
    perPage,
    pages,
    first: total === 0 ? 0 : (page - 1) * perPage + 1,
    last: Math.min(total, page * perPage),
  };
}

const MEMBER_ROLE_ITEMS = [
  { value: 'leader', text: 'Leader: changes the organisation, its people, roles and ties, and its members' },
  { value: 'member', text: 'Member: sees its people’s contact details' },
  { value: 'viewer', text: 'Viewer: sees what every signed-in user sees' },
  { value: 'coordinator', text: 'Coordinator (of a partnership, network or trust): as a leader' },
];

/** Whether the actor leads any organisation (or administers Syslead), so may start adding people or roles. */
function canAddPeople(actor: Actor | undefined): boolean {
  return Boolean(
    actor && (actor.isAdmin || actor.memberships.some((m) => m.role === 'leader' || m.role === 'coordinator')),
  );
}

/** The landscape's HTML pages: organisations, people, roles and relationships. */
export function registerLandscapePages(
  fastify: FastifyInstance,
  landscape: LandscapeService,
  accounts: AccountsService,
) {
  const app = fastify;

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

  app.get('/organisations', async (request, reply) => {
    const filter = parseQueryLeniently<Record<string, unknown>>(OrganisationListQuery, request.query);
    const result = await landscape.listOrganisations(request.actor, filter);
    const las = await landscape.listLocalAuthorities(request.actor);
    return reply.page('landscape/views/organisation-list.njk', {
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
    return reply.page('landscape/views/organisation-form.njk', {
      title: 'Add an organisation',
      action: '/organisations',
      ...(await organisationFormContext(request.actor, {})),
    });
  });

  app.post('/organisations', async (request, reply) => {
    try {
      const created = await landscape.createOrganisation(request.actor, parseForm(OrganisationCreate, request.body));
      return reply.redirect(`/organisations/${created.id}?notice=organisation-saved`, 303);
    } catch (error) {
      const invalid = asValidationOrConflict(error);
      const context = {
        title: 'Add an organisation',
        action: '/organisations',
        ...(await organisationFormContext(request.actor, request.body as Record<string, unknown>)),
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/organisation-form.njk', context, 400);
    }
  });

  app.get<IdRoute>('/organisations/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const actor = request.actor;
    const organisation = await landscape.getOrganisation(actor, request.params.id);
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
    return reply.page('landscape/views/organisation.njk', {
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
      notice: noticeOf(request.query),
      ...vocabulary,
    });
  });

  app.get<IdRoute>('/organisations/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(organisation.id))
      throw new AppError('forbidden', 'Only a leader of this organisation or an administrator can change it');
    return reply.page('landscape/views/organisation-form.njk', {
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
        parseForm(OrganisationUpdate, request.body, { emptyAsNull: true }),
      );
      return reply.redirect(`/organisations/${id}?notice=organisation-saved`, 303);
    } catch (error) {
      const invalid = asValidationOrConflict(error);
      const organisation = await landscape.getOrganisation(request.actor, id);
      const context = {
        title: `Change ${organisation.name}`,
        action: `/organisations/${id}/edit`,
        organisation,
        ...(await organisationFormContext(request.actor, request.body as Record<string, unknown>)),
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/organisation-form.njk', context, 400);
    }
  });

  // Adding a relationship is two steps that work without JavaScript: find the other organisation, then describe the tie.
  app.get<IdRoute>('/organisations/:id/relationships/new', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(organisation.id))
      throw new AppError('forbidden', 'Only a leader of this organisation or an administrator can add its ties');
    const query = request.query as Record<string, string | undefined>;
    const q = (query.q ?? '').trim().slice(0, 200);
    const otherId = Number(query.otherId);
    if (Number.isInteger(otherId) && otherId > 0) {
      const other = await landscape.getOrganisation(request.actor, otherId);
      return reply.page(
        'landscape/views/relationship-form.njk',
        relationshipFormContext(organisation, other, { direction: 'outward', type: 'partnership' }),
      );
    }
    const matches = q
      ? (await landscape.listOrganisations(request.actor, { q, perPage: 20 })).items.filter(
          (o) => o.id !== organisation.id,
        )
      : [];
    return reply.page('landscape/views/relationship-find.njk', {
      title: `Add a relationship for ${organisation.name}`,
      organisation,
      q,
      matches,
      searched: q !== '',
      ...vocabulary,
    });
  });

  function relationshipFormContext(
    organisation: { id: number; name: string },
    other: { id: number; name: string },
    values: Record<string, unknown>,
  ) {
    return {
      title: `Add a relationship for ${organisation.name}`,
      organisation,
      other,
      values,
      typeItems: items(typeLabels, values.type),
      ...vocabulary,
    };
  }

  app.post<IdRoute>('/organisations/:id/relationships', { schema: { params: IdParams } }, async (request, reply) => {
    const organisation = await landscape.getOrganisation(request.actor, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = Type.Object({
      type: RelationshipTypeSchema,
      otherId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
      direction: Type.Union([Type.Literal('outward'), Type.Literal('inward')]),
      startDate: Type.Optional(Type.String({ format: 'date' })),
      endDate: Type.Optional(Type.String({ format: 'date' })),
      note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    });
    try {
      const input = parseForm(form, body);
      const [from, to] =
        input.direction === 'outward' ? [organisation.id, input.otherId] : [input.otherId, organisation.id];
      if (input.type === 'membership') {
        const result = await landscape.requestMembership(request.actor, {
          memberId: from,
          partnershipId: to,
          startDate: input.startDate,
          endDate: input.endDate,
          note: input.note,
        });
        return reply.redirect(
          `/organisations/${organisation.id}?notice=${'requestId' in result ? 'membership-requested#memberships' : 'relationship-added#relationships'}`,
          303,
        );
      }
      await landscape.createRelationship(request.actor, {
        type: input.type,
        fromOrganisationId: from,
        toOrganisationId: to,
        startDate: input.startDate,
        endDate: input.endDate,
        note: input.note,
      });
      return reply.redirect(`/organisations/${organisation.id}?notice=relationship-added#relationships`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const other = await landscape.getOrganisation(request.actor, Number(body.otherId)).catch(() => undefined);
      if (!other) throw invalid;
      return reply.page(
        'landscape/views/relationship-form.njk',
        { ...relationshipFormContext(organisation, other, body), ...formErrorContext(invalid, LABELS) },
        400,
      );
    }
  });

  app.get<IdRoute>('/relationships/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.getRelationship(request.actor, request.params.id);
    if (
      !landscape.permissions(request.actor).canEditTie(relationship.fromOrganisationId, relationship.toOrganisationId)
    ) {
      throw new AppError(
        'forbidden',
        'Only a leader of one of the two organisations or an administrator can change this tie',
      );
    }
    const back = backTo(request.query, relationship);
    return reply.page('landscape/views/relationship-edit.njk', {
      title: 'Change a relationship',
      relationship,
      back,
      values: relationship,
      typeItems: items(typeLabels, relationship.type),
      ...vocabulary,
    });
  });

  app.post<IdRoute>('/relationships/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.getRelationship(request.actor, request.params.id);
    const back = backTo(request.body, relationship);
    const { back: _back, ...fields } = (request.body ?? {}) as Record<string, unknown>;
    try {
      await landscape.updateRelationship(
        request.actor,
        relationship.id,
        parseForm(RelationshipUpdate, fields, { emptyAsNull: true }),
      );
      return reply.redirect(`/organisations/${back}?notice=relationship-changed#relationships`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      return reply.page(
        'landscape/views/relationship-edit.njk',
        {
          title: 'Change a relationship',
          relationship,
          back,
          values: fields,
          typeItems: items(typeLabels, fields.type),
          ...vocabulary,
          ...formErrorContext(invalid, LABELS),
        },
        400,
      );
    }
  });

  app.post<IdRoute>('/relationships/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const relationship = await landscape.endRelationship(request.actor, request.params.id, todayIso());
    return reply.redirect(
      `/organisations/${backTo(request.body, relationship)}?notice=relationship-ended#relationships`,
      303,
    );
  });

  app.get('/people', async (request, reply) => {
    const filter = parseQueryLeniently<Record<string, unknown>>(PersonListQuery, request.query);
    const result = await landscape.listPeople(request.actor, filter);
    const roles = await landscape.listRoles(request.actor);
    return reply.page('landscape/views/person-list.njk', {
      title: 'People',
      canAddPeople: canAddPeople(request.actor),
      filter,
      result,
      pager: pagination(result.total, result.page, result.perPage),
      roleItems: [
        { value: '', text: 'Any role' },
        ...roles.map((r) => ({ value: r.code, text: r.name, selected: r.code === filter.role })),
      ],
    });
  });

  app.get('/people/new', async (request, reply) => {
    if (!canAddPeople(request.actor))
      throw new AppError('forbidden', 'Only a leader of an organisation or an administrator can add people');
    return reply.page('landscape/views/person-form.njk', {
      title: 'Add a person',
      action: '/people',
      values: request.query,
    });
  });

  app.post('/people', async (request, reply) => {
    try {
      const person = await landscape.createPerson(request.actor, parseForm(PersonCreate, request.body));
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      return reply.page(
        'landscape/views/person-form.njk',
        { title: 'Add a person', action: '/people', values: request.body, ...formErrorContext(invalid, LABELS) },
        400,
      );
    }
  });

  app.get<IdRoute>('/people/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    const assignments = await landscape.listRoleAssignments(request.actor, { personId: person.id, perPage: 200 });
    const canEdit = landscape.permissions(request.actor).canEditOrganisation(person.organisationId);
    return reply.page('landscape/views/person.njk', {
      title: person.name,
      person,
      assignments,
      canEdit,
      notice: noticeOf(request.query),
    });
  });

  app.get<IdRoute>('/people/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    if (!landscape.permissions(request.actor).canEditOrganisation(person.organisationId))
      throw new AppError('forbidden', 'Only a leader of their organisation or an administrator can change this person');
    return reply.page('landscape/views/person-form.njk', {
      title: `Change ${person.name}`,
      action: `/people/${person.id}/edit`,
      values: person,
      person,
    });
  });

  app.post<IdRoute>('/people/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    try {
      await landscape.updatePerson(
        request.actor,
        person.id,
        parseForm(PersonUpdate, request.body, { emptyAsNull: true }),
      );
      return reply.redirect(`/people/${person.id}?notice=person-saved`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const context = {
        title: `Change ${person.name}`,
        action: `/people/${person.id}/edit`,
        values: request.body,
        person,
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/person-form.njk', context, 400);
    }
  });

  app.get<IdRoute>('/people/:id/roles/new', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    if (!canAddPeople(request.actor))
      throw new AppError('forbidden', 'Only a leader of an organisation or an administrator can add roles');
    const q = String((request.query as Record<string, unknown>).q ?? '')
      .trim()
      .slice(0, 200);
    return reply.page(
      'landscape/views/role-assignment-form.njk',
      await roleFormContext(request.actor, person, q, { organisationId: person.organisationId }),
    );
  });

  async function roleFormContext(
    actor: Actor | undefined,
    person: { id: number; name: string; organisationId: number | null; organisationName: string | null },
    q: string,
    values: Record<string, unknown>,
  ) {
    const roles = await landscape.listRoles(actor);
    const matches = q ? (await landscape.listOrganisations(actor, { q, perPage: 20 })).items : [];
    const chosen = Number(values.organisationId);
    const organisations = [
      ...(person.organisationId ? [{ id: person.organisationId, name: person.organisationName ?? '' }] : []),
      ...matches.filter((m) => m.id !== person.organisationId).map((m) => ({ id: m.id, name: m.name })),
    ];
    return {
      title: `Add a role for ${person.name}`,
      person,
      q,
      values,
      roleItems: [
        { value: '', text: 'Choose a role' },
        ...roles.map((r) => ({ value: r.code, text: r.name, selected: r.code === values.roleCode })),
      ],
      organisationItems: organisations.map((o) => ({ value: String(o.id), text: o.name, checked: o.id === chosen })),
    };
  }

  app.post<IdRoute>('/people/:id/roles', { schema: { params: IdParams } }, async (request, reply) => {
    const person = await landscape.getPerson(request.actor, request.params.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = Type.Object({
      roleCode: Type.String({ minLength: 1, maxLength: 100 }),
      organisationId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
      startDate: Type.Optional(Type.String({ format: 'date' })),
      endDate: Type.Optional(Type.String({ format: 'date' })),
    });
    try {
      const input = parseForm(form, { ...body, q: undefined });
      await landscape.createRoleAssignment(request.actor, { ...input, personId: person.id });
      return reply.redirect(`/people/${person.id}?notice=role-added`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      const context = {
        ...(await roleFormContext(request.actor, person, String(body.q ?? ''), body)),
        ...formErrorContext(invalid, LABELS),
      };
      return reply.page('landscape/views/role-assignment-form.njk', context, 400);
    }
  });

  app.post<IdRoute>('/role-assignments/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    const assignment = await landscape.getRoleAssignment(request.actor, request.params.id);
    const today = todayIso();
    await landscape.updateRoleAssignment(request.actor, assignment.id, {
      endDate: assignment.startDate && assignment.startDate > today ? assignment.startDate : today,
    });
    return reply.redirect(`/people/${assignment.personId}?notice=role-ended`, 303);
  });

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
      );
      await accounts.setMembership(request.actor!, { ...form, organisationId: organisation.id });
      return reply.redirect(`/organisations/${organisation.id}?notice=member-saved#members`, 303);
    } catch (error) {
      const invalid = asValidationError(error);
      throw new AppError(
        'validation',
        `The member could not be added: ${(invalid.details ?? []).map((d) => `${LABELS[d.field] ?? d.field} ${d.message}`).join('; ')}`,
      );
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

  app.get('/roles', async (request, reply) => {
    const roles = await landscape.listRoles(request.actor);
    const total = roles.reduce((sum, r) => sum + r.currentAssignments, 0);
    return reply.page('landscape/views/roles.njk', { title: 'System-leadership roles', roles, total });
  });
}

/** Where to return after changing a relationship: the end the user came from, else its first end. */
function backTo(source: unknown, relationship: { fromOrganisationId: number; toOrganisationId: number }): number {
  const back = Number((source as Record<string, unknown>)?.back);
  return back === relationship.toOrganisationId ? back : relationship.fromOrganisationId;
}

function asValidationOrConflict(error: unknown): AppError {
  if (error instanceof AppError && error.code === 'conflict')
    return new AppError('validation', error.message, error.details);
  return asValidationError(error);
}
