import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Origins, besides this site, that this page's forms may be sent to (and redirected through). */
    formActionOrigins?: string[];
  }
  interface FastifyReply {
    /** Lets this page's forms go to these origins too (the content security policy's form-action). */
    allowFormAction(origins: string[]): FastifyReply;
  }
}

/**
 * The headers of every answer: helmet's, with a content security policy that allows only this
 * site (plus, per page, the form-action origins a reply allows, such as identity providers);
 * HSTS over TLS; `no-store` unless the route set its own cache-control or it is a static file.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
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
      reply.header(
        'content-security-policy',
        csp.replace(/form-action [^;]*/, (directive) => `${directive} ${extra.join(' ')}`),
      );
    }
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!reply.hasHeader('cache-control') && !request.url.startsWith('/static/'))
      reply.header('cache-control', 'no-store');
  });

  app.decorateReply('allowFormAction', function (this: FastifyReply, origins: string[]) {
    // Only well-formed origins reach the header: nothing that could end the directive or add another.
    const valid = origins.filter((o) => /^https?:\/\/[a-z0-9.\-[\]:]+$/i.test(o));
    this.request.formActionOrigins = [...new Set([...(this.request.formActionOrigins ?? []), ...valid])];
    return this;
  });
}
