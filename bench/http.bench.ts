import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { createTestDatabase, testPostgresUrl } from '../test/test-database.js';
import { ADMIN } from '../test/test-app.js';
import { load } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 20;

async function listen(app: { listen: (o: object) => Promise<string>; server: { address(): unknown } }) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A signed-in API page of the demo system against a bare Fastify JSON route, on each database. */
export async function benchHttp() {
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  const bareUrl = await listen(bare);
  const reference = await load(bareUrl, { seconds: SECONDS, concurrency: CONCURRENCY });
  await bare.close();
  console.log(`bare Fastify JSON route: ${reference.perSecond.toFixed(0)} req/s, p99 ${reference.p99.toFixed(1)} ms`);

  for (const kind of testPostgresUrl() ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
    const database = await createTestDatabase({ kind });
    const services = createServices(database.db);
    await services.demo.load(ADMIN);
    const { email } = await services.accounts.createUser({
      email: 'bench@example.test',
      name: 'Bench',
      password: 'a quiet evening by the river',
    });
    const { token } = await services.accounts.createTokenForEmail(email, 'bench', 'read');
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', requireAdminTwoFactor: false }),
      db: database.db,
    });
    const url = await listen(app);
    const result = await load(`${url}/api/v1/organisations?kind=school&perPage=25`, {
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      headers: { authorization: `Bearer ${token}` },
    });
    console.log(
      `GET /api/v1/organisations (${kind}): ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
        `${result.errors} errors; ratio to bare route ${(result.perSecond / reference.perSecond).toFixed(3)}`,
    );
    await app.close();
    await database.close();
  }
}
