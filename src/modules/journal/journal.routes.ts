import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { AppError } from '../../platform/http/errors.js';
import { asFormProblem, answerForm, formErrorContext, parseForm } from '../../platform/http/validate.js';
import { formatDate } from '../../platform/http/views.js';
import { JournalEntryBody, JournalEntryChange, JournalEntryView, ShareForm } from './journal.schemas.js';
import type { JournalService, ShareWith } from './journal.service.js';

const Id = IdParams.properties.id;
const ShareParams = Type.Object({ id: Id, userId: Id });
type ShareRoute = { Params: Static<typeof ShareParams> };
const LABELS = { writtenOn: 'Date', prompt: 'Prompt', body: 'Your reflection' };
const SHARE_LABELS = { email: 'Email address', userId: 'Colleague' };
/** The banner after a change, by the `saved` of the address. */
const SAVED: Record<string, string> = {
  created: 'Your entry has been saved. Only you can read it unless you share it.',
  changed: 'Your changes have been saved.',
  shared: 'The entry has been shared. They can read it, and only it, until you stop sharing it.',
  unshared: 'You have stopped sharing the entry with them: they can no longer read it.',
  deleted: 'The entry has been deleted.',
};
const savedOf = (request: FastifyRequest) => SAVED[String((request.query as Record<string, unknown>)?.saved)];

/** Reads the entry form: an empty prompt is none. */
function readEntry(body: unknown) {
  const form = parseForm(JournalEntryBody, body, { labels: LABELS });
  return { ...form, prompt: form.prompt || null };
}

/** Reads the share form: an email address typed, else a colleague chosen. */
function readShare(body: unknown): ShareWith {
  const form = parseForm(ShareForm, body, { labels: SHARE_LABELS });
  if (form.email) return { email: form.email };
  if (form.userId) return { userId: form.userId };
  throw new AppError('validation', 'Give an email address or choose a colleague', [
    { field: 'email', message: 'Give the email address of the person to share with, or choose a colleague' },
  ]);
}

/** The reflection journal: the author's own entries and the ones shared with them, in pages and through the API. */
export function registerJournalRoutes(app: FastifyInstance, journal: JournalService) {
  const tags = ['journal'];
  app.get(
    '/api/v1/journal',
    {
      schema: {
        tags,
        summary: 'Your own journal entries, newest first',
        response: { 200: Type.Array(JournalEntryView), ...errorResponses },
      },
    },
    (request) => journal.list(request.actor),
  );
  app.post<{ Body: Static<typeof JournalEntryBody> }>(
    '/api/v1/journal',
    {
      schema: {
        tags,
        summary: 'Write a journal entry (private to you)',
        body: JournalEntryBody,
        response: { 201: JournalEntryView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await journal.write(request.actor, request.body)),
  );
  app.get<IdRoute>(
    '/api/v1/journal/:id',
    {
      schema: {
        tags,
        summary: 'One of your journal entries',
        params: IdParams,
        response: { 200: JournalEntryView, ...errorResponses },
      },
    },
    (request) => journal.get(request.actor, request.params.id),
  );
  app.patch<IdRoute & { Body: Static<typeof JournalEntryChange> }>(
    '/api/v1/journal/:id',
    {
      schema: {
        tags,
        summary: 'Change one of your journal entries',
        params: IdParams,
        body: JournalEntryChange,
        response: { 200: JournalEntryView, ...errorResponses },
      },
    },
    (request) => journal.change(request.actor, request.params.id, request.body),
  );
  app.delete<IdRoute>(
    '/api/v1/journal/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of your journal entries',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await journal.delete(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get('/journal', async (request, reply) =>
    reply.page('journal/views/journal.njk', {
      title: 'Your journal',
      entries: await journal.list(request.actor),
      saved: savedOf(request),
    }),
  );

  app.get('/journal/shared', async (request, reply) =>
    reply.page('journal/views/shared.njk', {
      title: 'Shared with you',
      entries: await journal.sharedWithMe(request.actor),
    }),
  );

  /** The new-entry page: the prompts, one of them chosen when the address names it. */
  function newPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const prompts = journal.prompts();
    const chosen = String((request.query as Record<string, unknown>)?.prompt ?? '');
    return {
      title: 'Write in your journal',
      prompts,
      values: { prompt: prompts.some((p) => p.key === chosen) ? chosen : '' },
      action: '/journal',
      ...extra,
    };
  }

  app.get('/journal/new', async (request, reply) => {
    // Only a person with an account keeps a journal: asked of the service before the form is shown.
    await journal.list(request.actor);
    return reply.page('journal/views/new.njk', newPage(request));
  });

  app.post('/journal', async (request, reply) => {
    try {
      const entry = await journal.write(request.actor, readEntry(request.body));
      return reply.redirect(`/journal/${entry.id}?saved=created`, 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page('journal/views/new.njk', newPage(request, formErrorContext(invalid, request)), 400);
    }
  });

  async function entryPage(request: FastifyRequest<IdRoute>, extra: Record<string, unknown> = {}) {
    const { mine, entry } = await journal.read(request.actor, request.params.id);
    return {
      title: mine ? `Your journal entry of ${formatDate(entry.writtenOn)}` : `Journal entry shared with you`,
      mine,
      entry,
      prompts: mine ? journal.prompts() : [],
      colleagues: mine
        ? (await journal.colleagues(request.actor))
            .filter((c) => !('sharedWith' in entry) || !entry.sharedWith.some((s) => s.userId === c.userId))
            .map((c) => ({ value: String(c.userId), text: c.name }))
        : [],
      saved: savedOf(request),
      ...extra,
    };
  }

  app.get<IdRoute>('/journal/:id', { schema: { params: IdParams } }, async (request, reply) =>
    reply.page('journal/views/entry.njk', await entryPage(request)),
  );

  /** A form of the entry's page: done, back to the page with its banner; a problem, the page again with what was typed. */
  const entryForm = (
    request: FastifyRequest<IdRoute>,
    reply: FastifyReply,
    saved: string,
    act: () => Promise<unknown>,
  ) =>
    answerForm(request, reply, {
      template: 'journal/views/entry.njk',
      page: (failed) => entryPage(request, failed),
      act: async () => (await act(), `/journal/${request.params.id}?saved=${saved}`),
    });

  app.post<IdRoute>('/journal/:id', { schema: { params: IdParams } }, (request, reply) =>
    entryForm(request, reply, 'changed', () =>
      journal.change(request.actor, request.params.id, readEntry(request.body)),
    ),
  );

  app.post<IdRoute>('/journal/:id/shares', { schema: { params: IdParams } }, (request, reply) =>
    entryForm(request, reply, 'shared', () => journal.share(request.actor, request.params.id, readShare(request.body))),
  );

  app.post<ShareRoute>(
    '/journal/:id/shares/:userId/delete',
    { schema: { params: ShareParams } },
    async (request, reply) => {
      await journal.unshare(request.actor, request.params.id, request.params.userId);
      return reply.redirect(`/journal/${request.params.id}?saved=unshared`, 303);
    },
  );

  app.get<IdRoute>('/journal/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const entry = await journal.get(request.actor, request.params.id);
    return reply.page('confirm.njk', {
      title: 'Delete this journal entry?',
      caption: 'Your journal',
      facts: [
        { label: 'Date', text: formatDate(entry.writtenOn) },
        ...(entry.theme ? [{ label: 'Prompt', text: entry.theme }] : []),
      ],
      warning: 'A deleted entry cannot be brought back.',
      consequences: entry.sharedWith.length
        ? [
            `The ${entry.sharedWith.length === 1 ? 'person' : `${entry.sharedWith.length} people`} you shared it with will no longer be able to read it.`,
          ]
        : [],
      action: `/journal/${entry.id}/delete`,
      button: 'Delete the entry',
      cancel: `/journal/${entry.id}`,
    });
  });

  app.post<IdRoute>('/journal/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    await journal.delete(request.actor, request.params.id);
    return reply.redirect('/journal?saved=deleted', 303);
  });
}
