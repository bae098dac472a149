/**
 * Brokering and engagements end to end on a constructed system: a school weak in maths asks
 * two strong schools for help, one offers, the offer is accepted and an engagement opens; a
 * school that was not invited sees none of it, through the services, the API or the pages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, createUser, TestBrowser, type TestApp } from '../test-app.js';

let t: TestApp;
const ids = { seeker: 0, strong: 0, good: 0, outsider: 0, trust: 0, need: 0, request: 0, offer: 0, engagement: 0 };
const leaderOf = (organisationId: number): Actor => ({ ...ADMIN, userId: 0, isAdmin: false, memberships: [{ organisationId, role: 'leader' }] });

const VALUES = [
  'urn,indicator,period,value',
  ...[['990801', -1.5, -2.5], ['990802', 2, 2.5], ['990803', 1.5, 1.8], ['990804', 0.1, 0], ['990805', 3, 2.2]].flatMap(([urn, before, after]) => [
    `${urn},ks2-maths-progress,2022/23,${before}`,
    `${urn},ks2-maths-progress,2023/24,${after}`,
    `${urn},census-pupils,2023/24,300`,
  ]),
].join('\n');

beforeAll(async () => {
  t = await createTestApp();
  const l = t.services.landscape;
  const school = async (name: string, urn: number) => (await l.createOrganisation(ADMIN, { kind: 'school', name, urn, phase: 'primary', latitude: 52.48, longitude: -1.62 })).id;
  ids.seeker = await school('Seeker Primary', 990801);
  ids.strong = await school('Strong Primary', 990802);
  ids.good = await school('Good Primary', 990803);
  ids.outsider = await school('Outsider Primary', 990804);
  await school('Slipping Primary', 990805); // strong, but its maths fell: left out unless asked for
  ids.trust = (await l.createOrganisation(ADMIN, { kind: 'academy-trust', name: 'Support Trust' })).id;
  await l.createRelationship(ADMIN, { type: 'membership', fromOrganisationId: ids.seeker, toOrganisationId: ids.trust });
  await l.createRelationship(ADMIN, { type: 'membership', fromOrganisationId: ids.good, toOrganisationId: ids.trust });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-support-'));
  fs.writeFileSync(path.join(dir, 'values.csv'), VALUES);
  expect((await l.importFile(ADMIN, 'indicator-values', path.join(dir, 'values.csv'))).rejected).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
  await t.services.brokerage.makeOffer(leaderOf(ids.strong), { organisationId: ids.strong, area: 'maths', daysPerTerm: 5 });
});
afterAll(async () => t?.close());

describe('from a need to an engagement', () => {
  it('suggests the need from the school’s own results, without stating it', async () => {
    const suggested = await t.services.brokerage.suggestNeeds(leaderOf(ids.seeker), ids.seeker);
    expect(suggested.map((s) => s.area)).toContain('maths');
    expect(await t.services.brokerage.listNeeds(leaderOf(ids.seeker), ids.seeker)).toEqual([]);
  });

  it('matches the need with explained reasons, strongest first, and leaves out the falling school unless asked', async () => {
    const need = await t.services.brokerage.stateNeed(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
    ids.need = need.id;
    const list = await t.services.brokerage.matches(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
    const byName = Object.fromEntries(list.matches.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['Good Primary', 'Strong Primary']);
    // Strong is stronger and offers days; Good shares a trust with the seeker: the weights decide.
    expect(byName['Strong Primary']!.factors.strength).toBeGreaterThan(byName['Good Primary']!.factors.strength);
    expect(byName['Strong Primary']!.reasons).toContain('Offers help in this area: 5 days a term');
    expect(byName['Good Primary']!.reasons).toContain('In a partnership with your school');
    expect(byName['Good Primary']!.factors.ties).toBe(0.7);
    const all = await t.services.brokerage.matches(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths', includeFalling: true });
    expect(all.matches.find((m) => m.name === 'Slipping Primary')?.falling).toBe(true);
  });

  it('follows the weights the school’s partnership sets, which only its leaders may change', async () => {
    await expect(t.services.brokerage.setWeights(leaderOf(ids.seeker), ids.trust, { strength: 0, context: 0, distance: 0, capacity: 0, ties: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await t.services.brokerage.setWeights(leaderOf(ids.trust), ids.trust, { strength: 0, context: 0, distance: 0, capacity: 0, ties: 1 });
    const list = await t.services.brokerage.matches(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
    expect(list.weights.ties).toBe(1);
    expect(list.matches[0]).toMatchObject({ name: 'Good Primary', score: 70 });
    await t.services.brokerage.setWeights(leaderOf(ids.trust), ids.trust, { strength: 3, context: 2, distance: 1, capacity: 1, ties: 1 });
  });

  it('matches only for the school’s own staff', async () => {
    await expect(t.services.brokerage.matches(leaderOf(ids.outsider), { organisationId: ids.seeker, area: 'maths' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('sends a request to two schools; one offers; the asking school accepts and an engagement opens with its mandate and baseline', async () => {
    ids.request = await t.services.brokerage.requestSupport(leaderOf(ids.seeker), { needId: ids.need, invite: [ids.strong, ids.good], message: 'Year 6 maths' });
    ids.offer = await t.services.brokerage.offerHelp(leaderOf(ids.strong), { requestId: ids.request, organisationId: ids.strong, days: 5, message: 'Our maths lead, one day a fortnight' });
    const seen = await t.services.brokerage.getRequest(leaderOf(ids.seeker), ids.request);
    expect(seen.offers.map((o) => o.organisationName)).toEqual(['Strong Primary']);
    ids.engagement = await t.services.engagements.acceptAndOpen(leaderOf(ids.seeker), ids.offer, {
      type: 'school-to-school', aims: 'Secure maths teaching in Year 6', accountableTo: 'The governing board', measures: [{ code: 'ks2-maths-progress', target: 0 }],
    });
    const view = await t.services.engagements.get(leaderOf(ids.strong), ids.engagement);
    expect(view.engagement).toMatchObject({ supportedName: 'Seeker Primary', supportingName: 'Strong Primary', phase: 'foundations', days: 5 });
    expect(view.measures).toMatchObject([{ code: 'ks2-maths-progress', baselinePeriod: '2023/24', baselineValue: -2.5, targetValue: 0 }]);
    expect((await t.services.brokerage.getRequest(leaderOf(ids.seeker), ids.request)).request.status).toBe('accepted');
  });

  it('names the people in it, from either school only', async () => {
    const helper = (await t.services.landscape.createPerson(ADMIN, { name: 'Maths Lead', organisationId: ids.strong })).id;
    const stranger = (await t.services.landscape.createPerson(ADMIN, { name: 'Someone Else', organisationId: ids.outsider })).id;
    await t.services.engagements.addPerson(leaderOf(ids.strong), ids.engagement, { personId: helper, role: 'Maths lead' });
    await expect(t.services.engagements.addPerson(leaderOf(ids.strong), ids.engagement, { personId: stranger, role: 'Visitor' })).rejects.toMatchObject({ code: 'validation' });
    expect((await t.services.engagements.get(leaderOf(ids.seeker), ids.engagement)).people).toMatchObject([{ name: 'Maths Lead', organisationName: 'Strong Primary', role: 'Maths lead' }]);
  });

  it('records a check-in, and shows impact with both schools’ trends beside similar schools', async () => {
    await t.services.engagements.checkIn(leaderOf(ids.strong), ids.engagement, { notes: 'Observed three lessons', nextSteps: 'Plan fractions unit together' });
    const view = await t.services.engagements.get(leaderOf(ids.seeker), ids.engagement);
    expect(view.checkIns.map((c) => c.nextSteps)).toEqual(['Plan fractions unit together']);
    const impact = await t.services.engagements.impact(leaderOf(ids.seeker), ids.engagement);
    const rows = impact.measures[0]!.rows;
    expect(rows.map((r) => [r.period, r.partnerValue, r.supporterValue])).toEqual([['2023/24', -2.5, 2.5]]);
    expect(rows[0]!.peersCount).toBeGreaterThan(0);
  });

  it('takes the supporter’s offered days: at capacity it is no longer matched', async () => {
    const list = await t.services.brokerage.matches(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
    expect(list.matches.map((m) => m.name)).toEqual(['Good Primary']);
  });

  it('shows a local-authority officer the schools of the authority that are waiting for help', async () => {
    const la = (await t.services.landscape.createOrganisation(ADMIN, { kind: 'local-authority', name: 'Coverage Borough', laCode: '991' })).id;
    const waiting = (await t.services.landscape.createOrganisation(ADMIN, { kind: 'school', name: 'Waiting Primary', urn: 990806, localAuthorityId: la })).id;
    await t.services.brokerage.stateNeed(leaderOf(waiting), { organisationId: waiting, area: 'attendance' });
    const officer: Actor = { ...ADMIN, userId: 0, isAdmin: false, memberships: [{ organisationId: la, role: 'member' }] };
    expect((await t.services.brokerage.coverage(officer)).waiting.map((w) => w.name)).toEqual(['Waiting Primary']);
    expect((await t.services.brokerage.coverage(leaderOf(ids.outsider))).waiting).toEqual([]);
  });

  it('counts the school as supported, not waiting, in coverage', async () => {
    const coverage = await t.services.brokerage.coverage(ADMIN);
    expect(coverage.waiting.map((w) => w.name)).not.toContain('Seeker Primary');
    expect(coverage.supported).toBe(1);
    expect(coverage.requestToAcceptance?.requests).toBe(1);
  });
});

describe('support on invitation only', () => {
  it('hides the request and the engagement from a school that was not invited, in the services', async () => {
    const outsider = leaderOf(ids.outsider);
    await expect(t.services.brokerage.getRequest(outsider, ids.request)).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.services.engagements.get(outsider, ids.engagement)).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.services.engagements.impact(outsider, ids.engagement)).rejects.toMatchObject({ code: 'not_found' });
    expect(await t.services.brokerage.listRequests(outsider)).toEqual([]);
    expect(await t.services.engagements.list(outsider)).toEqual([]);
    await expect(t.services.brokerage.offerHelp(outsider, { requestId: ids.request, organisationId: ids.outsider, days: 2 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('hides them in the API and the pages too', async () => {
    const browser = new TestBrowser(t.app);
    const user = await createUser(t.services);
    await t.services.accounts.setMembership(ADMIN, { email: user.email, organisationId: ids.outsider, role: 'leader' });
    await browser.signIn(user.email, user.password);
    for (const url of [`/api/v1/support/requests/${ids.request}`, `/api/v1/engagements/${ids.engagement}`, `/api/v1/engagements/${ids.engagement}/impact`, `/support/requests/${ids.request}`, `/engagements/${ids.engagement}`, `/engagements/${ids.engagement}/impact`]) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Seeker Primary');
    }
    expect(JSON.parse((await browser.get('/api/v1/support/requests')).body)).toEqual([]);
    expect((await browser.get('/engagements')).body).not.toContain('Seeker Primary');
  });

  it('lets an invited school see the request, and the supporting school’s staff see the engagement page', async () => {
    const browser = new TestBrowser(t.app);
    const user = await createUser(t.services);
    await t.services.accounts.setMembership(ADMIN, { email: user.email, organisationId: ids.good, role: 'member' });
    await browser.signIn(user.email, user.password);
    expect((await browser.get(`/support/requests/${ids.request}`)).statusCode).toBe(200);
    expect((await browser.get(`/engagements/${ids.engagement}`)).statusCode).toBe(404); // invited, but not in the engagement
  });
});
