import type { PersonalDataRow } from '../personal-data.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import { normaliseEmail } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { todayIso } from '../landscape/index.js';
import {
  createDevelopmentRepository,
  type Assessment,
  type Framework,
  type FrameworkValues,
  type Rating,
  type Share,
} from './development.repository.js';

/** How a reader stands to a leader's development data: the leader, or someone they chose. */
export type Sight = { owner: true } | { owner: false; relation: Share['relation'] };

/** What a self-assessment form or API client gives: a rating and evidence per component. */
export interface AssessmentInput {
  frameworkId: number;
  assessedOn?: string;
  ratings: Array<{ componentId: number; rating: number; evidence?: string; offered?: boolean }>;
}

export type ShareTarget = ({ email: string } | { userId: number }) & { relation: Share['relation'] };

/**
 * Developing system leaders: the frameworks, each leader's self-assessments, and the one rule
 * of who reads a leader's development data (`sightOf`). That data belongs to the leader: they
 * read it, so do the accounts they share it with (a mentor, a line manager), and no one else,
 * administrators included, who see counts only. Every read by someone other than its owner is
 * in the audit trail. The 360 feedback, plans, mentoring and succession modules read through
 * `sightOf` too.
 */
export function createDevelopmentService({
  db,
  audit,
  personalData,
}: {
  db: Db;
  audit: AuditService;
  /** What every module holds about one account (the platform's, from every module's `personalData`). */
  personalData: (userId: number) => Promise<PersonalDataRow[]>;
}) {
  const repo = createDevelopmentRepository(db);

  /** The account acting: development data belongs to a person, never to the command line or a job. */
  function personOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0) throw new AppError('forbidden', 'Development records belong to a person signed in');
    return signedIn;
  }

  /**
   * The one rule: may `actor` read `ownerId`'s development data? The owner may; an account the
   * owner shares it with may, and that read is audited (`what` says which part); to anyone
   * else the record does not exist.
   */
  async function sightOf(actor: Actor | undefined, ownerId: number, what: string): Promise<Sight> {
    const reader = personOf(actor);
    if (reader.userId === ownerId) return { owner: true };
    const share = (await repo.sharesOf(ownerId)).find((s) => s.readerId === reader.userId);
    if (!share) throw notFound('This development record');
    await audit.record(reader, {
      action: 'read',
      entity: 'development-record',
      entityId: ownerId,
      organisationIds: [],
      detail: { what, relation: share.relation },
    });
    return { owner: false, relation: share.relation };
  }

  function recorded<T>(
    actor: Actor,
    entity: string,
    entityId: number | ((r: T) => number),
    write: (r: ReturnType<typeof createDevelopmentRepository>) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ) {
    return audit.recorded(
      actor,
      (trx) => write(createDevelopmentRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof entityId === 'function' ? entityId(result) : entityId,
        organisationIds: [],
        detail,
      }),
    );
  }

  async function frameworkOf(id: number): Promise<Framework> {
    const [framework] = await repo.frameworks([id]);
    if (!framework) throw notFound(`Framework ${id}`);
    return framework;
  }

  const componentsOf = (f: Framework) => f.domains.flatMap((d) => d.components);

  /** A rating for every component of the framework, each on its scale. */
  function checkedRatings(framework: Framework, input: AssessmentInput['ratings']): Rating[] {
    const components = componentsOf(framework);
    const values = new Set(framework.scale.map((s) => s.value));
    const problems: Array<{ field: string; message: string }> = [];
    const ratings: Rating[] = [];
    for (const component of components) {
      const given = input.find((r) => r.componentId === component.id);
      if (!given || !values.has(given.rating)) {
        problems.push({
          field: `rating-${component.id}`,
          message: `Choose how far you have grown in “${component.name}”`,
        });
        continue;
      }
      ratings.push({
        componentId: component.id,
        rating: given.rating,
        evidence: (given.evidence ?? '').trim(),
        offered: Boolean(given.offered),
      });
    }
    const unknown = input.filter((r) => !components.some((c) => c.id === r.componentId));
    if (unknown.length) problems.push({ field: 'ratings', message: 'Rate only the components of this framework' });
    if (problems.length) throw new AppError('validation', 'Some components are not rated yet', problems);
    return ratings;
  }

  const viewAssessment = (a: Assessment) => ({
    id: a.id,
    frameworkId: a.frameworkId,
    assessedOn: a.assessedOn,
    ratings: a.ratings,
  });

  return {
    sightOf,

    async frameworks(actor: Actor | undefined): Promise<Framework[]> {
      requireSignedIn(actor);
      return repo.frameworks();
    },

    async framework(actor: Actor | undefined, id: number): Promise<Framework> {
      requireSignedIn(actor);
      return frameworkOf(id);
    },

    /** Components by their ids, with their framework's id (for the modules that tie goals and questions to them). */
    components: (ids: number[]) => repo.componentsByIds(ids),

    /** Refuses anyone but an administrator the form that adds a framework. */
    mayAddFramework(actor: Actor | undefined): void {
      requireAdmin(actor, 'add a framework');
    },

    /** Adds a framework of the trust's or partnership's own (administrators). */
    async createFramework(
      actor: Actor | undefined,
      input: Omit<FrameworkValues, 'createdBy' | 'code'> & { code?: string },
    ) {
      const admin = requireAdmin(actor, 'add a framework');
      const code =
        input.code ??
        input.name
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 60);
      if (!code || (await repo.frameworkCodeTaken(code)))
        throw new AppError('conflict', 'A framework with this name already exists: choose another name', [
          { field: 'name', message: 'A framework with this name already exists: choose another name', rule: 'unique' },
        ]);
      const values = [...new Set(input.scale.map((s) => s.value))];
      if (values.length !== input.scale.length || input.scale.length < 2)
        throw new AppError('validation', 'The rating scale needs at least two different steps', [
          { field: 'scale', message: 'Give the rating scale at least two steps, each with its own number' },
        ]);
      if (!input.domains.length || input.domains.some((d) => !d.components.length))
        throw new AppError('validation', 'Every domain needs at least one component', [
          { field: 'domains', message: 'Give every domain at least one component to rate' },
        ]);
      const scale = [...input.scale].sort((a, b) => a.value - b.value);
      const id = await recorded(
        admin,
        'framework',
        (id: number) => id,
        (r) => r.insertFramework({ ...input, scale, code, createdBy: admin.userId }),
        'create',
      );
      return frameworkOf(id);
    },

    /** Records a self-assessment of the actor's own; dated today unless a past day is given. */
    async assess(actor: Actor | undefined, input: AssessmentInput) {
      const owner = personOf(actor);
      const framework = await frameworkOf(input.frameworkId);
      const ratings = checkedRatings(framework, input.ratings);
      const assessedOn = input.assessedOn ?? todayIso();
      if (assessedOn > todayIso())
        throw new AppError('validation', 'A self-assessment cannot be dated in the future', [
          { field: 'assessedOn', message: 'The date must be today or earlier' },
        ]);
      const id = await recorded(
        owner,
        'self-assessment',
        (id: number) => id,
        (r) => r.insertAssessment(owner.userId, framework.id, assessedOn, ratings),
        'create',
        {
          frameworkId: framework.id,
        },
      );
      return viewAssessment((await repo.assessmentsOf(owner.userId)).find((a) => a.id === id)!);
    },

    /** A leader's self-assessments, oldest first (theirs, or shared with the actor). */
    async assessments(actor: Actor | undefined, ownerId?: number, frameworkId?: number) {
      const of = ownerId ?? personOf(actor).userId;
      await sightOf(actor, of, 'self-assessments');
      return (await repo.assessmentsOf(of, frameworkId)).map(viewAssessment);
    },

    /**
     * A leader's profile against one framework over time: per component, the rating at each
     * assessment and what grew from the first to the latest.
     */
    async profile(actor: Actor | undefined, frameworkId: number, ownerId?: number) {
      const of = ownerId ?? personOf(actor).userId;
      const sight = await sightOf(actor, of, 'profile');
      const framework = await frameworkOf(frameworkId);
      const assessments = await repo.assessmentsOf(of, frameworkId);
      const owner = await repo.account(of);
      const labelOf = (v: number | undefined) => framework.scale.find((s) => s.value === v)?.label ?? null;
      return {
        owner: { userId: of, name: owner?.name ?? '' },
        sight,
        framework,
        dates: assessments.map((a) => a.assessedOn),
        domains: framework.domains.map((d) => ({
          name: d.name,
          components: d.components.map((c) => {
            const ratings = assessments.map((a) => a.ratings.find((r) => r.componentId === c.id));
            const first = ratings.find(Boolean)?.rating;
            const latest = [...ratings].reverse().find(Boolean);
            return {
              id: c.id,
              name: c.name,
              description: c.description,
              ratings: ratings.map((r) => (r ? { rating: r.rating, label: labelOf(r.rating) } : null)),
              latestEvidence: latest?.evidence ?? '',
              offered: latest?.offered ?? false,
              grew: first !== undefined && latest ? latest.rating - first : null,
            };
          }),
        })),
      };
    },

    async deleteAssessment(actor: Actor | undefined, id: number): Promise<void> {
      const owner = personOf(actor);
      if (!(await repo.assessmentsOf(owner.userId)).some((a) => a.id === id)) throw notFound(`Self-assessment ${id}`);
      await recorded(owner, 'self-assessment', id, (r) => r.deleteAssessment(id), 'delete');
    },

    /** Lets (or stops) a strength of the latest self-assessment appear as an offer in brokerage. */
    async setOffered(actor: Actor | undefined, assessmentId: number, componentId: number, offered: boolean) {
      const owner = personOf(actor);
      const assessment = (await repo.assessmentsOf(owner.userId)).find((a) => a.id === assessmentId);
      if (!assessment || !assessment.ratings.some((r) => r.componentId === componentId)) throw notFound('This rating');
      await recorded(
        owner,
        'self-assessment',
        assessmentId,
        (r) => r.setOffered(assessmentId, componentId, offered),
        offered ? 'offer' : 'withdraw-offer',
        { componentId },
      );
    },

    /** The strengths leaders chose to offer (opt-in, per component, from their latest assessment). */
    offeredStrengths: () => repo.offeredStrengths(),

    /**
     * The strengths leaders offer in one area of brokerage (or all), for anyone signed in: each
     * leader chose to offer them. Leaders outside `outside` (a seeking school) come first.
     */
    async offers(actor: Actor | undefined, filter: { area?: string; outside?: number } = {}) {
      requireSignedIn(actor);
      const strengths = (await repo.offeredStrengths()).filter((s) => !filter.area || s.area === filter.area);
      const inside = (s: { organisations: Array<{ id: number }> }) =>
        filter.outside !== undefined && s.organisations.some((o) => o.id === filter.outside);
      return strengths
        .filter((s) => s.userId !== actor!.userId)
        .sort((a, b) => Number(inside(a)) - Number(inside(b)))
        .map((s) => ({ ...s, organisations: s.organisations.map((o) => o.name) }));
    },

    /** Whom the actor lets read their development data. */
    async shares(actor: Actor | undefined) {
      return repo.sharesOf(personOf(actor).userId);
    },

    /** The leaders who let the actor read their development data. */
    async sharedWithMe(actor: Actor | undefined) {
      return repo.sharedWith(personOf(actor).userId);
    },

    /** Lets an account read the actor's development data (assessments, feedback results, plans). */
    async share(actor: Actor | undefined, target: ShareTarget) {
      const owner = personOf(actor);
      const reader =
        'email' in target ? await repo.accountByEmail(normaliseEmail(target.email)) : await repo.account(target.userId);
      if (!reader)
        throw new AppError('validation', 'No one has an account with this email address', [
          { field: 'email', message: 'No one has an account with this email address: check it' },
        ]);
      if (reader.userId === owner.userId)
        throw new AppError('validation', 'Your record is yours already: share it with someone else', [
          { field: 'email', message: 'This is your own account: give someone else’s email address' },
        ]);
      await recorded(
        owner,
        'development-record',
        owner.userId,
        (r) => r.share(owner.userId, reader.userId, target.relation),
        'share',
        {
          withUserId: reader.userId,
          relation: target.relation,
        },
      );
      return { userId: reader.userId, name: reader.name, relation: target.relation };
    },

    async unshare(actor: Actor | undefined, readerId: number): Promise<void> {
      const owner = personOf(actor);
      if (!(await repo.isShared(owner.userId, readerId))) throw notFound('Sharing with this person');
      await recorded(owner, 'development-record', owner.userId, (r) => r.unshare(owner.userId, readerId), 'unshare', {
        withUserId: readerId,
      });
    },

    /** The leaders who let `readerId` read their record, without reading it (for notifications). */
    sharedWithReader: (readerId: number) => repo.sharedWith(readerId),

    /** Whether `readerId` may read `ownerId`'s record, without reading it (for notifications). */
    isShared: (ownerId: number, readerId: number) => repo.isShared(ownerId, readerId),

    /** Counts only, for administrators: nothing of what anyone wrote or rated. */
    async counts(actor: Actor | undefined) {
      requireAdmin(actor, 'see these counts');
      return repo.counts();
    },

    /** Everything every module holds about the actor's own account, for them to download. */
    async export(actor: Actor | undefined) {
      const owner = personOf(actor);
      const held = await personalData(owner.userId);
      await audit.record(owner, {
        action: 'export',
        entity: 'development-record',
        entityId: owner.userId,
        organisationIds: [],
      });
      return held;
    },

    /** Everything this module holds about an account, for its own export and a subject access request. */
    async personalData(userId: number) {
      const assessments = await repo.assessmentsOf(userId);
      const frameworks = await repo.frameworks([...new Set(assessments.map((a) => a.frameworkId))]);
      const components = new Map(
        frameworks.flatMap((f) => componentsOf(f).map((c) => [c.id, { framework: f.name, component: c.name }])),
      );
      return {
        selfAssessments: assessments.map((a) => ({
          assessedOn: a.assessedOn,
          framework: frameworks.find((f) => f.id === a.frameworkId)?.name ?? '',
          ratings: a.ratings.map((r) => ({
            ...components.get(r.componentId),
            rating: r.rating,
            evidence: r.evidence,
            offered: r.offered,
          })),
        })),
        sharedWith: (await repo.sharesOf(userId)).map((s) => ({
          name: s.name,
          email: s.email,
          relation: s.relation,
          since: s.sharedAt,
        })),
      };
    },
  };
}

export type DevelopmentService = ReturnType<typeof createDevelopmentService>;
