import { AppError, summaryOf, type FieldProblem } from './errors.js';
import { messageFor } from './problem-messages.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
  /** With Ajv's `verbose`: the schema holding the broken keyword, and the value. */
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

function fieldOf(error: AjvLikeError): string {
  const path = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const missing = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof missing === 'string') return path ? `${path}.${missing}` : missing;
  return path || '(body)';
}

/** The schema of the field an error is about (for a missing property, that property's own). */
function fieldSchema(error: AjvLikeError): Record<string, unknown> | undefined {
  const missing = error.params?.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string')
    return (error.parentSchema?.properties as Record<string, Record<string, unknown>> | undefined)?.[missing];
  return error.parentSchema;
}

/**
 * Turns schema-validation errors into one problem per field, in the order found, in a person's
 * words. Ajv reports a value refused by a nullable field once per branch (not null; too long;
 * matches neither): the branch that says what is wrong is the one kept.
 */
export function problemsFromValidation(errors: AjvLikeError[]): FieldProblem[] {
  const byField = new Map<string, AjvLikeError[]>();
  for (const error of errors) byField.set(fieldOf(error), [...(byField.get(fieldOf(error)) ?? []), error]);
  return [...byField].map(([field, found]) => {
    const telling = found.filter(
      (e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !(e.keyword === 'type' && e.params?.type === 'null'),
    );
    const union = found.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    // Only literals to choose from: the choice as a whole is the problem.
    const chosen = telling.length && !telling.every((e) => e.keyword === 'const') ? telling[0]! : (union ?? found[0]!);
    const title = found.map((e) => fieldSchema(e)?.title).find((t) => typeof t === 'string');
    const schema = { ...(title ? { title } : {}), ...fieldSchema(chosen) };
    const keyword = chosen.keyword ?? 'type';
    return { field, rule: keyword, message: messageFor(field, { keyword, schema, value: chosen.data }) };
  });
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/** What the web framework's own refusals mean, for a person reading the API's answer. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: check for a missing quote, comma or bracket',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty: send a JSON object, or leave out the JSON content type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send a form or a JSON object: this kind of content is not taken here',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request’s stated length does not match its body',
  FST_ERR_BAD_URL: 'The address is not valid',
};

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
    const problems = problemsFromValidation(e.validation);
    return new AppError('validation', summaryOf(problems), problems);
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
    if (e.code in FRAMEWORK_MESSAGES) return new AppError('validation', FRAMEWORK_MESSAGES[e.code]!);
    if (e.code.startsWith('FST_ERR_CTP') || e.code === 'FST_ERR_VALIDATION')
      return new AppError('validation', 'The request could not be read: send a form or a JSON object');
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 404) return new AppError('not_found', 'Not found');
    if (e.statusCode === 413) return new AppError('validation', 'The request is too large');
    if (e.statusCode === 415) return new AppError('validation', 'Unsupported content type');
    return new AppError(
      'validation',
      'The request could not be read: check it against the API’s description at /api/v1/openapi.json',
    );
  }
  if (e.message === 'Connection terminated unexpectedly' || e.message?.includes('Connection terminated')) {
    return new AppError('unavailable', 'The database is not reachable just now; try again shortly');
  }
  return new AppError('internal', 'Something went wrong on our side');
}
