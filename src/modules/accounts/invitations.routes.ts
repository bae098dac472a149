import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import { signInRateLimit } from '../../platform/http/http-platform.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { AcceptInvitationForm, TokenParams } from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';
import { INVITATION_DAYS } from './invitations.service.js';

const LABELS: Record<string, string> = {
  name: 'Your name',
  password: 'Password',
  confirmPassword: 'Confirm password',
  ssoEmail: 'Sign-in through your organisation',
};
/** How long a sign-in at an identity provider may take, and its browser binding live (as on the sign-in page). */
const SSO_BINDING_SECONDS = 10 * 60;

type TokenRoute = { Params: Static<typeof TokenParams> };

/**
 * The page an invitation's link opens, reachable without signing in and limited like signing
 * in: accept by choosing a password, through the identity provider of the email's domain, or,
 * for an address that already has an account, by signing in as it. A link that is not right,
 * has run out, was withdrawn or was used answers with a plain message (the error page).
 */
export function registerInvitationRoutes(app: FastifyInstance, accounts: AccountsService, attemptsPerMinute: number) {
  const limited = { config: { public: true, ...signInRateLimit(attemptsPerMinute) }, schema: { params: TokenParams } };

  async function invitationPage(
    request: FastifyRequest<TokenRoute>,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const view = await accounts.openInvitation(request.params.token, request.actor);
    // Its identity-provider form is sent on to the provider's own page.
    if (view.providerLabel) reply.allowFormAction(accounts.sso.formActionOrigins());
    return reply.page(
      'accounts/views/invitation.njk',
      {
        title: `Join ${view.invitation.organisationName} on Syslead`,
        ...view,
        token: request.params.token,
        days: INVITATION_DAYS,
        next: `/invitations/${request.params.token}`,
        values: {},
        errors: {},
        ...extra,
      },
      status,
    );
  }

  app.get<TokenRoute>('/invitations/:token', limited, (request, reply) => invitationPage(request, reply));

  app.post<TokenRoute>('/invitations/:token', limited, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.accept === 'signed-in') {
      if (!request.actor) throw new AppError('unauthenticated', 'Sign in first, then open the link again');
      await accounts.acceptAsSignedIn(request.params.token, request.actor);
      return reply.redirect('/', 303);
    }
    try {
      const form = parseForm(AcceptInvitationForm, body, { labels: LABELS });
      if (form.password !== form.confirmPassword)
        throw new AppError('validation', 'The passwords do not match', [
          { field: 'confirmPassword', rule: 'match', message: 'Type the same password twice' },
        ]);
      const session = await accounts.acceptWithPassword(
        request.params.token,
        { name: form.name, password: form.password },
        request.ip,
      );
      if (request.sessionToken) await accounts.signOut(request.sessionToken);
      reply.startSession(session.token, session.expiresAt);
      return reply.redirect('/', 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      const values = { name: typeof body.name === 'string' ? body.name : '' };
      return invitationPage(request, reply, { values, ...formErrorContext(invalid, request) }, 400);
    }
  });

  app.post<TokenRoute>('/invitations/:token/sso', limited, async (request, reply) => {
    try {
      // The return address is the configured public one, never built from the Host header.
      const started = await accounts.startAcceptingThroughProvider(
        request.params.token,
        `${app.publicUrl}/sign-in/sso/callback`,
      );
      reply.bindToBrowser('sso', started.state, SSO_BINDING_SECONDS);
      return reply.redirect(started.url, 303);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'unavailable')) throw error;
      const errors = { errors: { ssoEmail: error.message }, errorList: [{ text: error.message, href: '#sso' }] };
      return invitationPage(request, reply, errors, error.code === 'validation' ? 400 : 503);
    }
  });
}
