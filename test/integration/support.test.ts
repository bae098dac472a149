/**
 * Brokering and engagements end to end on a constructed system: a school weak in maths asks
 * two strong schools for help, one offers, the offer is accepted and an engagement opens; a
 * school that was not invited sees none of it, through the services, the API or the pages.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  importValues,
  leaderOf,
  localAuthority,
  member,
  school,
  staffOf,
  supportChain,
  trust,
  userWith,
  type SupportChain,
} from '../factories.js';

let t: TestApp;
let ids: { seeker: number; strong: number; good: number; outsider: number; trust: number };
/** The request, the offer and the engagement it opened, where the system has one. */
let chain: Required<SupportChain>;

const VALUES = [
  'urn,indicator,period,value',
  ...[
    ['990801', -1.5, -2.5],
    ['990802', 2, 2.5],
    ['990803', 1.5, 1.8],
    ['990804', 0.1, 0],
    ['990805', 3, 2.2],
  ].flatMap(([urn, before, after]) => [
    `${urn},ks2-maths-progress,2022/23,${before}`,
    `${urn},ks2-maths-progress,2023/24,${after}`,
    `${urn},census-pupils,2023/24,300`,
  ]),
];

/**
 * The constructed system, on a database of its own: matching reads every school in it, and
 * coverage counts every request, so no two groups of tests below share one.
 */
async function buildSystem() {
  t = await createTestApp();
  const primary = (name: string, urn: number) =>
    school(t, { name, urn, phase: 'primary', latitude: 52.48, longitude: -1.62 });
  ids = {
    seeker: await primary('Seeker Primary', 990801),
    strong: await primary('Strong Primary', 990802),
    good: await primary('Good Primary', 990803),
    outsider: await primary('Outsider Primary', 990804),
    trust: 0,
  };
  await primary('Slipping Primary', 990805); // strong, but its maths fell: left out unless asked for
  ids.trust = await trust(t, { name: 'Support Trust' });
  await member(t, ids.seeker, ids.trust);
  await member(t, ids.good, ids.trust);
  expect((await importValues(t, VALUES)).rejected).toBe(0);
  await t.services.brokerage.makeOffer(leaderOf(ids.strong), {
    organisationId: ids.strong,
    area: 'maths',
    daysPerTerm: 5,
  });
}

/** The seeker asks Strong and Good for help with maths; Strong offers its five days; the seeker accepts, opening an engagement. */
async function openEngagement() {
  chain = (await supportChain(t, {
    seeker: ids.seeker,
    helper: ids.strong,
    invite: [ids.strong, ids.good],
    days: 5,
    message: 'Year 6 maths',
    offerMessage: 'Our maths lead, one day a fortnight',
    opening: {
      type: 'school-to-school',
      aims: 'Secure maths teaching in Year 6',
      accountableTo: 'The governing board',
      measures: [{ code: 'ks2-maths-progress', target: 0 }],
    },
  })) as Required<SupportChain>;
}

/** A system for the tests of one describe (or, with `each`, one for each test), with an engagement open when asked. */
function onItsOwnSystem(options: { engagement?: boolean; each?: boolean } = {}) {
  const setUp = async () => {
    await buildSystem();
    if (options.engagement) await openEngagement();
  };
  const tearDown = async () => t?.close();
  if (options.each) {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }
}

describe('from a need to an engagement', () => {
  describe('before the school asks for help', () => {
    onItsOwnSystem();

    it('suggests the need from the school’s own results, without stating it', async () => {
      const suggested = await t.services.brokerage.suggestNeeds(leaderOf(ids.seeker), ids.seeker);
      expect(suggested.map((s) => s.area)).toContain('maths');
      expect(await t.services.brokerage.listNeeds(leaderOf(ids.seeker), ids.seeker)).toEqual([]);
    });

    it('follows the weights the school’s partnership sets, which only its leaders may change', async () => {
      await expect(
        t.services.brokerage.setWeights(leaderOf(ids.seeker), ids.trust, {
          strength: 0,
          context: 0,
          distance: 0,
          capacity: 0,
          ties: 1,
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await t.services.brokerage.setWeights(leaderOf(ids.trust), ids.trust, {
        strength: 0,
        context: 0,
        distance: 0,
        capacity: 0,
        ties: 1,
      });
      const list = await t.services.brokerage.matches(leaderOf(ids.seeker), {
        organisationId: ids.seeker,
        area: 'maths',
      });
      expect(list.weights.ties).toBe(1);
      expect(list.matches[0]).toMatchObject({ name: 'Good Primary', score: 70 });
      await t.services.brokerage.setWeights(leaderOf(ids.trust), ids.trust, {
        strength: 3,
        context: 2,
        distance: 1,
        capacity: 1,
        ties: 1,
      });
    });

    it('matches only for the school’s own staff', async () => {
      await expect(
        t.services.brokerage.matches(leaderOf(ids.outsider), { organisationId: ids.seeker, area: 'maths' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('shows a local-authority officer the schools of the authority that are waiting for help', async () => {
      const la = await localAuthority(t, { name: 'Coverage Borough' });
      const waiting = await school(t, { name: 'Waiting Primary', localAuthorityId: la });
      await t.services.brokerage.stateNeed(leaderOf(waiting), { organisationId: waiting, area: 'attendance' });
      const officer = staffOf(la);
      expect((await t.services.brokerage.coverage(officer)).waiting.map((w) => w.name)).toEqual(['Waiting Primary']);
      expect((await t.services.brokerage.coverage(leaderOf(ids.outsider))).waiting).toEqual([]);
    });
  });

  describe('asking for help', () => {
    onItsOwnSystem({ each: true });

    it('matches the need with explained reasons, strongest first, and leaves out the falling school unless asked', async () => {
      await t.services.brokerage.stateNeed(leaderOf(ids.seeker), { organisationId: ids.seeker, area: 'maths' });
      const list = await t.services.brokerage.matches(leaderOf(ids.seeker), {
        organisationId: ids.seeker,
        area: 'maths',
      });
      const byName = Object.fromEntries(list.matches.map((m) => [m.name, m]));
      expect(Object.keys(byName).sort()).toEqual(['Good Primary', 'Strong Primary']);
      // Strong is stronger and offers days; Good shares a trust with the seeker: the weights decide.
      expect(byName['Strong Primary']!.factors.strength).toBeGreaterThan(byName['Good Primary']!.factors.strength);
      expect(byName['Strong Primary']!.reasons).toContain('Offers help in this area: 5 days a term');
      expect(byName['Good Primary']!.reasons).toContain('In a partnership with your school');
      expect(byName['Good Primary']!.factors.ties).toBe(0.7);
      const all = await t.services.brokerage.matches(leaderOf(ids.seeker), {
        organisationId: ids.seeker,
        area: 'maths',
        includeFalling: true,
      });
      expect(all.matches.find((m) => m.name === 'Slipping Primary')?.falling).toBe(true);
    });

    it('sends a request to two schools; one offers; the asking school accepts and an engagement opens with its mandate and baseline', async () => {
      const need = await t.services.brokerage.stateNeed(leaderOf(ids.seeker), {
        organisationId: ids.seeker,
        area: 'maths',
      });
      const request = await t.services.brokerage.requestSupport(leaderOf(ids.seeker), {
        needId: need.id,
        invite: [ids.strong, ids.good],
        message: 'Year 6 maths',
      });
      const offer = await t.services.brokerage.offerHelp(leaderOf(ids.strong), {
        requestId: request,
        organisationId: ids.strong,
        days: 5,
        message: 'Our maths lead, one day a fortnight',
      });
      const seen = await t.services.brokerage.getRequest(leaderOf(ids.seeker), request);
      expect(seen.offers.map((o) => o.organisationName)).toEqual(['Strong Primary']);
      const engagement = await t.services.engagements.acceptAndOpen(leaderOf(ids.seeker), offer, {
        type: 'school-to-school',
        aims: 'Secure maths teaching in Year 6',
        accountableTo: 'The governing board',
        measures: [{ code: 'ks2-maths-progress', target: 0 }],
      });
      const view = await t.services.engagements.get(leaderOf(ids.strong), engagement);
      expect(view.engagement).toMatchObject({
        supportedName: 'Seeker Primary',
        supportingName: 'Strong Primary',
        phase: 'foundations',
        days: 5,
      });
      expect(view.measures).toMatchObject([
        { code: 'ks2-maths-progress', baselinePeriod: '2023/24', baselineValue: -2.5, targetValue: 0 },
      ]);
      expect((await t.services.brokerage.getRequest(leaderOf(ids.seeker), request)).request.status).toBe('accepted');
    });
  });

  describe('once the engagement is open', () => {
    onItsOwnSystem({ engagement: true });

    it('names the people in it, from either school only', async () => {
      const helper = (
        await t.services.landscape.createPerson(ADMIN, { name: 'Maths Lead', organisationId: ids.strong })
      ).id;
      const stranger = (
        await t.services.landscape.createPerson(ADMIN, { name: 'Someone Else', organisationId: ids.outsider })
      ).id;
      await t.services.engagements.addPerson(leaderOf(ids.strong), chain.engagementId, {
        personId: helper,
        role: 'Maths lead',
      });
      await expect(
        t.services.engagements.addPerson(leaderOf(ids.strong), chain.engagementId, {
          personId: stranger,
          role: 'Visitor',
        }),
      ).rejects.toMatchObject({ code: 'validation' });
      expect((await t.services.engagements.get(leaderOf(ids.seeker), chain.engagementId)).people).toMatchObject([
        { name: 'Maths Lead', organisationName: 'Strong Primary', role: 'Maths lead' },
      ]);
    });

    it('records a check-in, and shows impact with both schools’ trends beside similar schools', async () => {
      await t.services.engagements.checkIn(leaderOf(ids.strong), chain.engagementId, {
        notes: 'Observed three lessons',
        nextSteps: 'Plan fractions unit together',
      });
      const view = await t.services.engagements.get(leaderOf(ids.seeker), chain.engagementId);
      expect(view.checkIns.map((c) => c.nextSteps)).toEqual(['Plan fractions unit together']);
      const impact = await t.services.engagements.impact(leaderOf(ids.seeker), chain.engagementId);
      const rows = impact.measures[0]!.rows;
      expect(rows.map((r) => [r.period, r.partnerValue, r.supporterValue])).toEqual([['2023/24', -2.5, 2.5]]);
      expect(rows[0]!.peersCount).toBeGreaterThan(0);
    });

    it('takes the supporter’s offered days: at capacity it is no longer matched', async () => {
      const list = await t.services.brokerage.matches(leaderOf(ids.seeker), {
        organisationId: ids.seeker,
        area: 'maths',
      });
      expect(list.matches.map((m) => m.name)).toEqual(['Good Primary']);
    });

    it('counts the school as supported, not waiting, in coverage', async () => {
      const coverage = await t.services.brokerage.coverage(ADMIN);
      expect(coverage.waiting.map((w) => w.name)).not.toContain('Seeker Primary');
      expect(coverage.supported).toBe(1);
      expect(coverage.requestToAcceptance?.requests).toBe(1);
    });
  });
});

describe('support on invitation only', () => {
  onItsOwnSystem({ engagement: true });

  it('hides the request and the engagement from a school that was not invited, in the services', async () => {
    const outsider = leaderOf(ids.outsider);
    await expect(t.services.brokerage.getRequest(outsider, chain.requestId)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(t.services.engagements.get(outsider, chain.engagementId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.services.engagements.impact(outsider, chain.engagementId)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await t.services.brokerage.listRequests(outsider)).toEqual([]);
    expect(await t.services.engagements.list(outsider)).toEqual([]);
    await expect(
      t.services.brokerage.offerHelp(outsider, { requestId: chain.requestId, organisationId: ids.outsider, days: 2 }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('hides them in the API and the pages too', async () => {
    const { browser } = await userWith(t, { organisationId: ids.outsider, role: 'leader' });
    const { requestId, engagementId } = chain;
    for (const url of [
      `/api/v1/support/requests/${requestId}`,
      `/api/v1/engagements/${engagementId}`,
      `/api/v1/engagements/${engagementId}/impact`,
      `/support/requests/${requestId}`,
      `/engagements/${engagementId}`,
      `/engagements/${engagementId}/impact`,
    ]) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Seeker Primary');
    }
    expect(JSON.parse((await browser.get('/api/v1/support/requests')).body)).toEqual([]);
    expect((await browser.get('/engagements')).body).not.toContain('Seeker Primary');
  });

  it('lets an invited school see the request, and the supporting school’s staff see the engagement page', async () => {
    const { browser } = await userWith(t, { organisationId: ids.good, role: 'member' });
    expect((await browser.get(`/support/requests/${chain.requestId}`)).statusCode).toBe(200);
    expect((await browser.get(`/engagements/${chain.engagementId}`)).statusCode).toBe(404); // invited, but not in the engagement
  });
});
