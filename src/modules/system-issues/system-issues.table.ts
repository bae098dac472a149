import type { ColumnType, Generated } from 'kysely';

/** An issue a partnership raised without blame: what happened and where the system let people down. */
export interface SystemIssuesTable {
  id: Generated<number>;
  partnership_id: number;
  title: string;
  what_happened: string;
  where_failed: string;
  raised_on: string;
  raised_by: number | null;
  status: Generated<'open' | 'closed'>;
  discussed_on: string | null;
  closed_on: string | null;
  created_at: ColumnType<Date, never, never>;
}

/** An action agreed on an issue, owned by an organisation. */
export interface SystemIssueActionsTable {
  id: Generated<number>;
  issue_id: number;
  description: string;
  owner_id: number | null;
  due_on: string | null;
  done_on: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface SystemIssuesTables {
  system_issues: SystemIssuesTable;
  system_issue_actions: SystemIssueActionsTable;
}
