import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

/**
 * A fresh, migrated database for one test file: embedded PGlite in memory, or, when
 * SYSLEAD_TEST_POSTGRES_URL is set, a new database on that server, dropped on close.
 */
export async function createTestDatabase(options: { kind?: 'pglite' | 'postgres' } = {}): Promise<TestDatabase> {
  const serverUrl = testPostgresUrl();
  const kind = options.kind ?? (serverUrl ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const handle = await openDatabase<Database>({});
    await migrateDatabase(handle.db);
    return handle;
  }
  if (!serverUrl) throw new Error('SYSLEAD_TEST_POSTGRES_URL is not set');
  const name = `syslead_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`create database ${name}`));
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase<Database>({ databaseUrl: url, poolSize: 4 });
  await migrateDatabase(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
