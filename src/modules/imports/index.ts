import { defineModule } from '../definition.js';
import { registerImportPages } from './imports.routes.js';
import { createImportsService, type ImportsService } from './imports.service.js';

/** What an importer is made of, and what an import reports. */
export {
  missingColumns,
  rejectsCsv,
  type ImportContext,
  type ImportDefinition,
  type ImportSummary,
  type MergeContext,
  type MergeResult,
  type Reject,
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
  createService: ({ db, services, importers }) => createImportsService({ db, audit: services.audit, importers }),
  routes: (app, { imports }) => registerImportPages(app, imports),
  navigation: [{ text: 'Imports', href: '/imports', order: 85, adminOnly: true }],
});
