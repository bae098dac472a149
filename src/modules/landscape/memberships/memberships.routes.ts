import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import type { LandscapeService } from '../landscape.service.js';
import { MembershipRequestView } from './memberships.schemas.js';

const tags = ['relationships'];
const MembershipAskBody = Type.Object(
  {
    memberId: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      description: 'The school (or other organisation) that joins',
    }),
    partnershipId: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      description: 'The trust, federation, network or other organisation it joins',
    }),
    startDate: Type.Optional(Type.String({ format: 'date' })),
    endDate: Type.Optional(Type.String({ format: 'date' })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** Memberships asked for by one side and decided by the other: the API, and the buttons of the organisation page. */
export function registerMembershipRoutes(app: FastifyInstance, landscape: LandscapeService) {
  app.get(
    '/api/v1/membership-requests',
    {
      schema: {
        tags,
        summary: 'Memberships waiting for approval in organisations you lead',
        response: { 200: Type.Object({ items: Type.Array(MembershipRequestView) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await landscape.myPendingMemberships(request.actor),
    }),
  );

  app.post<{ Body: Static<typeof MembershipAskBody> }>(
    '/api/v1/membership-requests',
    {
      schema: {
        tags,
        summary:
          'Ask for a membership: in force at once when you lead both sides, else waiting for the other side (202)',
        body: MembershipAskBody,
        response: {
          201: Type.Object({ relationshipId: Type.Integer() }),
          202: Type.Object({ requestId: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await landscape.requestMembership(request.actor, request.body);
      return reply.code('relationshipId' in result ? 201 : 202).send(result);
    },
  );

  app.get<IdRoute>(
    '/api/v1/membership-requests/:id',
    {
      schema: {
        tags,
        summary: 'A membership request',
        params: IdParams,
        response: { 200: MembershipRequestView, ...errorResponses },
      },
    },
    (request) => landscape.getMembershipRequest(request.actor, request.params.id),
  );

  app.post<IdRoute>(
    '/api/v1/membership-requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a membership (a leader of the side that was asked)',
        params: IdParams,
        response: { 200: Type.Object({ relationshipId: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => ({
      relationshipId: await landscape.approveMembership(request.actor, request.params.id),
    }),
  );

  for (const [verb, how] of [
    ['decline', 'declined'],
    ['withdraw', 'withdrawn'],
  ] as const) {
    app.post<IdRoute>(
      `/api/v1/membership-requests/:id/${verb}`,
      {
        schema: {
          tags,
          summary: verb === 'decline' ? 'Decline a membership' : 'Withdraw your request',
          params: IdParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await landscape.closeMembershipRequest(request.actor, request.params.id, how);
        return reply.code(204).send();
      },
    );
  }

  // The organisation page's buttons: each answers and returns to the page it came from.
  for (const verb of ['approve', 'decline', 'withdraw'] as const) {
    app.post<IdRoute>(`/membership-requests/:id/${verb}`, { schema: { params: IdParams } }, async (request, reply) => {
      const seen = await landscape.getMembershipRequest(request.actor, request.params.id);
      if (verb === 'approve') await landscape.approveMembership(request.actor, request.params.id);
      else
        await landscape.closeMembershipRequest(
          request.actor,
          request.params.id,
          verb === 'decline' ? 'declined' : 'withdrawn',
        );
      const back = Number((request.body as Record<string, unknown> | undefined)?.back);
      const page = [seen.memberId, seen.partnershipId].includes(back)
        ? back
        : seen.canDecide
          ? seen.askedBy === 'member'
            ? seen.partnershipId
            : seen.memberId
          : seen.memberId;
      return reply.redirect(`/organisations/${page}?notice=membership-${verb}#memberships`, 303);
    });
  }
}
