import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import { migrateDatabase } from '../src/services.js';

/** The PostgreSQL server the integration suite runs against, when it runs against one. */
export function testPostgresUrl(): string | undefined {
  return process.env.SYSLEAD_TEST_POSTGRES_URL || undefined;
}

export interface TestDatabase extends DatabaseHandle<Database> {
  /** Where it lives: 'pglite' (in memory) or the URL of a fresh PostgreSQL database. */
  url?: string;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrated databases each test file's database is copied from: an embedded one's archive, and a server's template. */
export interface Templates {
  pgliteArchive: string;
  postgresTemplate?: string;
}

function serverDatabaseName(prefix: string) {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Migrates the templates once for a run (test/global-setup.ts); `drop` removes the server's. */
export async function createTemplates(folder: string): Promise<{ provided: Templates; drop(): Promise<void> }> {
  const embedded = await openDatabase<Database>({});
  const pgliteArchive = path.join(folder, 'migrated.tar.gz');
  try {
    await migrateDatabase(embedded.db);
    await embedded.backup(pgliteArchive);
  } finally {
    await embedded.close();
  }
  const serverUrl = testPostgresUrl();
  if (!serverUrl) return { provided: { pgliteArchive }, drop: async () => undefined };
  const name = serverDatabaseName('syslead_template');
  await admin(serverUrl, (c) => c.query(`create database ${name}`));
  const server = await openDatabase<Database>({ databaseUrl: withDatabase(serverUrl, name), poolSize: 1 });
  try {
    await migrateDatabase(server.db);
  } finally {
    await server.close();
  }
  return {
    provided: { pgliteArchive, postgresTemplate: name },
    drop: () => admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** The run's templates, where a global setup made them (the integration suite's does; the browser suite has none). */
function templates(): Templates | undefined {
  try {
    return inject('databaseTemplates');
  } catch {
    return undefined;
  }
}

/**
 * A fresh, migrated database for one test file: embedded PGlite in memory, or, when
 * SYSLEAD_TEST_POSTGRES_URL is set, a new database on that server, dropped on close.
 * Each is a copy of the run's migrated template where there is one.
 */
export async function createTestDatabase(options: { kind?: 'pglite' | 'postgres' } = {}): Promise<TestDatabase> {
  const serverUrl = testPostgresUrl();
  const kind = options.kind ?? (serverUrl ? 'postgres' : 'pglite');
  const template = templates();
  if (kind === 'pglite') {
    if (template) return openDatabase<Database>({ startFrom: fs.readFileSync(template.pgliteArchive) });
    const handle = await openDatabase<Database>({});
    await migrateDatabase(handle.db);
    return handle;
  }
  if (!serverUrl) throw new Error('SYSLEAD_TEST_POSTGRES_URL is not set');
  const name = serverDatabaseName('syslead_test');
  const from = template?.postgresTemplate;
  await admin(serverUrl, (c) => c.query(`create database ${name}${from ? ` template ${from}` : ''}`));
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase<Database>({ databaseUrl: url, poolSize: 4 });
  if (!from) await migrateDatabase(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
