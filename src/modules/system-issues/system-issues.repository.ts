import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** A system issue as stored, with the name of the account that raised it (for the partnership's leaders only). */
export interface SystemIssue {
  id: number;
  partnershipId: number;
  title: string;
  whatHappened: string;
  whereFailed: string;
  raisedOn: string;
  raisedById: number | null;
  raisedByName: string | null;
  status: 'open' | 'closed';
  discussedOn: string | null;
  closedOn: string | null;
  /** Its actions not yet done. */
  openActions: number;
}

export interface SystemIssueAction {
  id: number;
  issueId: number;
  description: string;
  ownerId: number | null;
  ownerName: string | null;
  dueOn: string | null;
  doneOn: string | null;
}

export interface SystemIssueInput {
  partnershipId: number;
  title: string;
  whatHappened: string;
  whereFailed: string;
  raisedOn: string;
  raisedBy: number | null;
  discussedOn: string | null;
}

/** The SQL of partnerships' system issues logs: issues and the actions agreed on them. */
export function createSystemIssuesRepository(db: Db) {
  const issues = () =>
    db
      .selectFrom('system_issues as i')
      .leftJoin('users as u', 'u.id', 'i.raised_by')
      .select([
        'i.id',
        'i.partnership_id as partnershipId',
        'i.title',
        'i.what_happened as whatHappened',
        'i.where_failed as whereFailed',
        'i.raised_on as raisedOn',
        'i.raised_by as raisedById',
        'u.name as raisedByName',
        'i.status',
        'i.discussed_on as discussedOn',
        'i.closed_on as closedOn',
        sql<number>`(select count(*)::int from system_issue_actions a where a.issue_id = i.id and a.done_on is null)`.as(
          'openActions',
        ),
      ]);
  const actions = () =>
    db
      .selectFrom('system_issue_actions as a')
      .leftJoin('organisations as o', 'o.id', 'a.owner_id')
      .select([
        'a.id',
        'a.issue_id as issueId',
        'a.description',
        'a.owner_id as ownerId',
        'o.name as ownerName',
        'a.due_on as dueOn',
        'a.done_on as doneOn',
      ]);
  return {
    async insert(input: SystemIssueInput): Promise<number> {
      const row = await db
        .insertInto('system_issues')
        .values({
          partnership_id: input.partnershipId,
          title: input.title,
          what_happened: input.whatHappened,
          where_failed: input.whereFailed,
          raised_on: input.raisedOn,
          raised_by: input.raisedBy,
          discussed_on: input.discussedOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    find(id: number): Promise<SystemIssue | undefined> {
      return issues().where('i.id', '=', id).executeTakeFirst();
    },

    /** The issues of these partnerships: open ones first, each kind oldest raised first. */
    list(partnershipIds: number[], options: { openOnly?: boolean } = {}): Promise<SystemIssue[]> {
      if (!partnershipIds.length) return Promise.resolve([]);
      let query = issues().where('i.partnership_id', 'in', partnershipIds);
      if (options.openOnly) query = query.where('i.status', '=', 'open');
      return query
        .orderBy(sql`i.status = 'closed'`)
        .orderBy('i.raised_on')
        .orderBy('i.id')
        .execute();
    },

    /** The open issues of a partnership raised by a meeting on this day and not discussed before it, oldest raised first. */
    notYetDiscussed(partnershipId: number, meetingOn: string): Promise<SystemIssue[]> {
      return issues()
        .where('i.partnership_id', '=', partnershipId)
        .where('i.status', '=', 'open')
        .where('i.raised_on', '<=', meetingOn)
        .where((eb) => eb.or([eb('i.discussed_on', 'is', null), eb('i.discussed_on', '>=', meetingOn)]))
        .orderBy('i.raised_on')
        .orderBy('i.id')
        .execute();
    },

    async setDiscussed(id: number, discussedOn: string): Promise<void> {
      await db.updateTable('system_issues').set({ discussed_on: discussedOn }).where('id', '=', id).execute();
    },

    async close(id: number, closedOn: string): Promise<void> {
      await db
        .updateTable('system_issues')
        .set({ status: 'closed', closed_on: closedOn })
        .where('id', '=', id)
        .execute();
    },

    actionsOf(issueId: number): Promise<SystemIssueAction[]> {
      return actions()
        .where('a.issue_id', '=', issueId)
        .orderBy(sql`a.done_on is not null`)
        .orderBy(sql`a.due_on nulls last`)
        .orderBy('a.id')
        .execute();
    },

    /** The actions of a partnership's issues not done and due by a day, soonest due first, with their issue's title. */
    actionsDue(partnershipId: number, by: string): Promise<Array<SystemIssueAction & { issueTitle: string }>> {
      return actions()
        .innerJoin('system_issues as i', 'i.id', 'a.issue_id')
        .select('i.title as issueTitle')
        .where('i.partnership_id', '=', partnershipId)
        .where('a.done_on', 'is', null)
        .where('a.due_on', '<=', by)
        .orderBy('a.due_on')
        .orderBy('a.id')
        .execute();
    },

    async insertAction(input: {
      issueId: number;
      description: string;
      ownerId: number | null;
      dueOn: string | null;
    }): Promise<number> {
      const row = await db
        .insertInto('system_issue_actions')
        .values({
          issue_id: input.issueId,
          description: input.description,
          owner_id: input.ownerId,
          due_on: input.dueOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findAction(issueId: number, actionId: number): Promise<SystemIssueAction | undefined> {
      return actions().where('a.issue_id', '=', issueId).where('a.id', '=', actionId).executeTakeFirst();
    },

    async completeAction(actionId: number, doneOn: string): Promise<void> {
      await db.updateTable('system_issue_actions').set({ done_on: doneOn }).where('id', '=', actionId).execute();
    },
  };
}

export type SystemIssuesRepository = ReturnType<typeof createSystemIssuesRepository>;
