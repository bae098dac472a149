import type { Db } from '../../db/database.js';
import { notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { writeLandscapeBatch, type BatchResult, type LandscapeBatch } from './landscape.batch.js';
import { isCurrent, todayIso } from './landscape.domain.js';
import { canEditOrganisation, canEditTie, PARTNERSHIP_KINDS } from './landscape.policy.js';
import { createMembershipRequests } from './memberships/memberships.service.js';
import { buildReport, keyOf, type LandscapeReport, type ReportDimension } from './landscape.report.js';
import { createPartContext, failIfProblems, requireOrganisationEditor } from './landscape.shared.js';
import { createOrganisationsPart } from './organisations/organisations.service.js';
import { createPeoplePart } from './people/people.service.js';
import { createRelationshipsPart } from './relationships/relationships.service.js';

/** The landscape of a local system: organisations, people, their system-leadership roles and the ties between organisations. */
export function createLandscapeService({ db, audit }: { db: Db; audit: AuditService }) {
  const context = createPartContext({ db, audit });
  const { repo, audited, resolveScopeOrFail } = context;

  async function reportFacts(options: { scope?: string; asOf?: string }) {
    const asOf = options.asOf ?? todayIso();
    const scope = options.scope ? await resolveScopeOrFail(options.scope, asOf) : undefined;
    return { asOf, scope, facts: await repo.listAssignmentFacts(asOf, scope?.ids ?? null) };
  }

  const service = {
    /** Memberships asked for by one side and approved by the other (memberships/memberships.service.ts). */
    ...createMembershipRequests({ db, audit }),
    ...createOrganisationsPart(context),
    ...createPeoplePart(context),
    ...createRelationshipsPart(context),

    /** What an organisation shares with partnerships (its leaders and administrators). */
    async listSharingAgreements(actor: Actor | undefined, organisationId: number) {
      requireOrganisationEditor(actor, organisationId);
      return (await repo.listAgreements(organisationId)).map((a) => ({
        ...a,
        current: isCurrent(a.startDate, a.endDate, todayIso()),
      }));
    },

    /** Records that an organisation shares something with a partnership, from a day (today by default). */
    async createSharingAgreement(
      actor: Actor | undefined,
      input: { organisationId: number; partnershipId: number; what: string; detail?: string; startDate?: string },
    ) {
      const leader = requireOrganisationEditor(actor, input.organisationId);
      const problems: FieldProblem[] = [];
      const partnership = await repo.findOrganisation(input.partnershipId);
      if (!partnership || !PARTNERSHIP_KINDS.has(partnership.kind))
        problems.push({ field: 'partnershipId', message: 'must be a network, trust, federation or local authority' });
      if (input.partnershipId === input.organisationId)
        problems.push({ field: 'partnershipId', message: 'must be another organisation' });
      if (!['contact-details', 'indicators'].includes(input.what))
        problems.push({ field: 'what', message: 'must be contact-details or indicators' });
      if (input.detail !== undefined && !['all', 'summary'].includes(input.detail))
        problems.push({ field: 'detail', message: 'must be all or summary' });
      failIfProblems(problems);
      const values = {
        ...input,
        detail: input.detail ?? 'all',
        startDate: input.startDate ?? todayIso(),
        createdBy: accountIdOf(leader),
      };
      return audited(
        actor,
        (r) => r.insertAgreement(values),
        (id) => ({
          action: 'create',
          entity: 'sharing-agreement',
          entityId: id,
          organisationIds: [input.organisationId, input.partnershipId],
          detail: { what: input.what, detail: values.detail },
        }),
      );
    },

    /** Ends a sharing agreement today; the record stays. */
    async endSharingAgreement(actor: Actor | undefined, id: number) {
      requireSignedIn(actor);
      const agreement = await repo.findAgreement(id);
      if (!agreement) throw notFound(`Sharing agreement ${id}`);
      requireOrganisationEditor(actor, agreement.organisationId);
      const today = todayIso();
      await audited(
        actor,
        (r) => r.endAgreement(id, agreement.startDate > today ? agreement.startDate : today),
        () => ({
          action: 'end',
          entity: 'sharing-agreement',
          entityId: id,
          organisationIds: [agreement.organisationId, agreement.partnershipId],
        }),
      );
      return agreement.organisationId;
    },

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

    /** The partnerships (trusts, federations, networks) these organisations are members of today. */
    async partnershipsOf(organisationIds: number[]): Promise<number[]> {
      return organisationIds.length ? repo.partnershipsOf(organisationIds, todayIso()) : [];
    },

    /** The agreements in force today by which organisations share something (contact details, indicators) with any of these partnerships, each in full ('all') or as a summary. */
    async sharingWith(
      partnershipIds: number[],
      what: 'contact-details' | 'indicators',
    ): Promise<Array<{ organisationId: number; partnershipId: number; detail: string }>> {
      return partnershipIds.length ? repo.agreementsWith(partnershipIds, what, todayIso()) : [];
    },

    /** The extent of system leadership by one dimension, on a day, for all or a scope (see landscape.report.ts). */
    async landscapeReport(
      actor: Actor | undefined,
      options: { by: ReportDimension; scope?: string; asOf?: string },
    ): Promise<LandscapeReport> {
      requireSignedIn(actor);
      const { asOf, scope, facts } = await reportFacts(options);
      const [roles, openSchools] = await Promise.all([
        repo.listRoles(asOf),
        repo.countOpenSchoolsByLa(scope?.ids ?? null),
      ]);
      return {
        by: options.by,
        asOf,
        scope: scope ? { ref: scope.ref, name: scope.name } : null,
        ...buildReport(options.by, facts, roles, openSchools),
      };
    },

    /** The role assignments behind one count of a landscape report. */
    async landscapeReportPeople(
      actor: Actor | undefined,
      options: { by: ReportDimension; key: string; scope?: string; asOf?: string },
    ) {
      requireSignedIn(actor);
      const { asOf, scope, facts } = await reportFacts(options);
      const behind = facts.filter((f) => keyOf(f, options.by).key === options.key);
      const label = behind[0] ? keyOf(behind[0], options.by).label : options.key;
      return {
        by: options.by,
        key: options.key,
        label,
        asOf,
        scope: scope ? { ref: scope.ref, name: scope.name } : null,
        assignments: behind,
      };
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
  return service;
}

export type LandscapeService = ReturnType<typeof createLandscapeService>;
