import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import { normaliseEmail } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { DevelopmentService } from '../development/index.js';
import { todayIso } from '../landscape/index.js';
import {
  CAPACITY,
  nextStatus,
  STATUS_TEXT,
  suggestMentors,
  type MentorCandidate,
  type RelationStep,
} from './mentoring.domain.js';
import {
  createMentoringRepository,
  type MentoringRepository,
  type Note,
  type Relation,
  type RelationChange,
} from './mentoring.repository.js';

/** What a form or API client gives for an offer to mentor. */
export interface OfferInput {
  componentIds: number[];
  capacity?: number;
  note?: string;
}

/**
 * A proposal: a mentee asks a mentor (`mentorId`), or a mentor offers to mentor someone
 * (`menteeId` or `menteeEmail`). A mentee may let the mentor read their development record.
 */
export interface ProposalInput {
  mentorId?: number;
  menteeId?: number;
  menteeEmail?: string;
  componentIds?: number[];
  shareRecord?: boolean;
}

/** A step of a relation; an early end needs a reason, and the mentee chooses whether to stop sharing. */
export interface StepInput {
  step: RelationStep;
  reason?: string;
  shareRecord?: boolean;
  stopSharing?: boolean;
}

export interface NoteInput {
  metOn?: string;
  body: string;
}

/**
 * Mentoring between system leaders. An account offers to mentor (components it has
 * experience in, how many mentees it takes at once); the network suggests mentors for a
 * leader's goal; a relation is proposed by one side and agreed by the other, becomes active,
 * and ends, completed or early. A relation and its meeting notes are the two people's only:
 * to anyone else, administrators and the readers of the mentee's development record
 * included, they do not exist. The audit trail records each step and that a note was
 * written, never what it says.
 */
export function createMentoringService({
  db,
  audit,
  development,
}: {
  db: Db;
  audit: AuditService;
  development: DevelopmentService;
}) {
  const repo = createMentoringRepository(db);

  /** The account acting: mentoring is between people signed in, never the command line or a job. */
  function personOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0)
      throw new AppError('forbidden', 'Mentoring is between people signed in to their accounts');
    return signedIn;
  }

  function recorded<T>(
    actor: Actor,
    entity: string,
    entityId: number | ((result: T) => number),
    write: (r: MentoringRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createMentoringRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof entityId === 'function' ? entityId(result) : entityId,
        // About no organisation: no organisation's leaders read these entries of the trail.
        organisationIds: [],
        detail,
      }),
    );
  }

  /** A relation the actor is one side of; to anyone else (administrators included) it does not exist. */
  async function partyOf(actor: Actor | undefined, id: number) {
    const me = personOf(actor);
    const relation = await repo.relation(id);
    if (!relation || (relation.menteeId !== me.userId && relation.mentorId !== me.userId))
      throw notFound(`Mentoring relation ${id}`);
    return { me, relation, side: relation.menteeId === me.userId ? ('mentee' as const) : ('mentor' as const) };
  }

  /** The components by id, refused in a person's words when one is not of any framework. */
  async function checkedComponents(ids: number[], field = 'componentIds') {
    const unique = [...new Set(ids)];
    const found = await development.components(unique);
    if (found.length !== unique.length)
      throw new AppError('validation', 'Choose components from the frameworks listed', [
        { field, message: 'Choose components from the frameworks listed' },
      ]);
    return found;
  }

  async function capacityOf(mentorId: number) {
    const offer = await repo.offerOf(mentorId);
    const capacity = offer?.capacity ?? CAPACITY.default;
    const taken = (await repo.placesTaken([mentorId])).get(mentorId) ?? 0;
    return { offer, capacity, taken };
  }

  const namesOf = async (ids: number[]) =>
    new Map((await development.components(ids)).map((c) => [c.id, c.name] as const));

  function view(relation: Relation, userId: number, names: Map<number, string>) {
    const side = relation.menteeId === userId ? ('mentee' as const) : ('mentor' as const);
    return {
      id: relation.id,
      side,
      mentee: { userId: relation.menteeId, name: relation.menteeName },
      mentor: { userId: relation.mentorId, name: relation.mentorName },
      otherName: side === 'mentee' ? relation.mentorName : relation.menteeName,
      proposedByMe: relation.proposedBy === userId,
      status: relation.status,
      statusText: STATUS_TEXT[relation.status],
      components: relation.componentIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      proposedOn: relation.proposedOn,
      agreedOn: relation.agreedOn,
      startedOn: relation.startedOn,
      endedOn: relation.endedOn,
      endReason: relation.endReason,
      /** The steps the actor may take now. */
      steps: (['agree', 'decline', 'start', 'complete', 'end-early'] as const).filter(
        (step) => nextStatus(relation.status, step, { proposer: relation.proposedBy === userId, reason: 'x' }).ok,
      ),
    };
  }

  const viewNote = (n: Note) => ({
    id: n.id,
    metOn: n.metOn,
    body: n.body,
    authorName: n.authorName ?? 'A former account',
    authorId: n.authorId,
  });

  async function viewAll(relations: Relation[], userId: number) {
    const names = await namesOf([...new Set(relations.flatMap((r) => r.componentIds))]);
    return relations.map((r) => view(r, userId, names));
  }

  async function offerView(userId: number) {
    const offer = await repo.offerOf(userId);
    if (!offer || offer.withdrawnAt) return null;
    const names = await namesOf(offer.componentIds);
    const taken = (await repo.placesTaken([userId])).get(userId) ?? 0;
    return {
      capacity: offer.capacity,
      note: offer.note,
      taken,
      components: offer.componentIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      offeredAt: offer.offeredAt,
    };
  }

  function refuseAtCapacity(mentorIsMe: boolean, mentorName: string, capacity: number): never {
    const message = mentorIsMe
      ? `You already mentor as many people as you offered to (${capacity}): raise the number on your mentor offer, or end a mentoring relation first`
      : `${mentorName} already mentors as many people as they offered to: choose another mentor`;
    throw new AppError('conflict', message);
  }

  /** A relation of the actor's, with its steps and meeting notes, and whether the mentee shares their record. */
  async function relationOf(actor: Actor | undefined, id: number) {
    const { me, relation } = await partyOf(actor, id);
    const [viewed] = await viewAll([relation], me.userId);
    return {
      ...viewed!,
      recordShared: await development.isShared(relation.menteeId, relation.mentorId),
      notes: (await repo.notesOf([id])).map(viewNote),
    };
  }

  return {
    /** The frameworks whose components an offer or a goal is made of. */
    frameworks: (actor: Actor | undefined) => development.frameworks(actor),

    /** The actor's offer to mentor while it stands, with how many places are taken; null when they do not offer. */
    async offer(actor: Actor | undefined) {
      return offerView(personOf(actor).userId);
    },

    /** Offers (or changes the offer) to mentor: components of experience, capacity 1–6 (2 unless given), a note. */
    async setOffer(actor: Actor | undefined, input: OfferInput) {
      const me = personOf(actor);
      const capacity = input.capacity ?? CAPACITY.default;
      if (!Number.isInteger(capacity) || capacity < CAPACITY.min || capacity > CAPACITY.max)
        throw new AppError('validation', 'Choose how many mentees you take at once, from 1 to 6', [
          { field: 'capacity', message: 'Choose how many mentees you take at once, from 1 to 6' },
        ]);
      if (!input.componentIds.length)
        throw new AppError('validation', 'Choose at least one component you offer experience in', [
          { field: 'componentIds', message: 'Choose at least one component you offer experience in' },
        ]);
      const components = await checkedComponents(input.componentIds);
      const note = (input.note ?? '').trim();
      if (note.length > 1000)
        throw new AppError('validation', 'Keep the note to 1,000 characters or fewer', [
          { field: 'note', message: 'Keep the note to 1,000 characters or fewer' },
        ]);
      await recorded(
        me,
        'mentor-offer',
        me.userId,
        (r) => r.saveOffer(me.userId, { capacity, note, componentIds: components.map((c) => c.id) }),
        'offer',
        { capacity, componentIds: components.map((c) => c.id) },
      );
      return (await offerView(me.userId))!;
    },

    /** Stops offering to mentor: no longer suggested; relations already agreed go on. */
    async stopOffering(actor: Actor | undefined): Promise<void> {
      const me = personOf(actor);
      const offer = await repo.offerOf(me.userId);
      if (!offer || offer.withdrawnAt) throw notFound('Your offer to mentor');
      await recorded(me, 'mentor-offer', me.userId, (r) => r.withdrawOffer(me.userId), 'withdraw');
    },

    /**
     * The mentors the network suggests for the actor, best first, for the components they
     * want to grow in; people of their own organisations only when asked.
     */
    async suggestions(actor: Actor | undefined, query: { componentIds: number[]; includeOwnOrganisation: boolean }) {
      const me = personOf(actor);
      const wanted = (await development.components([...new Set(query.componentIds)])).map((c) => c.id);
      const offers = await repo.standingOffers();
      const ids = offers.map((o) => o.userId);
      const strengths = await development.offeredStrengths();
      const [organisations, roles, taken, mine] = await Promise.all([
        repo.organisationsOf([...ids, me.userId]),
        repo.rolesOf(ids, todayIso()),
        repo.placesTaken(ids),
        repo.relationsOf(me.userId),
      ]);
      const candidates: MentorCandidate[] = offers.map((o) => ({
        userId: o.userId,
        name: o.name,
        organisationIds: organisations.get(o.userId) ?? [],
        offeredComponentIds: o.componentIds,
        strengthComponentIds: strengths.filter((s) => s.userId === o.userId).map((s) => s.componentId),
        roleCodes: roles.get(o.userId) ?? [],
        capacity: o.capacity,
        taken: taken.get(o.userId) ?? 0,
        note: o.note,
      }));
      const componentNames = await namesOf([
        ...new Set([...wanted, ...candidates.flatMap((c) => c.offeredComponentIds)]),
      ]);
      return {
        wanted: wanted.map((id) => ({ id, name: componentNames.get(id) ?? '' })),
        includeOwnOrganisation: query.includeOwnOrganisation,
        suggestions: suggestMentors({
          candidates,
          wantedComponentIds: wanted,
          componentNames,
          menteeId: me.userId,
          menteeOrganisationIds: organisations.get(me.userId) ?? [],
          includeOwnOrganisation: query.includeOwnOrganisation,
          alreadyWith: mine
            .filter((r) => r.menteeId === me.userId && ['proposed', 'agreed', 'active'].includes(r.status))
            .map((r) => r.mentorId),
        }),
      };
    },

    /** Proposes a mentoring relation, as mentee (to a mentor who offers) or as mentor (to a colleague). */
    async propose(actor: Actor | undefined, input: ProposalInput) {
      const me = personOf(actor);
      const asMentee = input.mentorId !== undefined;
      let other: { userId: number; name: string } | undefined;
      if (asMentee) other = await repo.account(input.mentorId!);
      else if (input.menteeId !== undefined) other = await repo.account(input.menteeId);
      else if (input.menteeEmail) other = await repo.accountByEmail(normaliseEmail(input.menteeEmail));
      else
        throw new AppError('validation', 'Choose a mentor, or give the email address of the person to mentor', [
          { field: 'menteeEmail', message: 'Give the email address of the person you offer to mentor' },
        ]);
      if (!other)
        throw new AppError('validation', 'No one has an account with this email address', [
          {
            field: asMentee ? 'mentorId' : 'menteeEmail',
            message: asMentee
              ? 'Choose a mentor from the suggestions'
              : 'No one has an account with this email address',
          },
        ]);
      if (other.userId === me.userId)
        throw new AppError('validation', 'You cannot mentor yourself: choose someone else', [
          { field: asMentee ? 'mentorId' : 'menteeEmail', message: 'You cannot mentor yourself: choose someone else' },
        ]);
      const menteeId = asMentee ? me.userId : other.userId;
      const mentorId = asMentee ? other.userId : me.userId;
      const { offer, capacity, taken } = await capacityOf(mentorId);
      if (asMentee && (!offer || offer.withdrawnAt))
        throw new AppError('conflict', `${other.name} is not offering to mentor at the moment: choose another mentor`);
      if (taken >= capacity) refuseAtCapacity(!asMentee, other.name, capacity);
      if (await repo.openBetween(menteeId, mentorId))
        throw new AppError('conflict', `You and ${other.name} already have a mentoring relation proposed or under way`);
      const components = await checkedComponents(input.componentIds ?? []);
      const id = await recorded(
        me,
        'mentoring-relation',
        (created: number) => created,
        (r) =>
          r.insertRelation({
            menteeId,
            mentorId,
            proposedBy: me.userId,
            componentIds: components.map((c) => c.id),
            proposedOn: todayIso(),
          }),
        'propose',
        { menteeId, mentorId },
      );
      if (asMentee && input.shareRecord) await development.share(me, { userId: mentorId, relation: 'mentor' });
      return relationOf(me, id);
    },

    /** A relation of the actor's, with its steps and meeting notes, and whether the mentee shares their record. */
    get: relationOf,

    /** The actor's relations as mentee and as mentor, proposals waiting for their answer, and their offer. */
    async mine(actor: Actor | undefined) {
      const me = personOf(actor);
      const all = await viewAll(await repo.relationsOf(me.userId), me.userId);
      return {
        offer: await offerView(me.userId),
        waiting: all.filter((r) => r.status === 'proposed' && !r.proposedByMe),
        asMentee: all.filter((r) => r.side === 'mentee'),
        asMentor: all.filter((r) => r.side === 'mentor'),
      };
    },

    /** Takes a step of a relation: agree or decline a proposal, start it, complete it or end it early. */
    async step(actor: Actor | undefined, id: number, input: StepInput) {
      const { me, relation, side } = await partyOf(actor, id);
      const reason = input.reason?.trim();
      const next = nextStatus(relation.status, input.step, { proposer: relation.proposedBy === me.userId, reason });
      if (!next.ok) {
        if (input.step === 'end-early' && (relation.status === 'agreed' || relation.status === 'active'))
          throw new AppError('validation', next.message, [{ field: 'reason', message: next.message }]);
        throw new AppError('conflict', next.message);
      }
      if (input.step === 'agree') {
        const { capacity, taken } = await capacityOf(relation.mentorId);
        if (taken >= capacity) refuseAtCapacity(side === 'mentor', relation.mentorName, capacity);
      }
      const today = todayIso();
      const change: RelationChange = { status: next.status };
      if (input.step === 'agree') change.agreed_on = today;
      if (input.step === 'start') change.started_on = today;
      if (input.step === 'decline' || input.step === 'complete' || input.step === 'end-early') change.ended_on = today;
      if (input.step === 'end-early') change.end_reason = reason!;
      const action = input.step === 'complete' || input.step === 'end-early' ? 'end' : input.step;
      const changed = await recorded(
        me,
        'mentoring-relation',
        id,
        (r) => r.changeRelation(id, relation.status, change),
        action,
        { status: next.status, menteeId: relation.menteeId, mentorId: relation.mentorId },
      );
      if (!changed)
        throw new AppError('conflict', 'This mentoring relation changed while you were reading it: look again');
      if (side === 'mentee' && input.step === 'agree' && input.shareRecord)
        await development.share(me, { userId: relation.mentorId, relation: 'mentor' });
      if (
        side === 'mentee' &&
        (action === 'end' || input.step === 'decline') &&
        input.stopSharing !== false &&
        (await development.isShared(me.userId, relation.mentorId))
      )
        await development.unshare(me, relation.mentorId);
      return relationOf(me, id);
    },

    /** The mentee stops letting the mentor read their development record. */
    async stopSharing(actor: Actor | undefined, id: number): Promise<void> {
      const { me, relation, side } = await partyOf(actor, id);
      if (side !== 'mentee')
        throw new AppError('forbidden', 'Only the mentee chooses who reads their development record');
      await development.unshare(me, relation.mentorId);
    },

    /** The mentee lets the mentor read their development record. */
    async shareRecord(actor: Actor | undefined, id: number): Promise<void> {
      const { me, relation, side } = await partyOf(actor, id);
      if (side !== 'mentee')
        throw new AppError('forbidden', 'Only the mentee chooses who reads their development record');
      if (relation.status !== 'agreed' && relation.status !== 'active' && relation.status !== 'proposed')
        throw new AppError(
          'conflict',
          'This mentoring has ended: share your record from your development page instead',
        );
      await development.share(me, { userId: relation.mentorId, relation: 'mentor' });
    },

    /** Notes a meeting (either side); the first note of an agreed relation makes it active. */
    async addNote(actor: Actor | undefined, id: number, input: NoteInput) {
      const { me, relation } = await partyOf(actor, id);
      if (relation.status !== 'agreed' && relation.status !== 'active')
        throw new AppError('conflict', 'Meeting notes are kept while the mentoring is agreed or active');
      const metOn = input.metOn ?? todayIso();
      if (metOn > todayIso())
        throw new AppError('validation', 'The date of a meeting cannot be in the future', [
          { field: 'metOn', message: 'The date of the meeting must be today or earlier' },
        ]);
      const body = input.body.trim();
      if (!body)
        throw new AppError('validation', 'Enter what you talked about', [
          { field: 'body', message: 'Enter what you talked about' },
        ]);
      const noteId = await recorded(
        me,
        'mentoring-note',
        (created: number) => created,
        async (r) => {
          if (relation.status === 'agreed')
            await r.changeRelation(id, 'agreed', { status: 'active', started_on: todayIso() });
          return r.insertNote(id, me.userId, metOn, body);
        },
        'create',
        { relationId: id },
      );
      return viewNote((await repo.notesOf([id])).find((n) => n.id === noteId)!);
    },

    /** For notifications: the two sides of a relation, by name, and where it stands (nothing of its notes). */
    async notice(id: number) {
      const r = await repo.relation(id);
      return r
        ? {
            menteeId: r.menteeId,
            menteeName: r.menteeName,
            mentorId: r.mentorId,
            mentorName: r.mentorName,
            proposedBy: r.proposedBy,
            status: r.status,
          }
        : undefined;
    },

    /**
     * For system health (the background job only): how many mentoring relations were under way on a
     * day with both the mentee and the mentor belonging to, or working at, one of these organisations.
     */
    async relationsActiveWithin(actor: Actor | undefined, organisationIds: number[], day: string): Promise<number> {
      requireAdmin(actor, 'count the mentoring across the system');
      const relations = await repo.relationsActiveOn(day);
      const organisations = await repo.organisationsOf([
        ...new Set(relations.flatMap((r) => [r.menteeId, r.mentorId])),
      ]);
      const inScope = new Set(organisationIds);
      const within = (userId: number) => (organisations.get(userId) ?? []).some((id) => inScope.has(id));
      return relations.filter((r) => within(r.menteeId) && within(r.mentorId)).length;
    },

    /** Everything this module holds about an account, for its own export and a subject access request. */
    async personalData(userId: number) {
      const offer = await repo.offerOf(userId);
      const relations = await repo.relationsOf(userId);
      const names = await namesOf([
        ...new Set([...(offer?.componentIds ?? []), ...relations.flatMap((r) => r.componentIds)]),
      ]);
      const notes = await repo.notesOf(relations.map((r) => r.id));
      return {
        mentorOffer: offer
          ? {
              capacity: offer.capacity,
              note: offer.note,
              components: offer.componentIds.map((id) => names.get(id) ?? ''),
              offeredAt: offer.offeredAt,
              withdrawnAt: offer.withdrawnAt,
            }
          : null,
        relations: relations.map((r) => ({
          as: r.menteeId === userId ? 'mentee' : 'mentor',
          with: r.menteeId === userId ? r.mentorName : r.menteeName,
          status: STATUS_TEXT[r.status],
          goal: r.componentIds.map((id) => names.get(id) ?? ''),
          proposedOn: r.proposedOn,
          agreedOn: r.agreedOn,
          startedOn: r.startedOn,
          endedOn: r.endedOn,
          endReason: r.endReason,
          notes: notes
            .filter((n) => n.relationId === r.id)
            .map((n) => ({
              metOn: n.metOn,
              writtenBy: n.authorId === userId ? 'you' : (n.authorName ?? ''),
              body: n.body,
            })),
        })),
      };
    },
  };
}

export type MentoringService = ReturnType<typeof createMentoringService>;
