/**
 * The rules of mentoring, without the database: which step a relation may take next, and which
 * mentors the network suggests for a leader's goal, best first, with the reasons in words.
 */

/** Where a relation stands. */
export type RelationStatus = 'proposed' | 'agreed' | 'active' | 'completed' | 'ended-early' | 'declined';

/** What either side can do to a relation. */
export type RelationStep = 'agree' | 'decline' | 'start' | 'complete' | 'end-early';

export const RELATION_STEPS: RelationStep[] = ['agree', 'decline', 'start', 'complete', 'end-early'];

/** Open relations count against a mentor's capacity, and only one may be open between two people. */
export const OPEN_STATUSES: RelationStatus[] = ['proposed', 'agreed', 'active'];
/** The relations that take one of a mentor's places. */
export const TAKING_A_PLACE: RelationStatus[] = ['agreed', 'active'];

export const STATUS_TEXT: Record<RelationStatus, string> = {
  proposed: 'Proposed',
  agreed: 'Agreed',
  active: 'Active',
  completed: 'Completed',
  'ended-early': 'Ended early',
  declined: 'Declined',
};

/** The most and fewest mentees a mentor can take at once, and the number when they do not say. */
export const CAPACITY = { min: 1, max: 6, default: 2 } as const;

/**
 * The status a step leads to, or why it cannot be taken, in a person's words. A proposal is
 * answered (agreed or declined) by the side that did not make it; an agreed relation becomes
 * active when either side starts it (or their first meeting is noted); an agreed or active
 * relation ends, completed or early, by either side, and an early end needs a reason.
 */
export function nextStatus(
  status: RelationStatus,
  step: RelationStep,
  { proposer, reason }: { proposer: boolean; reason?: string | null },
): { ok: true; status: RelationStatus } | { ok: false; message: string } {
  const refuse = (message: string) => ({ ok: false as const, message });
  switch (step) {
    case 'agree':
    case 'decline':
      if (status !== 'proposed') return refuse('Only a proposal waiting for an answer can be agreed or declined');
      if (proposer) return refuse('The other person answers your proposal: you cannot answer it yourself');
      return { ok: true, status: step === 'agree' ? 'agreed' : 'declined' };
    case 'start':
      if (status !== 'agreed') return refuse('Only an agreed mentoring relation can be started');
      return { ok: true, status: 'active' };
    case 'complete':
      if (status !== 'active') return refuse('Only an active mentoring relation can be completed');
      return { ok: true, status: 'completed' };
    case 'end-early':
      if (status !== 'agreed' && status !== 'active')
        return refuse('Only an agreed or active mentoring relation can be ended early');
      if (!reason?.trim()) return refuse('Say why the mentoring is ending early');
      return { ok: true, status: 'ended-early' };
  }
}

/** The system roles that count as experience of mentoring, and how they are named in a sentence. */
export const MENTORING_ROLES: Record<string, string> = {
  'national-leader-of-education': 'a National Leader of Education',
  'consultant-leader': 'a consultant leader',
  'mentor-head': 'a mentor head',
  'school-improvement-partner': 'a school improvement partner',
};

/** Someone who offers to mentor, as the suggestions weigh them. */
export interface MentorCandidate {
  userId: number;
  name: string;
  /** The organisations they belong to or work at. */
  organisationIds: number[];
  /** Components they offer experience in as a mentor. */
  offeredComponentIds: number[];
  /** Components they offer from their latest self-assessment. */
  strengthComponentIds: number[];
  /** The codes of the system roles they hold now. */
  roleCodes: string[];
  capacity: number;
  /** Their agreed and active mentees. */
  taken: number;
  note: string;
}

export interface MentorSuggestion {
  userId: number;
  name: string;
  score: number;
  /** The wanted components they have experience in. */
  matchedComponentIds: number[];
  /** Why they are suggested, in a sentence. */
  reasons: string;
  placesFree: number;
  note: string;
}

export interface SuggestionQuery {
  candidates: MentorCandidate[];
  /** The components the mentee wants to grow in (none: every mentor with a place free). */
  wantedComponentIds: number[];
  componentNames: Map<number, string>;
  menteeId: number;
  menteeOrganisationIds: number[];
  /** Also suggest people of the mentee's own organisations. */
  includeOwnOrganisation: boolean;
  /** Mentors the mentee already has an open relation with. */
  alreadyWith?: number[];
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The mentors the network suggests, best first. Each wanted component a mentor offers as a
 * mentor weighs 2, one they offer from their self-assessment 1 more, and a system role of
 * mentoring 1. Left out: the mentee, mentors already with them, mentors whose agreed and active
 * mentees fill their capacity, people at the mentee's own organisations (unless asked), and,
 * when components are wanted, mentors with experience in none of them.
 */
export function suggestMentors(query: SuggestionQuery): MentorSuggestion[] {
  const wanted = new Set(query.wantedComponentIds);
  const own = new Set(query.menteeOrganisationIds);
  const already = new Set(query.alreadyWith ?? []);
  const suggestions: MentorSuggestion[] = [];
  for (const c of query.candidates) {
    if (c.userId === query.menteeId || already.has(c.userId)) continue;
    if (c.taken >= c.capacity) continue;
    if (!query.includeOwnOrganisation && c.organisationIds.some((o) => own.has(o))) continue;
    const offered = c.offeredComponentIds.filter((id) => wanted.has(id));
    const strengths = c.strengthComponentIds.filter((id) => wanted.has(id));
    const matched = query.wantedComponentIds.filter((id) => offered.includes(id) || strengths.includes(id));
    if (wanted.size && !matched.length) continue;
    const roles = [...new Set(c.roleCodes)].filter((code) => code in MENTORING_ROLES);
    const reasons: string[] = [];
    if (matched.length)
      reasons.push(`Offers experience in ${listInWords(matched.map((id) => query.componentNames.get(id) ?? ''))}`);
    if (roles.length) reasons.push(listInWords(roles.map((code) => MENTORING_ROLES[code]!)));
    if (!reasons.length) reasons.push('Offers to mentor');
    const sentence = reasons.join('; ');
    suggestions.push({
      userId: c.userId,
      name: c.name,
      score: offered.length * 2 + strengths.length + roles.length,
      matchedComponentIds: matched,
      reasons: sentence.charAt(0).toUpperCase() + sentence.slice(1),
      placesFree: c.capacity - c.taken,
      note: c.note,
    });
  }
  return suggestions.sort(
    (a, b) =>
      b.score - a.score ||
      b.matchedComponentIds.length - a.matchedComponentIds.length ||
      a.name.localeCompare(b.name) ||
      a.userId - b.userId,
  );
}
