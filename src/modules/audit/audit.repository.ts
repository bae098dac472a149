import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';

export interface AuditEntry {
  id: number;
  at: Date;
  userId: number | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  organisationIds: number[];
  detail: Record<string, unknown>;
}

const COLUMNS = [
  'id',
  'at',
  'user_id as userId',
  'actor',
  'ip',
  'action',
  'entity',
  'entity_id as entityId',
  'organisation_ids as organisationIds',
  'detail',
] as const;

/** SQL of the audit trail: insert and read only (the table refuses updates and deletes). */
export function createAuditRepository(db: Db) {
  return {
    async insert(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          user_id: entry.userId,
          actor: entry.actor,
          ip: entry.ip,
          action: entry.action,
          entity: entry.entity,
          entity_id: entry.entityId,
          organisation_ids: entry.organisationIds,
          detail: JSON.stringify(entry.detail),
        })
        .execute();
    },

    /** The latest entry about one record, if any. */
    latestAbout(entity: string, entityId: string): Promise<AuditEntry | undefined> {
      return db
        .selectFrom('audit_log')
        .select(COLUMNS)
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** Every entry about one record, oldest first, and those whose detail names it by `key` among entities of `prefix`. */
    about(entity: string, entityId: string, related?: { prefix: string; key: string }): Promise<AuditEntry[]> {
      return db
        .selectFrom('audit_log')
        .select(COLUMNS)
        .where((eb) =>
          eb.or([
            eb.and([eb('entity', '=', entity), eb('entity_id', '=', entityId)]),
            ...(related
              ? [eb.and([eb('entity', 'like', `${related.prefix}%`), eb(sql`detail->>${related.key}`, '=', entityId)])]
              : []),
          ]),
        )
        .orderBy('id')
        .execute();
    },

    /** Newest first; `organisationIds` limits to entries about any of them; `limit` null for all. */
    list(filter: { organisationIds?: number[]; limit: number | null; offset?: number }): Promise<AuditEntry[]> {
      let query = db.selectFrom('audit_log').select(COLUMNS);
      if (filter.organisationIds)
        query = query.where(sql<SqlBool>`organisation_ids && ${filter.organisationIds}::int[]`);
      query = query.orderBy('id', 'desc').offset(filter.offset ?? 0);
      if (filter.limit !== null) query = query.limit(filter.limit);
      return query.execute();
    },
  };
}
