import { defineModule } from '../definition.js';
import { INDICATORS_HOME_CARDS } from './indicators.home.js';
import { INDICATOR_IMPORTERS } from './indicators.importers.js';
import { registerIndicatorsRoutes } from './indicators.routes.js';
import { createIndicatorsService, type IndicatorsService } from './indicators.service.js';

/** Feedback loops: the indicator catalogue, values per organisation and period, and group results. */
export {
  ENGLAND,
  MEMBER_VALUE_SETTINGS,
  MIN_COHORT,
  type ChangeSince,
  type GroupResult,
  type IndicatorsService,
  type MemberValueSetting,
} from './indicators.service.js';
/** The vocabulary of indicators: units, kinds, directions, Every Child Matters outcomes, grades, and how figures and their changes read. */
export * from './indicators.domain.js';
/** How values read for people. */
export { formatValue } from './indicators.domain.js';
/** A chart of an indicator's values over periods, read as the indicator reads. */
export { indicatorChart } from './indicators.chart.js';
/** Group results as the API and command line give them. */
export { groupResultJson, groupResultsCsv } from './indicators.json.js';

declare module '../definition.js' {
  interface ServiceMap {
    indicators: IndicatorsService;
  }
}

/** Feedback loops: indicators, their values behind one gate, and a partnership's results as one group. */
export const indicatorsModule = defineModule({
  name: 'indicators',
  needs: ['landscape', 'audit'],
  createService: ({ db, services, settings }) =>
    createIndicatorsService({
      db,
      landscape: services.landscape,
      audit: services.audit,
      minRespondents: settings.minRespondents,
    }),
  routes: (app, { indicators, landscape }) => registerIndicatorsRoutes(app, indicators, landscape),
  importers: INDICATOR_IMPORTERS,
  homeCards: INDICATORS_HOME_CARDS,
  navigation: [{ text: 'Group results', href: '/groups', order: 60, alsoFor: ['/indicators'] }],
});
