/**
 * States that follow what happened in brokering: an asked school declines with a reason the
 * asking school reads; a request shows whom it asked and each one's answer; a need answered by
 * an engagement reads "being met"; a need already stated is not suggested again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { importValues, leaderOf, school, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let ids: { seeker: number; first: number; second: number; stranger: number };
let seeker: SignedInUser;
let first: SignedInUser;
let second: SignedInUser;
let stranger: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  ids = {
    seeker: await school(t, { name: 'Ash Primary', urn: 990901, phase: 'primary' }),
    first: await school(t, { name: 'Beech Primary', urn: 990902, phase: 'primary' }),
    second: await school(t, { name: 'Cherry Primary', urn: 990903, phase: 'primary' }),
    stranger: await school(t, { name: 'Damson Primary', urn: 990904, phase: 'primary' }),
  };
  const rows = [
    ['990901', -2.5],
    ['990902', 2],
    ['990903', 1.5],
    ['990904', 0.5],
  ].map(([urn, value]) => `${urn},ks2-maths-progress,2023/24,${value}`);
  expect((await importValues(t, ['urn,indicator,period,value', ...rows])).rejected).toBe(0);
  seeker = await userWith(t, { organisationId: ids.seeker, role: 'leader' });
  first = await userWith(t, { organisationId: ids.first, role: 'leader' });
  second = await userWith(t, { organisationId: ids.second, role: 'leader' });
  stranger = await userWith(t, { organisationId: ids.stranger, role: 'leader' });
});
afterAll(async () => t?.close());

/** A need stated by the seeker and a request to the first and second schools; returns their ids. */
async function asked(area: string) {
  const needId = (await t.services.brokerage.stateNeed(leaderOf(ids.seeker), { organisationId: ids.seeker, area })).id;
  const requestId = await t.services.brokerage.requestSupport(leaderOf(ids.seeker), {
    needId,
    invite: [ids.first, ids.second],
  });
  return { needId, requestId };
}

const answerRow = (body: string, name: string) => {
  const at = body.indexOf(`<dt class="govuk-summary-list__key">${name}</dt>`);
  return at < 0 ? '' : body.slice(at, body.indexOf('</div>', at));
};

describe('an asked school answering a request', () => {
  it('declines with a reason the asking school reads, beside each school asked and its answer', async () => {
    const { requestId } = await asked('writing');
    const url = `/support/requests/${requestId}`;
    const declined = await second.form(
      `${url}/decline`,
      { organisationId: String(ids.second), reason: 'Our writing lead is on leave this term' },
      url,
    );
    expect(declined.statusCode).toBe(303);
    expect((await second.page(declined.headers.location as string)).body).toContain('Your school has declined');
    await t.services.brokerage.offerHelp(leaderOf(ids.first), { requestId, organisationId: ids.first, days: 4 });

    const page = (await seeker.page(url)).body;
    expect(page).toContain('Schools asked');
    expect(answerRow(page, 'Cherry Primary')).toContain('Declined: “Our writing lead is on leave this term”');
    expect(answerRow(page, 'Beech Primary')).toContain('Offered 4 days');
    const api = (await seeker.get(`/api/v1/${url.slice(1)}`)).json();
    expect(
      api.answers.map((a: { organisationName: string; answer: string }) => [a.organisationName, a.answer]),
    ).toEqual([
      ['Beech Primary', 'offered'],
      ['Cherry Primary', 'declined'],
    ]);

    // A helper sees its own answer, not the other school's reason.
    const helpers = (await first.page(url)).body;
    expect(helpers).toContain('Your answer');
    expect(helpers).not.toContain('on leave this term');
    expect((await first.get(`/api/v1/${url.slice(1)}`)).json().answers).toHaveLength(1);
  });

  it('shows a school not yet answering as not yet answered', async () => {
    const { requestId } = await asked('attendance');
    const page = (await seeker.page(`/support/requests/${requestId}`)).body;
    expect(answerRow(page, 'Beech Primary')).toContain('Not yet answered');
    expect(answerRow(page, 'Cherry Primary')).toContain('Not yet answered');
  });

  it('asks for a reason in a person’s words, and changes nothing without one', async () => {
    const { requestId } = await asked('behaviour');
    const url = `/support/requests/${requestId}`;
    const response = await second.form(`${url}/decline`, { organisationId: String(ids.second), reason: ' ' }, url);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter why your school cannot help');
    expect(response.body).not.toMatch(/Expected|is required/);
    expect((await t.services.brokerage.getRequest(ADMIN, requestId)).answers.every((a) => a.answer === 'waiting')).toBe(
      true,
    );
  });

  it('refuses a second answer, an offer after declining, and a decline from a school not asked', async () => {
    const { requestId } = await asked('send');
    const decline = (who: SignedInUser, organisationId: number) =>
      who.post(`/api/v1/support/requests/${requestId}/declines`, { organisationId, reason: 'No capacity' });
    expect((await decline(second, ids.second)).statusCode).toBe(204);
    expect((await decline(second, ids.second)).statusCode).toBe(409);
    await expect(
      t.services.brokerage.offerHelp(leaderOf(ids.second), { requestId, organisationId: ids.second, days: 1 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await t.services.brokerage.offerHelp(leaderOf(ids.first), { requestId, organisationId: ids.first, days: 1 });
    expect((await decline(first, ids.first)).statusCode).toBe(409);
    // A school not asked does not see the request at all; a leader of the asked school answers only for it.
    expect((await decline(stranger, ids.stranger)).statusCode).toBe(404);
    expect((await decline(seeker, ids.second)).statusCode).toBe(403);
    const entries = (await t.services.audit.list(ADMIN, { limit: 500 })).filter(
      (e) => e.entity === 'support-request' && e.action === 'decline' && e.entityId === String(requestId),
    );
    expect(entries).toHaveLength(1);
  });
});

describe('what a need reads as', () => {
  it('reads “being met” once an engagement answers it', async () => {
    const { needId, requestId } = await asked('governance');
    const offerId = await t.services.brokerage.offerHelp(leaderOf(ids.first), {
      requestId,
      organisationId: ids.first,
      days: 2,
    });
    expect((await seeker.page(`/support/needs/${needId}`)).body).toContain('waiting for help');
    const engagementId = await t.services.engagements.acceptAndOpen(leaderOf(ids.seeker), offerId, {
      type: 'school-to-school',
      aims: 'A stronger board',
      accountableTo: 'The governing board',
      measures: [],
    });
    const need = await t.services.brokerage.getNeed(leaderOf(ids.seeker), needId);
    expect(need).toMatchObject({ status: 'open', state: 'being-met', engagementId });
    const page = (await seeker.page(`/support/needs/${needId}`)).body;
    expect(page).toContain('being met');
    expect(page).toContain(`href="/engagements/${engagementId}"`);
    expect((await seeker.page('/support')).body).toMatch(/Governance<\/a> · being met/);
  });

  it('does not suggest a need the school has already stated', async () => {
    const before = await t.services.brokerage.suggestNeeds(leaderOf(ids.seeker), ids.seeker);
    expect(before.map((s) => s.area)).toContain('maths');
    await t.services.brokerage.stateNeed(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
    const after = await t.services.brokerage.suggestNeeds(leaderOf(ids.seeker), ids.seeker);
    expect(after.map((s) => s.area)).not.toContain('maths');
  });
});
