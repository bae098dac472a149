import type { FastifyInstance } from 'fastify';
import { barChart } from '../../../platform/charts/charts.js';
import { AppError } from '../../../platform/http/errors.js';
import { getPrintable } from '../../../platform/http/pages.js';
import { formatNumber } from '../../../platform/http/views.js';
import { openDataCsv, openDataDictionaryCsv } from './open-data.js';
import { REPORT_DIMENSIONS, type LandscapeReport, type ReportDimension } from './report.js';
import type { LandscapeService } from '../landscape.service.js';
import { isIsoDate } from '../../../platform/http/validate.js';
import { requireSignedIn } from '../../../platform/http/require-actor.js';

const DIMENSION_LABELS: Record<ReportDimension, string> = {
  role: 'Role',
  origin: 'Origin of the role',
  category: 'Category of system leadership',
  phase: 'Phase of the school where the role is held',
  la: 'Local authority',
};

/** Reads the report's filters from a query string, reporting each bad one. */
function readFilters(query: Record<string, unknown>) {
  const by = (
    typeof query.by === 'string' && (REPORT_DIMENSIONS as readonly string[]).includes(query.by) ? query.by : 'role'
  ) as ReportDimension;
  const scope = typeof query.scope === 'string' && query.scope.trim() ? query.scope.trim().slice(0, 40) : undefined;
  const asOfRaw = typeof query.asOf === 'string' ? query.asOf.trim() : '';
  const problems: Array<{ field: string; message: string }> = [];
  if (asOfRaw && !isIsoDate(asOfRaw))
    problems.push({ field: 'asOf', message: 'The date must be a real date, like 27 3 2025' });
  return { by, scope, asOf: asOfRaw && isIsoDate(asOfRaw) ? asOfRaw : undefined, problems };
}

/** The report's counts as a bar chart (its table is above it). */
function countsChart(report: LandscapeReport) {
  if (!report.total) return null;
  const unit = report.by === 'la' ? 'System leaders' : 'Roles held';
  return barChart({
    title: `${unit} by ${DIMENSION_LABELS[report.by].toLowerCase()}`,
    unit,
    format: formatNumber,
    bars: report.rows.map((r) => ({ label: r.label, value: r.count })),
  });
}

/** The landscape report page and the list of people behind each count. */
export function registerReportPages(app: FastifyInstance, landscape: LandscapeService) {
  getPrintable(app, '/landscape', {}, async (request, reply) => {
    const filters = readFilters(request.query as Record<string, unknown>);
    const byItems = REPORT_DIMENSIONS.map((d) => ({ value: d, text: DIMENSION_LABELS[d], selected: d === filters.by }));
    const base = { title: 'The landscape of system leadership', filters, dimensions: DIMENSION_LABELS, byItems };
    let report: LandscapeReport;
    try {
      if (filters.problems.length) throw new AppError('validation', 'Some filters are not valid', filters.problems);
      report = await landscape.landscapeReport(request.actor, filters);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const errorList = (error.details ?? []).map((d) => ({
        text: d.field === 'scope' ? `No organisation has the key “${filters.scope}”` : 'As of must be a date',
        href: `#${d.field}`,
      }));
      return reply.page(
        'landscape/report/views/landscape.njk',
        { ...base, errorList, errors: Object.fromEntries((error.details ?? []).map((d) => [d.field, d.message])) },
        400,
      );
    }
    return reply.page('landscape/report/views/landscape.njk', {
      ...base,
      report,
      chart: countsChart(report),
    });
  });

  // England's figures of every dimension as open data, small numbers suppressed (see open-data.ts); for anyone signed in.
  app.get('/landscape/open-data.csv', async (request, reply) => {
    const filters = readFilters(request.query as Record<string, unknown>);
    if (filters.problems.length) throw new AppError('validation', 'Some filters are not valid', filters.problems);
    const reports = await Promise.all(
      REPORT_DIMENSIONS.map((by) => landscape.landscapeReport(request.actor, { by, asOf: filters.asOf })),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="syslead-system-leadership-${reports[0]!.asOf}.csv"`)
      .send(openDataCsv(Object.fromEntries(reports.map((r) => [r.by, r]))));
  });

  app.get('/landscape/open-data-dictionary.csv', async (request, reply) => {
    requireSignedIn(request.actor);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="syslead-system-leadership-dictionary.csv"')
      .send(openDataDictionaryCsv());
  });

  app.get('/landscape/people', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = readFilters(query);
    const key = typeof query.key === 'string' ? query.key.slice(0, 100) : '';
    if (filters.problems.length || !key) throw new AppError('validation', 'Choose a count on the landscape page first');
    const result = await landscape.landscapeReportPeople(request.actor, { ...filters, key });
    return reply.page('landscape/report/views/landscape-people.njk', {
      title: `System leaders: ${result.label}`,
      result,
      filters,
      dimensions: DIMENSION_LABELS,
    });
  });
}
