/**
 * Load from outside: `syslead serve` started as a process of its own on a prepared database,
 * driven by wrk (a load generator in C, in its own process) as a school's traffic would arrive.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServices, openMigratedDatabase } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { testPostgresUrl } from '../test/test-database.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers other than 2xx or 3xx, and socket errors (connect, read, write, timeout). */
  errors: number;
}

export function haveWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1.
    return (error as { status?: number }).status === 1;
  }
}

/** A prepared system: the demo loaded, signed-in sessions, and where the server finds it. */
export interface PreparedSystem {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  cookies: string[];
  organisationIds: number[];
  dispose(): Promise<void>;
}

export async function prepareSystem(kind: 'pglite' | 'postgres', users = 20): Promise<PreparedSystem> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-bench-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const server = testPostgresUrl()!;
    const name = `syslead_bench_${randomBytes(4).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(statement).finally(() => client.end());
    };
    await admin(`create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => admin(`drop database if exists ${name} with (force)`);
  }
  const handle = await openMigratedDatabase({ databaseUrl, dataDir: path.join(dir, 'data') });
  const services = createServices(handle.db);
  await services.demo.load(ADMIN);
  const cookies: string[] = [];
  for (let i = 0; i < users; i++) {
    const email = `reader${i}@example.test`;
    await services.accounts.createUser({ email, name: `Reader ${i}`, password: 'a quiet evening by the river' });
    const session = await services.accounts.signIn(email, 'a quiet evening by the river');
    cookies.push(`syslead_session=${session.token}`);
  }
  const organisationIds = (await services.landscape.listOrganisations(ADMIN, { perPage: 200 })).items.map((o) => o.id);
  await handle.close();
  return {
    kind,
    env: databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', SYSLEAD_DATA_DIR: path.join(dir, 'data') },
    cookies,
    organisationIds,
    dispose: async () => {
      await dropDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `syslead serve` (built first when sources changed) and resolves with its address once it listens. */
export async function startServer(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/syslead'), 'serve', '--port', '0', ...args], {
    env: { ...process.env, NODE_ENV: 'production', SYSLEAD_COOKIE_SECURE: 'false', SYSLEAD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /running at (http:\/\/[^\s]+) /.exec(seen);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened: ${seen}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs wrk against `base` for `seconds` with `connections`, each request taking the next path
 * of `paths` and the next cookie of `cookies` (many users, one after another).
 */
export function runWrk(
  base: string,
  options: { paths: string[]; cookies?: string[]; seconds: number; connections: number },
): LoadFigures {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-wrk-')), 'mix.lua');
  const list = (items: string[]) => `{${items.map((p) => JSON.stringify(p)).join(',')}}`;
  fs.writeFileSync(
    script,
    `local paths = ${list(options.paths)}
local cookies = ${list(options.cookies ?? [])}
local n = 0
request = function()
  n = n + 1
  local headers = {}
  if #cookies > 0 then headers["Cookie"] = cookies[(n % #cookies) + 1] end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end
`,
  );
  const threads = Math.min(2, options.connections);
  const output = execFileSync(
    'wrk',
    [
      `-t${threads}`,
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      script,
      base,
    ],
    { encoding: 'utf8' },
  );
  fs.rmSync(path.dirname(script), { recursive: true, force: true });
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const count = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    perSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0),
    p50: ms('50%'),
    p99: ms('99%'),
    requests: count(/(\d+) requests in/),
    errors:
      count(/Non-2xx or 3xx responses: (\d+)/) + (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

/** A bare Fastify JSON route in a process of its own, the reference every figure is divided by. */
export async function startBareRoute(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('listening ' + app.server.address().port);`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const describeFigures = (f: LoadFigures) =>
  `${f.perSecond.toFixed(0)} pages/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, ${f.errors} errors`;
