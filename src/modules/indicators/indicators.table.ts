import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;

export interface IndicatorsTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string;
  unit: string;
  kind: string;
  direction: string;
  outcome: string | null;
  source: string;
  published: boolean;
  grades: string[];
  created_at: CreatedAt;
}

export interface IndicatorValuesTable {
  indicator_id: number;
  period: string;
  organisation_id: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
  respondents: number | null;
  observed_on: string | null;
  source: string;
  loaded_at: ColumnType<Date, never, Date>;
}

export interface GroupSettingsTable {
  organisation_id: number;
  member_values: string;
  updated_by: number | null;
  updated_at: ColumnType<Date, never, Date>;
}

export interface IndicatorsTables {
  indicators: IndicatorsTable;
  indicator_values: IndicatorValuesTable;
  group_settings: GroupSettingsTable;
}
