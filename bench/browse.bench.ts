import { describeFigures, haveWrk, prepareSystem, runWrk, startBareRoute, startServer } from './server.js';
import { testPostgresUrl } from '../test/test-database.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const CONNECTIONS = 200;

/**
 * Signed-in users browsing organisation lists and profiles, people, the network and the API of
 * the demo system, from wrk in its own process against `syslead serve` in its own: on the
 * embedded database with one process, on PostgreSQL with one and two worker processes.
 * Targets: PostgreSQL with two workers ≥ 1,000 pages/s, p99 < 250 ms, no errors; the embedded
 * database ≥ 300 pages/s, p99 < 500 ms.
 */
export async function benchBrowse() {
  if (!haveWrk()) {
    console.log('wrk is not installed (apt-get install wrk): the browse bench needs a load generator of its own');
    return;
  }
  const bare = await startBareRoute();
  const reference = runWrk(bare.url, { paths: ['/'], seconds: 5, connections: CONNECTIONS });
  await bare.stop();
  console.log(`bare Fastify route, ${CONNECTIONS} connections: ${describeFigures(reference)}`);

  const runs: Array<{ kind: 'pglite' | 'postgres'; workers: number }> = [{ kind: 'pglite', workers: 1 }];
  if (testPostgresUrl()) runs.push({ kind: 'postgres', workers: 1 }, { kind: 'postgres', workers: 2 });
  for (const { kind, workers } of runs) {
    const system = await prepareSystem(kind);
    const server = await startServer(system.env, ['--workers', String(workers)]);
    const ids = system.organisationIds;
    const paths = Array.from({ length: 40 }, (_, i) => [
      `/organisations?page=${1 + (i % 4)}`,
      `/organisations/${ids[i % ids.length]}`,
      '/people',
      '/network',
      `/api/v1/organisations/${ids[(i * 7) % ids.length]}`,
    ]).flat();
    // A short warm-up, then the measured run.
    runWrk(server.url, { paths, cookies: system.cookies, seconds: 3, connections: CONNECTIONS });
    const result = runWrk(server.url, { paths, cookies: system.cookies, seconds: SECONDS, connections: CONNECTIONS });
    console.log(
      `${CONNECTIONS} connections browsing for ${SECONDS} s (${kind}, ${workers} worker${workers > 1 ? 's' : ''}): ` +
        `${describeFigures(result)}; ratio to the bare route ${(result.perSecond / reference.perSecond).toFixed(3)}`,
    );
    await server.stop();
    await system.dispose();
  }
}
