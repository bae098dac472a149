import type { Db } from '../../../db/database.js';

export interface MembershipRequest {
  id: number;
  memberId: number;
  memberName: string;
  partnershipId: number;
  partnershipName: string;
  startDate: string | null;
  endDate: string | null;
  note: string | null;
  /** The side that asked; the other side decides. */
  askedBy: 'member' | 'partnership';
  status: 'pending' | 'approved' | 'declined' | 'withdrawn';
  requestedByName: string | null;
  createdAt: Date;
  relationshipId: number | null;
}

/** SQL for memberships waiting for the other side's approval. */
export function createMembershipsRepository(db: Db) {
  const select = () =>
    db
      .selectFrom('membership_requests as r')
      .innerJoin('organisations as m', 'm.id', 'r.member_id')
      .innerJoin('organisations as p', 'p.id', 'r.partnership_id')
      .leftJoin('users as u', 'u.id', 'r.requested_by')
      .select([
        'r.id',
        'r.member_id as memberId',
        'm.name as memberName',
        'r.partnership_id as partnershipId',
        'p.name as partnershipName',
        'r.start_date as startDate',
        'r.end_date as endDate',
        'r.note',
        'r.asked_by as askedBy',
        'r.status',
        'u.name as requestedByName',
        'r.created_at as createdAt',
        'r.relationship_id as relationshipId',
      ]);

  return {
    async insert(values: {
      memberId: number;
      partnershipId: number;
      startDate?: string;
      endDate?: string;
      note?: string;
      askedBy: 'member' | 'partnership';
      requestedBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('membership_requests')
        .values({
          member_id: values.memberId,
          partnership_id: values.partnershipId,
          start_date: values.startDate ?? null,
          end_date: values.endDate ?? null,
          note: values.note ?? null,
          asked_by: values.askedBy,
          requested_by: values.requestedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    find(id: number): Promise<MembershipRequest | undefined> {
      return select().where('r.id', '=', id).executeTakeFirst() as Promise<MembershipRequest | undefined>;
    },

    findPending(memberId: number, partnershipId: number): Promise<MembershipRequest | undefined> {
      return select()
        .where('r.member_id', '=', memberId)
        .where('r.partnership_id', '=', partnershipId)
        .where('r.status', '=', 'pending')
        .executeTakeFirst() as Promise<MembershipRequest | undefined>;
    },

    /** Requests still waiting in which any of these organisations is one side, oldest first. */
    listPending(organisationIds: number[] | null): Promise<MembershipRequest[]> {
      let query = select().where('r.status', '=', 'pending');
      if (organisationIds) {
        if (organisationIds.length === 0) return Promise.resolve([]);
        query = query.where((eb) =>
          eb.or([eb('r.member_id', 'in', organisationIds), eb('r.partnership_id', 'in', organisationIds)]),
        );
      }
      return query.orderBy('r.created_at').orderBy('r.id').execute() as Promise<MembershipRequest[]>;
    },

    /** Records the decision on a request still waiting; false when it was already decided. */
    async decide(
      id: number,
      status: 'approved' | 'declined' | 'withdrawn',
      decidedBy: number | null,
      relationshipId: number | null = null,
    ): Promise<boolean> {
      const result = await db
        .updateTable('membership_requests')
        .set({ status, decided_by: decidedBy, decided_at: new Date(), relationship_id: relationshipId })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
