/**
 * What the parts of the landscape service share (organisations, people, relationships, sharing,
 * the report): the context each part is made with, and the checks more than one part makes.
 * Parts reach one another's data through the one repository, never by copying a rule.
 */
import type { PersonalDataRow } from '../personal-data.js';
import type { Db } from '../../db/database.js';
import { createReadCache } from '../../platform/cache/read-cache.js';
import { AppError, summaryOf, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditEvent, AuditService } from '../audit/index.js';
import { todayIso } from './landscape.domain.js';
import { canEditOrganisation, PARTNERSHIP_KINDS } from './landscape.policy.js';
import { createLandscapeRepository, type LandscapeRepository } from './landscape.repository.js';
import type { Page } from './landscape.sql.js';

/** The organisations a scope key (or several) stands for, and the partnership it names when it is one. */
export interface Selection {
  ref: string;
  name: string;
  ids: number[];
  group: { id: number; kind: string } | null;
}

/** The organisations one key stands for, with the key. */
export type Scope = NonNullable<Awaited<ReturnType<LandscapeRepository['resolveScope']>>> & { ref: string };

/** The repository's reads that pages ask for most, served from a cache at the actor's version of the data. */
const CACHED_READS = [
  'findOrganisation',
  'listOrganisations',
  'listLocalAuthorities',
  'listPeople',
  'listPeopleOfOrganisation',
  'listRoles',
  'listAssignments',
  'listRelationships',
] as const;
export type CachedReads = Pick<LandscapeRepository, (typeof CACHED_READS)[number]>;

/** What each part of the landscape service is made with. */
export interface PartContext {
  audit: AuditService;
  /** What every module holds about one account (for a subject access request). */
  personalData(userId: number): Promise<PersonalDataRow[]>;
  /** The landscape's SQL on the database (outside any transaction). */
  repo: LandscapeRepository;
  /**
   * The same reads for one actor, kept per version of the data (see `platform/cache`): the
   * facts every signed-in user may see, before any rule of who sees what is applied to them.
   */
  reads(actor: Actor | undefined): CachedReads;
  /** Runs a write and its audit entry in one transaction: both happen or neither does. */
  audited<T>(
    actor: Actor | undefined,
    write: (r: LandscapeRepository) => Promise<T>,
    event: (result: T) => AuditEvent,
  ): Promise<T>;
  /** The organisations a key stands for on a day; a validation error when none has it. */
  resolveScopeOrFail(ref: string, asOf: string): Promise<Scope>;
  /** One key, or several separated by commas (a custom selection): the union of their scopes. */
  resolveSelection(refs: string, asOf: string): Promise<Selection | undefined>;
}

export function createPartContext({
  db,
  audit,
  personalData,
}: {
  db: Db;
  audit: AuditService;
  personalData: PartContext['personalData'];
}): PartContext {
  const repo = createLandscapeRepository(db);
  const cache = createReadCache(500);
  const reads = (actor: Actor | undefined): CachedReads =>
    Object.fromEntries(
      CACHED_READS.map((name) => [
        name,
        (...args: unknown[]) =>
          cache.read(actor?.dataVersion, JSON.stringify([name, todayIso(), args]), () =>
            (repo[name] as (...a: unknown[]) => Promise<unknown>)(...args),
          ),
      ]),
    ) as unknown as CachedReads;

  async function resolveScopeOrFail(ref: string, asOf: string): Promise<Scope> {
    const found = await repo.resolveScope(ref, asOf);
    if (!found)
      throw new AppError(
        'validation',
        `No local authority, school, trust, federation or network has the key "${ref}"`,
        [{ field: 'scope', message: 'Nothing in Syslead has that code: use an LA code, a trust’s UID or a URN' }],
      );
    return { ref, ...found };
  }

  return {
    audit,
    personalData,
    repo,
    reads,
    audited: (actor, write, event) => audit.recorded(actor, (trx) => write(createLandscapeRepository(trx)), event),
    resolveScopeOrFail,
    async resolveSelection(refs, asOf) {
      const keys = refs
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const parts = await Promise.all(keys.map((ref) => resolveScopeOrFail(ref, asOf)));
      if (parts.length === 0) return undefined;
      const group =
        parts.length === 1 && PARTNERSHIP_KINDS.has(parts[0]!.kind) ? { id: parts[0]!.id, kind: parts[0]!.kind } : null;
      return {
        ref: keys.join(','),
        name: parts.map((p) => p.name).join(', '),
        ids: [...new Set(parts.flatMap((p) => p.ids))],
        group,
      };
    },
  };
}

export function requireOrganisationEditor(
  actor: Actor | undefined,
  ...organisationIds: Array<number | null | undefined>
): Actor {
  const signedIn = requireSignedIn(actor);
  if (!organisationIds.every((id) => canEditOrganisation(signedIn, id))) {
    throw new AppError('forbidden', 'Only a leader of the organisation or an administrator can change this');
  }
  return signedIn;
}

/** The day a tie, role or agreement ended today ends on: today, or its first day when it has not begun. */
export function endingDay(startDate: string | null): string {
  const today = todayIso();
  return startDate && startDate > today ? startDate : today;
}

/**
 * Whether ending a record (a tie, a role, an agreement) may be undone (see `audit.undoable`),
 * and the end date it had before: the ending must still be the record's latest change, and its
 * end date still the one the ending gave it.
 */
export async function endBeforeEnding(
  audit: AuditService,
  actor: Actor | undefined,
  record: { entity: string; id: number; endDate: string | null },
): Promise<string | null> {
  const entry = await audit.undoable(actor, { entity: record.entity, entityId: record.id, action: 'end' });
  if (entry.detail.endDate !== record.endDate)
    throw new AppError('conflict', 'This can no longer be undone: it has been changed since');
  return typeof entry.detail.before === 'string' ? entry.detail.before : null;
}

export function failIfProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new AppError('validation', summaryOf(problems), problems);
}

export function checkDateOrder(
  start: string | null | undefined,
  end: string | null | undefined,
  startField: string,
  endField: string,
  problems: FieldProblem[],
) {
  if (start && end && end < start)
    problems.push({
      field: endField,
      message: `The date must not be before the ${startField === 'openedOn' ? 'opening' : 'start'} date`,
    });
}

export function pageOf<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(map) };
}
