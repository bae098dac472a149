import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The pages every footer links, reachable without signing in (the privacy notice and the
 * accessibility statement), and the favicon browsers ask for at /favicon.ico on every page.
 */
export function registerNotices(app: FastifyInstance): void {
  app.get('/privacy', { config: { public: true } }, (_request, reply) =>
    reply.page('privacy.njk', { title: 'Privacy notice' }),
  );
  app.get('/accessibility', { config: { public: true } }, (_request, reply) =>
    reply.page('accessibility.njk', { title: 'Accessibility statement' }),
  );
  app.get('/favicon.ico', { config: { public: true } }, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .sendFile('favicon.ico', path.resolve(here, '../../../public')),
  );
}
