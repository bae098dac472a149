/**
 * Background jobs: events written with their audit entry reach their handlers once, a job that
 * fails is retried and then shown to administrators, and a job whose process is killed outright
 * runs again in another process and completes exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobs, EVENTS_QUEUE, type Jobs } from '../../src/jobs.js';
import { jobIdFor } from '../../src/platform/jobs/job-queue.js';
import type { ModuleDefinition } from '../../src/modules/index.js';
import { createServices } from '../../src/services.js';
import { createProbeTables, PROBE_QUEUE, probeModule, useProbeDatabase } from '../fixtures/probe-jobs.js';
import { ADMIN } from '../test-app.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test-database.js';
import { until } from '../until.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const open: Array<{ close(): Promise<void> } | Jobs> = [];
afterAll(async () => {
  for (const o of open.reverse()) await ('queue' in o ? o.stop() : o.close());
});

async function workingOn(database: TestDatabase, modules: ModuleDefinition[]) {
  const jobs = createJobs(database.db, { modules, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
  open.push(jobs);
  await jobs.prepare();
  const services = createServices(database.db, {}, jobs);
  await jobs.work(services);
  return { jobs, services };
}

describe('events from the one way to write', () => {
  it('reach their handler after the write commits, once even when delivered twice, and never for a write that rolled back', async () => {
    const database = await createTestDatabase();
    open.push(database);
    await createProbeTables(database.db);
    useProbeDatabase(database.db);
    const { jobs, services } = await workingOn(database, [probeModule({ firstAttemptMs: 0, expireInSeconds: 5 })]);
    await services.audit.recorded(
      ADMIN,
      async () => 7,
      (id) => ({ action: 'touch', entity: 'probe-thing', entityId: id }),
    );
    await expect(
      services.audit.recorded(
        ADMIN,
        async () => {
          throw new Error('the write failed');
        },
        () => ({ action: 'touch', entity: 'probe-thing', entityId: 8 }),
      ),
    ).rejects.toThrow('the write failed');
    const handled = () =>
      database.db
        .selectFrom('probe_events' as never)
        .select(['event_id' as never, 'name' as never])
        .execute() as Promise<Array<{ event_id: string | number; name: string }>>;
    const [first] = await until('the event to be handled', async () => (await handled()).length > 0 && handled());
    expect(first!.name).toBe('probe-thing.touch');
    const event = await database.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('id', '=', Number(first!.event_id))
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ entity: 'probe-thing', entityId: '7', userId: null });
    expect(event.delivered_at).not.toBeNull();

    // Delivered again (as after a process stopped before it could say the job was done): nothing more happens.
    const again = await jobs.send(EVENTS_QUEUE, {
      eventId: event.id,
      name: event.name,
      handler: 'probe:probe-thing.touch',
      payload: event.payload,
    });
    await until(
      'the second delivery',
      async () => (await jobs.queue.state(EVENTS_QUEUE, again!))?.state === 'completed',
    );
    expect(await handled()).toHaveLength(1);
    // The relay sends each event's job once: it has a fixed id.
    expect(await jobs.queue.state(EVENTS_QUEUE, jobIdFor(`${event.id}:probe:probe-thing.touch`))).toMatchObject({
      state: 'completed',
    });
    // The write that rolled back left no event.
    expect(await database.db.selectFrom('event_outbox').select('id').execute()).toHaveLength(1);
  });
});

describe('a job that fails', () => {
  it('is tried again, and after its last attempt is shown to administrators with its reason, and can be retried', async () => {
    const database = await createTestDatabase();
    open.push(database);
    let attempts = 0;
    let mended = false;
    const failing: ModuleDefinition = {
      name: 'failing' as never,
      needs: [],
      createService: () => ({}) as never,
      jobs: {
        'failing-job': {
          retryLimit: 1,
          retryDelaySeconds: 0,
          run: async () => {
            attempts++;
            if (!mended) throw new Error('The file server did not answer');
          },
        },
      },
    };
    const { jobs } = await workingOn(database, [failing]);
    const id = (await jobs.send('failing-job', {}))!;
    await until('the job to fail', async () => (await jobs.queue.state('failing-job', id))?.state === 'failed');
    expect(attempts).toBe(2);
    const [failed] = await jobs.queue.failed();
    expect(failed).toMatchObject({ id, name: 'failing-job', message: 'The file server did not answer', attempts: 2 });
    mended = true;
    await jobs.queue.retry('failing-job', id);
    await until(
      'the retried job to complete',
      async () => (await jobs.queue.state('failing-job', id))?.state === 'completed',
    );
    expect(await jobs.queue.failed()).toEqual([]);
  });
});

describe('an attempt that outlives pg-boss’s wait at a stop', () => {
  it('is waited for by the stop, so the database closes after it, and is tried again', async () => {
    const database = await createTestDatabase();
    open.push(database);
    await createProbeTables(database.db);
    useProbeDatabase(database.db);
    const uncaught: unknown[] = [];
    const listen = (reason: unknown) => uncaught.push(reason);
    process.on('unhandledRejection', listen);
    try {
      // The first attempt takes longer than the stop waits for (5 s).
      const { jobs } = await workingOn(database, [probeModule({ firstAttemptMs: 6500, expireInSeconds: 60 })]);
      const id = (await jobs.send(PROBE_QUEUE, {}))!;
      const attempts = () =>
        database.db
          .selectFrom('probe_attempts' as never)
          .selectAll()
          .execute();
      await until('the attempt to start', async () => (await attempts()).length > 0);
      await jobs.stop();
      // Finished by the time the stop returns.
      expect(
        await database.db
          .selectFrom('probe_completions' as never)
          .selectAll()
          .execute(),
      ).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught).toEqual([]);
      // pg-boss gave the attempt up at 5 s, to be tried again (its jobs are made to run twice safely).
      expect(await jobs.queue.state(PROBE_QUEUE, id)).toMatchObject({ state: 'retry' });
    } finally {
      process.off('unhandledRejection', listen);
    }
  }, 30_000);
});

describe.runIf(testPostgresUrl())('a job whose process is killed', () => {
  it('runs again in another process and completes exactly once', async () => {
    const database = await createTestDatabase({ kind: 'postgres' });
    open.push(database);
    await createProbeTables(database.db);
    const jobs = createJobs(database.db, { modules: [probeModule({ firstAttemptMs: 60_000, expireInSeconds: 2 })] });
    await jobs.prepare();
    const start = (): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fixtures/probe-worker.ts')], {
          env: { ...process.env, DATABASE_URL: database.url },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('working') && resolve(child));
        child.on('exit', (code, signal) => reject(new Error(`the worker stopped (${code ?? signal})`)));
      });
    const first = await start();
    const id = (await jobs.send(PROBE_QUEUE, {}))!;
    const attempts = () =>
      sql<{
        attempt: number;
        pid: number;
      }>`select attempt, pid from probe_attempts where job_id = ${id} order by attempt`
        .execute(database.db)
        .then((r) => r.rows);
    await until('the first attempt to start', async () => (await attempts()).length === 1);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = await start();
    try {
      await until(
        'the job to complete',
        async () => (await jobs.queue.state(PROBE_QUEUE, id))?.state === 'completed',
        30_000,
      );
    } finally {
      second.kill('SIGTERM');
    }
    const tried = await attempts();
    expect(tried.map((a) => a.attempt)).toEqual([0, 1]);
    expect(tried[1]!.pid).toBe(second.pid);
    const completions = await sql<{ pid: number }>`select pid from probe_completions where job_id = ${id}`.execute(
      database.db,
    );
    expect(completions.rows).toEqual([{ pid: second.pid }]);
  }, 60_000);
});
