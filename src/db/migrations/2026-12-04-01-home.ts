import { sql, type Kysely } from 'kysely';

/**
 * What the home page needs to be "for you": when each person last came (so it can say what
 * changed since), which organisations each import carried rows for (so a school hears of the
 * files that touched it), and the day each target of an engagement is to be reviewed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column last_visit_at timestamptz, add column previous_visit_at timestamptz`.execute(
    db,
  );
  await sql`
    create table import_run_organisations (
      run_id integer not null references import_runs(id) on delete cascade,
      organisation_id integer not null references organisations(id) on delete cascade,
      primary key (run_id, organisation_id)
    )`.execute(db);
  await sql`create index import_run_organisations_organisation_idx on import_run_organisations (organisation_id)`.execute(
    db,
  );
  await sql`alter table engagement_measures add column review_on date`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table engagement_measures drop column if exists review_on`.execute(db);
  await sql`drop table if exists import_run_organisations`.execute(db);
  await sql`alter table users drop column if exists last_visit_at, drop column if exists previous_visit_at`.execute(db);
}
