import type { FastifyServerOptions } from 'fastify';

/** Structured JSON logs that never carry credentials: cookies, tokens and form bodies are left out. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'req.body', '*.password', '*.token'],
      censor: '[hidden]',
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        // Query strings may carry search terms but never secrets; sign-in uses the body.
        return { method: request.method, url: request.url, ip: request.ip };
      },
    },
  };
}
