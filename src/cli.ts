import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { BackupError, restorePglite, restorePostgres } from './platform/db/backup.js';
import { DataFolderInUseError } from './platform/db/data-folder-lock.js';
import { AppError } from './platform/http/errors.js';
import type { Actor } from './platform/http/http-platform.js';
import type { DemoResult } from './modules/demo/index.js';
import { metricsJson, toCsvFiles, toGexf, toGraphml } from './modules/network/index.js';
import { CsvFileError, rejectsCsv, type ImportSummary } from './modules/imports/index.js';
import {
  RELATIONSHIP_TYPE_CODES,
  REPORT_DIMENSIONS,
  type LandscapeReport,
  type ReportDimension,
} from './modules/landscape/index.js';
import { isIsoDate } from './platform/http/validate.js';
import { isPeriod } from './shared/period.js';
import { ENGLAND_MEANINGS, groupResultJson, groupResultsCsv, type EnglandMeaning } from './modules/indicators/index.js';
import { toCsv } from './platform/csv/csv-writer.js';
import { newFamilyKey } from './modules/families/index.js';
import { defaultWorkers, serve } from './serve.js';
import { createServices, openMigratedDatabase } from './services.js';
import { moveDataVersionPast, readDataVersion } from './db/data-version.js';
import type { Database } from './db/database.js';
import { openDatabase } from './platform/db/database.js';

/** Whoever can run the command line owns the installation and acts as an administrator. */
const COMMAND_LINE: Actor = {
  userId: 0,
  email: 'command-line',
  name: 'Syslead command line',
  isAdmin: true,
  mustChangePassword: false,
  memberships: [],
  via: 'cli',
};

const USAGE = `Usage: syslead <command> [options]

Commands:
  serve [--port N] [--workers N]             Start the web application (migrates; loads the demo system into an empty database);
                                             --workers: processes sharing the port (default one per core on PostgreSQL, one on
                                             the embedded database, which only one process may open)
  migrate                                    Bring the database schema up to date
  demo [--force]                             Load the demo local system (--force replaces what is there)
  user add --email E --name N [--admin]      Create an account and print its one-time password
  user reset-password --email E              Give an account a new one-time password
  user reset-two-factor --email E            Turn off an account's two-factor sign-in (it is set up again at next sign-in for administrators)
  token create --email E [--name N] [--scope read|write]
                                             Create a personal access token (printed on the last line); read (the
                                             default) may only GET, write may do all the account may
  import <kind> <file> [--period P] [--json] [--rejects F] [--progress]
                                             Import a file; kinds: gias, gias-links, gias-minimal, dfe-mats, roles,
                                             dfe-census, dfe-absence, dfe-ks2, ofsted, indicator-values
                                             (--period: the academic year of an indicator file whose name does not say, e.g. 2018/19;
                                             --progress: progress lines even when output is not a terminal)
  broker --urn URN --need AREA [--scope KEY] [--include-falling] [--limit N] [--format json]
                                             Schools that could help a school with a need, best first, with their reasons
  indicators group --scope KEY [--indicator CODE] [--period P] [--benchmark KEY] [--england state-funded|all] [--format json|csv]
                                             A group's results as one group (KEY: england, LA code, URN, trust UID, or several with commas;
                                             England: state-funded schools, as the Department for Education counts it, unless --england all)
  report landscape --by role|origin|category|phase|la [--scope KEY] [--as-of YYYY-MM-DD] [--format table|csv|json]
                                             Count system-leadership roles (KEY: LA code, URN, or trust/federation UID)
  sso add --domain D --issuer URL --client-id ID --client-secret S [--label L]
                                             Let people of an email domain sign in through their organisation's OpenID Connect service
  sso list                                   The identity providers set up, by email domain
  backup <file>                              Write a backup of the whole database (stop the server first on the embedded database)
  restore <file>                             Replace the database with a backup (the embedded one keeps the old folder beside it)
  family-key new                             Print a new key for SYSLEAD_FAMILY_KEY, which seals family records' free text
  family-key rotate                          Seal all family text again with SYSLEAD_FAMILY_KEY, opening what is sealed with
                                             SYSLEAD_FAMILY_KEY_PREVIOUS (set both; backups keep the text sealed)
  person export --id N                       Print everything held about a person (subject access request)
  person erase --id N                        Erase a person and their roles (the audit trail records it)
  network metrics [--scope KEY] [--as-of DATE] [--type T]... [--format json|csv]
                                             Degree, brokerage, communities and isolation of the network
  network export --format gexf|graphml|csv [--edges simple|mixed] [--scope KEY] [--as-of DATE] [--type T]... --out PATH
                                             Write the network for Gephi (for csv, PATH is a folder)

The database is the embedded one in SYSLEAD_DATA_DIR (default ./syslead-data),
or the PostgreSQL server in DATABASE_URL when that is set.`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function printDemo(result: DemoResult, url: string) {
  console.log(
    `Loaded the demo local system: ${result.organisations} organisations, ${result.people} people, ${result.roleAssignments} system-leadership roles, ${result.relationships} relationships,`,
  );
  console.log(
    `${result.indicatorValues} indicator values over three years and a pupil voice survey with ${result.surveyResponses} responses.`,
  );
  console.log(`Sign in at ${url}/sign-in with one of these one-time passwords (you will be asked to choose your own;`);
  console.log('the administrator also sets up two-factor sign-in with an authenticator app).');
  console.log('Each account plays one part of the support journey; sign in as each in turn, or in separate browsers:');
  for (const a of result.accounts) console.log(`  ${a.email.padEnd(26)} ${a.password}\n      ${a.role}`);
}

/** A one-line progress bar on a terminal; with `always`, plain lines when output is piped (for logs). */
function createProgress(label: string, always = false) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update({ rowsRead, bytesRead, totalBytes }: { rowsRead: number; bytesRead: number; totalBytes: number }) {
      if (!tty && always) {
        process.stderr.write(`${label}: ${rowsRead} rows read\n`);
        return;
      }
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      const share = totalBytes ? bytesRead / totalBytes : 0;
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      process.stderr.write(
        `\r${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${rowsRead.toLocaleString('en-GB')} rows`,
      );
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

function printImport(summary: ImportSummary, json: boolean) {
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(
    `${summary.kind}: ${summary.rowsRead} rows read, ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected.`,
  );
  for (const [key, value] of Object.entries(summary.details)) console.log(`  ${key}: ${value}`);
  for (const reject of summary.rejects.slice(0, 20)) console.log(`  line ${reject.line}: ${reject.reason}`);
  if (summary.rejects.length > 20)
    console.log(`  … and ${summary.rejects.length - 20} more (use --rejects <file> for all)`);
}

function formatReport(report: LandscapeReport, format: 'table' | 'csv' | 'json'): string {
  if (format === 'json')
    return JSON.stringify(
      { by: report.by, asOf: report.asOf, scope: report.scope, rows: report.rows, total: report.total },
      null,
      2,
    );
  const la = report.by === 'la';
  const header = [
    'key',
    'label',
    ...(report.by === 'role' ? ['origin'] : []),
    'count',
    'percent',
    ...(la ? ['open_schools', 'schools_with_leaders', 'schools_with_leaders_percent'] : []),
  ];
  const rows = report.rows.map((r) => [
    r.key,
    r.label,
    ...(report.by === 'role' ? [r.origin ?? ''] : []),
    String(r.count),
    r.percent.toFixed(1),
    ...(la
      ? [String(r.schools ?? 0), String(r.schoolsWithLeaders ?? 0), (r.schoolsWithLeadersPercent ?? 0).toFixed(1)]
      : []),
  ]);
  const totalRow = [
    'total',
    'Total',
    ...(report.by === 'role' ? [''] : []),
    String(report.total),
    report.total ? '100.0' : '0.0',
    ...(la ? ['', '', ''] : []),
  ];
  if (format === 'csv') return toCsv(header, [...rows, totalRow]).trimEnd();
  const table = [header, ...rows, totalRow];
  const widths = header.map((_, i) => table.reduce((widest, r) => Math.max(widest, r[i]!.length), 0));
  const numeric = (i: number) => i >= header.indexOf('count');
  const line = (r: string[]) =>
    r.map((v, i) => (numeric(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  const title = `System-leadership roles by ${report.by}${report.scope ? ` in ${report.scope.name}` : ''}, held on ${report.asOf}`;
  return [title, '', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), line(totalRow)].join(
    '\n',
  );
}

/** The version of the data a PostgreSQL database is at (0 when it has none yet). */
async function versionBefore(databaseUrl: string): Promise<number> {
  const handle = await openDatabase<Database>({ databaseUrl });
  try {
    return await readDataVersion(handle.db);
  } catch {
    return 0;
  } finally {
    await handle.close();
  }
}

async function withServices<T>(
  config: Config,
  work: (services: ReturnType<typeof createServices>) => Promise<T>,
): Promise<T> {
  const handle = await openMigratedDatabase(config);
  try {
    return await work(
      createServices(handle.db, {
        requireAdminTwoFactor: config.requireAdminTwoFactor,
        minRespondents: config.minRespondents,
        feedbackMinRespondents: config.feedbackMinRespondents,
        publicUrl: config.publicUrl,
        familyKey: config.familyKey,
        familyKeyPrevious: config.familyKeyPrevious,
      }),
    );
  } finally {
    await handle.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const args = (list: string[], options: ParseArgsConfig['options']) =>
    parseArgs({ args: list, options, allowPositionals: false, strict: true }).values as Record<string, unknown>;

  switch (command) {
    case 'serve': {
      const values = args(
        [sub, ...rest].filter((a): a is string => a !== undefined),
        { port: { type: 'string' }, workers: { type: 'string' } },
      );
      const port = values.port === undefined ? config.port : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError('--port must be a whole number from 0 to 65535');
      const workers = values.workers === undefined ? defaultWorkers(config) : Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64)
        throw new UsageError('--workers must be a whole number from 1 to 64');
      if (workers > 1 && !config.databaseUrl)
        throw new UsageError(
          'The embedded database is opened by one process only: set DATABASE_URL to a PostgreSQL server to run more than one worker',
        );
      await serve(config, { port, workers, actor: COMMAND_LINE, printDemo });
      return -1;
    }
    case 'migrate':
      await withServices(config, async () => console.log('The database schema is up to date.'));
      return 0;
    case 'demo': {
      const values = args(
        [sub, ...rest].filter((a): a is string => a !== undefined),
        { force: { type: 'boolean' } },
      );
      const result = await withServices(config, (s) => s.demo.load(COMMAND_LINE, { force: values.force === true }));
      printDemo(result, `http://localhost:${config.port}`);
      return 0;
    }
    case 'user': {
      if (sub === 'add') {
        const values = args(rest, { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } });
        const user = await withServices(config, (s) =>
          s.accounts.createUser({
            email: required(values, 'email'),
            name: required(values, 'name'),
            isAdmin: values.admin === true,
          }),
        );
        console.log(
          `Created ${user.email}${values.admin ? ' (administrator)' : ''}. One-time password (to be changed at first sign-in):`,
        );
        console.log(user.password);
        return 0;
      }
      if (sub === 'reset-password') {
        const values = args(rest, { email: { type: 'string' } });
        const password = await withServices(config, (s) => s.accounts.resetPassword(required(values, 'email')));
        console.log(
          "New one-time password (to be changed at next sign-in); the account's sessions have ended and its tokens are revoked:",
        );
        console.log(password);
        return 0;
      }
      if (sub === 'reset-two-factor') {
        const values = args(rest, { email: { type: 'string' } });
        await withServices(config, (s) => s.accounts.resetSecondFactor(COMMAND_LINE, required(values, 'email')));
        console.log('Two-factor sign-in is off for that account; its sessions have ended and its tokens are revoked.');
        return 0;
      }
      throw new UsageError('Use "user add", "user reset-password" or "user reset-two-factor"');
    }
    case 'token': {
      if (sub !== 'create') throw new UsageError('Use "token create"');
      const values = args(rest, { email: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } });
      const scope = values.scope ?? 'read';
      if (scope !== 'read' && scope !== 'write') throw new UsageError('--scope must be read or write');
      const created = await withServices(config, (s) =>
        s.accounts.createTokenForEmail(
          required(values, 'email'),
          typeof values.name === 'string' ? values.name : 'command line',
          scope,
        ),
      );
      console.log(
        `Created token "${created.record.name}" (${scope === 'read' ? 'read only' : 'read and write'}). Send it as "Authorization: Bearer <token>"; it is shown only now:`,
      );
      console.log(created.token);
      return 0;
    }
    case 'import': {
      const values = args(rest.slice(1), {
        json: { type: 'boolean' },
        rejects: { type: 'string' },
        progress: { type: 'boolean' },
        period: { type: 'string' },
      });
      const file = rest[0];
      if (!sub || !file) throw new UsageError('Give the kind of file and its path: syslead import <kind> <file>');
      if (!fs.existsSync(file)) throw new UsageError(`There is no file at ${file}`);
      const progress = createProgress(`Importing ${sub}`, values.progress === true);
      const period = values.period as string | undefined;
      if (period !== undefined && !isPeriod(period))
        throw new UsageError('--period must be an academic year such as 2018/19, or a term such as 2018/19 autumn');
      const summary = await withServices(config, (s) =>
        s.imports.importFile(COMMAND_LINE, sub, file, { onProgress: progress.update, period }),
      );
      progress.done();
      if (typeof values.rejects === 'string') fs.writeFileSync(values.rejects, rejectsCsv(summary.rejects));
      printImport(summary, values.json === true);
      return 0;
    }
    case 'broker': {
      const values = args(
        [sub, ...rest].filter((a): a is string => a !== undefined),
        {
          urn: { type: 'string' },
          need: { type: 'string' },
          scope: { type: 'string' },
          'include-falling': { type: 'boolean' },
          limit: { type: 'string' },
          format: { type: 'string' },
        },
      );
      if ((values.format ?? 'json') !== 'json') throw new UsageError('--format must be json');
      const urn = required(values, 'urn');
      if (!/^\d{6}$/.test(urn)) throw new UsageError('--urn must be a six-digit URN');
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new UsageError('--limit must be a whole number from 1 to 200');
      const list = await withServices(config, async (s) => {
        const school = await s.landscape.resolveSelection(COMMAND_LINE, urn);
        return s.brokerage.matches(COMMAND_LINE, {
          organisationId: school.ids[0]!,
          area: required(values, 'need'),
          scope: values.scope as string | undefined,
          includeFalling: values['include-falling'] === true,
          limit,
        });
      });
      console.log(
        JSON.stringify(
          {
            need: list.need,
            weights: list.weights,
            matches: list.matches.map(({ ref, name, score, reasons, falling }) => ({
              ref,
              name,
              score,
              reasons,
              falling,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    case 'indicators': {
      if (sub !== 'group') throw new UsageError('Use "indicators group"');
      const values = args(rest, {
        scope: { type: 'string' },
        indicator: { type: 'string' },
        period: { type: 'string' },
        benchmark: { type: 'string' },
        england: { type: 'string' },
        format: { type: 'string' },
      });
      const format = String(values.format ?? 'json');
      const england = (values.england ?? 'state-funded') as EnglandMeaning;
      if (!ENGLAND_MEANINGS.includes(england)) throw new UsageError('--england must be state-funded or all');
      if (!['json', 'csv'].includes(format)) throw new UsageError('--format must be json or csv');
      const period = values.period as string | undefined;
      if (period !== undefined && !isPeriod(period))
        throw new UsageError('--period must be an academic year such as 2022/23, or a term such as 2022/23 autumn');
      const options = {
        scope: required(values, 'scope'),
        indicator: values.indicator as string | undefined,
        period,
        benchmark: values.benchmark as string | undefined,
        england,
      };
      const results = await withServices(config, (s) => s.indicators.groupResults(COMMAND_LINE, options));
      if (format === 'csv') console.log(groupResultsCsv(results).trimEnd());
      else if (options.indicator) console.log(JSON.stringify(results[0] ? groupResultJson(results[0]) : null, null, 2));
      else console.log(JSON.stringify(results.map(groupResultJson), null, 2));
      return 0;
    }
    case 'report': {
      if (sub !== 'landscape') throw new UsageError('Use "report landscape"');
      const values = args(rest, {
        by: { type: 'string' },
        scope: { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
      });
      const by = values.by ?? 'role';
      if (!(REPORT_DIMENSIONS as readonly string[]).includes(String(by)))
        throw new UsageError(`--by must be one of ${REPORT_DIMENSIONS.join(', ')}`);
      const format = values.format ?? 'table';
      if (!['table', 'csv', 'json'].includes(String(format)))
        throw new UsageError('--format must be table, csv or json');
      const asOf = values['as-of'] as string | undefined;
      if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError('--as-of must be a date written YYYY-MM-DD');
      const report = await withServices(config, (s) =>
        s.landscape.landscapeReport(COMMAND_LINE, {
          by: by as ReportDimension,
          scope: values.scope as string | undefined,
          asOf,
        }),
      );
      console.log(formatReport(report, format as 'table' | 'csv' | 'json'));
      return 0;
    }
    case 'sso': {
      if (sub === 'list') {
        const providers = await withServices(config, (s) => s.accounts.sso.listProviders());
        for (const p of providers) console.log(`${p.emailDomain}  ${p.label}  ${p.issuer}  (client ${p.clientId})`);
        if (providers.length === 0) console.log('No identity provider is set up.');
        return 0;
      }
      if (sub !== 'add') throw new UsageError('Use "sso add" or "sso list"');
      const values = args(rest, {
        domain: { type: 'string' },
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        label: { type: 'string' },
      });
      const domain = required(values, 'domain');
      await withServices(config, (s) =>
        s.accounts.sso.addProvider({
          emailDomain: domain,
          issuer: required(values, 'issuer'),
          clientId: required(values, 'client-id'),
          clientSecret: required(values, 'client-secret'),
          label: typeof values.label === 'string' ? values.label : domain,
        }),
      );
      console.log(
        `People with an address at ${domain} can now sign in through ${values.issuer}. Register ${config.publicUrl}/sign-in/sso/callback as the redirect address there (SYSLEAD_PUBLIC_URL sets the first part).`,
      );
      return 0;
    }
    case 'backup': {
      if (!sub) throw new UsageError('Give the file to write: syslead backup <file>');
      const handle = await openMigratedDatabase(config);
      try {
        await handle.backup(sub);
      } finally {
        await handle.close();
      }
      console.log(`Backed up the ${handle.kind === 'pglite' ? 'embedded database' : 'PostgreSQL database'} to ${sub}.`);
      return 0;
    }
    case 'restore': {
      if (!sub || !fs.existsSync(sub)) throw new UsageError('Give the backup file to restore: syslead restore <file>');
      let before = 0;
      if (config.databaseUrl) {
        // Servers may be running on it, with reads kept by the version of the data (ADR 10).
        before = await versionBefore(config.databaseUrl);
        await restorePostgres(config.databaseUrl, sub);
      } else {
        const kept = await restorePglite(config.dataDir, sub);
        if (kept) console.log(`The data that was there is kept in ${kept}.`);
      }
      const handle = await openMigratedDatabase(config);
      try {
        await moveDataVersionPast(handle.db, before);
      } finally {
        await handle.close();
      }
      console.log(`Restored ${sub}.`);
      return 0;
    }
    case 'family-key': {
      if (sub === 'new') {
        console.log(newFamilyKey());
        return 0;
      }
      if (sub !== 'rotate') throw new UsageError('Use "family-key new" or "family-key rotate"');
      if (!config.familyKeyPrevious)
        throw new UsageError(
          'Set SYSLEAD_FAMILY_KEY to the new key and SYSLEAD_FAMILY_KEY_PREVIOUS to the key in use until now, then run this again',
        );
      const resealed = await withServices(config, (services) => services.families.rotateKey(COMMAND_LINE));
      console.log(
        `Sealed ${resealed} family text${resealed === 1 ? '' : 's'} again with the new key. SYSLEAD_FAMILY_KEY_PREVIOUS can now be removed.`,
      );
      return 0;
    }
    case 'person': {
      if (sub !== 'export' && sub !== 'erase') throw new UsageError('Use "person export" or "person erase"');
      const values = args(rest, { id: { type: 'string' } });
      const id = Number(values.id);
      if (!Number.isInteger(id) || id < 1) throw new UsageError('--id must be the number of a person');
      if (sub === 'export') {
        console.log(
          JSON.stringify(await withServices(config, (s) => s.landscape.exportPersonData(COMMAND_LINE, id)), null, 2),
        );
      } else {
        const result = await withServices(config, (s) => s.landscape.erasePerson(COMMAND_LINE, id));
        console.log(`Erased person ${id} and ${result.roleAssignments} role assignments.`);
      }
      return 0;
    }
    case 'network': {
      if (sub !== 'metrics' && sub !== 'export') throw new UsageError('Use "network metrics" or "network export"');
      const values = args(rest, {
        scope: { type: 'string' },
        'as-of': { type: 'string' },
        type: { type: 'string', multiple: true },
        format: { type: 'string' },
        edges: { type: 'string' },
        out: { type: 'string' },
      });
      const asOf = values['as-of'] as string | undefined;
      if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError('--as-of must be a date written YYYY-MM-DD');
      const types = (values.type as string[] | undefined) ?? [];
      const unknown = types.filter((t) => !(RELATIONSHIP_TYPE_CODES as string[]).includes(t));
      if (unknown.length)
        throw new UsageError(`Unknown tie type ${unknown.join(', ')}; use ${RELATIONSHIP_TYPE_CODES.join(', ')}`);
      const format = String(values.format ?? (sub === 'metrics' ? 'json' : ''));
      const formats = sub === 'metrics' ? ['json', 'csv'] : ['gexf', 'graphml', 'csv'];
      if (!formats.includes(format)) throw new UsageError(`--format must be ${formats.join(', ')}`);
      const edges = String(values.edges ?? 'simple');
      if (edges !== 'simple' && edges !== 'mixed') throw new UsageError('--edges must be simple or mixed');
      const out = values.out as string | undefined;
      if (sub === 'export' && !out) throw new UsageError('--out is required');
      const report = await withServices(config, (s) =>
        s.network.reportNow(COMMAND_LINE, { scope: values.scope as string | undefined, asOf, types }),
      );
      if (sub === 'metrics') {
        console.log(
          format === 'json' ? JSON.stringify(metricsJson(report), null, 2) : toCsvFiles(report)['nodes.csv'].trimEnd(),
        );
        return 0;
      }
      if (format === 'csv') {
        fs.mkdirSync(out!, { recursive: true });
        for (const [name, content] of Object.entries(toCsvFiles(report)))
          fs.writeFileSync(path.join(out!, name), content);
      } else {
        fs.writeFileSync(out!, format === 'gexf' ? toGexf(report, edges) : toGraphml(report, edges));
      }
      console.log(`Wrote ${report.summary.nodes} organisations and ${report.summary.edges} ties to ${out}.`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/**
 * Ends the process once everything written to standard output and error has reached the other
 * end: a pipe takes output asynchronously, and exiting at once would cut off what is still queued.
 */
async function exitWhenWritten(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))),
  );
  process.exit(code);
}

/** Runs the command line and turns known failures into a message and an exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) await exitWhenWritten(code);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      await exitWhenWritten(2);
    }
    if (
      error instanceof ConfigError ||
      error instanceof DataFolderInUseError ||
      error instanceof AppError ||
      error instanceof CsvFileError ||
      error instanceof BackupError
    ) {
      console.error((error as Error).message);
      if (error instanceof AppError && error.details)
        for (const d of error.details) console.error(`  - ${d.field}: ${d.message}`);
      await exitWhenWritten(1);
    }
    console.error(error);
    await exitWhenWritten(1);
  }
}
