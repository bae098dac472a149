/**
 * Many processes, one database: `syslead serve --workers 2` on PostgreSQL, one worker killed
 * outright (SIGKILL) in the middle of a stream of requests. The other keeps answering, and the
 * primary starts a new worker in its place.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test-database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase | undefined;
afterAll(async () => database?.close());

/** The worker processes of a primary: its children running Syslead (not, say, the TypeScript loader's helper). */
const workersOf = (primary: number) =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('src/main.ts serve'))
    .map((line) => Number(line.split(/\s+/)[0]));

describe.runIf(testPostgresUrl())('two worker processes on PostgreSQL', () => {
  it('keeps serving when one worker is killed mid-request, and replaces it', async () => {
    database = await createTestDatabase({ kind: 'postgres' });
    const services = createServices(database.db);
    await services.accounts.createUser({
      email: 'workers@example.test',
      name: 'Workers',
      password: 'a quiet evening by the river',
    });
    const { token } = await services.accounts.createTokenForEmail('workers@example.test', 'workers', 'read');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve', '--port', '0', '--workers', '2'],
      {
        env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'test', SYSLEAD_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /running at http:\/\/localhost:(\d+)/.exec(seen);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited (${code}): ${seen}`)));
      });
      // Both workers listening: each answers before the test goes on.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = workersOf(child.pid!);
      expect(before).toHaveLength(2);

      const ask = () =>
        // A request the killed worker held is never answered: the client gives up on it after a while.
        fetch(`http://127.0.0.1:${port}/api/v1/organisations`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5000),
        })
          .then((r) => r.status)
          .catch(() => 0);
      // Forty requests in flight across both workers, and one worker killed among them.
      const inFlight = Array.from({ length: 40 }, ask);
      process.kill(before[0]!, 'SIGKILL');
      const during = await Promise.all(inFlight);
      expect(during.filter((s) => s === 200).length).toBeGreaterThan(0);

      // From now on every request is answered, by the survivor or its new sibling.
      const after: number[] = [];
      for (let i = 0; i < 30; i++) after.push(await ask());
      expect(after.every((s) => s === 200)).toBe(true);

      let replaced: number[] = [];
      for (let i = 0; i < 50 && replaced.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        replaced = workersOf(child.pid!);
      }
      expect(replaced).toHaveLength(2);
      expect(replaced).not.toContain(before[0]);
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }, 90000);
});
