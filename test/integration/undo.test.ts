/**
 * Nothing destructive without a way back: each such button leads to a page saying what will
 * happen, and only its "Yes" acts; the page after says what was done and, where the record can be
 * restored, has an Undo that puts it back, for the person who did it (or an administrator), while
 * nothing has changed it since, and never for someone without the right to change it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { leaderOf, school, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let ids: { ash: number; beech: number };
let ashLeader: SignedInUser;
let otherAshLeader: SignedInUser;
let ashMember: SignedInUser;
let beechLeader: SignedInUser;

beforeAll(async () => {
  t = await createTestApp();
  ids = {
    ash: await school(t, { name: 'Ash Primary', urn: 991501 }),
    beech: await school(t, { name: 'Beech Primary', urn: 991502 }),
  };
  ashLeader = await userWith(t, { organisationId: ids.ash, role: 'leader' });
  otherAshLeader = await userWith(t, { organisationId: ids.ash, role: 'leader' });
  ashMember = await userWith(t, { organisationId: ids.ash, role: 'member' });
  beechLeader = await userWith(t, { organisationId: ids.beech, role: 'leader' });
});
afterAll(async () => t?.close());

const needStatus = async (id: number) =>
  (await t.database.db.selectFrom('needs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
/** The form of the Undo button on a page: where it posts and its hidden fields. */
function undoForm(body: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]+)" class="syslead-undo">([\s\S]*?)<\/form>/.exec(body);
  expect(form, 'the page has an Undo button').not.toBeNull();
  const fields = Object.fromEntries(
    [...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
      .filter((m) => m[1] !== '_csrf')
      .map((m) => [m[1]!, m[2]!]),
  );
  return { action: form![1]!, fields };
}

describe('withdrawing a need', () => {
  it('asks first, saying what will happen; the Yes withdraws it and Undo reopens it', async () => {
    const need = await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'maths' });
    const needPage = await ashLeader.page(`/support/needs/${need.id}`);
    expect(needPage.body).toContain(`href="/support/needs/${need.id}/close"`);

    const confirm = await ashLeader.page(`/support/needs/${need.id}/close`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Withdraw this need?');
    expect(confirm.body).toContain('govuk-warning-text');
    expect(confirm.body).toContain('Yes, withdraw the need');
    expect(confirm.body).toContain(`href="/support/needs/${need.id}"`);
    expect(await needStatus(need.id), 'only reading the question changes nothing').toBe('open');

    const done = await ashLeader.browser.post(`/support/needs/${need.id}/close`, { status: 'withdrawn' });
    expect(done.statusCode).toBe(303);
    expect(await needStatus(need.id)).toBe('withdrawn');
    const next = await ashLeader.page(done.headers.location as string);
    expect(next.body).toContain('The need has been withdrawn.');
    const undo = undoForm(next.body);
    expect(undo.action).toBe(`/support/needs/${need.id}/reopen`);

    // Someone else may not undo it: a member has no right to, another leader did not do it.
    expect((await ashMember.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    expect((await otherAshLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    expect((await beechLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(404);
    expect(await needStatus(need.id)).toBe('withdrawn');

    const undone = await ashLeader.form(undo.action, undo.fields, done.headers.location as string);
    expect(undone.statusCode).toBe(303);
    expect(await needStatus(need.id)).toBe('open');
    expect((await ashLeader.page(undone.headers.location as string)).body).toContain('The need is open again.');
    // Undone once: a second undo is refused, as nothing is left to undo.
    expect((await ashLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(409);
  });

  it('is not reopened once the school has stated a new need in the same area', async () => {
    const need = await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'reading' });
    await ashLeader.form(`/support/needs/${need.id}/close`, { status: 'withdrawn' }, `/support/needs/${need.id}/close`);
    await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'reading' });
    const refused = await ashLeader.form(`/support/needs/${need.id}/reopen`, {}, '/support');
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('has stated a new need in');
    expect(await needStatus(need.id)).toBe('withdrawn');
  });
});

describe('withdrawing an offer', () => {
  it('asks first; Undo offers it again', async () => {
    const offerId = await t.services.brokerage.makeOffer(leaderOf(ids.ash), {
      organisationId: ids.ash,
      area: 'writing',
      daysPerTerm: 3,
    });
    const status = async () =>
      (await t.database.db.selectFrom('offers').select('status').where('id', '=', offerId).executeTakeFirstOrThrow())
        .status;
    const confirm = await ashLeader.page(`/support/offers/${offerId}/withdraw`);
    expect(confirm.body).toContain('Withdraw this offer?');
    expect(confirm.body).toContain('Yes, withdraw the offer');
    expect(await status()).toBe('open');
    expect((await ashMember.page(`/support/offers/${offerId}/withdraw`)).statusCode).toBe(403);

    const done = await ashLeader.browser.post(`/support/offers/${offerId}/withdraw`, {});
    expect(await status()).toBe('withdrawn');
    const undo = undoForm((await ashLeader.page(done.headers.location as string)).body);
    expect((await beechLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    await ashLeader.form(undo.action, undo.fields, '/support');
    expect(await status()).toBe('open');
  });
});

describe('declining a request for help', () => {
  it('warns who is told; Undo asks the school again while the request is open', async () => {
    const need = await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'science' });
    const requestId = await t.services.brokerage.requestSupport(leaderOf(ids.ash), {
      needId: need.id,
      invite: [ids.beech],
    });
    const url = `/support/requests/${requestId}`;
    const page = await beechLeader.page(url);
    expect(page.body).toContain('Declining tells the asking school’s leaders');
    const declinedAt = async () =>
      (
        await t.database.db
          .selectFrom('request_invitations')
          .select('declined_at')
          .where('request_id', '=', requestId)
          .where('organisation_id', '=', ids.beech)
          .executeTakeFirstOrThrow()
      ).declined_at;
    const done = await beechLeader.browser.post(`${url}/decline`, {
      organisationId: String(ids.beech),
      reason: 'No science lead this term',
    });
    expect(await declinedAt()).not.toBeNull();
    const undo = undoForm((await beechLeader.page(done.headers.location as string)).body);
    expect(undo.fields).toEqual({ organisationId: String(ids.beech) });
    // The asking school may not take back another school's answer.
    expect((await ashLeader.form(undo.action, undo.fields, url)).statusCode).toBe(403);
    expect(await declinedAt()).not.toBeNull();
    await beechLeader.form(undo.action, undo.fields, url);
    expect(await declinedAt()).toBeNull();
    // Asked again, the school may offer.
    const offered = await beechLeader.form(`${url}/offers`, { organisationId: String(ids.beech), days: '2' }, url);
    expect(offered.statusCode).toBe(303);
    // Accepting it cannot be undone, and the asking school is told so before it does.
    const accept = /href="(\/support\/request-offers\/\d+\/accept)"/.exec((await ashLeader.page(url)).body)![1]!;
    expect((await ashLeader.page(accept)).body).toContain(
      'Accepting answers the request for good: Beech Primary is told and the engagement begins',
    );
  });
});

describe('the undo window', () => {
  it('belongs to whoever made the latest change, or an administrator', async () => {
    const need = await t.services.brokerage.stateNeed(leaderOf(ids.ash), { organisationId: ids.ash, area: 'music' });
    await ashLeader.form(`/support/needs/${need.id}/close`, { status: 'withdrawn' }, `/support/needs/${need.id}/close`);
    await t.services.brokerage.closeNeed(ADMIN, need.id, 'met');
    const refused = await ashLeader.form(`/support/needs/${need.id}/reopen`, {}, '/support');
    expect(refused.statusCode).toBe(403);
    await t.services.brokerage.reopenNeed(ADMIN, need.id);
    expect(await needStatus(need.id)).toBe('open');
  });
});

describe('ending a tie', () => {
  it('asks first; Undo restores the end date it had, and no one else may', async () => {
    const tie = await t.services.landscape.createRelationship(ADMIN, {
      type: 'peer-review',
      fromOrganisationId: ids.ash,
      toOrganisationId: ids.beech,
      endDate: '2099-08-31',
    });
    const endDate = async () => (await t.services.landscape.getRelationship(ADMIN, tie.id)).endDate;
    const confirm = await ashLeader.page(`/relationships/${tie.id}/end?back=${ids.ash}`);
    expect(confirm.body).toContain('End this relationship today?');
    expect(confirm.body).toContain('Yes, end the relationship');
    expect(await endDate()).toBe('2099-08-31');
    expect((await ashMember.page(`/relationships/${tie.id}/end`)).statusCode).toBe(403);

    const done = await ashLeader.browser.post(`/relationships/${tie.id}/end`, { back: String(ids.ash) });
    expect(await endDate()).toBe(new Date().toISOString().slice(0, 10));
    const next = await ashLeader.page(done.headers.location as string);
    expect(next.body).toContain('The relationship has been ended.');
    const undo = undoForm(next.body);
    expect(undo).toEqual({ action: `/relationships/${tie.id}/restore`, fields: { back: String(ids.ash) } });
    // A leader of the other side may change the tie, but did not end it.
    expect((await beechLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    expect((await ashMember.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    const undone = await ashLeader.form(undo.action, undo.fields, done.headers.location as string);
    expect(undone.headers.location).toContain(`/organisations/${ids.ash}?notice=relationship-restored`);
    expect(await endDate()).toBe('2099-08-31');
  });
});

describe('ending a role', () => {
  it('asks first; Undo makes it current again', async () => {
    const personId = (await t.services.landscape.createPerson(ADMIN, { name: 'Rowan Ash', organisationId: ids.ash }))
      .id;
    const role = await t.services.landscape.createRoleAssignment(ADMIN, {
      personId,
      roleCode: 'mentor-head',
      organisationId: ids.ash,
    });
    const confirm = await ashLeader.page(`/role-assignments/${role.id}/end`);
    expect(confirm.body).toContain('End Rowan Ash’s role today?');
    expect((await t.services.landscape.getRoleAssignment(ADMIN, role.id)).endDate).toBeNull();
    const done = await ashLeader.browser.post(`/role-assignments/${role.id}/end`, {});
    expect((await t.services.landscape.getRoleAssignment(ADMIN, role.id)).endDate).not.toBeNull();
    const undo = undoForm((await ashLeader.page(done.headers.location as string)).body);
    expect((await beechLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    await ashLeader.form(undo.action, undo.fields, `/people/${personId}`);
    expect((await t.services.landscape.getRoleAssignment(ADMIN, role.id)).endDate).toBeNull();
  });
});

describe('ending a sharing agreement', () => {
  it('asks first; Undo shares again', async () => {
    const trustId = (await t.services.landscape.createOrganisation(ADMIN, { kind: 'academy-trust', name: 'Oak Trust' }))
      .id;
    const agreementId = await t.services.landscape.createSharingAgreement(ADMIN, {
      organisationId: ids.ash,
      partnershipId: trustId,
      what: 'contact-details',
    });
    const current = async () =>
      (await t.services.landscape.listSharingAgreements(ADMIN, ids.ash)).find((a) => a.id === agreementId)!;
    const confirm = await ashLeader.page(`/sharing-agreements/${agreementId}/end`);
    expect(confirm.body).toContain('Stop sharing with Oak Trust?');
    expect((await ashMember.page(`/sharing-agreements/${agreementId}/end`)).statusCode).toBe(403);
    const done = await ashLeader.browser.post(`/sharing-agreements/${agreementId}/end`, {});
    expect((await current()).endDate).not.toBeNull();
    const undo = undoForm((await ashLeader.page(done.headers.location as string)).body);
    expect((await beechLeader.form(undo.action, undo.fields, '/support')).statusCode).toBe(403);
    await ashLeader.form(undo.action, undo.fields, `/organisations/${ids.ash}`);
    expect((await current()).endDate).toBeNull();
    expect((await current()).current).toBe(true);
  });
});

describe('erasing a person', () => {
  it('asks an administrator first, saying it cannot be undone, and offers no Undo', async () => {
    const admin = await userWith(t, null, { isAdmin: true });
    const personId = (await t.services.landscape.createPerson(ADMIN, { name: 'Hazel Ash', organisationId: ids.ash }))
      .id;
    expect((await ashLeader.page(`/people/${personId}/erase`)).statusCode).toBe(403);
    expect((await admin.page(`/people/${personId}`)).body).toContain(`href="/people/${personId}/erase"`);
    const confirm = await admin.page(`/people/${personId}/erase`);
    expect(confirm.body).toContain('Erase Hazel Ash?');
    expect(confirm.body).toContain('This cannot be undone.');
    expect((await t.services.landscape.getPerson(ADMIN, personId)).name).toBe('Hazel Ash');
    expect((await ashLeader.form(`/people/${personId}/erase`, {}, '/people')).statusCode).toBe(403);
    const done = await admin.browser.post(`/people/${personId}/erase`, {});
    expect(done.statusCode).toBe(303);
    const next = await admin.page(done.headers.location as string);
    expect(next.body).toContain('The person and their roles have been erased.');
    expect(next.body).not.toContain('class="syslead-undo"');
    await expect(t.services.landscape.getPerson(ADMIN, personId)).rejects.toThrow();
  });
});
