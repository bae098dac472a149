/**
 * The outbox: each event is written with the audit entry of the write it tells of, in the write's
 * transaction, and later handed to the job queue — once, by whichever process claims it first.
 */
import type { Db } from '../../db/database.js';
import type { EventPayload } from '../definition.js';

export interface OutboxEvent {
  id: number;
  name: string;
  payload: EventPayload;
}

export async function addToOutbox(trx: Db, name: string, payload: EventPayload): Promise<void> {
  await trx
    .insertInto('event_outbox')
    .values({ name, payload: JSON.stringify(payload) })
    .execute();
}

/**
 * Claims up to `limit` events not yet delivered (passing over those another process holds), hands
 * them to `deliver` in the same transaction, and marks them delivered: they are delivered when
 * that transaction commits, and claimed again if it does not. Returns how many it delivered.
 */
export async function relayOutbox(
  db: Db,
  deliver: (trx: Db, events: OutboxEvent[]) => Promise<void>,
  limit = 200,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom('event_outbox')
      .select(['id', 'name', 'payload'])
      .where('delivered_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (events.length === 0) return 0;
    await deliver(trx, events);
    await trx
      .updateTable('event_outbox')
      .set({ delivered_at: new Date() })
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    return events.length;
  });
}

/** Runs a handler's writes with the mark that it has had the event; a second delivery does nothing. */
export async function handleOnce<T>(
  db: Db,
  eventId: number,
  handler: string,
  work: (trx: Db) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .insertInto('event_deliveries')
      .values({ event_id: eventId, handler })
      .onConflict((c) => c.doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return marked ? work(trx) : undefined;
  });
}
