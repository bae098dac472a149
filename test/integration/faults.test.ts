/**
 * Faults: the server process killed outright (SIGKILL) in the middle of a national import and
 * of a burst of writes, then the data folder opened again. Every acknowledged write must be
 * there; the interrupted import must have left nothing behind. Runs on the embedded database
 * (a PostgreSQL server survives a killed client by design; its dropped connection is tested
 * separately).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createServices, openMigratedDatabase } from '../../src/services.js';
import { stepAt, totpCode } from '../../src/modules/accounts/totp.js';
import { ADMIN, createTestApp } from '../test-app.js';
import { testPostgresUrl } from '../test-database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATA = process.env.SYSLEAD_SHARED_DATA ?? path.resolve(ROOT, '../shared/data');
const NATIONAL = `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function freshDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-fault-'));
  dirs.push(dir);
  return dir;
}

/** Runs the command line from the TypeScript sources in a child process. */
function syslead(dataDir: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), ...args], {
    env: { ...process.env, SYSLEAD_DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test', SYSLEAD_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs = 60000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${pattern}: ${seen}`));
    });
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe.runIf(!testPostgresUrl())('surviving a killed server on the embedded database', () => {
  it.runIf(fs.existsSync(NATIONAL))(
    'leaves nothing of a national import killed half-way, and opens again',
    async () => {
      const dataDir = freshDir();
      const setup = await openMigratedDatabase({ dataDir });
      await createServices(setup.db).landscape.createOrganisation(ADMIN, {
        kind: 'school',
        name: 'Before The Import',
        urn: 994001,
      });
      await setup.close();

      const child = syslead(dataDir, ['import', 'gias-minimal', NATIONAL, '--progress']);
      // Kill it once 20,000 rows are staged, well before the merge commits.
      await waitFor(child, /: (2|3|4)\d{4} rows read/);
      await killed(child);

      const reopened = await openDatabase<Database>({ dataDir });
      const count = await sql<{ n: number }>`select count(*) as n from organisations`.execute(reopened.db);
      const runs = await sql<{ n: number }>`select count(*) as n from import_runs`.execute(reopened.db);
      await reopened.close();
      expect(Number(count.rows[0]!.n)).toBe(1);
      expect(Number(runs.rows[0]!.n)).toBe(0);
    },
    120000,
  );

  it('keeps every acknowledged write of a burst when the server is killed mid-burst', async () => {
    const dataDir = freshDir();
    const setup = await openMigratedDatabase({ dataDir });
    const services = createServices(setup.db);
    const burst = await services.accounts.createUser({
      email: 'burst@example.test',
      name: 'Burst',
      isAdmin: true,
      password: 'a quiet evening by the river',
    });
    // The server requires two-factor sign-in of administrators, so this one has set it up.
    const burstActor = { ...ADMIN, userId: burst.id, email: burst.email };
    const { secret } = await services.accounts.startSecondFactor(burstActor);
    await services.accounts.confirmSecondFactor(burstActor, totpCode(secret, stepAt(Date.now())));
    const { token } = await services.accounts.createTokenForEmail('burst@example.test', 'burst', 'write');
    await setup.close();

    const child = syslead(dataDir, ['serve', '--port', '0']);
    const port = (await waitFor(child, /running at http:\/\/localhost:(\d+)/))[1];
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `Burst ${w}-${i}`;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/organisations`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'community-group', name }),
          });
          if (response.status === 201) acknowledged.push(name);
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await killed(child);
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(10);

    const reopened = await openDatabase<Database>({ dataDir });
    const rows = await sql<{ name: string }>`select name from organisations where kind = 'community-group'`.execute(
      reopened.db,
    );
    await reopened.close();
    const stored = new Set(rows.rows.map((r) => r.name));
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  }, 120000);
});

describe.runIf(testPostgresUrl())('surviving a dropped PostgreSQL connection', () => {
  it('answers 503 while the connection is gone and recovers on the next request', async () => {
    const t = await createTestApp();
    try {
      await t.services.accounts.createUser({
        email: 'drop@example.test',
        name: 'Drop',
        password: 'a quiet evening by the river',
      });
      const { token } = await t.services.accounts.createTokenForEmail('drop@example.test', 'drop', 'read');
      const auth = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ url: '/api/v1/organisations', headers: auth })).statusCode).toBe(200);
      // Terminate every server connection of this database from another session.
      const database = new URL(t.database.url!).pathname.slice(1);
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: testPostgresUrl() });
      await admin.connect();
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      await admin.end();
      // Each request either succeeds or answers a clean 503 while dead connections are replaced.
      const statuses: number[] = [];
      for (let i = 0; i < 20 && statuses.at(-1) !== 200; i++) {
        const response = await t.app.inject({ url: '/api/v1/organisations', headers: auth });
        statuses.push(response.statusCode);
        if (response.statusCode === 503) expect(response.json().error.code).toBe('unavailable');
        else expect(response.statusCode).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(statuses.at(-1)).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe.runIf(!testPostgresUrl())('the command line writing to a slow pipe', () => {
  it('delivers every line of a long output before it exits', async () => {
    const dataDir = freshDir();
    const setup = await openMigratedDatabase({ dataDir });
    const schools = Array.from({ length: 20000 }, (_, i) => ({
      key: `s${i}`,
      kind: 'school',
      name: `Pipe Test School Number ${i}`,
      urn: 900000 + i,
    }));
    await createServices(setup.db).landscape.loadBatch(ADMIN, {
      organisations: schools,
      people: [],
      roleAssignments: [],
      relationships: [],
    });
    await setup.close();

    const child = syslead(dataDir, ['network', 'metrics', '--format', 'csv']);
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => child.stdout!.on('end', resolve));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The reader falls behind: the pipe fills and the rest waits in the process's own buffer.
    child.stdout!.pause();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    child.stdout!.resume();
    expect(await exited).toBe(0);
    await ended;
    const lines = Buffer.concat(chunks).toString().trimEnd().split('\n');
    expect(Buffer.concat(chunks).length).toBeGreaterThan(1024 * 1024);
    expect(lines).toHaveLength(schools.length + 1);
    // Loading 20,000 schools and a child process's whole run: alone it takes about half a minute,
    // beside the other test files on a small machine more than a minute.
  }, 180_000);
});
