/**
 * The reflection journal, attacked: an entry is its author's alone. Another account, an
 * administrator, another user's token and an anonymous visitor never read it (its page, the
 * API, the audit trail's page and CSV); a person it is shared with reads it, read-only, and
 * loses it when sharing stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { school, userWith, type SignedInUser } from '../factories.js';
import { until } from '../until.js';

let t: TestApp;
let author: SignedInUser;
let colleague: SignedInUser;
let stranger: SignedInUser;
let admin: SignedInUser;
const SECRET = 'A private worry about the Ashgrove handover';

const idOf = (location: unknown) => Number(/\/journal\/(\d+)/.exec(String(location))![1]);

beforeAll(async () => {
  t = await createTestApp();
  const schoolId = await school(t, { name: 'Willow Primary' });
  const otherSchool = await school(t, { name: 'Hawthorn Primary' });
  author = await userWith(t, { organisationId: schoolId, role: 'leader' });
  colleague = await userWith(t, { organisationId: schoolId, role: 'member' });
  stranger = await userWith(t, { organisationId: otherSchool, role: 'leader' });
  admin = await userWith(t, null, { isAdmin: true });
});
afterAll(async () => t?.close());

/** A new entry of the author's, written through its page (each test has its own: they run in any order). */
async function newEntry(): Promise<number> {
  const written = await author.form(
    '/journal',
    { 'writtenOn-day': '', 'writtenOn-month': '', 'writtenOn-year': '', prompt: 'not-knowing', body: SECRET },
    '/journal/new',
  );
  expect(written.statusCode).toBe(303);
  return idOf(written.headers.location);
}

describe('writing in the journal', () => {
  it('offers the prompts on the new-entry page, one chosen from the address, and keeps what was typed when it fails', async () => {
    const page = await author.page('/journal/new?prompt=wider-view');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Seeing the wider system');
    expect(page.body).toContain('Leading networks leading the system');
    expect(page.body).toMatch(/value="wider-view" checked/);

    const empty = await author.form('/journal', { prompt: 'wider-view', body: '' }, '/journal/new');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Enter your reflection');
    expect(empty.body).toMatch(/value="wider-view" checked/);

    const future = await author.form(
      '/journal',
      { 'writtenOn-day': '1', 'writtenOn-month': '1', 'writtenOn-year': '2999', body: 'Kept as typed' },
      '/journal/new',
    );
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('The date of an entry must be today or earlier');
    expect(future.body).toContain('Kept as typed');
  });

  it('shows the author their entry, today’s date and its prompt, and lists it as theirs', async () => {
    const entryId = await newEntry();
    const page = await author.page(`/journal/${entryId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(SECRET);
    expect(page.body).toContain('Only you. No one else can read this entry');
    const listed = await author.get('/api/v1/journal');
    expect(listed.statusCode).toBe(200);
    const entry = listed.json().find((e: { id: number }) => e.id === entryId);
    expect(entry).toMatchObject({
      id: entryId,
      prompt: 'not-knowing',
      theme: 'Saying what you do not know',
      body: SECRET,
    });
    expect(entry.writtenOn).toBe(new Date().toISOString().slice(0, 10));
  });

  it('changes an entry through the API, and refuses a prompt that is not offered', async () => {
    const entryId = await newEntry();
    const changed = await author.patch(`/api/v1/journal/${entryId}`, { body: `${SECRET}, and what I will try` });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ body: `${SECRET}, and what I will try`, edited: true });
    const bad = await author.patch(`/api/v1/journal/${entryId}`, { prompt: 'made-up' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Choose a prompt from the list, or none');
  });
});

describe('nobody else reads an entry', () => {
  it('is not found for another account, in its page, its forms and the API', async () => {
    const entryId = await newEntry();
    for (const response of [
      await stranger.page(`/journal/${entryId}`),
      await stranger.page(`/journal/${entryId}/delete`),
      await stranger.form(`/journal/${entryId}`, { body: 'Overwritten' }, '/journal'),
      await stranger.form(`/journal/${entryId}/shares`, { email: stranger.email }, '/journal'),
      await stranger.get(`/api/v1/journal/${entryId}`),
      await stranger.patch(`/api/v1/journal/${entryId}`, { body: 'Overwritten' }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain(SECRET);
    }
    expect((await stranger.get('/api/v1/journal')).json()).toEqual([]);
    expect((await stranger.page('/journal/shared')).body).not.toContain(SECRET);
  });

  it('is not found for an administrator, whose audit trail says an entry was written but never what it says', async () => {
    const entryId = await newEntry();
    expect((await author.patch(`/api/v1/journal/${entryId}`, { body: `${SECRET}, changed` })).statusCode).toBe(200);
    expect((await admin.page(`/journal/${entryId}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/journal/${entryId}`)).statusCode).toBe(404);
    const trail = await admin.page('/audit');
    expect(trail.statusCode).toBe(200);
    expect(trail.body).toContain('journal-entry');
    expect(trail.body).not.toContain('Ashgrove');
    const csv = await admin.page('/audit.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('journal-entry');
    expect(csv.body).not.toContain('Ashgrove');
    const entries = (await t.services.audit.list(ADMIN, { limit: 500 })).filter(
      (e) => e.entity === 'journal-entry' && e.entityId === String(entryId),
    );
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'update']));
    expect(JSON.stringify(entries)).not.toContain('Ashgrove');
    // No organisation's leaders read these entries: they are about no organisation.
    expect(entries.every((e) => e.organisationIds.length === 0)).toBe(true);
  });

  it('is refused to another user’s token, read or write', async () => {
    const entryId = await newEntry();
    const readToken = await userWith(t, null, { scope: 'read' });
    expect((await readToken.get(`/api/v1/journal/${entryId}`)).statusCode).toBe(404);
    expect((await readToken.get('/api/v1/journal')).json()).toEqual([]);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/journal/${entryId}`,
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(remove.statusCode).toBe(404);
    expect((await author.get(`/api/v1/journal/${entryId}`)).statusCode).toBe(200);
  });

  it('sends an anonymous visitor to sign in, and answers the API with 401', async () => {
    const entryId = await newEntry();
    const anonymous = new TestBrowser(t.app);
    const page = await anonymous.get(`/journal/${entryId}`);
    expect(page.statusCode).toBe(303);
    expect(page.body).not.toContain(SECRET);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/journal/${entryId}` });
    expect(api.statusCode).toBe(401);
    expect(api.body).not.toContain(SECRET);
  });

  it('refuses the command line and background jobs, which are no one’s journal', async () => {
    const entryId = await newEntry();
    await expect(t.services.journal.get(ADMIN, entryId)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('sharing an entry', () => {
  it('refuses an unknown address and the author’s own, in words, keeping what was typed', async () => {
    const entryId = await newEntry();
    const unknown = await author.form(
      `/journal/${entryId}/shares`,
      { email: 'nobody.here@example.test' },
      `/journal/${entryId}`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No one has an account with this email address');
    expect(unknown.body).toContain('nobody.here@example.test');
    const own = await author.form(`/journal/${entryId}/shares`, { email: author.email }, `/journal/${entryId}`);
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('This is your own email address');
    const neither = await author.form(`/journal/${entryId}/shares`, {}, `/journal/${entryId}`);
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain('Give the email address of the person to share with, or choose a colleague');
  });

  it('offers colleagues by name, and refuses someone who is not one by their id', async () => {
    const entryId = await newEntry();
    const page = await author.page(`/journal/${entryId}`);
    expect(page.body).toContain('Choose a colleague');
    const strangerId = (await t.services.accounts.actorFromBearer(stranger.token))!.userId;
    const refused = await author.form(
      `/journal/${entryId}/shares`,
      { userId: String(strangerId) },
      `/journal/${entryId}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose a colleague from the list');
  });

  it('lets the person it is shared with read it, read-only, until sharing stops', async () => {
    const entryId = await newEntry();
    const colleagueId = (await t.services.accounts.actorFromBearer(colleague.token))!.userId;
    const shared = await author.form(
      `/journal/${entryId}/shares`,
      { userId: String(colleagueId) },
      `/journal/${entryId}`,
    );
    expect(shared.statusCode).toBe(303);
    expect((await author.get(`/api/v1/journal/${entryId}`)).json().sharedWith).toEqual([
      { userId: colleagueId, name: 'Test user' },
    ]);

    expect((await colleague.page('/')).body).toContain(`href="/journal/${entryId}"`);
    const list = await colleague.page('/journal/shared');
    expect(list.body).toContain(`/journal/${entryId}`);
    const page = await colleague.page(`/journal/${entryId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(SECRET);
    expect(page.body).toContain('You cannot change it');
    expect(page.body).not.toContain('Save changes');
    // Read-only: no change, no sharing on, no deletion, and the API is for the author's own entries.
    expect((await colleague.form(`/journal/${entryId}`, { body: 'Changed' }, '/journal')).statusCode).toBe(404);
    expect((await colleague.form(`/journal/${entryId}/delete`, {}, '/journal')).statusCode).toBe(404);
    expect((await colleague.get(`/api/v1/journal/${entryId}`)).statusCode).toBe(404);
    // Still no one else's.
    expect((await stranger.page(`/journal/${entryId}`)).statusCode).toBe(404);

    const stopped = await author.form(`/journal/${entryId}/shares/${colleagueId}/delete`, {}, `/journal/${entryId}`);
    expect(stopped.statusCode).toBe(303);
    expect((await colleague.page(`/journal/${entryId}`)).statusCode).toBe(404);
    expect((await colleague.page('/journal/shared')).body).not.toContain(`/journal/${entryId}`);

    const actions = (await t.services.audit.list(ADMIN, { limit: 500 }))
      .filter((e) => e.entity === 'journal-entry' && e.entityId === String(entryId))
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['share', 'unshare']));
  });

  it('shares by email address too, and tells the person, without a word of the entry', async () => {
    const entryId = await newEntry();
    const shared = await author.form(`/journal/${entryId}/shares`, { email: stranger.email }, `/journal/${entryId}`);
    expect(shared.statusCode).toBe(303);
    expect((await stranger.page(`/journal/${entryId}`)).body).toContain(SECRET);
    const told = await until('the notification of the share', async () => {
      const list = (await stranger.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; title: string; link: string }>;
      };
      return list.items.find((n) => n.kind === 'journal-entry-shared' && n.link === `/journal/${entryId}`);
    });
    expect(told.title).toBe('Test user shared a journal entry with you');
    expect(JSON.stringify(told)).not.toContain('Ashgrove');
  });
});

describe('deleting an entry', () => {
  it('asks first, then deletes it for the author and everyone it was shared with', async () => {
    const entryId = await newEntry();
    await author.form(`/journal/${entryId}/shares`, { email: stranger.email }, `/journal/${entryId}`);
    const confirm = await author.page(`/journal/${entryId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete this journal entry?');
    expect(confirm.body).toContain('The person you shared it with will no longer be able to read it.');
    const deleted = await author.form(`/journal/${entryId}/delete`, {}, `/journal/${entryId}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect((await author.page(`/journal/${entryId}`)).statusCode).toBe(404);
    expect((await stranger.page(`/journal/${entryId}`)).statusCode).toBe(404);
    expect((await author.get('/api/v1/journal')).json().map((e: { id: number }) => e.id)).not.toContain(entryId);
  });
});
