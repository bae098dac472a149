import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface AccountListItem {
  id: number;
  name: string;
  email: string;
  isAdmin: boolean;
  disabledAt: Date | null;
  lastSignedInAt: Date | null;
  twoFactor: boolean;
  /** Its memberships, of the organisations the reader may see only. */
  memberships: Array<{ organisationId: number; organisationName: string; role: string }>;
}

export interface AccountFilter {
  /** Only accounts with a membership of one of these organisations, and only those memberships (all when undefined). */
  organisationIds?: number[];
  /** Part of a name or an email address. */
  q?: string;
  limit: number;
  offset: number;
}

/** SQL for the list of people with accounts. */
export function createDirectoryRepository(db: Db) {
  function filtered(filter: AccountFilter) {
    let query = db.selectFrom('users as u');
    const scope = filter.organisationIds;
    if (scope)
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('organisation_members as s')
            .select(sql`1`.as('one'))
            .whereRef('s.user_id', '=', 'u.id')
            .where('s.organisation_id', 'in', scope.length ? scope : [0]),
        ),
      );
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.email', 'ilike', like)]));
    }
    return query;
  }

  return {
    /**
     * The names of these organisations, or (undefined) of every organisation with members or
     * invitations, and of `also` whatever it has.
     */
    organisationChoices(
      organisationIds: number[] | undefined,
      also?: number,
    ): Promise<Array<{ id: number; name: string }>> {
      let query = db.selectFrom('organisations as o').select(['o.id', 'o.name']);
      query = organisationIds
        ? query.where('o.id', 'in', organisationIds.length ? organisationIds : [0])
        : query.where((eb) =>
            eb.or([
              eb('o.id', '=', also ?? 0),
              eb.exists(
                eb
                  .selectFrom('organisation_members as m')
                  .select(sql`1`.as('one'))
                  .whereRef('m.organisation_id', '=', 'o.id'),
              ),
              eb.exists(
                eb
                  .selectFrom('invitations as i')
                  .select(sql`1`.as('one'))
                  .whereRef('i.organisation_id', '=', 'o.id'),
              ),
            ]),
          );
      return query.orderBy('o.name').orderBy('o.id').limit(500).execute();
    },

    async listAccounts(filter: AccountFilter): Promise<{ items: AccountListItem[]; total: number }> {
      const scope = filter.organisationIds;
      const memberships = sql<AccountListItem['memberships']>`coalesce((
        select json_agg(json_build_object('organisationId', m.organisation_id, 'organisationName', o.name, 'role', m.role) order by o.name)
        from organisation_members m join organisations o on o.id = m.organisation_id
        where m.user_id = u.id ${scope ? sql`and m.organisation_id in (${sql.join(scope.length ? scope : [0])})` : sql``}
      ), '[]'::json)`.as('memberships');
      const [items, count] = await Promise.all([
        filtered(filter)
          .select([
            'u.id',
            'u.name',
            'u.email',
            'u.is_admin as isAdmin',
            'u.disabled_at as disabledAt',
            'u.last_signed_in_at as lastSignedInAt',
            sql<boolean>`u.totp_secret is not null`.as('twoFactor'),
            memberships,
          ])
          .orderBy('u.name')
          .orderBy('u.id')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        filtered(filter)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
  };
}

export type DirectoryRepository = ReturnType<typeof createDirectoryRepository>;
