import { sql, type Kysely } from 'kysely';

/**
 * What the public-data importers need: more school facts from GIAS, where a relationship
 * came from (so a re-import updates its own ties and never a person's), links waiting for
 * a school that has not arrived yet (lineage and trust membership), and a natural key for role assignments.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations
    add column type_group text,
    add column town text,
    add column group_type text,
    add column group_id text,
    add column ofsted_rating text,
    add column ofsted_date date`.execute(db);
  await sql`create index organisations_group_name_idx on organisations (kind, lower(name)) where kind in ('academy-trust', 'federation')`.execute(db);

  await sql`alter table relationships
    add column subtype text not null default '',
    add column source text`.execute(db);
  await sql`create unique index relationships_source_key
    on relationships (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null`.execute(db);

  await sql`
    create table pending_links (
      urn integer not null,
      link_urn integer not null,
      subtype text not null,
      link_date date,
      primary key (urn, link_urn, subtype)
    )`.execute(db);

  await sql`
    create table pending_memberships (
      urn integer not null,
      group_uid text not null,
      source text not null,
      primary key (urn, group_uid)
    )`.execute(db);

  await sql`create unique index role_assignments_identity
    on role_assignments (person_id, role_code, organisation_id, coalesce(start_date, '0001-01-01'::date))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists role_assignments_identity`.execute(db);
  await sql`drop table if exists pending_memberships`.execute(db);
  await sql`drop table if exists pending_links`.execute(db);
  await sql`drop index if exists relationships_source_key`.execute(db);
  await sql`alter table relationships drop column if exists source, drop column if exists subtype`.execute(db);
  await sql`drop index if exists organisations_group_name_idx`.execute(db);
  await sql`alter table organisations drop column if exists type_group, drop column if exists town, drop column if exists group_type, drop column if exists group_id,
    drop column if exists ofsted_rating, drop column if exists ofsted_date`.execute(db);
}
