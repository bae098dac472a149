import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

/** An error raised by the embedded database, carrying PostgreSQL's SQLSTATE like `pg` does. */
export class EmbeddedDatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}

type Pending = { resolve: (reply: WorkerReply & { ok: true }) => void; reject: (error: Error) => void };

/** The main thread's handle on the database worker: one request at a time per message id. */
export class PgliteWorkerClient {
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #ready: Promise<void>;
  #closed = false;

  constructor(dataDir: string | undefined, startFrom?: Uint8Array) {
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    // Run from TypeScript sources (tests, development) the worker registers tsx before loading itself.
    this.#worker = fromSource
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./pglite-worker.ts', here).href)}); })`,
          { eval: true, workerData: { dataDir, startFrom } },
        )
      : new Worker(new URL('./pglite-worker.js', here), { workerData: { dataDir, startFrom } });
    this.#ready = new Promise((resolve, reject) => {
      const onFirst = (reply: WorkerReply) => {
        if (reply.id === 0) {
          this.#worker.off('error', reject);
          resolve();
        }
      };
      this.#worker.once('message', onFirst);
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply);
      else
        pending.reject(
          new EmbeddedDatabaseError(reply.error.message, reply.error.code, reply.error.detail, reply.error.constraint),
        );
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', (code) => {
      if (!this.#closed) this.#failAll(new Error(`The embedded database stopped unexpectedly (exit code ${code})`));
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  async query(sql: string, params: readonly unknown[] = [], blob?: Uint8Array): Promise<WorkerReply & { ok: true }> {
    await this.#ready;
    if (this.#closed) throw new Error('The embedded database is closed');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: WorkerRequest = { op: 'query', id, sql, params: [...params], blob };
      this.#worker.postMessage(request);
    });
  }

  /** The whole data folder as a gzipped tar archive (PGlite's own format), taken between queries. */
  async dump(): Promise<Uint8Array> {
    await this.#ready;
    const id = this.#nextId++;
    const reply = await new Promise<WorkerReply & { ok: true }>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ op: 'dump', id } satisfies WorkerRequest);
    });
    return reply.dump!;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#ready.catch(() => undefined);
    const id = this.#nextId++;
    await new Promise<void>((resolve) => {
      this.#pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
      this.#worker.postMessage({ op: 'close', id } satisfies WorkerRequest);
    });
    this.#closed = true;
    await this.#worker.terminate();
  }

  #failAll(error: Error) {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** A FIFO lock: PGlite has one session, so one Kysely connection is lent out at a time. */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly client: PgliteWorkerClient) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.client.query(compiled.sql, compiled.parameters);
    return {
      rows: reply.rows as R[],
      numAffectedRows: reply.affectedRows === undefined ? undefined : BigInt(reply.affectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database');
  }
}

class WorkerDriver implements Driver {
  readonly #lock = new ConnectionLock();
  readonly #connection: WorkerConnection;
  #release?: () => void;

  constructor(private readonly client: PgliteWorkerClient) {
    this.#connection = new WorkerConnection(client);
  }

  async init(): Promise<void> {
    await this.client.ready();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#lock.acquire();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

/** Kysely's PostgreSQL dialect, speaking to PGlite in a worker thread. */
export class PgliteWorkerDialect implements Dialect {
  constructor(private readonly client: PgliteWorkerClient) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new WorkerDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
