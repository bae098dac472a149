import type {
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteShorthandOptions,
} from 'fastify';
import type { Actor } from './actor.js';
import type { CsrfTokenIssuer } from './csrf.js';
import { AppError } from './errors.js';
import type { PdfMaker } from './pdf.js';
import type { Renderer } from './views.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A printable page's route: the page itself, or the PDF of its print layout (see `getPrintable`). */
    print?: 'page' | 'pdf';
  }
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

/**
 * Registers a page with a print layout at `url` and its PDF at `url` followed by `.pdf` (the
 * same query): one handler for both, so the PDF holds exactly what the page shows its viewer,
 * through the same service calls and the same permissions (ADR 12).
 */
export function getPrintable<Route extends RouteGenericInterface = RouteGenericInterface>(
  app: FastifyInstance,
  url: string,
  options: RouteShorthandOptions,
  handler: RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Route>,
): void {
  for (const print of ['page', 'pdf'] as const)
    app.get<Route>(print === 'pdf' ? `${url}.pdf` : url, { ...options, config: { ...options.config, print } }, handler);
}

/** A day as YYYY-MM-DD on the clock in England. */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** A PDF's file name from the page's title, e.g. group-results-alder-trust.pdf. */
function pdfFileName(title: unknown): string {
  const words = String(title ?? 'syslead')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${words || 'syslead'}.pdf`;
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
    pdf,
  }: {
    renderer: Renderer;
    csrfToken: CsrfTokenIssuer;
    navigation?: NavigationItem[];
    /** How many notifications a person has not read (one indexed count, asked only for pages). */
    unreadCount?: (actor: Actor) => Promise<number>;
    /** Whether Syslead sends email (an SMTP server is configured), for pages that say so. */
    emailOn?: boolean;
    /** What makes the PDFs of printable pages (none: people print from their browser). */
    pdf?: PdfMaker;
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
      const print = request.routeOptions.config.print;
      const now = new Date();
      const query = request.url.slice(currentPath.length);
      const common = {
        user: request.actor,
        csrfToken: csrfToken(request, this),
        currentPath,
        navigation: request.actor ? navigationFor(navigation, request.actor, currentPath) : [],
        unreadNotifications: request.unreadNotifications,
        emailOn,
        // When the page was made, and its day in England, for the print header.
        printedAt: now.toISOString(),
        printedOn: LONDON_DAY.format(now),
        // A printable page offers its PDF when this server can make one (else printing from the browser).
        pdf:
          print === 'page'
            ? { available: pdf?.available ?? false, href: `${currentPath.replace(/\/$/, '')}.pdf${query}` }
            : null,
        ...context,
      };
      if (print !== 'pdf' || status !== 200)
        return this.code(status).type('text/html; charset=utf-8').send(renderer(template, common));
      if (!pdf?.available)
        return this.send(
          new AppError(
            'not_found',
            'This server does not make PDFs. Open the page and use your browser’s Print, then Save as PDF.',
          ),
        );
      void pdf.render(renderer(template, { ...common, inlineStylesheet: pdf.stylesheet() })).then(
        (document) =>
          this.code(200)
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="${pdfFileName(context.title)}"`)
            .send(document),
        (error: unknown) => this.send(error),
      );
      return this;
    },
  );
}
