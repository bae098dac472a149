/** What the landscape's schemas share: unions of literals, nullable and date fields, and a route's OpenAPI description. */
import { Type, type TSchema } from '@sinclair/typebox';
import { errorResponses } from '../../platform/http/api-schemas.js';

export const literalUnion = (values: readonly string[], options: object = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const IsoDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** The OpenAPI description of a route: its tag, summary, parts and answers. */
export function schemaOf(
  tag: string,
  summary: string,
  parts: { params?: TSchema; querystring?: TSchema; body?: TSchema; ok: TSchema; status?: 200 | 201 },
) {
  return {
    tags: [tag],
    summary,
    ...(parts.params ? { params: parts.params } : {}),
    ...(parts.querystring ? { querystring: parts.querystring } : {}),
    ...(parts.body ? { body: parts.body } : {}),
    response: { [parts.status ?? 200]: parts.ok, ...errorResponses },
  };
}
