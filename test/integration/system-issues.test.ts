/**
 * System issues logs, attacked: a journey from raising an issue to closing it; the blame check
 * that answers on the same page with the names found; the agenda's order (open issues not yet
 * discussed, then actions due) and its print layout; and the permission paths: an outsider, a
 * school outside the partnership, an anonymous visitor, a viewer and a read-only token.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { member, person, school, trust, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
const ids = { trust: 0, schoolA: 0, schoolB: 0, outside: 0 };
let trustLeader: SignedInUser;
let headA: SignedInUser;
let staffB: SignedInUser;
let outsider: SignedInUser;
let viewerA: SignedInUser;
let readToken: SignedInUser;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};
const issueIdOf = (location: unknown) => Number(/\/system-issues\/issues\/(\d+)/.exec(String(location))![1]);

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Brook Learning Trust' });
  ids.schoolA = await school(t, { name: 'Alder Primary' });
  ids.schoolB = await school(t, { name: 'Beech Primary' });
  ids.outside = await school(t, { name: 'Cedar Primary' });
  await member(t, ids.schoolA, ids.trust);
  await member(t, ids.schoolB, ids.trust);
  await person(t, ids.schoolA, { name: 'Ada Alder' });
  await person(t, ids.outside, { name: 'Cyril Cedar' });
  trustLeader = await userWith(t, { organisationId: ids.trust, role: 'leader' });
  headA = await userWith(t, { organisationId: ids.schoolA, role: 'leader' });
  staffB = await userWith(t, { organisationId: ids.schoolB, role: 'member' });
  outsider = await userWith(t, { organisationId: ids.outside, role: 'leader' });
  viewerA = await userWith(t, { organisationId: ids.schoolA, role: 'viewer' });
  readToken = await userWith(t, { organisationId: ids.schoolA, role: 'leader' }, { scope: 'read' });
});
afterAll(async () => t?.close());

/** An issue raised through the service by a school's leader; returns its id. */
function raise(title: string, extra: { raisedOn?: string; discussedOn?: string } = {}) {
  return t.services['system-issues'].raise(
    { ...ADMIN, userId: 0, isAdmin: false, memberships: [{ organisationId: ids.schoolA, role: 'leader' }] },
    ids.trust,
    { title, whatHappened: 'Records did not follow the pupil', whereFailed: 'No one owned the handover', ...extra },
  );
}

describe('a system issue from raising to closing', () => {
  it('is raised on its page, read across the partnership, given actions and closed by the trust’s leaders', async () => {
    const form = await headA.page(`/system-issues/${ids.trust}/new`);
    expect(form.statusCode).toBe(200);
    const raised = await headA.form(
      `/system-issues/${ids.trust}`,
      {
        title: 'Transition records late',
        whatHappened: 'Year 7 records reached the secondary school in October',
        whereFailed: 'The handover had no date and no owner',
        ...dateFields('raisedOn', daysAgo(3)),
      },
      `/system-issues/${ids.trust}/new`,
    );
    expect(raised.statusCode).toBe(303);
    const id = issueIdOf(raised.headers.location);

    // Staff of another member school read it; who raised it is for the trust's leaders only.
    const seen = await staffB.page(`/system-issues/issues/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('The handover had no date and no owner');
    expect(seen.body).not.toContain('Raised by');
    expect((await staffB.page('/system-issues')).body).toContain('Transition records late');
    expect((await staffB.page('/')).body).toContain(
      'System issue raised in Brook Learning Trust: Transition records late',
    );
    expect((await outsider.page('/')).body).not.toContain('Transition records late');
    expect((await staffB.get(`/api/v1/system-issues/issues/${id}`)).json().issue.raisedBy).toBeNull();
    const led = await trustLeader.page(`/system-issues/issues/${id}`);
    expect(led.body).toContain('Raised by');
    expect((await trustLeader.get(`/api/v1/system-issues/issues/${id}`)).json().issue.raisedBy).toBe('Test user');

    const action = await staffB.form(
      `/system-issues/issues/${id}/actions`,
      {
        description: 'Agree a date for records to move',
        ownerId: String(ids.schoolB),
        ...dateFields('dueOn', daysAgo(-14)),
      },
      `/system-issues/issues/${id}`,
    );
    expect(action.statusCode).toBe(303);
    const outsiderOwner = await staffB.form(
      `/system-issues/issues/${id}/actions`,
      { description: 'Someone else’s job', ownerId: String(ids.outside) },
      `/system-issues/issues/${id}`,
    );
    expect(outsiderOwner.statusCode).toBe(400);
    expect(outsiderOwner.body).toContain('Choose the organisation that owns the action from the list');
    expect(outsiderOwner.body).toContain('Someone else’s job');

    const [agreed] = (await staffB.get(`/api/v1/system-issues/issues/${id}`)).json().actions;
    expect(agreed).toMatchObject({ ownerName: 'Beech Primary', doneOn: null });
    expect(
      (await staffB.form(`/system-issues/issues/${id}/actions/${agreed.id}/done`, {}, `/system-issues/issues/${id}`))
        .statusCode,
    ).toBe(303);
    const discussed = await headA.form(
      `/system-issues/issues/${id}/discussed`,
      dateFields('discussedOn', daysAgo(1)),
      `/system-issues/issues/${id}`,
    );
    expect(discussed.statusCode).toBe(303);
    const early = await headA.form(
      `/system-issues/issues/${id}/discussed`,
      dateFields('discussedOn', daysAgo(30)),
      `/system-issues/issues/${id}`,
    );
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('must be on or after the day the issue was raised');

    // A member school's leader does not close it; the trust's leader does, after a confirmation page.
    expect((await headA.page(`/system-issues/issues/${id}/close`)).statusCode).toBe(403);
    expect((await headA.form(`/system-issues/issues/${id}/close`, {}, `/system-issues/issues/${id}`)).statusCode).toBe(
      403,
    );
    const confirm = await trustLeader.page(`/system-issues/issues/${id}/close`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Close this issue?');
    const closed = await trustLeader.form(`/system-issues/issues/${id}/close`, {}, `/system-issues/issues/${id}/close`);
    expect(closed.statusCode).toBe(303);
    expect((await trustLeader.get(`/api/v1/system-issues/issues/${id}`)).json().issue.status).toBe('closed');
    expect((await trustLeader.page(`/system-issues/issues/${id}/close`)).statusCode).toBe(409);

    const trail = (await t.services.audit.list(ADMIN, { limit: 500 })).filter(
      (e) => e.entity === 'system-issue' && e.entityId === String(id),
    );
    expect(trail.map((e) => e.action).sort()).toEqual([
      'add-action',
      'close',
      'complete-action',
      'create',
      'discussed',
    ]);
    expect(trail.every((e) => e.organisationIds.includes(ids.trust))).toBe(true);
  });
});

describe('the blame check', () => {
  const naming = {
    title: 'Referral stalled',
    whatHappened: 'The referral waited with Ada Alder for three weeks',
    whereFailed: 'No second person could pick it up',
  };

  it('answers on the same page with the names found, keeping what was typed, and saves once the names are confirmed', async () => {
    const refused = await headA.form(`/system-issues/${ids.trust}`, naming, `/system-issues/${ids.trust}/new`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('What happened names Ada Alder');
    expect(refused.body).toContain('where the system let people down, rather than who');
    expect(refused.body).toContain('The referral waited with Ada Alder for three weeks');
    expect(refused.body).toContain('The names are needed');
    // A person of a school outside the partnership is not a person of it.
    const outsideName = await headA.form(
      `/system-issues/${ids.trust}`,
      { ...naming, whatHappened: 'Cyril Cedar’s school was not told' },
      `/system-issues/${ids.trust}/new`,
    );
    expect(outsideName.statusCode).toBe(303);

    const confirmed = await headA.form(
      `/system-issues/${ids.trust}`,
      { ...naming, namesNeeded: 'true' },
      `/system-issues/${ids.trust}/new`,
    );
    expect(confirmed.statusCode).toBe(303);
    const id = issueIdOf(confirmed.headers.location);
    const [entry] = (await t.services.audit.list(ADMIN, { limit: 500 })).filter(
      (e) => e.entity === 'system-issue' && e.entityId === String(id),
    );
    expect(entry!.detail).toEqual({ namesConfirmed: true });
  });

  it('answers the API in the same words, naming the field, and finds a family name after a title', async () => {
    const refused = await headA.post(`/api/v1/system-issues/${ids.trust}`, {
      ...naming,
      whatHappened: 'Nothing moved',
      whereFailed: 'Mrs Alder alone held the list',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      expect.objectContaining({ field: 'whereFailed', message: expect.stringContaining('names Ada Alder') }),
    ]);
    const saved = await headA.post(`/api/v1/system-issues/${ids.trust}`, { ...naming, namesNeeded: true });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().issue.whatHappened).toBe(naming.whatHappened);
  });
});

describe('the agenda', () => {
  it('opens with the open issues not yet discussed, oldest first, then the actions due, soonest first', async () => {
    const meeting = daysAgo(2);
    const oldest = await raise('Agenda: oldest open', { raisedOn: daysAgo(40) });
    const newer = await raise('Agenda: newer open', { raisedOn: daysAgo(10) });
    await raise('Agenda: discussed already', { raisedOn: daysAgo(30), discussedOn: daysAgo(20) });
    await raise('Agenda: raised after the meeting', { raisedOn: daysAgo(1) });
    const closing = await raise('Agenda: closed', { raisedOn: daysAgo(35) });
    await t.services['system-issues'].close(ADMIN, closing);
    const issues = t.services['system-issues'];
    await issues.addAction(ADMIN, newer, { description: 'Agenda action due second', dueOn: daysAgo(3) });
    await issues.addAction(ADMIN, oldest, { description: 'Agenda action due first', dueOn: daysAgo(9) });
    await issues.addAction(ADMIN, oldest, { description: 'Agenda action due after', dueOn: daysAgo(-5) });
    const done = await issues.addAction(ADMIN, oldest, { description: 'Agenda action done', dueOn: daysAgo(8) });
    await issues.completeAction(ADMIN, oldest, done);

    const query = new URLSearchParams(dateFields('on', meeting)).toString();
    const page = await staffB.page(`/system-issues/${ids.trust}/agenda?${query}`);
    expect(page.statusCode).toBe(200);
    const order = [
      'Open issues not yet discussed',
      'Agenda: oldest open',
      'Agenda: newer open',
      'Actions due',
      'Agenda action due first',
      'Agenda action due second',
    ].map((text) => page.body.indexOf(text));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const absent of [
      'Agenda: discussed already',
      'Agenda: closed',
      'Agenda action due after',
      'Agenda action done',
    ])
      expect(page.body).not.toContain(absent);
  });

  it('is printable: a print header, and its PDF where this server makes them', async () => {
    const page = await headA.page(`/system-issues/${ids.trust}/agenda`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('syslead-print-header');
    expect(page.body).toContain('Agenda: system issues');
    expect(page.body).toContain('Brook Learning Trust');
    const chromium = fs.existsSync(loadConfig({ NODE_ENV: 'test', ...process.env }).chromiumPath);
    const pdf = await headA.page(`/system-issues/${ids.trust}/agenda.pdf`);
    if (chromium) {
      expect(page.body).toContain('Download PDF');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
    } else expect(pdf.statusCode).toBe(404);
  });

  it('says so on the page when the meeting date is not a date', async () => {
    const page = await headA.page(`/system-issues/${ids.trust}/agenda?on-day=31&on-month=2&on-year=2025`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toMatch(/name="on-day"[^>]*value="31"|value="31"[^>]*name="on-day"/);
  });
});

describe('who may read and write a log', () => {
  let id = 0;
  beforeAll(async () => {
    id = await raise('Permissions: an open issue');
  });

  it('does not exist for a school outside the partnership, nor for a viewer', async () => {
    for (const who of [outsider, viewerA]) {
      for (const url of [
        `/system-issues/${ids.trust}`,
        `/system-issues/${ids.trust}/new`,
        `/system-issues/${ids.trust}/agenda`,
        `/system-issues/issues/${id}`,
        `/system-issues/issues/${id}/close`,
      ])
        expect((await who.page(url)).statusCode, url).toBe(404);
      expect((await who.get(`/api/v1/system-issues/issues/${id}`)).statusCode).toBe(404);
      expect((await who.get(`/api/v1/system-issues/${ids.trust}`)).statusCode).toBe(404);
      const write = await who.post(`/api/v1/system-issues/${ids.trust}`, {
        title: 'Intruding',
        whatHappened: 'x',
        whereFailed: 'y',
      });
      expect(write.statusCode).toBe(404);
      expect((await who.post(`/api/v1/system-issues/issues/${id}/actions`, { description: 'x' })).statusCode).toBe(404);
      expect((await who.page('/system-issues')).body).not.toContain('Brook Learning Trust');
    }
  });

  it('has no log for an organisation that is not a partnership', async () => {
    expect((await headA.page(`/system-issues/${ids.schoolA}`)).statusCode).toBe(404);
    expect((await headA.get(`/api/v1/system-issues/${ids.schoolA}`)).statusCode).toBe(404);
  });

  it('sends an anonymous visitor to sign in, and answers the API with 401', async () => {
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get(`/system-issues/issues/${id}`)).statusCode).toBe(303);
    expect((await anonymous.get(`/system-issues/${ids.trust}/agenda`)).statusCode).toBe(303);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/system-issues/issues/${id}` });
    expect(api.statusCode).toBe(401);
    expect(api.body).not.toContain('Permissions: an open issue');
  });

  it('lets a read-only token read but never write, and no token reach the pages', async () => {
    expect((await readToken.get(`/api/v1/system-issues/issues/${id}`)).statusCode).toBe(200);
    expect((await readToken.get('/api/v1/system-issues')).json()[0].partnership.name).toBe('Brook Learning Trust');
    const write = await readToken.post(`/api/v1/system-issues/${ids.trust}`, {
      title: 'By a read token',
      whatHappened: 'x',
      whereFailed: 'y',
    });
    expect(write.statusCode).toBe(403);
    expect((await readToken.post(`/api/v1/system-issues/issues/${id}/close`, {})).statusCode).toBe(403);
    const page = await t.app.inject({
      method: 'GET',
      url: `/system-issues/issues/${id}`,
      headers: { authorization: `Bearer ${readToken.token}` },
    });
    expect(page.statusCode).toBe(403);
  });

  it('lets only the partnership’s leaders close an issue through the API', async () => {
    const other = await raise('Permissions: to close');
    expect((await headA.post(`/api/v1/system-issues/issues/${other}/close`, {})).statusCode).toBe(403);
    expect((await staffB.post(`/api/v1/system-issues/issues/${other}/close`, {})).statusCode).toBe(403);
    const closed = await trustLeader.post(`/api/v1/system-issues/issues/${other}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json().issue.status).toBe('closed');
  });
});
