import type { Db } from '../../db/database.js';
import { createLandscapeRepository } from './landscape.repository.js';
import type { OrganisationValues } from './organisations/organisations.repository.js';
import type { PersonValues } from './people/people.repository.js';

/**
 * A whole landscape to load at once, with local keys tying its parts together: used by the
 * demo system and, later, by importers. Keys are only meaningful inside one batch.
 */
export interface LandscapeBatch {
  organisations: Array<
    { key: string; localAuthorityKey?: string } & Omit<OrganisationValues, 'localAuthorityId'> & {
        kind: string;
        name: string;
      }
  >;
  people: Array<{ key: string; organisationKey?: string } & Omit<PersonValues, 'organisationId'> & { name: string }>;
  roleAssignments: Array<{
    personKey: string;
    roleCode: string;
    organisationKey: string;
    startDate?: string | null;
    endDate?: string | null;
  }>;
  relationships: Array<{
    type: string;
    fromKey: string;
    toKey: string;
    startDate?: string | null;
    endDate?: string | null;
    note?: string | null;
  }>;
}

export interface BatchResult {
  organisations: number;
  people: number;
  roleAssignments: number;
  relationships: number;
  /** The database id of every person, by the batch's key. */
  personIds: Map<string, number>;
}

function idOf(ids: Map<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`The batch refers to an unknown ${what} "${key}"`);
  return id;
}

/**
 * Writes a batch in the caller's transaction (`trx`, which also holds its audit entry): all of
 * it or, on any error, none of it.
 */
export async function writeLandscapeBatch(
  trx: Db,
  batch: LandscapeBatch,
  options: { replaceAll?: boolean } = {},
): Promise<BatchResult> {
  const repo = createLandscapeRepository(trx);
  if (options.replaceAll) await repo.deleteEverything();
  const orgIds = new Map<string, number>();
  const personIds = new Map<string, number>();
  // Local authorities first, so that schools can point at them.
  const ordered = [...batch.organisations].sort(
    (a, b) => Number(b.kind === 'local-authority') - Number(a.kind === 'local-authority'),
  );
  for (const { key, localAuthorityKey, ...values } of ordered) {
    const localAuthorityId = localAuthorityKey ? idOf(orgIds, localAuthorityKey, 'local authority') : undefined;
    orgIds.set(key, await repo.insertOrganisation({ ...values, localAuthorityId }));
  }
  for (const { key, organisationKey, ...values } of batch.people) {
    const organisationId = organisationKey ? idOf(orgIds, organisationKey, 'organisation') : undefined;
    personIds.set(key, await repo.insertPerson({ ...values, organisationId }));
  }
  for (const a of batch.roleAssignments) {
    await repo.insertAssignment({
      personId: idOf(personIds, a.personKey, 'person'),
      roleCode: a.roleCode,
      organisationId: idOf(orgIds, a.organisationKey, 'organisation'),
      startDate: a.startDate ?? null,
      endDate: a.endDate ?? null,
    });
  }
  for (const r of batch.relationships) {
    await repo.insertRelationship({
      type: r.type,
      fromOrganisationId: idOf(orgIds, r.fromKey, 'organisation'),
      toOrganisationId: idOf(orgIds, r.toKey, 'organisation'),
      startDate: r.startDate ?? null,
      endDate: r.endDate ?? null,
      note: r.note ?? null,
    });
  }
  return {
    organisations: orgIds.size,
    people: personIds.size,
    roleAssignments: batch.roleAssignments.length,
    relationships: batch.relationships.length,
    personIds,
  };
}
