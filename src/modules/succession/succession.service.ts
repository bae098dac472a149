import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { PARTNERSHIP_KINDS, todayIso, type LandscapeService } from '../landscape/index.js';
import {
  HEADSHIP,
  headshipGap,
  isMonth,
  monthLabel,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATUSES,
  OTHER_POST,
} from './succession.domain.js';
import {
  createSuccessionRepository,
  type Intention,
  type Opportunity,
  type SuccessionRepository,
} from './succession.repository.js';

/** What a form or API client gives for an opportunity; no schools means across the partnership. */
export interface OpportunityInput {
  title: string;
  kind: string;
  schoolIds?: number[];
  asks: string;
  suits?: string | null;
  closesOn: string;
}

/** A change of an opportunity's status; filling names an account that expressed interest, or a name. */
export interface StatusInput {
  status: 'open' | 'closed' | 'filled';
  filledByUserId?: number | null;
  filledByName?: string | null;
}

/** A succession intention: developing towards a role, or planning to leave a post around a month. */
export interface IntentionInput {
  kind: 'towards' | 'leaving';
  role: string;
  organisationId?: number | null;
  leavingMonth?: string | null;
  note?: string | null;
  /** The partnerships to share it with at once (none by default). */
  shareWith?: number[];
}

const EDITING = new Set(['leader', 'coordinator']);

/**
 * Opportunities and succession in a partnership. A partnership's leaders offer posts, stretch
 * roles, secondments and projects; its members and its member schools' members read them and
 * express interest, which only the partnership's leaders and the person see. Each leader keeps
 * their own succession intentions and shares each, if they choose, with a partnership, whose
 * leaders then see it in the succession view; withdrawn, it is gone from that view at once.
 * Administrators see how many intentions are shared, never whose.
 */
export function createSuccessionService({
  db,
  landscape,
  audit,
}: {
  db: Db;
  landscape: LandscapeService;
  audit: AuditService;
}) {
  const repo = createSuccessionRepository(db);

  /** The account acting: opportunities and intentions belong to a person signed in. */
  function personOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0) throw new AppError('forbidden', 'Succession belongs to a person signed in');
    return signedIn;
  }

  /** Leads the organisation by membership (an administrator's rights do not count here). */
  const leads = (actor: Actor, organisationId: number) =>
    actor.memberships.some((m) => m.organisationId === organisationId && EDITING.has(m.role));

  async function partnershipOf(id: number, what: string) {
    const [organisation] = await repo.organisations([id]);
    if (!organisation || !PARTNERSHIP_KINDS.has(organisation.kind)) throw notFound(what);
    return organisation;
  }

  /** The partnerships the actor belongs to, or whose member organisations they belong to (any membership). */
  async function partnershipsOf(actor: Actor) {
    const own = actor.memberships.map((m) => m.organisationId);
    if (!own.length) return [];
    const candidates = [...new Set([...own, ...(await landscape.partnershipsOf(own))])];
    return (await repo.organisations(candidates)).filter((o) => PARTNERSHIP_KINDS.has(o.kind));
  }

  /** The partnership's member organisations today (not itself). */
  async function membersOf(actor: Actor, partnershipId: number): Promise<number[]> {
    return (await landscape.organisationAndMembers(actor, partnershipId)).filter((id) => id !== partnershipId);
  }

  /** An opportunity the actor may read: they belong to its partnership or one of its members; else it does not exist. */
  async function opportunityFor(actor: Actor | undefined, id: number) {
    const viewer = personOf(actor);
    const opportunity = await repo.findOpportunity(id);
    if (!opportunity) throw notFound(`Opportunity ${id}`);
    const reach = [opportunity.partnershipId, ...(await membersOf(viewer, opportunity.partnershipId))];
    if (!viewer.memberships.some((m) => reach.includes(m.organisationId))) throw notFound(`Opportunity ${id}`);
    return { viewer, opportunity, leads: leads(viewer, opportunity.partnershipId) };
  }

  function recorded<T>(
    actor: Actor,
    entity: string,
    entityId: number | ((result: T) => number),
    organisationIds: number[],
    write: (r: SuccessionRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createSuccessionRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof entityId === 'function' ? entityId(result) : entityId,
        organisationIds,
        detail,
      }),
    );
  }

  const invalid = (field: string, message: string) => new AppError('validation', message, [{ field, message }]);

  async function opportunityView(o: Opportunity, mayLead: boolean) {
    const organisations = await repo.organisations([o.partnershipId, ...o.schoolIds]);
    const partnership = organisations.find((x) => x.id === o.partnershipId)!;
    const open = o.status === 'open' && o.closesOn >= todayIso();
    return {
      id: o.id,
      partnership: { id: partnership.id, name: partnership.name },
      title: o.title,
      kind: o.kind,
      kindLabel: OPPORTUNITY_KINDS[o.kind] ?? o.kind,
      schools: organisations.filter((x) => o.schoolIds.includes(x.id)).map((x) => ({ id: x.id, name: x.name })),
      acrossPartnership: o.schoolIds.length === 0,
      asks: o.asks,
      suits: o.suits,
      closesOn: o.closesOn,
      status: o.status,
      statusLabel: o.status === 'open' && !open ? 'Closed' : (OPPORTUNITY_STATUSES[o.status] ?? o.status),
      open,
      // Who filled it is for the partnership's leaders.
      filledBy: mayLead ? o.filledByName : null,
    };
  }

  async function checkedOpportunity(actor: Actor, partnershipId: number, input: OpportunityInput) {
    if (!OPPORTUNITY_KINDS[input.kind])
      throw invalid('kind', 'Choose whether it is a post, a stretch role, a secondment or a project to lead');
    const schoolIds = [...new Set(input.schoolIds ?? [])];
    const members = await membersOf(actor, partnershipId);
    if (schoolIds.some((id) => !members.includes(id)))
      throw invalid('schoolIds', 'Choose schools of the partnership, or none for across the partnership');
    if (input.closesOn < todayIso()) throw invalid('closesOn', 'The closing date must be today or later');
    return {
      title: input.title.trim(),
      kind: input.kind,
      schoolIds,
      asks: input.asks.trim(),
      suits: input.suits?.trim() || null,
      closesOn: input.closesOn,
    };
  }

  /** The roles an intention may name: a headship, the landscape's roles, and (for a post left) another post. */
  async function roleChoices() {
    return [{ code: HEADSHIP, name: 'Headship of a school' }, ...(await repo.roles())];
  }

  async function roleName(code: string, roles?: Array<{ code: string; name: string }>) {
    if (code === OTHER_POST) return 'Another post';
    return ((roles ?? (await roleChoices())).find((r) => r.code === code)?.name ?? code) as string;
  }

  async function intentionView(
    i: Intention,
    shares: number[],
    names: Map<number, string>,
    roles: Array<{ code: string; name: string }>,
  ) {
    return {
      id: i.id,
      kind: i.kind,
      role: i.role,
      roleName: await roleName(i.role, roles),
      organisationId: i.organisationId,
      organisationName: i.organisationId ? (names.get(i.organisationId) ?? null) : null,
      leavingMonth: i.leavingMonth,
      leavingLabel: monthLabel(i.leavingMonth),
      note: i.note,
      sharedWith: shares.map((id) => ({ id, name: names.get(id) ?? '' })),
    };
  }

  async function ownIntention(actor: Actor | undefined, id: number) {
    const owner = personOf(actor);
    const intention = await repo.findIntention(id);
    if (!intention || intention.userId !== owner.userId) throw notFound(`Succession intention ${id}`);
    return { owner, intention };
  }

  async function checkedShare(owner: Actor, partnershipId: number, field = 'partnershipId') {
    if (!(await partnershipsOf(owner)).some((p) => p.id === partnershipId))
      throw invalid(field, 'Choose one of your partnerships to share with');
  }

  const service = {
    kinds: () => OPPORTUNITY_KINDS,

    /** The partnerships the actor belongs to (or whose members they belong to), and which of them they lead. */
    async partnerships(actor: Actor | undefined) {
      const viewer = personOf(actor);
      return (await partnershipsOf(viewer)).map((p) => ({ id: p.id, name: p.name, leads: leads(viewer, p.id) }));
    },

    /** A partnership the actor leads, with its member schools, for the form that posts an opportunity. */
    async postingIn(actor: Actor | undefined, partnershipId: number) {
      const viewer = personOf(actor);
      const partnership = await partnershipOf(partnershipId, 'This partnership');
      if (!leads(viewer, partnershipId))
        throw new AppError('forbidden', 'Only the leaders of a partnership post its opportunities');
      const schools = await repo.organisations(await membersOf(viewer, partnershipId));
      return { partnership: { id: partnership.id, name: partnership.name }, schools };
    },

    /** Open opportunities of the actor's partnerships, soonest closing first, with whether they expressed interest. */
    async list(actor: Actor | undefined, { all = false } = {}) {
      const viewer = personOf(actor);
      const partnerships = await partnershipsOf(viewer);
      const found = await repo.listOpportunities(
        partnerships.map((p) => p.id),
        { openOnly: !all },
      );
      const mine = new Set((await repo.interestsOf(viewer.userId)).map((x) => x.opportunityId));
      const views = await Promise.all(
        found.map(async (o) => ({
          ...(await opportunityView(o, leads(viewer, o.partnershipId))),
          interested: mine.has(o.id),
        })),
      );
      return all ? views : views.filter((v) => v.open);
    },

    /** One opportunity: the interests for its partnership's leaders, and the actor's own interest. */
    async get(actor: Actor | undefined, id: number) {
      const { viewer, opportunity, leads: mayLead } = await opportunityFor(actor, id);
      const interests = await repo.interestsIn(id);
      const own = interests.find((x) => x.userId === viewer.userId);
      return {
        opportunity: await opportunityView(opportunity, mayLead),
        leads: mayLead,
        interests: mayLead
          ? interests.map((x) => ({ userId: x.userId, name: x.name, email: x.email, note: x.note }))
          : null,
        myInterest: own ? { note: own.note } : null,
      };
    },

    async post(actor: Actor | undefined, partnershipId: number, input: OpportunityInput): Promise<number> {
      const viewer = personOf(actor);
      await service.postingIn(viewer, partnershipId);
      const values = await checkedOpportunity(viewer, partnershipId, input);
      return recorded(
        viewer,
        'opportunity',
        (id: number) => id,
        [partnershipId],
        (r) => r.insertOpportunity(partnershipId, viewer.userId, values),
        'create',
      );
    },

    /** Opens, closes or fills an opportunity (its partnership's leaders). */
    async setStatus(actor: Actor | undefined, id: number, input: StatusInput) {
      const { viewer, opportunity, leads: mayLead } = await opportunityFor(actor, id);
      if (!mayLead) throw new AppError('forbidden', 'Only the leaders of the partnership change an opportunity');
      if (!OPPORTUNITY_STATUSES[input.status]) throw invalid('status', 'Choose open, closed or filled');
      let filled = { userId: null as number | null, name: null as string | null };
      if (input.status === 'filled') {
        if (input.filledByUserId) {
          const interest = (await repo.interestsIn(id)).find((x) => x.userId === input.filledByUserId);
          if (!interest) throw invalid('filledByUserId', 'Choose someone who expressed interest, or type a name');
          filled = { userId: interest.userId, name: interest.name };
        } else if (input.filledByName?.trim()) filled = { userId: null, name: input.filledByName.trim() };
        else throw invalid('filledByName', 'Say who filled it: choose someone who expressed interest, or type a name');
      }
      await recorded(
        viewer,
        'opportunity',
        id,
        [opportunity.partnershipId],
        (r) => r.setStatus(id, input.status, filled),
        input.status === 'filled' ? 'fill' : 'status',
        { status: input.status },
      );
      return service.get(viewer, id);
    },

    /** Expresses the actor's interest in an open opportunity, with a short note. */
    async express(actor: Actor | undefined, id: number, note: string) {
      const { viewer, opportunity } = await opportunityFor(actor, id);
      if (opportunity.status !== 'open' || opportunity.closesOn < todayIso())
        throw new AppError('conflict', 'This opportunity has closed: interest can no longer be expressed');
      const text = note.trim();
      if (!text) throw invalid('note', 'Say in a few words why it interests you');
      const added = await recorded(
        viewer,
        'opportunity-interest',
        id,
        [opportunity.partnershipId],
        (r) => r.express(id, viewer.userId, text),
        'express',
        { userId: viewer.userId },
      );
      if (!added) throw new AppError('conflict', 'You have already expressed interest in this opportunity');
      return service.get(viewer, id);
    },

    /** Withdraws the actor's interest. */
    async withdraw(actor: Actor | undefined, id: number): Promise<void> {
      const { viewer, opportunity } = await opportunityFor(actor, id);
      const gone = await recorded(
        viewer,
        'opportunity-interest',
        id,
        [opportunity.partnershipId],
        (r) => r.withdraw(id, viewer.userId),
        'withdraw',
        { userId: viewer.userId },
      );
      if (!gone) throw notFound('Your interest in this opportunity');
    },

    /** For the notification that follows an interest: who, in what, and the partnership's leaders to tell, while it stands. */
    async interestNotice(opportunityId: number, userId: number) {
      const opportunity = await repo.findOpportunity(opportunityId);
      if (!opportunity) return undefined;
      const interest = (await repo.interestsIn(opportunityId)).find((x) => x.userId === userId);
      if (!interest) return undefined;
      const leaderIds = (await repo.leadersOf(opportunity.partnershipId)).filter((id) => id !== userId);
      return { title: opportunity.title, name: interest.name, leaderIds };
    },

    /** The roles an intention may name. */
    roleChoices,

    /** The organisations an intention may name: the actor's own, and their partnerships and those partnerships' members. */
    async places(actor: Actor | undefined) {
      const viewer = personOf(actor);
      const partnerships = await partnershipsOf(viewer);
      const members = (await Promise.all(partnerships.map((p) => membersOf(viewer, p.id)))).flat();
      const ids = [
        ...new Set([...viewer.memberships.map((m) => m.organisationId), ...partnerships.map((p) => p.id), ...members]),
      ];
      return (await repo.organisations(ids)).map((o) => ({ id: o.id, name: o.name }));
    },

    /** The actor's own intentions, each with the partnerships it is shared with, and their partnerships to share with. */
    async intentions(actor: Actor | undefined) {
      const owner = personOf(actor);
      const own = await repo.intentionsOf(owner.userId);
      const shares = await repo.sharesOf(own.map((i) => i.id));
      const partnerships = await partnershipsOf(owner);
      const ids = [
        ...new Set([
          ...shares.map((s) => s.partnershipId),
          ...own.flatMap((i) => (i.organisationId ? [i.organisationId] : [])),
        ]),
      ];
      const names = new Map((await repo.organisations(ids)).map((o) => [o.id, o.name]));
      const roles = await roleChoices();
      return {
        intentions: await Promise.all(
          own.map((i) =>
            intentionView(
              i,
              shares.filter((s) => s.intentionId === i.id).map((s) => s.partnershipId),
              names,
              roles,
            ),
          ),
        ),
        partnerships: partnerships.map((p) => ({ id: p.id, name: p.name })),
      };
    },

    /** Records one of the actor's intentions, shared with the partnerships they name (none unless they do). */
    async intend(actor: Actor | undefined, input: IntentionInput) {
      const owner = personOf(actor);
      const roles = await roleChoices();
      const allowed = input.kind === 'leaving' ? [...roles.map((r) => r.code), OTHER_POST] : roles.map((r) => r.code);
      if (input.kind !== 'towards' && input.kind !== 'leaving')
        throw invalid('kind', 'Choose whether you are developing towards a role or planning to leave a post');
      if (!allowed.includes(input.role))
        throw invalid(
          'role',
          input.kind === 'leaving' ? 'Choose the post you plan to leave' : 'Choose the role you are developing towards',
        );
      const organisationId = input.organisationId ?? null;
      if (organisationId !== null && !(await repo.organisations([organisationId])).length)
        throw invalid('organisationId', 'Choose an organisation from the list');
      let leavingMonth: string | null = null;
      if (input.kind === 'leaving') {
        if (organisationId === null)
          throw invalid('organisationId', 'Choose the organisation of the post you plan to leave');
        if (!input.leavingMonth || !isMonth(input.leavingMonth))
          throw invalid('leavingMonth', 'Give the month and year you plan to leave, for example 7 2027');
        if (input.leavingMonth < todayIso().slice(0, 7))
          throw invalid('leavingMonth', 'The month you plan to leave must be this month or later');
        leavingMonth = input.leavingMonth;
      }
      const shareWith = [...new Set(input.shareWith ?? [])];
      for (const id of shareWith) await checkedShare(owner, id, 'shareWith');
      const id = await recorded(
        owner,
        'succession-intention',
        (created: number) => created,
        [],
        async (r) => {
          const created = await r.insertIntention(owner.userId, {
            kind: input.kind,
            role: input.role,
            organisationId,
            leavingMonth,
            note: input.note?.trim() || null,
          });
          for (const p of shareWith) await r.share(created, p);
          return created;
        },
        'create',
        { sharedWith: shareWith },
      );
      return (await service.intentions(owner)).intentions.find((i) => i.id === id)!;
    },

    /** Deletes one of the actor's intentions: no partnership sees it from now on. */
    async forget(actor: Actor | undefined, id: number): Promise<void> {
      const { owner } = await ownIntention(actor, id);
      await recorded(owner, 'succession-intention', id, [], (r) => r.deleteIntention(id), 'delete');
    },

    /** Shares one of the actor's intentions with one of their partnerships, whose leaders may then read it. */
    async share(actor: Actor | undefined, id: number, partnershipId: number): Promise<void> {
      const { owner } = await ownIntention(actor, id);
      await checkedShare(owner, partnershipId);
      await recorded(owner, 'succession-intention', id, [], (r) => r.share(id, partnershipId), 'share', {
        partnershipId,
      });
    },

    /** Stops sharing an intention with a partnership, at once. */
    async unshare(actor: Actor | undefined, id: number, partnershipId: number): Promise<void> {
      const { owner } = await ownIntention(actor, id);
      const gone = await recorded(
        owner,
        'succession-intention',
        id,
        [],
        (r) => r.unshare(id, partnershipId),
        'unshare',
        { partnershipId },
      );
      if (!gone) throw notFound('Sharing with this partnership');
    },

    /**
     * A partnership's bench, for its leaders and coordinators: each headship of its member
     * schools and each system role held in it, with who shares that they are developing towards
     * it and the leaving dates shared, and the gaps. Only what was shared with this partnership.
     * An administrator who does not lead it sees how many intentions are shared, no names; to
     * anyone else it does not exist.
     */
    async bench(actor: Actor | undefined, partnershipId: number) {
      const viewer = requireSignedIn(actor);
      const partnership = await partnershipOf(partnershipId, 'This succession view');
      const counts = await repo.sharedCounts([partnershipId]);
      const countOf = (kind: string) => counts.find((c) => c.kind === kind)?.count ?? 0;
      const summary = {
        partnership: { id: partnership.id, name: partnership.name, kind: partnership.kind },
        shared: { towards: countOf('towards'), leaving: countOf('leaving') },
      };
      if (viewer.userId <= 0 || !leads(viewer, partnershipId)) {
        if (viewer.isAdmin) return { ...summary, countsOnly: true as const };
        throw notFound('This succession view');
      }
      await audit.record(viewer, {
        action: 'read',
        entity: 'succession-view',
        entityId: partnershipId,
        organisationIds: [partnershipId],
        detail: {},
      });
      const memberIds = await membersOf(viewer, partnershipId);
      const members = (await repo.organisations(memberIds)).filter((o) => !PARTNERSHIP_KINDS.has(o.kind));
      const heads = await repo.heads(members.map((m) => m.id));
      const held = await repo.rolesHeld([partnershipId, ...memberIds], todayIso());
      const shared = await repo.sharedWith(partnershipId);
      const names = new Map(
        (
          await repo.organisations([
            partnershipId,
            ...memberIds,
            ...shared.flatMap((s) => (s.organisationId ? [s.organisationId] : [])),
          ])
        ).map((o) => [o.id, o.name]),
      );
      const roles = await roleChoices();
      const orgName = (id: number | null) => (id ? (names.get(id) ?? null) : null);
      const leaver = (s: (typeof shared)[number]) => ({
        name: s.name,
        post: s.role === HEADSHIP ? 'Headship' : (roles.find((r) => r.code === s.role)?.name ?? 'Another post'),
        organisation: orgName(s.organisationId),
        month: s.leavingMonth,
        monthLabel: monthLabel(s.leavingMonth),
      });
      const developer = (s: (typeof shared)[number]) => ({
        name: s.name,
        organisation: orgName(s.organisationId),
        note: s.note,
      });
      const towards = shared.filter((s) => s.kind === 'towards');
      const leaving = shared.filter((s) => s.kind === 'leaving');

      const headships = members.map((school) => {
        const developing = towards.filter((s) => s.role === HEADSHIP && s.organisationId === school.id).map(developer);
        const leavingHere = leaving.filter((s) => s.role === HEADSHIP && s.organisationId === school.id).map(leaver);
        return {
          school: { id: school.id, name: school.name },
          heads: heads
            .filter((h) => h.organisationId === school.id)
            .map((h) => ({ name: h.name, jobTitle: h.jobTitle })),
          developing,
          leaving: leavingHere,
          gap: headshipGap(school.name, developing.length, leavingHere),
        };
      });
      const memberSet = new Set(members.map((m) => m.id));
      const anyHeadship = towards
        .filter((s) => s.role === HEADSHIP && !(s.organisationId && memberSet.has(s.organisationId)))
        .map(developer);

      const systemCodes = [
        ...new Set([
          ...held.map((h) => h.code),
          ...shared.filter((s) => s.role !== HEADSHIP && s.role !== 'other').map((s) => s.role),
        ]),
      ];
      const systemRoles = systemCodes
        .map((code) => {
          const name = roles.find((r) => r.code === code)?.name ?? code;
          const developing = towards.filter((s) => s.role === code).map(developer);
          const holders = held
            .filter((h) => h.code === code)
            .map((h) => ({ name: h.name, organisation: orgName(h.organisationId) }));
          return {
            code,
            name,
            holders,
            developing,
            leaving: leaving.filter((s) => s.role === code).map(leaver),
            gap: developing.length
              ? null
              : `No one is developing towards the role of ${name.toLowerCase()} in ${partnership.name}.`,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      const otherLeaving = leaving
        .filter(
          (s) => s.role === 'other' || (s.role === HEADSHIP && !(s.organisationId && memberSet.has(s.organisationId))),
        )
        .map(leaver);
      return {
        ...summary,
        countsOnly: false as const,
        headships,
        anyHeadship,
        systemRoles,
        otherLeaving,
        gaps: [
          ...headships.flatMap((h) => (h.gap ? [h.gap] : [])),
          ...systemRoles.flatMap((r) => (r.gap && r.holders.length ? [r.gap] : [])),
        ],
      };
    },

    /** For administrators: how many intentions are shared with each partnership, no one named. */
    async sharedCounts(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      if (!viewer.isAdmin) throw new AppError('forbidden', 'Only administrators see the counts across partnerships');
      const counts = await repo.sharedCounts();
      const partnerships = await repo.organisations([...new Set(counts.map((c) => c.partnershipId))]);
      return partnerships.map((p) => ({
        partnership: { id: p.id, name: p.name },
        towards: counts.find((c) => c.partnershipId === p.id && c.kind === 'towards')?.count ?? 0,
        leaving: counts.find((c) => c.partnershipId === p.id && c.kind === 'leaving')?.count ?? 0,
      }));
    },

    /** Everything this module holds about an account, for its own export and a subject access request. */
    async personalData(userId: number) {
      const own = await repo.intentionsOf(userId);
      const shares = await repo.sharesOf(own.map((i) => i.id));
      const interests = await repo.interestsOf(userId);
      const ids = [
        ...new Set([
          ...shares.map((s) => s.partnershipId),
          ...own.flatMap((i) => (i.organisationId ? [i.organisationId] : [])),
          ...interests.map((x) => x.partnershipId),
        ]),
      ];
      const names = new Map((await repo.organisations(ids)).map((o) => [o.id, o.name]));
      const roles = await roleChoices();
      return {
        successionIntentions: await Promise.all(
          own.map(async (i) => {
            const v = await intentionView(
              i,
              shares.filter((s) => s.intentionId === i.id).map((s) => s.partnershipId),
              names,
              roles,
            );
            return {
              kind: v.kind === 'towards' ? 'Developing towards' : 'Planning to leave',
              role: v.roleName,
              organisation: v.organisationName,
              leavingMonth: v.leavingMonth,
              note: v.note,
              sharedWith: v.sharedWith.map((p) => p.name),
            };
          }),
        ),
        opportunityInterests: interests.map((x) => ({
          opportunity: x.title,
          partnership: names.get(x.partnershipId) ?? '',
          note: x.note,
          expressedAt: x.createdAt.toISOString(),
        })),
      };
    },
  };
  return service;
}

export type SuccessionService = ReturnType<typeof createSuccessionService>;
