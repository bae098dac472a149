import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { canEditOrganisation, staffOrganisations, type LandscapeService, type Selection } from '../landscape/index.js';
import {
  BUILT_IN_INDICATORS,
  describeChange,
  ENGLAND_LABELS,
  formatSpread,
  formatValue,
  withoutNoise,
  type Change,
  type Direction,
  type EnglandMeaning,
  type IndicatorDefinition,
  type Unit,
} from './indicators.domain.js';
import { compare, groupValue, sharedPattern } from './indicators.group.js';
import {
  createIndicatorsRepository,
  type AggregateRow,
  type Indicator,
  type MemberValue,
  type ValueFilter,
} from './indicators.repository.js';

/** Who sees a partnership's members' values by name: everyone inside it, its leaders, or nobody but each member itself. */
export const MEMBER_VALUE_SETTINGS = ['inside', 'leaders', 'own-only'] as const;
export type MemberValueSetting = (typeof MEMBER_VALUE_SETTINGS)[number];

/** The key that stands for England (state-funded schools unless a viewer asks for every one). */
export const ENGLAND = 'england';

/** The fewest organisations a figure over a group may rest on when their values are not shown one by one. */
export const MIN_COHORT = 5;

/** What of unpublished values a viewer may read (see `valueAccess`). */
interface ValueAccess {
  individual: number[] | 'all';
  /** Per partnership, the organisations sharing only a summary with it. */
  summaryOnly: Map<number, number[]>;
}

/** A change since the period before, in words and for machines. */
export type ChangeSince = Change & { since: string };

/** A member's value in a group result. */
export interface MemberResult {
  organisationId: number;
  name: string;
  value: number;
  display: string;
  comparison: string;
  /** Its change since its value of the period before, when it has one. */
  change: ChangeSince | null;
}

export interface GroupResult {
  scope: { ref: string; name: string; organisations: number };
  indicator: Pick<
    Indicator,
    'code' | 'name' | 'unit' | 'kind' | 'direction' | 'outcome' | 'grades' | 'published' | 'description' | 'source'
  >;
  period: string;
  members: number;
  value: number | null;
  display: string;
  /** The rule that made the group's value, with every fallback it needed. */
  method: string;
  fallbacks: string[];
  /** The group's value against the period before, when there is one. */
  change: ChangeSince | null;
  /** The middle member and the middle half (a count's as whole numbers), with how they read. */
  median: number | null;
  medianDisplay: string;
  q1: number | null;
  q3: number | null;
  spread: string;
  /** Members whose survey results are withheld because fewer than the minimum answered. */
  withheld: number;
  /** Members whose unpublished values are not shared with the viewer. */
  notShared: number;
  benchmark: { label: string; value: number | null; display: string; method: string; members: number } | null;
  trend: Array<{
    period: string;
    value: number | null;
    display: string;
    members: number;
    benchmark: number | null;
    benchmarkDisplay: string;
  }>;
  /** The viewer's own organisations in the group, with their values. */
  own: MemberResult[];
  /** Every member's value, when the partnership lets the viewer see them (else null). */
  memberValues: MemberResult[] | null;
}

/** A new indicator as a form or the API gives it (the schema has checked each field). */
export type IndicatorInput = Omit<
  IndicatorDefinition,
  'grades' | 'unit' | 'kind' | 'direction' | 'outcome' | 'description' | 'published'
> & {
  unit: string;
  kind: string;
  direction: string;
  outcome: string | null;
  description?: string;
  published?: boolean;
  grades?: string[];
};

export interface GroupOptions {
  scope: string;
  indicator?: string;
  period?: string;
  /** A scope key for a peer set; England when absent. */
  benchmark?: string;
  /** What England means, as the group or the benchmark: state-funded schools unless asked otherwise. */
  england?: EnglandMeaning;
}

export interface SharedPattern {
  indicator: GroupResult['indicator'];
  period: string;
  members: number;
  better: number;
  worse: number;
  /** The members behind it, when the viewer may see them by name; else only the counts. */
  names: string[] | null;
}

/** Hard and soft indicators, their values, and a partnership's results as one group. */
export function createIndicatorsService({
  db,
  landscape,
  audit,
  minRespondents = 10,
}: {
  db: Db;
  landscape: LandscapeService;
  audit: AuditService;
  minRespondents?: number;
}) {
  const repo = createIndicatorsRepository(db);
  if (!Number.isInteger(minRespondents) || minRespondents < 5)
    throw new Error('The minimum number of respondents is at least 5');
  const nationalCache = new Map<EnglandMeaning, { version: number; rows: Map<string, AggregateRow> }>();

  /**
   * What of unpublished values a viewer may read: those of its own organisations and of any
   * sharing indicators in full with a partnership it belongs to (or its organisations are
   * members of) one by one; those shared only as a summary solely inside that partnership's
   * aggregate. Published values everyone may read. Small-number suppression applies to all.
   */
  async function valueAccess(actor: Actor): Promise<ValueAccess> {
    if (actor.isAdmin) return { individual: 'all', summaryOnly: new Map() };
    const own = staffOrganisations(actor);
    const partnerships = [...new Set([...own, ...(await landscape.partnershipsOf(own))])];
    const agreements = await landscape.sharingWith(partnerships, 'indicators');
    const individual = new Set([...own, ...agreements.filter((a) => a.detail === 'all').map((a) => a.organisationId)]);
    const summaryOnly = new Map<number, number[]>();
    for (const a of agreements) {
      if (a.detail === 'summary' && !individual.has(a.organisationId))
        summaryOnly.set(a.partnershipId, [...(summaryOnly.get(a.partnershipId) ?? []), a.organisationId]);
    }
    return { individual: [...individual], summaryOnly };
  }

  /**
   * The gate: every read of values is built here from the viewer's access. Values shared as a
   * summary count only in an aggregate over the whole partnership they are shared with.
   */
  function gated(
    access: ValueAccess,
    read: Omit<ValueFilter, 'visibleUnpublished' | 'summaryOnly' | 'minCohort' | 'minRespondents'>,
    over: Selection | null = null,
  ): ValueFilter {
    const summary = over?.group
      ? (access.summaryOnly.get(over.group.id) ?? []).filter((id) => over.ids.includes(id))
      : [];
    return {
      ...read,
      visibleUnpublished: access.individual,
      summaryOnly: summary,
      minCohort: MIN_COHORT,
      minRespondents,
    };
  }

  function seesUnpublishedOf(access: ValueAccess, organisationId: number): boolean {
    return access.individual === 'all' || access.individual.includes(organisationId);
  }

  function seesOneByOne(access: ValueAccess, indicator: Indicator, organisationId: number): boolean {
    return indicator.published || seesUnpublishedOf(access, organisationId);
  }

  /** Whether the actor sees each member of the selection by name, by the partnership's setting. */
  async function seesMembers(actor: Actor, selection: Selection | null): Promise<boolean> {
    if (actor.isAdmin) return true;
    if (!selection?.group) return false;
    const setting = ((await repo.findGroupSetting(selection.group.id)) ?? 'inside') as MemberValueSetting;
    if (setting === 'own-only') return false;
    if (setting === 'leaders') return canEditOrganisation(actor, selection.group.id);
    const inScope = new Set(selection.ids);
    return staffOrganisations(actor).some((id) => inScope.has(id));
  }

  let builtInsPresent = false;
  async function catalogue(): Promise<Map<string, Indicator>> {
    if (!builtInsPresent) await repo.ensureIndicators(BUILT_IN_INDICATORS);
    builtInsPresent = true;
    return new Map((await repo.listIndicators()).map((i) => [i.code, i]));
  }

  async function selectionOf(actor: Actor, ref: string): Promise<Selection | null> {
    return ref.trim().toLowerCase() === ENGLAND ? null : landscape.resolveSelection(actor, ref);
  }

  /** England's aggregates of every indicator and period, recomputed only when values have changed. */
  async function nationalAggregates(
    indicators: Indicator[],
    pupilsId: number | null,
    england: EnglandMeaning,
  ): Promise<Map<string, AggregateRow>> {
    const version = await repo.dataVersion();
    const kept = nationalCache.get(england);
    if (kept?.version === version) return kept.rows;
    const rows = await repo.aggregate(
      { indicatorIds: indicators.map((i) => i.id), scopeIds: null, england, visibleUnpublished: [], minRespondents },
      pupilsId,
    );
    const fresh = new Map(rows.map((r) => [`${r.indicatorId} ${r.period}`, r]));
    nationalCache.set(england, { version, rows: fresh });
    return fresh;
  }

  /**
   * England as the group: published indicators read the kept national aggregates (everyone may
   * see those values); only unpublished ones are aggregated again with what this viewer may see.
   */
  async function englandRows(
    chosen: Indicator[],
    national: Map<string, AggregateRow>,
    filter: ValueFilter,
    pupilsId: number | null,
  ): Promise<AggregateRow[]> {
    const published = new Set(chosen.filter((i) => i.published).map((i) => i.id));
    const kept = [...national.values()].filter((r) => published.has(r.indicatorId));
    const unpublished = chosen.filter((i) => !i.published).map((i) => i.id);
    const live = unpublished.length ? await repo.aggregate({ ...filter, indicatorIds: unpublished }, pupilsId) : [];
    return [...kept, ...live].sort((a, b) => a.indicatorId - b.indicatorId || a.period.localeCompare(b.period));
  }

  function describe(indicator: Indicator): GroupResult['indicator'] {
    const { code, name, unit, kind, direction, outcome, grades, published, description, source } = indicator;
    return { code, name, unit, kind, direction, outcome, grades, published, description, source };
  }

  const service = {
    /** The smallest number of respondents whose survey results are shown. */
    minRespondents,

    /** The indicator catalogue. */
    async listIndicators(actor: Actor | undefined): Promise<Indicator[]> {
      requireSignedIn(actor);
      return [...(await catalogue()).values()];
    },

    /** Adds an indicator to the catalogue (administrators). */
    async createIndicator(actor: Actor | undefined, input: IndicatorInput): Promise<Indicator> {
      const definition = {
        ...input,
        description: input.description ?? '',
        published: input.published ?? false,
      } as Omit<IndicatorDefinition, 'grades'> & { grades?: string[] };
      const admin = requireSignedIn(actor);
      if (!admin.isAdmin) throw new AppError('forbidden', 'Only an administrator can add indicators');
      const existing = await catalogue();
      if (existing.has(definition.code))
        throw new AppError('conflict', `There is already an indicator with the code "${definition.code}"`, [
          { field: 'code', message: 'That code is already used by another indicator: choose another' },
        ]);
      const grades = definition.unit === 'grade' ? (definition.grades ?? []) : [];
      if (definition.unit === 'grade' && grades.length < 2)
        throw new AppError('validation', 'A graded indicator needs its grades, lowest first', [
          { field: 'grades', message: 'Give at least two grades, one per line' },
        ]);
      const full = { ...definition, grades };
      const id = await audit.recorded(
        actor,
        (trx) => createIndicatorsRepository(trx).insertIndicator(full),
        (created) => ({
          action: 'create',
          entity: 'indicator',
          entityId: created,
          detail: { code: definition.code },
        }),
      );
      return { id, ...full };
    },

    /** Every value of an organisation the actor may see, survey results below the minimum withheld. */
    async organisationValues(actor: Actor | undefined, organisationId: number) {
      const viewer = requireSignedIn(actor);
      const indicators = new Map([...(await catalogue()).values()].map((i) => [i.id, i]));
      const access = await valueAccess(viewer);
      const isWithheld = (r: { respondents: number | null }) =>
        r.respondents !== null && r.respondents < minRespondents;
      const rows = (await repo.valuesOf(organisationId)).filter((r) =>
        seesOneByOne(access, indicators.get(r.indicatorId)!, organisationId),
      );
      return rows.map((r, i) => {
        const indicator = indicators.get(r.indicatorId)!;
        const withheld = isWithheld(r);
        // Newest first within an indicator: the value before is the next of the same indicator shown.
        const before = withheld
          ? undefined
          : rows.slice(i + 1).find((x) => x.indicatorId === r.indicatorId && !isWithheld(x));
        return {
          indicator: describe(indicator),
          period: r.period,
          value: withheld ? null : r.value,
          display: withheld
            ? `Withheld: fewer than ${minRespondents} answered`
            : formatValue(indicator.unit as Unit, indicator.grades, r.value),
          respondents: withheld ? null : r.respondents,
          withheld,
          change: before ? { ...describeChange(indicator, before.value, r.value), since: before.period } : null,
          observedOn: r.observedOn,
          source: r.source,
          loadedAt: r.loadedAt,
        };
      });
    },

    /**
     * A group's results: for each indicator (or one), its value as one group in a period (the
     * latest with values by default), how it was computed, its spread across members, its trend,
     * and a benchmark (England, or a peer set). Members' values by name only as the partnership allows.
     */
    async groupResults(actor: Actor | undefined, options: GroupOptions): Promise<GroupResult[]> {
      const viewer = requireSignedIn(actor);
      const all = await catalogue();
      const chosen = options.indicator
        ? [all.get(options.indicator) ?? failUnknown(options.indicator)]
        : [...all.values()];
      const england = options.england ?? 'state-funded';
      const selection = await selectionOf(viewer, options.scope);
      const peers = options.benchmark ? await selectionOf(viewer, options.benchmark) : null;
      const pupilsId = all.get('census-pupils')?.id ?? null;
      const access = await valueAccess(viewer);
      const indicatorIds = chosen.map((i) => i.id);
      const filter = gated(access, { indicatorIds, scopeIds: selection?.ids ?? null, england }, selection);
      const national = peers && selection ? undefined : await nationalAggregates([...all.values()], pupilsId, england);
      const rows = selection
        ? await repo.aggregate(filter, pupilsId)
        : await englandRows(chosen, national!, filter, pupilsId);
      const benchmarkRows = peers
        ? new Map(
            (await repo.aggregate(gated(access, { indicatorIds, scopeIds: peers.ids, england }, peers), pupilsId)).map(
              (r) => [`${r.indicatorId} ${r.period}`, r],
            ),
          )
        : national!;
      const benchmarkLabel = peers ? `Peer set: ${peers.name}` : ENGLAND_LABELS[england];
      const periodOf = new Map<number, string>();
      for (const row of rows) {
        if (row.members === 0 && row.withheld === 0 && row.notShared === 0) continue;
        if (options.period ? row.period === options.period : (periodOf.get(row.indicatorId) ?? '') < row.period)
          periodOf.set(row.indicatorId, row.period);
      }
      // The period before the chosen one with values, which changes are read against.
      const previousOf = new Map<number, string>();
      for (const row of rows) {
        const period = periodOf.get(row.indicatorId);
        if (row.members > 0 && period && row.period < period && (previousOf.get(row.indicatorId) ?? '') < row.period)
          previousOf.set(row.indicatorId, row.period);
      }
      const own = viewer.memberships
        .map((m) => m.organisationId)
        .filter((id) => !selection || selection.ids.includes(id));
      // All of England is never listed school by school: its members are everyone.
      const named = selection !== null && (await seesMembers(viewer, selection));
      const memberFilter = gated(access, {
        indicatorIds,
        periods: [...new Set([...periodOf.values(), ...previousOf.values()])],
        scopeIds: named ? filter.scopeIds : own,
      });
      const members = named || own.length ? await repo.memberValues(memberFilter) : [];
      const scope = {
        ref: selection?.ref ?? ENGLAND,
        name: selection?.name ?? ENGLAND_LABELS[england],
        organisations: selection?.ids.length ?? 0,
      };

      return chosen.flatMap((indicator) => {
        const period = periodOf.get(indicator.id);
        if (!period) return [];
        const before = previousOf.get(indicator.id);
        const unit = indicator.unit as Unit;
        const show = (v: number | null) => formatValue(unit, indicator.grades, v);
        const changeSince = (from: number | null | undefined, to: number | null): ChangeSince | null =>
          before && from != null && to !== null ? { ...describeChange(indicator, from, to), since: before } : null;
        // A count's middle member and quartiles are counts: whole numbers.
        const spreadFigure = (v: number | null) =>
          v === null ? null : unit === 'count' ? Math.round(v) : withoutNoise(v);
        const valueOf = (r: AggregateRow | undefined) => {
          const v = r ? groupValue(unit, r).value : null;
          return v === null ? null : withoutNoise(v);
        };
        const row = rows.find((r) => r.indicatorId === indicator.id && r.period === period)!;
        const group = groupValue(unit, row);
        const value = valueOf(row);
        const bench = benchmarkRows.get(`${indicator.id} ${period}`);
        const benchValue = valueOf(bench);
        const valuesOf = (p: string) => members.filter((m) => m.indicatorId === indicator.id && m.period === p);
        const earlier = new Map(before ? valuesOf(before).map((m) => [m.organisationId, m.value]) : []);
        const mine = valuesOf(period);
        const withComparison = (m: MemberValue): MemberResult => ({
          organisationId: m.organisationId,
          name: m.name,
          value: m.value,
          display: show(m.value),
          comparison: compare(indicator.direction as Direction, m.value, benchValue),
          change: changeSince(earlier.get(m.organisationId), m.value),
        });
        const [median, q1, q3] = [spreadFigure(row.median), spreadFigure(row.q1), spreadFigure(row.q3)];
        // The group's change is read only over as many members as now: a sum or mean over fewer says nothing of a change.
        const previousRow = rows.find(
          (r) => r.indicatorId === indicator.id && r.period === before && r.members === row.members,
        );
        return [
          {
            scope,
            indicator: describe(indicator),
            period,
            members: row.members,
            value,
            display: show(value),
            method: group.method,
            fallbacks: group.fallbacks,
            change: changeSince(previousRow ? valueOf(previousRow) : null, value),
            median,
            medianDisplay: show(median),
            q1,
            q3,
            spread: formatSpread(unit, indicator.grades, q1, q3),
            withheld: row.withheld,
            notShared: row.notShared,
            benchmark: bench
              ? {
                  label: benchmarkLabel,
                  value: benchValue,
                  display: show(benchValue),
                  method: groupValue(unit, bench).method,
                  members: bench.members,
                }
              : null,
            trend: rows
              .filter((r) => r.indicatorId === indicator.id && r.members > 0)
              .map((r) => {
                const b = valueOf(benchmarkRows.get(`${indicator.id} ${r.period}`));
                return {
                  period: r.period,
                  value: valueOf(r),
                  display: show(valueOf(r)),
                  members: r.members,
                  benchmark: b,
                  benchmarkDisplay: show(b),
                };
              }),
            own: mine.filter((m) => own.includes(m.organisationId)).map(withComparison),
            memberValues: named ? mine.map(withComparison) : null,
          },
        ];
      });
    },

    /**
     * Shared strengths (most members better than the benchmark: capacity to share) and shared
     * needs (most members worse: a common need for outside help), each with the members behind it.
     */
    async sharedStrengthsAndNeeds(actor: Actor | undefined, options: Omit<GroupOptions, 'indicator'>) {
      const viewer = requireSignedIn(actor);
      const results = await service.groupResults(viewer, options);
      const selection = await selectionOf(viewer, options.scope);
      const all = await catalogue();
      const access = await valueAccess(viewer);
      const strengths: SharedPattern[] = [];
      const needs: SharedPattern[] = [];
      for (const result of results) {
        if (result.indicator.direction === 'neither' || !result.benchmark) continue;
        const indicator = all.get(result.indicator.code)!;
        // Counts come from every member's value, names only where the viewer may see them.
        const values =
          result.memberValues ??
          (
            await repo.memberValues(
              gated(access, {
                indicatorIds: [indicator.id],
                periods: [result.period],
                scopeIds: selection?.ids ?? null,
                england: options.england ?? 'state-funded',
              }),
            )
          ).map((m) => ({
            name: m.name,
            comparison: compare(indicator.direction as Direction, m.value, result.benchmark!.value),
          }));
        const better = values.filter((v) => v.comparison === 'better');
        const worse = values.filter((v) => v.comparison === 'worse');
        const pattern = sharedPattern(values.length, better.length, worse.length);
        if (!pattern) continue;
        const behind = pattern === 'strength' ? better : worse;
        const entry = {
          indicator: result.indicator,
          period: result.period,
          members: values.length,
          better: better.length,
          worse: worse.length,
          names: result.memberValues ? behind.map((v) => v.name) : null,
        };
        (pattern === 'strength' ? strengths : needs).push(entry);
      }
      return {
        scope: results[0]?.scope ?? { ref: options.scope, name: options.scope, organisations: 0 },
        benchmark: results.find((r) => r.benchmark)?.benchmark?.label ?? null,
        strengths,
        needs,
      };
    },

    /** Who sees a partnership's members' values by name. */
    async groupSetting(actor: Actor | undefined, organisationId: number): Promise<MemberValueSetting> {
      requireSignedIn(actor);
      return ((await repo.findGroupSetting(organisationId)) ?? 'inside') as MemberValueSetting;
    },

    /** Changes who sees the partnership's members' values by name (its leaders, administrators). */
    async setGroupSetting(actor: Actor | undefined, organisationId: number, setting: string): Promise<void> {
      const editor = requireSignedIn(actor);
      if (!(MEMBER_VALUE_SETTINGS as readonly string[]).includes(setting))
        throw new AppError('validation', 'Choose who sees the members’ values', [
          { field: 'memberValues', message: `Choose what members see: ${MEMBER_VALUE_SETTINGS.join(', ')}` },
        ]);
      if (!canEditOrganisation(editor, organisationId))
        throw new AppError('forbidden', 'Only the partnership’s leaders can change who sees its members’ values');
      await landscape.getOrganisation(editor, organisationId);
      await audit.recorded(
        actor,
        (trx) => createIndicatorsRepository(trx).saveGroupSetting(organisationId, setting, accountIdOf(editor)),
        () => ({
          action: 'update',
          entity: 'group-setting',
          entityId: organisationId,
          organisationIds: [organisationId],
          detail: { memberValues: setting },
        }),
      );
    },

    /**
     * England's figure for an indicator in each period it has (value by the group rule, and the
     * middle half of schools), from the kept national aggregates; undefined for an unknown code.
     */
    async nationalFigures(
      code: string,
      england: EnglandMeaning = 'state-funded',
    ): Promise<
      | { indicator: Indicator; periods: Map<string, { value: number | null; q1: number | null; q3: number | null }> }
      | undefined
    > {
      const all = await catalogue();
      const indicator = all.get(code);
      if (!indicator) return undefined;
      const rows = await nationalAggregates([...all.values()], all.get('census-pupils')?.id ?? null, england);
      const periods = new Map<string, { value: number | null; q1: number | null; q3: number | null }>();
      for (const row of rows.values()) {
        const value = groupValue(indicator.unit as Unit, row).value;
        if (row.indicatorId === indicator.id && row.members > 0)
          periods.set(row.period, { value: value === null ? null : withoutNoise(value), q1: row.q1, q3: row.q3 });
      }
      return { indicator, periods };
    },

    /** Whether the viewer may see an organisation's values of an indicator one by one (suppression aside). */
    async maySee(actor: Actor | undefined, code: string, organisationId: number): Promise<boolean> {
      const viewer = requireSignedIn(actor);
      const indicator = (await catalogue()).get(code);
      return indicator !== undefined && seesOneByOne(await valueAccess(viewer), indicator, organisationId);
    },

    /** Of these organisations, those whose unpublished results (survey answers among them) the viewer may see one by one. */
    async seenOneByOne(actor: Actor | undefined, organisationIds: number[]): Promise<Set<number>> {
      const access = await valueAccess(requireSignedIn(actor));
      return new Set(organisationIds.filter((id) => seesUnpublishedOf(access, id)));
    },

    /** An organisation's values of an indicator the viewer may see, oldest first, from a period on. */
    async series(
      actor: Actor | undefined,
      options: { code: string; organisationId: number; fromPeriod?: string | null },
    ): Promise<Array<{ period: string; value: number }>> {
      const viewer = requireSignedIn(actor);
      const indicator = (await catalogue()).get(options.code) ?? failUnknown(options.code);
      const rows = await repo.memberValues(
        gated(await valueAccess(viewer), {
          indicatorIds: [indicator.id],
          scopeIds: [options.organisationId],
          fromPeriod: options.fromPeriod,
        }),
      );
      return rows.map((r) => ({ period: r.period, value: r.value })).sort((a, b) => a.period.localeCompare(b.period));
    },

    /** Each organisation's latest value of an indicator that the viewer may see (with its period and the value before); null ids for all. */
    async latestValues(
      actor: Actor | undefined,
      options: { code: string; organisationIds: number[] | null },
    ): Promise<Map<number, { value: number; period: string; previous: number | null }>> {
      const viewer = requireSignedIn(actor);
      const indicator = (await catalogue()).get(options.code);
      if (!indicator) return new Map();
      const rows = await repo.latestValues(
        gated(await valueAccess(viewer), { indicatorIds: [indicator.id], scopeIds: options.organisationIds }),
      );
      return new Map(
        rows.map((r) => [
          r.organisationId,
          { value: Number(r.value), period: r.period, previous: r.previous === null ? null : Number(r.previous) },
        ]),
      );
    },

    /**
     * A comparison group's mean, spread and size per period, from the values the viewer may see
     * one by one; no figure for a period with fewer than the minimum cohort.
     */
    async comparison(
      actor: Actor | undefined,
      options: { code: string; organisationIds: number[]; fromPeriod?: string | null },
    ): Promise<Array<{ period: string; mean: number | null; sd: number | null; n: number }>> {
      const viewer = requireSignedIn(actor);
      const indicator = (await catalogue()).get(options.code) ?? failUnknown(options.code);
      const rows = await repo.spread(
        gated(await valueAccess(viewer), {
          indicatorIds: [indicator.id],
          scopeIds: options.organisationIds,
          fromPeriod: options.fromPeriod,
        }),
      );
      return rows.map((r) => (r.n < MIN_COHORT ? { period: r.period, mean: null, sd: null, n: r.n } : r));
    },

    /** An indicator of the catalogue by code (undefined when there is none). */
    async findIndicator(code: string): Promise<Indicator | undefined> {
      return (await catalogue()).get(code);
    },

    /**
     * Replaces the values a source computed (a survey's results); for the surveys module, which
     * checks its own permissions. Written in the caller's transaction (`within`), which is the one
     * way to write (`audit.recorded`): it records the entry and raises the version of the data.
     */
    async recordComputedValues(
      source: string,
      rows: Parameters<ReturnType<typeof createIndicatorsRepository>['replaceValues']>[1],
      within: Db,
    ): Promise<void> {
      await createIndicatorsRepository(within).replaceValues(source, rows);
    },

    /** Adds soft indicators a survey question feeds, if they are not in the catalogue yet; returns their ids by code. */
    async ensureSoftIndicators(definitions: IndicatorDefinition[]): Promise<Map<string, number>> {
      await repo.ensureIndicators(definitions);
      const all = await catalogue();
      const unlike = definitions.filter((d) => all.get(d.code)!.kind !== 'soft' || all.get(d.code)!.unit !== 'percent');
      if (unlike.length)
        throw new AppError(
          'validation',
          `The indicator "${unlike[0]!.code}" exists and is not a soft indicator in percent; choose another name`,
          [
            {
              field: 'indicatorName',
              message: 'This file’s indicator is of another kind: choose the matching indicator',
            },
          ],
        );
      return new Map(definitions.map((d) => [d.code, all.get(d.code)!.id]));
    },
  };
  return service;

  function failUnknown(code: string): never {
    throw notFound(`Indicator "${code}"`);
  }
}
export type IndicatorsService = ReturnType<typeof createIndicatorsService>;
