import { AppError, notFound, type FieldProblem } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { requireSignedIn } from '../../../platform/http/require-actor.js';
import {
  classifyTie,
  isCurrent,
  organisationKey,
  RELATIONSHIP_TYPES,
  systemOfKind,
  todayIso,
  type RelationshipType,
} from '../landscape.domain.js';
import { canEditTie, mayJoin, staffOrganisations } from '../landscape.policy.js';
import type { Page } from '../landscape.sql.js';
import {
  checkDateOrder,
  endBeforeEnding,
  endingDay,
  failIfProblems,
  pageOf,
  type PartContext,
} from '../landscape.shared.js';
import type { Relationship } from './relationships.repository.js';
import type {
  RelationshipCreateInput,
  RelationshipListFilter,
  RelationshipUpdateInput,
} from './relationships.schemas.js';

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

/**
 * Ties between organisations: listing, adding, changing and ending them, and the network they
 * make on a day. `networkData` lives here rather than with the report: it is the ties in force
 * drawn as a graph (for the network module), where the report counts role assignments.
 */
export function createRelationshipsPart({ audit, repo, reads, audited, resolveSelection }: PartContext) {
  function requireTieEditor(actor: Actor | undefined, relationship: Relationship) {
    if (!canEditTie(actor, relationship.fromOrganisationId, relationship.toOrganisationId)) {
      throw new AppError(
        'forbidden',
        'Only a leader of one of the two organisations or an administrator can change this tie',
      );
    }
  }

  const part = {
    async listRelationships(
      actor: Actor | undefined,
      filter: RelationshipListFilter,
    ): Promise<Page<RelationshipDetail>> {
      requireSignedIn(actor);
      const today = todayIso();
      const page = await reads(actor).listRelationships({
        organisationId: filter.organisationId,
        type: filter.type,
        onDate: filter.current ? today : undefined,
        page: filter.page ?? 1,
        perPage: filter.perPage ?? 25,
      });
      return pageOf(page, (r) => describeRelationship(r, today));
    },

    /** New ties of the actor's own organisations (where they are staff): those recorded since a moment, newest first. */
    async tiesRecordedSince(
      actor: Actor | undefined,
      since: Date,
      limit = 10,
    ): Promise<{ items: RelationshipDetail[]; total: number }> {
      const own = staffOrganisations(requireSignedIn(actor));
      if (!own.length) return { items: [], total: 0 };
      const found = await repo.recordedSince(own, since, limit);
      return { items: found.items.map((r) => describeRelationship(r)), total: found.total };
    },

    /** Ties of these organisations (or of all, with none given) that began or ended between two days, both included: at most `limit`, latest first. */
    async tiesChangedBetween(
      actor: Actor | undefined,
      organisationIds: number[] | null,
      between: { from: string; to: string },
      limit = 100,
    ): Promise<RelationshipDetail[]> {
      requireSignedIn(actor);
      const found = await repo.tiesChangedBetween(organisationIds, between.from, between.to, limit);
      return found.map((r) => describeRelationship(r, between.to));
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
        problems.push({ field: 'fromOrganisationId', message: 'The first organisation is not in Syslead' });
      if (!ends.some((o) => o.id === input.toOrganisationId))
        problems.push({ field: 'toOrganisationId', message: 'The other organisation is not in Syslead' });
      if (input.fromOrganisationId === input.toOrganisationId)
        problems.push({ field: 'toOrganisationId', message: 'Choose a different organisation: a tie joins two' });
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
      return part.getRelationship(actor, id);
    },

    async updateRelationship(
      actor: Actor | undefined,
      id: number,
      input: RelationshipUpdateInput,
    ): Promise<RelationshipDetail> {
      const existing = await part.getRelationship(actor, id);
      requireTieEditor(actor, existing);
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
      return part.getRelationship(actor, id);
    },

    /**
     * Ends a relationship today (or on its first day, if it has not begun), keeping it in the
     * record. Either side may end it, a membership too.
     */
    async endRelationship(actor: Actor | undefined, id: number): Promise<RelationshipDetail> {
      const existing = await part.getRelationship(actor, id);
      requireTieEditor(actor, existing);
      const endDate = endingDay(existing.startDate);
      // Already ended: nothing to do (ending again would lengthen it).
      if (existing.endDate !== null && existing.endDate <= endDate) return existing;
      await audited(
        actor,
        (r) => r.updateRelationship(id, { endDate }),
        () => ({
          action: 'end',
          entity: 'relationship',
          entityId: id,
          organisationIds: [existing.fromOrganisationId, existing.toOrganisationId],
          detail: { endDate, before: existing.endDate },
        }),
      );
      return part.getRelationship(actor, id);
    },

    /**
     * Undoes ending a relationship (see `endBeforeEnding`): its end date goes back to what it was.
     * A membership comes back too, though reopening one otherwise needs both sides: the undo puts
     * back, within a day and by whoever ended it, what both sides had agreed.
     */
    async restoreRelationship(actor: Actor | undefined, id: number): Promise<RelationshipDetail> {
      const existing = await part.getRelationship(actor, id);
      requireTieEditor(actor, existing);
      const endDate = await endBeforeEnding(audit, actor, { entity: 'relationship', id, endDate: existing.endDate });
      await audited(
        actor,
        (r) => r.updateRelationship(id, { endDate }),
        () => ({
          action: 'restore',
          entity: 'relationship',
          entityId: id,
          organisationIds: [existing.fromOrganisationId, existing.toOrganisationId],
          detail: { endDate },
        }),
      );
      return part.getRelationship(actor, id);
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
          key: organisationKey(o),
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
  };
  return part;
}
