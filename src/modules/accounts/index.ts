import { defineModule } from '../definition.js';
import { registerAccountsRoutes } from './accounts.routes.js';
import { createAccountsService, type AccountsService } from './accounts.service.js';

/** Accounts: local users, sign-in sessions and personal access tokens. */
export { generateOneTimePassword, MEMBER_ROLES, type AccountsService } from './accounts.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    accounts: AccountsService;
  }
}

/** Accounts: sign-in (local, two-factor, a school's identity provider), sessions, memberships and tokens. */
export const accountsModule = defineModule({
  name: 'accounts',
  needs: ['audit'],
  createService: ({ db, services, settings }) =>
    createAccountsService({ db, audit: services.audit, requireAdminTwoFactor: settings.requireAdminTwoFactor }),
  routes: (app, { accounts }, settings) => registerAccountsRoutes(app, accounts, settings.signInAttemptsPerMinute),
  navigation: [{ text: 'Your account', href: '/account', order: 100 }],
});
