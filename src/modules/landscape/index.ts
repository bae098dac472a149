/** The landscape: organisations, people, system-leadership roles and relationships. */
export { createLandscapeService, type LandscapeService, type Selection } from './landscape.service.js';
/** Who may change what in the landscape; the kinds of organisation that are partnerships. */
export { canEditOrganisation, PARTNERSHIP_KINDS, staffOrganisations } from './landscape.policy.js';
/** Registers the landscape's JSON API under /api/v1. */
export { registerLandscapeApi } from './landscape.api-routes.js';
/** Registers the landscape's pages. */
export { registerLandscapePages } from './landscape.page-routes.js';
/** Registers the import pages (upload, history, rejected rows). */
export { registerImportPages } from './landscape.import-pages.js';
/** Registers the landscape report page and the people behind its counts. */
export { registerLandscapeReportPages } from './landscape.report-pages.js';
/** The landscape report: dimensions and shapes. */
export { REPORT_DIMENSIONS, type LandscapeReport, type ReportDimension } from './landscape.report.js';
/** The landscape's vocabulary: kinds, wider systems, relationship types and phases. */
export * from './landscape.domain.js';
/** The shape of a whole landscape loaded at once (demo system, importers). */
export type { LandscapeBatch, BatchResult } from './landscape.batch.js';
/** Importers of public school data and of system leaders, and what an import reports. */
export { IMPORTERS } from './import/importers.js';
export { missingColumns, rejectsCsv, type ImportContext, type ImportDefinition, type ImportSummary, type MergeResult, type Reject } from './import/import.runner.js';
export { CsvFileError } from '../../platform/csv/csv-reader.js';
