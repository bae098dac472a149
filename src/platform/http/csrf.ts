import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, cookieAttributes } from './cookies.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Throws unless the token is this client's CSRF token (for handlers of multipart forms). */
    verifyCsrf(token: unknown): void;
  }
  interface FastifyContextConfig {
    /** A multipart form: the handler checks the CSRF field itself, before reading any file. */
    csrfInHandler?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Gives this client's CSRF token, setting a random binding cookie first when it has neither session nor one. */
export type CsrfTokenIssuer = (request: FastifyRequest, reply: FastifyReply) => string;

/**
 * CSRF tokens: an HMAC, under the application's secret, of the session token or (before
 * signing in) of a random value in its own cookie. Every unsafe request from a browser must
 * send it, as the `_csrf` field or the `x-csrf-token` header; tokens are exempt, and multipart
 * handlers call `request.verifyCsrf` themselves. Returns what pages use to put it in forms.
 */
export function registerCsrf(
  app: FastifyInstance,
  { secret, cookieSecure }: { secret: string; cookieSecure: boolean },
): CsrfTokenIssuer {
  function csrfBinding(request: FastifyRequest): string | undefined {
    return request.sessionToken ?? request.cookies[CSRF_COOKIE];
  }

  function csrfTokenFor(binding: string): string {
    return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
  }

  function verifyCsrf(request: FastifyRequest, sent: unknown) {
    const binding = csrfBinding(request);
    if (typeof sent !== 'string' || !binding)
      throw new AppError('csrf', 'The form has expired; go back, reload the page and try again');
    const expected = Buffer.from(csrfTokenFor(binding));
    const given = Buffer.from(sent);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('csrf', 'The form has expired; go back, reload the page and try again');
    }
  }

  app.decorateRequest('verifyCsrf', function (this: FastifyRequest, token: unknown) {
    verifyCsrf(this, token);
  });

  app.addHook('preHandler', async (request) => {
    if (
      !UNSAFE_METHODS.has(request.method) ||
      request.authMethod === 'token' ||
      request.routeOptions.config.csrfInHandler
    )
      return;
    const body = request.body as Record<string, unknown> | undefined;
    verifyCsrf(request, (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token']);
  });

  return (request, reply) => {
    let binding = csrfBinding(request);
    if (!binding) {
      binding = randomBytes(24).toString('base64url');
      request.cookies[CSRF_COOKIE] = binding;
      reply.setCookie(CSRF_COOKIE, binding, cookieAttributes(request, cookieSecure));
    }
    return csrfTokenFor(binding);
  };
}
