import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Test files, and the tests in each file, run in a random order, so that no test can lean on
    // what an earlier one left behind: each builds its own data (test/factories.ts). A run prints
    // its seed ("Running tests with seed N"); replay that order with
    //   npx vitest run --project integration --sequence.seed=N
    // Vitest 4.1 reads `sequence` from the root config only (a project's own is ignored:
    // vitest-dev/vitest#9645), so the setting is here and the unit tests are shuffled as well.
    sequence: { shuffle: { files: true, tests: true } },
    // Vitest runs one file at a time on two cores (it keeps a core for itself), yet a test file's
    // time is mostly the database's, on its own thread or server: two files at once halve the
    // embedded run (measured: 25 minutes to 8 with each file's database copied from a template).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      },
    ],
  },
});
