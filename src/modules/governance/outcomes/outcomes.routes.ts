import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../../platform/http/api-schemas.js';
import { AppError } from '../../../platform/http/errors.js';
import { getPrintable } from '../../../platform/http/pages.js';
import { answerForm, parseForm } from '../../../platform/http/validate.js';
import { indicatorChart } from '../../indicators/index.js';
import { ORGANISATION_KINDS } from '../../landscape/index.js';
import type { GovernanceService } from '../governance.service.js';
import { COMMITMENT_STATUSES } from './outcomes.domain.js';
import {
  CommitmentBody,
  CommitmentChangeBody,
  CommitmentDetailView,
  FrameworkView,
  MeasureBody,
  MeasureForm,
  MILESTONE_ROWS,
  MilestonesForm,
  OutcomeBody,
  OutcomeChangeBody,
  OutcomeDetailView,
  WorkBody,
} from './outcomes.schemas.js';

const Id = IdParams.properties.id;
const PartnershipParams = Type.Object({ partnershipId: Id });
type PartnershipRoute = { Params: Static<typeof PartnershipParams> };

const VIEWS = 'governance/views/outcomes';
const OUTCOME_FIELDS = { title: 'Title', description: 'Description', position: 'Order' };
const COMMITMENT_FIELDS = {
  organisationId: 'Organisation',
  what: 'What it commits to do',
  dueOn: 'By when',
  status: 'Status',
  evidence: 'Evidence',
};
/** The banner after a change, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  started: 'The five Every Child Matters outcomes are in the framework.',
  added: 'The outcome has been added to the framework.',
  changed: 'The outcome has been changed.',
  removed: 'The outcome has been removed from the framework.',
  measure: 'The measure has been added.',
  milestones: 'The milestones have been saved.',
  'measure-removed': 'The measure has been removed.',
  linked: 'The work has been linked to this outcome.',
  unlinked: 'The work is no longer linked to this outcome.',
  committed: 'The commitment has been recorded.',
  updated: 'The commitment has been updated.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];
const KIND_NAMES = Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([code, kind]) => [code, kind.label]));
const STATUS_ITEMS = Object.entries(COMMITMENT_STATUSES).map(([value, text]) => ({ value, text }));

/** The milestones of a page's form: its filled rows, each needing both a year and a value. */
function milestonesOf(form: Record<string, unknown>) {
  const milestones: Array<{ year: number; value: number }> = [];
  for (const n of MILESTONE_ROWS) {
    const [year, value] = [form[`year${n}`], form[`value${n}`]];
    if (year === undefined && value === undefined) continue;
    if (year === undefined || value === undefined)
      throw new AppError('validation', `Give milestone ${n} both a year and a value`, [
        {
          field: year === undefined ? `year${n}` : `value${n}`,
          message: year === undefined ? `Enter the year of milestone ${n}` : `Enter the value of milestone ${n}`,
        },
      ]);
    milestones.push({ year: Number(year), value: Number(value) });
  }
  return milestones;
}

const MILESTONE_LABELS = Object.fromEntries(
  MILESTONE_ROWS.flatMap((n) => [
    [`year${n}`, `The year of milestone ${n}`],
    [`value${n}`, `The value of milestone ${n}`],
  ]),
);

type Detail = Awaited<ReturnType<GovernanceService['outcome']>>;

/** Each measure's chart: the partnership's own figures, its members' mean, and the milestones of those years. */
function withCharts(measures: Detail['measures']) {
  return measures.map((m) => ({
    ...m,
    chart: m.indicator
      ? indicatorChart(m.indicator, [
          { name: 'The partnership', role: 'own', values: m.rows.map((r) => ({ period: r.period, value: r.own })) },
          {
            name: 'Its members’ mean',
            role: 'group',
            values: m.rows.map((r) => ({ period: r.period, value: r.mean })),
          },
          {
            name: 'Milestone',
            role: 'benchmark',
            values: m.rows.map((r) => ({ period: r.period, value: r.milestone })),
          },
        ])
      : null,
  }));
}

/** Shared outcomes: the governance landing, a partnership's framework, an outcome's page, commitments, reports and the API. */
export function registerOutcomesRoutes(app: FastifyInstance, governance: GovernanceService): void {
  const tags = ['governance'];

  // The API.
  app.get<IdRoute>(
    '/api/v1/governance/partnerships/:id/outcomes',
    {
      schema: {
        tags,
        summary: 'A partnership’s outcomes framework: outcomes with measures, milestones and latest figures',
        params: IdParams,
        response: { 200: FrameworkView, ...errorResponses },
      },
    },
    (request) => governance.outcomesOf(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof OutcomeBody> }>(
    '/api/v1/governance/partnerships/:id/outcomes',
    {
      schema: {
        tags,
        summary: 'Add one of the partnership’s own ambitions to its framework (the partnership’s leaders)',
        params: IdParams,
        body: OutcomeBody,
        response: { 201: OutcomeDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await governance.addOutcome(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.outcome(request.actor, id));
    },
  );
  app.post<IdRoute>(
    '/api/v1/governance/partnerships/:id/outcomes/start',
    {
      schema: {
        tags,
        summary: 'Start the framework from the five Every Child Matters outcomes; adds only those missing',
        params: IdParams,
        response: { 200: FrameworkView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.startFramework(request.actor, request.params.id);
      return governance.outcomesOf(request.actor, request.params.id);
    },
  );
  app.get<IdRoute>(
    '/api/v1/governance/outcomes/:id',
    {
      schema: {
        tags,
        summary: 'An outcome: its measures over time, the decisions and work aiming at it, and its commitments',
        params: IdParams,
        response: { 200: OutcomeDetailView, ...errorResponses },
      },
    },
    (request) => governance.outcome(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof OutcomeChangeBody> }>(
    '/api/v1/governance/outcomes/:id',
    {
      schema: {
        tags,
        summary: 'Change an outcome’s title, description or order (the partnership’s leaders)',
        params: IdParams,
        body: OutcomeChangeBody,
        response: { 200: OutcomeDetailView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.updateOutcome(request.actor, request.params.id, request.body);
      return governance.outcome(request.actor, request.params.id);
    },
  );
  app.post<IdRoute & { Body: Static<typeof MeasureBody> }>(
    '/api/v1/governance/outcomes/:id/measures',
    {
      schema: {
        tags,
        summary: 'Add an indicator of the catalogue as a measure of the outcome, with milestones by year',
        params: IdParams,
        body: MeasureBody,
        response: { 201: OutcomeDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      await governance.addMeasure(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.outcome(request.actor, request.params.id));
    },
  );
  app.post<IdRoute & { Body: Static<typeof CommitmentBody> }>(
    '/api/v1/governance/outcomes/:id/commitments',
    {
      schema: {
        tags,
        summary: 'Commit an organisation to the outcome (its leader, or a leader of the partnership)',
        params: IdParams,
        body: CommitmentBody,
        response: { 201: CommitmentDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await governance.commit(request.actor, request.params.id, request.body);
      return reply.code(201).send(await governance.commitmentDetail(request.actor, id));
    },
  );
  app.patch<IdRoute & { Body: Static<typeof CommitmentChangeBody> }>(
    '/api/v1/governance/commitments/:id',
    {
      schema: {
        tags,
        summary: 'Update a commitment’s status and evidence, or mark it done',
        params: IdParams,
        body: CommitmentChangeBody,
        response: { 200: CommitmentDetailView, ...errorResponses },
      },
    },
    async (request) => {
      await governance.updateCommitment(request.actor, request.params.id, request.body);
      return governance.commitmentDetail(request.actor, request.params.id);
    },
  );

  // The pages.
  app.get('/governance', async (request, reply) =>
    reply.page(`${VIEWS}/home.njk`, {
      title: 'Governance',
      partnerships: await governance.governanceHome(request.actor),
      kinds: KIND_NAMES,
    }),
  );

  async function partnershipPage(request: FastifyRequest<PartnershipRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.partnershipGovernance(request.actor, request.params.partnershipId);
    return {
      title: `Governance: ${view.partnership.name}`,
      ...view,
      kinds: KIND_NAMES,
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<PartnershipRoute>(
    '/governance/:partnershipId',
    { schema: { params: PartnershipParams } },
    async (request, reply) => reply.page(`${VIEWS}/partnership.njk`, await partnershipPage(request)),
  );

  const partnershipForm = (
    request: FastifyRequest<PartnershipRoute>,
    reply: FastifyReply,
    act: () => Promise<string>,
  ) =>
    answerForm(request, reply, {
      template: `${VIEWS}/partnership.njk`,
      page: (failed) => partnershipPage(request, failed),
      act,
    });

  app.post<PartnershipRoute>(
    '/governance/:partnershipId/start',
    { schema: { params: PartnershipParams } },
    (r, reply) =>
      partnershipForm(r, reply, async () => {
        await governance.startFramework(r.actor, r.params.partnershipId);
        return `/governance/${r.params.partnershipId}?saved=started`;
      }),
  );

  app.post<PartnershipRoute>(
    '/governance/:partnershipId/outcomes',
    { schema: { params: PartnershipParams } },
    (request, reply) =>
      partnershipForm(request, reply, async () => {
        const form = parseForm(OutcomeBody, request.body, { labels: OUTCOME_FIELDS });
        const id = await governance.addOutcome(request.actor, request.params.partnershipId, form);
        return `/governance/outcomes/${id}?saved=added`;
      }),
  );

  async function outcomePage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await governance.outcome(request.actor, request.params.id);
    return {
      title: view.outcome.title,
      ...view,
      measures: withCharts(view.measures),
      organisations: view.mayCommitFor.map((o) => ({ value: String(o.id), text: o.name })),
      indicators: view.indicatorChoices.map((i) => ({ value: i.code, text: i.name })),
      statuses: STATUS_ITEMS,
      statusNames: COMMITMENT_STATUSES,
      milestoneRows: MILESTONE_ROWS,
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/governance/outcomes/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page(`${VIEWS}/outcome.njk`, await outcomePage(request)),
  );

  /** A form of the outcome's page: done, to the address `act` gives; a problem, the page again with what was typed. */
  const outcomeForm = (request: FastifyRequest<IdRoute>, reply: FastifyReply, act: () => Promise<string>) =>
    answerForm(request, reply, {
      template: `${VIEWS}/outcome.njk`,
      page: (failed) => outcomePage(request, failed),
      act,
    });
  const outcomeFormOf = (request: FastifyRequest<{ Params: { id: number } }>, outcomeId: number) =>
    ({ ...request, params: { id: outcomeId } }) as FastifyRequest<IdRoute>;

  app.post<IdRoute>('/governance/outcomes/:id', { schema: { params: IdParams } }, (request, reply) =>
    outcomeForm(request, reply, async () => {
      const form = parseForm(OutcomeChangeBody, request.body, { labels: OUTCOME_FIELDS });
      await governance.updateOutcome(request.actor, request.params.id, form);
      return `/governance/outcomes/${request.params.id}?saved=changed`;
    }),
  );

  app.get<IdRoute>('/governance/outcomes/:id/remove', { schema: { params: IdParams } }, async (request, reply) => {
    const { outcome, partnership } = await governance.outcomeRemoval(request.actor, request.params.id);
    return reply.page('confirm.njk', {
      title: 'Remove this outcome?',
      caption: partnership.name,
      facts: [{ label: 'Outcome', text: outcome.title }],
      warning: 'The outcome leaves the framework with its measures and milestones, and cannot be brought back.',
      consequences: ['The engagements and practices linked to it stay as they are; only the links go.'],
      action: `/governance/outcomes/${outcome.id}/remove`,
      button: 'Remove the outcome',
      cancel: `/governance/outcomes/${outcome.id}`,
    });
  });

  app.post<IdRoute>('/governance/outcomes/:id/remove', { schema: { params: IdParams } }, async (request, reply) => {
    const partnershipId = await governance.removeOutcome(request.actor, request.params.id);
    return reply.redirect(`/governance/${partnershipId}?saved=removed`, 303);
  });

  app.post<IdRoute>('/governance/outcomes/:id/measures', { schema: { params: IdParams } }, (request, reply) =>
    outcomeForm(request, reply, async () => {
      const form = parseForm(MeasureForm, request.body, {
        labels: { indicatorCode: 'Indicator', ...MILESTONE_LABELS },
      });
      await governance.addMeasure(request.actor, request.params.id, {
        indicatorCode: String(form.indicatorCode),
        milestones: milestonesOf(form),
      });
      return `/governance/outcomes/${request.params.id}?saved=measure#measures`;
    }),
  );

  app.post<IdRoute>('/governance/measures/:id/milestones', { schema: { params: IdParams } }, async (request, reply) => {
    const { outcomeId } = await governance.measureOf(request.actor, request.params.id);
    return outcomeForm(outcomeFormOf(request, outcomeId), reply, async () => {
      const form = parseForm(MilestonesForm, request.body, { labels: MILESTONE_LABELS });
      await governance.setMilestones(request.actor, request.params.id, milestonesOf(form));
      return `/governance/outcomes/${outcomeId}?saved=milestones#measure-${request.params.id}`;
    });
  });

  app.post<IdRoute>('/governance/measures/:id/remove', { schema: { params: IdParams } }, async (request, reply) => {
    const outcomeId = await governance.removeMeasure(request.actor, request.params.id);
    return reply.redirect(`/governance/outcomes/${outcomeId}?saved=measure-removed#measures`, 303);
  });

  app.post<IdRoute>('/governance/outcomes/:id/work', { schema: { params: IdParams } }, (request, reply) =>
    outcomeForm(request, reply, async () => {
      const form = parseForm(WorkBody, request.body, { labels: { kind: 'Kind of work', refId: 'Number' } });
      await governance.linkWork(request.actor, request.params.id, form);
      return `/governance/outcomes/${request.params.id}?saved=linked#work`;
    }),
  );

  app.post<IdRoute>(
    '/governance/outcomes/:id/work/remove',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const form = parseForm(WorkBody, request.body);
      await governance.unlinkWork(request.actor, request.params.id, form);
      return reply.redirect(`/governance/outcomes/${request.params.id}?saved=unlinked#work`, 303);
    },
  );

  app.post<IdRoute>('/governance/outcomes/:id/commitments', { schema: { params: IdParams } }, (request, reply) =>
    outcomeForm(request, reply, async () => {
      const form = parseForm(CommitmentBody, request.body, { labels: COMMITMENT_FIELDS });
      await governance.commit(request.actor, request.params.id, form);
      return `/governance/outcomes/${request.params.id}?saved=committed#commitments`;
    }),
  );

  app.post<IdRoute>('/governance/commitments/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const { commitment } = await governance.commitmentDetail(request.actor, request.params.id);
    return outcomeForm(outcomeFormOf(request, commitment.outcomeId), reply, async () => {
      const form = parseForm(CommitmentChangeBody, request.body, { labels: { ...COMMITMENT_FIELDS, done: 'Done' } });
      await governance.updateCommitment(request.actor, request.params.id, { done: false, ...form });
      return `/governance/outcomes/${commitment.outcomeId}?saved=updated#commitment-${request.params.id}`;
    });
  });

  getPrintable<IdRoute>(
    app,
    '/governance/outcomes/:id/accountability',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const view = await governance.accountability(request.actor, request.params.id);
      return reply.page(`${VIEWS}/accountability.njk`, {
        title: `Accountability: ${view.outcome.title}, ${view.partnership.name}`,
        ...view,
        statusNames: COMMITMENT_STATUSES,
        sources: [...new Set(view.measures.flatMap((m) => (m.indicator ? [m.indicator.source] : [])))],
      });
    },
  );

  getPrintable<PartnershipRoute>(
    app,
    '/governance/:partnershipId/outcomes-report',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      const report = await governance.outcomesReport(request.actor, request.params.partnershipId);
      return reply.page(`${VIEWS}/report.njk`, {
        title: `Outcomes report: ${report.partnership.name}`,
        ...report,
        statusNames: COMMITMENT_STATUSES,
        sources: [
          ...new Set(
            report.outcomes.flatMap((o) => o.measures.flatMap((m) => (m.indicator ? [m.indicator.source] : []))),
          ),
        ],
      });
    },
  );

  const csv = (reply: FastifyReply, name: string, text: string) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);

  app.get<PartnershipRoute>(
    '/governance/:partnershipId/outcomes.csv',
    { schema: { params: PartnershipParams } },
    async (request, reply) =>
      csv(reply, 'outcomes.csv', await governance.outcomesCsv(request.actor, request.params.partnershipId)),
  );

  app.get<PartnershipRoute>(
    '/governance/:partnershipId/commitments.csv',
    { schema: { params: PartnershipParams } },
    async (request, reply) =>
      csv(reply, 'commitments.csv', await governance.commitmentsCsv(request.actor, request.params.partnershipId)),
  );
}
