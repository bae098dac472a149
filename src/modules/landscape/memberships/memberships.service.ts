/**
 * Joining a partnership needs both sides. A membership tie gives a school's staff what the
 * partnership shares and lets the partnership count, survey and see the school as a member,
 * so it comes into force only when a leader of each side agrees: one side asks, a leader (or
 * coordinator) of the other approves. Administrators and imports of public files are exempt.
 */
import type { Db } from '../../../db/database.js';
import { AppError, notFound, type FieldProblem } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/http/http-platform.js';
import { accountIdOf, requireSignedIn } from '../../../platform/http/require-actor.js';
import type { AuditService } from '../../audit/index.js';
import { createLandscapeRepository } from '../landscape.repository.js';
import { canEditOrganisation, mayJoin } from '../landscape.policy.js';
import { createMembershipsRepository, type MembershipRequest } from './memberships.repository.js';

export interface MembershipAsk {
  memberId: number;
  partnershipId: number;
  startDate?: string;
  endDate?: string;
  note?: string;
}

/** A request as one viewer sees it: whether they may decide it or take it back. */
export type MembershipRequestView = MembershipRequest & { canDecide: boolean; canWithdraw: boolean };

export function createMembershipRequests({ db, audit }: { db: Db; audit: AuditService }) {
  const repo = createMembershipsRepository(db);
  const decidingSide = (r: MembershipRequest) => (r.askedBy === 'member' ? r.partnershipId : r.memberId);
  const askingSide = (r: MembershipRequest) => (r.askedBy === 'member' ? r.memberId : r.partnershipId);
  const view = (actor: Actor, r: MembershipRequest): MembershipRequestView => ({
    ...r,
    canDecide: r.status === 'pending' && (actor.isAdmin || canEditOrganisation(actor, decidingSide(r))),
    canWithdraw: r.status === 'pending' && canEditOrganisation(actor, askingSide(r)),
  });

  async function visible(actor: Actor | undefined, id: number): Promise<{ viewer: Actor; request: MembershipRequest }> {
    const viewer = requireSignedIn(actor);
    const request = await repo.find(id);
    if (
      !request ||
      !(
        viewer.isAdmin ||
        canEditOrganisation(viewer, request.memberId) ||
        canEditOrganisation(viewer, request.partnershipId)
      )
    )
      throw notFound(`Membership request ${id}`);
    return { viewer, request };
  }

  /** Writes the membership tie itself, inside the transaction that approves it. */
  async function insertMembership(trx: Db, ask: MembershipAsk): Promise<number> {
    return createLandscapeRepository(trx).insertRelationship({
      type: 'membership',
      fromOrganisationId: ask.memberId,
      toOrganisationId: ask.partnershipId,
      startDate: ask.startDate,
      endDate: ask.endDate,
      note: ask.note,
    });
  }

  const service = {
    /**
     * Asks for a membership from one side (a leader of the school asking to join, or of the
     * partnership asking the school in). Someone who leads both sides, or an administrator,
     * makes it at once; otherwise it waits for the other side.
     */
    async requestMembership(
      actor: Actor | undefined,
      ask: MembershipAsk,
    ): Promise<{ relationshipId: number } | { requestId: number }> {
      const viewer = requireSignedIn(actor);
      const leadsMember = canEditOrganisation(viewer, ask.memberId);
      const leadsPartnership = canEditOrganisation(viewer, ask.partnershipId);
      if (!leadsMember && !leadsPartnership)
        throw new AppError(
          'forbidden',
          'Only a leader of the school or of the partnership can ask for this membership',
        );
      const problems: FieldProblem[] = [];
      const ends = await createLandscapeRepository(db).findOrganisationsByIds([ask.memberId, ask.partnershipId]);
      if (!ends.some((o) => o.id === ask.memberId))
        problems.push({ field: 'fromOrganisationId', message: 'The first organisation is not in Syslead' });
      if (!ends.some((o) => o.id === ask.partnershipId))
        problems.push({ field: 'toOrganisationId', message: 'The other organisation is not in Syslead' });
      if (ask.memberId === ask.partnershipId)
        problems.push({ field: 'toOrganisationId', message: 'Choose a different organisation: a tie joins two' });
      if (ask.startDate && ask.endDate && ask.endDate < ask.startDate)
        problems.push({ field: 'endDate', message: 'The end date must be on or after the start date' });
      if (problems.length) throw new AppError('validation', 'The membership is not complete', problems);
      const organisationIds = [ask.memberId, ask.partnershipId];
      if (mayJoin(viewer, ask.memberId, ask.partnershipId)) {
        const relationshipId = await audit.recorded(
          viewer,
          (trx) => insertMembership(trx, ask),
          (id) => ({
            action: 'create',
            entity: 'relationship',
            entityId: id,
            organisationIds,
            detail: { type: 'membership', ...ask },
          }),
        );
        return { relationshipId };
      }
      if (await repo.findPending(ask.memberId, ask.partnershipId))
        throw new AppError('conflict', 'This membership is already waiting for approval');
      const askedBy = leadsMember ? 'member' : 'partnership';
      const requestId = await audit.recorded(
        viewer,
        (trx) => createMembershipsRepository(trx).insert({ ...ask, askedBy, requestedBy: accountIdOf(viewer) }),
        (id) => ({
          action: 'request',
          entity: 'membership-request',
          entityId: id,
          organisationIds,
          detail: { askedBy },
        }),
      );
      return { requestId };
    },

    /** Memberships waiting for approval in which the organisation is a side (its leaders; administrators). */
    async pendingMemberships(actor: Actor | undefined, organisationId: number): Promise<MembershipRequestView[]> {
      const viewer = requireSignedIn(actor);
      if (!canEditOrganisation(viewer, organisationId)) return [];
      return (await repo.listPending([organisationId])).map((r) => view(viewer, r));
    },

    /** Every membership waiting for this viewer's answer or another's (those of organisations they lead). */
    async myPendingMemberships(actor: Actor | undefined): Promise<MembershipRequestView[]> {
      const viewer = requireSignedIn(actor);
      const led = viewer.memberships
        .filter((m) => canEditOrganisation(viewer, m.organisationId))
        .map((m) => m.organisationId);
      return (await repo.listPending(viewer.isAdmin ? null : led)).map((r) => view(viewer, r));
    },

    async getMembershipRequest(actor: Actor | undefined, id: number): Promise<MembershipRequestView> {
      const { viewer, request } = await visible(actor, id);
      return view(viewer, request);
    },

    /** The other side's leader approves: the membership comes into force, in the same transaction. */
    async approveMembership(actor: Actor | undefined, id: number): Promise<number> {
      const { viewer, request } = await visible(actor, id);
      if (!view(viewer, request).canDecide)
        throw new AppError(
          'forbidden',
          request.status === 'pending'
            ? `Only a leader of ${request.askedBy === 'member' ? request.partnershipName : request.memberName} can approve this membership`
            : 'This request has already been answered',
        );
      return audit.recorded(
        viewer,
        async (trx) => {
          const relationshipId = await insertMembership(trx, {
            memberId: request.memberId,
            partnershipId: request.partnershipId,
            startDate: request.startDate ?? undefined,
            endDate: request.endDate ?? undefined,
            note: request.note ?? undefined,
          });
          if (!(await createMembershipsRepository(trx).decide(id, 'approved', accountIdOf(viewer), relationshipId)))
            throw new AppError('conflict', 'This request has already been answered');
          return relationshipId;
        },
        (relationshipId) => ({
          action: 'approve',
          entity: 'membership-request',
          entityId: id,
          organisationIds: [request.memberId, request.partnershipId],
          detail: { relationshipId },
        }),
      );
    },

    /** The other side declines, or the asking side takes its request back. */
    async closeMembershipRequest(actor: Actor | undefined, id: number, how: 'declined' | 'withdrawn'): Promise<void> {
      const { viewer, request } = await visible(actor, id);
      const seen = view(viewer, request);
      if (request.status !== 'pending') throw new AppError('conflict', 'This request has already been answered');
      if (how === 'declined' ? !seen.canDecide : !seen.canWithdraw)
        throw new AppError(
          'forbidden',
          how === 'declined'
            ? 'Only a leader of the side that was asked can decline'
            : 'Only a leader of the side that asked can withdraw the request',
        );
      await audit.recorded(
        viewer,
        async (trx) => {
          if (!(await createMembershipsRepository(trx).decide(id, how, accountIdOf(viewer))))
            throw new AppError('conflict', 'This request has already been answered');
        },
        () => ({
          action: how === 'declined' ? 'decline' : 'withdraw',
          entity: 'membership-request',
          entityId: id,
          organisationIds: [request.memberId, request.partnershipId],
        }),
      );
    },
  };
  return service;
}
export type MembershipRequests = ReturnType<typeof createMembershipRequests>;
