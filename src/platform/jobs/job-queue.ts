/**
 * Background jobs on the database, with pg-boss (ADR 11): the queue lives in its own schema of the
 * same database, so every process and machine that serves Syslead shares it, and a job is sent in
 * the transaction of the write that asks for it. pg-boss reaches the database through Kysely, so
 * the embedded database's one connection and a write's transaction serve it as PostgreSQL's pool does.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../../db/database.js';

export const JOB_SCHEMA = 'pgboss';

/** How long a stop waits for this process's running attempts to finish. */
const STOP_WAIT_MS = 30_000;

/** What a job is told of itself. */
export interface JobInfo {
  id: string;
  /** 0 for the first attempt, then 1, 2… */
  retryCount: number;
  /** Whether no attempt follows this one if it fails. */
  lastAttempt: boolean;
}

/** One kind of job: how long an attempt may take and how often it is tried. */
export interface JobSpec<Data = unknown> {
  /** After this long, an attempt whose process stopped answering is taken as lost, and tried again. */
  expireInSeconds?: number;
  /** Attempts after the first (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry, doubling after each (default 10). */
  retryDelaySeconds?: number;
  /** `stately`: at most one job waiting and one running (per singleton key); sending another while one waits does nothing. */
  policy?: 'standard' | 'stately';
  /** Sent on a timetable too: a cron expression on the clock in England, e.g. `0 7 * * *` for 7 every morning. */
  schedule?: string;
  run(data: Data, job: JobInfo): Promise<void>;
}

export interface SendOptions {
  /** The transaction of the write that asks for the job: the job exists only if the write commits. */
  within?: Db;
  /** A job with the same id is sent once only. */
  id?: string;
  /** While a job with this key waits, another is not sent. */
  singletonKey?: string;
}

/** A failed job, for administrators. */
export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  message: string;
  attempts: number;
  failedAt: Date;
}

export interface JobQueueOptions {
  /** How often an idle worker looks for jobs another process sent (default 2 s). */
  pollingIntervalSeconds?: number;
  /** How often lost attempts are looked for and old jobs archived (default 30 s). */
  maintenanceIntervalSeconds?: number;
  onError?(error: unknown): void;
}

/**
 * pg-boss's way to the database. Once the queue has stopped, what it still says (an attempt that
 * outlived the stop, completing or failing) is dropped: the database may be closed by then, and
 * the attempt is expired and tried again, as after any stop. A dropped command that counts the jobs
 * it touched is answered "none", the shape pg-boss reads it in.
 */
function through(db: Db, stopped: () => boolean = () => false): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (stopped()) return { rows: /select count\(\*\) from results/i.test(text) ? [{ count: '0' }] : [] };
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/** An id made from a text, so a job sent twice for the same thing is one job. */
export function jobIdFor(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type JobQueue = ReturnType<typeof createJobQueue>;

export function createJobQueue(db: Db, options: JobQueueOptions & { timetables?: boolean; supervise?: boolean } = {}) {
  const polling = options.pollingIntervalSeconds ?? 2;
  let stopped = false;
  // Set as a stop begins: an attempt fetched after that is not begun (it expires and is tried again).
  let stopping = false;
  // The attempts this process has begun, so a stop waits for each to finish before the database may close.
  const running = new Set<Promise<void>>();
  const boss = new PgBoss({
    db: through(db, () => stopped),
    schema: JOB_SCHEMA,
    migrate: true,
    // Expiring lost attempts and archiving old jobs (not for a queue made only to prepare the tables).
    supervise: options.supervise ?? true,
    // Processes that run workers also send the jobs of the timetable (one of them, once, each time).
    schedule: options.timetables ?? false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 30 * 24 * 3600,
  });
  boss.on('error', (error) => options.onError?.(error));
  const workers = new Map<string, string>();
  let started = false;

  return {
    /** Creates the queue's tables and the queues, and, when `work`, starts a worker per queue in this process. */
    async start(specs: Record<string, JobSpec>, { work }: { work: boolean }): Promise<void> {
      stopped = false;
      stopping = false;
      await boss.start();
      started = true;
      for (const [name, spec] of Object.entries(specs)) {
        const settings = {
          name,
          policy: spec.policy ?? 'standard',
          retryLimit: spec.retryLimit ?? 3,
          retryDelay: spec.retryDelaySeconds ?? 10,
          retryBackoff: true,
          expireInSeconds: spec.expireInSeconds ?? 15 * 60,
        };
        await boss.createQueue(name, settings);
        await boss.updateQueue(name, settings);
        if (spec.schedule) await boss.schedule(name, spec.schedule, {}, { tz: 'Europe/London' });
        if (!work) continue;
        const id = await boss.work<unknown>(
          name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: polling },
          async ([job]) => {
            if (!job) return;
            if (stopping) throw new Error('This process is stopping; the job is tried again');
            const attempt = spec.run(job.data, {
              id: job.id,
              retryCount: job.retryCount,
              lastAttempt: job.retryCount >= job.retryLimit,
            });
            running.add(attempt);
            try {
              await attempt;
            } finally {
              running.delete(attempt);
              // pg-boss waits its polling interval after every fetch, even one that found a job: a job done
              // means more may be waiting, so the worker looks again at once (it waits when it finds none).
              const worker = workers.get(name);
              if (worker && started) boss.notifyWorker(worker);
            }
          },
        );
        workers.set(name, id);
      }
    },

    /** Sends a job; with `within`, as part of that transaction. Returns its id, or null when one with its id or key is already there. */
    async send(name: string, data: object, sendOptions: SendOptions = {}): Promise<string | null> {
      const id = await boss.send(name, data, {
        // Its own way in: a job may be sent from a process whose workers have stopped (or never ran).
        db: through(sendOptions.within ?? db),
        id: sendOptions.id,
        singletonKey: sendOptions.singletonKey,
      });
      if (!sendOptions.within) this.nudge(name);
      return id;
    },

    /** Wakes this process's worker of a queue, for a job sent in a transaction that has now committed. */
    nudge(name: string): void {
      const worker = workers.get(name);
      if (worker && started) boss.notifyWorker(worker);
    },

    /** Jobs that failed after their last attempt, newest first. */
    async failed(limit = 50): Promise<FailedJob[]> {
      if (!(await queueExists(db))) return [];
      const { rows } = await sql<{
        id: string;
        name: string;
        data: unknown;
        output: { message?: string; value?: { message?: string } } | null;
        retry_count: number;
        completed_on: Date;
      }>`select id, name, data, output, retry_count, completed_on from (
           select id, name, data, output, retry_count, completed_on, state from ${sql.table(`${JOB_SCHEMA}.job`)}
           union all
           select id, name, data, output, retry_count, completed_on, state from ${sql.table(`${JOB_SCHEMA}.archive`)}
         ) j where state = 'failed' order by completed_on desc limit ${limit}`.execute(db);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        data: r.data,
        message: r.output?.message ?? r.output?.value?.message ?? 'No reason was given',
        attempts: r.retry_count + 1,
        failedAt: new Date(r.completed_on),
      }));
    },

    /** Tries a failed job again. */
    async retry(name: string, id: string): Promise<void> {
      await boss.retry(name, id, { db: through(db) });
      this.nudge(name);
    },

    /** The state of one job, for tests and progress. */
    async state(name: string, id: string): Promise<{ state: string; retryCount: number } | null> {
      const job = await boss.getJobById(name, id, { includeArchive: true, db: through(db) });
      return job ? { state: job.state, retryCount: job.retryCount } : null;
    },

    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      stopping = true;
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      // pg-boss waits 5 s, for the attempts it knows of, then gives them up to be tried again. The
      // database may close only once no attempt of this process could still use it, so each begun
      // (one whose job was being fetched as the stop began, one that outlived the 5 s) is awaited here, for a while.
      await Promise.race([
        Promise.allSettled(running),
        new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref()),
      ]);
      stopped = true;
    },
  };
}

async function queueExists(db: Db): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${`${JOB_SCHEMA}.job`}) as found`.execute(db);
  return rows[0]?.found != null;
}
