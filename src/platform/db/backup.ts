import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { lockDataFolder } from './data-folder-lock.js';
import { JOB_SCHEMA } from '../jobs/job-queue.js';

const run = promisify(execFile);

export class BackupError extends Error {}

/** Which kind of backup a file holds, from its first bytes. */
function kindOfBackup(file: string): 'pglite' | 'postgres' | undefined {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(5);
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  return undefined;
}

/** Runs pg_dump or pg_restore, turning a missing tool or a failure into a clear message. */
async function tool(name: 'pg_dump' | 'pg_restore', args: string[]) {
  try {
    await run(name, args, { maxBuffer: 1 << 26 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new BackupError(
        `${name} is not installed; install PostgreSQL's client tools (version 15 or later) to back up a PostgreSQL database`,
      );
    throw new BackupError(`${name} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/**
 * Backs up a PostgreSQL database with pg_dump's custom format: Syslead's data, not the job queue's
 * schema (its jobs are work in passing; a restored database gets its own queue, made at start).
 */
export async function backupPostgres(databaseUrl: string, file: string): Promise<void> {
  await tool('pg_dump', [
    '--format=custom',
    '--no-owner',
    `--exclude-schema=${JOB_SCHEMA}`,
    `--file=${file}`,
    `--dbname=${databaseUrl}`,
  ]);
}

/** Restores a pg_dump backup into a PostgreSQL database, replacing what is there, in one transaction. */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  if (kindOfBackup(file) !== 'postgres') throw new BackupError(`${file} is not a backup of a PostgreSQL database`);
  await tool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    // The queue's tables stay as they are (a backup made before it was left out holds them too).
    `--exclude-schema=${JOB_SCHEMA}`,
    '--single-transaction',
    `--dbname=${databaseUrl}`,
    file,
  ]);
}

/**
 * Restores a backup of the embedded database into its data folder. The folder is locked for
 * the duration; what was there is kept beside it (`<folder>.before-restore-<time>`) as an undo.
 */
export async function restorePglite(dataDir: string, file: string): Promise<string | undefined> {
  if (kindOfBackup(file) !== 'pglite') throw new BackupError(`${file} is not a backup of the embedded database`);
  const release = lockDataFolder(dataDir);
  let kept: string | undefined;
  try {
    const entries = fs.readdirSync(dataDir).filter((name) => name !== 'syslead.lock');
    if (entries.length > 0) {
      kept = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.mkdirSync(kept);
      for (const name of entries) fs.renameSync(path.join(dataDir, name), path.join(kept, name));
    }
    const db = await PGlite.create(dataDir, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await db.query('select 1');
    await db.close();
    return kept;
  } finally {
    release();
  }
}
