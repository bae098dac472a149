/**
 * The extent of system leadership, counted the way Hopkins & Higham's "System leadership:
 * mapping the landscape" (Table 1) counts it: role assignments held on a day, by role and
 * origin, by the five categories of their taxonomy, by phase and by local authority.
 * Shares are computed from the counts (never typed in), rounded half-up to one decimal.
 */
import { PHASES } from '../landscape.domain.js';

export const REPORT_DIMENSIONS = ['role', 'origin', 'category', 'phase', 'la'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const CATEGORY_LABELS: Record<string, string> = {
  '1': 'Leads an improvement partnership of schools',
  '2': 'Leads a school in very challenging circumstances',
  '3': 'Partners a school in difficulty and improves it',
  '4': 'Brokers partnerships with the wider community',
  '5': 'Change agent or expert leader',
  none: 'Outside the five categories',
};
const ORIGIN_LABELS: Record<string, string> = { local: 'Local', national: 'National', other: 'Other' };

/** One role assignment in force, with what the report groups it by. */
export interface AssignmentFact {
  personId: number;
  personName: string;
  roleCode: string;
  roleName: string;
  origin: string;
  category: number | null;
  organisationId: number;
  organisationName: string;
  organisationKind: string;
  organisationStatus: string;
  phase: string | null;
  laCode: string | null;
  laName: string | null;
}

export interface RoleInfo {
  code: string;
  name: string;
  origin: string;
  category: number | null;
}

export interface ReportRow {
  key: string;
  label: string;
  origin?: string;
  count: number;
  percent: number;
  /** For `la`: open schools in the authority (within the scope). */
  schools?: number;
  /** For `la`: how many of them have a leader holding at least one system role. */
  schoolsWithLeaders?: number;
  /** For `la`: that share, in percent. */
  schoolsWithLeadersPercent?: number;
}

export interface LandscapeReport {
  by: ReportDimension;
  asOf: string;
  scope: { ref: string; name: string } | null;
  rows: ReportRow[];
  total: number;
}

/** count / total in percent, rounded half-up to one decimal, in exact integer arithmetic. */
export function percentOf(count: number, total: number): number {
  if (total === 0) return 0;
  return Math.floor((2000 * count + total) / (2 * total)) / 10;
}

/** The key and label an assignment is counted under. */
export function keyOf(fact: AssignmentFact, by: ReportDimension): { key: string; label: string } {
  switch (by) {
    case 'role':
      return { key: fact.roleCode, label: fact.roleName };
    case 'origin':
      return { key: fact.origin, label: ORIGIN_LABELS[fact.origin] ?? fact.origin };
    case 'category': {
      const key = fact.category === null ? 'none' : String(fact.category);
      return { key, label: CATEGORY_LABELS[key]! };
    }
    case 'phase':
      return fact.organisationKind === 'school' && fact.phase
        ? { key: fact.phase, label: PHASES[fact.phase as keyof typeof PHASES] ?? fact.phase }
        : { key: 'none', label: 'Held outside a school' };
    case 'la':
      return fact.laCode
        ? { key: fact.laCode, label: fact.laName ?? fact.laCode }
        : { key: 'none', label: 'No local authority' };
  }
}

/**
 * Counts facts under one dimension. Role, origin and category list every value of the
 * taxonomy (zero where none is held); `la` counts distinct leaders and adds the share of
 * the authority's open schools with at least one system leader.
 */
export function buildReport(
  by: ReportDimension,
  facts: AssignmentFact[],
  roles: RoleInfo[],
  openSchoolsByLa: Map<string, number>,
): Pick<LandscapeReport, 'rows' | 'total'> {
  const rows = new Map<string, ReportRow>();
  const seed = (key: string, label: string, origin?: string) =>
    rows.set(key, { key, label, ...(origin ? { origin } : {}), count: 0, percent: 0 });
  if (by === 'role') for (const r of roles) seed(r.code, r.name, r.origin);
  if (by === 'origin') for (const o of ['local', 'national', 'other']) seed(o, ORIGIN_LABELS[o]!);
  if (by === 'category') for (const c of ['1', '2', '3', '4', '5', 'none']) seed(c, CATEGORY_LABELS[c]!);

  if (by === 'la') {
    const leaders = new Map<string, Set<number>>();
    const schoolsWithLeaders = new Map<string, Set<number>>();
    for (const fact of facts) {
      const { key, label } = keyOf(fact, by);
      if (!rows.has(key)) seed(key, label);
      (leaders.get(key) ?? leaders.set(key, new Set()).get(key)!).add(fact.personId);
      if (fact.organisationKind === 'school' && fact.organisationStatus === 'open') {
        (schoolsWithLeaders.get(key) ?? schoolsWithLeaders.set(key, new Set()).get(key)!).add(fact.organisationId);
      }
    }
    for (const row of rows.values()) {
      row.count = leaders.get(row.key)?.size ?? 0;
      const schools = openSchoolsByLa.get(row.key) ?? 0;
      const withLeaders = schoolsWithLeaders.get(row.key)?.size ?? 0;
      Object.assign(row, {
        schools,
        schoolsWithLeaders: withLeaders,
        schoolsWithLeadersPercent: percentOf(withLeaders, schools),
      });
    }
  } else {
    for (const fact of facts) {
      const { key, label } = keyOf(fact, by);
      const row = rows.get(key) ?? seed(key, label).get(key)!;
      row.count++;
    }
  }
  const list = [...rows.values()];
  const total = list.reduce((sum, r) => sum + r.count, 0);
  for (const row of list) row.percent = percentOf(row.count, total);
  if (by === 'phase' || by === 'la') list.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { rows: list, total };
}
