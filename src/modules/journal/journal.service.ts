import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import { normaliseEmail } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { todayIso } from '../landscape/index.js';
import { JOURNAL_PROMPTS, promptOf } from './journal.prompts.js';
import {
  createJournalRepository,
  type JournalEntry,
  type JournalEntryInput,
  type JournalReader,
  type JournalRepository,
} from './journal.repository.js';

/** What a form or API client gives for an entry: the day (today when not given), an optional prompt, the text. */
export interface JournalInput {
  writtenOn?: string;
  prompt?: string | null;
  body: string;
}

/** Whom to share an entry with: an account by its email address, or a colleague chosen from a list. */
export type ShareWith = { email: string } | { userId: number };

/**
 * Each leader's reflection journal. An entry is its author's alone: no one else reads it, an
 * administrator no more than anyone, unless the author shares it with named accounts, who then
 * read it (and only it) until the author stops. The audit trail records that an entry was
 * written, changed, shared or deleted, and never what it says.
 */
export function createJournalService({ db, audit }: { db: Db; audit: AuditService }) {
  const repo = createJournalRepository(db);

  /** The account writing: a journal belongs to a person signed in, never to the command line or a job. */
  function authorOf(actor: Actor | undefined): Actor {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0)
      throw new AppError('forbidden', 'A journal belongs to a person signed in to their account');
    return signedIn;
  }

  /** An entry of the actor's own; to anyone else (administrators included) it does not exist. */
  async function own(actor: Actor | undefined, id: number): Promise<{ author: Actor; entry: JournalEntry }> {
    const author = authorOf(actor);
    const entry = await repo.find(id);
    if (!entry || entry.authorId !== author.userId) throw notFound(`Journal entry ${id}`);
    return { author, entry };
  }

  function recorded<T>(
    actor: Actor,
    entryId: number | ((result: T) => number),
    write: (r: JournalRepository) => Promise<T>,
    action: string,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createJournalRepository(trx)),
      (result) => ({
        action,
        entity: 'journal-entry',
        entityId: typeof entryId === 'function' ? entryId(result) : entryId,
        // About no organisation: no organisation's leaders read these entries of the trail.
        organisationIds: [],
        detail,
      }),
    );
  }

  function checked(input: JournalInput): JournalEntryInput {
    const prompt = input.prompt || null;
    if (prompt !== null && !promptOf(prompt))
      throw new AppError('validation', 'Choose a prompt from the list, or none', [
        { field: 'prompt', message: 'Choose a prompt from the list, or none' },
      ]);
    const writtenOn = input.writtenOn ?? todayIso();
    if (writtenOn > todayIso())
      throw new AppError('validation', 'The date of an entry cannot be in the future', [
        { field: 'writtenOn', message: 'The date of an entry must be today or earlier' },
      ]);
    return { writtenOn, prompt, body: input.body };
  }

  const view = (entry: JournalEntry) => ({
    id: entry.id,
    writtenOn: entry.writtenOn,
    prompt: entry.prompt,
    theme: promptOf(entry.prompt)?.theme ?? null,
    body: entry.body,
    edited: entry.updatedAt !== null,
  });

  /** The account to share with, refused in a person's words when it cannot be. */
  async function readerFor(author: Actor, to: ShareWith): Promise<JournalReader> {
    if ('email' in to) {
      const reader = await repo.accountByEmail(normaliseEmail(to.email));
      if (!reader)
        throw new AppError('validation', 'No one has an account with this email address', [
          { field: 'email', message: 'No one has an account with this email address: check it, or choose a colleague' },
        ]);
      if (reader.userId === author.userId)
        throw new AppError('validation', 'Your entries are yours already: share with someone else', [
          { field: 'email', message: 'This is your own email address: give someone else’s' },
        ]);
      return reader;
    }
    const colleague = await repo.colleagueOf(author.userId, to.userId);
    if (!colleague)
      throw new AppError('validation', 'Choose a colleague from the list', [
        { field: 'userId', message: 'Choose a colleague from the list' },
      ]);
    return colleague;
  }

  return {
    prompts: () => JOURNAL_PROMPTS,

    /** The actor's own entries, newest first, each with who it is shared with. */
    async list(actor: Actor | undefined) {
      const author = authorOf(actor);
      const entries = await repo.listByAuthor(author.userId);
      return Promise.all(entries.map(async (e) => ({ ...view(e), sharedWith: await repo.readersOf(e.id) })));
    },

    /** One of the actor's own entries, with who it is shared with. */
    async get(actor: Actor | undefined, id: number) {
      const { entry } = await own(actor, id);
      return { ...view(entry), sharedWith: await repo.readersOf(id) };
    },

    /**
     * An entry as its reader may see it: the author's own (`mine`), or one shared with the
     * reader, to read only; to anyone else it does not exist.
     */
    async read(actor: Actor | undefined, id: number) {
      const reader = authorOf(actor);
      const entry = await repo.find(id);
      if (entry && entry.authorId === reader.userId)
        return { mine: true as const, entry: { ...view(entry), sharedWith: await repo.readersOf(id) } };
      if (!entry || !(await repo.isSharedWith(id, reader.userId))) throw notFound(`Journal entry ${id}`);
      const shared = (await repo.listSharedWith(reader.userId)).find((e) => e.id === id)!;
      return { mine: false as const, entry: { ...view(entry), authorName: shared.authorName } };
    },

    /** The entries others have shared with the actor, newest first. */
    async sharedWithMe(actor: Actor | undefined) {
      const reader = authorOf(actor);
      return (await repo.listSharedWith(reader.userId)).map((e) => ({
        ...view(e),
        authorName: e.authorName,
        sharedAt: e.sharedAt,
      }));
    },

    /** The people the actor works with (accounts of their organisations), to share with by name. */
    async colleagues(actor: Actor | undefined): Promise<JournalReader[]> {
      return repo.colleaguesOf(authorOf(actor).userId);
    },

    async write(actor: Actor | undefined, input: JournalInput) {
      const author = authorOf(actor);
      const values = checked(input);
      const id = await recorded(
        author,
        (created: number) => created,
        (r) => r.insert(author.userId, values),
        'create',
      );
      return { ...view((await repo.find(id))!), sharedWith: [] as JournalReader[] };
    },

    async change(actor: Actor | undefined, id: number, input: Partial<JournalInput>) {
      const { author, entry } = await own(actor, id);
      const values = checked({
        writtenOn: input.writtenOn ?? entry.writtenOn,
        prompt: input.prompt === undefined ? entry.prompt : input.prompt,
        body: input.body ?? entry.body,
      });
      await recorded(author, id, (r) => r.update(id, values), 'update');
      return { ...view((await repo.find(id))!), sharedWith: await repo.readersOf(id) };
    },

    async delete(actor: Actor | undefined, id: number): Promise<void> {
      const { author } = await own(actor, id);
      await recorded(author, id, (r) => r.delete(id), 'delete');
    },

    /** Shares an entry with one account, which may then read it; gives that account's name. */
    async share(actor: Actor | undefined, id: number, to: ShareWith): Promise<JournalReader> {
      const { author } = await own(actor, id);
      const reader = await readerFor(author, to);
      await recorded(author, id, (r) => r.share(id, reader.userId), 'share', { withUserId: reader.userId });
      return reader;
    },

    /** Stops sharing an entry with one account: from now on they cannot read it. */
    async unshare(actor: Actor | undefined, id: number, userId: number): Promise<void> {
      const { author } = await own(actor, id);
      if (!(await repo.isSharedWith(id, userId))) throw notFound('Sharing with this person');
      await recorded(author, id, (r) => r.unshare(id, userId), 'unshare', { withUserId: userId });
    },

    /**
     * For the notification that follows a share: the author's name, while the entry is still
     * shared with that account (nothing of what the entry says).
     */
    async shareNotice(entryId: number, userId: number): Promise<{ authorName: string } | undefined> {
      const shared = (await repo.listSharedWith(userId)).find((e) => e.id === entryId);
      return shared ? { authorName: shared.authorName } : undefined;
    },
  };
}

export type JournalService = ReturnType<typeof createJournalService>;
