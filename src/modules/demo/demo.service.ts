import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import type { AccountsService } from '../accounts/index.js';
import type { LandscapeService } from '../landscape/index.js';
import { generateDemoSystem } from './demo.generator.js';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.syslead.test', name: 'Demo administrator', isAdmin: true },
  { email: 'head@demo.syslead.test', name: 'Demo headteacher', isAdmin: false },
] as const;

export interface DemoResult {
  organisations: number;
  people: number;
  roleAssignments: number;
  relationships: number;
  /** Each demo account with a fresh one-time password. */
  accounts: Array<{ email: string; name: string; isAdmin: boolean; password: string }>;
}

/** Loads the demo local system and its demo accounts. */
export function createDemoService({ landscape, accounts }: { landscape: LandscapeService; accounts: AccountsService }) {
  return {
    /** Refuses a database that already holds a landscape unless `force` replaces it. */
    async load(actor: Actor, options: { force?: boolean } = {}): Promise<DemoResult> {
      if (!options.force && !(await landscape.isEmpty(actor))) {
        throw new AppError('conflict', 'The database already holds organisations or people; use --force to replace them with the demo system');
      }
      const result = await landscape.loadBatch(actor, generateDemoSystem(), { replaceAll: options.force });
      const created: DemoResult['accounts'] = [];
      for (const account of DEMO_ACCOUNTS) {
        const password = await accounts
          .createUser(account)
          .then((user) => user.password)
          .catch(async (error) => {
            if (error instanceof AppError && error.code === 'conflict') return accounts.resetPassword(account.email);
            throw error;
          });
        created.push({ ...account, password });
      }
      return { organisations: result.organisations, people: result.people, roleAssignments: result.roleAssignments, relationships: result.relationships, accounts: created };
    },
  };
}
