import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { BackupError, restorePglite, restorePostgres } from '../../src/platform/db/backup.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createServices } from '../../src/services.js';
import { ADMIN } from '../test-app.js';
import { createTestDatabase, testPostgresUrl } from '../test-database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every table's rows, in a stable order, for comparing two databases. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(
    db,
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    result[table_name] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  return result;
}

async function fill(db: Kysely<Database>) {
  const services = createServices(db);
  await services.demo.load(ADMIN);
  // The demo accounts still have their one-time passwords, so the token belongs to an account that chose one.
  await services.accounts.createUser({
    email: 'backup@example.test',
    name: 'Backup',
    password: 'a quiet evening by the river',
  });
  await services.accounts.createTokenForEmail('backup@example.test', 'backup test', 'read');
}

describe('backup and restore', () => {
  // Three embedded databases are opened and migrated in turn: a busy machine needs more than the usual time.
  it(
    'round-trips the embedded database, every table equal, keeping what was there as an undo',
    { timeout: 120_000 },
    async () => {
      const source = path.join(dir, 'source');
      const first = await openDatabase<Database>({ dataDir: source });
      await migrateToLatest(first.db, migrations);
      await fill(first.db);
      const before = await snapshot(first.db);
      const file = path.join(dir, 'embedded.tar.gz');
      await first.backup(file);
      await first.close();

      const target = path.join(dir, 'target');
      const other = await openDatabase<Database>({ dataDir: target });
      await migrateToLatest(other.db, migrations);
      await other.close();
      const kept = await restorePglite(target, file);
      expect(kept && fs.existsSync(kept)).toBe(true);
      const restored = await openDatabase<Database>({ dataDir: target });
      const after = await snapshot(restored.db);
      await restored.close();
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(before.organisations!.length).toBeGreaterThan(70);
      expect(after).toEqual(before);
    },
  );

  it('refuses a file that is not a backup of that kind of database', async () => {
    const file = path.join(dir, 'not-a-backup.txt');
    fs.writeFileSync(file, 'hello');
    await expect(restorePglite(path.join(dir, 'elsewhere'), file)).rejects.toBeInstanceOf(BackupError);
    await expect(restorePostgres('postgres://nowhere/none', file)).rejects.toThrow(
      /not a backup of a PostgreSQL database/,
    );
  });

  it.runIf(testPostgresUrl())(
    'round-trips a PostgreSQL database with pg_dump and pg_restore, every table equal',
    async () => {
      const source = await createTestDatabase({ kind: 'postgres' });
      const target = await createTestDatabase({ kind: 'postgres' });
      try {
        await fill(source.db);
        const before = await snapshot(source.db);
        const file = path.join(dir, 'server.dump');
        await source.backup(file);
        await restorePostgres(target.url!, file);
        expect(await snapshot(target.db)).toEqual(before);
      } finally {
        await source.close();
        await target.close();
      }
    },
  );
});

describe.runIf(testPostgresUrl())('restoring under running servers', () => {
  it('moves the version of the data past every version served before, so no kept read outlives the restore', async () => {
    const source = await createTestDatabase({ kind: 'postgres' });
    const target = await createTestDatabase({ kind: 'postgres' });
    const saved = { ...process.env };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const file = path.join(dir, 'versions.dump');
      await source.backup(file);
      // The live database has moved on since the backup was taken: its version is ahead.
      const services = createServices(target.db);
      for (let i = 0; i < 3; i++)
        await services.landscape.createOrganisation(ADMIN, { kind: 'community-group', name: `Later ${i}` });
      const version = async (db: Kysely<Database>) =>
        (await sql<{ version: number }>`select version from data_version`.execute(db)).rows[0]!.version;
      const served = await version(target.db);
      expect(served).toBeGreaterThan(await version(source.db));
      process.env.DATABASE_URL = target.url;
      expect(await main(['restore', file])).toBe(0);
      expect(await version(target.db)).toBeGreaterThan(served);
    } finally {
      log.mockRestore();
      process.env = saved;
      await source.close();
      await target.close();
    }
  });
});
