import type { HomeCard, ModuleJob, NotificationKind } from '../../definition.js';

/** The forums part's notification kinds, jobs and home cards. */
export const forumsNotifications: Record<string, NotificationKind> = {};
export const forumsJobs: Record<string, ModuleJob<never>> = {};
export const FORUMS_HOME_CARDS: HomeCard[] = [];
