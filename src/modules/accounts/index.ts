/** Accounts: local users, sign-in sessions and personal access tokens. */
export { createAccountsService, generateOneTimePassword, MEMBER_ROLES, type AccountsService } from './accounts.service.js';
/** Registers sign-in, account pages and the token API. */
export { registerAccountsRoutes } from './accounts.routes.js';
