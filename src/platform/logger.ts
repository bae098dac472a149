import type { FastifyServerOptions } from 'fastify';

/** Query parameters whose values are credentials wherever they appear: sign-in codes, states, tokens. */
const SECRET_PARAMETER =
  /^(code|state|token|nonce|access_token|id_token|refresh_token|session_state|code_verifier|client_secret)$/i;
/** Paths whose whole query string is a credential: the identity provider's answer. */
const SECRET_QUERY_PATHS = ['/sign-in/sso/callback'];
const HIDDEN = '[hidden]';

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Whether a request path is the anonymous survey-answering page `/s/<token>`, however it is
 * spelt (case, extra slashes, percent-encoding): its token and the address answering are never logged.
 */
export function isAnsweringPath(url: string): boolean {
  return /^\/+s(\/|$)/i.test(decodedPath(url.split('?')[0]!));
}

/** An invitation link's path, `/invitations/<token>[/…]`, its token hidden; other paths unchanged. */
function withoutInvitationToken(path: string): string {
  return decodedPath(path).replace(/^(\/+invitations\/+)[^/]+/i, `$1${HIDDEN}`);
}

/**
 * A request address safe to log: the token of an answering link or an invitation is hidden
 * (in the path, or in a `next` address that leads back to it), the sign-in
 * callback's query is hidden whole, and any `code`, `state` or `token` parameter (and their
 * kin) keeps its name but not its value.
 */
export function safeUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? null : url.slice(at + 1);
  const shownPath = isAnsweringPath(path)
    ? `/s/${HIDDEN}`
    : /^\/+invitations\//i.test(decodedPath(path))
      ? withoutInvitationToken(path)
      : path;
  if (query === null) return shownPath;
  if (SECRET_QUERY_PATHS.includes(decodedPath(path).replace(/\/+$/, '').toLowerCase())) return `${shownPath}?${HIDDEN}`;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = decodedPath((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodedPath(part.slice(eq + 1).replace(/\+/g, ' '));
    const secret = SECRET_PARAMETER.test(name.trim()) || /\/invitations\//i.test(value);
    return secret ? `${eq < 0 ? part : part.slice(0, eq)}=${HIDDEN}` : part;
  });
  return `${shownPath}?${parts.join('&')}`;
}

/** Where log lines go instead of standard output (tests capture them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * Structured JSON logs that never carry credentials: cookies, tokens and form bodies are left
 * out, and so are survey link tokens, sign-in codes and the address of anyone answering a survey.
 */
export function loggerOptions(level: string, stream?: LogStream): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'req.body',
        '*.password',
        '*.token',
      ],
      censor: HIDDEN,
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        const url = safeUrl(request.url);
        // Answering a survey is anonymous: no address, so no log line ties an answer to a connection.
        return isAnsweringPath(request.url)
          ? { method: request.method, url }
          : { method: request.method, url, ip: request.ip };
      },
    },
  };
}
