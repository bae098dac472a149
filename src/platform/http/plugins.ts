import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError, summaryOf } from './errors.js';
import { databaseRateLimitStore, type RateLimitDb } from './rate-limit-store.js';
import { bodyProblems } from './validate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** The folder of the static files (the built stylesheet and browser islands), from the sources and the build alike. */
export const PUBLIC_FOLDER = path.resolve(here, '../../../public');

/**
 * What requests are read with: cookies, form and multipart bodies (and the check that their
 * fields are well formed), rate limits for the routes that ask for them, and the static files
 * (the built stylesheet and GOV.UK Frontend's assets) under /static/.
 */
export async function registerPlugins(app: FastifyInstance, db: RateLimitDb): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { attachFieldsToBody: false });
  // Counted in the database, so a limit holds across every process (see rate-limit-store.ts).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) });
  await app.register(fastifyStatic, {
    root: PUBLIC_FOLDER,
    prefix: '/static/',
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist/govuk/assets'),
    prefix: '/static/govuk/',
    decorateReply: false,
  });

  app.addHook('preValidation', async (request) => {
    const problems = bodyProblems(request.body);
    if (problems.length) throw new AppError('validation', summaryOf(problems), problems);
  });
}

/** The per-route option that limits sign-in attempts from one address. */
export function signInRateLimit(perMinute: number) {
  return { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
}
