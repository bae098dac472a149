import { sql, type Kysely } from 'kysely';

/**
 * The outbox of events (each written with its audit entry, in the write's transaction) and the
 * deliveries of each event to each handler; an upload kept in the database until its import job
 * runs, so any process can run it; the progress of an import; and reports kept per version of the data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table event_outbox (
    id bigserial primary key,
    name text not null,
    payload jsonb not null,
    recorded_at timestamptz not null default now(),
    delivered_at timestamptz
  )`.execute(db);
  await sql`create index event_outbox_waiting on event_outbox (id) where delivered_at is null`.execute(db);
  await sql`create table event_deliveries (
    event_id bigint not null references event_outbox (id) on delete cascade,
    handler text not null,
    handled_at timestamptz not null default now(),
    primary key (event_id, handler)
  )`.execute(db);
  await sql`alter table import_runs
    add column state text not null default 'done',
    add column period text,
    add column phase text,
    add column finished_at timestamptz`.execute(db);
  await sql`create table import_uploads (
    run_id integer not null references import_runs (id) on delete cascade,
    part integer not null,
    content bytea not null,
    primary key (run_id, part)
  )`.execute(db);
  await sql`create table kept_reports (
    key text primary key,
    data_version integer not null,
    computed_at timestamptz not null default now(),
    report jsonb not null
  )`.execute(db);
}
