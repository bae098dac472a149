import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import {
  unfinishedSetUp,
  viaToken,
  type Actor,
  type Authenticator,
  type SessionState,
} from '../../platform/http/http-platform.js';
import {
  createAccountsRepository,
  type AccountsRepository,
  type TokenRecord,
  type TokenScope,
  type UserRecord,
} from './accounts.repository.js';
import { canManageMembers, checkNewPassword, checkRole, normaliseEmail } from './accounts.rules.js';
import { generateRecoveryCodes, normalisedRecoveryCode } from './recovery-codes.js';
import { generateTotpSecret, matchingStep, otpauthUri } from './totp.js';
import { createSsoSignIn } from './accounts.sso.js';
import { createDirectory } from './directory.service.js';
import { createInvitations } from './invitations.service.js';
import type { AuditEvent, AuditService } from '../audit/index.js';

const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Longer away than this, and the next page is a new visit. */
const VISIT_GAP_MS = 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;
const LOCK_AFTER_FAILURES = 10;
const LOCK_FOR_MS = 15 * 60 * 1000;
const TOKEN_PREFIX = 'syslead_pat_';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function toActor(user: UserRecord, memberships: Actor['memberships'] = [], requireAdminTwoFactor = false): Actor {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    mustChangePassword: user.mustChangePassword,
    mustEnrolSecondFactor: requireAdminTwoFactor && user.isAdmin && !user.totpSecret,
    memberships,
  };
}

export { MEMBER_ROLES, normaliseEmail } from './accounts.rules.js';

/** What a personal access token may do: `read` only GETs; `write` everything its owner may. */
export const TOKEN_SCOPES = ['read', 'write'] as const satisfies readonly TokenScope[];
export type { TokenScope };

/** A readable password for one use: four groups of letters and digits without look-alikes. */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** An account's refusal to sign in while an administrator has it disabled. */
export const DISABLED_MESSAGE = 'This account has been disabled. Ask your Syslead administrator if you need it again';

/** Accounts: local users, sign-in sessions and personal access tokens. */
export function createAccountsService({
  db,
  audit,
  requireAdminTwoFactor = true,
  publicUrl = 'http://localhost:3000',
}: {
  db: Db;
  audit: AuditService;
  requireAdminTwoFactor?: boolean;
  /** The configured public address, for absolute links (invitations). */
  publicUrl?: string;
}) {
  const repo = createAccountsRepository(db);
  // Verifying against this when the email is unknown keeps the response time the same.
  const decoyHash = argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });

  /** Runs a write and its audit entry in one transaction: both happen or neither does. */
  function audited<T>(
    actor: Actor | undefined,
    write: (r: AccountsRepository, trx: Db) => Promise<T>,
    event: (result: T) => AuditEvent,
  ): Promise<T> {
    return audit.recorded(actor, (trx) => write(createAccountsRepository(trx), trx), event);
  }

  /** Opens a session through `r` (the repository of the transaction it belongs to, or the service's). */
  async function createSession(r: AccountsRepository, userId: number, secondFactorPending = false) {
    const token = randomBytes(32).toString('base64url');
    // A session waiting for its second factor lives five minutes.
    const expiresAt = new Date(Date.now() + (secondFactorPending ? 5 * 60 * 1000 : SESSION_IDLE_MS));
    await r.insertSession(sha256(token), userId, expiresAt, secondFactorPending);
    if (!secondFactorPending) await r.markSignedIn(userId);
    return { token, expiresAt };
  }

  async function countFailure(user: UserRecord) {
    const failures = user.failedSignIns + 1;
    await repo.recordFailedSignIn(
      user.id,
      failures >= LOCK_AFTER_FAILURES ? new Date(Date.now() + LOCK_FOR_MS) : null,
      failures >= LOCK_AFTER_FAILURES ? 0 : failures,
    );
  }

  const isLocked = (user: UserRecord) => Boolean(user.lockedUntil && user.lockedUntil.getTime() > Date.now());

  /**
   * Ten new recovery codes: the codes to show once, and their hashes to keep, argon2id like
   * passwords. A code is random (about 49 bits), not chosen by a person, so the lighter cost OWASP
   * sets as argon2id's least is enough, and checking ten at a sign-in stays quick.
   */
  async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
    const codes = generateRecoveryCodes();
    const hashes = await Promise.all(
      codes.map((code) =>
        argon2.hash(normalisedRecoveryCode(code)!, {
          type: argon2.argon2id,
          memoryCost: 19_456,
          timeCost: 2,
          parallelism: 1,
        }),
      ),
    );
    return { codes, hashes };
  }

  /** Spends one of the account's unused recovery codes if the typed one is it; false when none matches. */
  async function spendRecoveryCode(userId: number, typed: string): Promise<boolean> {
    const code = normalisedRecoveryCode(typed);
    if (!code) return false;
    for (const stored of await repo.unusedRecoveryCodes(userId))
      if (await argon2.verify(stored.hash, code).catch(() => false)) return repo.useRecoveryCode(stored.id);
    return false;
  }

  /** Makes a token for an account that has finished setting up; `refuse` words the refusal for the caller. */
  async function issueToken(
    user: UserRecord,
    actor: Actor,
    name: string,
    scope: TokenScope,
    refuse: (step: 'password' | 'two-factor') => string,
  ) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) {
      throw new AppError('validation', 'Choose what the token may do', [
        { field: 'scope', message: `Choose what the token may do: ${TOKEN_SCOPES.join(', ')}` },
      ]);
    }
    if (user.disabledAt) throw new AppError('forbidden', DISABLED_MESSAGE);
    if (user.mustChangePassword) throw new AppError('forbidden', refuse('password'));
    if (requireAdminTwoFactor && user.isAdmin && !user.totpSecret)
      throw new AppError('forbidden', refuse('two-factor'));
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record = await audited(
      actor,
      (r) => r.insertToken(user.id, name.trim(), sha256(token), token.slice(0, TOKEN_PREFIX.length + 6), scope),
      (made) => ({
        action: 'create',
        entity: 'access-token',
        entityId: made.id,
        detail: { name: made.name, scope },
      }),
    );
    return { token, record };
  }

  /** Ends an account's two-factor sign-in, sessions and tokens (a lost phone may mean a taken-over account). */
  async function resetTwoFactor(actor: Actor, find: () => Promise<UserRecord | undefined>, what: string) {
    if (!actor.isAdmin) throw new AppError('forbidden', 'Only an administrator can reset two-factor sign-in');
    const user = await find();
    if (!user) throw notFound(what);
    await audited(
      actor,
      async (r) => {
        await r.setTotp(user.id, { secret: null, pendingSecret: null, lastStep: null });
        await r.replaceRecoveryCodes(user.id, []);
        await r.deleteSessionsOfUser(user.id);
        return r.revokeTokensOfUser(user.id);
      },
      (tokensRevoked) => ({
        action: 'reset-two-factor',
        entity: 'account',
        entityId: user.id,
        detail: { tokensRevoked },
      }),
    );
  }

  function refuseUnlessManager(actor: Actor, organisationId: number, what: string) {
    if (!canManageMembers(actor, organisationId))
      throw new AppError(
        'forbidden',
        `Only a leader or coordinator of this organisation, or an administrator, can ${what}`,
      );
  }

  async function writeMembership(actor: Actor, userId: number, organisationId: number, role: string) {
    await audited(
      actor,
      (r) => r.upsertMembership(userId, organisationId, role),
      () => ({
        action: 'set-membership',
        entity: 'account',
        entityId: userId,
        organisationIds: [organisationId],
        detail: { role },
      }),
    );
  }

  const sso = createSsoSignIn(repo);
  const parts = { db, repo, audit, audited, createSession, publicUrl };
  const invitations = createInvitations({ ...parts, sso, refuseUnlessManager });
  const directory = createDirectory(parts);

  const service = {
    /** Identity providers (OpenID Connect) per email domain: add, list, and sign in through them. */
    sso: {
      addProvider: sso.addProvider,
      listProviders: sso.listProviders,
      providerFor: sso.providerFor,
      start: sso.start,
      formActionOrigins: sso.formActionOrigins,
      loadFormActionOrigins: sso.loadFormActionOrigins,
    },

    /**
     * Finishes a sign-in through an identity provider: opens a session for the existing account
     * it names, or, when the sign-in was started from an invitation to an address with no
     * account yet, accepts the invitation and creates the account.
     */
    async finishSsoSignIn(currentUrl: URL, ip?: string) {
      const { email, name, next, invitationId } = await sso.finish(currentUrl);
      const user = await repo.findUserByEmail(email);
      if (!user && invitationId !== null) {
        const session = await invitations.acceptThroughProvider(invitationId, { email, name }, ip);
        return { ...session, next: '/', secondFactorPending: false };
      }
      if (!user) {
        // A refused attempt changes nothing: its audit entry stands alone.
        await audit.record(undefined, {
          action: 'sign-in-refused',
          entity: 'account',
          detail: { email, through: 'identity provider', reason: 'no account' },
        });
        throw new AppError(
          'unauthenticated',
          `There is no Syslead account for ${email}; ask your Syslead administrator or your organisation's leader to add you`,
        );
      }
      if (user.disabledAt) {
        await audit.record(
          { ...toActor(user), ip },
          {
            action: 'sign-in-refused',
            entity: 'account',
            entityId: user.id,
            detail: { through: 'identity provider', reason: 'disabled' },
          },
        );
        throw new AppError('unauthenticated', DISABLED_MESSAGE);
      }
      const locked = user.lockedUntil && user.lockedUntil.getTime() > Date.now();
      if (locked)
        throw new AppError('unauthenticated', 'This account is waiting 15 minutes after several wrong attempts');
      await repo.deleteExpiredSessions();
      if (user.totpSecret) return { ...(await createSession(repo, user.id, true)), next, secondFactorPending: true };
      const session = await audited(
        { ...toActor(user), ip },
        (r) => createSession(r, user.id),
        () => ({ action: 'sign-in', entity: 'account', entityId: user.id, detail: { through: 'identity provider' } }),
      );
      return { ...session, next, secondFactorPending: false };
    },

    /** Creates a local account with a one-time password that must be replaced at first sign-in. */
    async createUser(input: { email: string; name: string; isAdmin?: boolean; password?: string }) {
      const email = normaliseEmail(input.email);
      if (await repo.findUserByEmail(email)) throw new AppError('conflict', `An account for ${email} already exists`);
      const password = input.password ?? generateOneTimePassword();
      if (input.password !== undefined) checkNewPassword(password, email);
      const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
      const isAdmin = input.isAdmin ?? false;
      const id = await audited(
        undefined,
        (r) =>
          r.insertUser({
            email,
            name: input.name.trim(),
            passwordHash,
            isAdmin,
            mustChangePassword: input.password === undefined,
          }),
        (created) => ({ action: 'create', entity: 'account', entityId: created, detail: { isAdmin } }),
      );
      return { id, email, password };
    },

    /** Gives an account a new one-time password (for a user who has lost theirs) and ends its sessions. */
    async resetPassword(emailInput: string): Promise<string> {
      const user = await repo.findUserByEmail(normaliseEmail(emailInput));
      if (!user) throw notFound(`An account for ${normaliseEmail(emailInput)}`);
      const password = generateOneTimePassword();
      const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
      await audited(
        undefined,
        async (r) => {
          await r.updatePassword(user.id, passwordHash, true);
          await r.deleteSessionsOfUser(user.id);
          // Whoever knew the old password may have made tokens with it: they end too.
          await r.revokeTokensOfUser(user.id);
        },
        () => ({ action: 'reset-password', entity: 'account', entityId: user.id }),
      );
      return password;
    },

    /**
     * Checks an email and password and opens a new session; the same error for any mismatch.
     * After ten wrong passwords in a row an account is locked for fifteen minutes, whatever is typed.
     */
    async signIn(emailInput: string, password: string, ip?: string) {
      const user = await repo.findUserByEmail(normaliseEmail(emailInput));
      const hash = user?.passwordHash ?? (await decoyHash);
      const matches = await argon2.verify(hash, password).catch(() => false);
      const locked = user?.lockedUntil && user.lockedUntil.getTime() > Date.now();
      if (!user || !matches || locked) {
        // A refused attempt: the failure counter and its audit entry, on their own (there is no change to make atomic).
        if (user && !locked) await countFailure(user);
        await audit.record(user ? { ...toActor(user), ip } : undefined, {
          action: 'sign-in-refused',
          entity: 'account',
          entityId: user?.id,
          detail: { email: normaliseEmail(emailInput), locked: Boolean(locked) },
        });
        throw new AppError(
          'unauthenticated',
          'The email address or password is not right. After several wrong attempts an account waits 15 minutes before it can sign in again',
        );
      }
      if (user.disabledAt) {
        // The password was right, but a disabled account opens no session.
        await audit.record(
          { ...toActor(user), ip },
          { action: 'sign-in-refused', entity: 'account', entityId: user.id, detail: { reason: 'disabled' } },
        );
        throw new AppError('unauthenticated', DISABLED_MESSAGE);
      }
      await repo.deleteExpiredSessions();
      if (user.totpSecret) {
        // The password was right; the session opens only once the code from the app is given too.
        const pending = await createSession(repo, user.id, true);
        return { ...pending, actor: toActor(user), secondFactorPending: true };
      }
      const session = await audited(
        { ...toActor(user), ip },
        async (r) => {
          if (user.failedSignIns > 0 || user.lockedUntil) await r.recordFailedSignIn(user.id, null, 0);
          return createSession(r, user.id);
        },
        () => ({ action: 'sign-in', entity: 'account', entityId: user.id }),
      );
      return { ...session, actor: toActor(user), secondFactorPending: false };
    },

    /**
     * Completes a sign-in with the code from the user's authenticator app, or one of their
     * recovery codes: the waiting session is replaced by a full one. Each code works once; wrong
     * codes count towards the lock-out.
     */
    async completeSecondFactor(pendingToken: string, code: string, ip?: string) {
      const found = await repo.findSessionUser(sha256(pendingToken));
      if (!found || !found.secondFactorPending || !found.totpSecret)
        throw new AppError('unauthenticated', 'Sign in again');
      const locked = found.lockedUntil && found.lockedUntil.getTime() > Date.now();
      const fromApp = /^\s*\d{6}\s*$/.test(code);
      const step = locked || !fromApp ? undefined : matchingStep(found.totpSecret, code);
      const accepted =
        !locked &&
        (fromApp
          ? step !== undefined && (await repo.useTotpStep(found.id, step))
          : await spendRecoveryCode(found.id, code));
      if (!accepted) {
        // A refused attempt: the failure counter and its audit entry, on their own.
        if (!locked) await countFailure(found);
        await audit.record(
          { ...toActor(found), ip },
          { action: 'sign-in-refused', entity: 'account', entityId: found.id, detail: { secondFactor: true } },
        );
        throw new AppError('validation', 'The code is not right', [
          { field: 'code', message: 'That is neither the code your app shows now nor a recovery code not yet used' },
        ]);
      }
      const session = await audited(
        { ...toActor(found), ip },
        async (r) => {
          await r.deleteSession(sha256(pendingToken));
          await r.recordFailedSignIn(found.id, null, 0);
          return createSession(r, found.id);
        },
        () => ({
          action: 'sign-in',
          entity: 'account',
          entityId: found.id,
          detail: fromApp ? { secondFactor: true } : { secondFactor: true, recoveryCode: true },
        }),
      );
      return { ...session, actor: toActor(found) };
    },

    /**
     * Turns off an account's two-factor sign-in (for someone who lost their phone); ends their
     * sessions and revokes their tokens (a lost phone may mean a taken-over account).
     */
    async resetSecondFactor(actor: Actor, emailInput: string): Promise<void> {
      await resetTwoFactor(
        actor,
        () => repo.findUserByEmail(normaliseEmail(emailInput)),
        `An account for ${normaliseEmail(emailInput)}`,
      );
    },

    /** The same, for the account with this id (the page of people with accounts). */
    async resetSecondFactorOf(actor: Actor, userId: number): Promise<void> {
      await resetTwoFactor(actor, () => repo.findUserById(userId), 'That account');
    },

    /** Starts setting up two-factor sign-in: a new secret for the app, confirmed by its first code. */
    async startSecondFactor(actor: Actor) {
      const user = await repo.findUserById(actor.userId);
      if (!user) throw notFound('Your account');
      const secret = user.totpPendingSecret ?? generateTotpSecret();
      if (!user.totpPendingSecret) await repo.setTotp(user.id, { pendingSecret: secret });
      return { secret, uri: otpauthUri(secret, user.email), enabled: Boolean(user.totpSecret) };
    },

    /**
     * Turns two-factor sign-in on once the app shows the right code for the new secret. An
     * account that already has two-factor sign-in must first give a code from the app it has
     * now (`currentCode`), so a borrowed session cannot move the second factor to another phone;
     * a wrong current code counts towards the lock-out like one at sign-in.
     */
    async confirmSecondFactor(actor: Actor, code: string, currentCode?: string) {
      const user = await repo.findUserById(actor.userId);
      if (!user?.totpPendingSecret)
        throw new AppError('validation', 'Start setting up two-factor sign-in first', [
          { field: 'code', message: 'Start setting up two-factor sign-in again: the key has expired' },
        ]);
      let currentStep: number | undefined;
      if (user.totpSecret) {
        if (isLocked(user))
          throw new AppError('validation', 'This account is waiting 15 minutes after several wrong attempts', [
            { field: 'currentCode', message: 'After several wrong codes, wait 15 minutes and try again' },
          ]);
        currentStep = currentCode ? matchingStep(user.totpSecret, currentCode) : undefined;
        if (currentStep === undefined) {
          // A refused attempt: the failure counter and its audit entry, on their own.
          if (currentCode) await countFailure(user);
          await audit.record(actor, {
            action: 'enable-two-factor-refused',
            entity: 'account',
            entityId: user.id,
            detail: { reason: currentCode ? 'wrong current code' : 'no current code' },
          });
          throw new AppError('validation', 'Give the code your current app shows', [
            { field: 'currentCode', message: 'That is not the code the app you use now shows' },
          ]);
        }
      }
      const step = matchingStep(user.totpPendingSecret, code);
      if (step === undefined)
        throw new AppError('validation', 'The code is not right', [
          { field: 'code', message: 'That is not the code your app shows now: enter the newest one' },
        ]);
      if (currentStep !== undefined && !(await repo.useTotpStep(user.id, currentStep))) {
        throw new AppError('validation', 'That code from your current app has been used; wait for the next one', [
          { field: 'currentCode', message: 'That code has been used already: wait for the next one' },
        ]);
      }
      const secret = user.totpPendingSecret;
      // A new key comes with new recovery codes: those of the old one stop working.
      const { codes, hashes } = await newRecoveryCodes();
      await audited(
        actor,
        async (r) => {
          await r.setTotp(user.id, { secret, pendingSecret: null, lastStep: Math.max(step, currentStep ?? step) });
          await r.replaceRecoveryCodes(user.id, hashes);
        },
        () => ({
          action: 'enable-two-factor',
          entity: 'account',
          entityId: user.id,
          detail: user.totpSecret ? { replaced: true } : undefined,
        }),
      );
      return { recoveryCodes: codes };
    },

    /** Whether the signed-in user has two-factor sign-in on, and how many recovery codes they have left. */
    async twoFactorStatus(actor: Actor): Promise<{ on: boolean; recoveryCodesLeft: number }> {
      const user = await repo.findUserById(actor.userId);
      if (!user?.totpSecret) return { on: false, recoveryCodesLeft: 0 };
      return { on: true, recoveryCodesLeft: (await repo.unusedRecoveryCodes(user.id)).length };
    },

    /** Whether an account signs in with a second factor (for a module that asks it of everyone it lets in). */
    async secondFactorOn(userId: number): Promise<boolean> {
      return Boolean((await repo.findUserById(userId))?.totpSecret);
    },

    /**
     * Gives an account an authenticator key (or takes it away) without a code from the app: for
     * the demo loader, whose fictional practitioners sign in with a key no one holds. Never
     * reached from a page or the API.
     */
    async setSecondFactorKey(actor: Actor, userId: number, secret: string | null): Promise<void> {
      if (!actor.isAdmin || (actor.via !== undefined && actor.via !== 'cli'))
        throw new AppError('forbidden', 'Only the demo loader sets an authenticator key directly');
      await repo.setTotp(userId, { secret, pendingSecret: null, lastStep: null });
    },

    /**
     * The account of an email address that belongs to an organisation, for another module
     * choosing a person there (a team member, say): its id and name only, or undefined.
     */
    async memberByEmail(email: string, organisationId: number): Promise<{ id: number; name: string } | undefined> {
      const user = await repo.findUserByEmail(normaliseEmail(email));
      if (!user || user.disabledAt || !(await repo.findMembership(user.id, organisationId))) return undefined;
      return { id: user.id, name: user.name };
    },

    /**
     * Ten new recovery codes in place of the old ones, given a code the app shows now (so a
     * borrowed session cannot make codes to sign in with later); a wrong code counts towards the
     * lock-out like one at sign-in.
     */
    async replaceRecoveryCodes(actor: Actor, currentCode: string): Promise<{ recoveryCodes: string[] }> {
      const user = await repo.findUserById(actor.userId);
      if (!user?.totpSecret)
        throw new AppError('conflict', 'Turn on two-factor sign-in first: recovery codes come with it');
      if (isLocked(user))
        throw new AppError('validation', 'This account is waiting 15 minutes after several wrong attempts', [
          { field: 'currentCode', message: 'After several wrong codes, wait 15 minutes and try again' },
        ]);
      const step = matchingStep(user.totpSecret, currentCode);
      if (step === undefined || !(await repo.useTotpStep(user.id, step))) {
        await countFailure(user);
        await audit.record(actor, {
          action: 'new-recovery-codes-refused',
          entity: 'account',
          entityId: user.id,
        });
        throw new AppError('validation', 'Give the code your app shows now', [
          { field: 'currentCode', message: 'That is not the code your app shows now: enter the newest one' },
        ]);
      }
      const { codes, hashes } = await newRecoveryCodes();
      await audited(
        actor,
        (r) => r.replaceRecoveryCodes(user.id, hashes),
        () => ({ action: 'new-recovery-codes', entity: 'account', entityId: user.id }),
      );
      return { recoveryCodes: codes };
    },

    async signOut(sessionToken: string): Promise<void> {
      await repo.deleteSession(sha256(sessionToken));
    },

    /**
     * Replaces the signed-in user's password; other sessions of theirs end and their tokens are
     * revoked. A wrong current password counts towards the lock-out like one at sign-in; while
     * the account is locked the current password is not checked at all.
     */
    async changePassword(actor: Actor, currentPassword: string, newPassword: string, sessionToken?: string) {
      const user = await repo.findUserById(actor.userId);
      if (!user) throw notFound('Your account');
      if (isLocked(user)) {
        throw new AppError('validation', 'This account is waiting 15 minutes after several wrong attempts', [
          { field: 'currentPassword', message: 'After several wrong passwords, wait 15 minutes and try again' },
        ]);
      }
      if (!(await argon2.verify(user.passwordHash, currentPassword).catch(() => false))) {
        // A refused attempt: the failure counter and its audit entry, on their own.
        await countFailure(user);
        await audit.record(actor, { action: 'change-password-refused', entity: 'account', entityId: user.id });
        throw new AppError(
          'validation',
          'The current password is not right. After several wrong attempts an account waits 15 minutes',
          [{ field: 'currentPassword', message: 'Your current password is not right' }],
        );
      }
      checkNewPassword(newPassword, user.email);
      if (newPassword === currentPassword) {
        throw new AppError('validation', 'Choose a password you have not used here', [
          { field: 'newPassword', message: 'Choose a new password that differs from your current one' },
        ]);
      }
      // Hashed before the transaction, which holds the connection only for the writes.
      const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
      await audited(
        actor,
        async (r) => {
          await r.updatePassword(user.id, passwordHash, false);
          if (user.failedSignIns > 0) await r.recordFailedSignIn(user.id, null, 0);
          await r.deleteSessionsOfUser(user.id, sessionToken ? sha256(sessionToken) : undefined);
          return r.revokeTokensOfUser(user.id);
        },
        (tokensRevoked) => ({
          action: 'change-password',
          entity: 'account',
          entityId: user.id,
          detail: { tokensRevoked },
        }),
      );
    },

    async actorFromSession(sessionToken: string): Promise<SessionState | undefined> {
      const idHash = sha256(sessionToken);
      const found = await repo.findSessionUser(idHash);
      if (!found) return undefined;
      if (found.secondFactorPending) return { actor: toActor(found), secondFactorPending: true };
      const now = Date.now();
      if (now - found.createdAt.getTime() > SESSION_MAX_MS) {
        await repo.deleteSession(idHash);
        return undefined;
      }
      if (now - found.lastSeenAt.getTime() > TOUCH_EVERY_MS)
        await repo.touchSession(idHash, new Date(now + SESSION_IDLE_MS));
      return {
        actor: { ...toActor(found, found.memberships, requireAdminTwoFactor), dataVersion: found.dataVersion },
        secondFactorPending: false,
      };
    },

    async actorFromBearer(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const tokenHash = sha256(token);
      const user = await repo.findTokenUser(tokenHash);
      if (!user) return undefined;
      // "Last used" is kept to the minute, so a busy client does not write on every request.
      if (!user.lastUsedAt || Date.now() - user.lastUsedAt.getTime() > TOUCH_EVERY_MS) await repo.touchToken(tokenHash);
      // An account that has not finished setting up is refused by the platform, as its sessions are.
      return {
        ...toActor(user, user.memberships, requireAdminTwoFactor),
        via: user.tokenScope === 'write' ? 'write-token' : 'read-token',
        dataVersion: user.dataVersion,
      };
    },

    /**
     * Creates a personal access token; the secret is returned once and stored only as a hash.
     * Only a signed-in account that has finished setting up may (its one-time password
     * replaced, and two-factor sign-in on for an administrator); a token never makes another.
     */
    async createToken(actor: Actor, name: string, scope: TokenScope): Promise<{ token: string; record: TokenRecord }> {
      if (viaToken(actor))
        throw new AppError(
          'forbidden',
          'An access token cannot create tokens; sign in and create one on your account page',
        );
      const user = await repo.findUserById(actor.userId);
      if (!user) throw notFound('Your account');
      return issueToken(
        user,
        actor,
        name,
        scope,
        (step) =>
          unfinishedSetUp({ mustChangePassword: step === 'password', mustEnrolSecondFactor: step === 'two-factor' })!
            .message,
      );
    },

    /**
     * Creates a token for the account with this email (command line, run by whoever runs the
     * server). It still refuses an account that has not finished setting up.
     */
    async createTokenForEmail(emailInput: string, name: string, scope: TokenScope) {
      const email = normaliseEmail(emailInput);
      const user = await repo.findUserByEmail(email);
      if (!user) throw notFound(`An account for ${email}`);
      const actor: Actor = { ...toActor(user), via: 'cli' };
      return issueToken(user, actor, name, scope, (step) =>
        step === 'password'
          ? `${email} has not finished setting up: it must sign in and replace its one-time password before it can have a token`
          : `${email} is an administrator without two-factor sign-in: it must sign in and set it up before it can have a token`,
      );
    },

    listTokens(actor: Actor): Promise<TokenRecord[]> {
      return repo.listTokens(actor.userId);
    },

    async revokeToken(actor: Actor, tokenId: number): Promise<void> {
      await audited(
        actor,
        async (r) => {
          if (!(await r.revokeToken(actor.userId, tokenId))) throw notFound('An active token of yours with that id');
        },
        () => ({ action: 'revoke', entity: 'access-token', entityId: tokenId }),
      );
    },

    /** Who belongs to an organisation; for its leaders and administrators. */
    async listMembers(actor: Actor, organisationId: number) {
      if (!canManageMembers(actor, organisationId))
        throw new AppError('forbidden', 'Only a leader of this organisation or an administrator can see its members');
      const members = await repo.listMembersOf(organisationId);
      // The list carries people's email addresses: reading it is a read of personal data, audited on its own (nothing is written).
      if (members.length)
        await audit.record(actor, {
          action: 'read-personal',
          entity: 'members',
          entityId: organisationId,
          organisationIds: [organisationId],
          detail: { fields: ['email'] },
        });
      return members;
    },

    /** Gives a user a role in an organisation (or changes it): leaders of it and administrators may. */
    async setMembership(actor: Actor, input: { email: string; organisationId: number; role: string }) {
      refuseUnlessManager(actor, input.organisationId, 'add its members');
      checkRole(input.role);
      const user = await repo.findUserByEmail(normaliseEmail(input.email));
      if (!user)
        throw new AppError('validation', 'There is no account with that email address', [
          { field: 'email', message: 'No one has an account with this email address: invite them instead' },
        ]);
      await writeMembership(actor, user.id, input.organisationId, input.role);
      return { userId: user.id, name: user.name, email: user.email, role: input.role };
    },

    /**
     * Adds a person to an organisation by email: an account with that email gets the role at
     * once; an email with no account gets an invitation instead, whose link is returned.
     */
    async addOrInvite(actor: Actor, input: { email: string; organisationId: number; role: string }) {
      refuseUnlessManager(actor, input.organisationId, 'add its members');
      checkRole(input.role);
      if (await repo.findUserByEmail(normaliseEmail(input.email)))
        return { added: await service.setMembership(actor, input) } as const;
      return { invited: await invitations.methods.createInvitation(actor, input) } as const;
    },

    /** Changes the role of someone who already belongs to the organisation. */
    async changeRole(actor: Actor, userId: number, organisationId: number, role: string) {
      refuseUnlessManager(actor, organisationId, 'change the roles of its members');
      checkRole(role);
      if (!(await repo.findMembership(userId, organisationId))) throw notFound('That member');
      await writeMembership(actor, userId, organisationId, role);
    },

    async removeMembership(actor: Actor, userId: number, organisationId: number) {
      refuseUnlessManager(actor, organisationId, 'remove its members');
      await audited(
        actor,
        async (r) => {
          if (!(await r.deleteMembership(userId, organisationId))) throw notFound('That member');
        },
        () => ({ action: 'remove-membership', entity: 'account', entityId: userId, organisationIds: [organisationId] }),
      );
    },

    countUsers(): Promise<number> {
      return repo.countUsers();
    },

    /** Every organisation at least one account belongs to (the parts of the system that use Syslead). */
    organisationsWithMembers(): Promise<number[]> {
      return repo.organisationsWithMembers();
    },

    /**
     * Notes that the person is here (on the home page) and returns when their previous visit
     * began: what changed since then is news to them. A visit ends after an hour away. Like a
     * session's "last seen", this is bookkeeping of the account's own, not a change to what
     * anyone reads, so it is neither audited nor raises the version of the data.
     */
    async startVisit(actor: Actor): Promise<Date | null> {
      if (!actor.userId) return null;
      return repo.recordVisit(actor.userId, VISIT_GAP_MS);
    },
    ...invitations.methods,
    ...directory,
  };
  return service satisfies Authenticator & Record<string, unknown>;
}

export type AccountsService = ReturnType<typeof createAccountsService>;
