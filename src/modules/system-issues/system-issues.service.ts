import type { Db } from '../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import {
  canEditOrganisation,
  PARTNERSHIP_KINDS,
  staffOrganisations,
  todayIso,
  type LandscapeService,
} from '../landscape/index.js';
import { listOfNames, namesIn } from './system-issues.domain.js';
import {
  createSystemIssuesRepository,
  type SystemIssue,
  type SystemIssuesRepository,
} from './system-issues.repository.js';

/** An issue as raised: what happened and where the system let people down; `namesNeeded` confirms a name it holds must stay. */
export interface IssueInput {
  title: string;
  whatHappened: string;
  whereFailed: string;
  raisedOn?: string;
  discussedOn?: string;
  namesNeeded?: boolean;
}

export interface ActionInput {
  description: string;
  ownerId?: number;
  dueOn?: string;
}

/** What the blame check reads, and how each field is named in its message. */
const CHECKED_FIELDS = {
  title: 'The title',
  whatHappened: 'What happened',
  whereFailed: 'Where the system let people down',
};

/**
 * A partnership's system issues log: issues raised without blame (what happened, where the
 * system let people down, not who), the actions agreed on them, and the agenda of the next
 * meeting. Staff of the partnership and of its member organisations read and write it; the
 * partnership's leaders close issues and alone see who raised each.
 */
export function createSystemIssuesService({
  db,
  landscape,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  audit: AuditService;
}) {
  const repo = createSystemIssuesRepository(db);

  /** A partnership whose log the actor may read (its staff, its members' staff, administrators); to anyone else it does not exist. */
  async function partnershipFor(actor: Actor | undefined, partnershipId: number) {
    const viewer = requireSignedIn(actor);
    const organisation = await landscape.getOrganisation(viewer, partnershipId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    if (!organisation || !PARTNERSHIP_KINDS.has(organisation.kind)) throw notFound('This system issues log');
    const members = await landscape.organisationAndMembers(viewer, partnershipId);
    if (!viewer.isAdmin && !staffOrganisations(viewer).some((id) => members.includes(id)))
      throw notFound('This system issues log');
    return {
      viewer,
      members,
      partnership: { id: organisation.id, name: organisation.name, kind: organisation.kind },
      leads: canEditOrganisation(viewer, partnershipId),
    };
  }

  async function issueFor(actor: Actor | undefined, id: number) {
    requireSignedIn(actor);
    const issue = await repo.find(id);
    if (!issue) throw notFound(`System issue ${id}`);
    return { ...(await partnershipFor(actor, issue.partnershipId)), issue };
  }

  /** An issue as its reader sees it: who raised it only for the partnership's leaders. */
  const issueView = (issue: SystemIssue, leads: boolean) => {
    const { raisedById, raisedByName, ...rest } = issue;
    void raisedById;
    return { ...rest, raisedBy: leads ? raisedByName : null };
  };

  function recorded<T>(
    actor: Actor,
    partnershipId: number,
    issueId: number | ((result: T) => number),
    write: (r: SystemIssuesRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createSystemIssuesRepository(trx)),
      (result) => ({
        action,
        entity: 'system-issue',
        entityId: typeof issueId === 'function' ? issueId(result) : issueId,
        organisationIds: [partnershipId],
        detail,
      }),
    );
  }

  /**
   * The blame check: an issue that names a person of the partnership's organisations is sent
   * back with the names found, unless the person raising it confirms the names are needed.
   */
  async function checkBlame(viewer: Actor, members: number[], input: IssueInput): Promise<void> {
    if (input.namesNeeded) return;
    const people = (await Promise.all(members.map((id) => landscape.listPeopleOfOrganisation(viewer, id)))).flat();
    const names = [...new Set(people.map((p) => p.name))];
    const problems: FieldProblem[] = [];
    for (const [field, label] of Object.entries(CHECKED_FIELDS)) {
      const found = namesIn(String(input[field as keyof typeof CHECKED_FIELDS] ?? ''), names);
      if (found.length)
        problems.push({
          field,
          rule: 'blame',
          message: `${label} names ${listOfNames(found)}. Say what happened and where the system let people down, rather than who; if the name is needed (for a role only they hold, say), tick the box to confirm it and save again.`,
        });
    }
    if (problems.length)
      throw new AppError(
        'validation',
        problems.length === 1
          ? problems[0]!.message
          : `This issue names people in ${problems.length} places. Say what happened and where the system let people down, rather than who; if the names are needed, tick the box to confirm them and save again.`,
        problems,
      );
  }

  function checkDay(field: string, day: string, label: string, earliest?: string): void {
    if (day > todayIso())
      throw new AppError('validation', `${label} cannot be in the future`, [
        { field, message: `${label} must be today or earlier` },
      ]);
    if (earliest && day < earliest)
      throw new AppError('validation', `${label} cannot be before the issue was raised`, [
        { field, message: `${label} must be on or after the day the issue was raised` },
      ]);
  }

  const service = {
    /** The partnerships the actor works in or whose member organisations they work in, each with its open issues. */
    async list(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      const own = staffOrganisations(viewer);
      if (!own.length) return [];
      const candidates = [...new Set([...own, ...(await landscape.partnershipsOf(own))])];
      const organisations = await Promise.all(candidates.map((id) => landscape.getOrganisation(viewer, id)));
      const partnerships = organisations
        .filter((o) => PARTNERSHIP_KINDS.has(o.kind))
        .sort((a, b) => a.name.localeCompare(b.name));
      const open = await repo.list(
        partnerships.map((p) => p.id),
        { openOnly: true },
      );
      return partnerships.map((p) => ({
        partnership: { id: p.id, name: p.name, kind: p.kind },
        openIssues: open
          .filter((i) => i.partnershipId === p.id)
          .map((i) => issueView(i, canEditOrganisation(viewer, p.id))),
      }));
    },

    /** A partnership's log: open issues first, then closed, with whether the actor leads it. */
    async log(actor: Actor | undefined, partnershipId: number) {
      const { partnership, leads } = await partnershipFor(actor, partnershipId);
      return { partnership, leads, issues: (await repo.list([partnershipId])).map((i) => issueView(i, leads)) };
    },

    /** The organisations that may own an action: the partnership and its members, by name. */
    async owners(actor: Actor | undefined, partnershipId: number) {
      const { viewer, members } = await partnershipFor(actor, partnershipId);
      const organisations = await Promise.all(members.map((id) => landscape.getOrganisation(viewer, id)));
      return organisations.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name));
    },

    /** The log's partnership, for the form that raises an issue in it. */
    async partnership(actor: Actor | undefined, partnershipId: number) {
      const { partnership, leads } = await partnershipFor(actor, partnershipId);
      return { partnership, leads };
    },

    async raise(actor: Actor | undefined, partnershipId: number, input: IssueInput): Promise<number> {
      const { viewer, members } = await partnershipFor(actor, partnershipId);
      const raisedOn = input.raisedOn ?? todayIso();
      checkDay('raisedOn', raisedOn, 'The day it was raised');
      if (input.discussedOn) checkDay('discussedOn', input.discussedOn, 'The meeting it was discussed at', raisedOn);
      await checkBlame(viewer, members, input);
      return recorded(
        viewer,
        partnershipId,
        (id: number) => id,
        (r) =>
          r.insert({
            partnershipId,
            title: input.title,
            whatHappened: input.whatHappened,
            whereFailed: input.whereFailed,
            raisedOn,
            raisedBy: accountIdOf(viewer),
            discussedOn: input.discussedOn ?? null,
          }),
        'create',
        input.namesNeeded ? { namesConfirmed: true } : {},
      );
    },

    /** An issue with its actions, and what the actor may do with it. */
    async get(actor: Actor | undefined, id: number) {
      const { partnership, leads, issue } = await issueFor(actor, id);
      return {
        partnership,
        leads,
        issue: issueView(issue, leads),
        actions: await repo.actionsOf(id),
        mayClose: leads && issue.status === 'open',
      };
    },

    /** Records the meeting an issue was discussed at. */
    async discussed(actor: Actor | undefined, id: number, discussedOn: string): Promise<void> {
      const { viewer, issue } = await issueFor(actor, id);
      if (issue.status !== 'open') throw new AppError('conflict', 'This issue is closed: it was discussed already');
      checkDay('discussedOn', discussedOn, 'The meeting it was discussed at', issue.raisedOn);
      await recorded(viewer, issue.partnershipId, id, (r) => r.setDiscussed(id, discussedOn), 'discussed', {
        discussedOn,
      });
    },

    async addAction(actor: Actor | undefined, id: number, input: ActionInput): Promise<number> {
      const { viewer, issue, members } = await issueFor(actor, id);
      if (issue.status !== 'open')
        throw new AppError('conflict', 'This issue is closed: actions are agreed on open issues');
      if (input.ownerId !== undefined && !members.includes(input.ownerId))
        throw new AppError('validation', 'Choose the owner from the partnership and its members', [
          { field: 'ownerId', message: 'Choose the organisation that owns the action from the list' },
        ]);
      return recorded(
        viewer,
        issue.partnershipId,
        id,
        (r) =>
          r.insertAction({
            issueId: id,
            description: input.description,
            ownerId: input.ownerId ?? null,
            dueOn: input.dueOn ?? null,
          }),
        'add-action',
      );
    },

    async completeAction(actor: Actor | undefined, id: number, actionId: number): Promise<void> {
      const { viewer, issue } = await issueFor(actor, id);
      if (issue.status !== 'open')
        throw new AppError('conflict', 'This issue is closed: its actions stand as they were');
      const action = await repo.findAction(id, actionId);
      if (!action) throw notFound(`Action ${actionId}`);
      if (action.doneOn) throw new AppError('conflict', 'This action is already done');
      await recorded(
        viewer,
        issue.partnershipId,
        id,
        (r) => r.completeAction(actionId, todayIso()),
        'complete-action',
        {
          actionId,
        },
      );
    },

    /** An issue the actor may close (a leader of its partnership, while it is open), for the page that asks them to confirm. */
    async closing(actor: Actor | undefined, id: number) {
      const found = await issueFor(actor, id);
      if (!found.leads) throw new AppError('forbidden', 'Only the partnership’s leaders can close an issue');
      if (found.issue.status === 'closed') throw new AppError('conflict', 'This issue is already closed');
      return { viewer: found.viewer, partnership: found.partnership, issue: issueView(found.issue, true) };
    },

    /** Closes an issue: the partnership's leaders only. */
    async close(actor: Actor | undefined, id: number): Promise<void> {
      const { viewer, issue } = await service.closing(actor, id);
      await recorded(viewer, issue.partnershipId, id, (r) => r.close(id, todayIso()), 'close');
    },

    /**
     * The agenda of a meeting of the partnership (today's unless a day is given): the open
     * issues raised by then and not discussed before it, oldest first, then the actions due by
     * then, soonest first.
     */
    async agenda(actor: Actor | undefined, partnershipId: number, meetingOn = todayIso()) {
      const { partnership, leads } = await partnershipFor(actor, partnershipId);
      const [issues, actions] = await Promise.all([
        repo.notYetDiscussed(partnershipId, meetingOn),
        repo.actionsDue(partnershipId, meetingOn),
      ]);
      return { partnership, meetingOn, issues: issues.map((i) => issueView(i, leads)), actions };
    },
  };
  return service;
}

export type SystemIssuesService = ReturnType<typeof createSystemIssuesService>;
