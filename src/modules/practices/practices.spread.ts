/**
 * How a practice spreads over the network: the tree of who took it from whom, how fast it
 * travelled and how far it reached (by wider system, local authority and trust), and which of a
 * partnership's practices spread. Pure functions over the practice and its adoptions; the routes
 * fetch them through the practices service, which decides what the actor may see. The idea that
 * practice should travel quickly between schools, changed as it goes, is the one "Leading
 * networks leading the system" sets out; the three wider systems are those of "System
 * leadership: lessons from the literature".
 */
import { daysBetween } from '../../shared/time-in-words.js';
import { WIDER_SYSTEM_LABELS, WIDER_SYSTEMS, type WiderSystem } from '../landscape/index.js';
import { median } from '../../shared/median.js';
import type { Judgement } from './practices.domain.js';

/** One school's adoption, as the spread reads it. */
export interface SpreadAdoption {
  id: number;
  organisationId: number;
  organisationName: string;
  /** The school it was taken from; null when taken from the library. */
  fromOrganisationId: number | null;
  fromOrganisationName: string | null;
  startedOn: string;
  adapted: string[];
  adaptation: string;
  judgement: Judgement | null;
  judgedOn: string | null;
}

/** The practice as the spread reads it: its owning school, the day it was written up, and its adoptions. */
export interface SpreadPractice {
  id: number;
  title: string;
  organisationId: number;
  organisationName: string;
  createdOn: string;
  adoptions: SpreadAdoption[];
}

/** One adoption in the tree, in the order a reader follows it (each after the one it hangs under). */
export interface TreeRow {
  adoption: SpreadAdoption;
  /** The adoption it hangs under; null when it hangs under the owning school. */
  parentId: number | null;
  /** The school it hangs under: the adopter of its parent, or the owner. */
  parentName: string;
  /** 1 under the owning school, 2 under one of its adopters, and so on. */
  depth: number;
  /** Days from the parent's adoption (or from the practice's writing up, under the owner) to this one. */
  days: number;
}

/** Orders adoptions by their first day, and by id on the same day. */
function byStart(a: SpreadAdoption, b: SpreadAdoption): number {
  return a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : a.id - b.id;
}

/**
 * The adoption tree. An adoption taken from a school that adopted the practice earlier hangs
 * under that school's first adoption; one taken from the library, from the owner, or from a
 * school that had not yet adopted it hangs under the owner (so the tree never loops).
 */
export function adoptionTree(practice: SpreadPractice): TreeRow[] {
  const ordered = [...practice.adoptions].sort(byStart);
  const firstBy = new Map<number, SpreadAdoption>();
  for (const a of ordered) if (!firstBy.has(a.organisationId)) firstBy.set(a.organisationId, a);
  const parentOf = (a: SpreadAdoption): SpreadAdoption | undefined => {
    const parent = a.fromOrganisationId === null ? undefined : firstBy.get(a.fromOrganisationId);
    return parent && byStart(parent, a) < 0 ? parent : undefined;
  };
  const children = new Map<number | null, SpreadAdoption[]>();
  for (const a of ordered) {
    const key = parentOf(a)?.id ?? null;
    children.set(key, [...(children.get(key) ?? []), a]);
  }
  const rows: TreeRow[] = [];
  const visit = (parent: SpreadAdoption | undefined, depth: number) => {
    for (const child of children.get(parent?.id ?? null) ?? []) {
      rows.push({
        adoption: child,
        parentId: parent?.id ?? null,
        parentName: parent?.organisationName ?? practice.organisationName,
        depth,
        days: daysBetween(parent?.startedOn ?? practice.createdOn, child.startedOn),
      });
      visit(child, depth + 1);
    }
  };
  visit(undefined, 1);
  return rows;
}

/** How fast the practice travelled: the gaps between adoptions in date order, and along the tree. */
export interface SpreadSpeed {
  /** Days from each adoption to the next, in date order (one fewer than the adoptions). */
  gaps: Array<{ from: SpreadAdoption; to: SpreadAdoption; days: number }>;
  medianGap: number | null;
  /** Days from each adoption's parent (or the practice's writing up) to it, in the tree's order. */
  alongTree: Array<{ adoption: SpreadAdoption; parentName: string; days: number }>;
  medianAlongTree: number | null;
}

export function spreadSpeed(practice: SpreadPractice, tree: TreeRow[] = adoptionTree(practice)): SpreadSpeed {
  const ordered = [...practice.adoptions].sort(byStart);
  const gaps = ordered
    .slice(1)
    .map((to, i) => ({ from: ordered[i]!, to, days: daysBetween(ordered[i]!.startedOn, to.startedOn) }));
  const alongTree = tree.map((r) => ({ adoption: r.adoption, parentName: r.parentName, days: r.days }));
  return {
    gaps,
    medianGap: median(gaps.map((g) => g.days)),
    alongTree,
    medianAlongTree: median(alongTree.map((r) => r.days)),
  };
}

/** What the reach is counted by, for each adopting organisation. */
export interface Adopter {
  organisationId: number;
  widerSystem: WiderSystem;
  localAuthorityId: number | null;
  localAuthorityName: string | null;
  trustId: number | null;
  trustName: string | null;
}

export interface ReachRow {
  key: string;
  label: string;
  /** Distinct adopting organisations. */
  count: number;
}

export interface Reach {
  /** Distinct adopting organisations (a school that adopted twice counts once). */
  total: number;
  /** Every wider system, none left out (zero where none adopted). */
  bySystem: ReachRow[];
  /** Largest first, then by name; organisations without one last. */
  byLocalAuthority: ReachRow[];
  byTrust: ReachRow[];
}

function countBy(adopters: Adopter[], keyOf: (a: Adopter) => { key: string; label: string }, none: string) {
  const rows = new Map<string, ReachRow>();
  for (const a of adopters) {
    const { key, label } = keyOf(a);
    const row = rows.get(key) ?? rows.set(key, { key, label, count: 0 }).get(key)!;
    row.count++;
  }
  return [...rows.values()].sort(
    (a, b) => Number(a.key === none) - Number(b.key === none) || b.count - a.count || a.label.localeCompare(b.label),
  );
}

/** How far the practice reached: its distinct adopters by wider system, local authority and trust. */
export function reach(adopters: Adopter[]): Reach {
  const distinct = [...new Map(adopters.map((a) => [a.organisationId, a])).values()];
  return {
    total: distinct.length,
    bySystem: WIDER_SYSTEMS.map((system) => ({
      key: system,
      label: WIDER_SYSTEM_LABELS[system],
      count: distinct.filter((a) => a.widerSystem === system).length,
    })),
    byLocalAuthority: countBy(
      distinct,
      (a) =>
        a.localAuthorityId === null
          ? { key: 'none', label: 'No local authority recorded' }
          : { key: String(a.localAuthorityId), label: a.localAuthorityName ?? 'Unnamed local authority' },
      'none',
    ),
    byTrust: countBy(
      distinct,
      (a) =>
        a.trustId === null
          ? { key: 'none', label: 'Not in an academy trust' }
          : { key: String(a.trustId), label: a.trustName ?? 'Unnamed trust' },
      'none',
    ),
  };
}

/** A practice of a partnership's schools, with the schools that adopted it. */
export interface PartnershipPractice {
  id: number;
  title: string;
  organisationId: number;
  organisationName: string;
  adopterIds: number[];
}

/**
 * Which practices spread (at least one school other than the owner adopted them) and which
 * stayed in the school that wrote them up; each list by title, with how many schools took it up.
 */
export function partnershipSpread(practices: PartnershipPractice[]) {
  const withReach = practices
    .map((p) => ({ ...p, otherAdopters: new Set(p.adopterIds.filter((id) => id !== p.organisationId)).size }))
    .sort((a, b) => b.otherAdopters - a.otherAdopters || a.title.localeCompare(b.title));
  const spread = withReach.filter((p) => p.otherAdopters > 0);
  const stayed = withReach.filter((p) => p.otherAdopters === 0);
  return { spread, stayed, counts: { spread: spread.length, stayed: stayed.length, total: withReach.length } };
}
