import { toCsv } from '../../../platform/csv/csv-writer.js';
import { AppError, notFound } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { accountIdOf, requireAdmin, requireSignedIn } from '../../../platform/http/require-actor.js';
import { describeChange, formatValue, type Unit } from '../../indicators/index.js';
import {
  canEditOrganisation,
  ledOrganisationIds,
  PARTNERSHIP_KINDS,
  staffOrganisations,
  todayIso,
} from '../../landscape/index.js';
import { EVERY_CHILD_MATTERS } from '../governance.domain.js';
import type { GovernancePartContext } from '../governance.part.js';
import {
  milestoneFor,
  needsWatching,
  orderedMilestones,
  pastDue,
  reaches,
  type CommitmentStatusCode,
} from './outcomes.domain.js';
import {
  createOutcomesRepository,
  type Commitment,
  type Measure,
  type Outcome,
  type OutcomesRepository,
  type WorkKind,
} from './outcomes.repository.js';
import { addDays } from '../../../shared/time-in-words.js';

export interface OutcomeInput {
  title: string;
  description?: string;
}

export interface MilestoneInput {
  year: number;
  value: number;
}

export interface CommitmentInput {
  organisationId: number;
  what: string;
  dueOn?: string | null;
  status: CommitmentStatusCode;
  evidence?: string;
}

export interface CommitmentChange {
  status: CommitmentStatusCode;
  evidence?: string;
  /** Marks the commitment done today (true) or not done again (false); unchanged when not given. */
  done?: boolean;
}

type Partnership = { id: number; name: string; kind: string };

/** How many days ahead an organisation's leader is reminded of their commitments. */
const DUE_SOON_DAYS = 30;

/**
 * A partnership's shared outcomes: the five Every Child Matters outcomes and its own bold
 * ambitions, each evidenced by indicators with milestones by year, the commitments partner
 * organisations make to them, and the work that aims at them. The partnership's people read
 * it; its leaders shape the framework; an organisation's leader commits for it.
 */
export function createOutcomesPart({
  db,
  access,
  landscape,
  indicators,
  audit,
  engagements,
  practices,
}: GovernancePartContext) {
  const repo = createOutcomesRepository(db);

  /** A partnership the actor works in, with whether they lead it and its member organisations. */
  async function partnershipFor(actor: Actor | undefined, partnershipId: number) {
    const viewer = requireSignedIn(actor);
    const { partnership, leads } = await access.partnership(viewer, partnershipId);
    const members = await landscape.organisationAndMembers(viewer, partnershipId);
    return { viewer, partnership: partnership as Partnership, leads, members };
  }

  async function outcomeFor(actor: Actor | undefined, id: number) {
    requireSignedIn(actor);
    const outcome = await repo.findOutcome(id);
    if (!outcome) throw notFound('This outcome');
    const found = await partnershipFor(actor, outcome.partnershipId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw notFound('This outcome');
      throw error;
    });
    return { ...found, outcome };
  }

  function mustLead(leads: boolean): void {
    if (!leads) throw new AppError('forbidden', 'Only the partnership’s leaders can change its outcomes framework');
  }

  function recorded<T>(
    actor: Actor,
    partnershipId: number,
    entity: string,
    entityId: number | ((result: T) => number),
    write: (r: OutcomesRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createOutcomesRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof entityId === 'function' ? entityId(result) : entityId,
        organisationIds: [partnershipId],
        detail,
      }),
    );
  }

  /**
   * A measure's figures as the viewer may see them (through the indicators' gate): the
   * partnership's own value and its members' mean per period (none where too few members have
   * one), the latest figure against the milestone of its year and the target, and its change.
   */
  async function measureView(viewer: Actor, partnershipId: number, members: number[], measure: Measure) {
    const indicator = await indicators.findIndicator(measure.indicatorCode);
    const milestones = orderedMilestones(measure.milestones);
    const target = milestones.at(-1) ?? null;
    if (!indicator)
      return { ...measure, indicator: null, name: measure.indicatorCode, milestones, target, rows: [], latest: null };
    const show = (v: number | null) => formatValue(indicator.unit as Unit, indicator.grades, v);
    const [own, mean] = await Promise.all([
      indicators.series(viewer, { code: indicator.code, organisationId: partnershipId }),
      indicators.comparison(viewer, {
        code: indicator.code,
        organisationIds: members.filter((id) => id !== partnershipId),
      }),
    ]);
    const periods = [...new Set([...own.map((o) => o.period), ...mean.map((m) => m.period)])].sort();
    const rows = periods.map((period) => {
      const o = own.find((v) => v.period === period)?.value ?? null;
      const m = mean.find((v) => v.period === period);
      const milestone = milestoneFor(milestones, period);
      return {
        period,
        own: o,
        ownDisplay: show(o),
        mean: m?.mean ?? null,
        meanDisplay: show(m?.mean ?? null),
        members: m?.n ?? 0,
        milestone: milestone?.value ?? null,
        milestoneDisplay: milestone ? show(milestone.value) : '—',
      };
    });
    const withOwn = rows.filter((r) => r.own !== null);
    const series = withOwn.length
      ? { basis: 'partnership' as const, points: withOwn.map((r) => ({ period: r.period, value: r.own! })) }
      : {
          basis: 'members' as const,
          points: rows.filter((r) => r.mean !== null).map((r) => ({ period: r.period, value: r.mean! })),
        };
    const last = series.points.at(-1);
    const first = series.points[0];
    const milestone = last ? milestoneFor(milestones, last.period) : undefined;
    return {
      ...measure,
      indicator: {
        code: indicator.code,
        name: indicator.name,
        unit: indicator.unit,
        grades: indicator.grades,
        direction: indicator.direction,
        kind: indicator.kind,
        source: indicator.source,
      },
      name: indicator.name,
      milestones: milestones.map((m) => ({ ...m, display: show(m.value) })),
      target: target ? { ...target, display: show(target.value) } : null,
      rows,
      latest: last
        ? {
            period: last.period,
            value: last.value,
            display: show(last.value),
            basis: series.basis,
            milestone: milestone ? { ...milestone, display: show(milestone.value) } : null,
            reachesMilestone: milestone ? reaches(indicator.direction, last.value, milestone.value) : null,
            reachesTarget: target ? reaches(indicator.direction, last.value, target.value) : null,
            change:
              first && first.period !== last.period
                ? { since: first.period, text: describeChange(indicator, first.value, last.value).text }
                : null,
          }
        : null,
    };
  }

  async function frameworkOf(viewer: Actor, partnershipId: number, members: number[]) {
    const outcomes = await repo.outcomesOf([partnershipId]);
    const measures = await repo.measuresOf(outcomes.map((o) => o.id));
    const views = await Promise.all(measures.map((m) => measureView(viewer, partnershipId, members, m)));
    return outcomes.map((o) => ({ ...o, measures: views.filter((m) => m.outcomeId === o.id) }));
  }

  /** The organisations the actor may commit for: the partnership and its members they lead, or all of them for its leaders. */
  async function committers(viewer: Actor, members: number[], leads: boolean) {
    const ids = leads ? members : members.filter((id) => canEditOrganisation(viewer, id));
    const organisations = await Promise.all(ids.map((id) => landscape.getOrganisation(viewer, id)));
    return organisations.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  const commitmentView = (c: Commitment, viewer: Actor, leads: boolean, today: string) => ({
    ...c,
    pastDue: pastDue(c, today),
    mayUpdate: leads || canEditOrganisation(viewer, c.organisationId),
  });

  /** The engagements and practices linked to an outcome that the viewer may see, by title. */
  async function workOf(viewer: Actor, outcomeId: number) {
    const links = await repo.linksOf(outcomeId);
    const seen = await Promise.all(
      links.map(async (l) => {
        try {
          if (l.kind === 'engagement') {
            const { engagement } = await engagements.get(viewer, l.refId);
            return { kind: l.kind, id: l.refId, title: engagement.title, href: `/engagements/${l.refId}` };
          }
          const practice = await practices.get(viewer, l.refId);
          return { kind: l.kind, id: l.refId, title: practice.title, href: `/practices/${l.refId}` };
        } catch (error) {
          if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) return null;
          throw error;
        }
      }),
    );
    return seen.filter((w) => w !== null);
  }

  /** The decisions aiming at an outcome whose forums the viewer may see. */
  async function decisionsOf(viewer: Actor, outcomeId: number) {
    const decisions = await repo.decisionsFor(outcomeId);
    const forums = [...new Set(decisions.map((d) => d.forumId))];
    const visible = new Set(
      (
        await Promise.all(
          forums.map((id) =>
            access.forum(viewer, id).then(
              ({ forum }) => forum.id,
              (error: unknown) => {
                if (error instanceof AppError && error.code === 'not_found') return null;
                throw error;
              },
            ),
          ),
        )
      ).filter((id) => id !== null),
    );
    return decisions.filter((d) => visible.has(d.forumId));
  }

  function checkMilestones(milestones: MilestoneInput[]): MilestoneInput[] {
    const years = new Set<number>();
    for (const m of milestones) {
      if (!Number.isInteger(m.year) || m.year < 2000 || m.year > 2100)
        throw new AppError('validation', 'Give each milestone’s year as a year from 2000 to 2100', [
          { field: 'milestones', message: 'Enter each year as four digits, for example 2027' },
        ]);
      if (!Number.isFinite(m.value))
        throw new AppError('validation', 'Give each milestone’s value as a number', [
          { field: 'milestones', message: 'Enter each milestone as a number, for example 62.5' },
        ]);
      if (years.has(m.year))
        throw new AppError('validation', `The year ${m.year} has two milestones: give one value a year`, [
          { field: 'milestones', message: 'Give one value for each year' },
        ]);
      years.add(m.year);
    }
    return orderedMilestones(milestones);
  }

  /** A measure and its outcome, for a reader of the outcome; for a change, its partnership's leaders only. */
  async function measureFor(actor: Actor | undefined, measureId: number, change = true) {
    requireSignedIn(actor);
    const measure = await repo.findMeasure(measureId);
    if (!measure) throw notFound('This measure');
    const found = await outcomeFor(actor, measure.outcomeId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw notFound('This measure');
      throw error;
    });
    if (change) mustLead(found.leads);
    return { ...found, measure };
  }

  const part = {
    /** The partnerships the actor works in (at the partnership or a member organisation), each with its outcomes. */
    async governanceHome(actor: Actor | undefined) {
      const viewer = requireSignedIn(actor);
      const own = staffOrganisations(viewer);
      if (!own.length) return [];
      const candidates = [...new Set([...own, ...(await landscape.partnershipsOf(own))])];
      const organisations = await Promise.all(candidates.map((id) => landscape.getOrganisation(viewer, id)));
      const partnerships = organisations
        .filter((o) => PARTNERSHIP_KINDS.has(o.kind))
        .sort((a, b) => a.name.localeCompare(b.name));
      const outcomes = await repo.outcomesOf(partnerships.map((p) => p.id));
      return partnerships.map((p) => ({
        partnership: { id: p.id, name: p.name, kind: p.kind },
        leads: canEditOrganisation(viewer, p.id),
        outcomes: outcomes.filter((o) => o.partnershipId === p.id).length,
      }));
    },

    /** A partnership's governance page: its outcomes framework with each measure's latest figure and target. */
    async partnershipGovernance(actor: Actor | undefined, partnershipId: number) {
      const { viewer, partnership, leads, members } = await partnershipFor(actor, partnershipId);
      const outcomes = await frameworkOf(viewer, partnershipId, members);
      const missing = EVERY_CHILD_MATTERS.filter((e) => !outcomes.some((o) => o.title === e.title)).length;
      return { partnership, leads, outcomes, mayStart: leads && missing > 0 };
    },

    /** The framework alone: outcomes with measures, milestones and latest figures. */
    async outcomesOf(actor: Actor | undefined, partnershipId: number) {
      const { viewer, partnership, leads, members } = await partnershipFor(actor, partnershipId);
      return { partnership, leads, outcomes: await frameworkOf(viewer, partnershipId, members) };
    },

    /** The ids of a partnership's outcomes, for the other parts of governance (which check their own permissions). */
    async outcomeIdsOf(partnershipId: number): Promise<number[]> {
      return (await repo.outcomesOf([partnershipId])).map((o) => o.id);
    },

    /** Outcomes by id: their titles and partnerships, for the other parts of governance (which check their own permissions). */
    async outcomeTitles(ids: number[]): Promise<Map<number, { title: string; partnershipId: number }>> {
      const rows = await repo.outcomeTitles([...new Set(ids)]);
      return new Map(rows.map((r) => [r.id, { title: r.title, partnershipId: r.partnershipId }]));
    },

    /** Adds the five Every Child Matters outcomes the framework does not have yet; returns how many were added. */
    async startFramework(actor: Actor | undefined, partnershipId: number): Promise<number> {
      const { viewer, leads } = await partnershipFor(actor, partnershipId);
      mustLead(leads);
      const have = new Set((await repo.outcomesOf([partnershipId])).map((o) => o.title));
      const missing = EVERY_CHILD_MATTERS.filter((e) => !have.has(e.title));
      if (!missing.length) return 0;
      return recorded(
        viewer,
        partnershipId,
        'outcomes-framework',
        partnershipId,
        async (r) => {
          for (const e of missing)
            await r.insertOutcome({
              partnershipId,
              title: e.title,
              description: e.description,
              source: 'every-child-matters',
            });
          return missing.length;
        },
        'start',
        { added: missing.map((e) => e.title) },
      );
    },

    /** Adds one of the partnership's own bold ambitions to its framework. */
    async addOutcome(actor: Actor | undefined, partnershipId: number, input: OutcomeInput): Promise<number> {
      const { viewer, leads } = await partnershipFor(actor, partnershipId);
      mustLead(leads);
      const title = input.title.trim();
      await uniqueTitle(partnershipId, title);
      return recorded(
        viewer,
        partnershipId,
        'outcome',
        (id: number) => id,
        (r) =>
          r.insertOutcome({ partnershipId, title, description: input.description?.trim() ?? '', source: 'ambition' }),
        'create',
      );
    },

    async updateOutcome(
      actor: Actor | undefined,
      id: number,
      input: { title: string; description?: string; position?: number },
    ): Promise<void> {
      const { viewer, leads, outcome } = await outcomeFor(actor, id);
      mustLead(leads);
      const title = input.title.trim();
      if (title !== outcome.title) await uniqueTitle(outcome.partnershipId, title);
      const change = {
        title,
        description: input.description?.trim() ?? outcome.description,
        position: input.position ?? outcome.position,
      };
      await recorded(viewer, outcome.partnershipId, 'outcome', id, (r) => r.updateOutcome(id, change), 'update', {
        before: { title: outcome.title, description: outcome.description, position: outcome.position },
      });
    },

    /** An outcome the actor may remove, with what refers to it, for the page that asks them to confirm. */
    async outcomeRemoval(actor: Actor | undefined, id: number) {
      const { leads, outcome, partnership } = await outcomeFor(actor, id);
      mustLead(leads);
      const references = await repo.referencesTo(id);
      const held: string[] = [];
      if (references.commitments)
        held.push(references.commitments === 1 ? 'one commitment' : `${references.commitments} commitments`);
      if (references.decisions)
        held.push(references.decisions === 1 ? 'one decision' : `${references.decisions} decisions`);
      if (held.length)
        throw new AppError(
          'conflict',
          `“${outcome.title}” cannot be removed: ${held.join(' and ')} ${references.commitments + references.decisions === 1 ? 'aims' : 'aim'} at it. Change the outcome’s wording instead, or move that work to another outcome first.`,
        );
      return { outcome, partnership };
    },

    /** Removes an outcome nothing refers to, with its measures and links; gives its partnership. */
    async removeOutcome(actor: Actor | undefined, id: number): Promise<number> {
      const viewer = requireSignedIn(actor);
      const { outcome } = await part.outcomeRemoval(viewer, id);
      await recorded(viewer, outcome.partnershipId, 'outcome', id, (r) => r.deleteOutcome(id), 'delete', {
        title: outcome.title,
      });
      return outcome.partnershipId;
    },

    /**
     * An outcome's page: each measure's figures over time beside its milestones, the decisions
     * aiming at it (of forums the viewer may see), the engagements and practices linked to it
     * (those the viewer may see), and the commitments made to it.
     */
    async outcome(actor: Actor | undefined, id: number) {
      const { viewer, partnership, leads, members, outcome } = await outcomeFor(actor, id);
      const today = todayIso();
      const [measures, decisions, work, commitments, mayCommitFor, catalogue] = await Promise.all([
        repo.measuresOf([id]).then((ms) => Promise.all(ms.map((m) => measureView(viewer, partnership.id, members, m)))),
        decisionsOf(viewer, id),
        workOf(viewer, id),
        repo.commitmentsOf([id]),
        committers(viewer, members, leads),
        leads ? indicators.listIndicators(viewer) : Promise.resolve([]),
      ]);
      return {
        partnership,
        leads,
        outcome,
        measures,
        decisions,
        work,
        commitments: commitments.map((c) => commitmentView(c, viewer, leads, today)),
        mayCommitFor,
        /** The catalogue a leader chooses a new measure from. */
        indicatorChoices: catalogue.map((i) => ({ code: i.code, name: i.name })),
      };
    },

    /** Adds an indicator of the catalogue that evidences an outcome, with its milestones by year. */
    async addMeasure(
      actor: Actor | undefined,
      outcomeId: number,
      input: { indicatorCode: string; milestones?: MilestoneInput[] },
    ): Promise<number> {
      const { viewer, leads, outcome } = await outcomeFor(actor, outcomeId);
      mustLead(leads);
      const indicator = await indicators.findIndicator(input.indicatorCode);
      if (!indicator)
        throw new AppError('validation', `There is no indicator “${input.indicatorCode}” in the catalogue`, [
          { field: 'indicatorCode', message: 'Choose an indicator from the list' },
        ]);
      const milestones = checkMilestones(input.milestones ?? []);
      if ((await repo.measuresOf([outcomeId])).some((m) => m.indicatorCode === indicator.code))
        throw new AppError('conflict', `“${indicator.name}” is already a measure of this outcome`, [
          { field: 'indicatorCode', message: 'Choose an indicator this outcome does not have yet' },
        ]);
      return recorded(
        viewer,
        outcome.partnershipId,
        'outcome',
        outcomeId,
        async (r) => {
          const measureId = await r.insertMeasure(outcomeId, indicator.code);
          await r.replaceMilestones(measureId, milestones);
          return measureId;
        },
        'add-measure',
        { indicator: indicator.code, milestones },
      );
    },

    /** Replaces a measure's milestones (one value a year; the last year's is the target). */
    /** The outcome a measure belongs to, for a reader of that outcome. */
    async measureOf(actor: Actor | undefined, measureId: number): Promise<{ outcomeId: number }> {
      return { outcomeId: (await measureFor(actor, measureId, false)).outcome.id };
    },

    async setMilestones(actor: Actor | undefined, measureId: number, milestones: MilestoneInput[]): Promise<void> {
      const { viewer, outcome, measure } = await measureFor(actor, measureId);
      const checked = checkMilestones(milestones);
      await recorded(
        viewer,
        outcome.partnershipId,
        'outcome',
        outcome.id,
        (r) => r.replaceMilestones(measureId, checked),
        'set-milestones',
        { indicator: measure.indicatorCode, milestones: checked },
      );
    },

    async removeMeasure(actor: Actor | undefined, measureId: number): Promise<number> {
      const { viewer, outcome, measure } = await measureFor(actor, measureId);
      await recorded(
        viewer,
        outcome.partnershipId,
        'outcome',
        outcome.id,
        (r) => r.deleteMeasure(measureId),
        'remove-measure',
        { indicator: measure.indicatorCode },
      );
      return outcome.id;
    },

    /** Links an engagement or practice of the partnership's organisations (one the leader may see) to an outcome. */
    async linkWork(actor: Actor | undefined, outcomeId: number, input: { kind: WorkKind; refId: number }) {
      const { viewer, leads, members, outcome } = await outcomeFor(actor, outcomeId);
      mustLead(leads);
      const unknown = new AppError(
        'validation',
        `There is no ${input.kind} ${input.refId} of this partnership’s organisations that you may see`,
        [{ field: 'refId', message: `Enter the number of an ${input.kind} of one of the partnership’s organisations` }],
      );
      const ofPartnership = await (async () => {
        try {
          if (input.kind === 'engagement') {
            const { engagement } = await engagements.get(viewer, input.refId);
            return members.includes(engagement.supportedId) || members.includes(engagement.supportingId);
          }
          return members.includes((await practices.get(viewer, input.refId)).organisationId);
        } catch (error) {
          if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) return false;
          throw error;
        }
      })();
      if (!ofPartnership) throw unknown;
      await recorded(
        viewer,
        outcome.partnershipId,
        'outcome',
        outcomeId,
        (r) => r.insertLink(outcomeId, input.kind, input.refId, accountIdOf(viewer)),
        'link-work',
        input,
      );
    },

    async unlinkWork(actor: Actor | undefined, outcomeId: number, input: { kind: WorkKind; refId: number }) {
      const { viewer, leads, outcome } = await outcomeFor(actor, outcomeId);
      mustLead(leads);
      await recorded(
        viewer,
        outcome.partnershipId,
        'outcome',
        outcomeId,
        (r) => r.deleteLink(outcomeId, input.kind, input.refId),
        'unlink-work',
        input,
      );
    },

    /**
     * Records what an organisation commits to do towards an outcome: by its own leader, or by a
     * leader of the partnership on its behalf. The organisation is the partnership or a member.
     */
    async commit(actor: Actor | undefined, outcomeId: number, input: CommitmentInput): Promise<number> {
      const { viewer, leads, members, outcome } = await outcomeFor(actor, outcomeId);
      if (!members.includes(input.organisationId))
        throw new AppError('validation', 'Choose the partnership or one of its member organisations', [
          { field: 'organisationId', message: 'Choose the organisation that commits from the list' },
        ]);
      if (!leads && !canEditOrganisation(viewer, input.organisationId))
        throw new AppError(
          'forbidden',
          'Only a leader of the organisation, or of the partnership, can commit it to this outcome',
        );
      return recorded(
        viewer,
        outcome.partnershipId,
        'commitment',
        (id: number) => id,
        (r) =>
          r.insertCommitment({
            outcomeId,
            organisationId: input.organisationId,
            what: input.what.trim(),
            dueOn: input.dueOn ?? null,
            status: input.status,
            evidence: input.evidence?.trim() ?? '',
          }),
        'create',
        { outcomeId, organisationId: input.organisationId, status: input.status },
      );
    },

    /** A commitment as its reader sees it, and whether they may update it. */
    async commitmentDetail(actor: Actor | undefined, id: number) {
      const viewer = requireSignedIn(actor);
      const commitment = await repo.findCommitment(id);
      if (!commitment) throw notFound('This commitment');
      const { leads, partnership } = await outcomeFor(viewer, commitment.outcomeId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') throw notFound('This commitment');
        throw error;
      });
      return { partnership, commitment: commitmentView(commitment, viewer, leads, todayIso()) };
    },

    /** Updates a commitment's status and evidence, or marks it done: its organisation's leaders, or the partnership's. */
    async updateCommitment(actor: Actor | undefined, id: number, change: CommitmentChange): Promise<void> {
      const viewer = requireSignedIn(actor);
      const { commitment } = await part.commitmentDetail(viewer, id);
      if (!commitment.mayUpdate)
        throw new AppError(
          'forbidden',
          `Only a leader of ${commitment.organisationName}, or of the partnership, can update this commitment`,
        );
      const doneOn =
        change.done === undefined ? commitment.doneOn : change.done ? (commitment.doneOn ?? todayIso()) : null;
      const next = { status: change.status, evidence: change.evidence?.trim() ?? commitment.evidence, doneOn };
      await recorded(
        viewer,
        commitment.partnershipId,
        'commitment',
        id,
        (r) => r.updateCommitment(id, next),
        'update',
        {
          before: { status: commitment.status, evidence: commitment.evidence, doneOn: commitment.doneOn },
          after: next,
        },
      );
    },

    /** Collaborative accountability for one outcome: who committed what, what was done, and what the figures say. */
    async accountability(actor: Actor | undefined, outcomeId: number) {
      const { viewer, partnership, leads, members, outcome } = await outcomeFor(actor, outcomeId);
      const today = todayIso();
      const [measures, commitments] = await Promise.all([
        repo
          .measuresOf([outcomeId])
          .then((ms) => Promise.all(ms.map((m) => measureView(viewer, partnership.id, members, m)))),
        repo.commitmentsOf([outcomeId]),
      ]);
      const views = commitments.map((c) => commitmentView(c, viewer, leads, today));
      return {
        partnership,
        outcome,
        measures,
        open: views.filter((c) => c.doneOn === null),
        done: views.filter((c) => c.doneOn !== null),
      };
    },

    /** The partnership's outcomes report: every outcome with its figures against milestones, and its commitments. */
    async outcomesReport(actor: Actor | undefined, partnershipId: number) {
      const { viewer, partnership, leads, members } = await partnershipFor(actor, partnershipId);
      const outcomes = await frameworkOf(viewer, partnershipId, members);
      const commitments = await repo.commitmentsOf(outcomes.map((o) => o.id));
      const today = todayIso();
      return {
        partnership,
        outcomes: outcomes.map((o) => ({
          ...o,
          commitments: commitments
            .filter((c) => c.outcomeId === o.id)
            .map((c) => commitmentView(c, viewer, leads, today)),
        })),
      };
    },

    /** The framework as CSV: a row per milestone of each measure (one for a measure without), with its latest figure. */
    async outcomesCsv(actor: Actor | undefined, partnershipId: number): Promise<string> {
      const { outcomes } = await part.outcomesOf(actor, partnershipId);
      const rows = outcomes.flatMap((o) =>
        o.measures.flatMap((m) => {
          const latest = [m.latest?.value ?? null, m.latest?.period ?? null, m.latest?.basis ?? null];
          const milestones = m.milestones.length ? m.milestones : [null];
          return milestones.map((s) => [
            o.title,
            m.indicatorCode,
            m.name,
            s?.year ?? null,
            s?.value ?? null,
            ...latest,
          ]);
        }),
      );
      return toCsv(
        ['outcome', 'indicator_code', 'indicator', 'year', 'milestone', 'latest_value', 'latest_period', 'latest_of'],
        rows,
      );
    },

    /** The commitments made to the partnership's outcomes, as CSV. */
    async commitmentsCsv(actor: Actor | undefined, partnershipId: number): Promise<string> {
      const { viewer, leads } = await partnershipFor(actor, partnershipId);
      const outcomes = await repo.outcomesOf([partnershipId]);
      const today = todayIso();
      const commitments = (await repo.commitmentsOf(outcomes.map((o) => o.id))).map((c) =>
        commitmentView(c, viewer, leads, today),
      );
      return toCsv(
        ['outcome', 'organisation', 'commitment', 'due_on', 'status', 'past_due', 'evidence', 'done_on'],
        commitments.map((c) => [
          c.outcomeTitle,
          c.organisationName,
          c.what,
          c.dueOn,
          c.status,
          c.pastDue ? 'yes' : 'no',
          c.evidence,
          c.doneOn,
        ]),
      );
    },

    /**
     * For system health (the background job only): these partnerships' measures with a milestone
     * for the year of their latest figure, and how many reach it; and the commitments that would
     * be on their leaders' home page on a day (red, or past due), by the organisation that made them.
     */
    async outcomesHealth(actor: Actor | undefined, partnershipIds: number[], day: string) {
      const viewer = requireAdmin(actor, 'read the outcomes of every partnership');
      // One query for every partnership's outcomes: England's scope is tens of thousands of organisations, few with outcomes.
      const outcomes = await repo.outcomesOf(partnershipIds);
      const withOutcomes = [...new Set(outcomes.map((o) => o.partnershipId))];
      const judged = (
        await Promise.all(
          withOutcomes.map(async (id) => {
            const measures = await repo.measuresOf(outcomes.filter((o) => o.partnershipId === id).map((o) => o.id));
            if (!measures.length) return [];
            const members = await landscape.organisationAndMembers(viewer, id);
            const views = await Promise.all(measures.map((m) => measureView(viewer, id, members, m)));
            return views.map((m) => m.latest?.reachesMilestone ?? null);
          }),
        )
      ).flat();
      const watched = (await repo.commitmentsOpenOn(partnershipIds, day)).filter((c) =>
        needsWatching({ ...c, doneOn: null }, day),
      );
      return {
        measures: judged.length,
        measuresJudged: judged.filter((r) => r !== null).length,
        measuresOnTrack: judged.filter((r) => r === true).length,
        commitmentsWatched: watched.length,
        watchedBy: [...new Set(watched.map((c) => c.organisationId))].map((id) => ({
          id,
          name: watched.find((c) => c.organisationId === id)!.organisationName,
          count: watched.filter((c) => c.organisationId === id).length,
        })),
      };
    },

    /**
     * Commitments to watch, for the home page: for the partnerships the actor leads, those red or
     * past due; for the organisations the actor leads, their own due within 30 days.
     */
    async commitmentsToWatch(actor: Actor | undefined, today = todayIso()) {
      const viewer = requireSignedIn(actor);
      const led = ledOrganisationIds(viewer);
      if (!led.length) return { led: false, commitments: [] };
      const organisations = await Promise.all(led.map((id) => landscape.getOrganisation(viewer, id)));
      const partnerships = organisations.filter((o) => PARTNERSHIP_KINDS.has(o.kind)).map((o) => o.id);
      const open = await repo.openCommitments({ partnershipIds: partnerships, organisationIds: led });
      const soon = addDays(today, DUE_SOON_DAYS);
      const watched = open.filter((c) => {
        const overPartnership = partnerships.includes(c.partnershipId) && needsWatching(c, today);
        const own = led.includes(c.organisationId) && c.dueOn !== null && c.dueOn <= soon;
        return overPartnership || own;
      });
      return { led: true, commitments: watched.map((c) => ({ ...c, pastDue: pastDue(c, today) })) };
    },
  };

  async function uniqueTitle(partnershipId: number, title: string) {
    if ((await repo.outcomesOf([partnershipId])).some((o: Outcome) => o.title === title))
      throw new AppError('conflict', `The framework already has an outcome called “${title}”`, [
        { field: 'title', message: 'Give the outcome a title the framework does not have yet' },
      ]);
  }

  return part;
}
