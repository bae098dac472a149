import type { ColumnType, Generated } from 'kysely';
import type { EventPayload } from '../definition.js';

/** An event waiting to be delivered to the modules that handle it, or delivered (the outbox). */
export interface EventOutboxTable {
  id: Generated<number>;
  name: string;
  payload: ColumnType<EventPayload, string, string>;
  recorded_at: ColumnType<Date, never, never>;
  delivered_at: ColumnType<Date | null, never, Date>;
}

/** That a handler has had an event, written with the handler's own writes. */
export interface EventDeliveriesTable {
  event_id: number;
  handler: string;
  handled_at: ColumnType<Date, never, never>;
}

export interface AuditTables {
  event_outbox: EventOutboxTable;
  event_deliveries: EventDeliveriesTable;
}
