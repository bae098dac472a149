import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKGROUND_JOB } from '../src/platform/http/actor.js';
import { todayIso } from '../src/modules/landscape/index.js';
import { addDays } from '../src/shared/time-in-words.js';
import { createServices } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { createTestDatabase } from '../test/test-database.js';
import { timed } from './timing.js';

const DATA =
  process.env.SYSLEAD_SHARED_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const FILES: Array<[string, string]> = [
  ['gias-minimal', `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`],
  ['gias-links', `${DATA}/gias_establishment_links_2025-04-22/links_edubasealldata20250422.csv`],
  ['dfe-mats', `${DATA}/dfe_performance_tables_2018-19/england_ks2-mats-performance.csv`],
];

/**
 * England's weekly snapshot on the national files: every section's figures read and written,
 * against the reference of the network report it contains (the largest part of the work),
 * computed in the same run.
 */
export async function benchHealth() {
  if (!fs.existsSync(FILES[0]![1])) {
    console.log('skipped: the public data files are not beside the project');
    return;
  }
  const database = await createTestDatabase({ kind: 'pglite' });
  try {
    const services = createServices(database.db);
    for (const [kind, file] of FILES) await services.imports.importFile(ADMIN, kind, file);
    const [report, networkSeconds] = await timed(() => services.network.reportNow(ADMIN, {}));
    await services.health.takeSnapshot(BACKGROUND_JOB, { ref: 'england', day: addDays(todayIso(), -7) });
    const [, snapshotSeconds] = await timed(() =>
      services.health.takeSnapshot(BACKGROUND_JOB, { ref: 'england', day: todayIso() }),
    );
    // The view compares the two days and reads what began or ended between them, as a page does.
    const [, viewSeconds] = await timed(() => services.health.view(ADMIN, 'england'));
    console.log(
      `England's snapshot (pglite, ${report.summary.nodes} organisations): ${snapshotSeconds.toFixed(2)} s, ` +
        `${(snapshotSeconds / networkSeconds).toFixed(2)}× the network report alone (${networkSeconds.toFixed(2)} s); ` +
        `the view comparing it with a week before ${(viewSeconds * 1000).toFixed(0)} ms`,
    );
  } finally {
    await database.close();
  }
}
