import path from 'node:path';
import { familyKeyProblem } from './modules/families/families.seal.js';

/** Everything Syslead reads from its environment, validated once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /**
   * The address people reach Syslead at (scheme, host and port, no path), for links that
   * must be absolute: the identity providers' return address and survey links. Never taken
   * from a request's Host header.
   */
  publicUrl: string;
  /** Folder of the embedded database; ignored when `databaseUrl` is set. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded database is used. */
  databaseUrl?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Mark cookies Secure even when a request arrives over plain HTTP (behind a TLS proxy). */
  cookieSecure: boolean;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  /** Sign-in attempts allowed per client address per minute. */
  signInAttemptsPerMinute: number;
  /** Administrators must set up and use two-factor sign-in. */
  requireAdminTwoFactor: boolean;
  /** Survey results from fewer respondents than this are withheld everywhere (never below 5). */
  minRespondents: number;
  /** 360 feedback of a relationship group from fewer raters than this is withheld everywhere (never below 3). */
  feedbackMinRespondents: number;
  /** The SMTP server email is sent through (smtp:// or smtps://, with any user and password); no email without it. */
  smtpUrl?: string;
  /** Who Syslead's emails come from. */
  mailFrom: string;
  /**
   * The key family records' free text is sealed with (32 bytes, base64), kept outside the
   * database; required in production. Elsewhere a published development key stands in.
   */
  familyKey: string;
  /** The key before the current one, while `syslead family-key rotate` seals everything again. */
  familyKeyPrevious?: string;
  /** Chromium, which makes the PDFs of print layouts (ADR 12); without it, people print from their browser. */
  chromiumPath: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Syslead cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Seals family text where no key is set, outside production only: it is public, so it protects nothing. */
export const DEVELOPMENT_FAMILY_KEY = 'c3lzbGVhZC1kZXZlbG9wbWVudC1mYW1pbHkta2V5ISE=';

function parseFamilyKey(name: string, raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const problem = familyKeyProblem(raw);
  if (problem) problems.push(`${name} ${problem}`);
  return problem ? undefined : raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function parseInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** The origin of an absolute http(s) address with no path, query, fragment or credentials. */
function parsePublicUrl(raw: string | undefined, fallback: string, problems: string[]): string {
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`SYSLEAD_PUBLIC_URL must be a web address such as https://syslead.example.org (got "${raw}")`);
    return fallback;
  }
  if (
    !['http:', 'https:'].includes(url.protocol) ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    raw.includes('\\')
  ) {
    problems.push(
      `SYSLEAD_PUBLIC_URL must be http:// or https:// with a host and nothing after it, such as https://syslead.example.org (got "${raw}")`,
    );
    return fallback;
  }
  return url.origin;
}

/** Reads and validates the configuration; throws a ConfigError listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const logLevel =
    env.SYSLEAD_LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : nodeEnv === 'production' ? 'info' : 'warn');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`SYSLEAD_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const port = parseInteger('PORT', env.PORT, 3000, 0, 65535, problems);
  const smtpUrl = env.SYSLEAD_SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    problems.push(
      'SYSLEAD_SMTP_URL must be an SMTP server such as smtp://mail.example.org:587 or smtps://user:password@mail.example.org',
    );
  const config: Config = {
    env: nodeEnv as Config['env'],
    host: env.SYSLEAD_HOST || '127.0.0.1',
    port,
    publicUrl: parsePublicUrl(env.SYSLEAD_PUBLIC_URL, `http://localhost:${port}`, problems),
    dataDir: path.resolve(env.SYSLEAD_DATA_DIR || './syslead-data'),
    databaseUrl,
    smtpUrl,
    mailFrom: env.SYSLEAD_MAIL_FROM || 'Syslead <syslead@localhost>',
    chromiumPath: env.SYSLEAD_CHROMIUM || '/usr/bin/chromium',
    logLevel: logLevel as Config['logLevel'],
    cookieSecure: parseBool('SYSLEAD_COOKIE_SECURE', env.SYSLEAD_COOKIE_SECURE, nodeEnv === 'production', problems),
    trustProxy: parseBool('SYSLEAD_TRUST_PROXY', env.SYSLEAD_TRUST_PROXY, false, problems),
    signInAttemptsPerMinute: parseInteger(
      'SYSLEAD_SIGN_IN_PER_MINUTE',
      env.SYSLEAD_SIGN_IN_PER_MINUTE,
      10,
      1,
      1000,
      problems,
    ),
    requireAdminTwoFactor: parseBool('SYSLEAD_ADMIN_TWO_FACTOR', env.SYSLEAD_ADMIN_TWO_FACTOR, true, problems),
    minRespondents: parseInteger('SYSLEAD_MIN_RESPONDENTS', env.SYSLEAD_MIN_RESPONDENTS, 10, 5, 1000, problems),
    feedbackMinRespondents: parseInteger(
      'SYSLEAD_FEEDBACK_MIN_RESPONDENTS',
      env.SYSLEAD_FEEDBACK_MIN_RESPONDENTS,
      3,
      3,
      1000,
      problems,
    ),
    familyKey: parseFamilyKey('SYSLEAD_FAMILY_KEY', env.SYSLEAD_FAMILY_KEY, problems) ?? DEVELOPMENT_FAMILY_KEY,
    familyKeyPrevious: parseFamilyKey('SYSLEAD_FAMILY_KEY_PREVIOUS', env.SYSLEAD_FAMILY_KEY_PREVIOUS, problems),
    ...overrides,
  };
  if (config.env === 'production' && config.familyKey === DEVELOPMENT_FAMILY_KEY)
    problems.push(
      'SYSLEAD_FAMILY_KEY must be set in production: family records are sealed with it (make one with `syslead family-key new`)',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
