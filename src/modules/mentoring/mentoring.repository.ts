import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { TAKING_A_PLACE, type RelationStatus } from './mentoring.domain.js';

export interface MentorOffer {
  userId: number;
  capacity: number;
  note: string;
  offeredAt: Date;
  withdrawnAt: Date | null;
  componentIds: number[];
}

export interface Relation {
  id: number;
  menteeId: number;
  menteeName: string;
  mentorId: number;
  mentorName: string;
  proposedBy: number;
  status: RelationStatus;
  componentIds: number[];
  proposedOn: string;
  agreedOn: string | null;
  startedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
}

export interface Note {
  id: number;
  relationId: number;
  authorId: number | null;
  authorName: string | null;
  metOn: string;
  body: string;
  createdAt: Date;
}

export interface RelationChange {
  status: RelationStatus;
  agreed_on?: string;
  started_on?: string;
  ended_on?: string;
  end_reason?: string;
}

const groupBy = <T>(rows: T[], key: (row: T) => number, value: (row: T) => number) => {
  const map = new Map<number, number[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), value(row)]);
  return map;
};

/** The SQL of mentoring: offers, relations and meeting notes, and read-only looks at accounts and the landscape. */
export function createMentoringRepository(db: Db) {
  const relations = () =>
    db
      .selectFrom('mentoring_relations as r')
      .innerJoin('users as mentee', 'mentee.id', 'r.mentee_id')
      .innerJoin('users as mentor', 'mentor.id', 'r.mentor_id')
      .select([
        'r.id',
        'r.mentee_id as menteeId',
        'mentee.name as menteeName',
        'r.mentor_id as mentorId',
        'mentor.name as mentorName',
        'r.proposed_by as proposedBy',
        'r.status',
        'r.component_ids as componentIds',
        'r.proposed_on as proposedOn',
        'r.agreed_on as agreedOn',
        'r.started_on as startedOn',
        'r.ended_on as endedOn',
        'r.end_reason as endReason',
      ]);

  return {
    /** The mentee and mentor of every relation under way on a day: started by then and not ended. */
    relationsActiveOn(day: string): Promise<Array<{ menteeId: number; mentorId: number }>> {
      return db
        .selectFrom('mentoring_relations')
        .select(['mentee_id as menteeId', 'mentor_id as mentorId'])
        .where('started_on', '<=', day)
        .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', day)]))
        .execute();
    },

    async offerOf(userId: number): Promise<MentorOffer | undefined> {
      const row = await db
        .selectFrom('mentor_offers')
        .select(['user_id as userId', 'capacity', 'note', 'offered_at as offeredAt', 'withdrawn_at as withdrawnAt'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return undefined;
      const components = await db
        .selectFrom('mentor_offer_components')
        .select('component_id')
        .where('user_id', '=', userId)
        .orderBy('component_id')
        .execute();
      return { ...row, componentIds: components.map((c) => c.component_id) };
    },

    async saveOffer(userId: number, offer: { capacity: number; note: string; componentIds: number[] }): Promise<void> {
      await db
        .insertInto('mentor_offers')
        .values({ user_id: userId, capacity: offer.capacity, note: offer.note })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ capacity: offer.capacity, note: offer.note, withdrawn_at: null }),
        )
        .execute();
      await db.deleteFrom('mentor_offer_components').where('user_id', '=', userId).execute();
      if (offer.componentIds.length)
        await db
          .insertInto('mentor_offer_components')
          .values(offer.componentIds.map((component_id) => ({ user_id: userId, component_id })))
          .execute();
    },

    async withdrawOffer(userId: number): Promise<void> {
      await db.updateTable('mentor_offers').set({ withdrawn_at: new Date() }).where('user_id', '=', userId).execute();
    },

    /** Every offer standing now, with the mentor's name. */
    async standingOffers(): Promise<Array<MentorOffer & { name: string }>> {
      const rows = await db
        .selectFrom('mentor_offers as o')
        .innerJoin('users as u', 'u.id', 'o.user_id')
        .select([
          'o.user_id as userId',
          'u.name',
          'o.capacity',
          'o.note',
          'o.offered_at as offeredAt',
          'o.withdrawn_at as withdrawnAt',
        ])
        .where('o.withdrawn_at', 'is', null)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .execute();
      const components = rows.length
        ? await db
            .selectFrom('mentor_offer_components')
            .select(['user_id', 'component_id'])
            .where(
              'user_id',
              'in',
              rows.map((r) => r.userId),
            )
            .execute()
        : [];
      const byUser = groupBy(
        components,
        (c) => c.user_id,
        (c) => c.component_id,
      );
      return rows.map((r) => ({ ...r, componentIds: byUser.get(r.userId) ?? [] }));
    },

    /** How many agreed and active mentees each of these mentors has. */
    async placesTaken(mentorIds: number[]): Promise<Map<number, number>> {
      if (!mentorIds.length) return new Map();
      const rows = await db
        .selectFrom('mentoring_relations')
        .select(['mentor_id'])
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('mentor_id', 'in', mentorIds)
        .where('status', 'in', TAKING_A_PLACE)
        .groupBy('mentor_id')
        .execute();
      return new Map(rows.map((r) => [r.mentor_id, Number(r.n)]));
    },

    /**
     * The organisations of each account: those it belongs to, and the one its person in the
     * landscape works at (matched by the account's person or its email address).
     */
    async organisationsOf(userIds: number[]): Promise<Map<number, number[]>> {
      if (!userIds.length) return new Map();
      const members = await db
        .selectFrom('organisation_members')
        .select(['user_id as userId', 'organisation_id as organisationId'])
        .where('user_id', 'in', userIds)
        .execute();
      const people = await db
        .selectFrom('users as u')
        .innerJoin('people as p', (join) =>
          join.on((eb) =>
            eb.or([eb('u.person_id', '=', eb.ref('p.id')), eb(sql`lower(p.email)`, '=', eb.ref('u.email'))]),
          ),
        )
        .select(['u.id as userId', 'p.organisation_id as organisationId'])
        .where('u.id', 'in', userIds)
        .where('p.organisation_id', 'is not', null)
        .execute();
      const map = groupBy(
        [...members, ...people] as Array<{ userId: number; organisationId: number }>,
        (r) => r.userId,
        (r) => r.organisationId,
      );
      for (const [k, v] of map) map.set(k, [...new Set(v)]);
      return map;
    },

    /** The system roles each account's person holds today, by code, with the roles' names. */
    async rolesOf(userIds: number[], today: string): Promise<Map<number, string[]>> {
      if (!userIds.length) return new Map();
      const rows = await db
        .selectFrom('users as u')
        .innerJoin('people as p', (join) =>
          join.on((eb) =>
            eb.or([eb('u.person_id', '=', eb.ref('p.id')), eb(sql`lower(p.email)`, '=', eb.ref('u.email'))]),
          ),
        )
        .innerJoin('role_assignments as ra', 'ra.person_id', 'p.id')
        .select(['u.id as userId', 'ra.role_code as roleCode'])
        .where('u.id', 'in', userIds)
        .where((eb) => eb.or([eb('ra.start_date', 'is', null), eb('ra.start_date', '<=', today)]))
        .where((eb) => eb.or([eb('ra.end_date', 'is', null), eb('ra.end_date', '>=', today)]))
        .execute();
      const map = new Map<number, string[]>();
      for (const r of rows) map.set(r.userId, [...new Set([...(map.get(r.userId) ?? []), r.roleCode])]);
      return map;
    },

    relation(id: number): Promise<Relation | undefined> {
      return relations().where('r.id', '=', id).executeTakeFirst();
    },

    /** Every relation an account is in, as mentee or mentor, newest first. */
    relationsOf(userId: number): Promise<Relation[]> {
      return relations()
        .where((eb) => eb.or([eb('r.mentee_id', '=', userId), eb('r.mentor_id', '=', userId)]))
        .orderBy('r.proposed_on', 'desc')
        .orderBy('r.id', 'desc')
        .execute();
    },

    async openBetween(menteeId: number, mentorId: number): Promise<boolean> {
      return !!(await db
        .selectFrom('mentoring_relations')
        .select('id')
        .where('mentee_id', '=', menteeId)
        .where('mentor_id', '=', mentorId)
        .where('status', 'in', ['proposed', 'agreed', 'active'])
        .executeTakeFirst());
    },

    async insertRelation(values: {
      menteeId: number;
      mentorId: number;
      proposedBy: number;
      componentIds: number[];
      proposedOn: string;
    }): Promise<number> {
      const { id } = await db
        .insertInto('mentoring_relations')
        .values({
          mentee_id: values.menteeId,
          mentor_id: values.mentorId,
          proposed_by: values.proposedBy,
          component_ids: JSON.stringify(values.componentIds),
          proposed_on: values.proposedOn,
          status: 'proposed',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** Moves a relation on, only from the status it was read in (a second click changes nothing). */
    async changeRelation(id: number, from: RelationStatus, change: RelationChange): Promise<boolean> {
      const rows = await db
        .updateTable('mentoring_relations')
        .set(change)
        .where('id', '=', id)
        .where('status', '=', from)
        .returning('id')
        .execute();
      return rows.length > 0;
    },

    notesOf(relationIds: number[]): Promise<Note[]> {
      if (!relationIds.length) return Promise.resolve([]);
      return db
        .selectFrom('mentoring_notes as n')
        .leftJoin('users as u', 'u.id', 'n.author_id')
        .select([
          'n.id',
          'n.relation_id as relationId',
          'n.author_id as authorId',
          'u.name as authorName',
          'n.met_on as metOn',
          'n.body',
          'n.created_at as createdAt',
        ])
        .where('n.relation_id', 'in', relationIds)
        .orderBy('n.met_on')
        .orderBy('n.id')
        .execute();
    },

    async insertNote(relationId: number, authorId: number, metOn: string, body: string): Promise<number> {
      const { id } = await db
        .insertInto('mentoring_notes')
        .values({ relation_id: relationId, author_id: authorId, met_on: metOn, body })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    account(userId: number): Promise<{ userId: number; name: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'name'])
        .where('id', '=', userId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
    },

    accountByEmail(email: string): Promise<{ userId: number; name: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'name'])
        .where('email', '=', email)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
    },
  };
}

export type MentoringRepository = ReturnType<typeof createMentoringRepository>;
