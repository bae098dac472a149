import { sql } from 'kysely';
import { createServices } from '../src/services.js';
import { ADMIN } from '../test/test-app.js';
import type { TestDatabase } from '../test/test-database.js';
import { DATA, onEachDatabase, type BenchFile } from './databases.js';
import { medianMs, timed } from './timing.js';

const FILES: BenchFile[] = [
  ['gias-minimal', `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`],
  ['dfe-census', `${DATA}/dfe_school_census_2022-23_and_2018-19/2022-2023_england_census.csv`],
  ['dfe-census', `${DATA}/dfe_school_census_2022-23_and_2018-19/2018-2019_england_census.csv`],
  ['dfe-absence', `${DATA}/dfe_performance_tables_2018-19/england_abs.csv`, '2018/19'],
  ['dfe-ks2', `${DATA}/dfe_performance_tables_2018-19_processed_with_ofsted_latlong/england_ks2final.csv`, '2018/19'],
  ['ofsted', `${DATA}/ofsted_ratings_with_census_2024/school_ofsted_rating.csv`, '2023/24'],
];
const SURVEY_INDICATORS = ['pupils-happy-at-school', 'pupils-feel-safe', 'parents-would-recommend'];
const SURVEY_YEARS = ['2020/21', '2021/22', '2022/23', '2023/24', '2024/25'];

/** Five years of three survey indicators for every open school, generated in the database (the bench's own data, not a product path). */
async function generateSurveyValues(database: TestDatabase) {
  const { indicators } = createServices(database.db);
  await indicators.ensureSoftIndicators(
    SURVEY_INDICATORS.map((code) => ({
      code,
      name: code,
      description: '',
      unit: 'percent',
      kind: 'soft',
      direction: 'higher',
      outcome: null,
      source: 'Voice survey',
      published: false,
      grades: [],
    })),
  );
  await sql`
    insert into indicator_values (indicator_id, period, organisation_id, value, numerator, denominator, respondents, source)
    select i.id, p.period, o.id, 100.0 * k / n, k, n, n, 'bench'
    from organisations o
    cross join (select unnest(${SURVEY_YEARS}::text[]) as period) p
    join indicators i on i.code = any(${SURVEY_INDICATORS}::text[])
    cross join lateral (select 4 + (abs(hashtext(o.id || p.period || i.code)) % 60) as n) size
    cross join lateral (select (abs(hashtext(i.code || o.id || p.period)) % (size.n + 1)) as k) agreed
    where o.kind = 'school' and o.status = 'open'`.execute(database.db);
  await sql`analyze indicator_values`.execute(database.db);
}

/** The same question asked of SQL directly: one aggregate per indicator and period over the scope, no rules, no permissions. */
async function rawAggregate(database: TestDatabase, ids: number[] | null) {
  await sql`
    select v.indicator_id, v.period, count(*), sum(v.value * o.pupils) / nullif(sum(o.pupils), 0),
      percentile_cont(0.5) within group (order by v.value), percentile_cont(0.25) within group (order by v.value), percentile_cont(0.75) within group (order by v.value)
    from indicator_values v join organisations o on o.id = v.organisation_id
    ${ids ? sql`where v.organisation_id = any(${ids}::int[])` : sql``}
    group by 1, 2`.execute(database.db);
}

/** Group results for a 250-school scope and for all of England, against the raw aggregate, on each database. */
export async function benchIndicators() {
  await onEachDatabase(FILES, async (kind, database, { landscape, indicators }, importSeconds) => {
    const [, generateSeconds] = await timed(() => generateSurveyValues(database));
    const loadSeconds = importSeconds + generateSeconds;
    const count = await sql<{ n: number; indicators: number; periods: number }>`
      select count(*) as n, count(distinct indicator_id) as indicators, count(distinct period) as periods from indicator_values`.execute(
      database.db,
    );
    const facts = count.rows[0]!;
    // A network of 250 schools with census results, as a teaching school hub serves (the minimal list carries no local authorities).
    const hub = await landscape.createOrganisation(ADMIN, { kind: 'network', name: 'Bench hub of 250 schools' });
    await sql`
      insert into relationships (type, from_organisation_id, to_organisation_id)
      select 'membership', o.id, ${hub.id}::int from organisations o
      where o.kind = 'school' and exists (select 1 from indicator_values v where v.organisation_id = o.id and v.period = '2022/23')
      order by o.urn limit 250`.execute(database.db);
    const scopeKey = `org:${hub.id}`;
    const scope = await landscape.resolveSelection(ADMIN, scopeKey);
    console.log(
      `${kind}: ${Number(facts.n).toLocaleString('en-GB')} values (${facts.indicators} indicators, ${facts.periods} periods) loaded in ${loadSeconds.toFixed(1)} s`,
    );

    const local = await medianMs(5, () => indicators.groupResults(ADMIN, { scope: scopeKey }));
    const localRaw = await medianMs(5, () => rawAggregate(database, scope.ids));
    console.log(
      `  group results, a network of ${scope.ids.length - 1} schools, every indicator: ${local.toFixed(0)} ms (target under 300 ms); raw SQL aggregate ${localRaw.toFixed(0)} ms; ratio ${(local / localRaw).toFixed(1)}`,
    );

    const [, coldSeconds] = await timed(() => indicators.groupResults(ADMIN, { scope: 'england' }));
    const england = await medianMs(3, () => indicators.groupResults(ADMIN, { scope: 'england' }));
    const englandRaw = await medianMs(3, () => rawAggregate(database, null));
    console.log(
      `  group results, all of England, every indicator: ${england.toFixed(0)} ms (first, with the national benchmark computed: ${(coldSeconds * 1000).toFixed(0)} ms; target under 3 s); raw SQL aggregate ${englandRaw.toFixed(0)} ms; ratio ${(england / englandRaw).toFixed(1)}`,
    );
  });
}
