import { defineModule } from '../definition.js';
import { IMPORTS_HOME_CARDS } from './imports.home.js';
import { registerImportPages } from './imports.routes.js';
import { createImportsService, IMPORT_QUEUE, type ImportsService } from './imports.service.js';

/** What an importer is made of, and what an import reports. */
export {
  missingColumns,
  rejectsCsv,
  type ImportChanges,
  type ImportContext,
  type ImportDefinition,
  type ImportSummary,
  type MergeContext,
  type MergeResult,
  type Reject,
  type RevertObstacle,
} from './imports.runner.js';
export { type StagingColumns } from './imports.staging.js';
export { type ImportsService } from './imports.service.js';
export { CsvFileError } from '../../platform/csv/csv-reader.js';

declare module '../definition.js' {
  interface ServiceMap {
    imports: ImportsService;
  }
}

/** Imports of files: the runner, the upload pages and the run history; each kind of file comes from the module that owns its data. */
export const importsModule = defineModule({
  name: 'imports',
  needs: ['audit'],
  createService: ({ db, services, importers, jobs }) =>
    createImportsService({ db, audit: services.audit, importers, jobs }),
  routes: (app, { imports }) => registerImportPages(app, imports),
  jobs: {
    // A national file takes seconds; an attempt still running after ten minutes is taken as lost.
    [IMPORT_QUEUE]: {
      expireInSeconds: 10 * 60,
      retryLimit: 2,
      run: ({ imports }, data: { runId: number }, job) => imports.runQueued(data.runId, job),
    },
  },
  navigation: [{ text: 'Imports', href: '/imports', order: 85, adminOnly: true }],
  homeCards: IMPORTS_HOME_CARDS,
});
