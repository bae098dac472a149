/**
 * Invitations: a leader or coordinator of an organisation (or an administrator) invites a
 * person by email with a role. The link's token is `<id>.<HMAC of id, email and expiry>` under
 * the installation's signing secret, never stored: it is checked, and can be made again (for
 * the email that will carry it), from the invitation's row. A link lasts seven days and works
 * once. Whoever holds it creates the account (with a password, or through the identity
 * provider of the email's domain); an address that already has an account must sign in as it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { getOrCreateAppSecret } from '../../db/app-secret.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { createSsoSignIn } from './accounts.sso.js';
import {
  canManageMembers,
  checkNewPassword,
  checkRole,
  managedOrganisations,
  normaliseEmail,
  type AccountsParts,
} from './accounts.rules.js';
import { createInvitationsRepository, type InvitationRecord } from './invitations.repository.js';

/** How long an invitation's link works. */
export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN = /^(\d{1,9})\.([A-Za-z0-9_-]{43})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const longDate = (date: Date) =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** An invitation refused where a form can show it: the message on the email field. */
function emailProblem(code: 'validation' | 'conflict', message: string, fieldMessage: string): AppError {
  return new AppError(code, message, [{ field: 'email', message: fieldMessage }]);
}

export function createInvitations({
  db,
  repo,
  audit,
  audited,
  createSession,
  publicUrl,
  sso,
  refuseUnlessManager,
}: AccountsParts & {
  sso: ReturnType<typeof createSsoSignIn>;
  refuseUnlessManager(actor: Actor, organisationId: number, what: string): void;
}) {
  const invitations = createInvitationsRepository(db);
  let secret: Promise<string> | undefined;

  /** The HMAC that makes a token genuine; read the secret outside any transaction (the embedded database has one connection). */
  async function mac(invitation: { id: number; email: string; expiresAt: Date }): Promise<string> {
    secret ??= getOrCreateAppSecret(db).catch((error: unknown) => {
      secret = undefined;
      throw error;
    });
    return createHmac('sha256', await secret)
      .update(`invitation:${invitation.id}:${invitation.email}:${invitation.expiresAt.getTime()}`)
      .digest('base64url');
  }

  async function linkOf(invitation: InvitationRecord): Promise<string> {
    return `${publicUrl}/invitations/${invitation.id}.${await mac(invitation)}`;
  }

  /** The invitation a link's token names, when the token is genuine; the same answer for every other token. */
  async function verify(token: string): Promise<InvitationRecord> {
    const match = TOKEN.exec(token);
    const found = match ? await invitations.find(Number(match[1])) : undefined;
    if (match && found) {
      const expected = Buffer.from(await mac(found));
      const given = Buffer.from(match[2]!);
      if (expected.length === given.length && timingSafeEqual(expected, given)) return found;
    }
    throw new AppError(
      'not_found',
      'This invitation link is not right. Check that you copied all of it, or ask whoever invited you for a new one',
    );
  }

  /** Refuses an invitation that can no longer be accepted, saying why in plain words. */
  function refuseUnlessPending(invitation: InvitationRecord): void {
    const who = invitation.invitedByName ?? `a leader of ${invitation.organisationName}`;
    if (invitation.status === 'accepted')
      throw new AppError(
        'conflict',
        `This invitation has already been used. If you accepted it, sign in as ${invitation.email}; if not, ask ${who} for a new one`,
      );
    if (invitation.status === 'withdrawn')
      throw new AppError(
        'conflict',
        `This invitation to ${invitation.organisationName} has been withdrawn. Ask ${who} if you think that is a mistake`,
      );
    if (invitation.status === 'expired')
      throw new AppError(
        'conflict',
        `This invitation ran out on ${longDate(invitation.expiresAt)} (invitations last ${INVITATION_DAYS} days). Ask ${who} to invite you again`,
      );
  }

  async function usable(token: string): Promise<InvitationRecord> {
    const invitation = await verify(token);
    refuseUnlessPending(invitation);
    return invitation;
  }

  /** Who accepts before they have an account: named as they gave it, with no account id yet. */
  const invitee = (invitation: InvitationRecord, name: string, ip?: string): Actor => ({
    userId: 0,
    email: invitation.email,
    name,
    isAdmin: false,
    mustChangePassword: false,
    memberships: [],
    ip,
  });

  /**
   * Accepts in one transaction: the invitation ends (only once, so a link works once), the
   * account is created when it does not exist, the role is given, and a new account is signed in.
   */
  function accept(
    invitation: InvitationRecord,
    actor: Actor,
    through: 'password' | 'identity provider' | 'signed in',
    account: { userId: number } | { name: string; passwordHash: string },
  ) {
    const existing = 'userId' in account;
    return audited(
      actor,
      async (r, trx) => {
        const userId = existing
          ? account.userId
          : await r.insertUser({
              email: invitation.email,
              name: account.name,
              passwordHash: account.passwordHash,
              isAdmin: false,
              mustChangePassword: false,
            });
        if (!(await createInvitationsRepository(trx).end(invitation.id, 'accepted', userId)))
          throw new AppError(
            'conflict',
            'This invitation has just been used, withdrawn or run out; open the link again',
          );
        await r.upsertMembership(userId, invitation.organisationId, invitation.role);
        if (existing) return { userId, session: undefined };
        await audit.record(
          actor,
          { action: 'create', entity: 'account', entityId: userId, detail: { isAdmin: false, through } },
          trx,
        );
        return { userId, session: await createSession(r, userId) };
      },
      ({ userId }) => ({
        action: 'accept',
        entity: 'invitation',
        entityId: invitation.id,
        organisationIds: [invitation.organisationId],
        detail: { accountId: userId, newAccount: !existing, role: invitation.role, through },
      }),
    );
  }

  const methods = {
    /**
     * Invites a person by email to an organisation with a role: its leaders and coordinators
     * and administrators may. Returns the invitation and its link (to show the inviter until
     * email carries it). The creation is recorded as `create` of an `invitation`.
     */
    async createInvitation(actor: Actor | undefined, input: { email: string; organisationId: number; role: string }) {
      const inviter = requireSignedIn(actor);
      refuseUnlessManager(inviter, input.organisationId, 'invite people to it');
      checkRole(input.role);
      const email = normaliseEmail(input.email);
      if (!EMAIL.test(email) || email.length > 254)
        throw emailProblem(
          'validation',
          'Enter an email address in the right form, like name@school.org.uk',
          'Enter an email address in the right form, like name@school.org.uk',
        );
      const organisation = await invitations.findOrganisationName(input.organisationId);
      if (!organisation) throw notFound('That organisation');
      const account = await repo.findUserByEmail(email);
      const membership = account && (await repo.findMembership(account.id, input.organisationId));
      if (membership)
        throw emailProblem(
          'conflict',
          `${email} already belongs to ${organisation.name}`,
          `${email} already belongs to ${organisation.name} (as ${membership.role}): change their role instead`,
        );
      const id = await audited(
        inviter,
        async (_r, trx) => {
          const rows = createInvitationsRepository(trx);
          await rows.expireRunOut(email, input.organisationId);
          if (await rows.pendingFor(email, input.organisationId))
            throw emailProblem(
              'conflict',
              `${email} already has an invitation to ${organisation.name} waiting`,
              `${email} already has an invitation to ${organisation.name} waiting: withdraw it first to send another`,
            );
          return rows.insert({
            email,
            organisationId: input.organisationId,
            role: input.role,
            expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY_MS),
            invitedBy: accountIdOf(inviter),
          });
        },
        (made) => ({
          action: 'create',
          entity: 'invitation',
          entityId: made,
          organisationIds: [input.organisationId],
          detail: { role: input.role },
        }),
      );
      const invitation = (await invitations.find(id))!;
      return { invitation, link: await linkOf(invitation) };
    },

    /**
     * The invitations the actor may make, newest first (administrators: all, or one
     * organisation's), each pending one with its link. They carry email addresses: the read is audited.
     */
    async listInvitations(actor: Actor | undefined, filter: { organisationId?: number } = {}) {
      const reader = requireSignedIn(actor);
      let scope = reader.isAdmin ? undefined : managedOrganisations(reader);
      const refusal = new AppError(
        'forbidden',
        'Only administrators and the leaders or coordinators of an organisation can see its invitations',
      );
      if (scope && !scope.length) throw refusal;
      if (filter.organisationId !== undefined) {
        if (scope && !scope.includes(filter.organisationId)) throw refusal;
        scope = [filter.organisationId];
      }
      const items = await invitations.list(scope);
      if (items.length)
        await audit.record(reader, {
          action: 'read-personal',
          entity: 'invitations',
          organisationIds: [...new Set(items.map((i) => i.organisationId))],
          detail: { fields: ['email'] },
        });
      return Promise.all(items.map(async (i) => ({ ...i, link: i.status === 'pending' ? await linkOf(i) : null })));
    },

    /** Withdraws a pending invitation: its link stops working. Only whoever may make it. */
    async withdrawInvitation(actor: Actor | undefined, id: number): Promise<void> {
      const by = requireSignedIn(actor);
      const invitation = await invitations.find(id);
      if (!invitation || !canManageMembers(by, invitation.organisationId))
        throw notFound('An invitation you may withdraw');
      const why = {
        accepted: 'it has been accepted',
        withdrawn: 'it has been withdrawn already',
        expired: 'it has run out',
      };
      if (invitation.status !== 'pending')
        throw new AppError('conflict', `This invitation cannot be withdrawn: ${why[invitation.status]}`);
      await audited(
        by,
        async (_r, trx) => {
          if (!(await createInvitationsRepository(trx).end(id, 'withdrawn', accountIdOf(by))))
            throw new AppError('conflict', 'This invitation has just been accepted or has run out');
        },
        () => ({
          action: 'withdraw',
          entity: 'invitation',
          entityId: id,
          organisationIds: [invitation.organisationId],
        }),
      );
    },

    /**
     * For internal use (the job that emails invitations; never a route): the absolute link of
     * a pending invitation, from the configured public address; undefined once it is not pending.
     */
    async invitationLink(id: number): Promise<string | undefined> {
      const invitation = await invitations.find(id);
      return invitation?.status === 'pending' ? linkOf(invitation) : undefined;
    },

    /** For internal use: an invitation's facts (to whom, to what and as what, by whom, until when, its status). */
    invitation(id: number): Promise<InvitationRecord | undefined> {
      return invitations.find(id);
    },

    /** What the page a link opens shows: the invitation, and how whoever holds it can accept it. */
    async openInvitation(token: string, actor?: Actor) {
      const invitation = await usable(token);
      const account = await repo.findUserByEmail(invitation.email);
      const provider = await sso.providerFor(invitation.email);
      return {
        invitation,
        hasAccount: Boolean(account),
        accountDisabled: Boolean(account?.disabledAt),
        signedInAsInvitee: Boolean(actor && account && actor.userId === account.id),
        signedInAs: actor?.email,
        providerLabel: provider?.label,
      };
    },

    /** Accepts by choosing a password (the usual rules): creates the account and returns its session. */
    async acceptWithPassword(token: string, input: { name: string; password: string }, ip?: string) {
      const invitation = await usable(token);
      if (await repo.findUserByEmail(invitation.email))
        throw new AppError(
          'conflict',
          `There is already a Syslead account for ${invitation.email}: sign in as it to accept the invitation`,
        );
      checkNewPassword(input.password, invitation.email, 'password');
      // Hashed before the transaction, which holds the connection only for the writes.
      const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
      const name = input.name.trim();
      const { session } = await accept(invitation, invitee(invitation, name, ip), 'password', { name, passwordHash });
      return session!;
    },

    /** Accepts into the signed-in account, which must be the one with the invitation's email. */
    async acceptAsSignedIn(token: string, actor: Actor): Promise<InvitationRecord> {
      const invitation = await usable(token);
      if (normaliseEmail(actor.email) !== invitation.email)
        throw new AppError(
          'forbidden',
          `This invitation is for ${invitation.email}, and you are signed in as ${actor.email}. Sign out, then open the link again`,
        );
      await accept(invitation, actor, 'signed in', { userId: actor.userId });
      return invitation;
    },

    /** Starts accepting through the identity provider of the invitation's email domain. */
    async startAcceptingThroughProvider(token: string, redirectUri: string) {
      const invitation = await usable(token);
      return sso.start(invitation.email, redirectUri, `/invitations/${token}`, invitation.id);
    },
  };

  /**
   * Accepts an invitation for the address an identity provider vouched for, on the return of
   * a sign-in started from it, when that address has no account: the account is created
   * with a password no one knows (it signs in through its provider).
   */
  async function acceptThroughProvider(invitationId: number, vouched: { email: string; name: string }, ip?: string) {
    const invitation = await invitations.find(invitationId);
    if (!invitation) throw new AppError('unauthenticated', 'This invitation no longer exists; ask for a new one');
    refuseUnlessPending(invitation);
    if (vouched.email !== invitation.email)
      throw new AppError(
        'unauthenticated',
        `The sign-in service vouched for ${vouched.email}, but the invitation is for ${invitation.email}; sign in there as ${invitation.email}`,
      );
    const passwordHash = await argon2.hash(randomBytes(32).toString('hex'), { type: argon2.argon2id });
    const actor = invitee(invitation, vouched.name, ip);
    const { session } = await accept(invitation, actor, 'identity provider', { name: vouched.name, passwordHash });
    return session!;
  }

  return { methods, acceptThroughProvider };
}
