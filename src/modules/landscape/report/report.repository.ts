import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { AssignmentFact } from './report.js';

/** SQL for the landscape report: the role assignments in force on a day, and open schools per local authority. */
export function createReportRepository(db: Db) {
  return {
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
  };
}
