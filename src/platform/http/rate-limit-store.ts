import { sql, type Kysely } from 'kysely';

interface Counted {
  current: number;
  ttl: number;
}
type Callback = (error: Error | null, result?: Counted) => void;

/** A database whose `rate_limits` table holds the counters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the platform knows only this one table
export type RateLimitDb = Kysely<any>;

/**
 * The counters of `@fastify/rate-limit` kept in the database rather than in one process, so a
 * limit holds across every worker and machine: one statement per counted request counts it and
 * starts a new window when the last one has ended. Ended windows are cleared now and then.
 */
export function databaseRateLimitStore(db: RateLimitDb) {
  let counted = 0;
  let unnamed = 0;
  class DatabaseStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const name = `${this.prefix}${key}`;
      sql<{ hits: number; ttl: number }>`
        insert into rate_limits (key, hits, window_ends)
        values (${name}, 1, now() + ${timeWindow} * interval '1 millisecond')
        on conflict (key) do update set
          hits = case when rate_limits.window_ends <= now() then 1 else rate_limits.hits + 1 end,
          window_ends = case when rate_limits.window_ends <= now() then excluded.window_ends else rate_limits.window_ends end
        returning hits, greatest(0, extract(epoch from (window_ends - now())) * 1000)::integer as ttl`
        .execute(db)
        .then(async (result) => {
          if (++counted % 500 === 0) await sql`delete from rate_limits where window_ends < now()`.execute(db);
          const row = result.rows[0]!;
          callback(null, { current: Number(row.hits), ttl: Number(row.ttl) });
        })
        .catch((error: Error) => callback(error));
    }

    /** The counters of one route (or of one limit made in code), apart from every other's. */
    child(options: object): DatabaseStore {
      // The plugin passes the route's merged limit settings, the route itself as `routeInfo`.
      const route = (options as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      return new DatabaseStore(
        undefined,
        route?.url ? `${[route.method].flat().join(',')} ${route.url}:` : `limit ${++unnamed}:`,
      );
    }
  }
  return DatabaseStore;
}
