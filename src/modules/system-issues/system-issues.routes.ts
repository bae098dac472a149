import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { getPrintable } from '../../platform/http/pages.js';
import { asFormProblem, answerForm, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { formatDate } from '../../platform/http/views.js';
import { ORGANISATION_KINDS } from '../landscape/index.js';
import {
  ActionBody,
  AgendaQuery,
  DiscussedBody,
  IssueBody,
  IssueDetailView,
  LogsView,
  LogView,
} from './system-issues.schemas.js';
import type { SystemIssuesService } from './system-issues.service.js';

const Id = IdParams.properties.id;
const PartnershipParams = Type.Object({ partnershipId: Id });
type PartnershipRoute = { Params: Static<typeof PartnershipParams> };
const ActionParams = Type.Object({ id: Id, actionId: Id });
const ISSUE_LABELS = {
  title: 'Title',
  whatHappened: 'What happened',
  whereFailed: 'Where the system let people down',
  raisedOn: 'Raised on',
  discussedOn: 'Discussed at the meeting of',
};
const ACTION_LABELS = { description: 'Action', ownerId: 'Owner', dueOn: 'Due date' };
/** The banner after a change, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  raised: 'The issue has been added to the log.',
  action: 'The action has been added.',
  done: 'The action has been marked as done.',
  discussed: 'The meeting it was discussed at has been recorded.',
  closed: 'The issue has been closed.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];

/** Kinds of organisation as a person reads them. */
const KIND_NAMES = Object.fromEntries(Object.entries(ORGANISATION_KINDS).map(([code, kind]) => [code, kind.label]));

/** System issues logs: pages and API for raising issues without blame, agreeing actions, closing, and the agenda. */
export function registerSystemIssuesRoutes(app: FastifyInstance, systemIssues: SystemIssuesService) {
  const tags = ['system-issues'];
  app.get(
    '/api/v1/system-issues',
    {
      schema: {
        tags,
        summary: 'The partnerships you work in, or whose members you work in, with their open issues',
        response: { 200: LogsView, ...errorResponses },
      },
    },
    (request) => systemIssues.list(request.actor),
  );
  app.get<PartnershipRoute>(
    '/api/v1/system-issues/:partnershipId',
    {
      schema: {
        tags,
        summary: 'A partnership’s system issues log, open issues first',
        params: PartnershipParams,
        response: { 200: LogView, ...errorResponses },
      },
    },
    (request) => systemIssues.log(request.actor, request.params.partnershipId),
  );
  app.post<PartnershipRoute & { Body: Static<typeof IssueBody> }>(
    '/api/v1/system-issues/:partnershipId',
    {
      schema: {
        tags,
        summary: 'Raise an issue without blame (a text naming a person is refused unless namesNeeded confirms it)',
        params: PartnershipParams,
        body: IssueBody,
        response: { 201: IssueDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await systemIssues.raise(request.actor, request.params.partnershipId, request.body);
      return reply.code(201).send(await systemIssues.get(request.actor, id));
    },
  );
  app.get<IdRoute>(
    '/api/v1/system-issues/issues/:id',
    {
      schema: {
        tags,
        summary: 'An issue with its actions',
        params: IdParams,
        response: { 200: IssueDetailView, ...errorResponses },
      },
    },
    (request) => systemIssues.get(request.actor, request.params.id),
  );
  app.post<IdRoute & { Body: Static<typeof ActionBody> }>(
    '/api/v1/system-issues/issues/:id/actions',
    {
      schema: {
        tags,
        summary: 'Agree an action on an open issue',
        params: IdParams,
        body: ActionBody,
        response: { 201: IssueDetailView, ...errorResponses },
      },
    },
    async (request, reply) => {
      await systemIssues.addAction(request.actor, request.params.id, request.body);
      return reply.code(201).send(await systemIssues.get(request.actor, request.params.id));
    },
  );
  app.post<IdRoute>(
    '/api/v1/system-issues/issues/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an issue (the partnership’s leaders)',
        params: IdParams,
        response: { 200: IssueDetailView, ...errorResponses },
      },
    },
    async (request) => {
      await systemIssues.close(request.actor, request.params.id);
      return systemIssues.get(request.actor, request.params.id);
    },
  );

  app.get('/system-issues', async (request, reply) =>
    reply.page('system-issues/views/logs.njk', {
      title: 'System issues',
      logs: await systemIssues.list(request.actor),
      kinds: KIND_NAMES,
    }),
  );

  app.get<PartnershipRoute>(
    '/system-issues/:partnershipId',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      const log = await systemIssues.log(request.actor, request.params.partnershipId);
      return reply.page('system-issues/views/log.njk', {
        title: `System issues: ${log.partnership.name}`,
        ...log,
        open: log.issues.filter((i) => i.status === 'open'),
        closed: log.issues.filter((i) => i.status === 'closed'),
        kinds: KIND_NAMES,
        saved: savedOf(request),
      });
    },
  );

  async function newPage(request: FastifyRequest<PartnershipRoute>, extra: Record<string, unknown> = {}) {
    const { partnership } = await systemIssues.partnership(request.actor, request.params.partnershipId);
    return {
      title: `Raise an issue: ${partnership.name}`,
      partnership,
      action: `/system-issues/${partnership.id}`,
      ...extra,
    };
  }

  app.get<PartnershipRoute>(
    '/system-issues/:partnershipId/new',
    { schema: { params: PartnershipParams } },
    async (request, reply) => reply.page('system-issues/views/new.njk', await newPage(request)),
  );

  app.post<PartnershipRoute>(
    '/system-issues/:partnershipId',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      try {
        const form = parseForm(IssueBody, request.body, { labels: ISSUE_LABELS });
        const id = await systemIssues.raise(request.actor, request.params.partnershipId, form);
        return reply.redirect(`/system-issues/issues/${id}?saved=raised`, 303);
      } catch (error) {
        const invalid = asFormProblem(error);
        const blame = (invalid.details ?? []).some((d) => d.rule === 'blame');
        return reply.page(
          'system-issues/views/new.njk',
          await newPage(request, { ...formErrorContext(invalid, request), blame }),
          400,
        );
      }
    },
  );

  getPrintable<PartnershipRoute>(
    app,
    '/system-issues/:partnershipId/agenda',
    { schema: { params: PartnershipParams } },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      let meetingOn: string | undefined;
      let problem = {};
      try {
        meetingOn = parseForm(AgendaQuery, query, { labels: { on: 'The date of the meeting' } }).on;
      } catch (error) {
        problem = formErrorContext(asFormProblem(error), { url: request.url, body: query });
      }
      const agenda = await systemIssues.agenda(request.actor, request.params.partnershipId, meetingOn);
      return reply.page(
        'system-issues/views/agenda.njk',
        {
          title: `Agenda: ${agenda.partnership.name}, ${formatDate(agenda.meetingOn)}`,
          ...agenda,
          chosen: meetingOn !== undefined,
          ...problem,
        },
        Object.keys(problem).length ? 400 : 200,
      );
    },
  );

  async function issuePage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const view = await systemIssues.get(request.actor, request.params.id);
    const owners = view.issue.status === 'open' ? await systemIssues.owners(request.actor, view.partnership.id) : [];
    return {
      title: view.issue.title,
      ...view,
      owners: owners.map((o) => ({ value: String(o.id), text: o.name })),
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/system-issues/issues/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('system-issues/views/issue.njk', await issuePage(request)),
  );

  /** A form of the issue's page: done, back to it with its banner; a problem, the page again with what was typed. */
  const issueForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    saved: string,
    act: () => Promise<unknown>,
  ) =>
    answerForm(request, reply, {
      template: 'system-issues/views/issue.njk',
      page: (failed) => issuePage(request, failed),
      act: async () => (await act(), `/system-issues/issues/${request.params.id}?saved=${saved}`),
    });

  app.post<IdRoute>('/system-issues/issues/:id/actions', { schema: { params: IdParams } }, (request, reply) =>
    issueForm(request, reply, 'action', () =>
      systemIssues.addAction(
        request.actor,
        request.params.id,
        parseForm(ActionBody, request.body, { labels: ACTION_LABELS }),
      ),
    ),
  );

  app.post<{ Params: Static<typeof ActionParams> }>(
    '/system-issues/issues/:id/actions/:actionId/done',
    { schema: { params: ActionParams } },
    async (request, reply) => {
      await systemIssues.completeAction(request.actor, request.params.id, request.params.actionId);
      return reply.redirect(`/system-issues/issues/${request.params.id}?saved=done#actions`, 303);
    },
  );

  app.post<IdRoute>('/system-issues/issues/:id/discussed', { schema: { params: IdParams } }, (request, reply) =>
    issueForm(request, reply, 'discussed', async () => {
      const form = parseForm(DiscussedBody, request.body, { labels: { discussedOn: 'The date of the meeting' } });
      await systemIssues.discussed(request.actor, request.params.id, form.discussedOn);
    }),
  );

  app.get<IdRoute>('/system-issues/issues/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    const view = await systemIssues.closing(request.actor, request.params.id);
    const open = view.issue.openActions;
    return reply.page('confirm.njk', {
      title: 'Close this issue?',
      caption: view.partnership.name,
      facts: [
        { label: 'Issue', text: view.issue.title },
        { label: 'Raised on', text: formatDate(view.issue.raisedOn) },
      ],
      warning: 'A closed issue leaves the agenda and cannot be opened again.',
      consequences: open
        ? [
            `${open === 1 ? 'One action is' : `${open} actions are`} not yet done: ${open === 1 ? 'it stays' : 'they stay'} on the agenda until done.`,
          ]
        : [],
      action: `/system-issues/issues/${view.issue.id}/close`,
      button: 'Close the issue',
      cancel: `/system-issues/issues/${view.issue.id}`,
    });
  });

  app.post<IdRoute>('/system-issues/issues/:id/close', { schema: { params: IdParams } }, async (request, reply) => {
    await systemIssues.close(request.actor, request.params.id);
    return reply.redirect(`/system-issues/issues/${request.params.id}?saved=closed`, 303);
  });
}
