import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { getOrCreateAppSecret } from './db/app-secret.js';
import { registerHttpPlatform } from './platform/http/http-platform.js';
import { createValidatorCompiler } from './platform/http/validator.js';
import { createRenderer } from './platform/http/views.js';
import { loggerOptions, type LogStream } from './platform/logger.js';
import { registerAccountsRoutes } from './modules/accounts/index.js';
import { registerImportPages, registerLandscapeApi, registerLandscapePages, registerLandscapeReportPages } from './modules/landscape/index.js';
import { registerAuditRoutes } from './modules/audit/index.js';
import { registerNetworkRoutes } from './modules/network/index.js';
import { registerIndicatorsRoutes } from './modules/indicators/index.js';
import { registerSurveysRoutes } from './modules/surveys/index.js';
import { registerBrokerageRoutes } from './modules/brokerage/index.js';
import { registerEngagementsRoutes } from './modules/engagements/index.js';
import { createServices } from './services.js';

/** One row of the route table: what exists and whether it is reachable without signing in. */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
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
}

/** Builds the web application on an open, migrated database: platform first, then every module. */
export async function buildApp({ config, db, logStream }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.setValidatorCompiler(createValidatorCompiler());
  const { audit, accounts, landscape, network, indicators, surveys, brokerage, engagements } = createServices(db, { requireAdminTwoFactor: config.requireAdminTwoFactor, minRespondents: config.minRespondents });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, public: (route.config as { public?: boolean } | undefined)?.public === true });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Syslead API', version: '1', description: 'Send a personal access token as `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({ schema: { ...schema, hide: !url.startsWith('/api/v1/') || url === '/api/v1/openapi.json' }, url }),
  });

  await registerHttpPlatform(app, {
    renderer: createRenderer(),
    secret: await getOrCreateAppSecret(db),
    authenticator: accounts,
    cookieSecure: config.cookieSecure,
    signInAttemptsPerMinute: config.signInAttemptsPerMinute,
    publicUrl: config.publicUrl,
  });

  app.get('/health', { config: { public: true } }, async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok' };
  });
  app.get('/api/v1/openapi.json', async () => app.swagger());

  registerAccountsRoutes(app, accounts, config.signInAttemptsPerMinute);
  registerLandscapeApi(app, landscape);
  registerLandscapePages(app, landscape, accounts);
  registerLandscapeReportPages(app, landscape);
  registerImportPages(app, landscape);
  registerNetworkRoutes(app, network);
  registerIndicatorsRoutes(app, indicators, landscape);
  registerSurveysRoutes(app, surveys, landscape);
  registerBrokerageRoutes(app, brokerage, landscape);
  registerEngagementsRoutes(app, engagements);
  registerAuditRoutes(app, audit);
  return app;
}
