import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '../../../db/database.js';
import { columnsWriter, escapeLike, offsetOf, type Camelised, type Page } from '../landscape.sql.js';
import type { PeopleTable, RoleAssignmentsTable, RolesTable } from '../landscape.table.js';

export type Person = Camelised<Omit<Selectable<PeopleTable>, 'created_at' | 'updated_at'>> & {
  organisationName: string | null;
};

/** A role of the taxonomy, with how many people hold it on the day asked about. */
export type Role = Selectable<RolesTable> & { currentAssignments: number };

export type RoleAssignment = Camelised<Omit<Selectable<RoleAssignmentsTable>, 'created_at' | 'updated_at'>> & {
  personName: string;
  roleName: string;
  organisationName: string;
};

export type PersonValues = Partial<Omit<Person, 'id' | 'organisationName'>>;
export type RoleAssignmentValues = Partial<
  Pick<RoleAssignment, 'personId' | 'roleCode' | 'organisationId' | 'startDate' | 'endDate'>
>;

const personColumns = columnsWriter<PeopleTable, PersonValues>({
  name: 'name',
  email: 'email',
  jobTitle: 'job_title',
  organisationId: 'organisation_id',
  personRef: 'person_ref',
});
const assignmentColumns = columnsWriter<RoleAssignmentsTable, RoleAssignmentValues>({
  personId: 'person_id',
  roleCode: 'role_code',
  organisationId: 'organisation_id',
  startDate: 'start_date',
  endDate: 'end_date',
});

/** SQL for people, the role taxonomy and role assignments. */
export function createPeopleRepository(db: Db) {
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

  return {
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

    /** The accounts that are this person: linked to them, or signed in with their email address. */
    async accountsOfPerson(personId: number, email: string | null): Promise<Array<{ userId: number; email: string }>> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'email'])
        .where((eb) =>
          eb.or([eb('person_id', '=', personId), ...(email ? [eb('email', '=', email.toLowerCase())] : [])]),
        )
        .orderBy('id')
        .execute();
    },

    /** The role assignments in force on a day held by people who work at these organisations, with their job titles. */
    rolesHeldOn(organisationIds: number[], day: string) {
      if (!organisationIds.length) return Promise.resolve([]);
      return db
        .selectFrom('role_assignments as ra')
        .innerJoin('people as p', 'p.id', 'ra.person_id')
        .select(['ra.id', 'p.id as personId', 'p.organisation_id as organisationId', 'p.job_title as jobTitle'])
        .where('p.organisation_id', 'in', organisationIds)
        .where((eb) => eb.or([eb('ra.start_date', 'is', null), eb('ra.start_date', '<=', day)]))
        .where((eb) => eb.or([eb('ra.end_date', 'is', null), eb('ra.end_date', '>=', day)]))
        .orderBy('ra.id')
        .execute() as Promise<Array<{ id: number; personId: number; organisationId: number; jobTitle: string | null }>>;
    },

    /** The accounts that are each of these people: linked to them, or signed in with their email address. */
    accountsOfPeople(personIds: number[]): Promise<Array<{ personId: number; userId: number }>> {
      if (!personIds.length) return Promise.resolve([]);
      return db
        .selectFrom('users as u')
        .innerJoin('people as p', (join) =>
          join.on((eb) =>
            eb.or([eb('u.person_id', '=', eb.ref('p.id')), eb(sql`lower(p.email)`, '=', eb.ref('u.email'))]),
          ),
        )
        .select(['p.id as personId', 'u.id as userId'])
        .where('p.id', 'in', personIds)
        .distinct()
        .execute();
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
        .values(personColumns(values) as Insertable<PeopleTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updatePerson(id: number, values: PersonValues): Promise<void> {
      await db
        .updateTable('people')
        .set({ ...personColumns(values), updated_at: new Date() })
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
        .values(assignmentColumns(values) as Insertable<RoleAssignmentsTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateAssignment(id: number, values: RoleAssignmentValues): Promise<void> {
      await db
        .updateTable('role_assignments')
        .set({ ...assignmentColumns(values), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },
  };
}
