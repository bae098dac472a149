import type { ColumnType, Kysely } from 'kysely';
import type { AccountsTables } from '../modules/accounts/accounts.table.js';
import type { AuditTables } from '../modules/audit/audit.table.js';
import type { BrokerageTables } from '../modules/brokerage/brokerage.table.js';
import type { DevelopmentTables } from '../modules/development/development.table.js';
import type { PlansTables } from '../modules/plans/plans.table.js';
import type { EngagementsTables } from '../modules/engagements/engagements.table.js';
import type { EnquiriesTables } from '../modules/enquiries/enquiries.table.js';
import type { Feedback360Tables } from '../modules/feedback360/feedback360.table.js';
import type { ImportsTables } from '../modules/imports/imports.table.js';
import type { IndicatorsTables } from '../modules/indicators/indicators.table.js';
import type { JournalTables } from '../modules/journal/journal.table.js';
import type { MentoringTables } from '../modules/mentoring/mentoring.table.js';
import type { LandscapeTables } from '../modules/landscape/landscape.table.js';
import type { NotificationsTables } from '../modules/notifications/notifications.table.js';
import type { PracticesTables } from '../modules/practices/practices.table.js';
import type { SuccessionTables } from '../modules/succession/succession.table.js';
import type { FamiliesTables } from '../modules/families/families.table.js';
import type { GovernanceTables } from '../modules/governance/governance.table.js';
import type { HealthTables } from '../modules/health/health.table.js';
import type { SurveysTables } from '../modules/surveys/surveys.table.js';
import type { SystemIssuesTables } from '../modules/system-issues/system-issues.table.js';

export interface AppSettingsTable {
  key: string;
  value: string;
}

/** One row: the version of the data, raised by every write (see data-version.ts). */
export interface DataVersionTable {
  only_row: ColumnType<boolean, never, never>;
  version: ColumnType<number, never, number>;
}

/** The whole schema, as Kysely sees it: each module contributes its tables. */
export interface Database
  extends
    AccountsTables,
    AuditTables,
    LandscapeTables,
    ImportsTables,
    IndicatorsTables,
    SurveysTables,
    BrokerageTables,
    EngagementsTables,
    EnquiriesTables,
    NotificationsTables,
    PracticesTables,
    JournalTables,
    SystemIssuesTables,
    DevelopmentTables,
    MentoringTables,
    Feedback360Tables,
    SuccessionTables,
    FamiliesTables,
    GovernanceTables,
    HealthTables,
    PlansTables {
  app_settings: AppSettingsTable;
  data_version: DataVersionTable;
  rate_limits: { key: string; hits: number; window_ends: Date };
  kept_reports: {
    key: string;
    data_version: number;
    computed_at: ColumnType<Date, never, never>;
    report: ColumnType<unknown, string, string>;
  };
}

export type Db = Kysely<Database>;
