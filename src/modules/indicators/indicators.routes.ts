import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, IdParams, type IdRoute } from '../../platform/http/api-schemas.js';
import { getPrintable } from '../../platform/http/pages.js';
import { asFormProblem, formErrorContext, parseForm, parseQueryLeniently } from '../../platform/http/validate.js';
import type { LandscapeService } from '../landscape/index.js';
import {
  DIRECTION_LABELS,
  DIRECTIONS,
  ENGLAND_MEANS,
  KINDS,
  OUTCOME_LABELS,
  OUTCOMES,
  UNITS,
  formatValue,
  type EnglandMeaning,
  type Unit,
} from './indicators.domain.js';
import { groupResultJson, groupResultsCsv, patternJson } from './indicators.json.js';
import {
  GroupQuery,
  GroupResultView,
  GroupSettingBody,
  IndicatorCreate,
  IndicatorView,
  OrganisationValueView,
  SharedQuery,
  SharedView,
} from './indicators.schemas.js';
import { MEMBER_VALUE_SETTINGS, type IndicatorsService } from './indicators.service.js';
import { indicatorChart, trendChart } from './indicators.chart.js';

type GroupQueryT = Static<typeof GroupQuery>;
const SettingForm = Type.Object(
  { ...GroupSettingBody.properties, scope: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { additionalProperties: false },
);
const LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  description: 'Description',
  unit: 'Unit',
  kind: 'Kind',
  direction: 'Direction',
  outcome: 'Every Child Matters outcome',
  source: 'Source',
  grades: 'Grades',
};
const SETTING_LABELS: Record<string, string> = {
  inside: 'Named to everyone in the partnership (its members’ staff and its own)',
  leaders: 'Named only to the partnership’s leaders',
  'own-only': 'Each member sees only its own values beside the group’s',
};

/** What England means on a page where it is the group or the benchmark, and the way to the other meaning. */
function englandContext(meaning: EnglandMeaning = 'state-funded') {
  return {
    means: ENGLAND_MEANS[meaning],
    other:
      meaning === 'all'
        ? { value: undefined, text: 'Count state-funded schools only' }
        : { value: 'all', text: 'Count every school with results instead' },
  };
}

const items = (values: readonly string[], labels: Record<string, string> = {}, selected?: string) =>
  values.map((v) => ({ value: v, text: labels[v] ?? v, selected: v === selected }));

/** Indicators, an organisation's values, group results and shared strengths and needs: JSON API and pages. */
export function registerIndicatorsRoutes(
  app: FastifyInstance,
  indicators: IndicatorsService,
  landscape: LandscapeService,
) {
  const tags = ['indicators'];

  app.get(
    '/api/v1/indicators',
    {
      schema: {
        tags,
        summary: 'The indicator catalogue',
        response: { 200: Type.Array(IndicatorView), ...errorResponses },
      },
    },
    (request) => indicators.listIndicators(request.actor),
  );
  app.post<{ Body: Static<typeof IndicatorCreate> }>(
    '/api/v1/indicators',
    {
      schema: {
        tags,
        summary: 'Add an indicator (administrators)',
        body: IndicatorCreate,
        response: { 201: IndicatorView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await indicators.createIndicator(request.actor, { ...request.body, outcome: request.body.outcome ?? null }),
        ),
  );
  app.get<{ Querystring: GroupQueryT }>(
    '/api/v1/indicators/group',
    {
      schema: {
        tags,
        summary: 'A group’s results as one group, with spread, trend and benchmark',
        querystring: GroupQuery,
        response: { 200: Type.Array(GroupResultView), ...errorResponses },
      },
    },
    async (request) => (await indicators.groupResults(request.actor, request.query)).map(groupResultJson),
  );
  app.get<{ Querystring: Static<typeof SharedQuery> }>(
    '/api/v1/indicators/shared',
    {
      schema: {
        tags,
        summary: 'Shared strengths and shared needs of a group',
        querystring: SharedQuery,
        response: { 200: SharedView, ...errorResponses },
      },
    },
    async (request) => {
      const shared = await indicators.sharedStrengthsAndNeeds(request.actor, request.query);
      return {
        scope: shared.scope.ref,
        benchmark: shared.benchmark,
        strengths: shared.strengths.map(patternJson),
        needs: shared.needs.map(patternJson),
      };
    },
  );
  app.get<IdRoute>(
    '/api/v1/organisations/:id/indicators',
    {
      schema: {
        tags,
        summary: 'An organisation’s indicator values',
        params: IdParams,
        response: { 200: Type.Array(OrganisationValueView), ...errorResponses },
      },
    },
    async (request) => {
      await landscape.getOrganisation(request.actor, request.params.id);
      return (await indicators.organisationValues(request.actor, request.params.id)).map((v) => ({
        ...v,
        indicator: v.indicator.code,
        indicatorName: v.indicator.name,
      }));
    },
  );
  app.put<IdRoute & { Body: Static<typeof GroupSettingBody> }>(
    '/api/v1/organisations/:id/group-setting',
    {
      schema: {
        tags,
        summary: 'Who sees a partnership’s members’ values by name',
        params: IdParams,
        body: GroupSettingBody,
        response: { 200: GroupSettingBody, ...errorResponses },
      },
    },
    async (request) => {
      await indicators.setGroupSetting(request.actor, request.params.id, request.body.memberValues);
      return { memberValues: request.body.memberValues };
    },
  );

  // Pages.
  async function cataloguePage(
    actor: Parameters<IndicatorsService['listIndicators']>[0],
    extra: Record<string, unknown> = {},
  ) {
    const form = (extra.form ?? {}) as Record<string, string>;
    return {
      title: 'Indicators',
      indicators: await indicators.listIndicators(actor),
      outcomeLabels: OUTCOME_LABELS,
      directionLabels: DIRECTION_LABELS,
      unitItems: items(UNITS, {}, form.unit),
      kindItems: items(KINDS, {}, form.kind),
      directionItems: items(DIRECTIONS, DIRECTION_LABELS, form.direction),
      outcomeItems: [{ value: '', text: 'None' }, ...items(OUTCOMES, OUTCOME_LABELS, form.outcome)],
      errors: {},
      ...extra,
    };
  }

  app.get('/indicators', async (request, reply) =>
    reply.page('indicators/views/catalogue.njk', await cataloguePage(request.actor)),
  );

  app.post('/indicators', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const grades =
        typeof body.grades === 'string'
          ? body.grades
              .split('\n')
              .map((g) => g.trim())
              .filter(Boolean)
          : undefined;
      const fields = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'grades'));
      const form = parseForm(
        IndicatorCreate,
        { ...fields, published: body.published === 'true' ? 'true' : 'false' },
        { labels: LABELS },
      );
      await indicators.createIndicator(request.actor, { ...form, outcome: form.outcome ?? null, grades });
      return reply.redirect('/indicators?added=1', 303);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page(
        'indicators/views/catalogue.njk',
        await cataloguePage(request.actor, { form: body, ...formErrorContext(invalid, request) }),
        400,
      );
    }
  });

  getPrintable<IdRoute>(
    app,
    '/organisations/:id/indicators',
    { schema: { params: IdParams } },
    async (request, reply) => {
      const organisation = await landscape.getOrganisation(request.actor, request.params.id);
      const values = await indicators.organisationValues(request.actor, organisation.id);
      return reply.page('indicators/views/organisation-values.njk', {
        title: `Indicators of ${organisation.name}`,
        organisation,
        values,
        charts: await organisationCharts(organisation.name, values),
        sources: [...new Set(values.map((v) => v.indicator.source))],
        minimum: indicators.minRespondents,
      });
    },
  );

  /** A chart per indicator the organisation has values of in more than one period: its line beside England's. */
  async function organisationCharts(
    name: string,
    values: Awaited<ReturnType<IndicatorsService['organisationValues']>>,
  ) {
    const codes = [...new Set(values.map((v) => v.indicator.code))];
    const charts = await Promise.all(
      codes.map(async (code) => {
        const own = values.filter((v) => v.indicator.code === code && v.value !== null);
        if (new Set(own.map((v) => v.period)).size < 2) return [];
        const indicator = own[0]!.indicator;
        const england = await indicators.nationalFigures(code);
        const chart = indicatorChart(indicator, [
          { name, role: 'own', values: own.map((v) => ({ period: v.period, value: v.value })) },
          {
            name: 'England',
            role: 'benchmark',
            values: [...(england?.periods ?? new Map()).entries()]
              .filter(([period]) => own.some((v) => v.period === period))
              .map(([period, figure]) => ({ period, value: figure.value })),
          },
        ]);
        return chart ? [{ indicator, chart }] : [];
      }),
    );
    return charts.flat();
  }

  getPrintable(app, '/groups', {}, async (request, reply) => {
    const query = parseQueryLeniently<Partial<GroupQueryT>>(GroupQuery, request.query);
    const context: Record<string, unknown> = { title: 'Group results', query, errors: {} };
    if (!query.scope) return reply.page('indicators/views/group.njk', context);
    try {
      const results = await indicators.groupResults(request.actor, {
        ...query,
        scope: query.scope,
        indicator: undefined,
      });
      const selected = results.find((r) => r.indicator.code === query.indicator) ?? results[0];
      const selection =
        query.scope.toLowerCase() === 'england' ? null : await landscape.resolveSelection(request.actor, query.scope);
      const group = selection?.group ?? null;
      const setting = group ? await indicators.groupSetting(request.actor, group.id) : null;
      const canChangeSetting = group ? landscape.permissions(request.actor).canEditOrganisation(group.id) : false;
      const englandShown = !selection || !query.benchmark || query.benchmark.toLowerCase() === 'england';
      // The viewer's own organisations' lines beside the group's, from the values they may see.
      const own = selected
        ? await Promise.all(
            selected.own.map(async (o) => ({
              name: o.name,
              values: await indicators.series(request.actor, {
                code: selected.indicator.code,
                organisationId: o.organisationId,
              }),
            })),
          )
        : [];
      Object.assign(context, {
        england: englandShown ? englandContext(query.england) : null,
        title: `Group results: ${results[0]?.scope.name ?? query.scope}`,
        results,
        selected,
        chart: selected ? trendChart(selected, own) : null,
        ownTrend: own.map((o) => ({
          name: o.name,
          byPeriod: Object.fromEntries(
            o.values.map((v) => [
              v.period,
              formatValue(selected!.indicator.unit as Unit, selected!.indicator.grades, v.value),
            ]),
          ),
        })),
        sources: [...new Set(results.map((r) => r.indicator.source))],
        group,
        setting,
        settingItems: canChangeSetting
          ? MEMBER_VALUE_SETTINGS.map((s) => ({ value: s, text: SETTING_LABELS[s], checked: s === setting }))
          : null,
        settingLabel: setting ? SETTING_LABELS[setting] : null,
      });
      return reply.page('indicators/views/group.njk', context);
    } catch (error) {
      const invalid = asFormProblem(error);
      return reply.page('indicators/views/group.njk', { ...context, ...formErrorContext(invalid, request) }, 400);
    }
  });

  app.get('/groups/results.csv', async (request, reply) => {
    const query = parseForm(GroupQuery, request.query);
    const results = await indicators.groupResults(request.actor, query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="group-results.csv"')
      .send(groupResultsCsv(results));
  });

  app.get('/groups/shared', async (request, reply) => {
    const query = parseQueryLeniently<Partial<Static<typeof SharedQuery>>>(SharedQuery, request.query);
    if (!query.scope) return reply.redirect('/groups', 303);
    const shared = await indicators.sharedStrengthsAndNeeds(request.actor, { ...query, scope: query.scope });
    return reply.page('indicators/views/shared.njk', {
      title: `Shared strengths and needs: ${shared.scope.name}`,
      shared,
      query,
      england: !query.benchmark || query.benchmark.toLowerCase() === 'england' ? englandContext(query.england) : null,
    });
  });

  app.post<IdRoute>('/organisations/:id/group-setting', { schema: { params: IdParams } }, async (request, reply) => {
    const form = parseForm(SettingForm, request.body);
    await indicators.setGroupSetting(request.actor, request.params.id, form.memberValues);
    return reply.redirect(`/groups?scope=${encodeURIComponent(form.scope ?? `org:${request.params.id}`)}`, 303);
  });
}
