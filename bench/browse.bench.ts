import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { createTestDatabase, testPostgresUrl } from '../test/test-database.js';
import { loadMany } from './load.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const USERS = 200;

/** 200 signed-in users browsing organisation, people and network pages of the demo system, against a bare route. */
export async function benchBrowse() {
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/`;
  const reference = await loadMany({
    seconds: Math.min(SECONDS, 10),
    clients: Array.from({ length: USERS }, () => ({})),
    nextUrl: () => bareUrl,
  });
  await bare.close();
  console.log(
    `bare Fastify route, ${USERS} clients: ${reference.perSecond.toFixed(0)} req/s, p99 ${reference.p99.toFixed(1)} ms`,
  );

  for (const kind of testPostgresUrl() ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
    const database = await createTestDatabase({ kind });
    const services = createServices(database.db);
    await services.demo.load(ADMIN);
    const people = [];
    for (let i = 0; i < 20; i++) {
      const email = `reader${i}@example.test`;
      await services.accounts.createUser({ email, name: `Reader ${i}`, password: 'a quiet evening by the river' });
      people.push(email);
    }
    const clients: Array<Record<string, string>> = [];
    for (let i = 0; i < USERS; i++) {
      const session = await services.accounts.signIn(people[i % people.length]!, 'a quiet evening by the river');
      clients.push({ cookie: `syslead_session=${session.token}` });
    }
    const organisations = (await services.landscape.listOrganisations(ADMIN, { perPage: 200 })).items.map((o) => o.id);
    const app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }, { dataDir: '(unused)', requireAdminTwoFactor: false }),
      db: database.db,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    let n = 0;
    const pages = [
      () => `/organisations?page=${1 + (n % 4)}`,
      () => `/organisations/${organisations[n % organisations.length]}`,
      () => '/people',
      () => '/network',
      () => `/api/v1/organisations/${organisations[n % organisations.length]}`,
    ];
    const result = await loadMany({
      seconds: SECONDS,
      clients,
      nextUrl: () => `${base}${pages[n++ % pages.length]!()}`,
    });
    console.log(
      `${USERS} users browsing for ${SECONDS} s (${kind}): ${result.requests} pages, ${result.errors} errors, ${result.perSecond.toFixed(0)} pages/s, ` +
        `p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms; throughput ratio to the bare route ${(result.perSecond / reference.perSecond).toFixed(3)}`,
    );
    await app.close();
    await database.close();
  }
}
