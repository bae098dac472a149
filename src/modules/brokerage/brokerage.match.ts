/**
 * Matching a need with schools that could help: each candidate gets a score from 0 to 100
 * made of weighted reasons, each explained. A helper at capacity is left out; a helper whose
 * own results in the area are falling is left out unless asked for, and flagged when shown.
 */
import type { Direction } from '../indicators/index.js';
import { FACTORS, type Factor, type Weights } from './brokerage.domain.js';

/** The school asking for help, as matching sees it. */
export interface Seeker {
  phase: string | null;
  pupils: number | null;
  fsm: number | null;
  latitude: number | null;
  longitude: number | null;
}

/** One school that might help, with everything its score is made of. */
export interface Candidate extends Seeker {
  organisationId: number;
  name: string;
  ref: string;
  /** Days a term offered in the area (stated offers), and days already taken by active engagements. */
  offeredDays: number | null;
  committedDays: number;
  designated: boolean;
  /** The main indicator of the area: latest value, its period, and the value before. */
  value: number | null;
  period: string | null;
  previous: number | null;
  tie: boolean;
  sharedPartnership: boolean;
}

/** England's figures for the area's main indicator in the candidate's period, to read strength against. */
export interface Evidence {
  indicatorName: string;
  direction: Direction;
  benchmark: number | null;
  q1: number | null;
  q3: number | null;
  format(value: number): string;
  /** A change of the indicator from one value to another, in words by its direction. */
  change(from: number, to: number): string;
}

export interface Match {
  organisationId: number;
  ref: string;
  name: string;
  score: number;
  factors: Record<Factor, number>;
  reasons: string[];
  falling: boolean;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Great-circle distance in kilometres. */
export function kilometres(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** How far a value stands from England's, in spreads of the middle half, signed so that better is positive. */
function standing(value: number, evidence: Evidence): number | null {
  if (evidence.benchmark === null || evidence.direction === 'neither') return null;
  const spread =
    evidence.q1 !== null && evidence.q3 !== null && evidence.q3 > evidence.q1 ? evidence.q3 - evidence.q1 : 1;
  const raw = (value - evidence.benchmark) / spread;
  return evidence.direction === 'higher' ? raw : -raw;
}

/** Whether a candidate's results in the area went the wrong way since the period before. */
export function isFalling(candidate: Pick<Candidate, 'value' | 'previous'>, direction: Direction): boolean {
  if (candidate.value === null || candidate.previous === null || direction === 'neither') return false;
  return direction === 'higher' ? candidate.value < candidate.previous : candidate.value > candidate.previous;
}

/** Whether a candidate has anything to offer in the area: a stated offer, a designation, or results better than England's. */
export function hasStrength(candidate: Candidate, evidence: Evidence | null): boolean {
  if (candidate.offeredDays !== null || candidate.designated) return true;
  if (!evidence || candidate.value === null) return false;
  return (standing(candidate.value, evidence) ?? 0) > 0;
}

/** Scores and explains one candidate; undefined when it cannot help (no strength, at capacity, or falling unless asked). */
export function scoreCandidate(
  seeker: Seeker,
  candidate: Candidate,
  evidence: Evidence | null,
  weights: Weights,
  includeFalling = false,
): Match | undefined {
  if (!hasStrength(candidate, evidence)) return undefined;
  const remaining = candidate.offeredDays === null ? null : candidate.offeredDays - candidate.committedDays;
  if (remaining !== null && remaining <= 0) return undefined;
  const falling = evidence ? isFalling(candidate, evidence.direction) : false;
  if (falling && !includeFalling) return undefined;
  const reasons: string[] = [];

  const stand = evidence && candidate.value !== null ? standing(candidate.value, evidence) : null;
  const fromResults = stand === null ? 0 : clamp01(0.5 + stand / 2);
  let strength = candidate.offeredDays !== null ? 0.5 + fromResults / 2 : fromResults;
  if (candidate.offeredDays !== null) reasons.push(`Offers help in this area: ${candidate.offeredDays} days a term`);
  if (candidate.designated) {
    strength = Math.max(strength, 0.8);
    reasons.push('Led by a National Leader of Education (or a national support school)');
  }
  if (evidence && candidate.value !== null && evidence.benchmark !== null) {
    reasons.push(
      `${evidence.indicatorName} ${evidence.format(candidate.value)} in ${candidate.period} (England ${evidence.format(evidence.benchmark)})`,
    );
  }
  if (falling)
    reasons.push(
      `Caution: since the year before, its own ${evidence!.indicatorName.toLowerCase()} ${evidence!.change(candidate.previous!, candidate.value!)}`,
    );

  const parts: number[] = [];
  if (seeker.phase && candidate.phase) parts.push(seeker.phase === candidate.phase ? 1 : 0);
  if (seeker.pupils && candidate.pupils)
    parts.push(Math.min(seeker.pupils, candidate.pupils) / Math.max(seeker.pupils, candidate.pupils));
  if (seeker.fsm !== null && candidate.fsm !== null)
    parts.push(1 - Math.min(1, Math.abs(seeker.fsm - candidate.fsm) / 30));
  const context = parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 0.5;
  reasons.push(
    `Context: ${candidate.phase ?? 'phase unknown'}${candidate.pupils ? `, ${candidate.pupils} pupils` : ''}${candidate.fsm !== null ? `, ${candidate.fsm.toFixed(1)}% FSM` : ''}`,
  );

  let distance = 0.5;
  if (
    seeker.latitude !== null &&
    seeker.longitude !== null &&
    candidate.latitude !== null &&
    candidate.longitude !== null
  ) {
    const km = kilometres(
      seeker as { latitude: number; longitude: number },
      candidate as { latitude: number; longitude: number },
    );
    distance = 1 / (1 + km / 10);
    reasons.push(`${km < 10 ? km.toFixed(1) : Math.round(km)} km away`);
  }

  const capacity = remaining === null ? 0.5 : clamp01(remaining / 10);
  if (remaining !== null) reasons.push(`${remaining} of ${candidate.offeredDays} offered days free this term`);

  const ties = candidate.tie ? 1 : candidate.sharedPartnership ? 0.7 : 0;
  if (candidate.tie) reasons.push('Already works with your school');
  else if (candidate.sharedPartnership) reasons.push('In a partnership with your school');

  const factors: Record<Factor, number> = { strength, context, distance, capacity, ties };
  const total = FACTORS.reduce((sum, f) => sum + weights[f], 0);
  const score = total > 0 ? FACTORS.reduce((sum, f) => sum + weights[f] * factors[f], 0) / total : 0;
  return {
    organisationId: candidate.organisationId,
    ref: candidate.ref,
    name: candidate.name,
    score: Math.round(score * 1000) / 10,
    factors,
    reasons,
    falling,
  };
}

/** Every candidate that can help, best first (ties broken by name, so the order is stable). */
export function rankMatches(
  seeker: Seeker,
  candidates: Candidate[],
  evidence: Evidence | null,
  weights: Weights,
  options: { includeFalling?: boolean; limit?: number } = {},
): Match[] {
  const matches: Match[] = [];
  for (const candidate of candidates) {
    const match = scoreCandidate(seeker, candidate, evidence, weights, options.includeFalling);
    if (match) matches.push(match);
  }
  matches.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return options.limit ? matches.slice(0, options.limit) : matches;
}
