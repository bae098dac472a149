import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE, cookieAttributes } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether this browser holds the binding set by `reply.bindToBrowser(purpose, value)`. */
    isBoundToBrowser(purpose: string, value: string): boolean;
  }
  interface FastifyReply {
    /** Starts a signed-in session in a fresh cookie (never reusing one the client sent). */
    startSession(token: string, expiresAt: Date): FastifyReply;
    endSession(): FastifyReply;
    /**
     * Ties a value (such as the state of a sign-in at an identity provider) to this browser:
     * a short-lived HttpOnly cookie holding an HMAC of it under the application's secret.
     */
    bindToBrowser(purpose: string, value: string, maxAgeSeconds: number): FastifyReply;
    unbindFromBrowser(purpose: string): FastifyReply;
  }
}

/**
 * What ties a sign-in to the browser it happens in: the session cookie, started fresh and
 * ended, and short-lived bindings of a value (a sign-in's state at an identity provider) to
 * the browser that began it.
 */
export function registerBrowserBinding(
  app: FastifyInstance,
  { secret, cookieSecure }: { secret: string; cookieSecure: boolean },
): void {
  app.decorateReply('startSession', function (this: FastifyReply, token: string, expiresAt: Date) {
    this.setCookie(SESSION_COOKIE, token, { ...cookieAttributes(this.request, cookieSecure), expires: expiresAt });
    this.clearCookie(CSRF_COOKIE, { path: '/' });
    return this;
  });

  app.decorateReply('endSession', function (this: FastifyReply) {
    this.clearCookie(SESSION_COOKIE, { path: '/' });
    return this;
  });

  const bindingCookie = (purpose: string) => `syslead_bind_${purpose}`;
  const bindingMac = (purpose: string, value: string) =>
    createHmac('sha256', secret).update(`bind:${purpose}:${value}`).digest('base64url');

  app.decorateReply(
    'bindToBrowser',
    function (this: FastifyReply, purpose: string, value: string, maxAgeSeconds: number) {
      this.setCookie(bindingCookie(purpose), bindingMac(purpose, value), {
        ...cookieAttributes(this.request, cookieSecure),
        maxAge: maxAgeSeconds,
      });
      return this;
    },
  );

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
}
