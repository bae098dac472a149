import { defineModule } from '../definition.js';
import { registerAccountsRoutes } from './accounts.routes.js';
import { emailInvitation } from './invitations.events.js';
import { registerDirectoryRoutes } from './directory.routes.js';
import { registerInvitationRoutes } from './invitations.routes.js';
import { createAccountsService, type AccountsService } from './accounts.service.js';

/** Accounts: local users, sign-in sessions and personal access tokens. */
export { generateOneTimePassword, MEMBER_ROLES, type AccountsService } from './accounts.service.js';
/** An email address as accounts keep it, to find an account by. */
export { normaliseEmail } from './accounts.rules.js';
export { generateTotpSecret } from './totp.js';
/** An invitation as the accounts service gives it (to the job that will email its link). */
export type { InvitationRecord, InvitationStatus } from './invitations.repository.js';

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
    createAccountsService({
      db,
      audit: services.audit,
      requireAdminTwoFactor: settings.requireAdminTwoFactor,
      publicUrl: settings.publicUrl,
    }),
  routes: (app, { accounts }, settings) => {
    registerAccountsRoutes(app, accounts, settings.signInAttemptsPerMinute);
    registerInvitationRoutes(app, accounts, settings.signInAttemptsPerMinute);
    registerDirectoryRoutes(app, accounts);
  },
  events: { 'invitation.create': emailInvitation },
  navigation: [
    { text: 'Accounts', href: '/accounts', order: 95, leadersOnly: true },
    { text: 'Your account', href: '/account', order: 100 },
  ],
});
