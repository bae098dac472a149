import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.js';

export interface MergeCounts {
  inserted: number;
  updated: number;
}

/** The school columns an importer may provide, and how each is written from the staging row `s`. */
export const SCHOOL_COLUMNS = {
  name: sql`s.name`,
  kind: sql`s.kind`,
  local_authority_id: sql`la.id`,
  school_type: sql`s.school_type`,
  type_group: sql`s.type_group`,
  status: sql`s.status`,
  opened_on: sql`s.opened_on`,
  closed_on: sql`s.closed_on`,
  phase: sql`s.phase`,
  pupils: sql`s.pupils`,
  fsm_percent: sql`s.fsm_percent`,
  postcode: sql`s.postcode`,
  town: sql`s.town`,
  website: sql`s.website`,
  ofsted_rating: sql`s.ofsted_rating`,
  ofsted_date: sql`s.ofsted_date`,
  latitude: sql`s.latitude`,
  longitude: sql`s.longitude`,
} satisfies Record<string, RawBuilder<unknown>>;
export type SchoolColumn = keyof typeof SCHOOL_COLUMNS;

async function counts(query: RawBuilder<{ inserted: number; updated: number }>, db: Db): Promise<MergeCounts> {
  const row = (await query.execute(db)).rows[0];
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0) };
}

/** Counts the rows a data-changing statement returned as inserted (xmax = 0) or updated. */
function counted(statement: RawBuilder<unknown>) {
  return sql<{ inserted: number; updated: number }>`
    with changed as (${statement} returning (xmax = 0) as inserted)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from changed`;
}

/** The JSON of the columns whose value differs between a row before (`o`) and after (`c`), as it was on `side`. */
function differing(columns: string[], side: 'o' | 'c') {
  return sql.raw(
    columns
      .map(
        (col) =>
          `case when o.${col} is distinct from c.${col} then jsonb_build_object('${col}', ${side}.${col}) else '{}'::jsonb end`,
      )
      .join(' || '),
  );
}

/**
 * Runs a statement writing organisations (without its returning clause) and records in the run's
 * changes each organisation it added, or updated with the fields it changed, before and after;
 * counts them. The organisations joined as `o` are as they were before the statement: every part
 * of one statement reads the same snapshot.
 */
function recordedOrganisations(statement: RawBuilder<unknown>, columns: string[], runId: number) {
  const returned = sql.raw([...new Set(['urn', 'name', 'status', ...columns])].join(', '));
  return sql<{ inserted: number; updated: number }>`
    with changed as (${statement} returning id, (xmax = 0) as inserted, ${returned}),
    recorded as (
      insert into import_changes (run_id, subject, row_key, action, change, name, urn, before, after)
      select ${runId}::int, 'organisation', c.id::text, case when c.inserted then 'insert' else 'update' end,
        case when c.inserted then 'added' when c.status = 'closed' and o.status <> 'closed' then 'closed' else 'updated' end,
        c.name, c.urn,
        case when not c.inserted then jsonb_build_object('updated_at', o.updated_at) || ${differing(columns, 'o')} end,
        case when not c.inserted then ${differing(columns, 'c')} end
      from changed c left join organisations o on not c.inserted and o.id = c.id)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from changed`;
}

/**
 * Runs a statement writing relationships (without its returning clause) and records each tie it
 * added (as `added`) or changed (as `changed`, with the `columns` it changed); counts them. An
 * upsert tells its inserts by `xmax = 0`; a plain update (`updates`) inserts nothing.
 */
function recordedRelationships(
  statement: RawBuilder<unknown>,
  columns: string[],
  runId: number,
  kinds: { added: string; changed: string },
  updates = false,
) {
  const inserted = updates ? sql`false` : sql`(xmax = 0)`;
  return sql<{ inserted: number; updated: number }>`
    with changed as (${statement} returning id, ${inserted} as inserted, from_organisation_id, to_organisation_id, ${sql.raw(columns.join(', '))}),
    recorded as (
      insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name, before, after)
      select ${runId}::int, 'relationship', c.id::text, case when c.inserted then 'insert' else 'update' end,
        case when c.inserted then ${kinds.added}::text else ${kinds.changed}::text end, f.name, f.urn, t.name,
        case when not c.inserted then jsonb_build_object('updated_at', o.updated_at) || ${differing(columns, 'o')} end,
        case when not c.inserted then ${differing(columns, 'c')} end
      from changed c
      join organisations f on f.id = c.from_organisation_id
      join organisations t on t.id = c.to_organisation_id
      left join relationships o on not c.inserted and o.id = c.id)
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from changed`;
}

/**
 * SQL of the landscape's importers: set-based merges of what was staged into the landscape, each
 * recording what it changed among the changes of the import's run (`runId`). Every function runs
 * inside the import's one transaction.
 */
export function createLandscapeMergeRepository(db: Db, runId: number) {
  return {
    /** Local authorities named in staged schools, keyed on their code. */
    mergeLocalAuthorities(): Promise<MergeCounts> {
      return counts(
        recordedOrganisations(
          sql`
          insert into organisations (kind, name, la_code, status)
          select distinct on (la_code) 'local-authority', coalesce(la_name, 'Local authority ' || la_code), la_code, 'open'
          from stage_schools where la_code is not null order by la_code, line desc
          on conflict (la_code) where kind = 'local-authority'
          do update set name = excluded.name, updated_at = now()
          where organisations.name is distinct from excluded.name and excluded.name <> 'Local authority ' || excluded.la_code`,
          ['name'],
          runId,
        ),
        db,
      );
    },

    /** Schools keyed on URN: inserts new ones, updates only the given columns where they changed. */
    mergeSchools(columns: SchoolColumn[]): Promise<MergeCounts> {
      const names = sql.raw(columns.join(', '));
      const values = sql.join(columns.map((c) => SCHOOL_COLUMNS[c]));
      const updatable = columns.filter((c) => c !== 'kind');
      const sets = sql.raw(updatable.map((c) => `${c} = excluded.${c}`).join(', '));
      const before = sql.raw(updatable.map((c) => `organisations.${c}`).join(', '));
      const after = sql.raw(updatable.map((c) => `excluded.${c}`).join(', '));
      const laJoin = columns.includes('local_authority_id')
        ? sql`left join organisations la on la.kind = 'local-authority' and la.la_code = s.la_code`
        : sql``;
      return counts(
        recordedOrganisations(
          sql`
          insert into organisations (urn, ${names})
          select s.urn, ${values} from stage_schools s ${laJoin}
          on conflict (urn) do update set ${sets}, updated_at = now()
          where (${before}) is distinct from (${after})`,
          updatable,
          runId,
        ),
        db,
      );
    },

    /**
     * Trusts or federations named by staged schools (by GIAS code where given, else by name),
     * and each school's membership of them; a membership no longer listed is ended today.
     */
    async mergeGroupsOfSchools(
      kind: 'academy-trust' | 'federation',
      prefix: 'trust' | 'federation',
      source: string,
    ): Promise<MergeCounts & { memberships: number; ended: number }> {
      const uid = sql.raw(`${prefix}_uid`);
      const name = sql.raw(`${prefix}_name`);
      const groups = await counts(
        recordedOrganisations(
          sql`
          insert into organisations (kind, name, group_uid, status)
          select distinct on (${uid}) ${kind}, ${name}, ${uid}, 'open' from stage_schools
          where ${uid} is not null order by ${uid}, line desc
          on conflict (group_uid) where group_uid is not null
          do update set name = excluded.name, updated_at = now() where organisations.name is distinct from excluded.name`,
          ['name'],
          runId,
        ),
        db,
      );
      const byName = await counts(
        recordedOrganisations(
          sql`
          insert into organisations (kind, name, status)
          select distinct on (lower(s.${name})) ${kind}, s.${name}, 'open' from stage_schools s
          where s.${uid} is null and s.${name} is not null
            and not exists (select 1 from organisations o where o.kind = ${kind} and lower(o.name) = lower(s.${name}))
          order by lower(s.${name}), s.line desc`,
          ['name'],
          runId,
        ),
        db,
      );
      await sql`
        create temp table stage_members on commit drop as
        select distinct school.id as school_id, g.id as group_id, case when s.type_group in ('Academies', 'Free Schools') then s.opened_on end as since
        from stage_schools s
        join organisations school on school.urn = s.urn
        join lateral (
          select o.id from organisations o
          where (s.${uid} is not null and o.group_uid = s.${uid})
             or (s.${uid} is null and o.kind = ${kind} and lower(o.name) = lower(s.${name}))
          order by o.id limit 1) g on true
        where s.${uid} is not null or s.${name} is not null`.execute(db);
      const memberships = await counts(
        recordedRelationships(
          sql`
          insert into relationships (type, from_organisation_id, to_organisation_id, subtype, source, start_date)
          select 'membership', school_id, group_id, '', ${source}, since from stage_members
          on conflict (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null
          do update set end_date = null, updated_at = now() where relationships.end_date is not null`,
          ['end_date'],
          runId,
          { added: 'membership-begun', changed: 'membership-resumed' },
        ),
        db,
      );
      const ended = await counts(
        recordedRelationships(
          sql`
          update relationships set end_date = current_date, updated_at = now()
          where source = ${source} and type = 'membership' and end_date is null
            and to_organisation_id in (select g.id from organisations g where g.kind = ${kind})
            and from_organisation_id in (select school.id from stage_schools s join organisations school on school.urn = s.urn)
            and not exists (select 1 from stage_members m
              where m.school_id = relationships.from_organisation_id and m.group_id = relationships.to_organisation_id)`,
          ['end_date'],
          runId,
          { added: 'membership-ended', changed: 'membership-ended' },
          true,
        ),
        db,
      );
      await sql`drop table stage_members`.execute(db);
      return {
        inserted: groups.inserted + byName.inserted,
        updated: groups.updated,
        memberships: memberships.inserted + memberships.updated,
        ended: ended.updated,
      };
    },

    /** Lineage links between schools; a link to a school not yet known waits in pending_links. */
    async mergeLinks(source: string): Promise<MergeCounts & { distinct: number; pending: number }> {
      await sql`
        create temp table stage_link_ends on commit drop as
        select l.*, f.id as from_id, t.id as to_id from (
          select distinct on (from_urn, to_urn, subtype) from_urn, to_urn, subtype, link_date from stage_links
          order by from_urn, to_urn, subtype, link_date nulls last) l
        left join organisations f on f.urn = l.from_urn
        left join organisations t on t.urn = l.to_urn`.execute(db);
      const linked = await counts(
        recordedRelationships(
          sql`
          insert into relationships (type, from_organisation_id, to_organisation_id, subtype, start_date, source)
          select 'lineage', from_id, to_id, subtype, link_date, ${source} from stage_link_ends where from_id is not null and to_id is not null
          on conflict (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null
          do update set start_date = excluded.start_date, updated_at = now() where relationships.start_date is distinct from excluded.start_date`,
          ['start_date'],
          runId,
          { added: 'tie-added', changed: 'tie-changed' },
        ),
        db,
      );
      const pending = await counts(
        sql<{ inserted: number; updated: number }>`
          with changed as (
            insert into pending_links (urn, link_urn, subtype, link_date)
            select from_urn, to_urn, subtype, link_date from stage_link_ends where from_id is null or to_id is null
            on conflict (urn, link_urn, subtype) do update set link_date = excluded.link_date
            where pending_links.link_date is distinct from excluded.link_date
            returning urn, link_urn, subtype, link_date, (xmax = 0) as inserted),
          recorded as (
            insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name, before, after)
            select ${runId}::int, 'pending-link', concat_ws('|', c.urn, c.link_urn, c.subtype), case when c.inserted then 'insert' else 'update' end,
              case when c.inserted then 'waiting-added' else 'waiting-changed' end,
              coalesce(f.name, 'URN ' || c.urn), c.urn, coalesce(t.name, 'URN ' || c.link_urn),
              case when not c.inserted then jsonb_build_object('link_date', o.link_date) end,
              case when not c.inserted then jsonb_build_object('link_date', c.link_date) end
            from changed c
            left join organisations f on f.urn = c.urn
            left join organisations t on t.urn = c.link_urn
            left join pending_links o on not c.inserted and (o.urn, o.link_urn, o.subtype) = (c.urn, c.link_urn, c.subtype))
          select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from changed`,
        db,
      );
      const total = await sql<{ distinct: number; pending: number }>`
        select count(*) as distinct, count(*) filter (where from_id is null or to_id is null) as pending from stage_link_ends`.execute(
        db,
      );
      await sql`drop table stage_link_ends`.execute(db);
      return {
        inserted: linked.inserted + pending.inserted,
        updated: linked.updated + pending.updated,
        distinct: Number(total.rows[0]?.distinct ?? 0),
        pending: Number(total.rows[0]?.pending ?? 0),
      };
    },

    /** Trusts from DfE performance tables keyed on GIAS UID, with memberships of their listed academies. */
    async mergeTrusts(source: string): Promise<MergeCounts & { memberships: number; pending: number }> {
      const trusts = await counts(
        recordedOrganisations(
          sql`
          insert into organisations (kind, name, group_uid, group_id, group_type, status)
          select distinct on (uid) 'academy-trust', name, uid, chain_id, group_type, 'open' from stage_trusts order by uid, line desc
          on conflict (group_uid) where group_uid is not null
          do update set name = excluded.name, group_id = excluded.group_id, group_type = excluded.group_type, updated_at = now()
          where (organisations.name, organisations.group_id, organisations.group_type) is distinct from (excluded.name, excluded.group_id, excluded.group_type)`,
          ['name', 'group_id', 'group_type'],
          runId,
        ),
        db,
      );
      await sql`
        create temp table stage_trust_members on commit drop as
        select distinct t.uid, u.urn, g.id as group_id, g.name as group_name, school.id as school_id
        from stage_trusts t cross join lateral unnest(t.urns) as u(urn)
        join organisations g on g.group_uid = t.uid
        left join organisations school on school.urn = u.urn`.execute(db);
      const members = await counts(
        recordedRelationships(
          sql`
          insert into relationships (type, from_organisation_id, to_organisation_id, subtype, source)
          select 'membership', school_id, group_id, '', ${source} from stage_trust_members where school_id is not null
          on conflict (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null
          do update set end_date = null, updated_at = now() where relationships.end_date is not null`,
          ['end_date'],
          runId,
          { added: 'membership-begun', changed: 'membership-resumed' },
        ),
        db,
      );
      const pending = await sql<{ n: number }>`
        with added as (
          insert into pending_memberships (urn, group_uid, source)
          select urn, uid, ${source} from stage_trust_members where school_id is null
          on conflict (urn, group_uid) do nothing returning urn, group_uid),
        recorded as (
          insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name)
          select distinct on (a.urn, a.group_uid) ${runId}::int, 'pending-membership', concat_ws('|', a.urn, a.group_uid), 'insert', 'waiting-added',
            'URN ' || a.urn, a.urn, m.group_name
          from added a join stage_trust_members m on m.urn = a.urn and m.uid = a.group_uid
          order by a.urn, a.group_uid)
        select count(*) as n from added`.execute(db);
      await sql`drop table stage_trust_members`.execute(db);
      return { ...trusts, memberships: members.inserted + members.updated, pending: Number(pending.rows[0]?.n ?? 0) };
    },

    /** Turns waiting links and memberships into relationships once both ends are known. */
    async resolvePending(): Promise<number> {
      const links = await sql<{ n: number }>`
        with ready as (
          delete from pending_links p using organisations f, organisations t
          where f.urn = p.urn and t.urn = p.link_urn
          returning p.urn, p.link_urn, p.subtype, p.link_date, f.id as from_id, t.id as to_id, f.name as from_name, t.name as to_name),
        added as (
          insert into relationships (type, from_organisation_id, to_organisation_id, subtype, start_date, source)
          select 'lineage', from_id, to_id, subtype, link_date, 'gias-links' from ready
          on conflict (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null do nothing
          returning id, from_organisation_id, to_organisation_id),
        resolved as (
          insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name, before)
          select ${runId}::int, 'pending-link', concat_ws('|', urn, link_urn, subtype), 'delete', 'waiting-resolved', from_name, urn, to_name,
            jsonb_build_object('urn', urn, 'link_urn', link_urn, 'subtype', subtype, 'link_date', link_date)
          from ready),
        recorded as (
          insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name)
          select ${runId}::int, 'relationship', a.id::text, 'insert', 'tie-added', f.name, f.urn, t.name
          from added a join organisations f on f.id = a.from_organisation_id join organisations t on t.id = a.to_organisation_id)
        select count(*) as n from added`.execute(db);
      const memberships = await sql<{ n: number }>`
        with ready as (
          delete from pending_memberships p using organisations school, organisations g
          where school.urn = p.urn and g.group_uid = p.group_uid
          returning p.urn, p.group_uid, p.source, school.id as school_id, g.id as group_id, school.name as school_name, g.name as group_name),
        added as (
          insert into relationships (type, from_organisation_id, to_organisation_id, subtype, source)
          select 'membership', school_id, group_id, '', source from ready
          on conflict (source, type, from_organisation_id, to_organisation_id, subtype) where source is not null do nothing
          returning id, from_organisation_id, to_organisation_id),
        resolved as (
          insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name, before)
          select ${runId}::int, 'pending-membership', concat_ws('|', urn, group_uid), 'delete', 'waiting-resolved', school_name, urn, group_name,
            jsonb_build_object('urn', urn, 'group_uid', group_uid, 'source', source)
          from ready),
        recorded as (
          insert into import_changes (run_id, subject, row_key, action, change, name, urn, other_name)
          select ${runId}::int, 'relationship', a.id::text, 'insert', 'membership-begun', f.name, f.urn, t.name
          from added a join organisations f on f.id = a.from_organisation_id join organisations t on t.id = a.to_organisation_id)
        select count(*) as n from added`.execute(db);
      return Number(links.rows[0]?.n ?? 0) + Number(memberships.rows[0]?.n ?? 0);
    },

    /** Staged role rows whose school or role is unknown, with the reason. */
    async roleRejects(): Promise<Array<{ line: number; reason: string }>> {
      const rows = await sql<{ line: number; urn: number; role: string; known_school: boolean; known_role: boolean }>`
        select s.line, s.urn, s.role, o.id is not null as known_school, r.code is not null as known_role
        from stage_roles s left join organisations o on o.urn = s.urn left join roles r on r.code = s.role
        where o.id is null or r.code is null order by s.line`.execute(db);
      return rows.rows.map((r) => ({
        line: r.line,
        reason: [
          r.known_school ? '' : `URN ${r.urn} is not a known school`,
          r.known_role ? '' : `"${r.role}" is not a role code of the taxonomy`,
        ]
          .filter(Boolean)
          .join('; '),
      }));
    },

    /** People keyed on the importer's reference, and their role assignments, from valid staged rows. */
    async mergeRoles(): Promise<MergeCounts & { people: MergeCounts }> {
      await sql`delete from stage_roles s where not exists (select 1 from organisations o where o.urn = s.urn) or not exists (select 1 from roles r where r.code = s.role)`.execute(
        db,
      );
      const people = await counts(
        counted(sql`
          insert into people (person_ref, name, organisation_id)
          select distinct on (s.person_ref) s.person_ref, s.person_name, o.id from stage_roles s join organisations o on o.urn = s.urn
          order by s.person_ref, s.line desc
          on conflict (person_ref) do update set name = excluded.name, updated_at = now() where people.name is distinct from excluded.name`),
        db,
      );
      const assignments = await counts(
        counted(sql`
          insert into role_assignments (person_id, role_code, organisation_id, start_date, end_date)
          select distinct on (p.id, s.role, o.id, s.start_date) p.id, s.role, o.id, s.start_date, s.end_date
          from stage_roles s join people p on p.person_ref = s.person_ref join organisations o on o.urn = s.urn
          order by p.id, s.role, o.id, s.start_date, s.line desc
          on conflict (person_id, role_code, organisation_id, coalesce(start_date, '0001-01-01'::date))
          do update set end_date = excluded.end_date, updated_at = now() where role_assignments.end_date is distinct from excluded.end_date`),
        db,
      );
      return { ...assignments, people };
    },
  };
}

export type LandscapeMergeRepository = ReturnType<typeof createLandscapeMergeRepository>;
