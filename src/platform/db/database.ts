import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { backupPostgres } from './backup.js';
import pg from 'pg';
import { lockDataFolder } from './data-folder-lock.js';
import { textParsers } from './type-parsers.js';
import { PgliteWorkerClient, PgliteWorkerDialect } from './worker-dialect.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: the Kysely handle, what it runs on, and how to close it. */
export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Writes a backup: PGlite's data-folder archive, or pg_dump's custom format. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database; `undefined` keeps it in memory (tests). */
  dataDir?: string;
  /** An archive of a data folder (as `backup` writes) the embedded database starts from. */
  startFrom?: Uint8Array;
  /** Connections in the server pool of each process: few, so the database server does not take the CPU the pages need (ADR 10). */
  poolSize?: number;
}

function pgTypes() {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      const parser = textParsers[oid];
      if (parser && format !== 'binary') return parser;
      return pg.types.getTypeParser(oid, format);
    },
  };
}

/** Opens the configured database: a PostgreSQL pool, or embedded PGlite in a worker with its folder locked. */
export async function openDatabase<DB>(options: DatabaseOptions): Promise<DatabaseHandle<DB>> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 4, types: pgTypes() });
    // A dropped connection surfaces on the query that used it (as a 503); the client's own
    // 'error' event, idle or busy, must not crash the process.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      backup: (file) => backupPostgres(options.databaseUrl!, file),
      close: () => db.destroy(),
    };
  }
  const release = options.dataDir ? lockDataFolder(options.dataDir) : () => undefined;
  const client = new PgliteWorkerClient(options.dataDir, options.startFrom);
  try {
    await client.ready();
  } catch (error) {
    release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PgliteWorkerDialect(client) });
  return {
    db,
    kind: 'pglite',
    backup: async (file) => fs.writeFileSync(file, await client.dump()),
    close: async () => {
      await db.destroy();
      release();
    },
  };
}
