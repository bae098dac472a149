/** Brokering support: needs and offers by area, explained matches, and support requests that come only on invitation. */
export { createBrokerageService, type BrokerageService, type MatchList } from './brokerage.service.js';
/** The areas of needs and offers, and the reasons a match is weighed on. */
export { AREAS, DEFAULT_WEIGHTS, FACTORS, FACTOR_LABELS, areaOf, type Weights } from './brokerage.domain.js';
/** Registers the support pages and API (needs, offers, matches, requests, coverage). */
export { registerBrokerageRoutes } from './brokerage.routes.js';
