import { Type } from '@sinclair/typebox';
import { nullable, IsoDate } from '../../platform/http/api-schemas.js';

const Reader = Type.Object({ userId: Type.Integer(), name: Type.String() });

/** One of your journal entries, with the accounts you share it with. */
export const JournalEntryView = Type.Object({
  id: Type.Integer(),
  writtenOn: IsoDate,
  prompt: nullable(Type.String({ description: 'The key of the prompt the entry started from' })),
  theme: nullable(Type.String({ description: 'The theme of that prompt' })),
  body: Type.String(),
  edited: Type.Boolean({ description: 'Whether it has been changed since it was written' }),
  sharedWith: Type.Array(Reader, { description: 'The accounts that may read it' }),
});

/** A new entry: the day (today when not given), an optional prompt and what you write. */
export const JournalEntryBody = Type.Object(
  {
    writtenOn: Type.Optional(Type.String({ format: 'date', title: 'Date' })),
    prompt: Type.Optional(nullable(Type.String({ maxLength: 40, title: 'Prompt' }))),
    body: Type.String({ minLength: 1, maxLength: 20_000, title: 'Your reflection' }),
  },
  { additionalProperties: false },
);

/** A change to an entry: the fields given replace its own. */
export const JournalEntryChange = Type.Partial(JournalEntryBody, { additionalProperties: false });

/** The form that shares an entry: an email address, or a colleague from the list. */
export const ShareForm = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320, title: 'Email address' })),
    userId: Type.Optional(Type.Integer({ minimum: 1, title: 'Colleague' })),
  },
  { additionalProperties: false },
);
