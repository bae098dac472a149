/** The network of a local system: metrics, change over time and exports. */
export { createNetworkService, type NetworkService, type NetworkReport, type NetworkFilters } from './network.service.js';
/** GEXF, GraphML and CSV exports with their data dictionaries. */
export { toGexf, toGraphml, toCsvFiles } from './network.export.js';
/** Registers the network's API and pages. */
export { registerNetworkRoutes } from './network.routes.js';
/** The JSON of metrics the command line and API print. */
export { metricsJson } from './network.json.js';
