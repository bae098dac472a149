import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { HealthReading } from '../definition.js';
import type { MaturityJudgement } from './health.table.js';

export interface Snapshot {
  id: number;
  scopeRef: string;
  scopeName: string;
  takenOn: string;
  takenAt: Date;
  dataVersion: number;
  readings: Record<string, HealthReading>;
  maturity: MaturityJudgement;
}

const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));
const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** SQL of the health module: snapshots (one per scope and day), notes on the trend and confirmations of maturity. */
export function createHealthRepository(db: Db) {
  const snapshotColumns = [
    'id',
    'scope_ref',
    'scope_name',
    'taken_on',
    'taken_at',
    'data_version',
    'readings',
    'maturity',
  ] as const;
  const toSnapshot = (r: {
    id: number;
    scope_ref: string;
    scope_name: string;
    taken_on: string;
    taken_at: Date;
    data_version: number;
    readings: unknown;
    maturity: unknown;
  }): Snapshot => ({
    id: r.id,
    scopeRef: r.scope_ref,
    scopeName: r.scope_name,
    takenOn: day(r.taken_on),
    takenAt: r.taken_at,
    dataVersion: Number(r.data_version),
    readings: json(r.readings),
    maturity: json(r.maturity),
  });

  return {
    /**
     * The scope's snapshot of the day: written once, and replaced by a rerun of the same day
     * (the unique key of scope and day keeps it one), in one statement.
     */
    async saveSnapshot(values: Omit<Snapshot, 'id' | 'takenAt'>): Promise<number> {
      const row = await db
        .insertInto('health_snapshots')
        .values({
          scope_ref: values.scopeRef,
          scope_name: values.scopeName,
          taken_on: values.takenOn,
          data_version: values.dataVersion,
          readings: JSON.stringify(values.readings),
          maturity: JSON.stringify(values.maturity),
        })
        .onConflict((oc) =>
          oc.columns(['scope_ref', 'taken_on']).doUpdateSet({
            scope_name: (eb) => eb.ref('excluded.scope_name'),
            taken_at: sql<Date>`now()`,
            data_version: (eb) => eb.ref('excluded.data_version'),
            readings: (eb) => eb.ref('excluded.readings'),
            maturity: (eb) => eb.ref('excluded.maturity'),
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async snapshots(scopeRef: string): Promise<Snapshot[]> {
      const rows = await db
        .selectFrom('health_snapshots')
        .select(snapshotColumns)
        .where('scope_ref', '=', scopeRef)
        .orderBy('taken_on')
        .execute();
      return rows.map(toSnapshot);
    },

    async snapshot(id: number): Promise<Snapshot | undefined> {
      const row = await db
        .selectFrom('health_snapshots')
        .select(snapshotColumns)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSnapshot(row);
    },

    async annotations(scopeRef: string) {
      const rows = await db
        .selectFrom('health_annotations as a')
        .leftJoin('users as u', 'u.id', 'a.written_by')
        .select(['a.id', 'a.noted_on', 'a.text', 'a.created_at', 'u.name as writtenBy'])
        .where('a.scope_ref', '=', scopeRef)
        .orderBy('a.noted_on')
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({ id: r.id, notedOn: day(r.noted_on), text: r.text, writtenBy: r.writtenBy }));
    },

    async annotation(id: number) {
      return db
        .selectFrom('health_annotations')
        .select(['id', 'scope_ref as scopeRef', 'text'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async addAnnotation(scopeRef: string, notedOn: string, text: string, userId: number | null): Promise<number> {
      const row = await db
        .insertInto('health_annotations')
        .values({ scope_ref: scopeRef, noted_on: notedOn, text, written_by: userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async removeAnnotation(id: number): Promise<void> {
      await db.deleteFrom('health_annotations').where('id', '=', id).execute();
    },

    async confirmations(snapshotIds: number[]) {
      if (snapshotIds.length === 0) return [];
      const rows = await db
        .selectFrom('health_maturity_confirmations as c')
        .leftJoin('users as u', 'u.id', 'c.confirmed_by')
        .select(['c.id', 'c.snapshot_id', 'c.stage', 'c.agreed', 'c.note', 'c.confirmed_at', 'u.name as confirmedBy'])
        .where('c.snapshot_id', 'in', snapshotIds)
        .orderBy('c.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        snapshotId: r.snapshot_id,
        stage: r.stage,
        agreed: r.agreed,
        note: r.note,
        confirmedAt: r.confirmed_at,
        confirmedBy: r.confirmedBy,
      }));
    },

    async confirm(snapshotId: number, stage: number, agreed: boolean, note: string | null, userId: number | null) {
      const row = await db
        .insertInto('health_maturity_confirmations')
        .values({ snapshot_id: snapshotId, stage, agreed, note, confirmed_by: userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}
export type HealthRepository = ReturnType<typeof createHealthRepository>;
