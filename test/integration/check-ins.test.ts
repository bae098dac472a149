/**
 * Check-ins, attacked: a check-in is dated within the engagement's time so far (refused in a
 * person's words, the form keeping what was typed); only its author may correct or delete it,
 * and only for 14 days; another school cannot touch it; every change leaves an audit entry.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { school, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let ids: { supported: number; supporting: number; other: number; engagement: number };
let author: SignedInUser;
let supportedHead: SignedInUser;
let otherHead: SignedInUser;
let staff: SignedInUser;
const START = '2025-09-01';
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  ids = {
    supported: await school(t, { name: 'Hazel Primary' }),
    supporting: await school(t, { name: 'Oak Primary' }),
    other: await school(t, { name: 'Rowan Primary' }),
    engagement: 0,
  };
  ids.engagement = await t.services.engagements.openDirect(
    ADMIN,
    { supportedId: ids.supported, supportingId: ids.supporting, area: 'leadership' },
    {
      type: 'executive-headship',
      aims: 'Stabilise leadership',
      accountableTo: 'The governing board',
      startDate: START,
      measures: [],
    },
  );
  author = await userWith(t, { organisationId: ids.supporting, role: 'leader' });
  supportedHead = await userWith(t, { organisationId: ids.supported, role: 'leader' });
  otherHead = await userWith(t, { organisationId: ids.other, role: 'leader' });
  staff = await userWith(t, { organisationId: ids.supporting, role: 'member' });
});
afterAll(async () => t?.close());

const formUrl = () => `/engagements/${ids.engagement}/check-in`;
const postUrl = () => `/engagements/${ids.engagement}/check-ins`;
const apiUrl = (checkInId?: number) =>
  `/api/v1/engagements/${ids.engagement}/check-ins${checkInId ? `/${checkInId}` : ''}`;

async function checkIns() {
  return (await t.services.engagements.get(ADMIN, ids.engagement)).checkIns;
}

async function entries(action: string) {
  return (await t.services.audit.list(ADMIN, { limit: 500 })).filter(
    (e) => e.entity === 'engagement' && e.entityId === String(ids.engagement) && e.action === action,
  );
}

/** A check-in written by the author through the API; returns its id. */
async function written(notes: string): Promise<number> {
  const response = await author.post(apiUrl(), { notes });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

describe('recording a check-in', () => {
  it('gives a page holding only the form, dated today and bounded by the start and today', async () => {
    const page = await author.page(formUrl());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Record a check-in');
    // The date in GOV.UK's three fields, today's filled in; the bounds said in words.
    const [year, month, day] = today().split('-');
    expect(page.body).toMatch(new RegExp(`name="heldOn-day"[^>]*value="${day}"`));
    expect(page.body).toMatch(new RegExp(`name="heldOn-month"[^>]*value="${month}"`));
    expect(page.body).toMatch(new RegExp(`name="heldOn-year"[^>]*value="${year}"`));
    expect(page.body).toContain('Between 1 September 2025, when the engagement started, and today');
    // Only the check-in form: not the engagement's other forms.
    expect(page.body).not.toContain('Add action');
    expect(page.body).not.toContain('Save phase');
  });

  it('records it with an audit entry and shows it on the engagement', async () => {
    const before = (await entries('check-in')).length;
    const response = await author.form(
      postUrl(),
      { heldOn: '2025-10-17', notes: 'Leadership roles agreed', nextSteps: 'Relaunch behaviour policy' },
      formUrl(),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/engagements/${ids.engagement}?saved=check-in#check-ins`);
    expect((await checkIns()).some((c) => c.notes === 'Leadership roles agreed' && c.heldOn === '2025-10-17')).toBe(
      true,
    );
    expect(await entries('check-in')).toHaveLength(before + 1);
    const page = await author.page(`/engagements/${ids.engagement}?saved=check-in`);
    expect(page.body).toContain('The check-in has been recorded.');
  });

  it.each([
    [
      'before the engagement started',
      '2025-08-31',
      'cannot be dated before the engagement started on 1 September 2025',
    ],
    ['in the future', '2999-01-01', 'cannot be dated in the future'],
    ['not a real day', '2025-02-30', 'The date of the check-in must be a real date, like 27 3 2025'],
  ])('refuses a date %s in a person’s words, keeping what was typed', async (_, heldOn, message) => {
    const count = (await checkIns()).length;
    const [year, month, day] = heldOn.split('-');
    const response = await author.form(
      postUrl(),
      {
        'heldOn-day': day!,
        'heldOn-month': month!,
        'heldOn-year': year!,
        notes: 'Typed on the bus between schools',
        nextSteps: 'Call the chair',
      },
      formUrl(),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Typed on the bus between schools');
    expect(response.body).toContain('Call the chair');
    expect(response.body).toMatch(new RegExp(`name="heldOn-day"[^>]*value="${day}"`));
    expect(response.body).toMatch(new RegExp(`name="heldOn-year"[^>]*value="${year}"`));
    // No validator's wording reaches the person.
    expect(response.body).not.toMatch(/Expected|must match format|string length/i);
    expect(await checkIns()).toHaveLength(count);
  });

  it('asks for what was seen when it is left out', async () => {
    const response = await author.form(postUrl(), { heldOn: today(), notes: '  ' }, formUrl());
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter what you saw and discussed');
    expect(response.body).not.toMatch(/Expected|is required/);
  });

  it('refuses a date out of bounds through the API too, with the same message', async () => {
    const response = await author.post(apiUrl(), { heldOn: '2020-01-01', notes: 'Too early' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'heldOn', message: 'The check-in cannot be dated before the engagement started on 1 September 2025' },
    ]);
  });

  it('is refused to staff who do not lead either school, and to another school', async () => {
    expect((await staff.page(formUrl())).statusCode).toBe(403);
    expect((await staff.post(apiUrl(), { notes: 'Not mine to write' })).statusCode).toBe(403);
    expect((await otherHead.page(formUrl())).statusCode).toBe(404);
    expect((await otherHead.post(apiUrl(), { notes: 'Not mine to write' })).statusCode).toBe(404);
  });
});

describe('changing and deleting a check-in', () => {
  it('lets its author correct it within 14 days, with an audit entry', async () => {
    const id = await written('First notes');
    const edit = await author.page(`/engagements/${ids.engagement}/check-ins/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('First notes');
    const before = (await entries('update-check-in')).length;
    const response = await author.form(
      `/engagements/${ids.engagement}/check-ins/${id}`,
      { heldOn: '2025-11-03', notes: 'Corrected notes', nextSteps: '' },
      `/engagements/${ids.engagement}/check-ins/${id}/edit`,
    );
    expect(response.statusCode).toBe(303);
    const changed = (await checkIns()).find((c) => c.id === id)!;
    expect(changed).toMatchObject({ heldOn: '2025-11-03', notes: 'Corrected notes', edited: true });
    expect(await entries('update-check-in')).toHaveLength(before + 1);
    // A correction is bounded as a new check-in is, and the form keeps what was typed.
    const refused = await author.form(
      `/engagements/${ids.engagement}/check-ins/${id}`,
      { heldOn: '2999-12-31', notes: 'Kept as typed' },
      `/engagements/${ids.engagement}/check-ins/${id}/edit`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Kept as typed');
    expect((await checkIns()).find((c) => c.id === id)!.notes).toBe('Corrected notes');
  });

  it('lets its author delete it within 14 days, with an audit entry', async () => {
    const id = await written('To be deleted');
    const before = (await entries('delete-check-in')).length;
    const response = await author.form(
      `/engagements/${ids.engagement}/check-ins/${id}/delete`,
      {},
      `/engagements/${ids.engagement}`,
    );
    expect(response.statusCode).toBe(303);
    expect((await checkIns()).some((c) => c.id === id)).toBe(false);
    expect(await entries('delete-check-in')).toHaveLength(before + 1);
  });

  it('does not let another school change or delete it, by page or API', async () => {
    const id = await written('Only the author may change this');
    const edit = `/engagements/${ids.engagement}/check-ins/${id}`;
    expect((await otherHead.page(`${edit}/edit`)).statusCode).toBe(404);
    expect((await otherHead.form(edit, { notes: 'Rewritten' }, '/engagements')).statusCode).toBe(404);
    expect((await otherHead.form(`${edit}/delete`, {}, '/engagements')).statusCode).toBe(404);
    expect((await otherHead.patch(apiUrl(id), { notes: 'Rewritten' })).statusCode).toBe(404);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: apiUrl(id),
      headers: { authorization: `Bearer ${otherHead.token}` },
    });
    expect(deleted.statusCode).toBe(404);
    expect((await checkIns()).find((c) => c.id === id)!.notes).toBe('Only the author may change this');
  });

  it('does not let the other school’s leader, who did not write it, change or delete it', async () => {
    const id = await written('Written by the executive head');
    const edit = `/engagements/${ids.engagement}/check-ins/${id}`;
    expect((await supportedHead.page(`${edit}/edit`)).statusCode).toBe(403);
    expect((await supportedHead.patch(apiUrl(id), { notes: 'Rewritten' })).statusCode).toBe(403);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: apiUrl(id),
      headers: { authorization: `Bearer ${supportedHead.token}` },
    });
    expect(deleted.statusCode).toBe(403);
    expect(deleted.json().error.message).toBe('Only the person who wrote a check-in can change or delete it');
    const page = await supportedHead.page(`/engagements/${ids.engagement}`);
    expect(page.body).not.toContain(`${edit}/edit`);
    expect((await checkIns()).find((c) => c.id === id)!.notes).toBe('Written by the executive head');
  });

  it('does not let its author change or delete it after 14 days', async () => {
    const id = await written('Written a while ago');
    await sql`update engagement_check_ins set created_at = now() - interval '15 days' where id = ${id}`.execute(
      t.database.db,
    );
    const edit = `/engagements/${ids.engagement}/check-ins/${id}`;
    expect((await author.page(`${edit}/edit`)).statusCode).toBe(403);
    const changed = await author.patch(apiUrl(id), { notes: 'Too late' });
    expect(changed.statusCode).toBe(403);
    expect(changed.json().error.message).toBe(
      'A check-in can be changed or deleted only in the 14 days after it was written',
    );
    expect((await author.form(`${edit}/delete`, {}, `/engagements/${ids.engagement}`)).statusCode).toBe(403);
    const page = await author.page(`/engagements/${ids.engagement}`);
    expect(page.body).not.toContain(`${edit}/edit`);
    expect((await checkIns()).find((c) => c.id === id)!.notes).toBe('Written a while ago');
  });
});

describe('what is due', () => {
  it('shows a check-in overdue in red with how long it is overdue, on the engagement and the list', async () => {
    const open = async (startDate: string) =>
      t.services.engagements.openDirect(
        ADMIN,
        { supportedId: await school(t), supportingId: ids.supporting },
        { type: 'mentoring', aims: 'Coach the new head', accountableTo: 'The board', startDate, measures: [] },
      );
    const fresh = await open(today());
    const id = await open(daysAgo(49 + 21));
    const page = await author.page(`/engagements/${id}`);
    expect(page.body).toMatch(/<strong class="syslead-overdue">Check-in overdue by 3 weeks<\/strong>/);
    expect(page.body).toContain(`href="/engagements/${id}/check-in"`);
    const list = await author.page('/engagements');
    expect(list.body).toContain('Your engagements');
    expect(list.body).toMatch(/class="syslead-overdue">Due [^<]+, overdue by 3 weeks/);
    // The most overdue of yours comes first.
    expect(list.body.indexOf(`/engagements/${id}"`)).toBeLessThan(list.body.indexOf(`/engagements/${fresh}"`));
  });
});
