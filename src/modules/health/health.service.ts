import type { Db } from '../../db/database.js';
import { readDataVersion } from '../../db/data-version.js';
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { HealthChange, HealthReading, HealthScope, HealthSection, JobSender, ServiceMap } from '../definition.js';
import { canEditOrganisation, staffOrganisations, todayIso, type LandscapeService } from '../landscape/index.js';
import { judgeMaturity, mergeSections, MATURITY_STAGES, movement, type MergedSection } from './health.domain.js';
import { createHealthRepository, type Snapshot } from './health.repository.js';

/** The queue of the job that takes one scope's snapshot of a day, and of the weekly round of them. */
export const HEALTH_SNAPSHOT_QUEUE = 'health-snapshot';
export const HEALTH_WEEKLY_QUEUE = 'health-weekly';

/** What a snapshot job is asked: a scope, and the day it is of (its key: one snapshot per scope and day). */
export interface SnapshotJob {
  ref: string;
  day: string;
}

const MAX_NOTE = 500;
/** The organisations a snapshot keeps behind a figure: England's thousands of isolated schools are counted, and the first few hundred named. */
const DRILL_DOWN_KEPT = 300;

/**
 * A local system's health over time. Its figures come from every module's sections, read
 * through their services; a snapshot keeps them as computed on its day, at the version of the
 * data they came from. A scope's health is read by the people of its organisations and by
 * administrators (one rule, {@link mayRead}); its leaders take snapshots on demand, write notes
 * on the trend and confirm the stage of maturity.
 */
export function createHealthService({
  db,
  landscape,
  accounts,
  audit,
  jobs,
  sections,
  services,
}: {
  db: Db;
  landscape: LandscapeService;
  accounts: AccountsService;
  audit: AuditService;
  jobs: JobSender;
  sections: HealthSection[];
  /** Every module's service, complete once all are built (sections read through them). */
  services: ServiceMap;
}) {
  const repo = createHealthRepository(db);
  const merged: MergedSection[] = mergeSections(sections);
  const figures = merged.flatMap((s) => s.figures);

  /** Who reads a scope's health: its organisations' people, and administrators. */
  function mayRead(actor: Actor, scope: Omit<HealthScope, 'asOf'>): boolean {
    if (actor.isAdmin) return true;
    const inScope = new Set(scope.organisationIds);
    return staffOrganisations(actor).some((id) => inScope.has(id));
  }

  /** Who takes a snapshot on demand, writes notes and confirms maturity: the scope's leaders (England: administrators). */
  function mayLead(actor: Actor, scope: Omit<HealthScope, 'asOf'>): boolean {
    if (actor.isAdmin) return true;
    return scope.organisationId !== null && canEditOrganisation(actor, scope.organisationId);
  }

  async function scopeFor(actor: Actor | undefined, ref: string): Promise<{ reader: Actor; scope: HealthScope }> {
    const reader = requireSignedIn(actor);
    const found = await landscape.healthScope(reader, ref).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    if (!found || !mayRead(reader, found)) throw notFound('This part of the system');
    return { reader, scope: { ...found, asOf: todayIso() } };
  }

  async function ledScope(actor: Actor | undefined, ref: string) {
    const found = await scopeFor(actor, ref);
    if (!mayLead(found.reader, found.scope))
      throw new AppError('forbidden', `Only the leaders of ${found.scope.name} can do this`);
    return found;
  }

  /** Every figure's reading for a scope now, section by section, as the background job reads them; a long drill-down is cut to its first few hundred. */
  async function readAll(scope: HealthScope): Promise<Record<string, HealthReading>> {
    const readings: Record<string, HealthReading> = {};
    for (const section of sections) Object.assign(readings, await section.read(services, scope));
    for (const reading of Object.values(readings))
      if (reading.organisations && reading.organisations.length > DRILL_DOWN_KEPT) {
        reading.more = reading.organisations.length - DRILL_DOWN_KEPT;
        reading.organisations = reading.organisations.slice(0, DRILL_DOWN_KEPT);
      }
    return readings;
  }

  async function changesBetween(scope: HealthScope, from: string, to: string, reader: Actor): Promise<HealthChange[]> {
    const all: HealthChange[] = [];
    for (const section of sections)
      if (section.changes) all.push(...(await section.changes(services, scope, from, to, reader)));
    return all.sort((a, b) => a.on.localeCompare(b.on) || a.what.localeCompare(b.what));
  }

  /** Reads the figures and writes the day's snapshot: read first, written in one statement, so a stop between leaves none. */
  async function snapshot(ref: string, day: string): Promise<number> {
    const found = await landscape.healthScope(BACKGROUND_JOB, ref, day);
    const scope = { ...found, asOf: day };
    const dataVersion = await readDataVersion(db);
    const readings = await readAll(scope);
    return repo.saveSnapshot({
      scopeRef: ref,
      scopeName: scope.name,
      takenOn: day,
      dataVersion,
      readings,
      maturity: judgeMaturity(readings),
    });
  }

  return {
    sections: () => merged.map(({ parts: _parts, ...s }) => s),
    /** What every figure means, for anyone signed in (the data dictionary). */
    figures(actor: Actor | undefined) {
      requireSignedIn(actor);
      return figures;
    },

    /** A scope the actor may read, as of today. */
    async scope(actor: Actor | undefined, ref: string): Promise<HealthScope & { mayLead: boolean }> {
      const { reader, scope } = await scopeFor(actor, ref);
      return { ...scope, mayLead: mayLead(reader, scope) };
    },

    /** Every figure's reading now, not kept (the snapshot keeps them). */
    async readNow(actor: Actor | undefined, ref: string) {
      const { scope } = await scopeFor(actor, ref);
      return readAll(scope);
    },

    /** The scopes the actor may read: the partnerships and local authorities around their organisations, and England. */
    async scopes(actor: Actor | undefined) {
      const reader = requireSignedIn(actor);
      const own = staffOrganisations(reader);
      const ids = await landscape.partnershipsAround(reader, own);
      const named = await Promise.all(ids.map((id) => landscape.healthScope(reader, `org:${id}`)));
      const latest = new Map<string, Snapshot>();
      const list = [
        ...named.filter((s) => mayRead(reader, s)).sort((a, b) => a.name.localeCompare(b.name)),
        ...(own.length || reader.isAdmin
          ? [{ ref: 'england', name: 'England', organisationId: null, kind: null, organisationIds: [], schoolIds: [] }]
          : []),
      ];
      for (const s of list) {
        const all = await repo.snapshots(s.ref);
        if (all.length) latest.set(s.ref, all[all.length - 1]!);
      }
      return list.map((s) => ({
        ref: s.ref,
        name: s.name,
        kind: s.kind,
        schools: s.ref === 'england' ? null : s.schoolIds.length,
        lastSnapshot: latest.get(s.ref)?.takenOn ?? null,
      }));
    },

    /**
     * The health view of a scope: the snapshots kept, the one chosen (`on`, the latest by
     * default) against an earlier one (`from`, the one before by default), each figure's trend,
     * the notes, what began or ended between the two days, and the maturity reading.
     */
    async view(actor: Actor | undefined, ref: string, choice: { on?: string; from?: string } = {}) {
      const { reader, scope } = await scopeFor(actor, ref);
      const snapshots = await repo.snapshots(ref);
      const pick = (day: string | undefined, fallback: Snapshot | undefined) => {
        if (!day) return fallback;
        const found = snapshots.find((s) => s.takenOn === day);
        if (!found)
          throw new AppError('validation', `There is no snapshot of ${day}`, [
            { field: day === choice.on ? 'on' : 'from', message: 'Choose one of the days a snapshot was taken' },
          ]);
        return found;
      };
      const current = pick(choice.on, snapshots[snapshots.length - 1]);
      const before = current ? snapshots.filter((s) => s.takenOn < current.takenOn) : [];
      const earlier = pick(choice.from, before[before.length - 1]);
      if (current && earlier && earlier.takenOn >= current.takenOn)
        throw new AppError('validation', 'The earlier day must come before the later one', [
          { field: 'from', message: 'Choose a day before the one you compare it with' },
        ]);
      const annotations = await repo.annotations(ref);
      const confirmations = await repo.confirmations(snapshots.map((s) => s.id));
      const changes =
        current && earlier
          ? await changesBetween({ ...scope, asOf: current.takenOn }, earlier.takenOn, current.takenOn, reader)
          : [];
      return {
        scope: { ref: scope.ref, name: scope.name, kind: scope.kind, organisationId: scope.organisationId },
        mayLead: mayLead(reader, scope),
        snapshots: snapshots.map((s) => ({ id: s.id, takenOn: s.takenOn, dataVersion: s.dataVersion })),
        current: current ?? null,
        earlier: earlier ?? null,
        sections: merged.map((section) => ({
          key: section.key,
          title: section.title,
          about: section.about,
          figures: section.figures.map((figure) => ({
            ...figure,
            reading: current?.readings[figure.key] ?? null,
            earlier: earlier?.readings[figure.key] ?? null,
            movement: movement(figure, earlier?.readings[figure.key]?.value, current?.readings[figure.key]?.value),
            trend: snapshots.map((s) => ({ on: s.takenOn, value: s.readings[figure.key]?.value ?? null })),
          })),
        })),
        maturity: current
          ? {
              ...current.maturity,
              stages: MATURITY_STAGES.map((s) => ({
                stage: s.stage,
                name: s.name,
                about: s.about,
                evidence: current.maturity.evidence.filter((e) => e.stage === s.stage),
              })),
              confirmations: confirmations.filter((c) => c.snapshotId === current.id),
            }
          : null,
        annotations,
        changes,
      };
    },

    /**
     * For the home page: each partnership the actor works in or around, with its latest snapshot,
     * its stage, and how many figures moved for the better or the worse since the one before.
     */
    async summaries(actor: Actor | undefined) {
      const list = (await this.scopes(actor)).filter((s) => s.ref !== 'england' && s.lastSnapshot);
      return Promise.all(
        list.map(async (s) => {
          const all = await repo.snapshots(s.ref);
          const [earlier, latest] = [all[all.length - 2], all[all.length - 1]!];
          const verdicts = earlier
            ? figures.map((f) => movement(f, earlier.readings[f.key]?.value, latest.readings[f.key]?.value).verdict)
            : [];
          return {
            ref: s.ref,
            name: s.name,
            takenOn: latest.takenOn,
            stage: latest.maturity.stage,
            earlierOn: earlier?.takenOn ?? null,
            better: verdicts.filter((v) => v === 'better').length,
            worse: verdicts.filter((v) => v === 'worse').length,
          };
        }),
      );
    },

    /** For the snapshot job: the scope's snapshot of the day, one however often it runs. */
    async takeSnapshot(actor: Actor | undefined, job: SnapshotJob): Promise<number> {
      if (actor !== BACKGROUND_JOB) await ledScope(actor, job.ref);
      return snapshot(job.ref, job.day);
    },

    /** A leader's snapshot on demand: asked of the job queue (the day's one snapshot, replaced if one was taken). */
    async requestSnapshot(actor: Actor | undefined, ref: string): Promise<void> {
      const { reader, scope } = await ledScope(actor, ref);
      const day = todayIso();
      await audit.recorded(
        reader,
        (trx) => jobs.send(HEALTH_SNAPSHOT_QUEUE, { ref, day }, { singletonKey: `${ref}:${day}`, within: trx }),
        () => ({
          action: 'request',
          entity: 'health-snapshot',
          entityId: ref,
          organisationIds: scope.organisationId ? [scope.organisationId] : [],
          detail: { day },
        }),
      );
      jobs.nudge(HEALTH_SNAPSHOT_QUEUE);
    },

    /** The scopes the weekly round snapshots: every partnership and local authority around an organisation with people in Syslead, and England. */
    async weeklyScopes(actor: Actor | undefined): Promise<string[]> {
      if (actor !== BACKGROUND_JOB) throw new AppError('forbidden', 'Only the weekly job asks this');
      const used = await accounts.organisationsWithMembers();
      const ids = await landscape.partnershipsAround(actor, used);
      return [...ids.map((id) => `org:${id}`), 'england'];
    },

    /** Sends the day's snapshot job of every scope of the weekly round (each job's key keeps one per scope and day). */
    async sendWeekly(actor: Actor | undefined, day = todayIso()): Promise<number> {
      const refs = await this.weeklyScopes(actor);
      for (const ref of refs) await jobs.send(HEALTH_SNAPSHOT_QUEUE, { ref, day }, { singletonKey: `${ref}:${day}` });
      return refs.length;
    },

    async annotate(actor: Actor | undefined, ref: string, input: { notedOn?: string; text: string }): Promise<number> {
      const { reader, scope } = await ledScope(actor, ref);
      const text = input.text.trim();
      const notedOn = input.notedOn ?? todayIso();
      const problems = [];
      if (!text) problems.push({ field: 'text', message: 'Enter what happened, for example “the federation formed”' });
      if (text.length > MAX_NOTE)
        problems.push({ field: 'text', message: `Keep the note to ${MAX_NOTE} characters or fewer` });
      if (notedOn > todayIso()) problems.push({ field: 'notedOn', message: 'The day must be today or in the past' });
      if (problems.length) throw new AppError('validation', problems[0]!.message, problems);
      return audit.recorded(
        reader,
        (trx) => createHealthRepository(trx).addAnnotation(ref, notedOn, text, accountIdOf(reader)),
        (id) => ({
          action: 'annotate',
          entity: 'health-annotation',
          entityId: id,
          organisationIds: scope.organisationId ? [scope.organisationId] : [],
          detail: { ref, notedOn },
        }),
      );
    },

    async removeAnnotation(actor: Actor | undefined, ref: string, id: number): Promise<void> {
      const { reader, scope } = await ledScope(actor, ref);
      const found = await repo.annotation(id);
      if (!found || found.scopeRef !== ref) throw notFound('This note');
      await audit.recorded(
        reader,
        (trx) => createHealthRepository(trx).removeAnnotation(id),
        () => ({
          action: 'remove',
          entity: 'health-annotation',
          entityId: id,
          organisationIds: scope.organisationId ? [scope.organisationId] : [],
          detail: { ref, text: found.text },
        }),
      );
    },

    /** The leaders' word on the stage a snapshot judged: agreed, or not with why. */
    async confirmMaturity(
      actor: Actor | undefined,
      ref: string,
      snapshotId: number,
      input: { agreed: boolean; note?: string },
    ): Promise<number> {
      const { reader, scope } = await ledScope(actor, ref);
      const found = await repo.snapshot(snapshotId);
      if (!found || found.scopeRef !== ref) throw notFound('This snapshot');
      const note = input.note?.trim() || null;
      if (!input.agreed && !note)
        throw new AppError('validation', 'Say why the stage does not fit', [
          { field: 'note', message: 'Say why the stage does not fit, so the next reader knows' },
        ]);
      if (note && note.length > MAX_NOTE)
        throw new AppError('validation', `Keep the note to ${MAX_NOTE} characters or fewer`, [
          { field: 'note', message: `Keep the note to ${MAX_NOTE} characters or fewer` },
        ]);
      return audit.recorded(
        reader,
        (trx) =>
          createHealthRepository(trx).confirm(
            snapshotId,
            found.maturity.stage,
            input.agreed,
            note,
            accountIdOf(reader),
          ),
        (id) => ({
          action: 'confirm',
          entity: 'health-maturity',
          entityId: id,
          organisationIds: scope.organisationId ? [scope.organisationId] : [],
          detail: { ref, snapshotId, stage: found.maturity.stage, agreed: input.agreed },
        }),
      );
    },

    /** Every snapshot of a scope, a row each, a column per figure (the data dictionary says what each means). */
    async snapshotRows(actor: Actor | undefined, ref: string) {
      const { scope } = await scopeFor(actor, ref);
      const snapshots = await repo.snapshots(ref);
      return { scope, figures, snapshots };
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
