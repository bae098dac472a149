import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface Engagement {
  id: number;
  type: string;
  title: string;
  supportedId: number;
  supportedName: string;
  supportingId: number;
  supportingName: string;
  requestId: number | null;
  area: string;
  aims: string;
  freedoms: string;
  accountableTo: string;
  phase: string;
  days: number;
  chargeOut: number | null;
  startDate: string;
  endDate: string | null;
  status: string;
  /** The day of the latest check-in, null before the first. */
  lastCheckIn: string | null;
}

/** A check-in as stored: when it was held, what was seen and agreed, who wrote it and when. */
export interface CheckIn {
  id: number;
  heldOn: string;
  notes: string;
  nextSteps: string;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date | null;
}

export type EngagementInput = Omit<
  Engagement,
  'id' | 'supportedName' | 'supportingName' | 'status' | 'endDate' | 'lastCheckIn'
> & {
  createdBy: number | null;
};

/** The SQL of support engagements: the engagement, its people, actions, check-ins and measures, and the trends impact reads. */
export function createEngagementsRepository(db: Db) {
  const columns = sql`e.id, e.type, e.title, e.supported_id as "supportedId", a.name as "supportedName", e.supporting_id as "supportingId", b.name as "supportingName",
    e.request_id as "requestId", e.area, e.aims, e.freedoms, e.accountable_to as "accountableTo", e.phase, e.days::float8 as days, e.charge_out::float8 as "chargeOut",
    e.start_date as "startDate", e.end_date as "endDate", e.status,
    (select max(c.held_on) from engagement_check_ins c where c.engagement_id = e.id) as "lastCheckIn"`;
  const from = sql`engagements e join organisations a on a.id = e.supported_id join organisations b on b.id = e.supporting_id`;
  const checkIns = () =>
    db
      .selectFrom('engagement_check_ins')
      .select([
        'id',
        'held_on as heldOn',
        'notes',
        'next_steps as nextSteps',
        'created_by as createdBy',
        'created_at as createdAt',
        'updated_at as updatedAt',
      ]);
  return {
    async insert(
      input: EngagementInput,
      measures: Array<{
        indicatorId: number;
        baselinePeriod: string | null;
        baselineValue: number | null;
        targetValue: number | null;
        reviewOn?: string | null;
      }>,
    ): Promise<number> {
      const row = await db
        .insertInto('engagements')
        .values({
          type: input.type,
          title: input.title,
          supported_id: input.supportedId,
          supporting_id: input.supportingId,
          request_id: input.requestId,
          area: input.area,
          aims: input.aims,
          freedoms: input.freedoms,
          accountable_to: input.accountableTo,
          phase: input.phase,
          days: input.days,
          charge_out: input.chargeOut,
          start_date: input.startDate,
          created_by: input.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (measures.length) {
        await db
          .insertInto('engagement_measures')
          .values(
            measures.map((m) => ({
              engagement_id: row.id,
              indicator_id: m.indicatorId,
              baseline_period: m.baselinePeriod,
              baseline_value: m.baselineValue,
              target_value: m.targetValue,
              review_on: m.reviewOn ?? null,
            })),
          )
          .execute();
      }
      return row.id;
    },

    async find(id: number): Promise<Engagement | undefined> {
      const result = await sql<Engagement>`select ${columns} from ${from} where e.id = ${id}`.execute(db);
      return result.rows[0];
    },

    /** Engagements any of these organisations is in (all when null). */
    async list(organisationIds: number[] | null): Promise<Engagement[]> {
      const where = organisationIds
        ? sql`where e.supported_id = any(${organisationIds}::int[]) or e.supporting_id = any(${organisationIds}::int[])`
        : sql``;
      const result =
        await sql<Engagement>`select ${columns} from ${from} ${where} order by e.status, e.start_date desc, e.id desc`.execute(
          db,
        );
      return result.rows;
    },

    async update(
      id: number,
      values: Partial<{
        phase: string;
        status: string;
        end_date: string | null;
        aims: string;
        freedoms: string;
        accountable_to: string;
      }>,
    ): Promise<void> {
      await db.updateTable('engagements').set(values).where('id', '=', id).execute();
    },

    listPeople(id: number) {
      return db
        .selectFrom('engagement_people as ep')
        .innerJoin('people as p', 'p.id', 'ep.person_id')
        .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
        .select(['p.id', 'p.name', 'o.name as organisationName', 'ep.role'])
        .where('ep.engagement_id', '=', id)
        .orderBy('p.name')
        .execute();
    },

    async addPerson(id: number, personId: number, role: string): Promise<void> {
      await db
        .insertInto('engagement_people')
        .values({ engagement_id: id, person_id: personId, role })
        .onConflict((oc) => oc.columns(['engagement_id', 'person_id']).doUpdateSet({ role }))
        .execute();
    },

    listActions(id: number) {
      return db
        .selectFrom('engagement_actions')
        .select(['id', 'description', 'owner', 'due_on as dueOn', 'done_on as doneOn'])
        .where('engagement_id', '=', id)
        .orderBy('due_on')
        .orderBy('id')
        .execute();
    },

    async insertAction(
      id: number,
      action: { description: string; owner: string; dueOn: string | null },
    ): Promise<number> {
      const row = await db
        .insertInto('engagement_actions')
        .values({ engagement_id: id, description: action.description, owner: action.owner, due_on: action.dueOn })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async completeAction(engagementId: number, actionId: number, doneOn: string): Promise<number> {
      const result = await db
        .updateTable('engagement_actions')
        .set({ done_on: doneOn })
        .where('engagement_id', '=', engagementId)
        .where('id', '=', actionId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    listCheckIns(id: number): Promise<CheckIn[]> {
      return checkIns().where('engagement_id', '=', id).orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
    },

    findCheckIn(engagementId: number, checkInId: number): Promise<CheckIn | undefined> {
      return checkIns().where('engagement_id', '=', engagementId).where('id', '=', checkInId).executeTakeFirst();
    },

    async updateCheckIn(
      engagementId: number,
      checkInId: number,
      change: { heldOn: string; notes: string; nextSteps: string },
    ): Promise<void> {
      await db
        .updateTable('engagement_check_ins')
        .set({ held_on: change.heldOn, notes: change.notes, next_steps: change.nextSteps, updated_at: new Date() })
        .where('engagement_id', '=', engagementId)
        .where('id', '=', checkInId)
        .execute();
    },

    async deleteCheckIn(engagementId: number, checkInId: number): Promise<void> {
      await db
        .deleteFrom('engagement_check_ins')
        .where('engagement_id', '=', engagementId)
        .where('id', '=', checkInId)
        .execute();
    },

    async insertCheckIn(
      id: number,
      checkIn: { heldOn: string; notes: string; nextSteps: string; createdBy: number | null },
    ): Promise<number> {
      const row = await db
        .insertInto('engagement_check_ins')
        .values({
          engagement_id: id,
          held_on: checkIn.heldOn,
          notes: checkIn.notes,
          next_steps: checkIn.nextSteps,
          created_by: checkIn.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** The indicator codes measured by each of these engagements. */
    async measuredCodes(ids: number[]): Promise<Map<number, string[]>> {
      const rows = ids.length
        ? await db
            .selectFrom('engagement_measures as m')
            .innerJoin('indicators as i', 'i.id', 'm.indicator_id')
            .select(['m.engagement_id as engagementId', 'i.code'])
            .where('m.engagement_id', 'in', ids)
            .orderBy('i.code')
            .execute()
        : [];
      const codes = new Map<number, string[]>();
      for (const r of rows) codes.set(r.engagementId, [...(codes.get(r.engagementId) ?? []), r.code]);
      return codes;
    },

    listMeasures(id: number) {
      return db
        .selectFrom('engagement_measures as m')
        .innerJoin('indicators as i', 'i.id', 'm.indicator_id')
        .select([
          'm.indicator_id as indicatorId',
          'i.code',
          'm.baseline_period as baselinePeriod',
          'm.baseline_value as baselineValue',
          'm.target_value as targetValue',
          'm.review_on as reviewOn',
          'i.name',
        ])
        .where('m.engagement_id', '=', id)
        .orderBy('i.code')
        .execute();
    },

    /** Open schools of a phase (any when null) not supported by an active engagement, with their FSM share from the register. */
    async schoolsNotInSupport(
      phase: string | null,
      excludeIds: number[],
    ): Promise<Array<{ id: number; fsmPercent: number | null }>> {
      let query = db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.fsm_percent as fsmPercent'])
        .where('o.kind', '=', 'school')
        .where('o.status', '=', 'open')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('engagements as e')
                .select('e.id')
                .whereRef('e.supported_id', '=', 'o.id')
                .where('e.status', '=', 'active'),
            ),
          ),
        );
      if (excludeIds.length) query = query.where('o.id', 'not in', excludeIds);
      if (phase) query = query.where('o.phase', '=', phase);
      const rows = await query.execute();
      return rows.map((r) => ({ id: r.id, fsmPercent: r.fsmPercent === null ? null : Number(r.fsmPercent) }));
    },
  };
}
export type EngagementsRepository = ReturnType<typeof createEngagementsRepository>;
