import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from './actor.js';
import type { CsrfTokenIssuer } from './csrf.js';
import type { Renderer } from './views.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** How many notifications the signed-in person has not read, for the header of a page. */
    unreadNotifications?: number;
  }
  interface FastifyReply {
    /** Renders a page with the layout's common context (user, CSRF token, current path). */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

/** One link of the main navigation: where else it is current, and whether only administrators (or leaders) see it. */
export type NavigationItem = {
  text: string;
  href: string;
  alsoFor?: string[];
  adminOnly?: boolean;
  leadersOnly?: boolean;
};

/** Whether the actor leads (or coordinates) some organisation, or is an administrator. */
function leadsSomething(actor: Actor): boolean {
  return actor.isAdmin || actor.memberships.some((m) => m.role === 'leader' || m.role === 'coordinator');
}

/** The main navigation as one user sees it on one page: the modules' links, the current one marked. */
function navigationFor(navigation: NavigationItem[], actor: Actor, currentPath: string) {
  return navigation
    .filter((item) => (!item.adminOnly || actor.isAdmin) && (!item.leadersOnly || leadsSomething(actor)))
    .map((item) => ({
      text: item.text,
      href: item.href,
      // A whole segment: /account is not current on /accounts.
      active: [item.href, ...(item.alsoFor ?? [])].some(
        (prefix) => currentPath === prefix || currentPath.startsWith(`${prefix}/`),
      ),
    }));
}

/** `reply.page(template, context, status)`: a page in the layout, with the user, a CSRF token, the current path and the navigation. */
export function registerPages(
  app: FastifyInstance,
  {
    renderer,
    csrfToken,
    navigation = [],
    unreadCount,
    emailOn = false,
  }: {
    renderer: Renderer;
    csrfToken: CsrfTokenIssuer;
    navigation?: NavigationItem[];
    /** How many notifications a person has not read (one indexed count, asked only for pages). */
    unreadCount?: (actor: Actor) => Promise<number>;
    /** Whether Syslead sends email (an SMTP server is configured), for pages that say so. */
    emailOn?: boolean;
  },
): void {
  if (unreadCount)
    app.addHook('preHandler', async (request) => {
      if (request.actor && request.method === 'GET' && !request.url.startsWith('/api/'))
        request.unreadNotifications = await unreadCount(request.actor);
    });
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
      const request = this.request;
      const currentPath = request.url.split('?')[0]!;
      const html = renderer(template, {
        user: request.actor,
        csrfToken: csrfToken(request, this),
        currentPath,
        navigation: request.actor ? navigationFor(navigation, request.actor, currentPath) : [],
        unreadNotifications: request.unreadNotifications,
        emailOn,
        ...context,
      });
      return this.code(status).type('text/html; charset=utf-8').send(html);
    },
  );
}
