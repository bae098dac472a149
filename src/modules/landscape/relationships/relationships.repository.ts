import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '../../../db/database.js';
import { columnsWriter, existsOn, offsetOf, type Camelised, type Page } from '../landscape.sql.js';
import type { RelationshipsTable } from '../landscape.table.js';

export type Relationship = Camelised<
  Omit<Selectable<RelationshipsTable>, 'subtype' | 'source' | 'created_at' | 'updated_at'>
> & {
  fromOrganisationName: string;
  fromOrganisationKind: string;
  toOrganisationName: string;
  toOrganisationKind: string;
};

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

/** SQL for relationships (ties between organisations), the partnerships they make and the network on a day. */
export function createRelationshipsRepository(db: Db) {
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

    /** Ties of any of these organisations recorded since a moment, newest first, and how many there are. */
    async recordedSince(
      organisationIds: number[],
      since: Date,
      limit: number,
    ): Promise<{ items: Relationship[]; total: number }> {
      const query = selectRelationships()
        .where((eb) =>
          eb.or([
            eb('rel.from_organisation_id', 'in', organisationIds),
            eb('rel.to_organisation_id', 'in', organisationIds),
          ]),
        )
        .where('rel.created_at', '>=', since);
      const { total } = await query
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      const items = await query.orderBy('rel.created_at', 'desc').orderBy('rel.id', 'desc').limit(limit).execute();
      return { items, total: Number(total) };
    },

    /** Ties of any of these organisations (every tie, with none given) that began or ended from one day to another, latest first. */
    tiesChangedBetween(
      organisationIds: number[] | null,
      from: string,
      to: string,
      limit: number,
    ): Promise<Relationship[]> {
      let query = selectRelationships().where((eb) =>
        eb.or([eb.between('rel.start_date', from, to), eb.between('rel.end_date', from, to)]),
      );
      if (organisationIds) {
        const ids = organisationIds.length ? organisationIds : [-1];
        query = query.where((eb) =>
          eb.or([eb('rel.from_organisation_id', 'in', ids), eb('rel.to_organisation_id', 'in', ids)]),
        );
      }
      return query
        .orderBy(sql`greatest(rel.start_date, coalesce(rel.end_date, rel.start_date))`, 'desc')
        .orderBy('rel.id', 'desc')
        .limit(limit)
        .execute();
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

    /**
     * The organisations that exist on a day and the ties in force between them; with a
     * scope, the scope's organisations, their ties, and the organisations at the other end.
     */
    async loadNetwork(onDate: string, scopeIds: number[] | null) {
      const exists = existsOn('o', onDate);
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
        .where(existsOn('f', onDate))
        .where(existsOn('t', onDate));
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
  };
}
