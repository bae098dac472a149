import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../../db/database.js';
import { columnsWriter, escapeLike, existsOn, offsetOf, type Camelised, type Page } from '../landscape.sql.js';
import type { OrganisationsTable } from '../landscape.table.js';

export type Organisation = Camelised<Omit<Selectable<OrganisationsTable>, 'created_at' | 'updated_at'>> & {
  localAuthorityName: string | null;
};

/** Column values of an organisation as the service hands them over (camelCase, null clears). */
export type OrganisationValues = Partial<Omit<Organisation, 'id' | 'localAuthorityName'>>;

const organisationColumns = columnsWriter<OrganisationsTable, OrganisationValues>({
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
});

/** SQL for organisations, and for the organisations a key stands for. */
export function createOrganisationsRepository(db: Db) {
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
        .values(organisationColumns(values) as Insertable<OrganisationsTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateOrganisation(id: number, values: OrganisationValues): Promise<void> {
      await db
        .updateTable('organisations')
        .set({ ...organisationColumns(values), updated_at: new Date() })
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

    async listLocalAuthorities(): Promise<Array<Pick<Organisation, 'id' | 'name' | 'laCode'>>> {
      return db
        .selectFrom('organisations')
        .select(['id', 'name', 'la_code as laCode'])
        .where('kind', '=', 'local-authority')
        .orderBy('name')
        .execute();
    },

    /**
     * The partnerships (trusts, federations, networks, local authorities) that the organisations
     * given are, are members of on the day, or are in the area of.
     */
    async partnershipsAround(ids: number[], onDate: string, kinds: string[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const [own, areas, groups] = await Promise.all([
        db.selectFrom('organisations').select('id').where('id', 'in', ids).where('kind', 'in', kinds).execute(),
        db
          .selectFrom('organisations')
          .select('local_authority_id as id')
          .where('id', 'in', ids)
          .where('local_authority_id', 'is not', null)
          .execute(),
        db
          .selectFrom('relationships as r')
          .innerJoin('organisations as g', 'g.id', 'r.to_organisation_id')
          .select('g.id')
          .where('r.type', '=', 'membership')
          .where('r.from_organisation_id', 'in', ids)
          .where('g.kind', 'in', kinds)
          .where((eb) => eb.or([eb('r.start_date', 'is', null), eb('r.start_date', '<=', onDate)]))
          .where((eb) => eb.or([eb('r.end_date', 'is', null), eb('r.end_date', '>=', onDate)]))
          .execute(),
      ]);
      return [...new Set([...own, ...areas, ...groups].map((r) => r.id!))].sort((a, b) => a - b);
    },

    /** The kind of each organisation given, or of every organisation when none are given. */
    /** The kind of each organisation that exists on a day, of those given (or of all). */
    async kindsOf(onDate: string, ids?: number[]): Promise<Array<{ id: number; kind: string }>> {
      if (ids && ids.length === 0) return [];
      let query = db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.kind'])
        .where(existsOn('o', onDate))
        .orderBy('o.id');
      if (ids) query = query.where('o.id', 'in', ids);
      return query.execute();
    },

    /**
     * The organisations a report is limited to, found by key (`org:<id>` for any organisation): a local authority by its
     * three-digit code (itself and the organisations in it), a school by URN, or a trust,
     * federation or network by GIAS group UID or ID (itself and its members on that day).
     */
    async resolveScope(
      ref: string,
      onDate: string,
    ): Promise<(Pick<Organisation, 'id' | 'kind' | 'name'> & { ids: number[] }) | undefined> {
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
  };
}
