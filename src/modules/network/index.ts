import { defineModule } from '../definition.js';
import { connectednessHealth } from './network.health.js';
import { registerNetworkRoutes } from './network.routes.js';
import { createNetworkService, NATIONAL_NETWORK_QUEUE, type NetworkService } from './network.service.js';

/** The network of a local system: metrics, change over time and exports. */
export { type NetworkService, type NetworkReport, type NetworkFilters } from './network.service.js';
/** GEXF, GraphML and CSV exports with their data dictionaries. */
export {
  toGexf,
  toGraphml,
  toCsvFiles,
  writeGexf,
  writeGraphml,
  GRAPH_FORMATS,
  type Column,
  type EdgeMode,
  type ExportGraph,
} from './network.export.js';
/** The map's data for the network map island, from a report or any graph of organisations. */
export { mapData, type MapGraph } from './network.map.js';
export { EdgesQuery, NetworkGraphView } from './network.schemas.js';
/** The JSON of metrics the command line and API print. */
export { metricsJson } from './network.json.js';

declare module '../definition.js' {
  interface ServiceMap {
    network: NetworkService;
  }
}

/** The network view of a local system: its ties, brokers, communities and isolated schools. */
export const networkModule = defineModule({
  name: 'network',
  needs: ['landscape'],
  createService: ({ db, services, jobs }) => createNetworkService({ db, landscape: services.landscape, jobs }),
  routes: (app, { network }) => registerNetworkRoutes(app, network),
  jobs: {
    [NATIONAL_NETWORK_QUEUE]: {
      expireInSeconds: 10 * 60,
      retryLimit: 2,
      run: ({ network }) => network.computeNational(),
    },
  },
  navigation: [{ text: 'Network', href: '/network', order: 40 }],
  health: [connectednessHealth],
});
