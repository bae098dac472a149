import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createTemplates, type Templates } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: Templates;
  }
}

/**
 * Migrates one database of each kind before the integration tests start, so that each test
 * file's fresh database is a copy of it rather than a run of every migration again.
 */
export default async function setup(project: TestProject) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-test-'));
  const templates = await createTemplates(folder);
  project.provide('databaseTemplates', templates.provided);
  return async () => {
    await templates.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
