import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { createTestDatabase, testPostgresUrl } from '../test/test-database.js';

const DATA =
  process.env.SYSLEAD_SHARED_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const MINIMAL = `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`;
const LINKS = `${DATA}/gias_establishment_links_2025-04-22/links_edubasealldata20250422.csv`;
const BARE = [
  {
    file: MINIMAL,
    table: 'bare_minimal',
    columns: 'urn text, name text, town text, postcode text, lead_school text, open_date text, close_date text',
    encoding: 'UTF8',
  },
  {
    file: LINKS,
    table: 'bare_links',
    columns: 'urn text, link_urn text, link_name text, link_type text, link_date text',
    encoding: 'WIN1252',
  },
];

/** Samples the process's resident memory while `work` runs and returns the peak growth. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number; seconds: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, growth: peak - start, seconds };
}

/** Raw COPY of both files into bare tables: the reference our importer is measured against. */
async function rawCopy(kind: 'pglite' | 'postgres', url?: string): Promise<number> {
  if (kind === 'pglite') {
    const db = await PGlite.create();
    const started = performance.now();
    for (const bare of BARE) {
      await db.exec(`create table ${bare.table} (${bare.columns})`);
      await db.query(
        `copy ${bare.table} from '/dev/blob' with (format csv, header true, encoding '${bare.encoding}')`,
        [],
        { blob: new Blob([fs.readFileSync(bare.file)]) },
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await db.close();
    return seconds;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  for (const bare of BARE) {
    await client.query(`create temp table ${bare.table} (${bare.columns})`);
    // The server reads the file itself: the fastest path PostgreSQL has.
    await client.query(
      `copy ${bare.table} from '${bare.file}' with (format csv, header true, encoding '${bare.encoding}')`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return seconds;
}

/** The national establishment list plus the links file, through `syslead import`, against raw COPY. */
export async function benchImport() {
  if (!fs.existsSync(MINIMAL)) {
    console.log('skipped: the public data files are not beside the project');
    return;
  }
  const kinds = testPostgresUrl() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    const database = await createTestDatabase({ kind });
    const { imports } = createServices(database.db);
    const run = await peakRssGrowth(async () => {
      const minimal = await imports.importFile(ADMIN, 'gias-minimal', MINIMAL);
      const links = await imports.importFile(ADMIN, 'gias-links', LINKS);
      return minimal.rowsRead + links.rowsRead;
    });
    const again = performance.now();
    await imports.importFile(ADMIN, 'gias-minimal', MINIMAL);
    await imports.importFile(ADMIN, 'gias-links', LINKS);
    const rerun = (performance.now() - again) / 1000;
    await database.close();
    const copy = await rawCopy(kind, testPostgresUrl());
    const target = kind === 'pglite' ? 20 : 10;
    console.log(
      `import national list + links (${kind}): ${run.result} rows in ${run.seconds.toFixed(2)} s (target under ${target} s), ` +
        `re-import ${rerun.toFixed(2)} s; raw COPY ${copy.toFixed(2)} s; ratio to COPY ${(run.seconds / copy).toFixed(2)} (target within 3); ` +
        `peak RSS growth ${(run.growth / 1048576).toFixed(0)} MB (target under 200), ${(run.growth / run.result).toFixed(0)} bytes per row`,
    );
  }
  const upload = await uploadSeconds();
  console.log(
    `upload page with the national list (pglite): answered in ${upload.answered.toFixed(2)} s (target under 1 s); ` +
      `its job finished ${upload.finished.toFixed(2)} s after the upload began`,
  );
}

/** How long the upload page takes to answer an administrator sending the national list, over HTTP. */
async function uploadSeconds(): Promise<{ answered: number; finished: number }> {
  const database = await createTestDatabase({ kind: 'pglite' });
  const services = createServices(database.db);
  const password = 'a quiet evening by the river';
  await services.accounts.createUser({ email: 'upload@example.test', name: 'Upload', isAdmin: true, password });
  const session = await services.accounts.signIn('upload@example.test', password);
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', requireAdminTwoFactor: false }),
    db: database.db,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookie = `syslead_session=${session.token}`;
  const form = await (await fetch(`${base}/imports`, { headers: { cookie } })).text();
  const body = new FormData();
  body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(form)![1]!);
  body.set('kind', 'gias-minimal');
  body.set('file', new Blob([fs.readFileSync(MINIMAL)]), 'schools.csv');
  const started = performance.now();
  const answer = await fetch(`${base}/imports`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
  const seconds = (performance.now() - started) / 1000;
  if (answer.status !== 303) throw new Error(`the upload page answered ${answer.status}`);
  const run = `${base}/api/v1${answer.headers.get('location')}`;
  for (;;) {
    const state = (await (await fetch(run, { headers: { cookie } })).json()) as { state: string; succeeded: boolean };
    if (state.state === 'done') {
      if (!state.succeeded) throw new Error('the import was refused');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const finished = (performance.now() - started) / 1000;
  await app.close();
  await database.close();
  return { answered: seconds, finished };
}
