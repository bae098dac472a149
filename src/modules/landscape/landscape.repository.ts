import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AssignmentFact } from './landscape.report.js';
import { createOrganisationsRepository } from './organisations/organisations.repository.js';
import { createPeopleRepository } from './people/people.repository.js';
import { createRelationshipsRepository } from './relationships/relationships.repository.js';
import { createSharingRepository } from './sharing/sharing.repository.js';

/** SQL for organisations, people, roles, role assignments, relationships and sharing agreements. */
export function createLandscapeRepository(db: Db) {
  return {
    ...createOrganisationsRepository(db),
    ...createPeopleRepository(db),
    ...createRelationshipsRepository(db),
    ...createSharingRepository(db),

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
