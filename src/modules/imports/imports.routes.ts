import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { CsvFileError } from '../../platform/csv/csv-reader.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { rejectsCsv } from './imports.runner.js';
import { parseQueryLeniently } from '../../platform/http/validate.js';
import { isPeriod } from '../../shared/period.js';
import { pagination } from '../landscape/index.js';
import type { ImportsService } from './imports.service.js';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const ImportRunView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  fileName: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done')]),
  phase: Type.Union([Type.String(), Type.Null()]),
  succeeded: Type.Boolean(),
  message: Type.Union([Type.String(), Type.Null()]),
  rowsRead: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  status: Type.String({ description: 'How the import is going, in words' }),
});

/** How a run is going, in a sentence for the person waiting on it. */
function statusOf(run: { state: string; phase: string | null; rowsRead: number; succeeded: boolean }): string {
  if (run.state === 'queued') return 'Waiting to start: the file is stored and the import begins in a moment.';
  if (run.state === 'running')
    return run.phase === 'merging'
      ? `All ${run.rowsRead.toLocaleString('en-GB')} rows read; now saving the changes.`
      : `Reading the file: ${run.rowsRead.toLocaleString('en-GB')} rows so far.`;
  return run.succeeded ? 'Finished.' : 'Refused: nothing was changed.';
}
const SHOWN_REJECTS = 500;

/** Which of an import's changes its page shows. */
const ChangesQuery = Type.Object({
  change: Type.Optional(Type.String({ maxLength: 50 })),
  field: Type.Optional(Type.String({ maxLength: 50 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
type ChangesFilter = Static<typeof ChangesQuery>;

/** The import pages for administrators: upload a file, see what it changed, download its rejected rows. */
export function registerImportPages(app: FastifyInstance, imports: ImportsService) {
  async function formPage(actor: Actor | undefined, extra: Record<string, unknown> = {}) {
    const kindItems = imports.kinds().map(({ kind, description }) => ({
      value: kind,
      text: `${kind}: ${description}`,
      selected: kind === extra.kind,
    }));
    return { title: 'Import data', kindItems, runs: await imports.listRuns(actor, 20), ...extra };
  }

  const isKind = (kind: string | undefined) => imports.kinds().some((k) => k.kind === kind);

  app.get('/imports', async (request, reply) => reply.page('imports/views/imports.njk', await formPage(request.actor)));

  app.post('/imports', { config: { csrfInHandler: true } }, async (request, reply) => {
    if (!request.actor?.isAdmin) throw new AppError('forbidden', 'Only an administrator can import data');
    if (!request.isMultipart()) throw new AppError('validation', 'Send the file with the upload form');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-upload-'));
    const stored = path.join(dir, 'upload.csv');
    const fields: Record<string, string> = {};
    try {
      let fileName: string | undefined;
      let verified = false;
      for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } })) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        // The token and the kind come before the file in the form, so nothing is stored for a forged request.
        request.verifyCsrf(fields._csrf);
        verified = true;
        if (!part.filename || !isKind(fields.kind)) {
          part.file.resume();
          continue;
        }
        await pipeline(part.file, fs.createWriteStream(stored));
        if (part.file.truncated) throw new CsvFileError(`The file is larger than ${MAX_UPLOAD_BYTES / 1048576} MB`);
        fileName = path.basename(part.filename);
      }
      if (!verified) request.verifyCsrf(fields._csrf);
      const kind = fields.kind ?? '';
      const problems: Array<{ field: string; message: string }> = [];
      if (!isKind(kind)) problems.push({ field: 'kind', message: 'Choose what kind of file this is' });
      if (!fileName) problems.push({ field: 'file', message: 'Choose a file to import' });
      const period = fields.period?.trim() || undefined;
      if (period !== undefined && !isPeriod(period))
        problems.push({
          field: 'period',
          message: 'Give the period as an academic year such as 2022/23, or a term such as 2022/23 autumn',
        });
      if (problems.length) {
        const context = await formPage(request.actor, {
          kind,
          period,
          errorList: problems.map((p) => ({ text: p.message, href: `#${p.field}` })),
          errors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
        });
        return reply.page('imports/views/imports.njk', context, 400);
      }
      const { runId } = await imports.queueImport(request.actor, kind, stored, { fileName, period });
      return reply.redirect(`/imports/${runId}`, 303);
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
      const context = await formPage(request.actor, {
        kind: fields.kind,
        period: fields.period,
        errorList: [{ text: error.message, href: '#file' }],
        errors: { file: error.message },
      });
      return reply.page('imports/views/imports.njk', context, 400);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  app.get<IdRoute>('/imports/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const run = await imports.getRun(request.actor, request.params.id);
    const filter = parseQueryLeniently<ChangesFilter>(ChangesQuery, request.query);
    const changes = await imports.listChanges(request.actor, run.id, filter, filter.page ?? 1);
    const basePath = `/imports/${run.id}`;
    return reply.page('imports/views/import-run.njk', {
      title: `Import of ${run.fileName}`,
      run,
      status: statusOf(run),
      shownRejects: run.rejects.slice(0, SHOWN_REJECTS),
      filter,
      changes,
      basePath,
      pager: pagination(changes.total, changes.page, changes.perPage),
      filtered: Boolean(filter.change || filter.field || filter.q),
      changeItems: [
        { value: '', text: 'Any change' },
        ...changes.kinds.map((k) => ({
          value: k.kind,
          text: `${k.label} (${k.n.toLocaleString('en-GB')})`,
          selected: k.kind === filter.change,
        })),
      ],
      fieldItems: [
        { value: '', text: 'Any field' },
        ...changes.fields.map((f) => ({ value: f.field, text: f.label, selected: f.field === filter.field })),
      ],
      reverted: (request.query as Record<string, unknown>).reverted === '1',
    });
  });

  app.get<IdRoute>('/imports/:id/changes.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const filter = parseQueryLeniently<ChangesFilter>(ChangesQuery, request.query);
    const csv = await imports.changesCsv(request.actor, request.params.id, filter);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${request.params.id}-changes.csv"`)
      .send(csv);
  });

  app.get<IdRoute>('/imports/:id/revert', { schema: { params: IdParams } }, async (request, reply) => {
    const run = await imports.getRun(request.actor, request.params.id);
    const plan = await imports.revertPlan(request.actor, run.id);
    return reply.page('imports/views/import-revert.njk', { title: `Revert the import of ${run.fileName}`, run, plan });
  });

  app.post<IdRoute>('/imports/:id/revert', { schema: { params: IdParams } }, async (request, reply) => {
    await imports.revert(request.actor, request.params.id);
    return reply.redirect(`/imports/${request.params.id}?reverted=1`, 303);
  });

  app.get<IdRoute>(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'How an import is going, or what it changed (administrators)',
        params: IdParams,
        response: { 200: ImportRunView, ...errorResponses },
      },
    },
    async (request) => {
      const run = await imports.getRun(request.actor, request.params.id);
      return {
        id: run.id,
        kind: run.kind,
        fileName: run.fileName,
        state: run.state,
        phase: run.phase,
        succeeded: run.succeeded,
        message: run.message,
        rowsRead: run.rowsRead,
        inserted: run.inserted,
        updated: run.updated,
        unchanged: run.unchanged,
        rejected: run.rejected,
        status: statusOf(run),
      };
    },
  );

  app.get<IdRoute>('/imports/:id/rejects.csv', { schema: { params: IdParams } }, async (request, reply) => {
    const run = await imports.getRun(request.actor, request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rejected-rows-${run.id}.csv"`)
      .send(rejectsCsv(run.rejects));
  });
}
