import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './actor.js';
import { registerBrowserBinding } from './browser-binding.js';
import { registerCsrf } from './csrf.js';
import { registerErrorHandlers } from './error-handlers.js';
import { registerPages, type NavigationItem } from './pages.js';
import type { PdfMaker } from './pdf.js';
import { registerPlugins } from './plugins.js';
import type { RateLimitDb } from './rate-limit-store.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSignInGate } from './sign-in-gate.js';
import type { Renderer } from './views.js';

import type { Actor } from './actor.js';
export { unfinishedSetUp, viaToken, type Actor, type Authenticator, type SessionState } from './actor.js';
export { SESSION_COOKIE } from './cookies.js';
export { signInRateLimit } from './plugins.js';
export { accessRefusal } from './sign-in-gate.js';
export { getPrintable } from './pages.js';
export { createPdfMaker, type PdfMaker } from './pdf.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configured public address of the site (scheme, host, port), for absolute links. */
    publicUrl: string;
  }
}

export interface PlatformOptions {
  renderer: Renderer;
  secret: string;
  authenticator: Authenticator;
  cookieSecure: boolean;
  signInAttemptsPerMinute: number;
  /** The database that keeps the rate limits' counters. */
  db: RateLimitDb;
  /** The configured public address (see Config.publicUrl). */
  publicUrl: string;
  /** The main navigation, from the modules: each link, where else it is current, and whether only administrators see it. */
  navigation?: NavigationItem[];
  /** How many notifications a person has not read, for the page header. */
  unreadCount?: (actor: Actor) => Promise<number>;
  /** Whether Syslead sends email. */
  emailOn?: boolean;
  /** What makes the PDFs of printable pages. */
  pdf?: PdfMaker;
}

/** Registers what every route relies on: headers, cookies, bodies, static files, sign-in gate, CSRF, errors. */
export async function registerHttpPlatform(app: FastifyInstance, options: PlatformOptions): Promise<void> {
  const { renderer, secret, authenticator, cookieSecure } = options;
  app.decorate('publicUrl', options.publicUrl);

  await registerSecurityHeaders(app);
  await registerPlugins(app, options.db);
  registerBrowserBinding(app, { secret, cookieSecure });
  registerSignInGate(app, authenticator);
  const csrfToken = registerCsrf(app, { secret, cookieSecure });
  registerPages(app, {
    renderer,
    csrfToken,
    navigation: options.navigation,
    unreadCount: options.unreadCount,
    emailOn: options.emailOn,
    pdf: options.pdf,
  });
  registerErrorHandlers(app);
}
