/**
 * Set-up that respects people: every page's footer links a privacy notice and an accessibility
 * statement that anyone can read signed out; the survey page links a notice of what is and is
 * not kept; a survey's links come with a QR code and a Copy button; closing a survey asks first
 * and says it cannot be undone; browsers asking for /favicon.ico get one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { leaderOf, school, survey, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let schoolId: number;
let leader: SignedInUser;

beforeAll(async () => {
  t = await createTestApp({ minRespondents: 7 });
  schoolId = await school(t, { name: 'Elm Primary', urn: 991601 });
  leader = await userWith(t, { organisationId: schoolId, role: 'leader' });
});
afterAll(async () => t?.close());

describe('the footer and the notices', () => {
  it('links the privacy notice and the accessibility statement on every page, signed in or not', async () => {
    const signedOut = await new TestBrowser(t.app).get('/sign-in');
    const signedIn = await leader.page('/');
    for (const page of [signedOut, signedIn]) {
      expect(page.body).toContain('<a class="govuk-footer__link" href="/privacy">');
      expect(page.body).toContain('<a class="govuk-footer__link" href="/accessibility">');
      expect(page.body).toContain('<link rel="icon" href="/favicon.ico"');
    }
  });

  it('answers the notices to someone signed out', async () => {
    const anyone = new TestBrowser(t.app);
    const privacy = await anyone.get('/privacy');
    expect(privacy.statusCode).toBe(200);
    expect(privacy.body).toContain('Privacy notice');
    expect(privacy.body).toContain('href="/privacy/surveys"');
    const accessibility = await anyone.get('/accessibility');
    expect(accessibility.statusCode).toBe(200);
    expect(accessibility.body).toContain('WCAG');
    const surveys = await anyone.get('/privacy/surveys');
    expect(surveys.statusCode).toBe(200);
    // The minimum this installation keeps to, not a number written into the page.
    expect(surveys.body).toContain('at least 7 people answered that question');
    expect(surveys.body).toContain('not the time');
  });

  it('gives a favicon at /favicon.ico and as an SVG', async () => {
    const ico = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect([...ico.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const svg = await t.app.inject({ method: 'GET', url: '/static/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.body).toContain('<svg');
  });
});

describe('a survey’s links', () => {
  it('come with a QR code made on the server and a place for the Copy button, the link itself as text', async () => {
    const made = await survey(t, {
      organisationId: schoolId,
      questions: [{ type: 'scale', prompt: 'I like school' }],
      openTo: [schoolId],
      actor: leaderOf(schoolId),
    });
    const url = `${t.app.publicUrl}/s/${made.tokenOf(schoolId)}`;
    const page = await leader.page(`/surveys/${made.id}`);
    expect(page.body).toContain(`data-copy="${url}"`);
    expect(page.body).toContain(`>${url}</a>`);
    expect(page.body).toMatch(
      /<svg class="syslead-qr" role="img" aria-label="QR code of the link for Elm Primary"[^>]*>/,
    );
    expect(page.body).toContain('<path');
    expect(page.body).toContain('src="/static/build/copy-link.js"');

    const answering = await new TestBrowser(t.app).get(`/s/${made.tokenOf(schoolId)}`);
    expect(answering.body).toContain('href="/privacy/surveys"');
  });

  it('are closed only after a page that says what closing does and that it cannot be undone', async () => {
    const made = await survey(t, {
      organisationId: schoolId,
      questions: [{ type: 'scale', prompt: 'I feel safe', indicatorName: 'Pupils feeling safe at Elm' }],
      openTo: [schoolId],
      actor: leaderOf(schoolId),
    });
    const status = async () => (await t.services.surveys.getSurvey(leaderOf(schoolId), made.id)).survey.status;
    expect((await leader.page(`/surveys/${made.id}`)).body).toContain(`href="/surveys/${made.id}/close"`);
    const confirm = await leader.page(`/surveys/${made.id}/close`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Close this survey?');
    expect(confirm.body).toContain('at least 7 people answered it');
    expect(confirm.body).toContain('cannot be opened again');
    expect(await status()).toBe('open');
    const member = await userWith(t, { organisationId: schoolId, role: 'member' });
    expect((await member.page(`/surveys/${made.id}/close`)).statusCode).toBe(403);

    const closed = await leader.browser.post(`/surveys/${made.id}/close`, {});
    expect(closed.statusCode).toBe(303);
    expect(await status()).toBe('closed');
    expect((await leader.page(closed.headers.location as string)).body).not.toContain('class="syslead-undo"');
    expect((await leader.page(`/surveys/${made.id}/close`)).statusCode).toBe(409);
  });
});
