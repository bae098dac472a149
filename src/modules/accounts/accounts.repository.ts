import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { dataVersionColumn } from '../../db/data-version.js';

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  passwordHash: string;
  isAdmin: boolean;
  mustChangePassword: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
  disabledAt: Date | null;
}

export type TokenScope = 'read' | 'write';

export interface TokenRecord {
  id: number;
  name: string;
  prefix: string;
  /** `read`: GET and HEAD only; `write`: everything the owner may do. */
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A user's memberships as one JSON array, so the actor comes back in the same query as the session. */
const membershipsColumn = sql<
  Array<{ organisationId: number; role: string }>
>`coalesce((select json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role)) from organisation_members m where m.user_id = users.id), '[]'::json)`.as(
  'memberships',
);

const userColumns = [
  'users.id',
  'users.email',
  'users.name',
  'users.password_hash as passwordHash',
  'users.is_admin as isAdmin',
  'users.must_change_password as mustChangePassword',
  'users.failed_sign_ins as failedSignIns',
  'users.locked_until as lockedUntil',
  'users.totp_secret as totpSecret',
  'users.totp_pending_secret as totpPendingSecret',
  'users.totp_last_step as totpLastStep',
  'users.disabled_at as disabledAt',
] as const;

/** SQL for users, sessions and access tokens. */
export function createAccountsRepository(db: Db) {
  return {
    findUserByEmail(email: string): Promise<UserRecord | undefined> {
      return db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();
    },

    /**
     * Starts or continues a visit: a new one when the last was longer ago than `gapMs`, when
     * the one before becomes the previous visit. Returns the start of the previous visit.
     */
    async recordVisit(userId: number, gapMs: number): Promise<Date | null> {
      const row = await sql<{ previous: Date | null }>`
        update users set
          previous_visit_at = case when last_visit_at is null or last_visit_at < now() - ${`${gapMs} milliseconds`}::interval
            then last_visit_at else previous_visit_at end,
          last_visit_at = now()
        where id = ${userId}
        returning previous_visit_at as previous`.execute(db);
      return row.rows[0]?.previous ?? null;
    },

    findUserById(id: number): Promise<UserRecord | undefined> {
      return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
    },

    async insertUser(user: {
      email: string;
      name: string;
      passwordHash: string;
      isAdmin: boolean;
      mustChangePassword: boolean;
    }): Promise<number> {
      const row = await db
        .insertInto('users')
        .values({
          email: user.email,
          name: user.name,
          password_hash: user.passwordHash,
          is_admin: user.isAdmin,
          must_change_password: user.mustChangePassword,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updatePassword(userId: number, passwordHash: string, mustChangePassword: boolean): Promise<void> {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: mustChangePassword, updated_at: new Date() })
        .where('id', '=', userId)
        .execute();
    },

    listMembersOf(organisationId: number) {
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id as userId', 'u.name', 'u.email', 'm.role'])
        .where('m.organisation_id', '=', organisationId)
        .orderBy('u.name')
        .execute();
    },

    async upsertMembership(userId: number, organisationId: number, role: string): Promise<void> {
      await db
        .insertInto('organisation_members')
        .values({ user_id: userId, organisation_id: organisationId, role })
        .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ role }))
        .execute();
    },

    async deleteMembership(userId: number, organisationId: number): Promise<boolean> {
      const result = await db
        .deleteFrom('organisation_members')
        .where('user_id', '=', userId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async setTotp(
      userId: number,
      values: { secret?: string | null; pendingSecret?: string | null; lastStep?: number | null },
    ): Promise<void> {
      const set: Record<string, unknown> = {};
      if (values.secret !== undefined) set.totp_secret = values.secret;
      if (values.pendingSecret !== undefined) set.totp_pending_secret = values.pendingSecret;
      if (values.lastStep !== undefined) set.totp_last_step = values.lastStep;
      await db.updateTable('users').set(set).where('id', '=', userId).execute();
    },

    /** Replaces an account's recovery codes with new ones (their hashes); none when none are given. */
    async replaceRecoveryCodes(userId: number, hashes: string[]): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length)
        await db
          .insertInto('recovery_codes')
          .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
          .execute();
    },

    /** The recovery codes of an account not used yet. */
    unusedRecoveryCodes(userId: number): Promise<Array<{ id: number; hash: string }>> {
      return db
        .selectFrom('recovery_codes')
        .select(['id', 'code_hash as hash'])
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .orderBy('id')
        .execute();
    },

    /** Spends a recovery code, only if it is still unused, so each works once. */
    async useRecoveryCode(id: number): Promise<boolean> {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: new Date() })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Records a used time step only if it is newer than the last, so a code works once. */
    async useTotpStep(userId: number, step: number): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async recordFailedSignIn(userId: number, lockedUntil: Date | null, failures: number): Promise<void> {
      await db
        .updateTable('users')
        .set({ failed_sign_ins: failures, locked_until: lockedUntil })
        .where('id', '=', userId)
        .execute();
    },

    async insertSession(idHash: string, userId: number, expiresAt: Date, secondFactorPending = false): Promise<void> {
      await db
        .insertInto('sessions')
        .values({ id_hash: idHash, user_id: userId, expires_at: expiresAt, second_factor_pending: secondFactorPending })
        .execute();
    },

    findSessionUser(idHash: string): Promise<
      | (UserRecord & {
          lastSeenAt: Date;
          createdAt: Date;
          secondFactorPending: boolean;
          memberships: Array<{ organisationId: number; role: string }>;
          dataVersion: number;
        })
      | undefined
    > {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          ...userColumns,
          'sessions.last_seen_at as lastSeenAt',
          'sessions.created_at as createdAt',
          'sessions.second_factor_pending as secondFactorPending',
          membershipsColumn,
          dataVersionColumn,
        ])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', sql<Date>`now()`)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async markSignedIn(userId: number): Promise<void> {
      await db.updateTable('users').set({ last_signed_in_at: new Date() }).where('id', '=', userId).execute();
    },

    /** Disables an account (now) or enables it again (null); returns whether it changed. */
    async setDisabled(userId: number, disabled: boolean): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ disabled_at: disabled ? new Date() : null, updated_at: new Date() })
        .where('id', '=', userId)
        .where('disabled_at', disabled ? 'is' : 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    findMembership(userId: number, organisationId: number) {
      return db
        .selectFrom('organisation_members')
        .select(['role'])
        .where('user_id', '=', userId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
    },

    async touchSession(idHash: string, expiresAt: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(), expires_at: expiresAt })
        .where('id_hash', '=', idHash)
        .execute();
    },

    async deleteSession(idHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteSessionsOfUser(userId: number, exceptIdHash?: string): Promise<void> {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptIdHash) query = query.where('id_hash', '<>', exceptIdHash);
      await query.execute();
    },

    async deleteExpiredSessions(): Promise<void> {
      await db
        .deleteFrom('sessions')
        .where('expires_at', '<=', sql<Date>`now()`)
        .execute();
    },

    async insertToken(
      userId: number,
      name: string,
      tokenHash: string,
      prefix: string,
      scope: TokenScope,
    ): Promise<TokenRecord> {
      return db
        .insertInto('api_tokens')
        .values({ user_id: userId, name, token_hash: tokenHash, token_prefix: prefix, scope })
        .returning([
          'id',
          'name',
          'token_prefix as prefix',
          'scope',
          'created_at as createdAt',
          'last_used_at as lastUsedAt',
          'revoked_at as revokedAt',
        ])
        .executeTakeFirstOrThrow();
    },

    listTokens(userId: number): Promise<TokenRecord[]> {
      return db
        .selectFrom('api_tokens')
        .select([
          'id',
          'name',
          'token_prefix as prefix',
          'scope',
          'created_at as createdAt',
          'last_used_at as lastUsedAt',
          'revoked_at as revokedAt',
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    async revokeToken(userId: number, tokenId: number): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Revokes every active token of a user; returns how many there were. */
    async revokeTokensOfUser(userId: number): Promise<number> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async findTokenUser(tokenHash: string): Promise<
      | (UserRecord & {
          lastUsedAt: Date | null;
          tokenScope: TokenScope;
          memberships: Array<{ organisationId: number; role: string }>;
          dataVersion: number;
        })
      | undefined
    > {
      return db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select([
          ...userColumns,
          'api_tokens.last_used_at as lastUsedAt',
          'api_tokens.scope as tokenScope',
          membershipsColumn,
          dataVersionColumn,
        ])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async touchToken(tokenHash: string): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: new Date() })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async insertProvider(provider: {
      emailDomain: string;
      label: string;
      issuer: string;
      clientId: string;
      clientSecret: string;
    }): Promise<number> {
      const row = await db
        .insertInto('identity_providers')
        .values({
          email_domain: provider.emailDomain,
          label: provider.label,
          issuer: provider.issuer,
          client_id: provider.clientId,
          client_secret: provider.clientSecret,
        })
        .onConflict((oc) =>
          oc.column('email_domain').doUpdateSet({
            label: provider.label,
            issuer: provider.issuer,
            client_id: provider.clientId,
            client_secret: provider.clientSecret,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findProvider(by: { emailDomain?: string; id?: number }) {
      let query = db
        .selectFrom('identity_providers')
        .select([
          'id',
          'email_domain as emailDomain',
          'label',
          'issuer',
          'client_id as clientId',
          'client_secret as clientSecret',
        ]);
      if (by.emailDomain !== undefined) query = query.where('email_domain', '=', by.emailDomain);
      if (by.id !== undefined) query = query.where('id', '=', by.id);
      return query.executeTakeFirst();
    },

    listProviders() {
      return db
        .selectFrom('identity_providers')
        .select(['id', 'email_domain as emailDomain', 'label', 'issuer', 'client_id as clientId'])
        .orderBy('email_domain')
        .execute();
    },

    async insertSignInRequest(request: {
      state: string;
      providerId: number;
      codeVerifier: string;
      nonce: string;
      next: string;
      expiresAt: Date;
      invitationId?: number;
    }): Promise<void> {
      await db.deleteFrom('sign_in_requests').where('expires_at', '<', new Date()).execute();
      await db
        .insertInto('sign_in_requests')
        .values({
          state: request.state,
          provider_id: request.providerId,
          code_verifier: request.codeVerifier,
          nonce: request.nonce,
          next: request.next,
          expires_at: request.expiresAt,
          invitation_id: request.invitationId ?? null,
        })
        .execute();
    },

    /** Takes a sign-in request (it can be used once) if it has not expired. */
    takeSignInRequest(state: string) {
      return db
        .deleteFrom('sign_in_requests')
        .where('state', '=', state)
        .where('expires_at', '>', new Date())
        .returning([
          'provider_id as providerId',
          'code_verifier as codeVerifier',
          'nonce',
          'next',
          'invitation_id as invitationId',
        ])
        .executeTakeFirst();
    },

    /** Every organisation at least one account belongs to. */
    async organisationsWithMembers(): Promise<number[]> {
      const rows = await db.selectFrom('organisation_members').select('organisation_id').distinct().execute();
      return rows.map((r) => r.organisation_id);
    },

    async countUsers(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
