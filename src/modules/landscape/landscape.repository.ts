import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AssignmentFact } from './landscape.report.js';
import type { OrganisationsTable } from './landscape.table.js';

export interface Organisation {
  id: number;
  kind: string;
  name: string;
  urn: number | null;
  laCode: string | null;
  groupUid: string | null;
  localAuthorityId: number | null;
  localAuthorityName: string | null;
  phase: string | null;
  schoolType: string | null;
  status: string;
  openedOn: string | null;
  closedOn: string | null;
  pupils: number | null;
  fsmPercent: number | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  website: string | null;
  description: string | null;
  town: string | null;
  typeGroup: string | null;
  groupId: string | null;
  groupType: string | null;
  ofstedRating: string | null;
  ofstedDate: string | null;
}

export interface Person {
  id: number;
  name: string;
  email: string | null;
  jobTitle: string | null;
  organisationId: number | null;
  organisationName: string | null;
  personRef: string | null;
}

export interface Role {
  code: string;
  name: string;
  description: string;
  origin: string;
  category: number | null;
  strand: number | null;
  currentAssignments: number;
}

export interface RoleAssignment {
  id: number;
  personId: number;
  personName: string;
  roleCode: string;
  roleName: string;
  organisationId: number;
  organisationName: string;
  startDate: string | null;
  endDate: string | null;
}

export interface Relationship {
  id: number;
  type: string;
  fromOrganisationId: number;
  fromOrganisationName: string;
  fromOrganisationKind: string;
  toOrganisationId: number;
  toOrganisationName: string;
  toOrganisationKind: string;
  startDate: string | null;
  endDate: string | null;
  note: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/** Column values of an organisation as the service hands them over (camelCase, null clears). */
export type OrganisationValues = Partial<Omit<Organisation, 'id' | 'localAuthorityName'>>;
export type PersonValues = Partial<Omit<Person, 'id' | 'organisationName'>>;
export type RoleAssignmentValues = Partial<
  Pick<RoleAssignment, 'personId' | 'roleCode' | 'organisationId' | 'startDate' | 'endDate'>
>;
export type RelationshipValues = Partial<
  Pick<Relationship, 'type' | 'fromOrganisationId' | 'toOrganisationId' | 'startDate' | 'endDate' | 'note'>
>;

const ORGANISATION_COLUMNS: Record<keyof OrganisationValues, keyof OrganisationsTable> = {
  kind: 'kind',
  name: 'name',
  urn: 'urn',
  laCode: 'la_code',
  groupUid: 'group_uid',
  localAuthorityId: 'local_authority_id',
  phase: 'phase',
  schoolType: 'school_type',
  status: 'status',
  openedOn: 'opened_on',
  closedOn: 'closed_on',
  pupils: 'pupils',
  fsmPercent: 'fsm_percent',
  postcode: 'postcode',
  latitude: 'latitude',
  longitude: 'longitude',
  website: 'website',
  description: 'description',
  town: 'town',
  typeGroup: 'type_group',
  groupId: 'group_id',
  groupType: 'group_type',
  ofstedRating: 'ofsted_rating',
  ofstedDate: 'ofsted_date',
};

function toColumns<V extends object>(values: V, columns: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && key in columns) row[columns[key]!] = value;
  }
  return row;
}

const PERSON_COLUMNS = {
  name: 'name',
  email: 'email',
  jobTitle: 'job_title',
  organisationId: 'organisation_id',
  personRef: 'person_ref',
};
const ASSIGNMENT_COLUMNS = {
  personId: 'person_id',
  roleCode: 'role_code',
  organisationId: 'organisation_id',
  startDate: 'start_date',
  endDate: 'end_date',
};
const RELATIONSHIP_COLUMNS = {
  type: 'type',
  fromOrganisationId: 'from_organisation_id',
  toOrganisationId: 'to_organisation_id',
  startDate: 'start_date',
  endDate: 'end_date',
  note: 'note',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function offsetOf(page: number, perPage: number) {
  return (page - 1) * perPage;
}

/** SQL for organisations, people, roles, role assignments and relationships. */
export function createLandscapeRepository(db: Db) {
  /** The organisations that are members of one on a day (by membership ties). */
  async function membersOf(organisationId: number, onDate: string): Promise<number[]> {
    const members = await db
      .selectFrom('relationships')
      .select('from_organisation_id as id')
      .where('type', '=', 'membership')
      .where('to_organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', onDate)]))
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
      .execute();
    return [...new Set(members.map((m) => m.id))];
  }

  function selectOrganisations() {
    return db
      .selectFrom('organisations as o')
      .leftJoin('organisations as la', 'la.id', 'o.local_authority_id')
      .select([
        'o.id',
        'o.kind',
        'o.name',
        'o.urn',
        'o.la_code as laCode',
        'o.group_uid as groupUid',
        'o.local_authority_id as localAuthorityId',
        'la.name as localAuthorityName',
        'o.phase',
        'o.school_type as schoolType',
        'o.status',
        'o.opened_on as openedOn',
        'o.closed_on as closedOn',
        'o.pupils',
        'o.fsm_percent as fsmPercent',
        'o.postcode',
        'o.latitude',
        'o.longitude',
        'o.website',
        'o.description',
        'o.town',
        'o.type_group as typeGroup',
        'o.group_id as groupId',
        'o.group_type as groupType',
        'o.ofsted_rating as ofstedRating',
        'o.ofsted_date as ofstedDate',
      ]);
  }

  function selectPeople() {
    return db
      .selectFrom('people as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select([
        'p.id',
        'p.name',
        'p.email',
        'p.job_title as jobTitle',
        'p.organisation_id as organisationId',
        'o.name as organisationName',
        'p.person_ref as personRef',
      ]);
  }

  function selectAssignments() {
    return db
      .selectFrom('role_assignments as ra')
      .innerJoin('people as p', 'p.id', 'ra.person_id')
      .innerJoin('roles as r', 'r.code', 'ra.role_code')
      .innerJoin('organisations as o', 'o.id', 'ra.organisation_id')
      .select([
        'ra.id',
        'ra.person_id as personId',
        'p.name as personName',
        'ra.role_code as roleCode',
        'r.name as roleName',
        'ra.organisation_id as organisationId',
        'o.name as organisationName',
        'ra.start_date as startDate',
        'ra.end_date as endDate',
      ]);
  }

  function selectRelationships() {
    return db
      .selectFrom('relationships as rel')
      .innerJoin('organisations as f', 'f.id', 'rel.from_organisation_id')
      .innerJoin('organisations as t', 't.id', 'rel.to_organisation_id')
      .select([
        'rel.id',
        'rel.type',
        'rel.from_organisation_id as fromOrganisationId',
        'f.name as fromOrganisationName',
        'f.kind as fromOrganisationKind',
        'rel.to_organisation_id as toOrganisationId',
        't.name as toOrganisationName',
        't.kind as toOrganisationKind',
        'rel.start_date as startDate',
        'rel.end_date as endDate',
        'rel.note',
      ]);
  }

  return {
    async listOrganisations(filter: {
      q?: string;
      kind?: string;
      phase?: string;
      la?: string;
      status?: string;
      page: number;
      perPage: number;
    }): Promise<Page<Organisation>> {
      let query = selectOrganisations();
      if (filter.q) {
        const q = filter.q.trim();
        const urn = /^\d{6}$/.test(q) ? Number(q) : undefined;
        query = query.where((eb) => {
          const byName = eb(eb.fn('lower', ['o.name']), 'like', `%${escapeLike(q.toLowerCase())}%`);
          return urn === undefined ? byName : eb.or([byName, eb('o.urn', '=', urn)]);
        });
      }
      if (filter.kind) query = query.where('o.kind', '=', filter.kind);
      if (filter.phase) query = query.where('o.phase', '=', filter.phase);
      if (filter.status) query = query.where('o.status', '=', filter.status);
      if (filter.la) {
        const la = filter.la;
        query = query.where((eb) =>
          eb.or([eb('la.la_code', '=', la), eb.and([eb('o.kind', '=', 'local-authority'), eb('o.la_code', '=', la)])]),
        );
      }
      const { total } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const items = await query
        .orderBy(sql`lower(o.name)`)
        .orderBy('o.id')
        .limit(filter.perPage)
        .offset(offsetOf(filter.page, filter.perPage))
        .execute();
      return { items, total: Number(total), page: filter.page, perPage: filter.perPage };
    },

    findOrganisation(id: number): Promise<Organisation | undefined> {
      return selectOrganisations().where('o.id', '=', id).executeTakeFirst();
    },

    findOrganisationsByIds(ids: number[]): Promise<Organisation[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return selectOrganisations().where('o.id', 'in', ids).execute();
    },

    async findOrganisationIdByKey(key: {
      urn?: number;
      laCode?: string;
      groupUid?: string;
    }): Promise<number | undefined> {
      let query = db.selectFrom('organisations').select('id');
      if (key.urn !== undefined) query = query.where('urn', '=', key.urn);
      else if (key.laCode !== undefined)
        query = query.where('kind', '=', 'local-authority').where('la_code', '=', key.laCode);
      else if (key.groupUid !== undefined) query = query.where('group_uid', '=', key.groupUid);
      else return undefined;
      return (await query.executeTakeFirst())?.id;
    },

    async insertOrganisation(values: OrganisationValues): Promise<number> {
      const row = await db
        .insertInto('organisations')
        .values(toColumns(values, ORGANISATION_COLUMNS) as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateOrganisation(id: number, values: OrganisationValues): Promise<void> {
      await db
        .updateTable('organisations')
        .set({ ...toColumns(values, ORGANISATION_COLUMNS), updated_at: new Date() } as never)
        .where('id', '=', id)
        .execute();
    },

    async countByKind(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('organisations')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('kind')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },

    async listLocalAuthorities(): Promise<Array<{ id: number; name: string; laCode: string | null }>> {
      return db
        .selectFrom('organisations')
        .select(['id', 'name', 'la_code as laCode'])
        .where('kind', '=', 'local-authority')
        .orderBy('name')
        .execute();
    },

    async listPeople(filter: {
      q?: string;
      organisationId?: number;
      role?: string;
      page: number;
      perPage: number;
    }): Promise<Page<Person>> {
      let query = selectPeople();
      if (filter.q)
        query = query.where(sql<SqlBool>`lower(p.name) like ${`%${escapeLike(filter.q.trim().toLowerCase())}%`}`);
      if (filter.organisationId) query = query.where('p.organisation_id', '=', filter.organisationId);
      if (filter.role) {
        const role = filter.role;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('role_assignments as ra')
              .select('ra.id')
              .whereRef('ra.person_id', '=', 'p.id')
              .where('ra.role_code', '=', role),
          ),
        );
      }
      const { total } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const items = await query
        .orderBy(sql`lower(p.name)`)
        .orderBy('p.id')
        .limit(filter.perPage)
        .offset(offsetOf(filter.page, filter.perPage))
        .execute();
      return { items, total: Number(total), page: filter.page, perPage: filter.perPage };
    },

    findPerson(id: number): Promise<Person | undefined> {
      return selectPeople().where('p.id', '=', id).executeTakeFirst();
    },

    listPeopleOfOrganisation(organisationId: number): Promise<Person[]> {
      return selectPeople()
        .where('p.organisation_id', '=', organisationId)
        .orderBy(sql`lower(p.name)`)
        .execute();
    },

    async insertPerson(values: PersonValues): Promise<number> {
      const row = await db
        .insertInto('people')
        .values(toColumns(values, PERSON_COLUMNS) as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updatePerson(id: number, values: PersonValues): Promise<void> {
      await db
        .updateTable('people')
        .set({ ...toColumns(values, PERSON_COLUMNS), updated_at: new Date() } as never)
        .where('id', '=', id)
        .execute();
    },

    /** Deletes a person (their role assignments go with them); returns how many assignments went. Run it in a transaction. */
    async deletePerson(id: number): Promise<number> {
      const gone = await db.deleteFrom('role_assignments').where('person_id', '=', id).executeTakeFirst();
      await db.updateTable('users').set({ person_id: null }).where('person_id', '=', id).execute();
      await db.deleteFrom('people').where('id', '=', id).execute();
      return Number(gone.numDeletedRows);
    },

    async personRefTaken(personRef: string, exceptId?: number): Promise<boolean> {
      let query = db.selectFrom('people').select('id').where('person_ref', '=', personRef);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    async listRoles(onDate: string): Promise<Role[]> {
      const rows = await db
        .selectFrom('roles as r')
        .leftJoin('role_assignments as ra', (join) =>
          join
            .onRef('ra.role_code', '=', 'r.code')
            .on((eb) => eb.or([eb('ra.start_date', 'is', null), eb('ra.start_date', '<=', onDate)]))
            .on((eb) => eb.or([eb('ra.end_date', 'is', null), eb('ra.end_date', '>=', onDate)])),
        )
        .select([
          'r.code',
          'r.name',
          'r.description',
          'r.origin',
          'r.category',
          'r.strand',
          (eb) => eb.fn.count<number>('ra.id').as('currentAssignments'),
        ])
        .groupBy(['r.code', 'r.name', 'r.description', 'r.origin', 'r.category', 'r.strand'])
        .orderBy('r.origin')
        .orderBy('r.name')
        .execute();
      return rows.map((r) => ({ ...r, currentAssignments: Number(r.currentAssignments) }));
    },

    async roleExists(code: string): Promise<boolean> {
      return (await db.selectFrom('roles').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
    },

    async listAssignments(filter: {
      personId?: number;
      organisationId?: number;
      role?: string;
      page: number;
      perPage: number;
    }): Promise<Page<RoleAssignment>> {
      let query = selectAssignments();
      if (filter.personId) query = query.where('ra.person_id', '=', filter.personId);
      if (filter.organisationId) query = query.where('ra.organisation_id', '=', filter.organisationId);
      if (filter.role) query = query.where('ra.role_code', '=', filter.role);
      const { total } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const items = await query
        .orderBy(sql`ra.end_date is not null`)
        .orderBy('ra.start_date', 'desc')
        .orderBy('ra.id')
        .limit(filter.perPage)
        .offset(offsetOf(filter.page, filter.perPage))
        .execute();
      return { items, total: Number(total), page: filter.page, perPage: filter.perPage };
    },

    findAssignment(id: number): Promise<RoleAssignment | undefined> {
      return selectAssignments().where('ra.id', '=', id).executeTakeFirst();
    },

    async insertAssignment(values: RoleAssignmentValues): Promise<number> {
      const row = await db
        .insertInto('role_assignments')
        .values(toColumns(values, ASSIGNMENT_COLUMNS) as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateAssignment(id: number, values: RoleAssignmentValues): Promise<void> {
      await db
        .updateTable('role_assignments')
        .set({ ...toColumns(values, ASSIGNMENT_COLUMNS), updated_at: new Date() } as never)
        .where('id', '=', id)
        .execute();
    },

    async listRelationships(filter: {
      organisationId?: number;
      type?: string;
      onDate?: string;
      page: number;
      perPage: number;
    }): Promise<Page<Relationship>> {
      let query = selectRelationships();
      const { organisationId, type, onDate } = filter;
      if (organisationId) {
        query = query.where((eb) =>
          eb.or([
            eb('rel.from_organisation_id', '=', organisationId),
            eb('rel.to_organisation_id', '=', organisationId),
          ]),
        );
      }
      if (type) query = query.where('rel.type', '=', type);
      if (onDate) {
        query = query
          .where((eb) => eb.or([eb('rel.start_date', 'is', null), eb('rel.start_date', '<=', onDate)]))
          .where((eb) => eb.or([eb('rel.end_date', 'is', null), eb('rel.end_date', '>=', onDate)]));
      }
      const { total } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const items = await query
        .orderBy(sql`rel.end_date is not null`)
        .orderBy('rel.type')
        .orderBy('rel.id')
        .limit(filter.perPage)
        .offset(offsetOf(filter.page, filter.perPage))
        .execute();
      return { items, total: Number(total), page: filter.page, perPage: filter.perPage };
    },

    findRelationship(id: number): Promise<Relationship | undefined> {
      return selectRelationships().where('rel.id', '=', id).executeTakeFirst();
    },

    async insertRelationship(values: RelationshipValues): Promise<number> {
      const row = await db
        .insertInto('relationships')
        .values(toColumns(values, RELATIONSHIP_COLUMNS) as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateRelationship(id: number, values: RelationshipValues): Promise<void> {
      await db
        .updateTable('relationships')
        .set({ ...toColumns(values, RELATIONSHIP_COLUMNS), updated_at: new Date() } as never)
        .where('id', '=', id)
        .execute();
    },

    /**
     * The organisations a report is limited to, found by key (`org:<id>` for any organisation): a local authority by its
     * three-digit code (itself and the organisations in it), a school by URN, or a trust,
     * federation or network by GIAS group UID or ID (itself and its members on that day).
     */
    async resolveScope(
      ref: string,
      onDate: string,
    ): Promise<{ id: number; kind: string; name: string; ids: number[] } | undefined> {
      const key = ref.trim();
      const found = await db
        .selectFrom('organisations')
        .select(['id', 'name', 'kind'])
        .where((eb) =>
          /^org:\d{1,9}$/.test(key)
            ? eb('id', '=', Number(key.slice(4)))
            : /^\d{3}$/.test(key)
              ? eb.and([eb('kind', '=', 'local-authority'), eb('la_code', '=', key)])
              : /^\d{6}$/.test(key)
                ? eb('urn', '=', Number(key))
                : eb.or([eb('group_uid', '=', key), eb('group_id', '=', key)]),
        )
        .orderBy('id')
        .executeTakeFirst();
      if (!found) return undefined;
      if (found.kind === 'local-authority') {
        const rows = await db
          .selectFrom('organisations')
          .select('id')
          .where('local_authority_id', '=', found.id)
          .execute();
        return { id: found.id, kind: found.kind, name: found.name, ids: [found.id, ...rows.map((r) => r.id)] };
      }
      return {
        id: found.id,
        kind: found.kind,
        name: found.name,
        ids: [found.id, ...(await membersOf(found.id, onDate))],
      };
    },

    membersOf,

    /** Every role assignment in force on a day (within a scope), with what a report groups it by. */
    listAssignmentFacts(onDate: string, scopeIds: number[] | null): Promise<AssignmentFact[]> {
      let query = db
        .selectFrom('role_assignments as ra')
        .innerJoin('roles as r', 'r.code', 'ra.role_code')
        .innerJoin('people as p', 'p.id', 'ra.person_id')
        .innerJoin('organisations as o', 'o.id', 'ra.organisation_id')
        .leftJoin('organisations as la', (join) =>
          join.on((eb) =>
            eb.or([
              eb('la.id', '=', eb.ref('o.local_authority_id')),
              eb.and([eb('la.id', '=', eb.ref('o.id')), eb('o.kind', '=', 'local-authority')]),
            ]),
          ),
        )
        .select([
          'ra.person_id as personId',
          'p.name as personName',
          'r.code as roleCode',
          'r.name as roleName',
          'r.origin',
          'r.category',
          'o.id as organisationId',
          'o.name as organisationName',
          'o.kind as organisationKind',
          'o.status as organisationStatus',
          'o.phase',
          'la.la_code as laCode',
          'la.name as laName',
        ])
        .where((eb) => eb.or([eb('ra.start_date', 'is', null), eb('ra.start_date', '<=', onDate)]))
        .where((eb) => eb.or([eb('ra.end_date', 'is', null), eb('ra.end_date', '>=', onDate)]));
      if (scopeIds) query = query.where(sql<SqlBool>`o.id = any(${scopeIds}::int[])`);
      return query.orderBy('p.name').execute();
    },

    /** Open schools per local-authority code (within a scope). */
    async countOpenSchoolsByLa(scopeIds: number[] | null): Promise<Map<string, number>> {
      let query = db
        .selectFrom('organisations as o')
        .innerJoin('organisations as la', 'la.id', 'o.local_authority_id')
        .select(['la.la_code as laCode', (eb) => eb.fn.countAll<number>().as('n')])
        .where('o.kind', '=', 'school')
        .where('o.status', '=', 'open')
        .groupBy('la.la_code');
      if (scopeIds) query = query.where(sql<SqlBool>`o.id = any(${scopeIds}::int[])`);
      const rows = await query.execute();
      return new Map(rows.filter((r) => r.laCode).map((r) => [r.laCode!, Number(r.n)]));
    },

    /**
     * The organisations that exist on a day and the ties in force between them; with a
     * scope, the scope's organisations, their ties, and the organisations at the other end.
     */
    async loadNetwork(onDate: string, scopeIds: number[] | null) {
      const exists = sql<SqlBool>`(o.opened_on is null or o.opened_on <= ${onDate})
        and (o.closed_on is null or o.closed_on >= ${onDate}) and not (o.status = 'closed' and o.closed_on is null)`;
      let edgeQuery = db
        .selectFrom('relationships as r')
        .innerJoin('organisations as f', 'f.id', 'r.from_organisation_id')
        .innerJoin('organisations as t', 't.id', 'r.to_organisation_id')
        .select([
          'r.id',
          'r.type',
          'r.from_organisation_id as source',
          'r.to_organisation_id as target',
          'r.start_date as startDate',
          'r.end_date as endDate',
          'f.kind as sourceKind',
          't.kind as targetKind',
        ])
        .where((eb) => eb.or([eb('r.start_date', 'is', null), eb('r.start_date', '<=', onDate)]))
        .where((eb) => eb.or([eb('r.end_date', 'is', null), eb('r.end_date', '>=', onDate)]))
        .where(
          sql<SqlBool>`(f.opened_on is null or f.opened_on <= ${onDate}) and (f.closed_on is null or f.closed_on >= ${onDate}) and not (f.status = 'closed' and f.closed_on is null)`,
        )
        .where(
          sql<SqlBool>`(t.opened_on is null or t.opened_on <= ${onDate}) and (t.closed_on is null or t.closed_on >= ${onDate}) and not (t.status = 'closed' and t.closed_on is null)`,
        );
      if (scopeIds)
        edgeQuery = edgeQuery.where(
          sql<SqlBool>`(r.from_organisation_id = any(${scopeIds}::int[]) or r.to_organisation_id = any(${scopeIds}::int[]))`,
        );
      const edges = await edgeQuery.orderBy('r.id').execute();
      let nodeQuery = db
        .selectFrom('organisations as o')
        .leftJoin('organisations as la', 'la.id', 'o.local_authority_id')
        .select([
          'o.id',
          'o.kind',
          'o.name',
          'o.urn',
          'o.la_code as laCode',
          'o.group_uid as groupUid',
          'o.phase',
          'o.latitude',
          'o.longitude',
          'o.local_authority_id as localAuthorityId',
        ])
        .where(exists);
      if (scopeIds) {
        const wanted = [...new Set([...scopeIds, ...edges.flatMap((e) => [e.source, e.target])])];
        nodeQuery = nodeQuery.where(sql<SqlBool>`o.id = any(${wanted}::int[])`);
      }
      const nodes = await nodeQuery.orderBy('o.id').execute();
      return { nodes, edges };
    },

    listAgreements(organisationId: number) {
      return db
        .selectFrom('sharing_agreements as a')
        .innerJoin('organisations as p', 'p.id', 'a.partnership_id')
        .select([
          'a.id',
          'a.organisation_id as organisationId',
          'a.partnership_id as partnershipId',
          'p.name as partnershipName',
          'a.what',
          'a.detail',
          'a.start_date as startDate',
          'a.end_date as endDate',
        ])
        .where('a.organisation_id', '=', organisationId)
        .orderBy('a.end_date', 'desc')
        .orderBy('a.id')
        .execute();
    },

    findAgreement(id: number) {
      return db
        .selectFrom('sharing_agreements')
        .select([
          'id',
          'organisation_id as organisationId',
          'partnership_id as partnershipId',
          'start_date as startDate',
          'end_date as endDate',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertAgreement(values: {
      organisationId: number;
      partnershipId: number;
      what: string;
      detail: string;
      startDate: string;
      createdBy: number | null;
    }): Promise<number> {
      const row = await db
        .insertInto('sharing_agreements')
        .values({
          organisation_id: values.organisationId,
          partnership_id: values.partnershipId,
          what: values.what,
          detail: values.detail,
          start_date: values.startDate,
          created_by: values.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async endAgreement(id: number, endDate: string): Promise<void> {
      await db.updateTable('sharing_agreements').set({ end_date: endDate }).where('id', '=', id).execute();
    },

    /** The partnerships an organisation shares something with on a day. */
    async sharedWith(organisationId: number, what: string, onDate: string): Promise<number[]> {
      const rows = await db
        .selectFrom('sharing_agreements')
        .select('partnership_id')
        .where('organisation_id', '=', organisationId)
        .where('what', '=', what)
        .where('start_date', '<=', onDate)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
        .execute();
      return rows.map((r) => r.partnership_id);
    },

    /** The partnerships these organisations are members of on a day. */
    async partnershipsOf(organisationIds: number[], onDate: string): Promise<number[]> {
      const rows = await db
        .selectFrom('relationships')
        .select('to_organisation_id as id')
        .distinct()
        .where('type', '=', 'membership')
        .where('from_organisation_id', 'in', organisationIds)
        .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', onDate)]))
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
        .execute();
      return rows.map((r) => r.id);
    },

    /** The agreements in force on a day by which organisations share something with any of these partnerships. */
    async agreementsWith(
      partnershipIds: number[],
      what: string,
      onDate: string,
    ): Promise<Array<{ organisationId: number; partnershipId: number; detail: string }>> {
      return db
        .selectFrom('sharing_agreements')
        .select(['organisation_id as organisationId', 'partnership_id as partnershipId', 'detail'])
        .distinct()
        .where('partnership_id', 'in', partnershipIds)
        .where('what', '=', what)
        .where('start_date', '<=', onDate)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', onDate)]))
        .execute();
    },

    /** Removes every organisation, person, role assignment and relationship; accounts stay. */
    async deleteEverything(): Promise<void> {
      await db.deleteFrom('role_assignments').execute();
      await db.deleteFrom('relationships').execute();
      await db.updateTable('users').set({ person_id: null }).execute();
      await db.deleteFrom('people').execute();
      await db.deleteFrom('organisations').execute();
    },

    async countAll(): Promise<{ organisations: number; people: number; assignments: number; relationships: number }> {
      const row = await db
        .selectNoFrom((eb) => [
          eb.selectFrom('organisations').select(eb.fn.countAll<number>().as('n')).as('organisations'),
          eb.selectFrom('people').select(eb.fn.countAll<number>().as('n')).as('people'),
          eb.selectFrom('role_assignments').select(eb.fn.countAll<number>().as('n')).as('assignments'),
          eb.selectFrom('relationships').select(eb.fn.countAll<number>().as('n')).as('relationships'),
        ])
        .executeTakeFirstOrThrow();
      return {
        organisations: Number(row.organisations),
        people: Number(row.people),
        assignments: Number(row.assignments),
        relationships: Number(row.relationships),
      };
    },
  };
}

export type LandscapeRepository = ReturnType<typeof createLandscapeRepository>;
