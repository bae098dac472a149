import type { Migration } from 'kysely';
import * as foundation from './2026-11-23-01-foundation.js';
import * as imports from './2026-11-23-02-imports.js';
import * as trust from './2026-11-23-03-trust.js';
import * as feedback from './2026-11-23-04-feedback.js';
import * as support from './2026-11-23-05-support.js';
import * as tokenScope from './2026-12-01-01-token-scope.js';
import * as anonymousAnswers from './2026-12-01-02-anonymous-answers.js';
import * as membershipRequests from './2026-12-01-03-membership-requests.js';
import * as dataVersion from './2026-12-01-04-data-version.js';
import * as rateLimits from './2026-12-01-05-rate-limits.js';
import * as eventsAndJobs from './2026-12-02-01-events-and-jobs.js';
import * as answersAndCheckInEdits from './2026-12-03-01-answers-and-check-in-edits.js';
import * as home from './2026-12-04-01-home.js';
import * as accountStatus from './2026-12-05-01-account-status.js';
import * as invitations from './2026-12-05-02-invitations.js';
import * as notifications from './2026-12-06-01-notifications.js';
import * as importChanges from './2026-12-07-03-import-changes.js';
import * as recoveryCodesAndUndo from './2026-12-07-04-recovery-codes-and-undo.js';
import * as practices from './2026-12-08-01-practices.js';
import * as enquiries from './2026-12-08-02-enquiries.js';
import * as journalAndSystemIssues from './2026-12-08-03-journal-and-system-issues.js';
import * as development from './2026-12-09-01-development.js';
import * as feedback360 from './2026-12-09-02-feedback360.js';
import * as mentoring from './2026-12-09-03-mentoring.js';
import * as plans from './2026-12-09-04-plans.js';
import * as succession from './2026-12-09-05-succession.js';
import * as families from './2026-12-10-01-families.js';
import * as governance from './2026-12-11-01-governance.js';
import * as health from './2026-12-12-01-health.js';
import * as decisionReviewDueOn from './2026-12-12-02-decision-review-due-on.js';

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-01-foundation': foundation,
  '2026-11-23-02-imports': imports,
  '2026-11-23-03-trust': trust,
  '2026-11-23-04-feedback': feedback,
  '2026-11-23-05-support': support,
  '2026-12-01-01-token-scope': tokenScope,
  '2026-12-01-02-anonymous-answers': anonymousAnswers,
  '2026-12-01-03-membership-requests': membershipRequests,
  '2026-12-01-04-data-version': dataVersion,
  '2026-12-01-05-rate-limits': rateLimits,
  '2026-12-02-01-events-and-jobs': eventsAndJobs,
  '2026-12-03-01-answers-and-check-in-edits': answersAndCheckInEdits,
  '2026-12-04-01-home': home,
  '2026-12-05-01-account-status': accountStatus,
  '2026-12-05-02-invitations': invitations,
  '2026-12-06-01-notifications': notifications,
  '2026-12-07-03-import-changes': importChanges,
  '2026-12-07-04-recovery-codes-and-undo': recoveryCodesAndUndo,
  '2026-12-08-01-practices': practices,
  '2026-12-08-02-enquiries': enquiries,
  '2026-12-08-03-journal-and-system-issues': journalAndSystemIssues,
  '2026-12-09-01-development': development,
  '2026-12-09-02-feedback360': feedback360,
  '2026-12-09-03-mentoring': mentoring,
  '2026-12-09-04-plans': plans,
  '2026-12-09-05-succession': succession,
  '2026-12-10-01-families': families,
  '2026-12-11-01-governance': governance,
  '2026-12-12-01-health': health,
  '2026-12-12-02-decision-review-due-on': decisionReviewDueOn,
};
