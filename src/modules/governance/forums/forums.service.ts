import type { Db } from '../../../db/database.js';
import { toCsv } from '../../../platform/csv/csv-writer.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../../platform/http/require-actor.js';
import { canEditOrganisation, todayIso } from '../../landscape/index.js';
import type { ForumRecord } from '../governance.access.js';
import { mayConduct, maySee, narrower, type ForumReader } from '../governance.domain.js';
import type { GovernancePartContext } from '../governance.part.js';
import { electedByVotes } from './forums.domain.js';
import type {
  AnswerInput,
  AttendanceInput,
  CandidateInput,
  CloseInput,
  ElectionInput,
  ForumInput,
  ForumUpdate,
  ItemInput,
  MeetingInput,
  MemberInput,
  MemberUpdate,
  PaperInput,
  RecommendationInput,
  VotesInput,
} from './forums.schemas.js';

/** The entity of a recommendation's audit entries, whose events tell the forums' leads. */
export const RECOMMENDATION_ENTITY = 'forum-recommendation';

const invalid = (field: string, message: string, summary = message) =>
  new AppError('validation', summary, [{ field, message }]);

/** The partnership's roster and attendance are read by its people; a public forum's readers see its business, not its people. */
const seesPeople = (reader: ForumReader) => maySee('partnership', reader);

/**
 * The forums of a partnership's governance: each an organisation of kind `forum` in the landscape
 * with a record of its own; its members for a term, elections to it (a closed one is a record
 * nothing changes), meetings whose agenda opens with the partnership's system issues log, papers
 * never read more widely than the forum, and recommendations to the forum it feeds, answered there.
 * Who sees and who conducts is asked of `access`, whose rule is the domain's.
 */
export function createForumsPart({ db, access, landscape, audit, systemIssues }: GovernancePartContext) {
  /** A write of a forum's business and its audit entry, together. */
  function recorded<T>(
    actor: Actor,
    forumId: number,
    entity: string,
    entityId: number | ((result: T) => number),
    action: string,
    write: (trx: Db) => Promise<T>,
    detail: Record<string, unknown> = {},
    organisationIds: number[] = [forumId],
  ): Promise<T> {
    return audit.recorded(actor, write, (result) => ({
      action,
      entity,
      entityId: typeof entityId === 'function' ? entityId(result) : entityId,
      organisationIds,
      detail,
    }));
  }

  async function forumOf(forumId: number): Promise<ForumRecord | undefined> {
    return db
      .selectFrom('forums as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select(['f.organisation_id as id', 'o.name', 'f.partnership_id as partnershipId', 'f.kind', 'f.purpose'])
      .select(['f.feeds_id as feedsId', 'f.visibility'])
      .where('f.organisation_id', '=', forumId)
      .executeTakeFirst();
  }

  /** The forum a forum may feed: another of the same partnership, and not one that (through others) feeds it. */
  async function checkFeeds(partnershipId: number, feedsId: number, forumId?: number): Promise<void> {
    const target = await forumOf(feedsId);
    if (!target || target.partnershipId !== partnershipId)
      throw invalid('feedsId', 'Choose a forum of the same partnership for it to feed');
    for (let at: ForumRecord | undefined = target, steps = 0; at && steps < 100; steps++) {
      if (at.id === forumId)
        throw invalid('feedsId', 'A forum cannot feed itself, nor a forum that feeds it: choose another');
      at = at.feedsId ? await forumOf(at.feedsId) : undefined;
    }
  }

  const memberColumns = [
    'm.id',
    'm.name',
    'm.person_id as personId',
    'm.represents_id as representsId',
    'r.name as representsName',
    'm.role',
    'm.term_from as termFrom',
    'm.term_to as termTo',
    'm.left_on as leftOn',
    'm.election_id as electionId',
  ] as const;

  const membersOf = (forumId: number) =>
    db
      .selectFrom('forum_members as m')
      .leftJoin('organisations as r', 'r.id', 'm.represents_id')
      .select(memberColumns)
      .where('m.forum_id', '=', forumId)
      .orderBy('m.left_on', (ob) => ob.desc().nullsFirst())
      .orderBy('m.name')
      .execute();

  const recommendations = () =>
    db
      .selectFrom('recommendations as r')
      .innerJoin('organisations as f', 'f.id', 'r.from_forum_id')
      .innerJoin('organisations as t', 't.id', 'r.to_forum_id')
      .select([
        'r.id',
        'r.from_forum_id as fromForumId',
        'f.name as fromForumName',
        'r.to_forum_id as toForumId',
        't.name as toForumName',
        'r.meeting_id as meetingId',
        'r.title',
        'r.body',
        'r.made_on as madeOn',
        'r.response',
        'r.answer',
        'r.answered_on as answeredOn',
      ])
      .orderBy('r.made_on', 'desc')
      .orderBy('r.id', 'desc');

  const electionColumns = [
    'id',
    'forum_id as forumId',
    'title',
    'seats',
    'electorate',
    'electorate_note as electorateNote',
    'opens_on as opensOn',
    'closes_on as closesOn',
    'closed_at as closedAt',
    'turnout',
  ] as const;
  /** An election as read: closed or not, rather than when. */
  const electionView = (e: {
    id: number;
    title: string;
    seats: number;
    electorate: string;
    electorateNote: string;
    opensOn: string;
    closesOn: string;
    closedAt: Date | null;
    turnout: number | null;
  }) => ({
    id: e.id,
    title: e.title,
    seats: e.seats,
    electorate: e.electorate,
    electorateNote: e.electorateNote,
    opensOn: e.opensOn,
    closesOn: e.closesOn,
    closed: e.closedAt !== null,
    turnout: e.turnout,
  });

  /** An election and its forum as the actor may see it; `open` also refuses once it has closed. */
  async function electionFor(actor: Actor | undefined, id: number, { conduct = false, open = false } = {}) {
    const row = await db.selectFrom('elections').select(electionColumns).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('This election');
    const found = await (conduct ? access.conducting : access.forum).call(access, actor, row.forumId);
    if (open && row.closedAt)
      throw new AppError(
        'conflict',
        'This election has closed: its candidates, votes and result are a record and cannot be changed',
      );
    return { ...found, row };
  }

  async function meetingFor(actor: Actor | undefined, id: number, conduct = false) {
    const row = await db
      .selectFrom('meetings')
      .select(['id', 'forum_id as forumId', 'title', 'held_on as heldOn', 'status', 'minutes'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('This meeting');
    const found = await (conduct ? access.conducting : access.forum).call(access, actor, row.forumId);
    return { ...found, meeting: row };
  }

  async function recommendationFor(actor: Actor | undefined, id: number) {
    const row = await recommendations().where('r.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('This recommendation');
    const [from, to] = await Promise.all([
      access.forum(actor, row.fromForumId).catch(() => undefined),
      access.forum(actor, row.toForumId).catch(() => undefined),
    ]);
    if (!from && !to) throw notFound('This recommendation');
    return { row, mayAnswer: to !== undefined && mayConduct(to.reader) && row.response === null, to };
  }

  const nextPosition = async (trx: Db, meetingId: number) => {
    const row = await trx
      .selectFrom('meeting_items')
      .select((eb) => eb.fn.max<number>('position').as('last'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  };

  const part = {
    /** A forum's record, without asking who reads it: for notifications and the other parts' own checks. */
    forumOf,

    /** A partnership's forums the actor may see, and whether they lead the partnership (and may make one). */
    async forumsOf(actor: Actor | undefined, partnershipId: number) {
      const { partnership, leads } = await access.partnership(actor, partnershipId);
      const rows = await db
        .selectFrom('forums')
        .select('organisation_id as id')
        .where('partnership_id', '=', partnershipId)
        .execute();
      const forums: ForumRecord[] = [];
      for (const { id } of rows) {
        const found = await access.forum(actor, id).catch(() => undefined);
        if (found) forums.push(found.forum);
      }
      forums.sort((a, b) => a.name.localeCompare(b.name));
      return { partnership, leads: leads && !actor?.isAdmin, forums };
    },

    /** Makes a forum of a partnership: its organisation in the landscape (a member of the partnership), then its record. */
    async createForum(actor: Actor | undefined, partnershipId: number, input: ForumInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { leads } = await access.partnership(viewer, partnershipId);
      if (!leads || viewer.isAdmin)
        throw new AppError('forbidden', 'Only a leader of the partnership may make one of its forums');
      if (input.feedsId !== undefined) await checkFeeds(partnershipId, input.feedsId);
      const organisation = await landscape.createForumOrganisation(viewer, { name: input.name, partnershipId });
      const id = organisation.id;
      await recorded(
        viewer,
        id,
        'forum',
        id,
        'create',
        (trx) =>
          trx
            .insertInto('forums')
            .values({
              organisation_id: id,
              partnership_id: partnershipId,
              kind: input.kind,
              purpose: input.purpose ?? '',
              feeds_id: input.feedsId ?? null,
              visibility: input.visibility,
            })
            .execute(),
        { ...input, partnershipId },
        [id, partnershipId],
      );
      return id;
    },

    /** Changes a forum's kind, purpose, the forum it feeds or who may read it: its leads (its name is its organisation's). */
    async updateForum(actor: Actor | undefined, forumId: number, input: ForumUpdate): Promise<void> {
      const { forum } = await access.conducting(actor, forumId);
      if (input.feedsId) await checkFeeds(forum.partnershipId, input.feedsId, forumId);
      await recorded(
        actor!,
        forumId,
        'forum',
        forumId,
        'update',
        (trx) =>
          trx
            .updateTable('forums')
            .set({
              ...(input.kind !== undefined ? { kind: input.kind } : {}),
              ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
              ...(input.feedsId !== undefined ? { feeds_id: input.feedsId } : {}),
              ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
            })
            .where('organisation_id', '=', forumId)
            .execute(),
        { ...input },
      );
    },

    /** A forum as its reader sees it: the roster only to the partnership's people; papers are the meeting's. */
    async forumPage(actor: Actor | undefined, forumId: number) {
      const { forum, reader } = await access.forum(actor, forumId);
      const [feeds, fedBy, members, meetings, elections, made, received] = await Promise.all([
        forum.feedsId ? forumOf(forum.feedsId) : undefined,
        db
          .selectFrom('forums as f')
          .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
          .select(['o.id', 'o.name'])
          .where('f.feeds_id', '=', forumId)
          .orderBy('o.name')
          .execute(),
        seesPeople(reader) ? membersOf(forumId) : null,
        db
          .selectFrom('meetings')
          .select(['id', 'title', 'held_on as heldOn', 'status'])
          .where('forum_id', '=', forumId)
          .orderBy('held_on', 'desc')
          .execute(),
        db
          .selectFrom('elections')
          .select(electionColumns)
          .where('forum_id', '=', forumId)
          .orderBy('opens_on', 'desc')
          .execute(),
        recommendations().where('r.from_forum_id', '=', forumId).execute(),
        recommendations().where('r.to_forum_id', '=', forumId).execute(),
      ]);
      return {
        forum,
        feeds: feeds ? { id: feeds.id, name: feeds.name } : null,
        fedBy,
        mayConduct: mayConduct(reader),
        members,
        meetings,
        elections: elections.map(electionView),
        made,
        received,
      };
    },

    async addForumMember(actor: Actor | undefined, forumId: number, input: MemberInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      await access.conducting(viewer, forumId);
      if (input.termTo && input.termTo < input.termFrom)
        throw invalid('termTo', 'The end of the term must be on or after its start');
      return recorded(
        viewer,
        forumId,
        'forum-member',
        (id: number) => id,
        'create',
        async (trx) =>
          (
            await trx
              .insertInto('forum_members')
              .values({
                forum_id: forumId,
                name: input.name,
                person_id: input.personId ?? null,
                represents_id: input.representsId ?? null,
                role: input.role,
                term_from: input.termFrom,
                term_to: input.termTo ?? null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { ...input },
      );
    },

    /** Changes a member's role or term, or records the day they left. */
    async updateForumMember(
      actor: Actor | undefined,
      forumId: number,
      memberId: number,
      input: MemberUpdate,
    ): Promise<void> {
      const viewer = requireSignedIn(actor);
      await access.conducting(viewer, forumId);
      const member = await db
        .selectFrom('forum_members')
        .select(['term_from as termFrom'])
        .where('id', '=', memberId)
        .where('forum_id', '=', forumId)
        .executeTakeFirst();
      if (!member) throw notFound('This member of the forum');
      if (input.termTo && input.termTo < member.termFrom)
        throw invalid('termTo', 'The end of the term must be on or after its start');
      if (input.leftOn && input.leftOn < member.termFrom)
        throw invalid('leftOn', 'The day they left must be on or after the start of their term');
      await recorded(
        viewer,
        forumId,
        'forum-member',
        memberId,
        'update',
        (trx) =>
          trx
            .updateTable('forum_members')
            .set({
              ...(input.role !== undefined ? { role: input.role } : {}),
              ...(input.termTo !== undefined ? { term_to: input.termTo } : {}),
              ...(input.leftOn !== undefined ? { left_on: input.leftOn } : {}),
            })
            .where('id', '=', memberId)
            .execute(),
        { ...input },
      );
    },

    async openElection(actor: Actor | undefined, forumId: number, input: ElectionInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      await access.conducting(viewer, forumId);
      if (input.closesOn < input.opensOn) throw invalid('closesOn', 'The election must close on or after it opens');
      return recorded(
        viewer,
        forumId,
        'election',
        (id: number) => id,
        'create',
        async (trx) =>
          (
            await trx
              .insertInto('elections')
              .values({
                forum_id: forumId,
                title: input.title,
                seats: input.seats,
                electorate: input.electorate,
                electorate_note: input.electorateNote ?? '',
                opens_on: input.opensOn,
                closes_on: input.closesOn,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { ...input },
      );
    },

    /** An election with its candidates, their votes and who was elected. */
    async election(actor: Actor | undefined, id: number) {
      const { forum, reader, row } = await electionFor(actor, id);
      const candidates = await db
        .selectFrom('election_candidates')
        .select(['id', 'name', 'person_id as personId', 'organisation_id as organisationId', 'statement', 'votes'])
        .select('elected')
        .where('election_id', '=', id)
        .orderBy('id')
        .execute();
      return { forum, mayConduct: mayConduct(reader), election: electionView(row), candidates };
    },

    async addCandidate(actor: Actor | undefined, electionId: number, input: CandidateInput): Promise<number> {
      const { forum } = await electionFor(actor, electionId, { conduct: true, open: true });
      return recorded(
        actor!,
        forum.id,
        'election',
        electionId,
        'add-candidate',
        async (trx) =>
          (
            await trx
              .insertInto('election_candidates')
              .values({
                election_id: electionId,
                name: input.name,
                person_id: input.personId ?? null,
                organisation_id: input.organisationId ?? null,
                statement: input.statement ?? '',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { ...input },
      );
    },

    /** Records the votes each candidate had (a count given again replaces the one before). */
    async recordVotes(actor: Actor | undefined, electionId: number, input: VotesInput): Promise<void> {
      const { forum } = await electionFor(actor, electionId, { conduct: true, open: true });
      const ids = new Set(
        (await db.selectFrom('election_candidates').select('id').where('election_id', '=', electionId).execute()).map(
          (c) => c.id,
        ),
      );
      if (input.votes.some((v) => !ids.has(v.candidateId)))
        throw invalid('votes', 'Record votes only for the candidates of this election');
      await recorded(
        actor!,
        forum.id,
        'election',
        electionId,
        'record-votes',
        async (trx) => {
          for (const v of input.votes)
            await trx
              .updateTable('election_candidates')
              .set({ votes: v.votes })
              .where('id', '=', v.candidateId)
              .execute();
        },
        { votes: input.votes },
      );
    },

    /**
     * Closes an election: records its turnout and who was elected (those named, or else the most
     * votes for its seats), and adds them to the forum's members from the day it closed. After
     * this nothing of the election can change.
     */
    async closeElection(actor: Actor | undefined, electionId: number, input: CloseInput): Promise<void> {
      const { forum, row } = await electionFor(actor, electionId, { conduct: true, open: true });
      const candidates = await db
        .selectFrom('election_candidates')
        .select(['id', 'name', 'person_id as personId', 'organisation_id as organisationId', 'votes'])
        .where('election_id', '=', electionId)
        .execute();
      if (!candidates.length) throw invalid('electedIds', 'Add the candidates before closing the election');
      const byVotes = electedByVotes(candidates, row.seats);
      if (!input.electedIds && byVotes.tied)
        throw invalid(
          'electedIds',
          'The last seat is tied on votes: tick who was elected, as the forum’s rules settle it',
        );
      const elected = input.electedIds ?? byVotes.elected;
      if (!elected.length) throw invalid('electedIds', 'Record the votes, or say who was elected, before closing');
      if (elected.some((id) => !candidates.some((c) => c.id === id)))
        throw invalid('electedIds', 'Choose who was elected from the candidates of this election');
      if (new Set(elected).size > row.seats)
        throw invalid(
          'electedIds',
          `This election fills ${row.seats} ${row.seats === 1 ? 'seat' : 'seats'}: choose no more people than that`,
        );
      const today = todayIso();
      await recorded(
        actor!,
        forum.id,
        'election',
        electionId,
        'close',
        async (trx) => {
          await trx.updateTable('election_candidates').set({ elected: true }).where('id', 'in', elected).execute();
          for (const c of candidates.filter((c) => elected.includes(c.id)))
            await trx
              .insertInto('forum_members')
              .values({
                forum_id: forum.id,
                name: c.name,
                person_id: c.personId,
                represents_id: c.organisationId,
                role: 'member',
                term_from: today,
                election_id: electionId,
              })
              .execute();
          await trx
            .updateTable('elections')
            .set({ closed_at: new Date(), turnout: input.turnout })
            .where('id', '=', electionId)
            .execute();
        },
        { turnout: input.turnout, elected },
      );
    },

    /**
     * Plans a meeting. Its agenda opens with the partnership's system issues log as it stands for
     * that day (issues not yet discussed, then actions due), then the recommendations the forum
     * has received and not yet answered; the lead adds other business after.
     */
    async planMeeting(actor: Actor | undefined, forumId: number, input: MeetingInput): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { forum } = await access.conducting(viewer, forumId);
      // The log is the partnership's business: it opens the agenda when the one planning may read it.
      const log = await systemIssues.agenda(viewer, forum.partnershipId, input.heldOn).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return { issues: [], actions: [] };
        throw error;
      });
      const waiting = await recommendations()
        .where('r.to_forum_id', '=', forumId)
        .where('r.response', 'is', null)
        .execute();
      const items = [
        ...log.issues.map((i) => ({ title: `System issue: ${i.title}`, source: 'system-issue' as const, ref: i.id })),
        ...log.actions.map((a) => ({
          title: `Action due: ${a.description}`,
          source: 'system-issue' as const,
          ref: a.issueId,
        })),
        ...waiting.map((r) => ({
          title: `Recommendation from ${r.fromForumName}: ${r.title}`,
          source: 'recommendation' as const,
          ref: r.id,
        })),
      ];
      return recorded(
        viewer,
        forumId,
        'meeting',
        (id: number) => id,
        'create',
        async (trx) => {
          const { id } = await trx
            .insertInto('meetings')
            .values({ forum_id: forumId, title: input.title, held_on: input.heldOn })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (items.length)
            await trx
              .insertInto('meeting_items')
              .values(
                items.map((item, n) => ({
                  meeting_id: id,
                  position: n + 1,
                  title: item.title,
                  source: item.source,
                  ref_id: item.ref,
                })),
              )
              .execute();
          return id;
        },
        { ...input, items: items.length },
      );
    },

    /** Adds an item at the end of a planned meeting's agenda (other business, or a review or escalation due). */
    async addAgendaItem(actor: Actor | undefined, meetingId: number, input: ItemInput): Promise<number> {
      const { forum, meeting } = await meetingFor(actor, meetingId, true);
      if (meeting.status === 'held')
        throw new AppError('conflict', 'This meeting has been held: its agenda stands as it was');
      return recorded(
        actor!,
        forum.id,
        'meeting',
        meetingId,
        'add-item',
        async (trx) =>
          (
            await trx
              .insertInto('meeting_items')
              .values({
                meeting_id: meetingId,
                position: await nextPosition(trx, meetingId),
                title: input.title,
                source: input.source ?? 'other',
                ref_id: input.refId ?? null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { ...input },
      );
    },

    /** A meeting: its agenda, the papers the reader may see, attendance (to the partnership's people) and minutes. */
    async meeting(actor: Actor | undefined, meetingId: number) {
      const { forum, reader, meeting } = await meetingFor(actor, meetingId);
      const [items, papers, attendance] = await Promise.all([
        db
          .selectFrom('meeting_items')
          .select(['id', 'position', 'title', 'source'])
          .where('meeting_id', '=', meetingId)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('meeting_papers')
          .select(['id', 'meeting_id as meetingId', 'title', 'body', 'visibility'])
          .where('meeting_id', '=', meetingId)
          .orderBy('id')
          .execute(),
        seesPeople(reader)
          ? db
              .selectFrom('forum_members as m')
              .leftJoin('meeting_attendance as a', (join) =>
                join.onRef('a.member_id', '=', 'm.id').on('a.meeting_id', '=', meetingId),
              )
              .select(['m.id as memberId', 'm.name', 'a.status'])
              .where('m.forum_id', '=', forum.id)
              .where((eb) =>
                eb.or([
                  eb('a.status', 'is not', null),
                  eb('m.left_on', 'is', null),
                  eb('m.left_on', '>=', meeting.heldOn),
                ]),
              )
              .where('m.term_from', '<=', meeting.heldOn)
              .orderBy('m.name')
              .execute()
          : null,
      ]);
      return {
        forum,
        mayConduct: mayConduct(reader),
        meeting: { ...meeting, minutes: meeting.status === 'held' ? meeting.minutes : null },
        // The system issues log is the partnership's: its items are for the partnership's people.
        items: seesPeople(reader) ? items : items.filter((i) => i.source !== 'system-issue'),
        papers: papers.filter((p) => maySee(p.visibility, reader)),
        attendance,
      };
    },

    /** Adds a paper to a meeting, seen no more widely than the forum itself. */
    async addPaper(actor: Actor | undefined, meetingId: number, input: PaperInput): Promise<number> {
      const { forum } = await meetingFor(actor, meetingId, true);
      const visibility = narrower(input.visibility, forum.visibility);
      return recorded(
        actor!,
        forum.id,
        'meeting-paper',
        (id: number) => id,
        'create',
        async (trx) =>
          (
            await trx
              .insertInto('meeting_papers')
              .values({
                meeting_id: meetingId,
                title: input.title,
                body: input.body ?? '',
                visibility,
                added_by: accountIdOf(actor!),
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { title: input.title, visibility, meetingId },
      );
    },

    /** A paper, to whoever may see both its forum and the paper; to anyone else it does not exist. */
    async paper(actor: Actor | undefined, paperId: number) {
      const row = await db
        .selectFrom('meeting_papers')
        .select(['id', 'meeting_id as meetingId', 'title', 'body', 'visibility'])
        .where('id', '=', paperId)
        .executeTakeFirst();
      if (!row) throw notFound('This paper');
      const { forum, reader, meeting } = await meetingFor(actor, row.meetingId).catch(() => {
        throw notFound('This paper');
      });
      if (!maySee(narrower(row.visibility, forum.visibility), reader)) throw notFound('This paper');
      return {
        forum,
        meeting: { id: meeting.id, title: meeting.title, heldOn: meeting.heldOn, status: meeting.status },
        paper: row,
      };
    },

    /** Records who was present, sent apologies or was absent: the forum's members only. */
    async recordAttendance(actor: Actor | undefined, meetingId: number, input: AttendanceInput): Promise<void> {
      const { forum } = await meetingFor(actor, meetingId, true);
      const members = new Set(
        (await db.selectFrom('forum_members').select('id').where('forum_id', '=', forum.id).execute()).map((m) => m.id),
      );
      if (input.attendance.some((a) => !members.has(a.memberId)))
        throw invalid('attendance', 'Record attendance only for members of this forum');
      await recorded(
        actor!,
        forum.id,
        'meeting',
        meetingId,
        'attendance',
        async (trx) => {
          for (const a of input.attendance)
            await trx
              .insertInto('meeting_attendance')
              .values({ meeting_id: meetingId, member_id: a.memberId, status: a.status })
              .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doUpdateSet({ status: a.status }))
              .execute();
        },
        { attendance: input.attendance },
      );
    },

    /** Records a held meeting's minutes (a new save replaces them, and is audited as a change). */
    async recordMinutes(actor: Actor | undefined, meetingId: number, minutes: string): Promise<void> {
      const { forum, meeting } = await meetingFor(actor, meetingId, true);
      if (meeting.heldOn > todayIso())
        throw invalid('minutes', 'Minutes are recorded once the meeting has been held: this one is still to come');
      await recorded(
        actor!,
        forum.id,
        'meeting',
        meetingId,
        meeting.status === 'held' ? 'edit-minutes' : 'minutes',
        (trx) =>
          trx
            .updateTable('meetings')
            .set({ status: 'held', minutes, minutes_by: accountIdOf(actor!), minutes_at: new Date() })
            .where('id', '=', meetingId)
            .execute(),
        { replaced: meeting.minutes },
      );
    },

    /** A forum's lead recommends to the forum it feeds, and to no other; that forum's leads are told. */
    async recommend(actor: Actor | undefined, forumId: number, input: RecommendationInput): Promise<number> {
      const { forum } = await access.conducting(actor, forumId);
      if (forum.feedsId === null)
        throw invalid('toForumId', 'This forum feeds no other forum: say which it feeds before recommending');
      if (input.toForumId !== forum.feedsId)
        throw invalid('toForumId', 'A forum recommends to the forum it feeds, and to no other');
      if (input.meetingId !== undefined) {
        const meeting = await db
          .selectFrom('meetings')
          .select('id')
          .where('id', '=', input.meetingId)
          .where('forum_id', '=', forumId)
          .executeTakeFirst();
        if (!meeting) throw invalid('meetingId', 'Choose one of this forum’s meetings');
      }
      return recorded(
        actor!,
        forumId,
        RECOMMENDATION_ENTITY,
        (id: number) => id,
        'create',
        async (trx) =>
          (
            await trx
              .insertInto('recommendations')
              .values({
                from_forum_id: forumId,
                to_forum_id: input.toForumId,
                meeting_id: input.meetingId ?? null,
                title: input.title,
                body: input.body ?? '',
                made_on: todayIso(),
                made_by: accountIdOf(actor!),
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        { title: input.title, fromForumId: forumId, toForumId: input.toForumId },
        [forumId, input.toForumId],
      );
    },

    /** A recommendation, to those who may see the forum that made it or the one it went to. */
    async recommendation(actor: Actor | undefined, id: number) {
      const { row, mayAnswer } = await recommendationFor(actor, id);
      return { recommendation: row, mayAnswer };
    },

    /** The receiving forum's leads answer a recommendation, once; the recommending forum's leads are told. */
    async answerRecommendation(actor: Actor | undefined, id: number, input: AnswerInput): Promise<void> {
      const { row, to } = await recommendationFor(actor, id);
      if (!to || !mayConduct(to.reader))
        throw new AppError('forbidden', 'Only the chair or clerk of the forum it went to may answer a recommendation');
      if (row.response !== null) throw new AppError('conflict', 'This recommendation has been answered already');
      await recorded(
        actor!,
        row.toForumId,
        RECOMMENDATION_ENTITY,
        id,
        'answer',
        (trx) =>
          trx
            .updateTable('recommendations')
            .set({
              response: input.response,
              answer: input.answer,
              answered_on: todayIso(),
              answered_by: accountIdOf(actor!),
            })
            .where('id', '=', id)
            .execute(),
        { response: input.response, title: row.title, fromForumId: row.fromForumId, toForumId: row.toForumId },
        [row.fromForumId, row.toForumId],
      );
    },

    /** Recommendations waiting for an answer from forums the actor leads (or whose partnership they lead). */
    async recommendationsWaiting(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      const led = viewer.memberships
        .filter((m) => canEditOrganisation(viewer, m.organisationId))
        .map((m) => m.organisationId);
      if (!led.length || viewer.isAdmin) return [];
      const rows = await recommendations()
        .innerJoin('forums as tf', 'tf.organisation_id', 'r.to_forum_id')
        .where('r.response', 'is', null)
        .where((eb) => eb.or([eb('r.to_forum_id', 'in', led), eb('tf.partnership_id', 'in', led)]))
        .execute();
      return rows;
    },

    /** A forum's members and their attendance at each meeting, as CSV: to those who may read its roster. */
    async forumMembersCsv(actor: Actor | undefined, forumId: number): Promise<string> {
      const { forum, reader } = await access.forum(actor, forumId);
      if (!seesPeople(reader)) throw notFound('This forum’s members');
      const [members, meetings, attendance] = await Promise.all([
        membersOf(forumId),
        db
          .selectFrom('meetings')
          .select(['id', 'title', 'held_on as heldOn'])
          .where('forum_id', '=', forum.id)
          .orderBy('held_on')
          .execute(),
        db
          .selectFrom('meeting_attendance as a')
          .innerJoin('meetings as mt', 'mt.id', 'a.meeting_id')
          .select(['a.meeting_id as meetingId', 'a.member_id as memberId', 'a.status'])
          .where('mt.forum_id', '=', forum.id)
          .execute(),
      ]);
      const statusOf = new Map(attendance.map((a) => [`${a.meetingId}:${a.memberId}`, a.status]));
      return toCsv(
        [
          'Name',
          'Role',
          'Represents',
          'Term from',
          'Term to',
          'Left on',
          'Elected',
          ...meetings.map((m) => `${m.heldOn} ${m.title}`),
        ],
        members.map((m) => [
          m.name,
          m.role,
          m.representsName ?? '',
          m.termFrom,
          m.termTo ?? '',
          m.leftOn ?? '',
          m.electionId ? 'yes' : 'no',
          ...meetings.map((mt) => statusOf.get(`${mt.id}:${m.id}`) ?? ''),
        ]),
      );
    },
  };
  return part;
}
