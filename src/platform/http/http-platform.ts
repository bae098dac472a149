import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, STATUS_OF } from './errors.js';
import { toAppError } from './error-mapping.js';
import { bodyProblems } from './validate.js';
import type { Renderer } from './views.js';

/** Who is making a request, as the services see them. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  isAdmin: boolean;
  mustChangePassword: boolean;
  /** The organisations the user belongs to, and in what role (leader, member, viewer, coordinator). */
  memberships: Array<{ organisationId: number; role: string }>;
  /** Where the request came from, for the audit trail. */
  ip?: string;
  /** An administrator who has not yet set up two-factor sign-in (required for them). */
  mustEnrolSecondFactor?: boolean;
  /**
   * How the caller arrived: a signed-in browser session, a personal access token that may
   * only read or may also write, or the command line. Absent for work the application does
   * itself (tests, the demo loader).
   */
  via?: 'session' | 'read-token' | 'write-token' | 'cli';
}

/** Whether the caller is using a personal access token (of either scope). */
export function viaToken(actor: Pick<Actor, 'via'>): boolean {
  return actor.via === 'read-token' || actor.via === 'write-token';
}

/** What an account still has to do before anything else opens, or undefined when it is set up. */
export function unfinishedSetUp(actor: Pick<Actor, 'mustChangePassword' | 'mustEnrolSecondFactor'>): { message: string; page: string } | undefined {
  if (actor.mustChangePassword) return { message: 'Finish setting up your account first: choose a new password (at /account/password)', page: '/account/password' };
  if (actor.mustEnrolSecondFactor) return { message: 'Finish setting up your account first: set up two-factor sign-in (at /account/two-factor)', page: '/account/two-factor' };
  return undefined;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one rule of what a signed-in caller may reach, by how they arrived. Services still
 * check who may do what; this decides which doors are open at all.
 * - A personal access token works with the API only, never with the pages.
 * - An account that has not finished setting up (its one-time password not replaced, or an
 *   administrator without two-factor sign-in) reaches only the set-up routes: pages send it
 *   there, anything else is refused.
 * - A read token may only GET (or HEAD).
 */
export function accessRefusal(actor: Actor, request: { method: string; api: boolean; accountSetup: boolean }): { redirect: string } | { error: AppError } | undefined {
  if (viaToken(actor) && !request.api) {
    return { error: new AppError('forbidden', 'An access token works only with the API (addresses under /api/v1/); sign in to use the pages') };
  }
  const setUp = unfinishedSetUp(actor);
  if (setUp && !request.accountSetup) {
    if (!request.api && READ_METHODS.has(request.method) && actor.via === 'session') return { redirect: setUp.page };
    return { error: new AppError('forbidden', setUp.message) };
  }
  if (actor.via === 'read-token' && !READ_METHODS.has(request.method)) {
    return { error: new AppError('forbidden', 'This access token may only read (GET); to make changes, create a token with write access on your account page') };
  }
  return undefined;
}

/** A session: the signed-in actor, or one that still has to give its second factor. */
export type SessionState = { actor: Actor; secondFactorPending: boolean };

/** How the platform turns credentials into an actor; supplied by the accounts module. */
export interface Authenticator {
  actorFromSession(sessionToken: string): Promise<SessionState | undefined>;
  actorFromBearer(token: string): Promise<Actor | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Throws unless the token is this client's CSRF token (for handlers of multipart forms). */
    verifyCsrf(token: unknown): void;
    actor?: Actor;
    /** Password given, second factor still to come: no rights yet. */
    secondFactorPending?: boolean;
    sessionToken?: string;
    authMethod?: 'session' | 'token';
    /** Origins, besides this site, that this page's forms may be sent to (and redirected through). */
    formActionOrigins?: string[];
    /** Whether this browser holds the binding set by `reply.bindToBrowser(purpose, value)`. */
    isBoundToBrowser(purpose: string, value: string): boolean;
  }
  interface FastifyInstance {
    /** The configured public address of the site (scheme, host, port), for absolute links. */
    publicUrl: string;
  }
  interface FastifyReply {
    /** Renders a page with the layout's common context (user, CSRF token, current path). */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
    /** Starts a signed-in session in a fresh cookie (never reusing one the client sent). */
    startSession(token: string, expiresAt: Date): FastifyReply;
    endSession(): FastifyReply;
    /**
     * Ties a value (such as the state of a sign-in at an identity provider) to this browser:
     * a short-lived HttpOnly cookie holding an HMAC of it under the application's secret.
     */
    bindToBrowser(purpose: string, value: string, maxAgeSeconds: number): FastifyReply;
    unbindFromBrowser(purpose: string): FastifyReply;
    /** Lets this page's forms go to these origins too (the content security policy's form-action). */
    allowFormAction(origins: string[]): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Reachable while the user must still finish setting up their account (password, two-factor). */
    accountSetup?: boolean;
    /** Reachable with a session that still has to give its second factor. */
    secondFactor?: boolean;
    /** A multipart form: the handler checks the CSRF field itself, before reading any file. */
    csrfInHandler?: boolean;
  }
}

export const SESSION_COOKIE = 'syslead_session';
const CSRF_COOKIE = 'syslead_csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface PlatformOptions {
  renderer: Renderer;
  secret: string;
  authenticator: Authenticator;
  cookieSecure: boolean;
  signInAttemptsPerMinute: number;
  /** The configured public address (see Config.publicUrl). */
  publicUrl: string;
  /** The main navigation, from the modules: each link, where else it is current, and whether only administrators see it. */
  navigation?: Array<{ text: string; href: string; alsoFor?: string[]; adminOnly?: boolean }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Registers what every route relies on: headers, cookies, bodies, static files, sign-in gate, CSRF, errors. */
export async function registerHttpPlatform(app: FastifyInstance, options: PlatformOptions): Promise<void> {
  const { renderer, secret, authenticator } = options;
  app.decorate('publicUrl', options.publicUrl);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    // Sent only over TLS, below: HSTS on a plain-HTTP answer would be ignored or, on localhost, sticky.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    const extra = request.formActionOrigins;
    const csp = reply.getHeader('content-security-policy');
    if (extra?.length && typeof csp === 'string') {
      reply.header('content-security-policy', csp.replace(/form-action [^;]*/, (directive) => `${directive} ${extra.join(' ')}`));
    }
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!reply.hasHeader('cache-control') && !request.url.startsWith('/static/')) reply.header('cache-control', 'no-store');
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { attachFieldsToBody: false });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: path.resolve(here, '../../../public'),
    prefix: '/static/',
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist/govuk/assets'),
    prefix: '/static/govuk/',
    decorateReply: false,
  });

  const cookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.cookieSecure || request.protocol === 'https',
  });

  function csrfBinding(request: FastifyRequest): string | undefined {
    return request.sessionToken ?? request.cookies[CSRF_COOKIE];
  }

  function csrfTokenFor(binding: string): string {
    return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
  }

  function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
    let binding = csrfBinding(request);
    if (!binding) {
      binding = randomBytes(24).toString('base64url');
      request.cookies[CSRF_COOKIE] = binding;
      reply.setCookie(CSRF_COOKIE, binding, cookieOptions(request));
    }
    return csrfTokenFor(binding);
  }

  /** The main navigation as one user sees it on one page: the modules' links, the current one marked. */
  function navigationFor(actor: Actor, currentPath: string) {
    return (options.navigation ?? [])
      .filter((item) => !item.adminOnly || actor.isAdmin)
      .map((item) => ({ text: item.text, href: item.href, active: [item.href, ...(item.alsoFor ?? [])].some((prefix) => currentPath.startsWith(prefix)) }));
  }

  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
    const request = this.request;
    const currentPath = request.url.split('?')[0]!;
    const html = renderer(template, {
      user: request.actor,
      csrfToken: csrfToken(request, this),
      currentPath,
      navigation: request.actor ? navigationFor(request.actor, currentPath) : [],
      ...context,
    });
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });

  app.decorateReply('startSession', function (this: FastifyReply, token: string, expiresAt: Date) {
    this.setCookie(SESSION_COOKIE, token, { ...cookieOptions(this.request), expires: expiresAt });
    this.clearCookie(CSRF_COOKIE, { path: '/' });
    return this;
  });

  app.decorateReply('endSession', function (this: FastifyReply) {
    this.clearCookie(SESSION_COOKIE, { path: '/' });
    return this;
  });

  const bindingCookie = (purpose: string) => `syslead_bind_${purpose}`;
  const bindingMac = (purpose: string, value: string) => createHmac('sha256', secret).update(`bind:${purpose}:${value}`).digest('base64url');

  app.decorateReply('bindToBrowser', function (this: FastifyReply, purpose: string, value: string, maxAgeSeconds: number) {
    this.setCookie(bindingCookie(purpose), bindingMac(purpose, value), { ...cookieOptions(this.request), maxAge: maxAgeSeconds });
    return this;
  });

  app.decorateReply('unbindFromBrowser', function (this: FastifyReply, purpose: string) {
    this.clearCookie(bindingCookie(purpose), { path: '/' });
    return this;
  });

  app.decorateRequest('isBoundToBrowser', function (this: FastifyRequest, purpose: string, value: string): boolean {
    const sent = this.cookies[bindingCookie(purpose)];
    if (!sent || !value) return false;
    const expected = Buffer.from(bindingMac(purpose, value));
    const given = Buffer.from(sent);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });

  app.decorateReply('allowFormAction', function (this: FastifyReply, origins: string[]) {
    // Only well-formed origins reach the header: nothing that could end the directive or add another.
    const valid = origins.filter((o) => /^https?:\/\/[a-z0-9.\-[\]:]+$/i.test(o));
    this.request.formActionOrigins = [...new Set([...(this.request.formActionOrigins ?? []), ...valid])];
    return this;
  });

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
      if (isApi(request) || request.method !== 'GET') throw new AppError('unauthenticated', 'Sign in or send an access token');
      if (request.secondFactorPending) return reply.redirect('/sign-in/two-factor', 303);
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    }
    const refusal = accessRefusal(request.actor, { method: request.method, api: isApi(request), accountSetup: config.accountSetup === true });
    if (refusal && 'redirect' in refusal) return reply.redirect(refusal.redirect, 303);
    if (refusal) throw refusal.error;
  });

  function verifyCsrf(request: FastifyRequest, sent: unknown) {
    const binding = csrfBinding(request);
    if (typeof sent !== 'string' || !binding) throw new AppError('csrf', 'The form has expired; go back, reload the page and try again');
    const expected = Buffer.from(csrfTokenFor(binding));
    const given = Buffer.from(sent);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('csrf', 'The form has expired; go back, reload the page and try again');
    }
  }
  app.decorateRequest('verifyCsrf', function (this: FastifyRequest, token: unknown) {
    verifyCsrf(this, token);
  });

  app.addHook('preValidation', async (request) => {
    const problems = bodyProblems(request.body);
    if (problems.length) throw new AppError('validation', 'Some fields are not valid', problems);
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.authMethod === 'token' || request.routeOptions.config.csrfInHandler) return;
    const body = request.body as Record<string, unknown> | undefined;
    verifyCsrf(request, (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token']);
  });

  app.setNotFoundHandler(async () => {
    throw new AppError('not_found', 'There is no page at this address');
  });

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    const status = STATUS_OF[appError.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    if (isApi(request) || request.authMethod === 'token') {
      return reply.code(status).send({
        error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) },
      });
    }
    return reply.page('error.njk', { status, message: appError.message, details: appError.details }, status);
  });
}

/** The per-route option that limits sign-in attempts from one address. */
export function signInRateLimit(perMinute: number) {
  return { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
}
