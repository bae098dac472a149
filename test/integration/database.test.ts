import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { DataFolderInUseError } from '../../src/platform/db/data-folder-lock.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the database under the web server', () => {
  it('answers a trivial request while a slow query runs', async () => {
    const order: string[] = [];
    const slow = sql`select pg_sleep(1.5)`.execute(t.database.db).then(() => order.push('slow query'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const page = await t.app.inject({ url: '/sign-in' });
    order.push('sign-in page');
    expect(page.statusCode).toBe(200);
    await slow;
    expect(order).toEqual(['sign-in page', 'slow query']);
  });

  it('keeps the main thread free while the database works', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await sql`select pg_sleep(1)`.execute(t.database.db);
    clearInterval(timer);
    // On a blocked thread no timer fires until the query ends; a free one ticks throughout.
    expect(ticks).toBeGreaterThan(10);
  });

  it('rolls back everything a failed batch wrote', async () => {
    const before = await t.services.landscape.summary(ADMIN);
    await expect(
      t.services.landscape.loadBatch(ADMIN, {
        organisations: [{ key: 'a', kind: 'school', name: 'Half-written School' }],
        people: [{ key: 'p', name: 'Half-written Person', organisationKey: 'a' }],
        roleAssignments: [],
        relationships: [{ type: 'partnership', fromKey: 'a', toKey: 'missing' }],
      }),
    ).rejects.toThrow(/unknown organisation "missing"/);
    expect(await t.services.landscape.summary(ADMIN)).toEqual(before);
  });
});

describe('the embedded database folder', () => {
  it('refuses a second opener with a clear message and opens again once released', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-lock-'));
    try {
      const first = await openDatabase<Database>({ dataDir: dir });
      await expect(openDatabase<Database>({ dataDir: dir })).rejects.toBeInstanceOf(DataFolderInUseError);
      await expect(openDatabase<Database>({ dataDir: dir })).rejects.toThrow(/in use by another Syslead process/);
      await sql`create table kept (x int)`.execute(first.db);
      await sql`insert into kept values (42)`.execute(first.db);
      await first.close();
      const second = await openDatabase<Database>({ dataDir: dir });
      const rows = await sql<{ x: number }>`select x from kept`.execute(second.db);
      expect(rows.rows).toEqual([{ x: 42 }]);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that has died', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-lock-'));
    try {
      fs.writeFileSync(path.join(dir, 'syslead.lock'), '2147483646');
      const handle = await openDatabase<Database>({ dataDir: dir });
      await handle.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
