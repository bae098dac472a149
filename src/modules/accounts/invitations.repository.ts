import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type InvitationStatus = 'pending' | 'accepted' | 'withdrawn' | 'expired';

export interface InvitationRecord {
  id: number;
  email: string;
  organisationId: number;
  organisationName: string;
  role: string;
  /** As it reads now: a pending invitation past its expiry is expired. */
  status: InvitationStatus;
  expiresAt: Date;
  invitedByName: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

/** SQL for invitations to join an organisation. */
export function createInvitationsRepository(db: Db) {
  function select() {
    return db
      .selectFrom('invitations as i')
      .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
      .leftJoin('users as u', 'u.id', 'i.invited_by')
      .select([
        'i.id',
        'i.email',
        'i.organisation_id as organisationId',
        'o.name as organisationName',
        'i.role',
        sql<InvitationStatus>`case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end`.as(
          'status',
        ),
        'i.expires_at as expiresAt',
        'u.name as invitedByName',
        'i.created_at as createdAt',
        'i.ended_at as endedAt',
      ]);
  }

  return {
    find(id: number): Promise<InvitationRecord | undefined> {
      return select().where('i.id', '=', id).executeTakeFirst();
    },

    /** The newest invitations first, of the organisations given (all when undefined). */
    list(organisationIds: number[] | undefined, limit = 100): Promise<InvitationRecord[]> {
      let query = select();
      if (organisationIds) {
        if (!organisationIds.length) return Promise.resolve([]);
        query = query.where('i.organisation_id', 'in', organisationIds);
      }
      return query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
    },

    findOrganisationName(organisationId: number) {
      return db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
    },

    /** Marks as expired the pending invitations of this email to this organisation that have run out. */
    async expireRunOut(email: string, organisationId: number): Promise<void> {
      await db
        .updateTable('invitations')
        .set({ status: 'expired' })
        .where('email', '=', email)
        .where('organisation_id', '=', organisationId)
        .where('status', '=', 'pending')
        .where('expires_at', '<=', sql<Date>`now()`)
        .execute();
    },

    /** Whether a pending invitation of this email to this organisation is waiting (call `expireRunOut` first). */
    async pendingFor(email: string, organisationId: number): Promise<boolean> {
      const row = await db
        .selectFrom('invitations')
        .select('id')
        .where('email', '=', email)
        .where('organisation_id', '=', organisationId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row !== undefined;
    },

    async insert(invitation: {
      email: string;
      organisationId: number;
      role: string;
      expiresAt: Date;
      invitedBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('invitations')
        .values({
          email: invitation.email,
          organisation_id: invitation.organisationId,
          role: invitation.role,
          expires_at: invitation.expiresAt,
          invited_by: invitation.invitedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Ends a pending invitation that has not expired (accepted or withdrawn), only once:
     * false when it was no longer pending, so two acceptances of one link cannot both succeed.
     */
    async end(id: number, status: 'accepted' | 'withdrawn', by: number | null): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ status, ended_at: new Date(), ended_by: by })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
