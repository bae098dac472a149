/**
 * A worker thread that owns the embedded database. PGlite runs queries on the thread that
 * calls it and blocks that thread meanwhile, so the web server's thread never touches it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { textParsers } from './type-parsers.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const { dataDir, startFrom } = workerData as { dataDir?: string; startFrom?: Uint8Array };
const port = parentPort;
if (!port) throw new Error('pglite-worker must run as a worker thread');

const pglite = await PGlite.create(dataDir, {
  parsers: textParsers,
  loadDataDir: startFrom ? new Blob([new Uint8Array(startFrom)]) : undefined,
});

function errorFields(error: unknown): WorkerReply & { ok: false } {
  const e = error as Record<string, unknown>;
  return {
    ok: false,
    id: 0,
    error: {
      message: String(e?.message ?? error),
      code: typeof e?.code === 'string' ? e.code : undefined,
      detail: typeof e?.detail === 'string' ? e.detail : undefined,
      constraint: typeof e?.constraint === 'string' ? e.constraint : undefined,
    },
  };
}

port.on('message', async (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (request.op === 'query') {
      // A query without parameters may be a script of several statements (the job queue's
      // maintenance is): as PostgreSQL's simple protocol does, it runs whole, giving the last rows.
      const result =
        request.params.length === 0 && !request.blob
          ? ((await pglite.exec(request.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
          : await pglite.query(request.sql, request.params, {
              blob: request.blob ? new Blob([new Uint8Array(request.blob)]) : undefined,
            });
      reply = {
        ok: true,
        id: request.id,
        rows: result.rows as Record<string, unknown>[],
        affectedRows: result.affectedRows,
      };
    } else if (request.op === 'dump') {
      const archive = await pglite.dumpDataDir('gzip');
      reply = { ok: true, id: request.id, rows: [], dump: new Uint8Array(await archive.arrayBuffer()) };
    } else {
      await pglite.close();
      reply = { ok: true, id: request.id, rows: [] };
    }
  } catch (error) {
    reply = { ...errorFields(error), id: request.id };
  }
  port.postMessage(reply);
});

port.postMessage({ ok: true, id: 0, rows: [] } satisfies WorkerReply);
