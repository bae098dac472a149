import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices, type Services } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../test/test-database.js';

/** Where the public data files are: beside the project, or SYSLEAD_SHARED_DATA. */
export const DATA =
  process.env.SYSLEAD_SHARED_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');

/** A file to import first: its kind, its path, and the period when its name does not say. */
export type BenchFile = [kind: string, file: string, period?: string];

/**
 * Runs `work` on a fresh embedded database, and on a fresh PostgreSQL database when one is
 * configured, each with `files` imported first (and the seconds that took); skips (saying so) without the data files.
 */
export async function onEachDatabase(
  files: BenchFile[],
  work: (
    kind: 'pglite' | 'postgres',
    database: TestDatabase,
    services: Services,
    importSeconds: number,
  ) => Promise<void>,
): Promise<void> {
  if (!files.every(([, file]) => fs.existsSync(file))) {
    console.log('skipped: the public data files are not beside the project');
    return;
  }
  const kinds = testPostgresUrl() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    const database = await createTestDatabase({ kind });
    try {
      const services = createServices(database.db);
      const started = performance.now();
      for (const [importer, file, period] of files)
        await services.imports.importFile(ADMIN, importer, file, { period });
      await work(kind, database, services, (performance.now() - started) / 1000);
    } finally {
      await database.close();
    }
  }
}
