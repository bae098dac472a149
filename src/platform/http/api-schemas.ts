import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The error body every API route may answer with. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});

/** Standard error responses for an API route's schema. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

/** A record's id in a path, e.g. /organisations/:id. */
/** A schema, or null. */
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A calendar date as the API writes it. */
export const IsoDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export type IdRoute = { Params: Static<typeof IdParams> };

/** Page and page size of a list request. */
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
};

/** The envelope of a paginated list. */
export function PageOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    perPage: Type.Integer(),
  });
}

const BASE = 'http://syslead.invalid';

/**
 * Picks a safe place to return to after signing in: a path on this site only. Anything a
 * browser could read as another host is refused: a scheme, `//` or `/\` at the start, any
 * backslash (browsers read it as a slash), and control characters (browsers drop tab, CR
 * and LF from addresses, so `/<tab>/evil.example` would become `//evil.example`).
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  let resolved: URL;
  try {
    resolved = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (resolved.origin !== BASE || resolved.pathname.startsWith('//')) return '/';
  return next;
}
