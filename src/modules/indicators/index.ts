/** Feedback loops: the indicator catalogue, values per organisation and period, and group results. */
export { createIndicatorsService, ENGLAND, MEMBER_VALUE_SETTINGS, MIN_COHORT, type GroupResult, type IndicatorsService, type MemberValueSetting } from './indicators.service.js';
/** Importers of census, absence, key stage 2, Ofsted and long-format indicator files. */
export { INDICATOR_IMPORTERS } from './indicators.importers.js';
/** The vocabulary of indicators: units, kinds, directions, Every Child Matters outcomes, grades. */
export * from './indicators.domain.js';
/** How values read for people. */
export { formatValue } from './indicators.group.js';
/** Registers the indicators' JSON API and pages (catalogue, an organisation's values, group results). */
export { registerIndicatorsRoutes } from './indicators.routes.js';
/** Group results as the API and command line give them. */
export { groupResultJson, groupResultsCsv } from './indicators.json.js';
