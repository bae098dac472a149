import { testPostgresUrl } from '../test/test-database.js';
import { describeFigures, haveWrk, prepareSystem, runWrk, startBareRoute, startServer } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;

/** A signed-in API list of the demo system from wrk against `syslead serve`, each in its own process, beside a bare Fastify route. */
export async function benchHttp() {
  if (!haveWrk()) {
    console.log('wrk is not installed (apt-get install wrk): the HTTP bench needs a load generator of its own');
    return;
  }
  const bare = await startBareRoute();
  const reference = runWrk(bare.url, { paths: ['/'], seconds: SECONDS, connections: CONNECTIONS });
  await bare.stop();
  console.log(`bare Fastify JSON route: ${describeFigures(reference)}`);

  const runs: Array<{ kind: 'pglite' | 'postgres'; workers: number }> = [{ kind: 'pglite', workers: 1 }];
  if (testPostgresUrl()) runs.push({ kind: 'postgres', workers: 1 }, { kind: 'postgres', workers: 2 });
  for (const { kind, workers } of runs) {
    const system = await prepareSystem(kind);
    const server = await startServer(system.env, ['--workers', String(workers)]);
    const paths = ['/api/v1/organisations?kind=school&perPage=25'];
    runWrk(server.url, { paths, cookies: system.cookies, seconds: 2, connections: CONNECTIONS });
    const result = runWrk(server.url, { paths, cookies: system.cookies, seconds: SECONDS, connections: CONNECTIONS });
    console.log(
      `GET /api/v1/organisations (${kind}, ${workers} worker${workers > 1 ? 's' : ''}): ${describeFigures(result)}; ` +
        `ratio to the bare route ${(result.perSecond / reference.perSecond).toFixed(3)}`,
    );
    await server.stop();
    await system.dispose();
  }
}
