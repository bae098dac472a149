import type { PersonalDataRow } from '../personal-data.js';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { writeLandscapeBatch, type BatchResult, type LandscapeBatch } from './landscape.batch.js';
import { canEditOrganisation, canEditTie } from './landscape.policy.js';
import { createMembershipRequests } from './memberships/memberships.service.js';
import { createPartContext } from './landscape.shared.js';
import { createOrganisationsPart } from './organisations/organisations.service.js';
import { createPeoplePart } from './people/people.service.js';
import { createReportPart } from './report/report.service.js';
import { createRelationshipsPart } from './relationships/relationships.service.js';
import { createSharingPart } from './sharing/sharing.service.js';

/**
 * The landscape of a local system: organisations, people, their system-leadership roles and the
 * ties between organisations. One service made of the rooms' parts, each made with the same
 * context (landscape.shared.ts), and what spans the whole landscape: permissions shown on pages,
 * loading a whole landscape, and its counts.
 */
export function createLandscapeService({
  db,
  audit,
  personalData = async () => [],
}: {
  db: Db;
  audit: AuditService;
  personalData?: (userId: number) => Promise<PersonalDataRow[]>;
}) {
  const context = createPartContext({ db, audit, personalData });
  const { repo } = context;

  return {
    /** Memberships asked for by one side and approved by the other (memberships/memberships.service.ts). */
    ...createMembershipRequests({ db, audit }),
    ...createOrganisationsPart(context),
    ...createPeoplePart(context),
    ...createRelationshipsPart(context),
    ...createSharingPart(context),
    ...createReportPart(context),

    /** What the actor may change: shown as controls on pages (the checks themselves stay in each method). */
    permissions(actor: Actor | undefined) {
      return {
        isAdmin: actor?.isAdmin ?? false,
        canEditOrganisation: (organisationId: number | null | undefined) => canEditOrganisation(actor, organisationId),
        canEditTie: (fromId: number, toId: number) => canEditTie(actor, fromId, toId),
      };
    },

    /** Loads a whole landscape in one transaction; with `replaceAll`, what was there goes first. */
    async loadBatch(
      actor: Actor | undefined,
      batch: LandscapeBatch,
      options: { replaceAll?: boolean } = {},
    ): Promise<BatchResult> {
      requireAdmin(actor);
      return audit.recorded(
        actor,
        (trx) => writeLandscapeBatch(trx, batch, options),
        (result) => {
          const { personIds: _ids, ...counts } = result;
          return { action: options.replaceAll ? 'replace-all' : 'load', entity: 'landscape', detail: counts };
        },
      );
    },

    /** Whether anything of the landscape has been recorded yet. */
    async isEmpty(actor: Actor | undefined): Promise<boolean> {
      requireSignedIn(actor);
      const counts = await repo.countAll();
      return counts.organisations === 0 && counts.people === 0;
    },

    async summary(actor: Actor | undefined) {
      requireSignedIn(actor);
      return { ...(await repo.countAll()), byKind: await repo.countByKind() };
    },
  };
}

export type LandscapeService = ReturnType<typeof createLandscapeService>;
