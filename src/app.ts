import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { getOrCreateAppSecret } from './db/app-secret.js';
import { createPdfMaker, registerHttpPlatform } from './platform/http/http-platform.js';
import { registerNotices } from './platform/http/notices.js';
import { createValidatorCompiler } from './platform/http/validator.js';
import { createRenderer } from './platform/http/views.js';
import { loggerOptions, type LogStream } from './platform/logger.js';
import { MODULES, navigation } from './modules/index.js';
import { createJobs } from './jobs.js';
import { createServices, type Services } from './services.js';

/** One row of the route table: what exists, which module made it, and whether it is reachable without signing in. */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  /** The module whose definition registered the route, or `platform` for the platform's own. */
  module: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the application registered, for checks that must cover all of them. */
    routeTable: RouteEntry[];
  }
}

export interface AppDependencies {
  config: Config;
  db: Db;
  /** Where log lines go instead of standard output. */
  logStream?: LogStream;
  /** The services to serve (tests may pass their own); built on `db` when absent. */
  services?: Services;
  /** Whether this process runs background jobs (default: it does). */
  runJobs?: boolean;
}

/** Builds the web application on an open, migrated database: platform first, then every module. */
export async function buildApp({
  config,
  db,
  logStream,
  services: given,
  runJobs = true,
}: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.setValidatorCompiler(createValidatorCompiler());
  const settings = {
    requireAdminTwoFactor: config.requireAdminTwoFactor,
    minRespondents: config.minRespondents,
    feedbackMinRespondents: config.feedbackMinRespondents,
    signInAttemptsPerMinute: config.signInAttemptsPerMinute,
    publicUrl: config.publicUrl,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    familyKey: config.familyKey,
    familyKeyPrevious: config.familyKeyPrevious,
  };
  const jobs = createJobs(db, { onError: (error) => app.log.error({ err: error }, 'background job failed') });
  const services = given ?? createServices(db, settings, jobs);
  const routeTable: RouteEntry[] = [];
  let registering = 'platform';
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        public: (route.config as { public?: boolean } | undefined)?.public === true,
        module: registering,
      });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Syslead API',
        version: '1',
        description: 'Send a personal access token as `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: !url.startsWith('/api/v1/') || url === '/api/v1/openapi.json' },
      url,
    }),
  });

  // One Chromium for the process's PDFs, started at the first and closed with the app (ADR 12).
  const pdf = createPdfMaker({ chromiumPath: config.chromiumPath });
  app.addHook('onClose', () => pdf.close());
  await registerHttpPlatform(app, {
    renderer: createRenderer(),
    secret: await getOrCreateAppSecret(db),
    authenticator: services.accounts,
    cookieSecure: config.cookieSecure,
    signInAttemptsPerMinute: config.signInAttemptsPerMinute,
    publicUrl: config.publicUrl,
    navigation: navigation(),
    unreadCount: (actor) => services.notifications.unreadCount(actor),
    emailOn: services.notifications.emailOn(),
    pdf,
    db,
  });

  app.get('/health', { config: { public: true } }, async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok' };
  });
  app.get('/api/v1/openapi.json', async () => app.swagger());
  registerNotices(app);

  for (const definition of MODULES) {
    registering = definition.name;
    definition.routes?.(app, services, settings);
  }
  registering = 'platform';
  if (runJobs) {
    await jobs.work(services);
    app.addHook('onClose', () => jobs.stop());
  }
  return app;
}
