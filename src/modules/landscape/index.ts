import { defineModule } from '../definition.js';
import { leadershipSection } from './people/people.health.js';
import { LANDSCAPE_IMPORTERS } from './importers/landscape.importers.js';
import { LANDSCAPE_HOME_CARDS } from './landscape.home.js';
import { membershipNotifications } from './memberships/memberships.notifications.js';
import { createLandscapeService, type LandscapeService } from './landscape.service.js';
import { registerMembershipRoutes } from './memberships/memberships.routes.js';
import { registerOrganisationsApi } from './organisations/organisations.api.js';
import { registerOrganisationPages } from './organisations/organisations.pages.js';
import { registerPeopleApi } from './people/people.api.js';
import { registerPeoplePages } from './people/people.pages.js';
import { registerRelationshipsApi } from './relationships/relationships.api.js';
import { registerRelationshipPages } from './relationships/relationships.pages.js';
import { registerReportApi } from './report/report.api.js';
import { registerReportPages } from './report/report.pages.js';
import { registerSharingApi } from './sharing/sharing.api.js';
import { registerSharingPages } from './sharing/sharing.pages.js';

/** The landscape: organisations, people, system-leadership roles and relationships. */
export { type LandscapeService } from './landscape.service.js';
export { type Selection } from './landscape.shared.js';
/** Who may change what in the landscape; the kinds of organisation that are partnerships. */
export { canEditOrganisation, ledOrganisationIds, PARTNERSHIP_KINDS, staffOrganisations } from './landscape.policy.js';
/** The landscape report: dimensions and shapes. */
export { REPORT_DIMENSIONS, type LandscapeReport, type ReportDimension } from './report/report.js';
/** The landscape's vocabulary: kinds, wider systems, relationship types and phases. */
export * from './landscape.domain.js';
/** Pages of a list, and text searched for as it is typed (for other modules' lists). */
export { pagination } from './landscape.pages.js';
export { escapeLike } from './landscape.sql.js';
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
  createService: ({ db, services, personalData }) =>
    createLandscapeService({ db, audit: services.audit, personalData }),
  // Each room registers its JSON API (under /api/v1) and its pages.
  routes: (app, { landscape, accounts }) => {
    registerMembershipRoutes(app, landscape);
    registerOrganisationsApi(app, landscape);
    registerPeopleApi(app, landscape);
    registerRelationshipsApi(app, landscape);
    registerSharingApi(app, landscape);
    registerReportApi(app, landscape);
    registerOrganisationPages(app, landscape, accounts);
    registerPeoplePages(app, landscape);
    registerRelationshipPages(app, landscape);
    registerSharingPages(app, landscape);
    registerReportPages(app, landscape);
  },
  importers: LANDSCAPE_IMPORTERS,
  homeCards: LANDSCAPE_HOME_CARDS,
  health: [leadershipSection],
  notifications: membershipNotifications,
  navigation: [
    { text: 'Organisations', href: '/organisations', order: 10 },
    { text: 'People', href: '/people', order: 20 },
    { text: 'Roles', href: '/roles', order: 30 },
    { text: 'Landscape', href: '/landscape', order: 50 },
  ],
});
