import type { Db } from '../../db/database.js';
import { createOrganisationsRepository } from './organisations/organisations.repository.js';
import { createPeopleRepository } from './people/people.repository.js';
import { createReportRepository } from './report/report.repository.js';
import { createRelationshipsRepository } from './relationships/relationships.repository.js';
import { createSharingRepository } from './sharing/sharing.repository.js';

/**
 * The landscape's SQL in one object, made of each room's repository (organisations, people,
 * relationships, sharing, report), with what spans them all: counting and removing everything.
 * The service parts share it, so that a part reads another room's data without copying its SQL.
 */
export function createLandscapeRepository(db: Db) {
  return {
    ...createOrganisationsRepository(db),
    ...createPeopleRepository(db),
    ...createRelationshipsRepository(db),
    ...createSharingRepository(db),
    ...createReportRepository(db),

    /** Removes every organisation, person, role assignment and relationship; accounts stay. */
    async deleteEverything(): Promise<void> {
      await db.deleteFrom('role_assignments').execute();
      await db.deleteFrom('relationships').execute();
      await db.updateTable('users').set({ person_id: null }).execute();
      await db.deleteFrom('people').execute();
      await db.deleteFrom('organisations').execute();
    },

    async countAll(): Promise<{ organisations: number; people: number; assignments: number; relationships: number }> {
      const row = await db
        .selectNoFrom((eb) => [
          eb.selectFrom('organisations').select(eb.fn.countAll<number>().as('n')).as('organisations'),
          eb.selectFrom('people').select(eb.fn.countAll<number>().as('n')).as('people'),
          eb.selectFrom('role_assignments').select(eb.fn.countAll<number>().as('n')).as('assignments'),
          eb.selectFrom('relationships').select(eb.fn.countAll<number>().as('n')).as('relationships'),
        ])
        .executeTakeFirstOrThrow();
      return {
        organisations: Number(row.organisations),
        people: Number(row.people),
        assignments: Number(row.assignments),
        relationships: Number(row.relationships),
      };
    },
  };
}

export type LandscapeRepository = ReturnType<typeof createLandscapeRepository>;
