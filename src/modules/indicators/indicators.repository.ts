import { sql } from 'kysely';
import { readDataVersion } from '../../db/data-version.js';
import type { Db } from '../../db/database.js';
import { NOT_STATE_FUNDED } from '../landscape/index.js';
import type { EnglandMeaning, IndicatorDefinition } from './indicators.domain.js';

export interface Indicator extends IndicatorDefinition {
  id: number;
}

/**
 * Which values a query may read. Built only by the indicators service's gate (`valueAccess`),
 * which applies publication, sharing agreements and small-number suppression.
 */
export interface ValueFilter {
  indicatorIds: number[];
  periods?: string[];
  /** Only periods from this one on. */
  fromPeriod?: string | null;
  /** Organisations in scope; null for every organisation (England). */
  scopeIds: number[] | null;
  /** With no scope: which organisations England is (state-funded schools unless every one is asked for). */
  england?: EnglandMeaning;
  /** Organisations whose unpublished values the viewer sees one by one ('all' for administrators). */
  visibleUnpublished: number[] | 'all';
  /**
   * Organisations that share a summary with the partnership an aggregate is over: their
   * unpublished values count in that aggregate, never alone, and only when at least
   * `minCohort` of them have a value, so no one value can be worked out from the rest.
   */
  summaryOnly?: number[];
  minCohort?: number;
  minRespondents: number;
}

/** One indicator in one period, aggregated over a set of organisations. */
export interface AggregateRow {
  indicatorId: number;
  period: string;
  members: number;
  total: number;
  withDenominator: number;
  numerator: number | null;
  denominator: number | null;
  weighted: number;
  weightedSum: number | null;
  weightTotal: number | null;
  /** Of the weighted members, those whose pupils came from the register as the census had no count for them. */
  fromRegister: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  withheld: number;
  notShared: number;
}

export interface MemberValue {
  organisationId: number;
  name: string;
  indicatorId: number;
  period: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  respondents: number | null;
  observedOn: string | null;
  source: string;
}

const INDICATOR_COLUMNS = [
  'id',
  'code',
  'name',
  'description',
  'unit',
  'kind',
  'direction',
  'outcome',
  'source',
  'published',
  'grades',
] as const;

type Counted = { inserted: number; updated: number };

/** Whether the organisation of a value (`v`) is a state-funded school (see `NOT_STATE_FUNDED`). */
const stateFunded = sql`exists (select 1 from organisations sf where sf.id = v.organisation_id and sf.kind = 'school'
  and lower(coalesce(sf.type_group, '')) <> all(${NOT_STATE_FUNDED.typeGroups}::text[])
  and lower(coalesce(sf.school_type, '')) <> all(${NOT_STATE_FUNDED.schoolTypes}::text[]))`;

/** The SQL of indicators and their values. */
export function createIndicatorsRepository(db: Db) {
  /** Values of the filter, as SQL conditions on `v` (indicator_values) and `i` (indicators). */
  function valueConditions(filter: ValueFilter) {
    const conditions = [sql`v.indicator_id = any(${filter.indicatorIds}::int[])`];
    if (filter.periods) conditions.push(sql`v.period = any(${filter.periods}::text[])`);
    if (filter.fromPeriod) conditions.push(sql`v.period >= ${filter.fromPeriod}`);
    if (filter.scopeIds) conditions.push(sql`v.organisation_id = any(${filter.scopeIds}::int[])`);
    else if (filter.england === 'state-funded') conditions.push(stateFunded);
    return sql.join(conditions, sql` and `);
  }
  const shown = (filter: ValueFilter) =>
    filter.visibleUnpublished === 'all'
      ? sql`true`
      : sql`(i.published or v.organisation_id = any(${filter.visibleUnpublished}::int[]))`;
  const suppressed = (filter: ValueFilter) =>
    sql`(v.respondents is not null and v.respondents < ${filter.minRespondents})`;
  const summaryOnly = (filter: ValueFilter) => sql`v.organisation_id = any(${filter.summaryOnly ?? []}::int[])`;

  return {
    /** The version of the data (raised by every write, values included), for aggregates kept between writes. */
    dataVersion: () => readDataVersion(db),

    async ensureIndicators(definitions: IndicatorDefinition[]): Promise<void> {
      if (definitions.length === 0) return;
      await db
        .insertInto('indicators')
        .values(definitions.map((d) => ({ ...d })))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    },

    listIndicators(): Promise<Indicator[]> {
      return db.selectFrom('indicators').select(INDICATOR_COLUMNS).orderBy('code').execute() as Promise<Indicator[]>;
    },

    findIndicator(code: string): Promise<Indicator | undefined> {
      return db
        .selectFrom('indicators')
        .select(INDICATOR_COLUMNS)
        .where('code', '=', code)
        .executeTakeFirst() as Promise<Indicator | undefined>;
    },

    async insertIndicator(definition: IndicatorDefinition): Promise<number> {
      const row = await db
        .insertInto('indicators')
        .values({ ...definition })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Lines of a staging table whose URN names no organisation. */
    async unknownUrns(stage: string): Promise<Array<{ line: number; urn: number }>> {
      const result = await sql<{ line: number; urn: number }>`
        select s.line, s.urn from ${sql.table(stage)} s where not exists (select 1 from organisations o where o.urn = s.urn) order by s.line`.execute(
        db,
      );
      return result.rows;
    },

    /** Lines of a long-format staging table naming an indicator not in the catalogue. */
    async unknownCodes(stage: string): Promise<Array<{ line: number; code: string }>> {
      const result = await sql<{ line: number; code: string }>`
        select s.line, s.code from ${sql.table(stage)} s
        where exists (select 1 from organisations o where o.urn = s.urn) and not exists (select 1 from indicators i where i.code = s.code)
        order by s.line`.execute(db);
      return result.rows;
    },

    /**
     * Merges a wide staging table (line, urn, period, observed_on, then v<i>, n<i>, d<i> for each
     * code) into indicator values; counts rows (one school in one period) inserted or updated.
     */
    async mergeWide(stage: string, codes: string[], source: string): Promise<Counted> {
      const measures = sql.join(
        codes.map(
          (code, i) => sql`(${code}::text, ${sql.ref(`s.v${i}`)}, ${sql.ref(`s.n${i}`)}, ${sql.ref(`s.d${i}`)})`,
        ),
      );
      return countChanges(
        db,
        sql`
        insert into indicator_values as t (indicator_id, period, organisation_id, value, numerator, denominator, observed_on, source)
        select i.id, s.period, o.id, x.v, x.n, x.d, s.observed_on, ${source}
        from ${sql.table(stage)} s
        join organisations o on o.urn = s.urn
        cross join lateral (values ${measures}) as x(code, v, n, d)
        join indicators i on i.code = x.code
        where x.v is not null`,
      );
    },

    /** Merges a long staging table (line, urn, code, period, value, numerator, denominator). */
    async mergeLong(stage: string, source: string): Promise<Counted> {
      return countChanges(
        db,
        sql`
        insert into indicator_values as t (indicator_id, period, organisation_id, value, numerator, denominator, observed_on, source)
        select i.id, s.period, o.id, s.value, s.numerator, s.denominator, null, ${source}
        from ${sql.table(stage)} s
        join organisations o on o.urn = s.urn
        join indicators i on i.code = s.code`,
        true,
      );
    },

    /** Staged rows (of a wide table with `count` measures) that hold no value at all. */
    async rowsWithoutValues(stage: string, count: number): Promise<number> {
      const empty = sql.join(
        Array.from({ length: count }, (_, i) => sql`${sql.ref(`v${i}`)} is null`),
        sql` and `,
      );
      const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(stage)} where ${empty}`.execute(db);
      return Number(result.rows[0]?.n ?? 0);
    },

    /** Writes values computed by Syslead itself (survey results), replacing those of the same source. */
    async replaceValues(
      source: string,
      rows: Array<{
        indicatorId: number;
        period: string;
        organisationId: number;
        value: number;
        numerator: number;
        denominator: number;
        respondents: number;
      }>,
    ): Promise<void> {
      await db.deleteFrom('indicator_values').where('source', '=', source).execute();
      if (rows.length === 0) return;
      await db
        .insertInto('indicator_values')
        .values(
          rows.map((r) => ({
            indicator_id: r.indicatorId,
            period: r.period,
            organisation_id: r.organisationId,
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            respondents: r.respondents,
            source,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['indicator_id', 'period', 'organisation_id']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            numerator: eb.ref('excluded.numerator'),
            denominator: eb.ref('excluded.denominator'),
            respondents: eb.ref('excluded.respondents'),
            source: eb.ref('excluded.source'),
            loaded_at: new Date(),
          })),
        )
        .execute();
    },

    /** One aggregate per indicator and period over the filter's organisations, pupil weights from the census of the same year. */
    async aggregate(filter: ValueFilter, pupilsIndicatorId: number | null): Promise<AggregateRow[]> {
      const result = await sql<AggregateRow>`
        with v as (
          select v.indicator_id, v.period, v.value, v.numerator, v.denominator, coalesce(w.value, o.pupils) as weight, (w.value is null) as register,
            ${shown(filter)} as shown, (not ${shown(filter)} and ${summaryOnly(filter)}) as summary, ${suppressed(filter)} as small
          from indicator_values v
          join indicators i on i.id = v.indicator_id
          join organisations o on o.id = v.organisation_id
          left join indicator_values w on w.indicator_id = ${pupilsIndicatorId ?? -1} and w.organisation_id = v.organisation_id and w.period = substr(v.period, 1, 7)
          where ${valueConditions(filter)}
        ), c as (
          select v.*, (shown or (summary and count(*) filter (where summary and not small) over (partition by indicator_id, period) >= ${filter.minCohort ?? 1})) as counted
          from v
        )
        select indicator_id as "indicatorId", period,
          count(*) filter (where counted and not small) as members,
          coalesce(sum(value) filter (where counted and not small), 0) as total,
          count(denominator) filter (where counted and not small and denominator > 0) as "withDenominator",
          sum(numerator) filter (where counted and not small and denominator > 0) as numerator,
          sum(denominator) filter (where counted and not small and denominator > 0) as denominator,
          count(*) filter (where counted and not small and weight > 0) as weighted,
          sum(value * weight) filter (where counted and not small and weight > 0) as "weightedSum",
          sum(weight) filter (where counted and not small and weight > 0) as "weightTotal",
          count(*) filter (where counted and not small and weight > 0 and register) as "fromRegister",
          percentile_cont(0.5) within group (order by value) filter (where counted and not small) as median,
          percentile_cont(0.25) within group (order by value) filter (where counted and not small) as q1,
          percentile_cont(0.75) within group (order by value) filter (where counted and not small) as q3,
          count(*) filter (where counted and small) as withheld,
          count(*) filter (where not counted) as "notShared"
        from c group by indicator_id, period order by indicator_id, period`.execute(db);
      return result.rows.map((r) => ({
        ...r,
        members: Number(r.members),
        withDenominator: Number(r.withDenominator),
        weighted: Number(r.weighted),
        fromRegister: Number(r.fromRegister),
        withheld: Number(r.withheld),
        notShared: Number(r.notShared),
      }));
    },

    /** Each organisation's value in the filter (shown one by one and not suppressed only). */
    async memberValues(filter: ValueFilter): Promise<MemberValue[]> {
      const result = await sql<MemberValue>`
        select v.organisation_id as "organisationId", o.name, v.indicator_id as "indicatorId", v.period, v.value, v.numerator, v.denominator,
          v.respondents, v.observed_on as "observedOn", v.source
        from indicator_values v
        join indicators i on i.id = v.indicator_id
        join organisations o on o.id = v.organisation_id
        where ${valueConditions(filter)} and ${shown(filter)} and not ${suppressed(filter)}
        order by o.name, v.organisation_id, v.period`.execute(db);
      return result.rows;
    },

    /** Each organisation's latest value of one indicator in the filter (shown and not suppressed), its period and the value before. */
    async latestValues(
      filter: ValueFilter,
    ): Promise<Array<{ organisationId: number; value: number; period: string; previous: number | null }>> {
      const result = await sql<{ organisationId: number; value: number; period: string; previous: number | null }>`
        select v.organisation_id as "organisationId", (array_agg(v.value order by v.period desc))[1] as value,
          (array_agg(v.period order by v.period desc))[1] as period, (array_agg(v.value order by v.period desc))[2] as previous
        from indicator_values v
        join indicators i on i.id = v.indicator_id
        where ${valueConditions(filter)} and ${shown(filter)} and not ${suppressed(filter)}
        group by v.organisation_id`.execute(db);
      return result.rows;
    },

    /** Per period, the mean, spread and number of the values in the filter that are shown one by one and not suppressed. */
    async spread(filter: ValueFilter): Promise<Array<{ period: string; mean: number; sd: number | null; n: number }>> {
      const result = await sql<{ period: string; mean: number; sd: number | null; n: number }>`
        select v.period, avg(v.value) as mean, stddev_samp(v.value) as sd, count(*) as n
        from indicator_values v
        join indicators i on i.id = v.indicator_id
        where ${valueConditions(filter)} and ${shown(filter)} and not ${suppressed(filter)}
        group by v.period order by v.period`.execute(db);
      return result.rows.map((r) => ({
        period: r.period,
        mean: Number(r.mean),
        sd: r.sd === null ? null : Number(r.sd),
        n: Number(r.n),
      }));
    },

    /** Every value of one organisation, newest period first, with whether a small count withholds it. */
    async valuesOf(organisationId: number) {
      return db
        .selectFrom('indicator_values as v')
        .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
        .select([
          'v.indicator_id as indicatorId',
          'v.period',
          'v.value',
          'v.numerator',
          'v.denominator',
          'v.respondents',
          'v.observed_on as observedOn',
          'v.source',
          'v.loaded_at as loadedAt',
          'i.published',
        ])
        .where('v.organisation_id', '=', organisationId)
        .orderBy('i.code')
        .orderBy('v.period', 'desc')
        .execute();
    },

    async findGroupSetting(organisationId: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('group_settings')
        .select('member_values')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row?.member_values;
    },

    async saveGroupSetting(organisationId: number, memberValues: string, userId: number | null): Promise<void> {
      await db
        .insertInto('group_settings')
        .values({ organisation_id: organisationId, member_values: memberValues, updated_by: userId })
        .onConflict((oc) =>
          oc
            .column('organisation_id')
            .doUpdateSet({ member_values: memberValues, updated_by: userId, updated_at: new Date() }),
        )
        .execute();
    },
  };
}
export type IndicatorsRepository = ReturnType<typeof createIndicatorsRepository>;

/**
 * Runs an insert of values as an upsert that leaves identical values alone, and counts what it
 * inserted or changed: rows of a wide file (a school in a period), or single values.
 */
async function countChanges(db: Db, insert: ReturnType<typeof sql>, perValue = false): Promise<Counted> {
  const result = await sql<{ inserted: number; updated: number }>`
    with changed as (
      ${insert}
      on conflict (indicator_id, period, organisation_id) do update set
        value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
        observed_on = excluded.observed_on, source = excluded.source, loaded_at = now()
      where (t.value, t.numerator, t.denominator, t.observed_on) is distinct from (excluded.value, excluded.numerator, excluded.denominator, excluded.observed_on)
      returning t.organisation_id, t.period, ${perValue ? sql`t.indicator_id` : sql`0`} as indicator_id, (xmax = 0) as inserted
    ), byRow as (select bool_or(inserted) as inserted from changed group by organisation_id, period, indicator_id)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from byRow`.execute(
    db,
  );
  const row = result.rows[0];
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0) };
}
