import type { FastifyRequest } from 'fastify';

/** The cookie holding a signed-in session's token. */
export const SESSION_COOKIE = 'syslead_session';
/** The cookie binding CSRF tokens to a browser that has no session yet. */
export const CSRF_COOKIE = 'syslead_csrf';

/** The attributes of every cookie the platform sets: whole site, HttpOnly, SameSite=Lax, Secure over TLS or when configured. */
export function cookieAttributes(request: FastifyRequest, cookieSecure: boolean) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: cookieSecure || request.protocol === 'https',
  };
}
