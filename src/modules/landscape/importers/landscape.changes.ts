/** The changes the landscape's importers record, how they read, and what stands in the way of reverting them. */
import { formatDate } from '../../../platform/http/views.js';
import type { ImportChanges, RevertObstacle } from '../../imports/index.js';
import { ORGANISATION_KINDS, PHASES } from '../landscape.domain.js';
import { LABELS, statusLabels } from '../landscape.pages.js';
import { createLandscapeRevertRepository, type Named } from './landscape-reverts.repository.js';

/** The fields an import writes whose words are not among the landscape's form labels. */
const FIELD_LABELS: Record<string, string> = {
  local_authority_id: 'Local authority',
  type_group: 'Group of establishment types',
  town: 'Town',
  ofsted_rating: 'Ofsted rating',
  ofsted_date: 'Date of the last Ofsted inspection',
  group_id: 'Department for Education chain number',
  group_type: 'Type of group',
  link_date: 'Date of the link',
};

/** What other records that name an organisation (or a tie) are, by the table that holds them. */
const RECORDS: Record<string, string> = {
  engagements: 'engagements',
  group_settings: 'settings for their group results',
  indicator_values: 'indicator values',
  invitations: 'invitations to join them',
  match_weights: 'settings for matching',
  membership_requests: 'membership requests',
  needs: 'needs for support',
  offers: 'offers of support',
  organisation_members: 'members with accounts',
  organisations: 'organisations placed in them',
  people: 'people recorded as working there',
  relationships: 'ties added since',
  request_invitations: 'invitations to requests for support',
  request_offers: 'offers on requests for support',
  role_assignments: 'system-leadership roles',
  sharing_agreements: 'sharing agreements',
  support_requests: 'requests for support',
  survey_links: 'survey links',
  survey_responses: 'survey responses',
  surveys: 'surveys',
};

/** Records of the imports' own history, which follow the organisations they name. */
const HISTORY = new Set(['import_run_organisations']);

const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** "Oak Primary", "Oak Primary and Ash School", "Oak Primary, Ash School, Elm Academy and 4 others". */
function listed({ names, total }: Named, noun: [one: string, many: string]): string {
  const others = total - names.length;
  const shown = others > 0 ? [...names, `${others} other ${others === 1 ? noun[0] : noun[1]}`] : names;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

const ORGANISATION: [string, string] = ['organisation', 'organisations'];
const TIE: [string, string] = ['tie', 'ties'];

export const LANDSCAPE_CHANGES: ImportChanges = {
  subjects: {
    relationship: { table: 'relationships', key: ['id'] },
    organisation: { table: 'organisations', key: ['id'] },
    'pending-link': { table: 'pending_links', key: ['urn', 'link_urn', 'subtype'] },
    'pending-membership': { table: 'pending_memberships', key: ['urn', 'group_uid'] },
  },
  kinds: {
    added: {
      label: 'Organisation added',
      undo: ['organisation it added is removed', 'organisations it added are removed'],
    },
    updated: {
      label: 'Organisation updated',
      undo: ['organisation it updated is put back as it was', 'organisations it updated are put back as they were'],
    },
    closed: {
      label: 'Organisation closed',
      undo: ['organisation it closed is put back as it was', 'organisations it closed are put back as they were'],
    },
    'membership-begun': {
      label: 'Membership begun',
      undo: ['membership it began is removed', 'memberships it began are removed'],
    },
    'membership-resumed': {
      label: 'Membership begun again',
      undo: ['membership it began again is ended as it was', 'memberships it began again are ended as they were'],
    },
    'membership-ended': {
      label: 'Membership ended',
      undo: ['membership it ended is in force again', 'memberships it ended are in force again'],
    },
    'tie-added': { label: 'Tie added', undo: ['tie it added is removed', 'ties it added are removed'] },
    'tie-changed': {
      label: 'Tie changed',
      undo: ['tie it changed is put back as it was', 'ties it changed are put back as they were'],
    },
    'waiting-added': {
      label: 'Waiting for a school not yet known',
      undo: [
        'link or membership it kept waiting for a school is dropped',
        'links or memberships it kept waiting for a school are dropped',
      ],
    },
    'waiting-changed': {
      label: 'Waiting link changed',
      undo: ['waiting link it changed is put back as it was', 'waiting links it changed are put back as they were'],
    },
    'waiting-resolved': {
      label: 'Waiting link or membership made a tie',
      undo: [
        'link or membership it made a tie waits for its school again',
        'links or memberships it made ties wait for their schools again',
      ],
    },
  },
  namedBy: { local_authority_id: 'organisations' },
  fieldLabel: (field) => FIELD_LABELS[field] ?? LABELS[camel(field)] ?? field.replace(/_/g, ' '),
  valueLabel(field, value) {
    if (value === null || value === undefined || value === '') return 'none';
    if (field === 'status') return statusLabels[String(value)] ?? String(value);
    if (field === 'phase') return PHASES[String(value) as keyof typeof PHASES] ?? String(value);
    if (field === 'kind')
      return ORGANISATION_KINDS[String(value) as keyof typeof ORGANISATION_KINDS]?.label ?? String(value);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return String(value);
  },

  async obstacles(trx, runId) {
    const repo = createLandscapeRevertRepository(trx);
    const obstacles: RevertObstacle[] = [];
    const edited = await repo.editedSince(runId, 'organisation');
    if (edited.total)
      obstacles.push({
        reason: `${listed(edited, ORGANISATION)} ${edited.total === 1 ? 'has' : 'have'} been edited since this import.`,
      });
    const editedTies = await repo.editedSince(runId, 'relationship');
    if (editedTies.total)
      obstacles.push({
        reason: `The ${editedTies.total === 1 ? 'tie' : 'ties'} of ${listed(editedTies, TIE)} ${editedTies.total === 1 ? 'has' : 'have'} been edited since this import.`,
      });
    for (const subject of ['organisation', 'relationship'] as const) {
      const gone = await repo.deletedSince(runId, subject);
      if (gone.total)
        obstacles.push({
          reason: `${subject === 'organisation' ? '' : 'The ties of '}${listed(gone, subject === 'organisation' ? ORGANISATION : TIE)}, which this import updated, ${gone.total === 1 ? 'has' : 'have'} been deleted since, so cannot be put back.`,
        });
    }
    for (const reference of await repo.referencesTo()) {
      if (HISTORY.has(reference.table)) continue;
      const using = await repo.referring(runId, reference);
      if (!using.total) continue;
      const what = RECORDS[reference.table] ?? 'other records that depend on them';
      const whose = reference.target === 'organisations' ? 'which this import added' : 'whose ties this import added';
      obstacles.push({
        reason: `${listed(using, ORGANISATION)}, ${whose}, now ${using.total === 1 ? 'has' : 'have'} ${what}.`,
        ...(using.runIds?.length ? { runIds: using.runIds } : {}),
      });
    }
    return obstacles;
  },
};
