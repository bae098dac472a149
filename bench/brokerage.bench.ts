import { sql } from 'kysely';
import { ADMIN } from '../test/test-app.js';
import { DATA, onEachDatabase, type BenchFile } from './databases.js';
import { medianMs } from './timing.js';

const FILES: BenchFile[] = [
  ['gias-minimal', `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`],
  ['dfe-census', `${DATA}/dfe_school_census_2022-23_and_2018-19/2018-2019_england_census.csv`],
  ['dfe-ks2', `${DATA}/dfe_performance_tables_2018-19_processed_with_ofsted_latlong/england_ks2final.csv`, '2018/19'],
];

/** Matching one need against every open school in England, with offers from 2,000 schools, against a plain scan of the same rows. */
export async function benchBrokerage() {
  await onEachDatabase(FILES, async (kind, database, { brokerage }) => {
    // Offers in maths from 2,000 schools spread over the country (every eleventh open school), 1 to 6 days a term.
    await sql`
      insert into offers (organisation_id, area, days_per_term)
      select id, 'maths', 1 + id % 6 from (select id, row_number() over (order by id) as n from organisations where kind = 'school' and status = 'open') s
      where n % 11 = 0 limit 2000`.execute(database.db);
    const seeker = await sql<{ id: number; urn: number }>`
      select o.id, o.urn from organisations o join indicator_values v on v.organisation_id = o.id join indicators i on i.id = v.indicator_id
      where i.code = 'ks2-maths-progress' and v.value < -3 order by o.urn limit 1`.execute(database.db);
    const school = seeker.rows[0]!;
    const open = await sql<{
      n: number;
    }>`select count(*) as n from organisations where kind = 'school' and status = 'open'`.execute(database.db);
    const match = () => brokerage.matches(ADMIN, { organisationId: school.id, area: 'maths' });
    const first = await match();
    const warm = await medianMs(5, match);
    const scan = await medianMs(5, () =>
      sql`select o.id, o.name, o.phase, o.pupils, o.fsm_percent, o.latitude, o.longitude, v.value, f.days_per_term
        from organisations o
        left join indicator_values v on v.organisation_id = o.id and v.indicator_id = (select id from indicators where code = 'ks2-maths-progress')
        left join offers f on f.organisation_id = o.id and f.area = 'maths'
        where o.kind = 'school' and o.status = 'open'`.execute(database.db),
    );
    console.log(
      `${kind}: one need (maths, URN ${school.urn}) against ${Number(open.rows[0]!.n).toLocaleString('en-GB')} open schools, offers from 2,000: ` +
        `${warm.toFixed(0)} ms (target under 300 ms; ${first.matches.length} matches shown); plain scan of the same rows ${scan.toFixed(0)} ms; ratio ${(warm / scan).toFixed(1)}`,
    );
  });
}
