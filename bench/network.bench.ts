import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { betweenness } from '../src/modules/network/network.metrics.js';
import { createRandom } from '../src/shared/random.js';
import { metricsJson } from '../src/modules/network/index.js';
import { mapData } from '../src/modules/network/network.map.js';
import { createServices } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { createTestDatabase } from '../test/test-database.js';
import { timed } from './timing.js';

const DATA =
  process.env.SYSLEAD_SHARED_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const FILES: Array<[string, string]> = [
  ['gias-minimal', `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`],
  [
    'gias',
    `${DATA}/gias_fullwidth_sample_hampshire_surrey_2022-04-20/gias_results_hampshire850_surrey936_20220420.csv`,
  ],
  ['gias-links', `${DATA}/gias_establishment_links_2025-04-22/links_edubasealldata20250422.csv`],
  ['dfe-mats', `${DATA}/dfe_performance_tables_2018-19/england_ks2-mats-performance.csv`],
  ['dfe-mats', `${DATA}/dfe_performance_tables_2018-19/england_ks4-mats-performance.csv`],
];
const PYTHON_IGRAPH = `
import sys, time, igraph
n = int(sys.stdin.readline())
edges = [tuple(map(int, line.split())) for line in sys.stdin if line.strip()]
g = igraph.Graph(n=n, edges=edges, directed=False).simplify()
t = time.perf_counter()
g.betweenness(directed=False)
print(time.perf_counter() - t)
`;

/** The national graph from the real files: load plus all metrics, the map's JSON, a 250-school scope, and igraph as reference. */
export async function benchNetwork() {
  if (!fs.existsSync(FILES[0]![1])) {
    console.log('skipped: the public data files are not beside the project');
    return;
  }
  const database = await createTestDatabase({ kind: 'pglite' });
  const { imports, network } = createServices(database.db);
  for (const [kind, file] of FILES) await imports.importFile(ADMIN, kind, file);
  // The graph as it stood when the newest file was published, so closed schools of the time are in.
  const asOf = '2022-07-06';
  const [report, seconds] = await timed(() => network.report(ADMIN, { asOf }));
  const [, mapSeconds] = await timed(
    async () => JSON.stringify(mapData(await network.report(ADMIN, { asOf }), 'degree')).length,
  );
  const s = report.summary;
  console.log(
    `national graph (pglite): ${s.nodes} nodes, ${s.edges} ties; load + all metrics ${seconds.toFixed(2)} s (target under 10 s); ` +
      `betweenness ${s.betweenness} (${s.betweenness_samples} sources, largest standard error ${s.betweenness_standard_error.toExponential(2)})`,
  );
  console.log(`map JSON for the whole country: ${mapSeconds.toFixed(2)} s (target under 3 s)`);

  const la = report.nodes.find((n) => n.key === 'la:850');
  if (la) {
    const [scoped, scopeSeconds] = await timed(() => network.report(ADMIN, { asOf, scope: '850', phase: 'primary' }));
    console.log(
      `scope of Hampshire's primary schools (${scoped.nodes.filter((n) => n.in_scope).length} in scope, ${scoped.summary.nodes} nodes): ${(scopeSeconds * 1000).toFixed(0)} ms (target under 300 ms for 250 schools)`,
    );
  }
  JSON.stringify(metricsJson(report));

  const index = new Map(report.nodes.map((n, i) => [n.id, i]));
  const pairs = report.edges.map((e) => [index.get(e.source)!, index.get(e.target)!] as [number, number]);
  await compareWithIgraph('the national graph', report.nodes.length, pairs);
  // The national ties are sparse; a denser random graph shows the cost where paths are long and many.
  const random = createRandom(11);
  const dense: Array<[number, number]> = Array.from({ length: 20000 }, () => [
    random.int(0, 4999),
    random.int(0, 4999),
  ]);
  await compareWithIgraph('a random graph of 5,000 nodes and 20,000 ties', 5000, dense);
  await database.close();
}

async function compareWithIgraph(label: string, n: number, pairs: Array<[number, number]>) {
  const [, ours] = await timed(() => betweenness(n, pairs));
  let igraph = 'python3-igraph is not installed (apt-get install python3-igraph)';
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', PYTHON_IGRAPH], {
      input: `${n}\n${pairs.map(([a, b]) => `${a} ${b}`).join('\n')}\n`,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const reference = Number(out.trim());
    igraph = `python3-igraph ${reference.toFixed(2)} s; ratio ours / igraph ${(ours / reference).toFixed(2)}`;
  } catch {
    // igraph missing: said above
  }
  console.log(`exact betweenness of ${label}: ours ${ours.toFixed(2)} s; ${igraph}`);
}
