import type { Db } from '../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import { formatDate } from '../../platform/http/views.js';
import type { AuditService } from '../audit/index.js';
import type { DevelopmentService, Sight } from '../development/index.js';
import type { EngagementsService } from '../engagements/index.js';
import type { EnquiriesService } from '../enquiries/index.js';
import { ledOrganisationIds, PARTNERSHIP_KINDS, todayIso, type LandscapeService } from '../landscape/index.js';
import {
  createPlansRepository,
  type Action,
  type ActionValues,
  type LinkKind,
  type Plan,
  type PlanStatus,
  type PlansRepository,
} from './plans.repository.js';

export const PLAN_STATUSES: Record<PlanStatus, string> = { draft: 'Draft', active: 'Active', complete: 'Complete' };
export const ACTION_STATUSES: Record<string, string> = {
  planned: 'Planned',
  'under-way': 'Under way',
  done: 'Done',
  dropped: 'Dropped',
};
/** The kinds of action: learning of one's own, and system work made as a real record elsewhere. */
export const ACTION_KINDS: Record<string, { label: string; systemWork: boolean }> = {
  course: { label: 'A course', systemWork: false },
  reading: { label: 'Reading', systemWork: false },
  shadowing: { label: 'Shadowing another leader', systemWork: false },
  coaching: { label: 'Coaching', systemWork: false },
  other: { label: 'Something else', systemWork: false },
  role: { label: 'Take a role in the landscape (a consultant leader, say)', systemWork: true },
  engagement: { label: 'Join an engagement as supporting leader', systemWork: true },
  'network-co-lead': { label: 'Co-lead a network', systemWork: true },
  enquiry: { label: 'Lead an enquiry', systemWork: true },
};
/** The role a network co-leader holds at the network (in the landscape's taxonomy). */
export const NETWORK_CO_LEADER = 'network-co-leader';
/** The part a leader joining an engagement from their plan takes in it. */
export const SUPPORTING_LEADER = 'Supporting leader';

export interface PlanInput {
  title: string;
  aimingAt?: string;
  status?: PlanStatus;
  nextReviewOn?: string | null;
}

export interface GoalInput {
  text: string;
  componentIds?: number[];
}

/**
 * An action: its goal, title, kind and due day; for system work, what it asks for — a role
 * (`roleCode`, `organisationId`), a network to co-lead (`organisationId`), an engagement to join
 * (`engagementId`), an enquiry to join (`enquiryId`) or to start (`organisationId`, the school,
 * and `question`).
 */
export interface ActionInput {
  goalId: number;
  title: string;
  kind: string;
  dueOn?: string | null;
  roleCode?: string;
  organisationId?: number;
  engagementId?: number;
  enquiryId?: number;
  question?: string;
}

export interface ReviewInput {
  heldOn?: string;
  wentWell?: string;
  nextSteps?: string;
  nextReviewOn?: string | null;
}

type Link = { kind: LinkKind; id: number };
const problem = (field: string, message: string) => new AppError('validation', message, [{ field, message }]);
/** A refusal by the module that owns the record: kept on the action, in words, instead of failing. */
const isRefusal = (e: unknown): e is AppError =>
  e instanceof AppError && ['forbidden', 'not_found', 'validation', 'conflict'].includes(e.code);
const sentence = (s: string) => s.replace(/[.:\s]+$/, '');

/**
 * Development plans. A plan is its owner's: they write it; the accounts they share their
 * development record with read it (each read audited, through `development.sightOf`), and a
 * mentor or line manager among them may add a review; to anyone else, administrators
 * included, it does not exist. An action that is system work is made as a real record by the
 * module that owns it (a role assignment, a place in an engagement, an enquiry), with the
 * owner's own rights, and linked back; when that module refuses, the action is kept, planned,
 * with the reason.
 */
export function createPlansService({
  db,
  audit,
  development,
  landscape,
  engagements,
  enquiries,
}: {
  db: Db;
  audit: AuditService;
  development: DevelopmentService;
  landscape: LandscapeService;
  engagements: EngagementsService;
  enquiries: EnquiriesService;
}) {
  const repo = createPlansRepository(db);

  function personOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0) throw new AppError('forbidden', 'A development plan belongs to a person signed in');
    return signedIn;
  }

  function recorded<T>(
    actor: Actor,
    planId: number | ((r: T) => number),
    write: (r: PlansRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
    entity = 'plan',
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createPlansRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof planId === 'function' ? planId(result) : planId,
        organisationIds: [],
        detail,
      }),
    );
  }

  /** A plan as its reader may see it (the read audited when not the owner's); to anyone else it does not exist. */
  async function sighted(actor: Actor | undefined, id: number, what = 'plan'): Promise<{ plan: Plan; sight: Sight }> {
    const reader = personOf(actor);
    const plan = await repo.findPlan(id);
    if (!plan) throw notFound(`Plan ${id}`);
    try {
      return { plan, sight: await development.sightOf(reader, plan.ownerId, what) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw notFound(`Plan ${id}`);
      throw error;
    }
  }

  /** A plan of the actor's own, to change; a reader is refused, anyone else finds nothing. */
  async function own(actor: Actor | undefined, id: number): Promise<{ owner: Actor; plan: Plan }> {
    const owner = personOf(actor);
    const plan = await repo.findPlan(id);
    if (!plan) throw notFound(`Plan ${id}`);
    if (plan.ownerId !== owner.userId) {
      if (await development.isShared(plan.ownerId, owner.userId))
        throw new AppError('forbidden', `Only ${plan.ownerName} can change their plan: you may read it`);
      throw notFound(`Plan ${id}`);
    }
    return { owner, plan };
  }

  function checkedPlan(input: PlanInput, problems: FieldProblem[] = []) {
    const title = input.title.trim();
    if (!title) problems.push({ field: 'title', message: 'Enter a title for the plan' });
    const status = input.status ?? 'draft';
    if (!PLAN_STATUSES[status]) problems.push({ field: 'status', message: 'Choose draft, active or complete' });
    if (problems.length) throw new AppError('validation', problems[0]!.message, problems);
    return { title, aimingAt: (input.aimingAt ?? '').trim(), status, nextReviewOn: input.nextReviewOn ?? null };
  }

  /** The organisations the owner works in (their memberships and their landscape person's) and the partnerships those belong to. */
  async function orgsOf(actor: Actor, ownerId: number) {
    const person = await repo.personOfAccount(ownerId);
    const own = [
      ...new Set([
        ...actor.memberships.map((m) => m.organisationId),
        ...(person?.organisationId ? [person.organisationId] : []),
      ]),
    ];
    const partnerships = await landscape.partnershipsOf(own);
    const details = await Promise.all(
      [...new Set([...own, ...partnerships])].map((id) => landscape.getOrganisation(actor, id).catch(() => undefined)),
    );
    const found = details.filter((o) => o !== undefined);
    return {
      own: found.filter((o) => own.includes(o.id)),
      networks: found.filter((o) => partnerships.includes(o.id) && PARTNERSHIP_KINDS.has(o.kind)),
    };
  }

  /** The owner's person in the landscape: found by their account, or added at their own school when they may. */
  async function landscapePerson(actor: Actor, ownerId: number): Promise<{ id: number } | { refusal: string }> {
    const found = await repo.personOfAccount(ownerId);
    if (found) return found;
    const account = (await repo.account(ownerId))!;
    const led = ledOrganisationIds(actor);
    if (!led.length)
      return {
        refusal:
          'You are not yet among the people of the landscape, so nothing can be given to you there: ask a leader of your school to add you to its people with your email address, then link it here.',
      };
    const created = await landscape.createPerson(actor, {
      name: account.name,
      email: account.email,
      organisationId: led[0],
    });
    return { id: created.id };
  }

  async function organisationName(actor: Actor, id: number | null) {
    if (id === null) return 'that organisation';
    return (await landscape.getOrganisation(actor, id).catch(() => undefined))?.name ?? 'that organisation';
  }

  /** Makes the record a system-work action asks for, with the actor's own rights; a refusal comes back in words. */
  async function makeRecord(actor: Actor, ownerId: number, action: ActionValues & { kind: string }) {
    const person = await landscapePerson(actor, ownerId);
    if ('refusal' in person) return { link: null, refusal: person.refusal };
    try {
      if (action.kind === 'role' || action.kind === 'network-co-lead') {
        const existing = (await landscape.listRoleAssignments(actor, { personId: person.id, perPage: 200 })).items.find(
          (r) => r.current && r.roleCode === action.targetRoleCode && r.organisationId === action.targetOrganisationId,
        );
        if (existing) return { link: { kind: 'role-assignment', id: existing.id } as Link, refusal: '' };
        const made = await landscape.createRoleAssignment(actor, {
          personId: person.id,
          roleCode: action.targetRoleCode!,
          organisationId: action.targetOrganisationId!,
          startDate: todayIso(),
        });
        return { link: { kind: 'role-assignment', id: made.id } as Link, refusal: '' };
      }
      if (action.kind === 'engagement') {
        const id = action.targetRecordId!;
        const { people } = await engagements.get(actor, id);
        if (!people.some((p) => p.id === person.id))
          await engagements.addPerson(actor, id, { personId: person.id, role: SUPPORTING_LEADER });
        return { link: { kind: 'engagement', id } as Link, refusal: '' };
      }
      // An enquiry: one to join as its lead, or one to start, led by the owner.
      let id = action.targetRecordId;
      if (id === null)
        id = await enquiries.create(actor, {
          title: action.title,
          question: action.targetText || action.title,
          organisationIds: [action.targetOrganisationId!],
        });
      const { people } = await enquiries.get(actor, id);
      if (!people.some((p) => p.id === person.id && p.role === 'lead'))
        await enquiries.addPerson(actor, id, { personId: person.id, role: 'lead' });
      return { link: { kind: 'enquiry', id } as Link, refusal: '' };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const where =
        action.kind === 'engagement' || (action.kind === 'enquiry' && action.targetRecordId !== null)
          ? 'it'
          : await organisationName(actor, action.targetOrganisationId);
      const ask =
        action.kind === 'role' || action.kind === 'network-co-lead'
          ? `Ask a leader of your school to give you the role at ${where}, then link it here.`
          : action.kind === 'engagement'
            ? 'Ask a leader of one of its two schools to name you in it, then link it here.'
            : `Ask a leader of ${where} to add you as its lead, then link it here.`;
      return { link: null, refusal: `${sentence(error.message)}. ${ask}` };
    }
  }

  /** What became of the record an action is linked to, read with the reader's rights. */
  async function stateOf(actor: Actor, a: Action) {
    if (!a.linkKind || a.linkId === null) return null;
    try {
      if (a.linkKind === 'role-assignment') {
        const r = await landscape.getRoleAssignment(actor, a.linkId);
        const ended = r.endDate !== null && r.endDate <= todayIso();
        return {
          href: `/people/${r.personId}`,
          text: `${r.roleName} at ${r.organisationName}`,
          done: ended,
          state: ended
            ? `Done: the role ended on ${formatDate(r.endDate!)}`
            : `Held since ${formatDate(r.startDate ?? todayIso())}`,
        };
      }
      if (a.linkKind === 'engagement') {
        const { engagement: e } = await engagements.get(actor, a.linkId);
        const closed = e.status !== 'active';
        return {
          href: `/engagements/${e.id}`,
          text: e.title,
          done: closed,
          state: closed
            ? `Done: the engagement closed on ${formatDate(e.endDate ?? todayIso())}`
            : 'The engagement is under way',
        };
      }
      const { enquiry: q } = await enquiries.get(actor, a.linkId);
      const finished = q.status !== 'active';
      return {
        href: `/enquiries/${q.id}`,
        text: q.title,
        done: finished,
        state: finished
          ? `Done: the enquiry finished on ${formatDate(q.finishedOn ?? todayIso())}`
          : 'The enquiry is under way',
      };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return { href: null, text: 'A record you cannot see', done: false, state: 'Linked' };
    }
  }

  async function view(actor: Actor, plan: Plan, sight: Sight) {
    const [goals, actions, reviews] = await Promise.all([
      repo.goalsOf(plan.id),
      repo.actionsOfPlan(plan.id),
      repo.reviewsOf(plan.id),
    ]);
    const components = new Map(
      (await development.components([...new Set(goals.flatMap((g) => g.componentIds))])).map((c) => [c.id, c]),
    );
    const actionViews = await Promise.all(
      actions.map(async (a) => {
        const linked = await stateOf(actor, a);
        const status = linked?.done && a.status !== 'dropped' ? 'done' : a.status;
        return {
          id: a.id,
          goalId: a.goalId,
          title: a.title,
          kind: a.kind,
          kindLabel: ACTION_KINDS[a.kind]?.label ?? a.kind,
          systemWork: ACTION_KINDS[a.kind]?.systemWork ?? false,
          dueOn: a.dueOn,
          status,
          statusLabel: ACTION_STATUSES[status] ?? status,
          link: a.linkKind && a.linkId !== null ? { kind: a.linkKind, id: a.linkId } : null,
          linked,
          refusal: a.refusal,
        };
      }),
    );
    const today = todayIso();
    return {
      id: plan.id,
      ownerId: plan.ownerId,
      ownerName: plan.ownerName,
      title: plan.title,
      status: plan.status,
      statusLabel: PLAN_STATUSES[plan.status],
      aimingAt: plan.aimingAt,
      nextReviewOn: plan.nextReviewOn,
      reviewOverdue: plan.status !== 'complete' && plan.nextReviewOn !== null && plan.nextReviewOn < today,
      mine: sight.owner,
      relation: sight.owner ? null : sight.relation,
      mayReview: sight.owner || sight.relation === 'mentor' || sight.relation === 'line-manager',
      goals: goals.map((g) => ({
        id: g.id,
        text: g.text,
        components: g.componentIds.map((id) => ({ id, name: components.get(id)?.name ?? '' })),
        findMentorHref: g.componentIds.length ? `/mentoring/find?components=${g.componentIds.join(',')}` : null,
        actions: actionViews.filter((a) => a.goalId === g.id),
      })),
      reviews: reviews.map((r) => ({
        id: r.id,
        heldOn: r.heldOn,
        reviewerName: r.reviewerName ?? 'A former reader',
        wentWell: r.wentWell,
        nextSteps: r.nextSteps,
      })),
    };
  }

  const service = {
    /** The actor's own plans, newest first. */
    async list(actor: Actor | undefined) {
      const owner = personOf(actor);
      return (await repo.plansOf(owner.userId)).map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        statusLabel: PLAN_STATUSES[p.status],
        aimingAt: p.aimingAt,
        nextReviewOn: p.nextReviewOn,
      }));
    },

    /** The plans of the leaders who share their development record with the actor (each read audited). */
    async sharedWithMe(actor: Actor | undefined) {
      const reader = personOf(actor);
      const owners = await development.sharedWithMe(reader);
      const lists = await Promise.all(
        owners.map(async (o) => {
          const plans = await repo.plansOf(o.ownerId);
          if (!plans.length) return [];
          const sight = await development.sightOf(reader, o.ownerId, 'plans');
          return plans.map((p) => ({
            id: p.id,
            title: p.title,
            status: p.status,
            statusLabel: PLAN_STATUSES[p.status],
            ownerName: p.ownerName,
            relation: sight.owner ? null : sight.relation,
          }));
        }),
      );
      return lists.flat();
    },

    async create(actor: Actor | undefined, input: PlanInput) {
      const owner = personOf(actor);
      const values = checkedPlan(input);
      const id = await recorded(
        owner,
        (id: number) => id,
        (r) => r.insertPlan(owner.userId, values),
        'create',
      );
      return service.get(owner, id);
    },

    async change(actor: Actor | undefined, id: number, input: Partial<PlanInput>) {
      const { owner, plan } = await own(actor, id);
      const values = checkedPlan({
        title: input.title ?? plan.title,
        aimingAt: input.aimingAt ?? plan.aimingAt,
        status: input.status ?? plan.status,
        nextReviewOn: input.nextReviewOn === undefined ? plan.nextReviewOn : input.nextReviewOn,
      });
      await recorded(owner, id, (r) => r.updatePlan(id, values), 'update');
      return service.get(owner, id);
    },

    /** A plan with its goals (and their components' names), actions (and what became of their records) and reviews. */
    async get(actor: Actor | undefined, id: number) {
      const { plan, sight } = await sighted(actor, id);
      return view(actor!, plan, sight);
    },

    /** The frameworks and their components, to tie a goal to. */
    frameworks: (actor: Actor | undefined) => development.frameworks(actor),

    async addGoal(actor: Actor | undefined, id: number, input: GoalInput) {
      const { owner } = await own(actor, id);
      const text = input.text.trim();
      if (!text) throw problem('text', 'Enter the goal');
      const componentIds = [...new Set(input.componentIds ?? [])];
      const known = await development.components(componentIds);
      if (known.length !== componentIds.length)
        throw problem('componentIds', 'Choose components from the frameworks listed');
      return recorded(owner, id, (r) => r.insertGoal(id, text, componentIds), 'add-goal', { componentIds });
    },

    /** What the action form offers the owner: roles, their organisations, networks, engagements, enquiries and schools they lead. */
    async actionOptions(actor: Actor | undefined, id: number) {
      const { owner, plan } = await own(actor, id);
      const [goals, roles, orgs, engagementList, enquiryList] = await Promise.all([
        repo.goalsOf(id),
        landscape.listRoles(owner),
        orgsOf(owner, plan.ownerId),
        engagements.list(owner),
        enquiries.list(owner),
      ]);
      return {
        goals: goals.map((g) => ({ id: g.id, text: g.text })),
        kinds: ACTION_KINDS,
        roles: roles.filter((r) => r.code !== NETWORK_CO_LEADER).map((r) => ({ code: r.code, name: r.name })),
        organisations: orgs.own.map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
        networks: orgs.networks.map((o) => ({ id: o.id, name: o.name })),
        engagements: engagementList.filter((e) => e.status === 'active').map((e) => ({ id: e.id, title: e.title })),
        enquiries: enquiryList.filter((e) => e.status === 'active').map((e) => ({ id: e.id, title: e.title })),
        schools: orgs.own.filter((o) => o.kind === 'school').map((o) => ({ id: o.id, name: o.name })),
      };
    },

    /**
     * Adds an action to a goal of the plan. A system-work action also makes its record through
     * the module that owns it, with the actor's own rights, and is linked to it; when that module
     * refuses, the action is saved as planned with the reason (`refusal`), to link later.
     */
    async addAction(actor: Actor | undefined, id: number, input: ActionInput) {
      const { owner, plan } = await own(actor, id);
      const problems: FieldProblem[] = [];
      const title = input.title.trim();
      if (!title) problems.push({ field: 'title', message: 'Enter what you will do' });
      const kind = ACTION_KINDS[input.kind];
      if (!kind) problems.push({ field: 'kind', message: 'Choose what kind of action it is' });
      const goals = await repo.goalsOf(id);
      if (!goals.some((g) => g.id === input.goalId))
        problems.push({ field: 'goalId', message: 'Choose a goal of this plan' });
      const values: ActionValues = {
        title,
        kind: input.kind,
        dueOn: input.dueOn ?? null,
        targetRoleCode: null,
        targetOrganisationId: null,
        targetRecordId: null,
        targetText: '',
      };
      if (kind?.systemWork) {
        const options = await service.actionOptions(owner, id);
        if (input.kind === 'role') {
          if (!input.roleCode || !options.roles.some((r) => r.code === input.roleCode))
            problems.push({ field: 'roleCode', message: 'Choose the role you will take' });
          if (
            !input.organisationId ||
            ![...options.organisations, ...options.networks].some((o) => o.id === input.organisationId)
          )
            problems.push({ field: 'organisationId', message: 'Choose where you will hold the role' });
          values.targetRoleCode = input.roleCode ?? null;
          values.targetOrganisationId = input.organisationId ?? null;
        } else if (input.kind === 'network-co-lead') {
          if (!options.networks.length)
            problems.push({
              field: 'organisationId',
              message:
                'Your school belongs to no network or partnership yet: a leader of your school can join one first',
            });
          else if (!input.organisationId || !options.networks.some((o) => o.id === input.organisationId))
            problems.push({ field: 'organisationId', message: 'Choose the network you will co-lead' });
          values.targetRoleCode = NETWORK_CO_LEADER;
          values.targetOrganisationId = input.organisationId ?? null;
        } else if (input.kind === 'engagement') {
          if (!input.engagementId || !options.engagements.some((e) => e.id === input.engagementId))
            problems.push({ field: 'engagementId', message: 'Choose an engagement your school is in' });
          values.targetRecordId = input.engagementId ?? null;
        } else {
          if (input.enquiryId) {
            if (!options.enquiries.some((e) => e.id === input.enquiryId))
              problems.push({ field: 'enquiryId', message: 'Choose an enquiry from the list' });
            values.targetRecordId = input.enquiryId;
          } else {
            if (!input.organisationId || !options.schools.some((s) => s.id === input.organisationId))
              problems.push({
                field: 'organisationId',
                message: 'Choose the school that will lead the enquiry, or an enquiry to lead',
              });
            if (!input.question?.trim())
              problems.push({ field: 'question', message: 'Enter the question the enquiry asks' });
            values.targetOrganisationId = input.organisationId ?? null;
            values.targetText = input.question?.trim() ?? '';
          }
        }
      }
      if (values.dueOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(values.dueOn))
        problems.push({ field: 'dueOn', message: 'Enter a real date, like 27 3 2027' });
      if (problems.length) throw new AppError('validation', problems[0]!.message, problems);
      const actionId = await recorded(owner, id, (r) => r.insertAction(input.goalId, values), 'add-action', {
        kind: input.kind,
      });
      if (kind!.systemWork) await service.link(owner, plan.id, actionId);
      return service.action(owner, id, actionId);
    },

    /** One action of the plan, as its reader sees it. */
    async action(actor: Actor | undefined, id: number, actionId: number) {
      const plan = await service.get(actor, id);
      const action = plan.goals.flatMap((g) => g.actions).find((a) => a.id === actionId);
      if (!action) throw notFound(`Action ${actionId}`);
      return { plan, goal: plan.goals.find((g) => g.id === action.goalId)!, action };
    },

    /**
     * Makes (or finds) the record a system-work action asks for and links it; when refused, the
     * action stays planned with the reason. Returns whether it is now linked.
     */
    async link(actor: Actor | undefined, id: number, actionId: number): Promise<{ linked: boolean; refusal: string }> {
      const { owner, plan } = await own(actor, id);
      const action = (await repo.actionsOfPlan(id)).find((a) => a.id === actionId);
      if (!action) throw notFound(`Action ${actionId}`);
      if (!ACTION_KINDS[action.kind]?.systemWork)
        throw new AppError('conflict', 'Only an action of system work is linked to a record');
      if (action.linkKind) return { linked: true, refusal: '' };
      const { link, refusal } = await makeRecord(owner, plan.ownerId, action);
      await recorded(owner, id, (r) => r.setLink(actionId, link, refusal), link ? 'link-action' : 'refused-action', {
        actionId,
        ...(link ? { linkKind: link.kind, linkId: link.id } : {}),
      });
      return { linked: link !== null, refusal };
    },

    async setActionStatus(actor: Actor | undefined, id: number, actionId: number, status: string) {
      const { owner } = await own(actor, id);
      if (!ACTION_STATUSES[status]) throw problem('status', 'Choose planned, under way, done or dropped');
      if (!(await repo.actionsOfPlan(id)).some((a) => a.id === actionId)) throw notFound(`Action ${actionId}`);
      await recorded(owner, id, (r) => r.setActionStatus(actionId, status), 'update-action', { actionId, status });
      return service.action(owner, id, actionId);
    },

    /** Adds a review of the plan: by its owner, or by the mentor or line manager they share their record with. */
    async addReview(actor: Actor | undefined, id: number, input: ReviewInput) {
      const { plan, sight } = await sighted(actor, id, 'plan review');
      if (!sight.owner && sight.relation !== 'mentor' && sight.relation !== 'line-manager')
        throw new AppError('forbidden', `Only ${plan.ownerName}, their mentor or their line manager can add a review`);
      const problems: FieldProblem[] = [];
      const heldOn = input.heldOn ?? todayIso();
      if (heldOn > todayIso()) problems.push({ field: 'heldOn', message: 'The review date must be today or earlier' });
      const wentWell = (input.wentWell ?? '').trim();
      const nextSteps = (input.nextSteps ?? '').trim();
      if (!wentWell && !nextSteps)
        problems.push({ field: 'wentWell', message: 'Say what went well, or the next steps agreed' });
      const next = input.nextReviewOn ?? null;
      if (next !== null && next <= heldOn)
        problems.push({ field: 'nextReviewOn', message: 'The next review must come after this one' });
      if (problems.length) throw new AppError('validation', problems[0]!.message, problems);
      const reviewer = actor!;
      await recorded(
        reviewer,
        id,
        async (r) => {
          await r.insertReview(id, { heldOn, reviewerId: reviewer.userId, wentWell, nextSteps });
          if (next !== null || plan.nextReviewOn !== null) await r.setNextReview(id, next);
        },
        'add-review',
        { reviewer: sight.owner ? 'owner' : sight.relation },
      );
      return service.get(reviewer, id);
    },

    /** For the notification after a review: the plan's owner and title (nothing of the review). */
    async reviewNotice(planId: number) {
      const plan = await repo.findPlan(planId);
      return plan ? { ownerId: plan.ownerId, title: plan.title } : undefined;
    },

    /** An account's name, for a notification. */
    nameOf: async (userId: number) => (await repo.account(userId))?.name ?? 'Someone',

    /** The actor's plans whose review date has passed (for the home page). */
    async overdueReviews(actor: Actor | undefined) {
      const owner = personOf(actor);
      return repo.overdueOf(owner.userId, todayIso());
    },

    /**
     * For system health (the background job only): which of these accounts had a development plan
     * in progress on a day (one begun by then and active now; a plan keeps no dated history of its status).
     */
    async ownersWithActivePlan(actor: Actor | undefined, ownerIds: number[], day: string): Promise<number[]> {
      requireAdmin(actor, 'read whose plans are in progress');
      return repo.ownersWithActivePlan(ownerIds, day);
    },

    /** Everything this module holds about an account, for its own export and a subject access request. */
    async personalData(userId: number) {
      const plans = await repo.plansOf(userId);
      return {
        plans: await Promise.all(
          plans.map(async (p) => {
            const [goals, actions, reviews] = await Promise.all([
              repo.goalsOf(p.id),
              repo.actionsOfPlan(p.id),
              repo.reviewsOf(p.id),
            ]);
            const components = new Map(
              (await development.components([...new Set(goals.flatMap((g) => g.componentIds))])).map((c) => [
                c.id,
                c.name,
              ]),
            );
            return {
              title: p.title,
              status: p.status,
              aimingAt: p.aimingAt,
              nextReviewOn: p.nextReviewOn,
              goals: goals.map((g) => ({
                text: g.text,
                components: g.componentIds.map((c) => components.get(c) ?? ''),
                actions: actions
                  .filter((a) => a.goalId === g.id)
                  .map((a) => ({
                    title: a.title,
                    kind: a.kind,
                    dueOn: a.dueOn,
                    status: a.status,
                    linkedTo: a.linkKind ? `${a.linkKind} ${a.linkId}` : null,
                    refusal: a.refusal,
                  })),
              })),
              reviews: reviews.map((r) => ({
                heldOn: r.heldOn,
                reviewer: r.reviewerName,
                wentWell: r.wentWell,
                nextSteps: r.nextSteps,
              })),
            };
          }),
        ),
      };
    },
  };
  return service;
}

export type PlansService = ReturnType<typeof createPlansService>;
