import { defineModule } from '../definition.js';
import { LANDSCAPE_IMPORTERS } from './importers/landscape.importers.js';
import { registerLandscapeApi } from './landscape.api-routes.js';
import { registerLandscapePages } from './landscape.page-routes.js';
import { registerLandscapeReportPages } from './report/report.pages.js';
import { createLandscapeService, type LandscapeService } from './landscape.service.js';

/** The landscape: organisations, people, system-leadership roles and relationships. */
export { type LandscapeService } from './landscape.service.js';
export { type Selection } from './landscape.shared.js';
/** Who may change what in the landscape; the kinds of organisation that are partnerships. */
export { canEditOrganisation, PARTNERSHIP_KINDS, staffOrganisations } from './landscape.policy.js';
/** The landscape report: dimensions and shapes. */
export { REPORT_DIMENSIONS, type LandscapeReport, type ReportDimension } from './report/report.js';
/** The landscape's vocabulary: kinds, wider systems, relationship types and phases. */
export * from './landscape.domain.js';
/** The shape of a whole landscape loaded at once (demo system, importers). */
export type { LandscapeBatch, BatchResult } from './landscape.batch.js';

declare module '../definition.js' {
  interface ServiceMap {
    landscape: LandscapeService;
  }
}

/** The landscape: organisations, people, roles, relationships, sharing agreements and the report. */
export const landscapeModule = defineModule({
  name: 'landscape',
  needs: ['audit'],
  createService: ({ db, services }) => createLandscapeService({ db, audit: services.audit }),
  routes: (app, { landscape, accounts }) => {
    registerLandscapeApi(app, landscape);
    registerLandscapePages(app, landscape, accounts);
    registerLandscapeReportPages(app, landscape);
  },
  importers: LANDSCAPE_IMPORTERS,
  navigation: [
    { text: 'Organisations', href: '/organisations', order: 10 },
    { text: 'People', href: '/people', order: 20 },
    { text: 'Roles', href: '/roles', order: 30 },
    { text: 'Landscape', href: '/landscape', order: 50 },
  ],
});
