/** The landscape's kinds of file: GIAS extracts and links (gias.importers.ts), DfE trust files and system leaders. */
import { date, FieldError, requiredText, text, urn } from '../../../platform/csv/fields.js';
import { missingColumns, type ImportDefinition } from '../../imports/index.js';
import { createGiasImporter, createGiasLinksImporter, createGiasMinimalImporter } from './gias.importers.js';
import { LANDSCAPE_CHANGES } from './landscape.changes.js';
import { createLandscapeMergeRepository } from './landscape-merges.repository.js';

/** DfE performance-table trust files: CHAINID, UID, GROUP-TYPE, CHAINNAME and SCHOOL-URNS (a ;-separated list). */
export function createDfeMatsImporter(): ImportDefinition {
  return {
    kind: 'dfe-mats',
    description: 'DfE multi-academy trust performance file (england_ks2/ks4-mats-performance.csv)',
    table: 'stage_trusts',
    columns: [
      ['line', 'int'],
      ['uid', 'text'],
      ['chain_id', 'text'],
      ['group_type', 'text'],
      ['name', 'text'],
      ['urns', 'int[]'],
    ],
    checkHeader: (header) => missingColumns(header, ['CHAINID', 'UID', 'GROUP-TYPE', 'CHAINNAME', 'SCHOOL-URNS']),
    toRow(v) {
      const uid = requiredText('UID', v.UID, 20);
      if (!/^\d+$/.test(uid)) throw new FieldError(`UID "${uid}" is not a GIAS group UID`);
      const urns = (v['SCHOOL-URNS'] ?? '')
        .split(';')
        .map((u) => u.trim())
        .filter(Boolean)
        .map((u) => urn('SCHOOL-URNS', u));
      return [
        uid,
        text('CHAINID', v.CHAINID, 20),
        text('GROUP-TYPE', v['GROUP-TYPE'], 100),
        requiredText('CHAINNAME', v.CHAINNAME, 200),
        urns,
      ];
    },
    keyOf: (row) => `UID ${row[0]}`,
    changes: LANDSCAPE_CHANGES,
    detailLabels: {
      membershipsAdded: 'Memberships begun',
      membershipsWaitingForASchool: 'Memberships waiting for a school not yet known',
    },
    async merge({ trx, runId, stagedCount }) {
      const repo = createLandscapeMergeRepository(trx, runId);
      const trusts = await repo.mergeTrusts('dfe-mats');
      return {
        inserted: trusts.inserted,
        updated: trusts.updated,
        unchanged: (await stagedCount('stage_trusts')) - trusts.inserted - trusts.updated,
        details: { membershipsAdded: trusts.memberships, membershipsWaitingForASchool: trusts.pending },
      };
    },
  };
}

/** System leaders: person_ref,person_name,urn,role,start_date,end_date (ISO dates or empty). */
export function createRolesImporter(): ImportDefinition {
  return {
    kind: 'roles',
    description: 'system leaders: person_ref,person_name,urn,role,start_date,end_date',
    table: 'stage_roles',
    columns: [
      ['line', 'int'],
      ['person_ref', 'text'],
      ['person_name', 'text'],
      ['urn', 'int'],
      ['role', 'text'],
      ['start_date', 'date'],
      ['end_date', 'date'],
    ],
    checkHeader: (header) =>
      missingColumns(header, ['person_ref', 'person_name', 'urn', 'role', 'start_date', 'end_date']),
    toRow(v) {
      const start = date('start_date', v.start_date);
      const end = date('end_date', v.end_date);
      if (start && end && end < start) throw new FieldError(`end_date ${end} is before start_date ${start}`);
      return [
        requiredText('person_ref', v.person_ref, 100),
        requiredText('person_name', v.person_name, 200),
        urn('urn', v.urn),
        requiredText('role', v.role, 100),
        start,
        end,
      ];
    },
    keyOf: (row) => `${row[0]} ${row[3]} at URN ${row[2]} from ${row[4] ?? 'no start date'}`,
    detailLabels: { peopleAdded: 'People added', peopleRenamed: 'People renamed' },
    async merge({ trx, runId, stagedCount }) {
      const repo = createLandscapeMergeRepository(trx, runId);
      const rejects = await repo.roleRejects();
      const staged = await stagedCount('stage_roles');
      const roles = await repo.mergeRoles();
      return {
        inserted: roles.inserted,
        updated: roles.updated,
        unchanged: staged - rejects.length - roles.inserted - roles.updated,
        rejects,
        details: { peopleAdded: roles.people.inserted, peopleRenamed: roles.people.updated },
      };
    },
  };
}

/**
 * An importer whose merge may bring in a school, group or link that others were waiting for:
 * after it, the links and memberships waiting for both their ends become relationships.
 */
function resolvingPending(create: () => ImportDefinition): () => ImportDefinition {
  return () => {
    const definition = create();
    return {
      ...definition,
      async merge(context) {
        const merged = await definition.merge(context);
        const pendingResolved = await createLandscapeMergeRepository(context.trx, context.runId).resolvePending();
        return pendingResolved ? { ...merged, details: { ...merged.details, pendingResolved } } : merged;
      },
      detailLabels: {
        ...definition.detailLabels,
        pendingResolved: 'Waiting links and memberships made ties now both ends are known',
      },
    };
  };
}

/** Every importer of the landscape, by the name `syslead import <kind>` takes. */
export const LANDSCAPE_IMPORTERS: Record<string, () => ImportDefinition> = {
  gias: resolvingPending(createGiasImporter),
  'gias-links': resolvingPending(createGiasLinksImporter),
  'gias-minimal': resolvingPending(createGiasMinimalImporter),
  'dfe-mats': resolvingPending(createDfeMatsImporter),
  roles: createRolesImporter,
};
