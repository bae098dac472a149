/**
 * `syslead serve`: one process, or a primary and N identical worker processes sharing the port
 * (node:cluster). Workers keep nothing of their own between requests — sessions, counters and
 * the version of the data live in the database — so the same command scales to N machines.
 */
import cluster from 'node:cluster';
import os from 'node:os';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { DemoResult } from './modules/demo/index.js';
import type { Actor } from './platform/http/actor.js';
import { createServices, openMigratedDatabase } from './services.js';

/** The young generation's semi-space of each worker, in megabytes (`node --max-semi-space-size`). */
export const YOUNG_GENERATION_MB = 64;

/** One process per core on PostgreSQL; the embedded database is opened by one process only. */
export function defaultWorkers(config: Pick<Config, 'databaseUrl'>): number {
  return config.databaseUrl ? os.availableParallelism() : 1;
}

export interface ServeOptions {
  port: number;
  workers: number;
  /** Who loads the demo system into an empty database. */
  actor: Actor;
  printDemo(result: DemoResult, url: string): void;
}

/** Into an empty database, loads the demo system: once, before anyone serves. */
async function loadDemoIfEmpty(db: Db, config: Config, actor: Actor): Promise<DemoResult | undefined> {
  const services = createServices(db, {
    minRespondents: config.minRespondents,
    feedbackMinRespondents: config.feedbackMinRespondents,
    familyKey: config.familyKey,
  });
  if ((await services.landscape.isEmpty(actor)) && (await services.accounts.countUsers()) === 0)
    return services.demo.load(actor);
  return undefined;
}

function announce(config: Config, port: number, database: 'pglite' | 'postgres', workers: number): string {
  const url = `http://${['0.0.0.0', '127.0.0.1', '::'].includes(config.host) ? 'localhost' : config.host}:${port}`;
  const where = database === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Syslead is running at ${url} on ${where}${workers > 1 ? ` with ${workers} worker processes` : ''}.`);
  return url;
}

/** Serves in this process until SIGINT or SIGTERM; `announced` says whether it prints its address. */
async function serveHere(config: Config, options: ServeOptions, announced: boolean): Promise<void> {
  const handle = await openMigratedDatabase(config);
  const demo = announced ? await loadDemoIfEmpty(handle.db, config, options.actor) : undefined;
  // Without a configured public address, links name the port actually asked for.
  const publicUrl =
    process.env.SYSLEAD_PUBLIC_URL || options.port === config.port || options.port === 0
      ? config.publicUrl
      : `http://localhost:${options.port}`;
  const app = await buildApp({ config: { ...config, publicUrl }, db: handle.db });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: options.port, host: config.host });
  if (!announced) return;
  const address = app.server.address();
  const url = announce(config, typeof address === 'object' && address ? address.port : options.port, handle.kind, 1);
  if (demo) options.printDemo(demo, url);
}

/** The primary of several workers: prepares the database, starts the workers and replaces any that stops. */
async function servePrimary(config: Config, options: ServeOptions): Promise<void> {
  // Migrated and, when empty, given the demo once, before any worker opens the database.
  const handle = await openMigratedDatabase(config);
  const demo = await loadDemoIfEmpty(handle.db, config, options.actor).finally(() => handle.close());
  // A page makes many short-lived objects: a larger young generation collects them far less often
  // (V8's default spent a sixth of the time in the collector; see ADR 10). A flag of the process
  // itself, so it is given to each worker as it starts.
  cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-semi-space-size=${YOUNG_GENERATION_MB}`] });
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`A worker process stopped (${signal ?? `exit ${code}`}); starting another.`);
    cluster.fork();
  });
  cluster.once('listening', (_worker, address) => {
    const url = announce(config, address.port, config.databaseUrl ? 'postgres' : 'pglite', options.workers);
    if (demo) options.printDemo(demo, url);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < options.workers; i++) cluster.fork();
}

export async function serve(config: Config, options: ServeOptions): Promise<void> {
  if (options.workers <= 1) return serveHere(config, options, true);
  if (cluster.isPrimary) return servePrimary(config, options);
  return serveHere(config, options, false);
}
