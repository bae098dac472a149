/**
 * The people with accounts: administrators see every account and may disable one (its
 * sessions and tokens end at once) or enable it again; leaders and coordinators see the
 * accounts of the organisations they lead, with those memberships only.
 */
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import { managedOrganisations, type AccountsParts } from './accounts.rules.js';
import { createDirectoryRepository } from './directory.repository.js';

export const ACCOUNTS_PER_PAGE = 50;

export function createDirectory({ db, repo, audit, audited }: AccountsParts) {
  const directory = createDirectoryRepository(db);

  /** The organisations whose accounts the actor may see: undefined for all (an administrator). */
  function scopeOf(actor: Actor, organisationId?: number): number[] | undefined {
    const refusal = new AppError(
      'forbidden',
      'Only administrators and the leaders or coordinators of an organisation can see who has an account in it',
    );
    const managed = actor.isAdmin ? undefined : managedOrganisations(actor);
    if (managed && !managed.length) throw refusal;
    if (organisationId === undefined) return managed;
    if (managed && !managed.includes(organisationId)) throw refusal;
    return [organisationId];
  }

  async function setDisabled(actor: Actor | undefined, userId: number, disabled: boolean) {
    const admin = requireAdmin(actor, disabled ? 'disable accounts' : 'enable accounts');
    if (disabled && admin.userId === userId)
      throw new AppError('conflict', 'You cannot disable your own account; ask another administrator');
    const user = await repo.findUserById(userId);
    if (!user) throw notFound('That account');
    if (Boolean(user.disabledAt) === disabled) return { changed: false };
    await audited(
      admin,
      async (r) => {
        if (!(await r.setDisabled(userId, disabled))) return 0;
        if (!disabled) return 0;
        // Disabled means out now: every session ends and every token is revoked.
        await r.deleteSessionsOfUser(userId);
        return r.revokeTokensOfUser(userId);
      },
      (tokensRevoked) => ({
        action: disabled ? 'disable' : 'enable',
        entity: 'account',
        entityId: userId,
        detail: disabled ? { tokensRevoked } : undefined,
      }),
    );
    return { changed: true };
  }

  return {
    /**
     * The people with accounts the actor may see, by name, a page at a time: name, email,
     * memberships (of the organisations in view only), last sign-in, disabled, two-factor.
     * The list carries email addresses: the read is audited.
     */
    async listAccounts(actor: Actor | undefined, filter: { organisationId?: number; q?: string; page?: number } = {}) {
      const reader = requireSignedIn(actor);
      const organisationIds = scopeOf(reader, filter.organisationId);
      const page = Math.max(1, filter.page ?? 1);
      const result = await directory.listAccounts({
        organisationIds,
        q: filter.q?.trim() || undefined,
        limit: ACCOUNTS_PER_PAGE,
        offset: (page - 1) * ACCOUNTS_PER_PAGE,
      });
      if (result.items.length)
        await audit.record(reader, {
          action: 'read-personal',
          entity: 'accounts',
          organisationIds: organisationIds ?? [],
          detail: { fields: ['email'] },
        });
      return { ...result, page, perPage: ACCOUNTS_PER_PAGE };
    },

    /**
     * The organisations the actor may choose between on that page (to filter by, to invite
     * to): those they lead; for an administrator, those with members or invitations, and the
     * one the page is filtered by.
     */
    organisationChoices(actor: Actor | undefined, also?: number): Promise<Array<{ id: number; name: string }>> {
      const reader = requireSignedIn(actor);
      return directory.organisationChoices(reader.isAdmin ? undefined : managedOrganisations(reader), also);
    },

    /** Disables an account (administrators only, never their own): it cannot sign in, and its sessions and tokens end now. */
    disableAccount: (actor: Actor | undefined, userId: number) => setDisabled(actor, userId, true),

    /** Enables a disabled account again; the tokens it had stay revoked. */
    enableAccount: (actor: Actor | undefined, userId: number) => setDisabled(actor, userId, false),
  };
}
