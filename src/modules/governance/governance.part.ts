import type { Db } from '../../db/database.js';
import type { AuditService } from '../audit/index.js';
import type { EngagementsService } from '../engagements/index.js';
import type { IndicatorsService } from '../indicators/index.js';
import type { LandscapeService } from '../landscape/index.js';
import type { PracticesService } from '../practices/index.js';
import type { SystemIssuesService } from '../system-issues/index.js';
import type { GovernanceAccess } from './governance.access.js';

/** What each part of the governance service is built with. */
export interface GovernancePartContext {
  db: Db;
  access: GovernanceAccess;
  landscape: LandscapeService;
  indicators: IndicatorsService;
  audit: AuditService;
  engagements: EngagementsService;
  practices: PracticesService;
  systemIssues: SystemIssuesService;
}
