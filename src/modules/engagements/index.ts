/** Support engagements: mandate, phases, actions, check-ins, baselines and targets, and their impact read as contribution. */
export { createEngagementsService, type EngagementsService } from './engagements.service.js';
/** Kinds of engagement and their phases. */
export { ENGAGEMENT_TYPES, PHASE_LABELS, phasesOf } from './engagements.domain.js';
/** Registers the engagement pages and API. */
export { registerEngagementsRoutes } from './engagements.routes.js';
