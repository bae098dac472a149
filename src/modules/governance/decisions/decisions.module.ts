import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';

/** The decisions part's notification kinds, jobs and home cards. */
export const decisionsNotifications: Record<string, NotificationKind> = {};
export const decisionsJobs: Record<string, ModuleJob<never>> = {};
export const DECISIONS_HOME_CARDS: HomeCard[] = [];
