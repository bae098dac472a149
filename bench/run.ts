/**
 * `npm run bench`: every benchmark, each printing a ratio against a reference measured in
 * the same run on this machine. Targets come from the issues; nothing here fails a build.
 */
import { benchBrokerage } from './brokerage.bench.js';
import { benchBrowse } from './browse.bench.js';
import { benchHealth } from './health.bench.js';
import { benchHttp } from './http.bench.js';
import { benchImport } from './import.bench.js';
import { benchIndicators } from './indicators.bench.js';
import { benchNetwork } from './network.bench.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  import: benchImport,
  network: benchNetwork,
  indicators: benchIndicators,
  brokerage: benchBrokerage,
  http: benchHttp,
  browse: benchBrowse,
  health: benchHealth,
};
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  await bench();
}
