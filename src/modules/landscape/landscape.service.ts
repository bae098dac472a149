import type { Db } from '../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { accountIdOf, requireAdmin, requireSignedIn } from '../../platform/http/require-actor.js';
import type { AuditService } from '../audit/index.js';
import { writeLandscapeBatch, type BatchResult, type LandscapeBatch } from './landscape.batch.js';
import {
  classifyTie,
  isCurrent,
  RELATIONSHIP_TYPES,
  systemOfKind,
  todayIso,
  type RelationshipType,
} from './landscape.domain.js';
import { canEditOrganisation, canEditTie, mayJoin, PARTNERSHIP_KINDS } from './landscape.policy.js';
import { createMembershipRequests } from './memberships/memberships.service.js';
import { buildReport, keyOf, type LandscapeReport, type ReportDimension } from './landscape.report.js';
import type { Page } from './landscape.sql.js';
import type { Relationship } from './landscape.repository.js';
import {
  checkDateOrder,
  createPartContext,
  failIfProblems,
  pageOf,
  requireOrganisationEditor,
} from './landscape.shared.js';
import type { RelationshipCreateInput, RelationshipListFilter, RelationshipUpdateInput } from './landscape.schemas.js';
import { createOrganisationsPart } from './organisations/organisations.service.js';
import { createPeoplePart } from './people/people.service.js';

export type RelationshipDetail = Relationship & {
  directed: boolean;
  widerSystem: string;
  boundarySpanning: boolean;
  current: boolean;
};

function membershipNeedsBothSides(): AppError {
  return new AppError(
    'forbidden',
    'A membership comes into force only when leaders of both sides agree: ask to join, and a leader of the other side approves',
  );
}

function describeRelationship(relationship: Relationship, today = todayIso()): RelationshipDetail {
  const tie = classifyTie(relationship.fromOrganisationKind, relationship.toOrganisationKind);
  return {
    ...relationship,
    directed: RELATIONSHIP_TYPES[relationship.type as RelationshipType]?.directed ?? false,
    widerSystem: tie.system,
    boundarySpanning: tie.boundarySpanning,
    current: isCurrent(relationship.startDate, relationship.endDate, today),
  };
}

/** The landscape of a local system: organisations, people, their system-leadership roles and the ties between organisations. */
export function createLandscapeService({ db, audit }: { db: Db; audit: AuditService }) {
  const context = createPartContext({ db, audit });
  const { repo, audited, resolveScopeOrFail, resolveSelection } = context;

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

    async listRelationships(
      actor: Actor | undefined,
      filter: RelationshipListFilter,
    ): Promise<Page<RelationshipDetail>> {
      requireSignedIn(actor);
      const today = todayIso();
      const page = await repo.listRelationships({
        organisationId: filter.organisationId,
        type: filter.type,
        onDate: filter.current ? today : undefined,
        page: filter.page ?? 1,
        perPage: filter.perPage ?? 25,
      });
      return pageOf(page, (r) => describeRelationship(r, today));
    },

    async getRelationship(actor: Actor | undefined, id: number): Promise<RelationshipDetail> {
      requireSignedIn(actor);
      const relationship = await repo.findRelationship(id);
      if (!relationship) throw notFound(`Relationship ${id}`);
      return describeRelationship(relationship);
    },

    async createRelationship(actor: Actor | undefined, input: RelationshipCreateInput): Promise<RelationshipDetail> {
      const signedIn = requireSignedIn(actor);
      if (!canEditTie(signedIn, input.fromOrganisationId, input.toOrganisationId)) {
        throw new AppError(
          'forbidden',
          'Only a leader of one of the two organisations or an administrator can tie them',
        );
      }
      if (input.type === 'membership' && !mayJoin(signedIn, input.fromOrganisationId, input.toOrganisationId))
        throw membershipNeedsBothSides();
      const problems: FieldProblem[] = [];
      const ends = await repo.findOrganisationsByIds([input.fromOrganisationId, input.toOrganisationId]);
      if (!ends.some((o) => o.id === input.fromOrganisationId))
        problems.push({ field: 'fromOrganisationId', message: 'is not an organisation in Syslead' });
      if (!ends.some((o) => o.id === input.toOrganisationId))
        problems.push({ field: 'toOrganisationId', message: 'is not an organisation in Syslead' });
      if (input.fromOrganisationId === input.toOrganisationId)
        problems.push({ field: 'toOrganisationId', message: 'must be a different organisation' });
      checkDateOrder(input.startDate, input.endDate, 'startDate', 'endDate', problems);
      failIfProblems(problems);
      const id = await audited(
        actor,
        (r) => r.insertRelationship(input),
        (newId) => ({
          action: 'create',
          entity: 'relationship',
          entityId: newId,
          organisationIds: [input.fromOrganisationId, input.toOrganisationId],
          detail: { ...input },
        }),
      );
      return service.getRelationship(actor, id);
    },

    async updateRelationship(
      actor: Actor | undefined,
      id: number,
      input: RelationshipUpdateInput,
    ): Promise<RelationshipDetail> {
      const existing = await service.getRelationship(actor, id);
      if (!canEditTie(actor, existing.fromOrganisationId, existing.toOrganisationId)) {
        throw new AppError(
          'forbidden',
          'Only a leader of one of the two organisations or an administrator can change this tie',
        );
      }
      const problems: FieldProblem[] = [];
      const start = input.startDate === undefined ? existing.startDate : input.startDate;
      const end = input.endDate === undefined ? existing.endDate : input.endDate;
      // Either side may end a membership or shorten it; making one, reopening or lengthening it needs both.
      const becomesMembership = input.type === 'membership' && existing.type !== 'membership';
      const grantsMore =
        existing.type === 'membership' &&
        (input.type ?? 'membership') === 'membership' &&
        ((start ?? '') < (existing.startDate ?? '') ||
          (existing.endDate !== null && (end === null || end > existing.endDate)));
      if ((becomesMembership || grantsMore) && !mayJoin(actor, existing.fromOrganisationId, existing.toOrganisationId))
        throw membershipNeedsBothSides();
      checkDateOrder(start, end, 'startDate', 'endDate', problems);
      failIfProblems(problems);
      await audited(
        actor,
        (r) => r.updateRelationship(id, input),
        () => ({
          action: 'update',
          entity: 'relationship',
          entityId: id,
          organisationIds: [existing.fromOrganisationId, existing.toOrganisationId],
          detail: { ...input },
        }),
      );
      return service.getRelationship(actor, id);
    },

    /** Ends a relationship on a day (today by default), keeping it in the record. */
    async endRelationship(actor: Actor | undefined, id: number, on = todayIso()): Promise<RelationshipDetail> {
      const existing = await service.getRelationship(actor, id);
      const endDate = existing.startDate && existing.startDate > on ? existing.startDate : on;
      return service.updateRelationship(actor, id, { endDate });
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

    /**
     * The network on a day: organisations with the key they were imported with, and the ties
     * in force, each with its wider system. With a scope (one key, or several separated by
     * commas for a custom selection), its members and the organisations they are tied to;
     * filters keep some tie types, wider systems or a phase.
     */
    async networkData(
      actor: Actor | undefined,
      options: { scope?: string; asOf?: string; types?: string[]; systems?: string[]; phase?: string },
    ) {
      requireSignedIn(actor);
      const asOf = options.asOf ?? todayIso();
      const scope = await resolveSelection(options.scope ?? '', asOf);
      const raw = await repo.loadNetwork(asOf, scope?.ids ?? null);
      const inScope = scope ? new Set(scope.ids) : undefined;
      const keep = (kind: string, phase: string | null) =>
        !options.phase || kind !== 'school' || phase === options.phase;
      const nodes = raw.nodes
        .filter((o) => keep(o.kind, o.phase))
        .map((o) => ({
          id: o.id,
          key: o.urn
            ? `urn:${o.urn}`
            : o.kind === 'local-authority' && o.laCode
              ? `la:${o.laCode}`
              : o.groupUid
                ? `uid:${o.groupUid}`
                : `id:${o.id}`,
          name: o.name,
          kind: o.kind,
          phase: o.phase,
          system: systemOfKind(o.kind),
          inScope: inScope ? inScope.has(o.id) : true,
          latitude: o.latitude,
          longitude: o.longitude,
        }));
      const present = new Set(nodes.map((n) => n.id));
      const edges = raw.edges
        .map((e) => {
          const tie = classifyTie(e.sourceKind, e.targetKind);
          return {
            id: e.id,
            type: e.type,
            source: e.source,
            target: e.target,
            directed: RELATIONSHIP_TYPES[e.type as RelationshipType]?.directed ?? false,
            system: tie.system,
            boundarySpanning: tie.boundarySpanning,
            startDate: e.startDate,
            endDate: e.endDate,
          };
        })
        .filter((e) => present.has(e.source) && present.has(e.target))
        .filter((e) => !options.types?.length || options.types.includes(e.type))
        .filter((e) => !options.systems?.length || options.systems.includes(e.system));
      return { asOf, scope: scope ? { ref: scope.ref, name: scope.name } : null, nodes, edges };
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
