import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** A journal entry as stored. */
export interface JournalEntry {
  id: number;
  authorId: number;
  writtenOn: string;
  prompt: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface JournalEntryInput {
  writtenOn: string;
  prompt: string | null;
  body: string;
}

/** An account, by name only: who an entry is shared with, or a colleague to share it with. */
export interface JournalReader {
  userId: number;
  name: string;
}

/** The SQL of reflection journals: entries, who each is shared with, and the accounts to share with. */
export function createJournalRepository(db: Db) {
  const entries = () =>
    db
      .selectFrom('journal_entries as j')
      .select([
        'j.id',
        'j.author_id as authorId',
        'j.written_on as writtenOn',
        'j.prompt',
        'j.body',
        'j.created_at as createdAt',
        'j.updated_at as updatedAt',
      ]);
  return {
    async insert(authorId: number, input: JournalEntryInput): Promise<number> {
      const row = await db
        .insertInto('journal_entries')
        .values({ author_id: authorId, written_on: input.writtenOn, prompt: input.prompt, body: input.body })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    find(id: number): Promise<JournalEntry | undefined> {
      return entries().where('j.id', '=', id).executeTakeFirst();
    },

    /** An author's entries, newest first. */
    listByAuthor(authorId: number): Promise<JournalEntry[]> {
      return entries()
        .where('j.author_id', '=', authorId)
        .orderBy('j.written_on', 'desc')
        .orderBy('j.id', 'desc')
        .execute();
    },

    /** The entries shared with an account, newest first, with their authors' names. */
    listSharedWith(userId: number): Promise<Array<JournalEntry & { authorName: string; sharedAt: Date }>> {
      return entries()
        .innerJoin('journal_shares as s', 's.entry_id', 'j.id')
        .innerJoin('users as u', 'u.id', 'j.author_id')
        .select(['u.name as authorName', 's.shared_at as sharedAt'])
        .where('s.user_id', '=', userId)
        .orderBy('j.written_on', 'desc')
        .orderBy('j.id', 'desc')
        .execute();
    },

    async update(id: number, input: JournalEntryInput): Promise<void> {
      await db
        .updateTable('journal_entries')
        .set({ written_on: input.writtenOn, prompt: input.prompt, body: input.body, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    async delete(id: number): Promise<void> {
      await db.deleteFrom('journal_entries').where('id', '=', id).execute();
    },

    /** Who an entry is shared with, by name. */
    readersOf(entryId: number): Promise<JournalReader[]> {
      return db
        .selectFrom('journal_shares as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id as userId', 'u.name'])
        .where('s.entry_id', '=', entryId)
        .orderBy(sql`lower(u.name)`)
        .execute();
    },

    async isSharedWith(entryId: number, userId: number): Promise<boolean> {
      const row = await db
        .selectFrom('journal_shares')
        .select('entry_id')
        .where('entry_id', '=', entryId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Shares an entry with an account; true when it was not shared with them already. */
    async share(entryId: number, userId: number): Promise<boolean> {
      const rows = await db
        .insertInto('journal_shares')
        .values({ entry_id: entryId, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .returning('entry_id')
        .execute();
      return rows.length > 0;
    },

    /** Stops sharing an entry with an account; true when it was shared with them. */
    async unshare(entryId: number, userId: number): Promise<boolean> {
      const rows = await db
        .deleteFrom('journal_shares')
        .where('entry_id', '=', entryId)
        .where('user_id', '=', userId)
        .returning('entry_id')
        .execute();
      return rows.length > 0;
    },

    /** The account with this email address (already normalised), unless it is disabled. */
    accountByEmail(email: string): Promise<JournalReader | undefined> {
      return db
        .selectFrom('users')
        .select(['id as userId', 'name'])
        .where('email', '=', email)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
    },

    /** An account that shares an organisation with this one, unless it is disabled. */
    async colleagueOf(userId: number, colleagueId: number): Promise<JournalReader | undefined> {
      return (await this.colleaguesOf(userId)).find((c) => c.userId === colleagueId);
    },

    /** The accounts that belong to any organisation this one belongs to, by name (not itself, none disabled). */
    colleaguesOf(userId: number): Promise<JournalReader[]> {
      return db
        .selectFrom('organisation_members as theirs')
        .innerJoin('organisation_members as mine', 'mine.organisation_id', 'theirs.organisation_id')
        .innerJoin('users as u', 'u.id', 'theirs.user_id')
        .select(['u.id as userId', 'u.name'])
        .distinct()
        .where('mine.user_id', '=', userId)
        .where('theirs.user_id', '<>', userId)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .orderBy('u.id')
        .execute();
    },
  };
}

export type JournalRepository = ReturnType<typeof createJournalRepository>;
