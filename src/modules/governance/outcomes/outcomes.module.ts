import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';

/** The outcomes part's notification kinds, jobs and home cards. */
export const outcomesNotifications: Record<string, NotificationKind> = {};
export const outcomesJobs: Record<string, ModuleJob<never>> = {};
export const OUTCOMES_HOME_CARDS: HomeCard[] = [];
