import { AppError, type FieldProblem } from './errors.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(error: AjvLikeError): string {
  const path = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const missing = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof missing === 'string') return path ? `${path}.${missing}` : missing;
  return path || '(body)';
}

/** Turns schema-validation errors into one problem per field, in the order found. */
export function problemsFromValidation(errors: AjvLikeError[]): FieldProblem[] {
  return errors.map((error) => {
    let message = error.message ?? 'is not valid';
    if (error.keyword === 'additionalProperties') message = 'is not a known field';
    if (error.keyword === 'required') message = 'is required';
    return { field: fieldOf(error), message };
  });
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/**
 * Maps whatever a handler threw to an AppError: ours as they are, framework and database
 * errors to what they mean for the client, anything else to an internal error.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    code?: string;
    statusCode?: number;
    validation?: AjvLikeError[];
    message?: string;
    constraint?: string;
  };
  if (Array.isArray(e.validation)) {
    return new AppError('validation', 'Some fields are not valid', problemsFromValidation(e.validation));
  }
  if (e.statusCode === 429) return new AppError('rate_limited', 'Too many attempts; wait a minute and try again');
  if (typeof e.code === 'string') {
    if (e.code === '23505') return new AppError('conflict', 'A record with the same key already exists');
    if (e.code === '23503') return new AppError('validation', 'A referenced record does not exist');
    if (e.code === '22021' || e.code === '22P05')
      return new AppError('validation', 'A value holds a character that cannot be stored (such as a NUL byte)');
    if (e.code === '23514' || e.code === '22P02' || e.code === '22003' || e.code === '22007' || e.code === '22008') {
      return new AppError('validation', 'A value is out of range or malformed');
    }
    if (CONNECTION_CODES.has(e.code) || e.code.startsWith('08')) {
      return new AppError('unavailable', 'The database is not reachable just now; try again shortly');
    }
    if (e.code.startsWith('FST_ERR_CTP') || e.code === 'FST_ERR_VALIDATION') {
      return new AppError('validation', e.message ?? 'The request body could not be read');
    }
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 404) return new AppError('not_found', 'Not found');
    if (e.statusCode === 413) return new AppError('validation', 'The request is too large');
    if (e.statusCode === 415) return new AppError('validation', 'Unsupported content type');
    return new AppError('validation', e.message ?? 'Bad request');
  }
  if (e.message === 'Connection terminated unexpectedly' || e.message?.includes('Connection terminated')) {
    return new AppError('unavailable', 'The database is not reachable just now; try again shortly');
  }
  return new AppError('internal', 'Something went wrong on our side');
}
