import type { Database, Db } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { Config } from './config.js';
import { createJobs, prepareJobs } from './jobs.js';
import { composeServices, MODULES, type JobSender, type ModuleSettings, type ServiceMap } from './modules/index.js';

/** Every module's service, built once on one database and shared by the web app and the command line. */
export function createServices(db: Db, settings: ModuleSettings = {}, jobs: JobSender = createJobs(db)): Services {
  return composeServices(db, settings, MODULES, jobs);
}
export type Services = ServiceMap;

/** Brings the schema up to date: the tables of every module, and the job queue's. */
export async function migrateDatabase(db: Db): Promise<void> {
  await migrateToLatest(db, migrations);
  await prepareJobs(db);
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<DatabaseHandle<Database>> {
  const handle = await openDatabase<Database>({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    await migrateDatabase(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
