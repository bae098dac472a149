/**
 * The vocabulary of the landscape: kinds of organisation, the wider system each belongs to,
 * relationship types and phases. The three wider systems (education, public services,
 * community) and the tie types come from "System leadership: lessons from the literature";
 * a tie across two wider systems is a boundary-spanning one, after "What does system
 * leadership look like … in 2023?".
 */

export const WIDER_SYSTEMS = ['education', 'public-services', 'community'] as const;
export type WiderSystem = (typeof WIDER_SYSTEMS)[number];

export const ORGANISATION_KINDS = {
  school: { label: 'School', system: 'education' },
  'academy-trust': { label: 'Academy trust', system: 'education' },
  federation: { label: 'Federation', system: 'education' },
  network: { label: 'Network or partnership', system: 'education' },
  'local-authority': { label: 'Local authority', system: 'education' },
  'college-university': { label: 'College or university', system: 'education' },
  'national-body': { label: 'National body', system: 'education' },
  health: { label: 'Health service', system: 'public-services' },
  'social-care': { label: 'Social care', system: 'public-services' },
  police: { label: 'Police', system: 'public-services' },
  'family-centre': { label: 'Family or children’s centre', system: 'public-services' },
  employer: { label: 'Employer', system: 'community' },
  'community-group': { label: 'Charity or community group', system: 'community' },
  // A board or forum of a partnership (see the governance module, which alone makes them).
  forum: { label: 'Forum or board', system: 'education' },
} as const satisfies Record<string, { label: string; system: WiderSystem }>;
export type OrganisationKind = keyof typeof ORGANISATION_KINDS;
export const ORGANISATION_KIND_CODES = Object.keys(ORGANISATION_KINDS) as OrganisationKind[];

export const WIDER_SYSTEM_LABELS: Record<WiderSystem, string> = {
  education: 'Education',
  'public-services': 'Public services',
  community: 'Community',
};

export const PHASES = {
  nursery: 'Nursery',
  primary: 'Primary',
  middle: 'Middle',
  secondary: 'Secondary',
  'all-through': 'All-through',
  '16-plus': '16 plus',
  special: 'Special',
  'alternative-provision': 'Pupil referral unit or alternative provision',
  'not-applicable': 'Not applicable',
} as const;
export type Phase = keyof typeof PHASES;
export const PHASE_CODES = Object.keys(PHASES) as Phase[];

export const ORGANISATION_STATUSES = ['open', 'closed', 'proposed'] as const;

/**
 * Schools that are not state-funded, as the Department for Education counts England: by the
 * register's type group, or by the type of school where a school has no group. A school of no
 * known type counts as state-funded, as nearly every school is. Kept in lower case.
 */
export const NOT_STATE_FUNDED = {
  typeGroups: ['independent schools', 'colleges', 'universities', 'welsh schools', 'online provider', 'other types'],
  schoolTypes: [
    'other independent school',
    'other independent special school',
    'non-maintained special school',
    'independent school',
    'further education',
    'higher education institutions',
    'welsh establishment',
    'offshore schools',
    'british schools overseas',
    "service children's education",
    'secure units',
    'miscellaneous',
    'institution funded by other government department',
  ],
};

/** Relationship types; a directed one reads "from … to" (the supporter supports the partner). */
export const RELATIONSHIP_TYPES = {
  membership: { label: 'Membership', directed: true, outward: 'is a member of', inward: 'has member' },
  governance: { label: 'Governance', directed: true, outward: 'governs', inward: 'is governed by' },
  support: { label: 'Support', directed: true, outward: 'supports', inward: 'is supported by' },
  partnership: {
    label: 'Partnership',
    directed: false,
    outward: 'is in partnership with',
    inward: 'is in partnership with',
  },
  'multi-agency': {
    label: 'Multi-agency working',
    directed: false,
    outward: 'works across agencies with',
    inward: 'works across agencies with',
  },
  'peer-review': {
    label: 'Peer review',
    directed: false,
    outward: 'reviews as a peer with',
    inward: 'reviews as a peer with',
  },
  mentoring: { label: 'Mentoring or coaching', directed: true, outward: 'mentors', inward: 'is mentored by' },
  'staff-loan': {
    label: 'Staff loan or secondment',
    directed: true,
    outward: 'lends staff to',
    inward: 'borrows staff from',
  },
  'network-co-leadership': {
    label: 'Network co-leadership',
    directed: false,
    outward: 'co-leads a network with',
    inward: 'co-leads a network with',
  },
  lineage: { label: 'Lineage', directed: true, outward: 'was succeeded by', inward: 'succeeded' },
} as const;
export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;
export const RELATIONSHIP_TYPE_CODES = Object.keys(RELATIONSHIP_TYPES) as RelationshipType[];

/**
 * The key an organisation was imported with, as exports name it: urn:<URN>, la:<LA code>,
 * uid:<GIAS group UID>, or id:<Syslead id> for one with none.
 */
export function organisationKey(o: {
  id: number;
  kind: string;
  urn: number | null;
  laCode: string | null;
  groupUid: string | null;
}): string {
  if (o.urn) return `urn:${o.urn}`;
  if (o.kind === 'local-authority' && o.laCode) return `la:${o.laCode}`;
  return o.groupUid ? `uid:${o.groupUid}` : `id:${o.id}`;
}

/** The wider system an organisation of this kind belongs to. */
export function systemOfKind(kind: string): WiderSystem {
  return ORGANISATION_KINDS[kind as OrganisationKind]?.system ?? 'education';
}

/**
 * The wider system a tie belongs to, derived from the kinds of its two ends: the system of
 * the end that is not education; between a public service and a community group, public
 * services (the statutory partner carries the duty the tie serves).
 */
export function classifyTie(kindA: string, kindB: string): { system: WiderSystem; boundarySpanning: boolean } {
  const a = systemOfKind(kindA);
  const b = systemOfKind(kindB);
  if (a === b) return { system: a, boundarySpanning: false };
  const system = a === 'education' ? b : b === 'education' ? a : 'public-services';
  return { system, boundarySpanning: true };
}

/** Whether a dated thing is in force on a day (ISO dates; open ends count as in force). */
export function isCurrent(startDate: string | null, endDate: string | null, on: string): boolean {
  return (startDate === null || startDate <= on) && (endDate === null || endDate >= on);
}

/** Whether a job title is a headteacher's (a head of school or principal too; not a deputy or an assistant). */
export function isHeadTitle(jobTitle: string | null): boolean {
  const title = (jobTitle ?? '').toLowerCase();
  return /head\s*teacher|head of school|principal/.test(title) && !/deputy|assistant/.test(title);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
