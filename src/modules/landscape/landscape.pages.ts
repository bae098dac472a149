/**
 * What the landscape's pages share: the labels of form fields in error messages, the notices
 * shown after a change, the words for codes every template uses, and pagination. Each room registers its own pages (organisations/, people/, relationships/, sharing/, report/).
 */
import { undoButton } from '../audit/index.js';
import {
  ORGANISATION_KINDS,
  ORGANISATION_STATUSES,
  PHASES,
  RELATIONSHIP_TYPES,
  WIDER_SYSTEM_LABELS,
} from './landscape.domain.js';

export const LABELS: Record<string, string> = {
  kind: 'Kind',
  name: 'Name',
  urn: 'URN',
  laCode: 'Local-authority code',
  groupUid: 'Group UID',
  localAuthorityId: 'Local authority',
  phase: 'Phase',
  schoolType: 'Type of school',
  status: 'Status',
  openedOn: 'Opening date',
  closedOn: 'Closing date',
  pupils: 'Pupils',
  fsmPercent: 'Free school meals (%)',
  postcode: 'Postcode',
  latitude: 'Latitude',
  longitude: 'Longitude',
  website: 'Website',
  description: 'Description',
  email: 'Email address',
  jobTitle: 'Job title',
  organisationId: 'Organisation',
  personRef: 'Reference',
  type: 'Type of relationship',
  direction: 'Direction',
  otherId: 'Other organisation',
  startDate: 'Start date',
  endDate: 'End date',
  note: 'Note',
  roleCode: 'Role',
  role: 'Role',
};

export const NOTICES: Record<string, string> = {
  'relationship-added': 'The relationship has been added.',
  'relationship-changed': 'The relationship has been changed.',
  'relationship-ended': 'The relationship has been ended.',
  'relationship-restored': 'The relationship has been restored as it was before it was ended.',
  'membership-requested': 'The membership is waiting for a leader of the other side to approve it.',
  'membership-approve': 'The membership is approved and in force.',
  'membership-decline': 'The membership has been declined.',
  'membership-withdraw': 'The request has been withdrawn.',
  'organisation-saved': 'The organisation has been saved.',
  'person-saved': 'The person has been saved.',
  'role-added': 'The role has been added.',
  'role-ended': 'The role has been ended.',
  'role-restored': 'The role has been restored as it was before it was ended.',
  'person-erased': 'The person and their roles have been erased.',
  'member-saved': 'The member has been saved.',
  'member-removed': 'The member has been removed.',
  'sharing-saved': 'The sharing agreement has been recorded.',
  'sharing-ended': 'The sharing agreement has been ended.',
  'sharing-restored': 'The sharing agreement is in force again.',
};

/** The Undo button of each notice after a change that can be undone, for the record it names. */
const UNDO: Record<string, (id: number, back?: number) => ReturnType<typeof undoButton>> = {
  'relationship-ended': (id, back) =>
    undoButton(`/relationships/${id}/restore`, 'Undo: restore the relationship', back ? { back } : undefined),
  'role-ended': (id) => undoButton(`/role-assignments/${id}/restore`, 'Undo: restore the role'),
  'sharing-ended': (id) => undoButton(`/sharing-agreements/${id}/restore`, 'Undo: share again'),
};

export const items = (entries: Record<string, string>, selected: unknown, blank?: string) => [
  ...(blank !== undefined ? [{ value: '', text: blank }] : []),
  ...Object.entries(entries).map(([value, text]) => ({ value, text, selected: value === selected })),
];

export const kindLabels = Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([k, v]) => [k, v.label]));
export const typeLabels = Object.fromEntries(Object.entries(RELATIONSHIP_TYPES).map(([k, v]) => [k, v.label]));
export const statusLabels = Object.fromEntries(ORGANISATION_STATUSES.map((s) => [s, s[0]!.toUpperCase() + s.slice(1)]));

/** Shared lookups every template can use to turn codes into words. */
export const vocabulary = {
  kindLabels,
  phaseLabels: PHASES,
  typeLabels,
  systemLabels: WIDER_SYSTEM_LABELS,
  statusLabels,
};

/**
 * The banner of a page after a change (`notice` in its address), with an Undo when the change can
 * be undone (`undo`: the record changed; `back`: the organisation to return to).
 */
export function doneOf(query: unknown, back?: number) {
  const { notice, undo } = (query ?? {}) as Record<string, unknown>;
  const text = typeof notice === 'string' ? NOTICES[notice] : undefined;
  if (!text) return undefined;
  const id = Number(undo);
  return { text, undo: Number.isInteger(id) && id > 0 ? UNDO[notice as string]?.(id, back) : undefined };
}

export function pagination(total: number, page: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return {
    total,
    page,
    perPage,
    pages,
    first: total === 0 ? 0 : (page - 1) * perPage + 1,
    last: Math.min(total, page * perPage),
  };
}
