import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorResponses, IdParams, safeNext, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { signInRateLimit, type Actor } from '../../platform/http/http-platform.js';
import { qrSvg } from '../../platform/http/qr.js';
import { asFormProblem, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { ChangePasswordForm, MeView, SignInForm, TokenCreateBody, TokenView } from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';

const LABELS: Record<string, string> = {
  email: 'Email address',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  name: 'Name',
  code: 'Code',
  currentCode: 'Code from the app you use now',
  scope: 'What the token may do',
};

/** How long a sign-in at an identity provider may take, and its browser binding live. */
const SSO_BINDING_SECONDS = 10 * 60;

export function registerAccountsRoutes(
  fastify: FastifyInstance,
  accounts: AccountsService,
  signInAttemptsPerMinute: number,
) {
  const app = fastify;

  app.addHook('onReady', async () => {
    await accounts.sso.loadFormActionOrigins();
  });

  /** The sign-in page; its identity-provider form may lead on to the providers' own pages. */
  function signInPage(reply: FastifyReply, context: Record<string, unknown>, status = 200) {
    reply.allowFormAction(accounts.sso.formActionOrigins());
    return reply.page('accounts/views/sign-in.njk', { title: 'Sign in', ...context }, status);
  }

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    const next = safeNext((request.query as Record<string, unknown>).next);
    return signInPage(reply, { next, values: {} });
  });

  app.post(
    '/sign-in',
    { config: { public: true, ...signInRateLimit(signInAttemptsPerMinute) } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const next = safeNext(body?.next);
      const values = { email: typeof body?.email === 'string' ? body.email : '' };
      try {
        const form = parseForm(SignInForm, body, { labels: LABELS });
        const session = await accounts.signIn(form.email, form.password, request.ip);
        if (request.sessionToken) await accounts.signOut(request.sessionToken);
        reply.startSession(session.token, session.expiresAt);
        if (session.secondFactorPending)
          return reply.redirect(`/sign-in/two-factor?next=${encodeURIComponent(next)}`, 303);
        return reply.redirect(session.actor.mustChangePassword ? '/account/password' : next, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'unauthenticated') {
          const errors = { errors: { email: error.message }, errorList: [{ text: error.message, href: '#email' }] };
          return signInPage(reply, { next, values, ...errors }, 401);
        }
        const invalid = asFormProblem(error);
        return signInPage(reply, { next, values, ...formErrorContext(invalid, request) }, 400);
      }
    },
  );

  app.post(
    '/sign-in/sso',
    { config: { public: true, ...signInRateLimit(signInAttemptsPerMinute) } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(body.next);
      const email = typeof body.ssoEmail === 'string' ? body.ssoEmail.trim().slice(0, 254) : '';
      try {
        // The return address is the configured public one, never built from the Host header.
        const redirectUri = `${app.publicUrl}/sign-in/sso/callback`;
        const started = await accounts.sso.start(email, redirectUri, next);
        // Only the browser that started this sign-in may finish it.
        reply.bindToBrowser('sso', started.state, SSO_BINDING_SECONDS);
        return reply.redirect(started.url, 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'validation' && error.code !== 'unavailable')) throw error;
        const errors = { errors: { ssoEmail: error.message }, errorList: [{ text: error.message, href: '#ssoEmail' }] };
        return signInPage(
          reply,
          { next, values: { ssoEmail: email }, ...errors },
          error.code === 'validation' ? 400 : 503,
        );
      }
    },
  );

  app.get('/sign-in/sso/callback', { config: { public: true } }, async (request, reply) => {
    try {
      const current = new URL(request.url, app.publicUrl);
      const bound = request.isBoundToBrowser('sso', current.searchParams.get('state') ?? '');
      reply.unbindFromBrowser('sso');
      if (!bound) {
        throw new AppError(
          'unauthenticated',
          'This sign-in was not started in this browser, or was started too long ago; start again here with your work email address',
        );
      }
      const session = await accounts.finishSsoSignIn(current, request.ip);
      if (request.sessionToken) await accounts.signOut(request.sessionToken);
      reply.startSession(session.token, session.expiresAt);
      if (session.secondFactorPending)
        return reply.redirect(`/sign-in/two-factor?next=${encodeURIComponent(session.next)}`, 303);
      return reply.redirect(session.next, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'unauthenticated') throw error;
      const errors = { errors: { ssoEmail: error.message }, errorList: [{ text: error.message, href: '#ssoEmail' }] };
      return signInPage(reply, { next: '/', values: {}, ...errors }, 401);
    }
  });

  app.get('/sign-in/two-factor', { config: { secondFactor: true } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    return reply.page('accounts/views/two-factor.njk', {
      title: 'Enter the code from your app',
      next: safeNext((request.query as Record<string, unknown>).next),
    });
  });

  app.post(
    '/sign-in/two-factor',
    { config: { secondFactor: true, ...signInRateLimit(signInAttemptsPerMinute) } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(body.next);
      if (!request.secondFactorPending || !request.sessionToken) return reply.redirect('/sign-in', 303);
      try {
        const form = parseForm(
          Type.Object({
            code: Type.String({ minLength: 1, maxLength: 20 }),
            next: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          body,
          { labels: LABELS },
        );
        const session = await accounts.completeSecondFactor(request.sessionToken, form.code, request.ip);
        reply.startSession(session.token, session.expiresAt);
        return reply.redirect(session.actor.mustChangePassword ? '/account/password' : next, 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        return reply.page(
          'accounts/views/two-factor.njk',
          { title: 'Enter the code from your app', next, ...formErrorContext(invalid, request) },
          400,
        );
      }
    },
  );

  /** The set-up page: the key as a QR code (made here, so no JavaScript is needed) and as text. */
  async function setupContext(actor: Actor) {
    const setup = await accounts.startSecondFactor(actor);
    return {
      title: 'Set up two-factor sign-in',
      ...setup,
      qr: await qrSvg(setup.uri, 'QR code of the key for your authenticator app'),
      secretGroups: setup.secret.match(/.{4}/g)!.join(' '),
      required: actor.mustEnrolSecondFactor,
    };
  }

  app.get('/account/two-factor', { config: { accountSetup: true } }, async (request, reply) =>
    reply.page('accounts/views/two-factor-setup.njk', await setupContext(request.actor!)),
  );

  app.post(
    '/account/two-factor',
    { config: { accountSetup: true, ...signInRateLimit(signInAttemptsPerMinute) } },
    async (request, reply) => {
      try {
        const form = parseForm(
          Type.Object({
            code: Type.String({ minLength: 1, maxLength: 20 }),
            currentCode: Type.Optional(Type.String({ maxLength: 20 })),
          }),
          request.body,
          { labels: LABELS },
        );
        const { recoveryCodes } = await accounts.confirmSecondFactor(request.actor!, form.code, form.currentCode);
        // Shown in this answer only: the codes are kept as hashes and cannot be shown again.
        reply.header('cache-control', 'no-store');
        return reply.page('accounts/views/recovery-codes.njk', {
          title: 'Two-factor sign-in is on: save your recovery codes',
          done: { text: 'Two-factor sign-in is on.' },
          turnedOn: true,
          recoveryCodes,
        });
      } catch (error) {
        const invalid = asFormProblem(error);
        const context = { ...(await setupContext(request.actor!)), ...formErrorContext(invalid, request) };
        return reply.page('accounts/views/two-factor-setup.njk', context, 400);
      }
    },
  );

  app.get('/account/recovery-codes', async (request, reply) =>
    reply.page('accounts/views/recovery-codes-new.njk', {
      title: 'Make new recovery codes',
      ...(await accounts.twoFactorStatus(request.actor!)),
    }),
  );

  // A code from the app is checked here, so this is limited like signing in.
  app.post('/account/recovery-codes', { config: signInRateLimit(signInAttemptsPerMinute) }, async (request, reply) => {
    try {
      const form = parseForm(Type.Object({ currentCode: Type.String({ minLength: 1, maxLength: 20 }) }), request.body, {
        labels: LABELS,
      });
      const { recoveryCodes } = await accounts.replaceRecoveryCodes(request.actor!, form.currentCode);
      reply.header('cache-control', 'no-store');
      return reply.page('accounts/views/recovery-codes.njk', {
        title: 'Your new recovery codes',
        turnedOn: false,
        recoveryCodes,
      });
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'accounts/views/recovery-codes-new.njk',
        {
          title: 'Make new recovery codes',
          ...(await accounts.twoFactorStatus(request.actor!)),
          ...formErrorContext(invalid, request),
        },
        400,
      );
    }
  });

  app.post('/sign-out', { config: { accountSetup: true, secondFactor: true } }, async (request, reply) => {
    if (request.sessionToken) await accounts.signOut(request.sessionToken);
    return reply.endSession().redirect('/sign-in', 303);
  });

  app.get('/account', async (request, reply) => {
    const tokens = await accounts.listTokens(request.actor!);
    return reply.page('accounts/views/account.njk', {
      title: 'Your account',
      tokens,
      twoFactor: await accounts.twoFactorStatus(request.actor!),
      notice: (request.query as Record<string, string>).notice,
    });
  });

  app.get('/account/password', { config: { accountSetup: true } }, async (request, reply) => {
    return reply.page('accounts/views/password.njk', {
      title: 'Choose a new password',
      forced: request.actor!.mustChangePassword,
    });
  });

  // The current password is checked here, so this is limited like signing in.
  app.post(
    '/account/password',
    { config: { accountSetup: true, ...signInRateLimit(signInAttemptsPerMinute) } },
    async (request, reply) => {
      try {
        const form = parseForm(ChangePasswordForm, request.body, { labels: LABELS });
        if (form.newPassword !== form.confirmPassword) {
          throw new AppError('validation', 'The passwords do not match', [
            { field: 'confirmPassword', rule: 'match', message: 'Type the same new password twice' },
          ]);
        }
        await accounts.changePassword(request.actor!, form.currentPassword, form.newPassword, request.sessionToken);
        return reply.redirect('/account?notice=password-changed', 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        const context = {
          title: 'Choose a new password',
          forced: request.actor!.mustChangePassword,
          ...formErrorContext(invalid, request),
        };
        return reply.page('accounts/views/password.njk', context, 400);
      }
    },
  );

  app.post('/account/tokens', async (request, reply) => {
    try {
      const form = parseForm(TokenCreateBody, request.body, { labels: LABELS });
      const created = await accounts.createToken(request.actor!, form.name, form.scope ?? 'read');
      const tokens = await accounts.listTokens(request.actor!);
      return reply.page('accounts/views/account.njk', {
        title: 'Your account',
        tokens,
        newToken: created.token,
        newTokenName: created.record.name,
        newTokenScope: created.record.scope,
      });
    } catch (error) {
      const invalid = asFormProblem(error);
      const tokens = await accounts.listTokens(request.actor!);
      return reply.page(
        'accounts/views/account.njk',
        { title: 'Your account', tokens, form: request.body, ...formErrorContext(invalid, request) },
        400,
      );
    }
  });

  app.post<IdRoute>('/account/tokens/:id/revoke', { schema: { params: IdParams } }, async (request, reply) => {
    await accounts.revokeToken(request.actor!, request.params.id);
    return reply.redirect('/account?notice=token-revoked', 303);
  });

  app.get(
    '/api/v1/me',
    { schema: { tags: ['accounts'], summary: 'The signed-in user', response: { 200: MeView, ...errorResponses } } },
    async (request) => {
      const actor = request.actor!;
      return { id: actor.userId, email: actor.email, name: actor.name, isAdmin: actor.isAdmin };
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Your personal access tokens',
        response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await accounts.listTokens(request.actor!) }),
  );

  app.post<{ Body: Static<typeof TokenCreateBody> }>(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create a personal access token (its secret is shown once)',
        description:
          'Only with a signed-in session of an account that has finished setting up; a token cannot create tokens. `scope` is `read` unless you ask for `write`.',
        body: TokenCreateBody,
        response: { 201: Type.Object({ token: Type.String(), item: TokenView }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await accounts.createToken(request.actor!, request.body.name, request.body.scope ?? 'read');
      return reply.code(201).send({ token: created.token, item: created.record });
    },
  );

  app.delete<IdRoute>(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke one of your tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await accounts.revokeToken(request.actor!, request.params.id);
      return reply.code(204).send();
    },
  );
}
