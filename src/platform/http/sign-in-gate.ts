import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unfinishedSetUp, viaToken, type Actor, type Authenticator } from './actor.js';
import { SESSION_COOKIE } from './cookies.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** Password given, second factor still to come: no rights yet. */
    secondFactorPending?: boolean;
    sessionToken?: string;
    authMethod?: 'session' | 'token';
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Reachable while the user must still finish setting up their account (password, two-factor). */
    accountSetup?: boolean;
    /** Reachable with a session that still has to give its second factor. */
    secondFactor?: boolean;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Whether a request is to the API (answered in JSON) rather than the pages. */
export function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * The one rule of what a signed-in caller may reach, by how they arrived. Services still
 * check who may do what; this decides which doors are open at all.
 * - A personal access token works with the API only, never with the pages.
 * - An account that has not finished setting up (its one-time password not replaced, or an
 *   administrator without two-factor sign-in) reaches only the set-up routes: pages send it
 *   there, anything else is refused.
 * - A read token may only GET (or HEAD).
 */
export function accessRefusal(
  actor: Actor,
  request: { method: string; api: boolean; accountSetup: boolean },
): { redirect: string } | { error: AppError } | undefined {
  if (viaToken(actor) && !request.api) {
    return {
      error: new AppError(
        'forbidden',
        'An access token works only with the API (addresses under /api/v1/); sign in to use the pages',
      ),
    };
  }
  const setUp = unfinishedSetUp(actor);
  if (setUp && !request.accountSetup) {
    if (!request.api && READ_METHODS.has(request.method) && actor.via === 'session') return { redirect: setUp.page };
    return { error: new AppError('forbidden', setUp.message) };
  }
  if (actor.via === 'read-token' && !READ_METHODS.has(request.method)) {
    return {
      error: new AppError(
        'forbidden',
        'This access token may only read (GET); to make changes, create a token with write access on your account page',
      ),
    };
  }
  return undefined;
}

/**
 * The gate every request passes first: a bearer token or the session cookie becomes
 * `request.actor`; then anything not public needs an actor, and `accessRefusal` decides the rest.
 */
export function registerSignInGate(app: FastifyInstance, authenticator: Authenticator): void {
  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const actor = await authenticator.actorFromBearer(authorization.slice(7).trim());
      if (!actor) throw new AppError('unauthenticated', 'The access token is not valid or has been revoked');
      request.actor = { ...actor, via: actor.via === 'write-token' ? 'write-token' : 'read-token', ip: request.ip };
      request.authMethod = 'token';
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const state = await authenticator.actorFromSession(token);
        if (state?.secondFactorPending) {
          request.secondFactorPending = true;
          request.sessionToken = token;
        } else if (state) {
          request.actor = { ...state.actor, via: 'session', ip: request.ip };
          request.sessionToken = token;
          request.authMethod = 'session';
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }

    const config = request.routeOptions.config;
    if (config.public || request.url.startsWith('/static/')) return;
    if (config.secondFactor && request.secondFactorPending) return;
    if (!request.actor) {
      if (isApi(request) || request.method !== 'GET')
        throw new AppError('unauthenticated', 'Sign in or send an access token');
      if (request.secondFactorPending) return reply.redirect('/sign-in/two-factor', 303);
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    const refusal = accessRefusal(request.actor, {
      method: request.method,
      api: isApi(request),
      accountSetup: config.accountSetup === true,
    });
    if (refusal && 'redirect' in refusal) return reply.redirect(refusal.redirect, 303);
    if (refusal) throw refusal.error;
  });
}
