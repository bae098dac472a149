import type { Db } from '../../db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import type { JobSender } from '../definition.js';
import type { Mailer } from './notifications.mailer.js';
import { createNotificationsRepository } from './notifications.repository.js';
import type { EmailChoice } from './notifications.table.js';

export const EMAIL_QUEUE = 'notifications-email';
export const DIGEST_QUEUE = 'notifications-digest';

/** What a kind of notification is to the person choosing how they hear of it. */
export interface KindSetting {
  label: string;
  defaultEmail: EmailChoice;
}

/** One thing to tell: to whom, about what (told once per person and kind), and where to go. */
export interface Note {
  userIds: number[];
  about: string;
  title: string;
  body: string;
  /** A path of Syslead, e.g. /support/requests/3. */
  link: string;
}

const CHOICES: EmailChoice[] = ['off', 'instant', 'daily'];

/**
 * Notifications: told in the app to each person they concern, and by email where that person
 * chose it and a server is configured — at once, or in a daily digest. Emails are made in the
 * transaction of what they tell of and sent by jobs, each once.
 */
export function createNotificationsService({
  db,
  jobs,
  kinds,
  mailer,
  publicUrl,
}: {
  db: Db;
  jobs: JobSender;
  kinds: Record<string, KindSetting>;
  mailer: Mailer | undefined;
  publicUrl: string;
}) {
  const repo = createNotificationsRepository(db);
  const footer = `You are told this because of your choices in Syslead. Change them at ${publicUrl}/account/notifications.`;

  async function choicesFor(userIds: number[], kind: string, within: Db): Promise<Map<number, EmailChoice>> {
    const chosen = await createNotificationsRepository(within).choicesOf(userIds);
    const fallback = kinds[kind]?.defaultEmail ?? 'instant';
    return new Map(
      userIds.map((id) => [id, chosen.find((c) => c.userId === id && c.kind === kind)?.email ?? fallback]),
    );
  }

  async function queueEmail(within: Db, email: { about: string; to: string; subject: string; body: string }) {
    const id = await createNotificationsRepository(within).addEmail(email);
    if (id !== undefined) await jobs.send(EMAIL_QUEUE, { emailId: id }, { within });
  }

  const service = {
    /** Whether email can be sent at all (an SMTP server is configured). */
    emailOn: (): boolean => mailer !== undefined,

    /**
     * Tells each note's people, in the transaction `within` (an event handler's `once`) or one of
     * its own: in the app, and by email as each chose. A person told of the same thing before is
     * not told again.
     */
    async notify(kind: string, notes: Note[], within?: Db): Promise<number> {
      if (!within) return db.transaction().execute((trx) => service.notify(kind, notes, trx));
      if (!(kind in kinds)) throw new Error(`No module declares the notification kind "${kind}"`);
      const inner = createNotificationsRepository(within);
      let told = 0;
      for (const note of notes) {
        const userIds = [...new Set(note.userIds)];
        const choices = await choicesFor(userIds, kind, within);
        const emailOf = (id: number) => {
          const choice = mailer ? choices.get(id) : 'off';
          return choice === 'instant' ? 'queued' : choice === 'daily' ? 'waiting' : 'none';
        };
        const added = await inner.insert(
          userIds.map((userId) => ({
            userId,
            kind,
            about: note.about,
            title: note.title,
            body: note.body,
            link: note.link,
            email: emailOf(userId),
          })),
        );
        told += added.length;
        for (const { id, userId } of added) {
          if (emailOf(userId) !== 'queued') continue;
          const account = await inner.account(userId);
          if (!account) continue;
          await queueEmail(within, {
            about: `notification:${id}`,
            to: account.email,
            subject: note.title,
            body: `${note.title}\n\n${note.body}\n\nOpen it in Syslead: ${publicUrl}${note.link}\n\n${footer}`,
          });
        }
      }
      if (told) jobs.nudge(EMAIL_QUEUE);
      return told;
    },

    /** An email to an address that has no account yet (an invitation), made once per `about`. */
    async emailAddress(
      email: { about: string; to: string; subject: string; body: string },
      within: Db,
    ): Promise<boolean> {
      if (!mailer) return false;
      await queueEmail(within, email);
      jobs.nudge(EMAIL_QUEUE);
      return true;
    },

    /** The job of one email: sends it once; an email already sent is left alone. */
    async sendEmail(emailId: number): Promise<void> {
      const email = await repo.findEmail(emailId);
      if (!email || email.sentAt) return;
      if (!mailer) throw new Error('Email is off: no SMTP server is configured (SYSLEAD_SMTP_URL)');
      await mailer.send({ to: email.to, subject: email.subject, text: email.body });
      await repo.markSent(emailId);
    },

    /** The morning job: one email to each person with what waited for their daily digest. */
    async sendDigests(): Promise<number> {
      const waiting = await repo.waitingForDigest();
      const byPerson = new Map<number, typeof waiting>();
      for (const n of waiting) byPerson.set(n.userId, [...(byPerson.get(n.userId) ?? []), n]);
      const day = new Date().toISOString().slice(0, 10);
      for (const [userId, notes] of byPerson) {
        const lines = notes.map((n) => `- ${n.title}\n  ${publicUrl}${n.link}`).join('\n');
        await db.transaction().execute(async (trx) => {
          await queueEmail(trx, {
            about: `digest:${userId}:${day}`,
            to: notes[0]!.email,
            subject: notes.length === 1 ? 'One thing in Syslead for you' : `${notes.length} things in Syslead for you`,
            body: `Good morning ${notes[0]!.name},\n\nSince yesterday's email:\n\n${lines}\n\n${footer}`,
          });
          await createNotificationsRepository(trx).markQueued(notes.map((n) => Number(n.id)));
        });
      }
      if (byPerson.size) jobs.nudge(EMAIL_QUEUE);
      return byPerson.size;
    },

    /** The leaders and coordinators of organisations, with accounts: who is told what concerns the organisation. */
    leadersOf: (organisationIds: number[]) => repo.leadersOf(organisationIds),

    async list(actor: Actor | undefined, limit = 50) {
      const reader = requireSignedIn(actor);
      return repo.list(reader.userId, limit);
    },

    async unreadCount(actor: Actor | undefined): Promise<number> {
      if (!actor || actor.userId <= 0) return 0;
      return repo.unread(actor.userId);
    },

    async markRead(actor: Actor | undefined, ids: number[] | 'all'): Promise<number> {
      const reader = requireSignedIn(actor);
      return repo.markRead(reader.userId, ids);
    },

    /** Each kind of notification with how this person hears of it by email. */
    async choices(actor: Actor | undefined) {
      const reader = requireSignedIn(actor);
      const chosen = await repo.choices(reader.userId);
      return Object.entries(kinds).map(([kind, setting]) => ({
        kind,
        label: setting.label,
        email: chosen.get(kind) ?? setting.defaultEmail,
      }));
    },

    async setChoices(actor: Actor | undefined, choices: Record<string, string>): Promise<void> {
      const reader = requireSignedIn(actor);
      const problems = Object.entries(choices)
        .filter(([kind, email]) => !(kind in kinds) || !CHOICES.includes(email as EmailChoice))
        .map(([kind]) => ({ field: kind, message: 'Choose never, at once or in a daily email' }));
      if (problems.length)
        throw new AppError('validation', 'Choose how you hear of each kind of notification', problems);
      await repo.setChoices(
        reader.userId,
        Object.entries(choices).map(([kind, email]) => ({ kind, email: email as EmailChoice })),
      );
    },
  };
  return service;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
