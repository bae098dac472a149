import type { Database, Db } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { Config } from './config.js';
import { composeServices, type ModuleSettings, type ServiceMap } from './modules/index.js';

/** Every module's service, built once on one database and shared by the web app and the command line. */
export function createServices(db: Db, settings: ModuleSettings = {}): Services {
  return composeServices(db, settings);
}
export type Services = ServiceMap;

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<DatabaseHandle<Database>> {
  const handle = await openDatabase<Database>({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    await migrateToLatest(handle.db, migrations);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
