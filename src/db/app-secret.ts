import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * The installation's signing secret, made at first start and kept in the database, so that
 * no secret ships as a default and every app process on one database agrees on it.
 */
export async function getOrCreateAppSecret(db: Db): Promise<string> {
  const candidate = randomBytes(32).toString('base64url');
  await sql`insert into app_settings (key, value) values ('secret', ${candidate}) on conflict (key) do nothing`.execute(
    db,
  );
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return row.value;
}
