import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Judgement } from './practices.domain.js';

/** A practice as stored, with its owning school's name and the partnerships it is shown to. */
export interface Practice {
  id: number;
  title: string;
  problem: string;
  approach: string;
  organisationId: number;
  organisationName: string;
  contactPersonId: number | null;
  areas: string[];
  eefStrand: string;
  eefImpactMonths: number | null;
  eefCost: number | null;
  eefEvidence: number | null;
  evidenceNote: string;
  published: boolean;
  sourceEnquiryId: number | null;
  partnershipIds: number[];
  createdAt: Date;
}

export type PracticeValues = Omit<Practice, 'id' | 'organisationName' | 'partnershipIds' | 'createdAt'>;

export interface Resource {
  id: number;
  title: string;
  url: string;
}

/** A school's adoption of a practice, and its trial. */
export interface Adoption {
  id: number;
  practiceId: number;
  practiceTitle: string;
  ownerId: number;
  organisationId: number;
  organisationName: string;
  fromOrganisationId: number | null;
  fromOrganisationName: string | null;
  adapted: string[];
  adaptation: string;
  leadPersonId: number | null;
  leadName: string | null;
  startedOn: string;
  reviewOn: string;
  judgement: Judgement | null;
  judgedOn: string | null;
  judgementNote: string;
}

export interface TrialMeasure {
  indicatorId: number;
  code: string;
  baselinePeriod: string | null;
  baselineValue: number | null;
  reviewPeriod: string | null;
  reviewValue: number | null;
}

/** What a list of practices is narrowed to: words, an area, the owner's phase, who may see them. */
export interface PracticeFilters {
  q?: string;
  area?: string;
  phase?: string;
  /** Only practices with this kind of evidence: an external rating, or trials in Syslead (kept at least once). */
  evidence?: 'external' | 'local' | 'kept';
  /** Only practices owned or taken up by one of these organisations. */
  triedBy?: number[];
}

/** Who may see which practices: everyone signed in sees published ones; these see the rest. */
export interface Sight {
  all: boolean;
  /** Schools whose own and adopted practices the reader sees. */
  organisationIds: number[];
  /** Partnerships the reader is in: practices shown to them. */
  partnershipIds: number[];
}

/** The SQL of the practice library: practices, who sees them, resources, adoptions and trial measures. */
export function createPracticesRepository(db: Db) {
  const practiceColumns = sql`p.id, p.title, p.problem, p.approach, p.organisation_id as "organisationId", o.name as "organisationName",
    p.contact_person_id as "contactPersonId", p.areas, p.eef_strand as "eefStrand", p.eef_impact_months as "eefImpactMonths",
    p.eef_cost as "eefCost", p.eef_evidence as "eefEvidence", p.evidence_note as "evidenceNote", p.published,
    p.source_enquiry_id as "sourceEnquiryId", p.created_at as "createdAt",
    coalesce((select array_agg(pp.partnership_id order by pp.partnership_id) from practice_partnerships pp where pp.practice_id = p.id), '{}') as "partnershipIds"`;
  const adoptionColumns = sql`a.id, a.practice_id as "practiceId", p.title as "practiceTitle", p.organisation_id as "ownerId",
    a.organisation_id as "organisationId", o.name as "organisationName",
    a.from_organisation_id as "fromOrganisationId", f.name as "fromOrganisationName", a.adapted, a.adaptation,
    a.lead_person_id as "leadPersonId", pe.name as "leadName", a.started_on as "startedOn", a.review_on as "reviewOn",
    a.judgement, a.judged_on as "judgedOn", a.judgement_note as "judgementNote"`;
  const adoptionsFrom = sql`practice_adoptions a join practices p on p.id = a.practice_id join organisations o on o.id = a.organisation_id
    left join organisations f on f.id = a.from_organisation_id left join people pe on pe.id = a.lead_person_id`;

  /** Whether a practice (as `p`) is one the reader may see. */
  const seen = (sight: Sight) =>
    sight.all
      ? sql`true`
      : sql`(p.published
          ${sight.organisationIds.length ? sql`or p.organisation_id in (${sql.join(sight.organisationIds)}) or exists (select 1 from practice_adoptions x where x.practice_id = p.id and x.organisation_id in (${sql.join(sight.organisationIds)}))` : sql``}
          ${sight.partnershipIds.length ? sql`or exists (select 1 from practice_partnerships y where y.practice_id = p.id and y.partnership_id in (${sql.join(sight.partnershipIds)}))` : sql``})`;

  const normalise = (p: Practice): Practice => ({ ...p, partnershipIds: p.partnershipIds.map(Number) });

  return {
    async list(sight: Sight, filters: PracticeFilters, limit: number, offset: number) {
      const words = filters.q?.trim();
      const where = sql.join(
        [
          seen(sight),
          words
            ? sql`(p.title ilike ${`%${words}%`} or p.problem ilike ${`%${words}%`} or p.approach ilike ${`%${words}%`})`
            : sql`true`,
          filters.area ? sql`${filters.area} = any(p.areas)` : sql`true`,
          filters.phase ? sql`o.phase = ${filters.phase}` : sql`true`,
          filters.evidence === 'external'
            ? sql`(p.eef_strand <> '' or p.eef_impact_months is not null)`
            : filters.evidence === 'local'
              ? sql`exists (select 1 from practice_adoptions j where j.practice_id = p.id and j.judgement is not null)`
              : filters.evidence === 'kept'
                ? sql`exists (select 1 from practice_adoptions j where j.practice_id = p.id and j.judgement = 'keep')`
                : sql`true`,
          filters.triedBy
            ? filters.triedBy.length
              ? sql`(p.organisation_id in (${sql.join(filters.triedBy)}) or exists (select 1 from practice_adoptions t where t.practice_id = p.id and t.organisation_id in (${sql.join(filters.triedBy)})))`
              : sql`false`
            : sql`true`,
        ],
        sql` and `,
      );
      const { rows } = await sql<Practice & { total: number; adoptions: number; kept: number }>`
        select ${practiceColumns},
          (select count(*)::int from practice_adoptions c where c.practice_id = p.id) as adoptions,
          (select count(*)::int from practice_adoptions k where k.practice_id = p.id and k.judgement = 'keep') as kept,
          count(*) over ()::int as total
        from practices p join organisations o on o.id = p.organisation_id
        where ${where}
        order by p.title, p.id limit ${limit} offset ${offset}`.execute(db);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map(({ total: _total, ...p }) => ({ ...normalise(p), adoptions: p.adoptions, kept: p.kept })),
      };
    },

    async find(id: number): Promise<Practice | undefined> {
      const { rows } = await sql<Practice>`select ${practiceColumns}
        from practices p join organisations o on o.id = p.organisation_id where p.id = ${id}`.execute(db);
      return rows[0] && normalise(rows[0]);
    },

    async isSeen(sight: Sight, id: number): Promise<boolean> {
      const { rows } = await sql`select 1 from practices p where p.id = ${id} and ${seen(sight)}`.execute(db);
      return rows.length > 0;
    },

    async insert(values: PracticeValues & { createdBy: number | null }): Promise<number> {
      const row = await db
        .insertInto('practices')
        .values({
          ...columnsOf(values),
          organisation_id: values.organisationId,
          source_enquiry_id: values.sourceEnquiryId,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id: number, values: Omit<PracticeValues, 'organisationId' | 'sourceEnquiryId'>): Promise<void> {
      await db
        .updateTable('practices')
        .set({ ...columnsOf(values), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async setPartnerships(id: number, partnershipIds: number[]): Promise<void> {
      await db.deleteFrom('practice_partnerships').where('practice_id', '=', id).execute();
      if (partnershipIds.length)
        await db
          .insertInto('practice_partnerships')
          .values(partnershipIds.map((partnership_id) => ({ practice_id: id, partnership_id })))
          .execute();
    },

    async resources(id: number): Promise<Resource[]> {
      return db
        .selectFrom('practice_resources')
        .select(['id', 'title', 'url'])
        .where('practice_id', '=', id)
        .orderBy('id')
        .execute();
    },

    async addResource(id: number, resource: Omit<Resource, 'id'>): Promise<number> {
      const row = await db
        .insertInto('practice_resources')
        .values({ practice_id: id, ...resource })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async removeResource(id: number, resourceId: number): Promise<number> {
      const result = await db
        .deleteFrom('practice_resources')
        .where('practice_id', '=', id)
        .where('id', '=', resourceId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** A practice's adoptions in the order they began. */
    async adoptionsOf(practiceId: number): Promise<Adoption[]> {
      const { rows } = await sql<Adoption>`select ${adoptionColumns} from ${adoptionsFrom}
        where a.practice_id = ${practiceId} order by a.started_on, a.id`.execute(db);
      return rows;
    },

    async findAdoption(id: number): Promise<Adoption | undefined> {
      const { rows } = await sql<Adoption>`select ${adoptionColumns} from ${adoptionsFrom} where a.id = ${id}`.execute(
        db,
      );
      return rows[0];
    },

    /** The adoptions, of practices the reader may see, whose school or practice's owner is among these. */
    async adoptionsAmong(sight: Sight, organisationIds: number[]): Promise<Adoption[]> {
      if (!organisationIds.length) return [];
      const { rows } = await sql<Adoption>`select ${adoptionColumns} from ${adoptionsFrom}
        where ${seen(sight)} and (a.organisation_id in (${sql.join(organisationIds)}) or p.organisation_id in (${sql.join(organisationIds)}))
        order by p.title, a.started_on, a.id`.execute(db);
      return rows;
    },

    /**
     * For a local system's health: every adoption by or of these schools, with the day its
     * practice was written up and whether the audience given may see the practice.
     */
    async adoptionsForHealth(
      organisationIds: number[],
      audience: Sight,
    ): Promise<Array<Adoption & { practiceCreatedAt: Date; seen: boolean }>> {
      if (!organisationIds.length) return [];
      const { rows } = await sql<Adoption & { practiceCreatedAt: Date; seen: boolean }>`select ${adoptionColumns},
          p.created_at as "practiceCreatedAt", ${seen(audience)} as seen
        from ${adoptionsFrom}
        where a.organisation_id in (${sql.join(organisationIds)}) or p.organisation_id in (${sql.join(organisationIds)})
        order by a.started_on, a.id`.execute(db);
      return rows;
    },

    /** Every adoption of the practices the reader may see, for the export. */
    async allAdoptions(sight: Sight): Promise<Adoption[]> {
      const { rows } = await sql<Adoption>`select ${adoptionColumns} from ${adoptionsFrom}
        where ${seen(sight)} order by p.title, a.started_on, a.id`.execute(db);
      return rows;
    },

    /** Trials not yet judged whose review is on or before a day, at these schools (all schools when not given). */
    async reviewsDue(onOrBefore: string, organisationIds?: number[]): Promise<Adoption[]> {
      if (organisationIds && !organisationIds.length) return [];
      const { rows } = await sql<Adoption>`select ${adoptionColumns} from ${adoptionsFrom}
        where a.judgement is null and a.review_on <= ${onOrBefore}
        ${organisationIds ? sql`and a.organisation_id in (${sql.join(organisationIds)})` : sql``}
        order by a.review_on, a.id`.execute(db);
      return rows;
    },

    async insertAdoption(values: {
      practiceId: number;
      organisationId: number;
      fromOrganisationId: number | null;
      adapted: string[];
      adaptation: string;
      leadPersonId: number | null;
      startedOn: string;
      reviewOn: string;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('practice_adoptions')
        .values({
          practice_id: values.practiceId,
          organisation_id: values.organisationId,
          from_organisation_id: values.fromOrganisationId,
          adapted: values.adapted,
          adaptation: values.adaptation,
          lead_person_id: values.leadPersonId,
          started_on: values.startedOn,
          review_on: values.reviewOn,
          judgement: null,
          judged_on: null,
          judged_by: null,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async insertMeasures(
      adoptionId: number,
      measures: Array<Omit<TrialMeasure, 'code' | 'reviewPeriod' | 'reviewValue'>>,
    ) {
      if (measures.length)
        await db
          .insertInto('practice_trial_measures')
          .values(
            measures.map((m) => ({
              adoption_id: adoptionId,
              indicator_id: m.indicatorId,
              baseline_period: m.baselinePeriod,
              baseline_value: m.baselineValue,
              review_period: null,
              review_value: null,
            })),
          )
          .execute();
    },

    async measuresOf(adoptionId: number): Promise<TrialMeasure[]> {
      return db
        .selectFrom('practice_trial_measures as m')
        .innerJoin('indicators as i', 'i.id', 'm.indicator_id')
        .select([
          'm.indicator_id as indicatorId',
          'i.code',
          'm.baseline_period as baselinePeriod',
          'm.baseline_value as baselineValue',
          'm.review_period as reviewPeriod',
          'm.review_value as reviewValue',
        ])
        .where('m.adoption_id', '=', adoptionId)
        .orderBy('i.code')
        .execute();
    },

    async judge(
      adoptionId: number,
      values: { judgement: Judgement; judgedOn: string; note: string; judgedBy: number | null },
      reviewed: Array<{ indicatorId: number; period: string | null; value: number | null }>,
    ): Promise<void> {
      await db
        .updateTable('practice_adoptions')
        .set({
          judgement: values.judgement,
          judged_on: values.judgedOn,
          judgement_note: values.note,
          judged_by: values.judgedBy,
        })
        .where('id', '=', adoptionId)
        .execute();
      for (const r of reviewed)
        await db
          .updateTable('practice_trial_measures')
          .set({ review_period: r.period, review_value: r.value })
          .where('adoption_id', '=', adoptionId)
          .where('indicator_id', '=', r.indicatorId)
          .execute();
    },
  };
}
export type PracticesRepository = ReturnType<typeof createPracticesRepository>;

function columnsOf(values: Omit<PracticeValues, 'organisationId' | 'sourceEnquiryId'>) {
  return {
    title: values.title,
    problem: values.problem,
    approach: values.approach,
    contact_person_id: values.contactPersonId,
    areas: values.areas,
    eef_strand: values.eefStrand,
    eef_impact_months: values.eefImpactMonths,
    eef_cost: values.eefCost,
    eef_evidence: values.eefEvidence,
    evidence_note: values.evidenceNote,
    published: values.published,
  };
}
