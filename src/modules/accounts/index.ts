/** Accounts: local users, sign-in sessions and personal access tokens. */
export { createAccountsService, generateOneTimePassword, type AccountsService } from './accounts.service.js';
/** Registers sign-in, account pages and the token API. */
export { registerAccountsRoutes } from './accounts.routes.js';
