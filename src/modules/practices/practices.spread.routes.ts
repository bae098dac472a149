import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { todayIso, type LandscapeService } from '../landscape/index.js';
import { EdgesQuery, GRAPH_FORMATS, NetworkGraphView, type EdgeMode } from '../network/index.js';
import { ADAPTATIONS, JUDGEMENT_STATES } from './practices.domain.js';
import { adoptionsCsv, spreadGraph } from './practices.spread.export.js';
import { PartnershipSpreadQuery, SpreadView } from './practices.spread.schemas.js';
import { createSpreadService, type PracticesReader, type SpreadService } from './practices.spread.service.js';

type Spread = Awaited<ReturnType<SpreadService['spread']>>;

/** The spread as the API gives it (SpreadView). */
function spreadJson(spread: Spread): Static<typeof SpreadView> {
  return {
    practice: spread.practice,
    tree: spread.tree.map(({ adoption: a, parentId, parentName, depth, days }) => ({
      adoptionId: a.id,
      parentAdoptionId: parentId,
      parentName,
      depth,
      daysFromParent: days,
      organisationId: a.organisationId,
      organisationName: a.organisationName,
      fromOrganisationId: a.fromOrganisationId,
      fromOrganisationName: a.fromOrganisationName,
      startedOn: a.startedOn,
      adapted: a.adapted,
      adaptation: a.adaptation,
      judgement: a.judgement,
      judgedOn: a.judgedOn,
    })),
    speed: {
      gaps: spread.speed.gaps.map((g) => ({
        fromAdoptionId: g.from.id,
        toAdoptionId: g.to.id,
        fromName: g.from.organisationName,
        toName: g.to.organisationName,
        days: g.days,
      })),
      medianGap: spread.speed.medianGap,
      medianAlongTree: spread.speed.medianAlongTree,
    },
    reach: spread.reach,
    trials: spread.trials,
    schools: spread.schools,
  };
}

/** A download's file name from the practice's title, e.g. practice-12-reading-aloud-spread.gexf. */
function fileName(spread: Spread, suffix: string): string {
  const words = spread.practice.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `practice-${spread.practice.id}${words ? `-${words}` : ''}-${suffix}`;
}

/**
 * A practice's spread: its page (the adoption tree as a table and on the network map), its JSON,
 * its adoption network as GEXF and GraphML and its adoptions as CSV; and a partnership's practices that
 * spread or stayed. Each answers through the practices service, so a practice the actor may
 * not see is not found on every one of them.
 */
export function registerSpreadRoutes(
  app: FastifyInstance,
  services: { practices: PracticesReader; landscape: LandscapeService },
) {
  const spreads = createSpreadService(services);
  const tags = ['practices'];

  app.get<IdRoute>(
    '/api/v1/practices/:id/spread',
    {
      schema: {
        tags,
        summary: 'How a practice spread: who took it from whom, how fast, how far, and how the trials came out',
        params: IdParams,
        response: { 200: SpreadView, ...errorResponses },
      },
    },
    async (request) => spreadJson(await spreads.spread(request.actor, request.params.id)),
  );

  app.get<IdRoute>(
    '/api/v1/practices/:id/spread/map',
    {
      schema: {
        tags,
        summary: 'A practice’s schools and adoptions with map positions, for drawing its spread',
        params: IdParams,
        response: { 200: NetworkGraphView, ...errorResponses },
      },
    },
    async (request) => spreads.map(request.actor, request.params.id),
  );

  app.get<{ Querystring: Static<typeof PartnershipSpreadQuery> }>(
    '/practices/spread',
    { schema: { querystring: PartnershipSpreadQuery } },
    async (request, reply) => {
      const actor = request.actor;
      const partnershipId = request.query.partnership;
      if (partnershipId === undefined)
        return reply.page('practices/views/spread-partnership.njk', {
          title: 'How a partnership’s practices spread',
          choices: await spreads.partnershipsToChoose(actor),
        });
      const result = await spreads.partnership(actor, partnershipId);
      return reply.page('practices/views/spread-partnership.njk', {
        title: `How the practices of ${result.partnership.name} spread`,
        result,
      });
    },
  );

  app.get<IdRoute>('/practices/:id/spread', { schema: { params: IdParams } }, async (request, reply) => {
    const spread = await spreads.spread(request.actor, request.params.id);
    return reply.page('practices/views/spread.njk', {
      title: `How “${spread.practice.title}” spread`,
      spread,
      judgements: JUDGEMENT_STATES,
      adaptations: ADAPTATIONS,
      graphUrl: `/api/v1/practices/${spread.practice.id}/spread/map`,
    });
  });

  for (const format of GRAPH_FORMATS)
    app.get<IdRoute & { Querystring: { edges?: EdgeMode } }>(
      `/practices/:id/spread.${format.extension}`,
      { schema: { params: IdParams, querystring: EdgesQuery } },
      async (request, reply) => {
        const spread = await spreads.spread(request.actor, request.params.id);
        return reply
          .type(format.type)
          .header('content-disposition', `attachment; filename="${fileName(spread, `spread.${format.extension}`)}"`)
          .send(format.write(spreadGraph(spread, todayIso()), request.query.edges));
      },
    );

  app.get<IdRoute>('/practices/:id/adoptions.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const spread = await spreads.spread(request.actor, request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(spread, 'adoptions.csv')}"`)
      .send(adoptionsCsv(spread));
  });
}
