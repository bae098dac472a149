import type { ColumnType, Generated } from 'kysely';

export type EmailChoice = 'off' | 'instant' | 'daily';

/** Something a person is told in the app: about one thing (`about`), once per kind. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  about: string;
  title: string;
  body: string;
  link: string;
  created_at: ColumnType<Date, never, never>;
  read_at: ColumnType<Date | null, never, Date | null>;
  /** none: not by email; waiting: for the daily digest; queued: its email is made. */
  email: ColumnType<
    'none' | 'waiting' | 'queued',
    'none' | 'waiting' | 'queued' | undefined,
    'none' | 'waiting' | 'queued'
  >;
}

export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  email: EmailChoice;
}

/** An email made by Syslead, waiting for its job or sent (its text is dropped once sent). */
export interface OutgoingEmailsTable {
  id: Generated<number>;
  about: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: ColumnType<Date, never, never>;
  sent_at: ColumnType<Date | null, never, Date>;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  outgoing_emails: OutgoingEmailsTable;
}
