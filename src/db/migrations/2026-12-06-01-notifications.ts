import { sql, type Kysely } from 'kysely';

/**
 * Notifications in the app (each about one thing, told to a person once), each person's choice of
 * which come by email and how often, and the emails waiting for their job or sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notifications (
    id bigserial primary key,
    user_id integer not null references users (id) on delete cascade,
    kind text not null,
    about text not null,
    title text not null,
    body text not null,
    link text not null,
    created_at timestamptz not null default now(),
    read_at timestamptz,
    email text not null default 'none' check (email in ('none', 'waiting', 'queued')),
    unique (user_id, kind, about)
  )`.execute(db);
  await sql`create index notifications_unread on notifications (user_id) where read_at is null`.execute(db);
  await sql`create index notifications_waiting on notifications (user_id) where email = 'waiting'`.execute(db);
  await sql`create table notification_preferences (
    user_id integer not null references users (id) on delete cascade,
    kind text not null,
    email text not null check (email in ('off', 'instant', 'daily')),
    primary key (user_id, kind)
  )`.execute(db);
  await sql`create table outgoing_emails (
    id bigserial primary key,
    about text not null unique,
    to_address text not null,
    subject text not null,
    body text not null,
    created_at timestamptz not null default now(),
    sent_at timestamptz
  )`.execute(db);
}
