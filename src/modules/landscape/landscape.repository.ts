import { sql, type Insertable, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AssignmentFact } from './landscape.report.js';
import { columnsWriter, offsetOf, type Page } from './landscape.sql.js';
import type { RelationshipsTable } from './landscape.table.js';
import { createOrganisationsRepository } from './organisations/organisations.repository.js';
import { createPeopleRepository } from './people/people.repository.js';

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

export type RelationshipValues = Partial<
  Pick<Relationship, 'type' | 'fromOrganisationId' | 'toOrganisationId' | 'startDate' | 'endDate' | 'note'>
>;

const relationshipColumns = columnsWriter<RelationshipsTable, RelationshipValues>({
  type: 'type',
  fromOrganisationId: 'from_organisation_id',
  toOrganisationId: 'to_organisation_id',
  startDate: 'start_date',
  endDate: 'end_date',
  note: 'note',
});

/** SQL for organisations, people, roles, role assignments, relationships and sharing agreements. */
export function createLandscapeRepository(db: Db) {
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
    ...createOrganisationsRepository(db),
    ...createPeopleRepository(db),

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
        .values(relationshipColumns(values) as Insertable<RelationshipsTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateRelationship(id: number, values: RelationshipValues): Promise<void> {
      await db
        .updateTable('relationships')
        .set({ ...relationshipColumns(values), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

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
