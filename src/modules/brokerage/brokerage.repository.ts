import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Candidate } from './brokerage.match.js';

export interface Need {
  id: number;
  organisationId: number;
  organisationName: string;
  area: string;
  detail: string;
  status: string;
  /** What has happened to it: open, being met (an active engagement answers it), met or withdrawn. */
  state: 'open' | 'being-met' | 'met' | 'withdrawn';
  /** The active engagement opened from one of its requests, if any. */
  engagementId: number | null;
  createdAt: Date;
}

/** An asked school's answer to a request: an offer, a decline with its reason, or none yet. */
export interface Answer {
  organisationId: number;
  organisationName: string;
  answer: 'offered' | 'declined' | 'waiting';
  declineReason: string | null;
  answeredAt: Date | null;
  offerDays: number | null;
}

export interface Offer {
  id: number;
  organisationId: number;
  organisationName: string;
  personId: number | null;
  area: string;
  detail: string;
  daysPerTerm: number;
  status: string;
}

export interface SupportRequest {
  id: number;
  needId: number;
  organisationId: number;
  organisationName: string;
  area: string;
  message: string;
  partnershipId: number | null;
  status: string;
  createdAt: Date;
  acceptedAt: Date | null;
}

/**
 * The SQL of brokering: needs, offers, support requests and their invitations and offers of
 * help, a partnership's weights, and the candidate rows matching reads (organisations, their
 * latest results in an area, ties and capacity, read in one statement).
 */
export function createBrokerageRepository(db: Db) {
  /** Offers with their school's name, as lists and single offers read them. */
  const offers = () =>
    db
      .selectFrom('offers as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select([
        'f.id',
        'f.organisation_id as organisationId',
        'o.name as organisationName',
        'f.person_id as personId',
        'f.area',
        'f.detail',
        'f.days_per_term as daysPerTerm',
        'f.status',
      ]);
  const requestColumns = sql`r.id, r.need_id as "needId", r.organisation_id as "organisationId", o.name as "organisationName", n.area, r.message,
    r.partnership_id as "partnershipId", r.status, r.created_at as "createdAt", r.accepted_at as "acceptedAt"`;
  // The active engagement opened from any request of the need: while it runs, the need is being met.
  const engagementOfNeed = sql<
    number | null
  >`(select e.id from engagements e join support_requests q on q.id = e.request_id
    where q.need_id = n.id and e.status = 'active' order by e.id desc limit 1)`;
  const needColumns = [
    'n.id',
    'n.organisation_id as organisationId',
    'o.name as organisationName',
    'n.area',
    'n.detail',
    'n.status',
    sql<
      Need['state']
    >`case when n.status = 'open' and ${engagementOfNeed} is not null then 'being-met' else n.status end`.as('state'),
    engagementOfNeed.as('engagementId'),
    'n.created_at as createdAt',
  ] as const;
  return {
    async insertNeed(values: {
      organisationId: number;
      area: string;
      detail: string;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('needs')
        .values({
          organisation_id: values.organisationId,
          area: values.area,
          detail: values.detail,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findNeed(id: number): Promise<Need | undefined> {
      return db
        .selectFrom('needs as n')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .select(needColumns)
        .where('n.id', '=', id)
        .executeTakeFirst();
    },

    listNeeds(organisationIds: number[]): Promise<Need[]> {
      return db
        .selectFrom('needs as n')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .select(needColumns)
        .where('n.organisation_id', 'in', organisationIds.length ? organisationIds : [-1])
        .orderBy('n.status')
        .orderBy('n.id', 'desc')
        .execute();
    },

    async setNeedStatus(id: number, status: 'open' | 'met' | 'withdrawn'): Promise<void> {
      await db
        .updateTable('needs')
        .set({ status, closed_at: status === 'open' ? null : new Date() })
        .where('id', '=', id)
        .execute();
    },

    async insertOffer(values: {
      organisationId: number;
      personId: number | null;
      area: string;
      detail: string;
      daysPerTerm: number;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('offers')
        .values({
          organisation_id: values.organisationId,
          person_id: values.personId,
          area: values.area,
          detail: values.detail,
          days_per_term: values.daysPerTerm,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    listOffers(organisationIds: number[] | null): Promise<Offer[]> {
      let query = offers().where('f.status', '=', 'open');
      if (organisationIds)
        query = query.where('f.organisation_id', 'in', organisationIds.length ? organisationIds : [-1]);
      return query.orderBy('f.area').orderBy('o.name').execute() as Promise<Offer[]>;
    },

    findOffer(id: number) {
      return offers().where('f.id', '=', id).executeTakeFirst();
    },

    async setOfferStatus(id: number, status: 'open' | 'withdrawn'): Promise<void> {
      await db.updateTable('offers').set({ status }).where('id', '=', id).execute();
    },

    async findWeights(partnershipId: number): Promise<Record<string, number> | undefined> {
      const row = await db
        .selectFrom('match_weights')
        .select('weights')
        .where('organisation_id', '=', partnershipId)
        .executeTakeFirst();
      return row ? (typeof row.weights === 'string' ? JSON.parse(row.weights) : row.weights) : undefined;
    },

    async saveWeights(partnershipId: number, weights: Record<string, number>, userId: number | null): Promise<void> {
      const json = JSON.stringify(weights);
      await db
        .insertInto('match_weights')
        .values({ organisation_id: partnershipId, weights: json, updated_by: userId })
        .onConflict((oc) =>
          oc.column('organisation_id').doUpdateSet({ weights: json, updated_by: userId, updated_at: new Date() }),
        )
        .execute();
    },

    /** The seeker's location and local authority (its size and FSM share come from the indicators it may see). */
    async seekerPlace(organisationId: number): Promise<
      | {
          latitude: number | null;
          longitude: number | null;
          phase: string | null;
          pupils: number | null;
          fsm: number | null;
          localAuthorityId: number | null;
        }
      | undefined
    > {
      const row = await db
        .selectFrom('organisations')
        .select([
          'phase',
          'latitude',
          'longitude',
          'pupils',
          'fsm_percent as fsm',
          'local_authority_id as localAuthorityId',
        ])
        .where('id', '=', organisationId)
        .executeTakeFirst();
      return (
        row && {
          ...row,
          pupils: row.pupils === null ? null : Number(row.pupils),
          fsm: row.fsm === null ? null : Number(row.fsm),
        }
      );
    },

    /**
     * Every open school that might help with a need in an area: its context, its latest and
     * previous value of the area's main indicator, the days it offers in the area and those its
     * active engagements take, a designation, and whether it is tied to the seeker or shares a
     * partnership with it. Only schools with an offer, a designation or (better) results come back; matching decides the rest.
     */
    async candidates(options: {
      seekerId: number;
      area: string;
      /** Each school's latest value of the area's main indicator (as the viewer may see it), its period and the value before. */
      results: Map<number, { value: number; period: string; previous: number | null }>;
      designationRoles: string[];
      seekerPartnerships: number[];
      seekerLocalAuthorityId: number | null;
      scopeIds: number[] | null;
      today: string;
      /** Leave out schools whose only claim is a value no better than this (matching would drop them anyway). */
      betterThan?: { value: number; direction: 'higher' | 'lower' };
    }): Promise<Candidate[]> {
      const better = options.betterThan;
      const strongResult = !better
        ? sql`r.value is not null`
        : better.direction === 'higher'
          ? sql`r.value > ${better.value}`
          : sql`r.value < ${better.value}`;
      const result = await sql<Candidate & { offeredDays: string | null; committedDays: string | null }>`
        with results as (
          -- One row per school (latest value, its period, the value before), read through the indicators' gate.
          select * from unnest(${[...options.results.keys()]}::int[], ${[...options.results.values()].map((r) => r.value)}::float8[],
            ${[...options.results.values()].map((r) => r.period)}::text[], ${[...options.results.values()].map((r) => r.previous)}::float8[]) as r(organisation_id, value, period, previous)
        ), offered as (
          select organisation_id, sum(days_per_term) as days from offers where area = ${options.area} and status = 'open' group by 1
        ), committed as (
          select supporting_id as organisation_id, sum(days) as days from engagements where status = 'active' group by 1
        ), designated as (
          select distinct organisation_id from role_assignments
          where role_code = any(${options.designationRoles}::text[]) and (start_date is null or start_date <= ${options.today}) and (end_date is null or end_date >= ${options.today})
        ), tied as (
          select case when from_organisation_id = ${options.seekerId} then to_organisation_id else from_organisation_id end as organisation_id
          from relationships where (from_organisation_id = ${options.seekerId} or to_organisation_id = ${options.seekerId})
            and (end_date is null or end_date >= ${options.today})
        ), partners as (
          select distinct from_organisation_id as organisation_id from relationships
          where type = 'membership' and to_organisation_id = any(${options.seekerPartnerships}::int[]) and (end_date is null or end_date >= ${options.today})
        )
        select o.id as "organisationId", o.name, coalesce(o.urn::text, 'org:' || o.id) as ref, o.phase, o.pupils, o.fsm_percent as fsm, o.latitude, o.longitude,
          f.days as "offeredDays", coalesce(c.days, 0) as "committedDays", (d.organisation_id is not null) as designated,
          r.value, r.period, r.previous,
          exists (select 1 from tied t where t.organisation_id = o.id) as tie,
          (p.organisation_id is not null or (${options.seekerLocalAuthorityId}::int is not null and o.local_authority_id = ${options.seekerLocalAuthorityId}::int)) as "sharedPartnership"
        from organisations o
        left join results r on r.organisation_id = o.id
        left join offered f on f.organisation_id = o.id
        left join committed c on c.organisation_id = o.id
        left join designated d on d.organisation_id = o.id
        left join partners p on p.organisation_id = o.id
        where o.kind = 'school' and o.status = 'open' and o.id <> ${options.seekerId}
          ${options.scopeIds ? sql`and o.id = any(${options.scopeIds}::int[])` : sql``}
          and (f.organisation_id is not null or d.organisation_id is not null or ${strongResult})`.execute(db);
      return result.rows.map((r) => ({
        ...r,
        pupils: r.pupils === null ? null : Number(r.pupils),
        fsm: r.fsm === null ? null : Number(r.fsm),
        offeredDays: r.offeredDays === null ? null : Number(r.offeredDays),
        committedDays: Number(r.committedDays ?? 0),
      }));
    },

    async insertRequest(values: {
      needId: number;
      organisationId: number;
      message: string;
      partnershipId: number | null;
      invited: number[];
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('support_requests')
        .values({
          need_id: values.needId,
          organisation_id: values.organisationId,
          message: values.message,
          partnership_id: values.partnershipId,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (values.invited.length)
        await db
          .insertInto('request_invitations')
          .values(values.invited.map((organisation_id) => ({ request_id: row.id, organisation_id })))
          .execute();
      return row.id;
    },

    async findRequest(id: number): Promise<(SupportRequest & { invited: number[] }) | undefined> {
      const result =
        await sql<SupportRequest>`select ${requestColumns} from support_requests r join needs n on n.id = r.need_id join organisations o on o.id = r.organisation_id where r.id = ${id}`.execute(
          db,
        );
      const request = result.rows[0];
      if (!request) return undefined;
      const invited = await db
        .selectFrom('request_invitations')
        .select('organisation_id')
        .where('request_id', '=', id)
        .execute();
      return { ...request, invited: invited.map((i) => i.organisation_id) };
    },

    /** Requests made by, or inviting, any of these organisations, or shared with any of these partnerships. */
    async listRequests(organisationIds: number[], partnershipIds: number[]): Promise<SupportRequest[]> {
      const ids = organisationIds.length ? organisationIds : [-1];
      const partnerships = partnershipIds.length ? partnershipIds : [-1];
      const result = await sql<SupportRequest>`
        select ${requestColumns} from support_requests r join needs n on n.id = r.need_id join organisations o on o.id = r.organisation_id
        where r.organisation_id = any(${ids}::int[]) or r.partnership_id = any(${partnerships}::int[])
          or exists (select 1 from request_invitations i where i.request_id = r.id and i.organisation_id = any(${ids}::int[]))
        order by r.id desc`.execute(db);
      return result.rows;
    },

    listRequestOffers(requestId: number) {
      return db
        .selectFrom('request_offers as f')
        .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
        .select([
          'f.id',
          'f.organisation_id as organisationId',
          'o.name as organisationName',
          'f.message',
          'f.days',
          'f.status',
          'f.created_at as createdAt',
        ])
        .where('f.request_id', '=', requestId)
        .orderBy('f.id')
        .execute();
    },

    async insertRequestOffer(values: {
      requestId: number;
      organisationId: number;
      message: string;
      days: number;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('request_offers')
        .values({
          request_id: values.requestId,
          organisation_id: values.organisationId,
          message: values.message,
          days: values.days,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Each school a request asked, with its answer: an offer, a decline and its reason, or none yet. */
    async listAnswers(requestId: number): Promise<Answer[]> {
      const result = await sql<Answer>`
        select i.organisation_id as "organisationId", o.name as "organisationName",
          case when f.id is not null then 'offered' when i.declined_at is not null then 'declined' else 'waiting' end as answer,
          i.decline_reason as "declineReason", coalesce(f.created_at, i.declined_at) as "answeredAt", f.days::float8 as "offerDays"
        from request_invitations i join organisations o on o.id = i.organisation_id
        left join request_offers f on f.request_id = i.request_id and f.organisation_id = i.organisation_id
        where i.request_id = ${requestId} order by o.name`.execute(db);
      return result.rows;
    },

    /** Records an asked school's decline; false when it had already declined (or was not asked). */
    async declineInvitation(
      requestId: number,
      organisationId: number,
      reason: string,
      userId: number | null,
    ): Promise<boolean> {
      const result = await db
        .updateTable('request_invitations')
        .set({ declined_at: new Date(), decline_reason: reason, declined_by: userId })
        .where('request_id', '=', requestId)
        .where('organisation_id', '=', organisationId)
        .where('declined_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Takes back a school's decline: it is asked again. False when it had not declined. */
    async undoDecline(requestId: number, organisationId: number): Promise<boolean> {
      const result = await db
        .updateTable('request_invitations')
        .set({ declined_at: null, decline_reason: null, declined_by: null })
        .where('request_id', '=', requestId)
        .where('organisation_id', '=', organisationId)
        .where('declined_at', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    findRequestOffer(id: number) {
      return db
        .selectFrom('request_offers')
        .select(['id', 'request_id as requestId', 'organisation_id as organisationId', 'days', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Accepts one offer: the request is met, the other offers declined. */
    /** Accepts one offer of an open request and declines the others; false when the request was no longer open. */
    async acceptRequestOffer(requestId: number, offerId: number): Promise<boolean> {
      const answered = await db
        .updateTable('support_requests')
        .set({ status: 'accepted', accepted_at: new Date() })
        .where('id', '=', requestId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(answered.numUpdatedRows) === 0) return false;
      await db
        .updateTable('request_offers')
        .set((eb) => ({ status: eb.case().when('id', '=', offerId).then('accepted').else('declined').end() }))
        .where('request_id', '=', requestId)
        .execute();
      return true;
    },

    /** Requests of these organisations' needs (every one's, with none given) whose offer was accepted from one day to another, with who gave the help. */
    async acceptedBetween(scopeIds: number[] | null, from: string, to: string) {
      const scope = scopeIds ? sql`and n.organisation_id = any(${scopeIds}::int[])` : sql``;
      const result = await sql<{
        id: number;
        area: string;
        acceptedAt: Date;
        schoolName: string;
        supporterName: string;
      }>`
        select r.id, n.area, r.accepted_at as "acceptedAt", o.name as "schoolName", s.name as "supporterName"
        from support_requests r join needs n on n.id = r.need_id join organisations o on o.id = r.organisation_id
          join request_offers f on f.request_id = r.id and f.status = 'accepted' join organisations s on s.id = f.organisation_id
        where r.accepted_at >= ${from}::date and r.accepted_at < ${to}::date + 1 ${scope}
        order by r.accepted_at, r.id`.execute(db);
      return result.rows;
    },

    /** For coverage: each school's open needs, and the requests accepted (between two days, when given) with when they were made and accepted. */
    async coverageFacts(scopeIds: number[] | null, acceptedWithin: { from?: string; to?: string } = {}) {
      const scope = scopeIds ? sql`and n.organisation_id = any(${scopeIds}::int[])` : sql``;
      const needs = await sql<{
        organisationId: number;
        name: string;
        area: string;
        needId: number;
        createdAt: Date;
        engaged: boolean;
      }>`
        select n.organisation_id as "organisationId", o.name, n.area, n.id as "needId", n.created_at as "createdAt",
          exists (select 1 from engagements e where e.supported_id = n.organisation_id and e.status = 'active') as engaged
        from needs n join organisations o on o.id = n.organisation_id where n.status = 'open' ${scope} order by o.name`.execute(
        db,
      );
      const from = acceptedWithin.from ? sql`and r.accepted_at >= ${acceptedWithin.from}::date` : sql``;
      const to = acceptedWithin.to ? sql`and r.accepted_at < ${acceptedWithin.to}::date + 1` : sql``;
      const accepted = await sql<{ organisationId: number; createdAt: Date; acceptedAt: Date }>`
        select r.organisation_id as "organisationId", r.created_at as "createdAt", r.accepted_at as "acceptedAt"
        from support_requests r join needs n on n.id = r.need_id where r.accepted_at is not null ${scope} ${from} ${to}`.execute(
        db,
      );
      return { needs: needs.rows, accepted: accepted.rows };
    },
  };
}
export type BrokerageRepository = ReturnType<typeof createBrokerageRepository>;
