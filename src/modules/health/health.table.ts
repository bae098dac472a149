import type { ColumnType, Generated } from 'kysely';
import type { HealthReading } from '../definition.js';

/** A scope's health on a day: every figure's reading as computed then, with the data version it came from. */
export interface HealthSnapshotsTable {
  id: Generated<number>;
  /** `org:<id>` or `england`. */
  scope_ref: string;
  scope_name: string;
  taken_on: string;
  taken_at: ColumnType<Date, Date | undefined, Date>;
  data_version: number;
  readings: ColumnType<Record<string, HealthReading>, string, string>;
  /** The maturity stage judged from the readings, with its evidence. */
  maturity: ColumnType<MaturityJudgement, string, string>;
}

export interface MaturityJudgement {
  stage: number;
  evidence: Array<{ stage: number; text: string; met: boolean }>;
}

/** A leader's note on a scope's trend ("the federation formed here"). */
export interface HealthAnnotationsTable {
  id: Generated<number>;
  scope_ref: string;
  noted_on: string;
  text: string;
  written_by: number | null;
  created_at: ColumnType<Date, never, never>;
}

/** A partnership's leaders confirming (or not) the maturity stage a snapshot judged. */
export interface HealthMaturityConfirmationsTable {
  id: Generated<number>;
  snapshot_id: number;
  stage: number;
  agreed: boolean;
  note: string | null;
  confirmed_by: number | null;
  confirmed_at: ColumnType<Date, never, never>;
}

export interface HealthTables {
  health_snapshots: HealthSnapshotsTable;
  health_annotations: HealthAnnotationsTable;
  health_maturity_confirmations: HealthMaturityConfirmationsTable;
}
