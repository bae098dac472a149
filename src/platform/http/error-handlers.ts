import type { FastifyInstance } from 'fastify';
import { AppError, STATUS_OF } from './errors.js';
import { toAppError } from './error-mapping.js';
import { isApi } from './sign-in-gate.js';

/**
 * The one not-found handler and the one error handler: every error becomes an AppError, is
 * logged (5xx in full, the rest briefly), and answers in JSON under /api/ or to a token,
 * otherwise as the error page.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler(async () => {
    throw new AppError('not_found', 'There is no page at this address');
  });

  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    const status = STATUS_OF[appError.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    if (isApi(request) || request.authMethod === 'token') {
      return reply.code(status).send({
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details ? { details: appError.details } : {}),
        },
      });
    }
    return reply.page('error.njk', { status, message: appError.message, details: appError.details }, status);
  });
}
