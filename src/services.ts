import type { Database, Db } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { Config } from './config.js';
import { createAccountsService } from './modules/accounts/index.js';
import { createAuditService } from './modules/audit/index.js';
import { createDemoService } from './modules/demo/index.js';
import { createLandscapeService } from './modules/landscape/index.js';
import { createIndicatorsService, INDICATOR_IMPORTERS } from './modules/indicators/index.js';
import { createNetworkService } from './modules/network/index.js';
import { createSurveysService } from './modules/surveys/index.js';
import { createBrokerageService } from './modules/brokerage/index.js';
import { createEngagementsService } from './modules/engagements/index.js';

/** Every module's service, built once on one database and shared by the web app and the command line. */
export function createServices(db: Db, options: { requireAdminTwoFactor?: boolean; minRespondents?: number } = {}) {
  const audit = createAuditService({ db });
  const accounts = createAccountsService({ db, audit, requireAdminTwoFactor: options.requireAdminTwoFactor });
  const landscape = createLandscapeService({ db, audit, importers: INDICATOR_IMPORTERS });
  const indicators = createIndicatorsService({ db, landscape, audit, minRespondents: options.minRespondents });

  const network = createNetworkService({ landscape });
  const surveys = createSurveysService({ db, landscape, indicators, audit });
  const brokerage = createBrokerageService({ db, landscape, indicators, audit });
  const engagements = createEngagementsService({ db, landscape, indicators, brokerage, audit });
  const demo = createDemoService({ landscape, accounts, surveys, brokerage, engagements });
  return { audit, accounts, landscape, demo, network, indicators, surveys, brokerage, engagements };
}
export type Services = ReturnType<typeof createServices>;

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle<Database>> {
  const handle = await openDatabase<Database>({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    await migrateToLatest(handle.db, migrations);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
