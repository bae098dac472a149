/**
 * The background jobs of every module on one database: the queues the modules declare, a queue of
 * event deliveries (one job per event and handler, so a handler that fails is retried alone), and
 * the relay that hands the outbox's events to it. Every process that serves runs workers, so jobs
 * run wherever there is capacity; the queue's tables are made with the schema's migrations.
 */
import type { Db } from './db/database.js';
import { handleOnce, relayOutbox } from './modules/audit/index.js';
import {
  MODULES,
  eventHandlers,
  moduleJobs,
  type EventPayload,
  type JobSender,
  type ModuleDefinition,
  type ServiceMap,
} from './modules/index.js';
import {
  createJobQueue,
  jobIdFor,
  type JobQueue,
  type JobQueueOptions,
  type JobSpec,
} from './platform/jobs/job-queue.js';

/** How many events one transaction of the relay hands on. */
const RELAY_BATCH = 200;

/** The queue that delivers events to their handlers. */
export const EVENTS_QUEUE = 'events';

interface EventJob {
  eventId: number;
  name: string;
  handler: string;
  payload: EventPayload;
}

export interface Jobs extends JobSender {
  queue: JobQueue;
  /** Starts the workers of every queue in this process, and the relay of the outbox. */
  work(services: ServiceMap): Promise<void>;
  /** Delivers every event waiting in the outbox now; returns how many. */
  relay(): Promise<number>;
  /** Makes the queue's tables and queues, and brings each queue's settings up to date. */
  prepare(): Promise<void>;
  stop(): Promise<void>;
}

export interface JobsOptions extends JobQueueOptions {
  /** Whether the queue expires lost attempts and archives old jobs (default: it does). */
  supervise?: boolean;
  /** Whether this process sends the jobs of the timetable when it works (default: it does). */
  timetables?: boolean;
  modules?: ModuleDefinition[];
  /** How often the outbox is looked at for events another process wrote (default 1 s). */
  relayIntervalMs?: number;
}

export function createJobs(db: Db, options: JobsOptions = {}): Jobs {
  const modules = options.modules ?? MODULES;
  const queue = createJobQueue(db, { ...options, timetables: options.timetables ?? true });
  const handlers = eventHandlers(modules);
  let relaying: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let working = false;

  async function relayOnce(): Promise<number> {
    let sent = 0;
    const delivered = await relayOutbox(
      db,
      async (trx, events) => {
        for (const event of events)
          for (const { handler } of handlers.get(event.name) ?? []) {
            const data: EventJob = { eventId: event.id, name: event.name, handler, payload: event.payload };
            await queue.send(EVENTS_QUEUE, data, { within: trx, id: jobIdFor(`${event.id}:${handler}`) });
            sent++;
          }
      },
      RELAY_BATCH,
    );
    if (sent) queue.nudge(EVENTS_QUEUE);
    return delivered;
  }

  /** One relay at a time in a process; a call while one runs makes it go round once more. */
  function relay(): Promise<number> {
    if (relaying) {
      again = true;
      return relaying;
    }
    relaying = (async () => {
      let total = 0;
      let delivered: number;
      // Round again while events keep coming, or a full batch suggests more are waiting.
      do {
        again = false;
        delivered = await relayOnce();
        total += delivered;
      } while ((again || delivered === RELAY_BATCH) && working);
      return total;
    })().finally(() => (relaying = undefined));
    return relaying;
  }

  function specs(services: ServiceMap | undefined): Record<string, JobSpec> {
    const run = (services: ServiceMap | undefined) => {
      if (!services) throw new Error('This process runs no jobs');
      return services;
    };
    const jobs: Record<string, JobSpec> = Object.fromEntries(
      Object.entries(moduleJobs(modules)).map(([name, job]) => [
        name,
        { ...job, run: (data: unknown, info) => job.run(run(services), data as never, info) },
      ]),
    );
    jobs[EVENTS_QUEUE] = {
      expireInSeconds: 5 * 60,
      run: async (data) => {
        const job = data as EventJob;
        const handler = handlers.get(job.name)?.find((h) => h.handler === job.handler);
        if (!handler) return; // a handler since removed: nothing to do
        await handler.run(run(services), {
          id: job.eventId,
          name: job.name,
          payload: job.payload,
          once: (work) => handleOnce(db, job.eventId, job.handler, work),
        });
      },
    };
    return jobs;
  }

  return {
    queue,
    send: (name, data, sendOptions) => queue.send(name, data, sendOptions),
    nudge: (name) => queue.nudge(name),
    failed: (limit) => queue.failed(limit),
    retry: (name, id) => queue.retry(name, id),
    eventsWaiting: () => {
      if (working) void relay().catch((error) => options.onError?.(error));
    },
    async work(services) {
      await queue.start(specs(services), { work: true });
      working = true;
      const tick = () => {
        timer = setTimeout(() => {
          relay()
            .catch((error) => options.onError?.(error))
            .finally(() => working && tick());
        }, options.relayIntervalMs ?? 1000);
        timer.unref();
      };
      tick();
    },
    relay,
    async prepare() {
      await queue.start(specs(undefined), { work: false });
      await queue.stop();
    },
    async stop() {
      working = false;
      if (timer) clearTimeout(timer);
      await relaying?.catch(() => undefined);
      await queue.stop();
    },
  };
}

/** Makes the queue's tables and every module's queues, with the schema's migrations. */
export async function prepareJobs(db: Db, modules: ModuleDefinition[] = MODULES): Promise<void> {
  await createJobs(db, { modules, timetables: false, supervise: false }).prepare();
}
