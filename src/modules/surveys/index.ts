/** Voice surveys of pupils, parents and staff, answered anonymously and turned into soft indicators. */
export { createSurveysService, AUDIENCES, QUESTION_TYPES, SCALE, MAX_TEXT_ANSWER, type SurveysService } from './surveys.service.js';
/** Registers the survey pages and the anonymous answering page. */
export { registerSurveysRoutes } from './surveys.routes.js';
