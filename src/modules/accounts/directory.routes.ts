import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { asFormProblem, formErrorContext, parseForm, parseQueryLeniently } from '../../platform/http/validate.js';
import {
  AccountListQuery,
  AccountView,
  InvitationCreateBody,
  InvitationForm,
  InvitationView,
  MembershipParams,
  MembershipRoleBody,
} from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';
import { INVITATION_DAYS } from './invitations.service.js';

const tags = ['accounts'];
const LABELS: Record<string, string> = { email: 'Email address', organisationId: 'Organisation', role: 'Role' };

export const ROLE_ITEMS = [
  { value: 'leader', text: 'Leader: changes the organisation, its people, roles and ties, and who belongs to it' },
  { value: 'coordinator', text: 'Coordinator (of a partnership, network or trust): as a leader' },
  { value: 'member', text: 'Member: also sees the contact details of its people' },
  { value: 'viewer', text: 'Viewer: sees what every signed-in person sees' },
];

const NOTICES: Record<string, string> = {
  'invitation-withdrawn': 'The invitation has been withdrawn: its link no longer works.',
  'role-changed': 'The role has been changed.',
  'member-removed': 'They no longer belong to that organisation.',
  'account-disabled': 'The account has been disabled: its sessions and tokens have ended.',
  'account-enabled': 'The account can sign in again.',
  'two-factor-reset': 'Two-factor sign-in has been reset: its sessions and tokens have ended.',
};

type ListQuery = Static<typeof AccountListQuery>;
type MembershipRoute = { Params: Static<typeof MembershipParams> };

/** A refusal a form shows beside its field (a conflict such as "already invited") rather than on an error page. */
/** The page of people with accounts (administrators: all; leaders: their organisations'), its forms, and the API. */
export function registerDirectoryRoutes(app: FastifyInstance, accounts: AccountsService) {
  async function peoplePage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const actor = request.actor!;
    const filter = parseQueryLeniently<ListQuery>(AccountListQuery, request.query);
    const [result, invitations, choices] = await Promise.all([
      accounts.listAccounts(actor, filter),
      accounts.listInvitations(actor, { organisationId: filter.organisationId }),
      accounts.organisationChoices(actor, filter.organisationId),
    ]);
    const form = (extra.form ?? {}) as Record<string, unknown>;
    const chosen = String(form.organisationId ?? filter.organisationId ?? '');
    const query = (page: number) =>
      `/accounts?${new URLSearchParams({
        ...(filter.organisationId ? { organisationId: String(filter.organisationId) } : {}),
        ...(filter.q ? { q: filter.q } : {}),
        page: String(page),
      }).toString()}`;
    const notice = (request.query as Record<string, unknown>).notice;
    return {
      title: 'People with accounts',
      days: INVITATION_DAYS,
      result,
      filter,
      previous: result.page > 1 ? query(result.page - 1) : undefined,
      next: result.page * result.perPage < result.total ? query(result.page + 1) : undefined,
      pending: invitations.filter((i) => i.status === 'pending'),
      earlier: invitations.filter((i) => i.status !== 'pending').slice(0, 20),
      organisationItems: choices.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === chosen })),
      filterItems: [
        { value: '', text: actor.isAdmin ? 'Every organisation' : 'All you lead' },
        ...choices.map((o) => ({ value: String(o.id), text: o.name, selected: o.id === filter.organisationId })),
      ],
      roleItems: ROLE_ITEMS.map((r) => ({ ...r, checked: r.value === (form.role ?? 'member') })),
      roles: ROLE_ITEMS.map((r) => ({ value: r.value, text: r.value[0]!.toUpperCase() + r.value.slice(1) })),
      notice: typeof notice === 'string' ? NOTICES[notice] : undefined,
      form,
      errors: {},
      ...extra,
    };
  }

  app.get('/accounts', async (request, reply) => reply.page('accounts/views/people.njk', await peoplePage(request)));

  app.post('/accounts/invitations', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const created = await accounts.createInvitation(
        request.actor,
        parseForm(InvitationForm, body, { labels: LABELS }),
      );
      return reply.page('accounts/views/people.njk', await peoplePage(request, { created }));
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'accounts/views/people.njk',
        await peoplePage(request, { form: body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  app.post<IdRoute>('/accounts/invitations/:id/withdraw', { schema: { params: IdParams } }, async (request, reply) => {
    await accounts.withdrawInvitation(request.actor, request.params.id);
    return reply.redirect('/accounts?notice=invitation-withdrawn', 303);
  });

  const MembershipForm = Type.Object({ organisationId: IdParams.properties.id, role: Type.String({ maxLength: 20 }) });
  app.post<IdRoute>('/accounts/:id/role', { schema: { params: IdParams } }, async (request, reply) => {
    const form = parseForm(MembershipForm, request.body, { labels: LABELS });
    await accounts.changeRole(request.actor!, request.params.id, form.organisationId, form.role);
    return reply.redirect('/accounts?notice=role-changed', 303);
  });

  app.post<IdRoute>('/accounts/:id/remove', { schema: { params: IdParams } }, async (request, reply) => {
    const form = parseForm(Type.Object({ organisationId: IdParams.properties.id }), request.body);
    await accounts.removeMembership(request.actor!, request.params.id, form.organisationId);
    return reply.redirect('/accounts?notice=member-removed', 303);
  });

  app.post<IdRoute>('/accounts/:id/disable', { schema: { params: IdParams } }, async (request, reply) => {
    await accounts.disableAccount(request.actor, request.params.id);
    return reply.redirect('/accounts?notice=account-disabled', 303);
  });

  app.post<IdRoute>('/accounts/:id/enable', { schema: { params: IdParams } }, async (request, reply) => {
    await accounts.enableAccount(request.actor, request.params.id);
    return reply.redirect('/accounts?notice=account-enabled', 303);
  });

  app.post<IdRoute>('/accounts/:id/reset-two-factor', { schema: { params: IdParams } }, async (request, reply) => {
    await accounts.resetSecondFactorOf(request.actor!, request.params.id);
    return reply.redirect('/accounts?notice=two-factor-reset', 303);
  });

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'People with accounts: all for administrators, those of the organisations you lead for leaders',
        description: 'Leaders see only the memberships of the organisations they lead. 50 a page.',
        querystring: AccountListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AccountView),
            total: Type.Integer(),
            page: Type.Integer(),
            perPage: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => accounts.listAccounts(request.actor, request.query),
  );

  app.put<MembershipRoute & { Body: Static<typeof MembershipRoleBody> }>(
    '/api/v1/accounts/:id/memberships/:organisationId',
    {
      schema: {
        tags,
        summary: 'Change the role of someone who belongs to an organisation you lead',
        params: MembershipParams,
        body: MembershipRoleBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.changeRole(request.actor!, request.params.id, request.params.organisationId, request.body.role);
      return reply.code(204).send();
    },
  );

  app.delete<MembershipRoute>(
    '/api/v1/accounts/:id/memberships/:organisationId',
    {
      schema: {
        tags,
        summary: 'Remove someone from an organisation you lead',
        params: MembershipParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.removeMembership(request.actor!, request.params.id, request.params.organisationId);
      return reply.code(204).send();
    },
  );

  for (const [path, summary, act] of [
    [
      'disable',
      'Disable an account (administrators): it cannot sign in, and its sessions and tokens end now',
      accounts.disableAccount,
    ],
    ['enable', 'Enable a disabled account again (administrators); its old tokens stay revoked', accounts.enableAccount],
  ] as const) {
    app.post<IdRoute>(
      `/api/v1/accounts/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          response: { 200: Type.Object({ changed: Type.Boolean() }), ...errorResponses },
        },
      },
      async (request) => act(request.actor, request.params.id),
    );
  }

  app.post<IdRoute>(
    '/api/v1/accounts/:id/reset-two-factor',
    {
      schema: {
        tags,
        summary: 'Turn off an account’s two-factor sign-in (administrators); its sessions and tokens end',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.resetSecondFactorOf(request.actor!, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { organisationId?: number } }>(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations to the organisations you lead (all for administrators), newest first',
        querystring: Type.Object({ organisationId: Type.Optional(IdParams.properties.id) }),
        response: { 200: Type.Object({ items: Type.Array(InvitationView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await accounts.listInvitations(request.actor, request.query) }),
  );

  app.post<{ Body: Static<typeof InvitationCreateBody> }>(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a person by email to an organisation you lead, with a role',
        description: `The link works once, for ${INVITATION_DAYS} days. It is emailed to them when email is on; it is also in the answer to pass on yourself.`,
        body: InvitationCreateBody,
        response: { 201: Type.Object({ item: InvitationView, link: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await accounts.createInvitation(request.actor, request.body);
      return reply.code(201).send({ item: created.invitation, link: created.link });
    },
  );

  app.post<IdRoute>(
    '/api/v1/invitations/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation: its link stops working',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.withdrawInvitation(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
}
