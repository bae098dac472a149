import { Ajv, type Options } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, removeAdditional: false, useDefaults: true, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * Validators for route schemas. Query strings and path parameters arrive as text, so they
 * are converted to the schema's types; JSON bodies are not converted at all, so a null stays
 * null (clearing a value) and a string where a number belongs is reported, not guessed at.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const converting = createAjv({ coerceTypes: 'array' });
  const strict = createAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : converting).compile(schema as object);
}
