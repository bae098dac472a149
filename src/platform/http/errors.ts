/** The kinds of failure a service may report; the HTTP layer maps each to one status. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'csrf'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One field's problem: where (`field`), which rule it broke (`rule`, for programs) and a sentence for a person. */
export interface FieldProblem {
  field: string;
  rule?: string;
  message: string;
}

/** The one-line message of a validation error: its only problem, or how many there are and each in turn. */
export function summaryOf(problems: FieldProblem[]): string {
  if (problems.length === 1) return problems[0]!.message;
  return `There are ${problems.length} problems: ${problems.map((p) => p.message.replace(/\.$/, '')).join('; ')}`;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}

export const STATUS_OF: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** A record the caller asked for by id does not exist (or is not theirs to see). */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} was not found`);
}
