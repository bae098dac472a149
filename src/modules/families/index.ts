import { defineModule } from '../definition.js';
import { DEVELOPMENT_FAMILY_KEY } from '../../config.js';
import { servicesSection } from './families.health.js';
import { FAMILIES_HOME_CARDS } from './families.home.js';
import { familiesNotifications } from './families.notifications.js';
import { registerFamiliesRoutes } from './families.routes.js';
import { createFamiliesService, type FamiliesService } from './families.service.js';

export { type FamiliesService } from './families.service.js';
export { deidentified, FAMILY_MIN_COUNT, type Deidentified } from './families.domain.js';
export { newFamilyKey } from './families.seal.js';

declare module '../definition.js' {
  interface ServiceMap {
    families: FamiliesService;
  }
}

export const REFERRAL_FOLLOW_UP_QUEUE = 'families-referral-follow-up';
export const RETENTION_QUEUE = 'families-retention';

/** Around the child and family: the team, consent, referrals and break-glass, guarded by one rule of sight. */
export const familiesModule = defineModule({
  name: 'families',
  needs: ['audit', 'accounts', 'landscape', 'notifications'],
  createService: ({ db, services, settings }) =>
    createFamiliesService({
      db,
      audit: services.audit,
      accounts: services.accounts,
      landscape: services.landscape,
      keys: { current: settings.familyKey ?? DEVELOPMENT_FAMILY_KEY, previous: settings.familyKeyPrevious },
    }),
  routes: (app, { families }) => registerFamiliesRoutes(app, families),
  navigation: [{ text: 'Families', href: '/families', order: 60 }],
  homeCards: FAMILIES_HOME_CARDS,
  health: [servicesSection],
  notifications: familiesNotifications,
  jobs: {
    // Each morning: referrals past their agreed time without an answer are flagged to the lead professional, once.
    [REFERRAL_FOLLOW_UP_QUEUE]: {
      policy: 'stately',
      schedule: '0 6 * * *',
      expireInSeconds: 300,
      run: async ({ families, notifications }) => {
        const flagged = await families.overdueReferrals();
        await notifications.notify(
          'family-referral-overdue',
          flagged
            .filter((f) => f.leadId !== undefined)
            .map((f) => ({
              userIds: [f.leadId!],
              about: `family-referral:${f.id}:overdue`,
              title: `The referral of family ${f.reference} to ${f.toName} is unanswered`,
              body: `${f.toName} has not answered the referral within the agreed time. Chase it, or refer elsewhere.`,
              link: `/families/${f.familyId}`,
            })),
        );
        await families.markFlagged(flagged.map((f) => f.id));
      },
    },
    // Each night: closed records past their agency's retention period are erased, leaving counts only.
    [RETENTION_QUEUE]: {
      policy: 'stately',
      schedule: '30 2 * * *',
      expireInSeconds: 600,
      run: async ({ families }) => {
        await families.eraseDue();
      },
    },
  },
  personalData: (services, userId) => services.families.personalData(userId),
});
