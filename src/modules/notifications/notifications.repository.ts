import type { Db } from '../../db/database.js';
import type { EmailChoice } from './notifications.table.js';

export interface NewNotification {
  userId: number;
  kind: string;
  about: string;
  title: string;
  body: string;
  link: string;
  email: 'none' | 'waiting' | 'queued';
}

/** Notifications, each person's choices, and the emails Syslead sends. */
export function createNotificationsRepository(db: Db) {
  return {
    /** Adds the notifications not already there (same person, kind and subject); returns those added. */
    async insert(rows: NewNotification[]): Promise<Array<{ id: number; userId: number }>> {
      if (rows.length === 0) return [];
      const added = await db
        .insertInto('notifications')
        .values(
          rows.map((r) => ({
            user_id: r.userId,
            kind: r.kind,
            about: r.about,
            title: r.title,
            body: r.body,
            link: r.link,
            email: r.email,
          })),
        )
        .onConflict((c) => c.columns(['user_id', 'kind', 'about']).doNothing())
        .returning(['id', 'user_id as userId'])
        .execute();
      return added.map((a) => ({ id: Number(a.id), userId: a.userId }));
    },

    list(userId: number, limit: number) {
      return db
        .selectFrom('notifications')
        .select(['id', 'kind', 'title', 'body', 'link', 'created_at as createdAt', 'read_at as readAt'])
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async unread(userId: number): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async markRead(userId: number, ids: number[] | 'all'): Promise<number> {
      let query = db
        .updateTable('notifications')
        .set({ read_at: new Date() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (ids !== 'all') {
        if (ids.length === 0) return 0;
        query = query.where('id', 'in', ids);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async choices(userId: number): Promise<Map<string, EmailChoice>> {
      const rows = await db
        .selectFrom('notification_preferences')
        .select(['kind', 'email'])
        .where('user_id', '=', userId)
        .execute();
      return new Map(rows.map((r) => [r.kind, r.email]));
    },

    async choicesOf(userIds: number[]): Promise<Array<{ userId: number; kind: string; email: EmailChoice }>> {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('notification_preferences')
        .select(['user_id as userId', 'kind', 'email'])
        .where('user_id', 'in', userIds)
        .execute();
    },

    async setChoices(userId: number, choices: Array<{ kind: string; email: EmailChoice }>): Promise<void> {
      await db.deleteFrom('notification_preferences').where('user_id', '=', userId).execute();
      if (choices.length)
        await db
          .insertInto('notification_preferences')
          .values(choices.map((c) => ({ user_id: userId, kind: c.kind, email: c.email })))
          .execute();
    },

    /**
     * The accounts that lead or coordinate each organisation, with their names and addresses (a
     * read of the accounts module's memberships, as ADR 7 allows for joins).
     */
    leadersOf(organisationIds: number[]) {
      if (organisationIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id as userId', 'u.name', 'u.email', 'm.organisation_id as organisationId'])
        .where('m.organisation_id', 'in', organisationIds)
        .where('m.role', 'in', ['leader', 'coordinator'])
        .execute();
    },

    async account(userId: number) {
      return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
    },

    /** Makes an email, unless one about the same thing was made already; returns its id, or undefined. */
    async addEmail(email: { about: string; to: string; subject: string; body: string }): Promise<number | undefined> {
      const row = await db
        .insertInto('outgoing_emails')
        .values({ about: email.about, to_address: email.to, subject: email.subject, body: email.body })
        .onConflict((c) => c.column('about').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row ? Number(row.id) : undefined;
    },

    findEmail(id: number) {
      return db
        .selectFrom('outgoing_emails')
        .select(['id', 'to_address as to', 'subject', 'body', 'sent_at as sentAt'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Marks an email sent and drops its text: what was said is in the app, not kept twice. */
    async markSent(id: number): Promise<void> {
      await db.updateTable('outgoing_emails').set({ sent_at: new Date(), body: '' }).where('id', '=', id).execute();
    },

    /** The notifications waiting for a daily digest, by person. */
    waitingForDigest() {
      return db
        .selectFrom('notifications as n')
        .innerJoin('users as u', 'u.id', 'n.user_id')
        .select(['n.id', 'n.user_id as userId', 'u.email', 'u.name', 'n.title', 'n.body', 'n.link'])
        .where('n.email', '=', 'waiting')
        .orderBy('n.user_id')
        .orderBy('n.id')
        .execute();
    },

    async markQueued(ids: number[]): Promise<void> {
      if (ids.length) await db.updateTable('notifications').set({ email: 'queued' }).where('id', 'in', ids).execute();
    },
  };
}
