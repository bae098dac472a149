/**
 * The one rule of what a 360 round's results show. Every path that shows them (the results
 * page, the API, the CSV, a person's export) calls `resultsOf`, so the threshold and the
 * defence against differencing are kept in one place.
 */
import type { RaterRelationship } from './feedback360.table.js';

/** The relationships a rater can have to the leader, in the order results list them. */
export const RELATIONSHIPS: Array<{ value: RaterRelationship; label: string; plural: string }> = [
  { value: 'manager', label: 'Line manager', plural: 'Line managers' },
  { value: 'peer', label: 'Peer', plural: 'Peers' },
  { value: 'partner-school', label: 'Partner school', plural: 'Partner schools' },
  { value: 'supported-school', label: 'Supported school', plural: 'Supported schools' },
  { value: 'governor', label: 'Governor', plural: 'Governors' },
];

export const relationshipLabel = (r: string) => RELATIONSHIPS.find((x) => x.value === r)?.label ?? r;

/** The fewest raters of a group whose answers are ever shown, whatever is configured. */
export const FLOOR_RESPONDENTS = 3;

/** One answer as it is kept: no rater, no time of day. */
export interface StoredResponse {
  relationship: RaterRelationship;
  ratings: Array<{ componentId: number; rating: number }>;
  comment: string | null;
}

export interface ResultsInput {
  components: Array<{ id: number; name: string; domain: string }>;
  scale: Array<{ value: number; label: string }>;
  responses: StoredResponse[];
  /** The leader's own rating of each component in their latest self-assessment of the framework, if any. */
  selfRatings: Map<number, number>;
}

/** A relationship group: its figures, or why they are withheld. */
export interface GroupResult {
  relationship: RaterRelationship | 'all-others';
  label: string;
  shown: boolean;
  /** How many answered: only when shown. */
  respondents: number | null;
  /** Why it is withheld, in a person's words: only when withheld. */
  withheld: string | null;
}

export interface ComponentResult {
  componentId: number;
  name: string;
  domain: string;
  self: number | null;
  /** The mean rating of each group, in the order of `groups` (null where the group is withheld). */
  means: Array<number | null>;
}

export interface Results {
  minRespondents: number;
  groups: GroupResult[];
  components: ComponentResult[];
  /** The comments of the shown groups' raters, sorted, with nothing that says whose they are; null when withheld. */
  comments: string[] | null;
  commentsWithheld: string | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The results of a round for a threshold of at least {@link FLOOR_RESPONDENTS}:
 * - each relationship group that had raters: its count and per-component means only when at
 *   least the threshold answered, else "withheld";
 * - "All others" pooled ONLY from the groups that are shown. A pool of everyone would let a
 *   reader subtract the shown groups and recover a withheld group's figures (a difference
 *   attack); pooled from shown groups it tells nothing the shown groups do not;
 * - comments only of the shown groups' raters, when at least the threshold of them answered,
 *   sorted alphabetically so their order says nothing of group or time.
 */
export function resultsOf(input: ResultsInput, minRespondents: number): Results {
  if (!Number.isInteger(minRespondents) || minRespondents < FLOOR_RESPONDENTS)
    throw new Error(`The fewest respondents of a 360 group is at least ${FLOOR_RESPONDENTS}`);
  const withheldText = `Withheld: fewer than ${minRespondents} answered`;
  const present = RELATIONSHIPS.filter((r) => input.responses.some((x) => x.relationship === r.value));
  const byGroup = present.map((r) => ({
    relationship: r.value,
    label: r.plural,
    responses: input.responses.filter((x) => x.relationship === r.value),
  }));
  const shownGroups = byGroup.filter((g) => g.responses.length >= minRespondents);
  const pooled = shownGroups.flatMap((g) => g.responses);
  const allShown = pooled.length >= minRespondents;

  const groups: GroupResult[] = [
    ...byGroup.map((g) => {
      const shown = g.responses.length >= minRespondents;
      return {
        relationship: g.relationship,
        label: g.label,
        shown,
        respondents: shown ? g.responses.length : null,
        withheld: shown ? null : withheldText,
      };
    }),
    {
      relationship: 'all-others' as const,
      label: 'All others',
      shown: allShown,
      respondents: allShown ? pooled.length : null,
      withheld: allShown
        ? null
        : `Withheld: no group has ${minRespondents} or more answers yet, so no figures are shown`,
    },
  ];

  const meanOf = (responses: StoredResponse[], componentId: number): number | null => {
    const ratings = responses.flatMap((r) =>
      r.ratings.filter((x) => x.componentId === componentId).map((x) => x.rating),
    );
    return ratings.length ? round1(ratings.reduce((a, b) => a + b, 0) / ratings.length) : null;
  };

  const components = input.components.map((c) => ({
    componentId: c.id,
    name: c.name,
    domain: c.domain,
    self: input.selfRatings.get(c.id) ?? null,
    means: [
      ...byGroup.map((g) => (g.responses.length >= minRespondents ? meanOf(g.responses, c.id) : null)),
      allShown ? meanOf(pooled, c.id) : null,
    ],
  }));

  const comments = allShown
    ? pooled
        .map((r) => r.comment?.trim() ?? '')
        .filter(Boolean)
        .sort((a, b) => a.localeCompare(b, 'en-GB'))
    : null;

  return {
    minRespondents,
    groups,
    components,
    comments,
    commentsWithheld: allShown
      ? null
      : `Comments are withheld until at least ${minRespondents} raters of shown groups answer`,
  };
}

/** A round's state as people see it: closed by its owner, or past its closing day. */
export function isClosed(round: { status: string; closesOn: string }, today: string): boolean {
  return round.status === 'closed' || round.closesOn < today;
}
