import { Type } from '@sinclair/typebox';

/**
 * What every module holds about one account, as rows the person (or a data protection lead
 * answering a subject access request) can read in a spreadsheet: the part (module and
 * section), the record (its place in a list: 2, or 2.1 for a list within it), the field (a
 * dotted path) and the value, written out as text.
 */
export interface PersonalDataRow {
  part: string;
  record: string;
  field: string;
  value: string;
}

/** Each module's part (`{ development: { selfAssessments: [...] } }`) as rows. */
export function personalDataRows(held: Record<string, unknown>): PersonalDataRow[] {
  const rows: PersonalDataRow[] = [];
  const walk = (part: string, record: string, field: string, value: unknown) => {
    if (value instanceof Date) rows.push({ part, record, field, value: value.toISOString() });
    else if (Array.isArray(value)) {
      if (!value.length) rows.push({ part, record, field, value: '' });
      value.forEach((v, i) => walk(part, record ? `${record}.${i + 1}` : String(i + 1), field, v));
    } else if (value !== null && typeof value === 'object')
      for (const [key, v] of Object.entries(value)) walk(part, record, field ? `${field}.${key}` : key, v);
    else rows.push({ part, record, field, value: value === null || value === undefined ? '' : String(value) });
  };
  for (const [module, sections] of Object.entries(held))
    for (const [section, value] of Object.entries((sections ?? {}) as Record<string, unknown>))
      walk(`${module}.${section}`, '', '', value);
  return rows;
}

/** One value of what a module holds about an account: its part, its place in a list, its field. */
export const PersonalDataRowView = Type.Object({
  part: Type.String({ description: 'The module and section, e.g. development.selfAssessments' }),
  record: Type.String({ description: 'Its place in a list (2, or 2.1 for a list within it)' }),
  field: Type.String({ description: 'A dotted path' }),
  value: Type.String(),
});
