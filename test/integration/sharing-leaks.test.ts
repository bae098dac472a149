/**
 * Who sees what, tried as an attacker would: indicator values read through one gate on every
 * path (group results, an organisation's values, engagement impact and baselines, brokerage),
 * summary sharing that never yields a member's own value, comparison groups too small to show,
 * memberships that need both sides, roles given only by a person's own organisation, and the
 * acceptance of an offer that opens its engagement in one transaction or not at all.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  leaderOf,
  member,
  person,
  school,
  share,
  staffOf,
  trust,
  answeredSurvey,
  userWith,
  values as valuesOf,
  type ValueRow,
} from '../factories.js';

let t: TestApp;

const ids = { trust: 0, supported: 0, supporting: 0, peers: [] as number[], members: [] as number[], outsider: 0 };
const SOFT = 'staff-wellbeing-test';

const values = (code: string, rows: ValueRow[], source?: string) => valuesOf(t, code, rows, source);
const primary = (name: string) => school(t, { name, phase: 'primary', fsmPercent: 20 });

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Gate Trust' });
  ids.supported = await primary('Supported Primary');
  ids.supporting = await primary('Supporting Primary');
  ids.outsider = await primary('Outsider Primary');
  for (let i = 0; i < 8; i++) ids.peers.push(await primary(`Peer ${i}`));
  for (let i = 0; i < 7; i++) ids.members.push(await primary(`Member ${i}`));
  for (const id of ids.members) await member(t, id, ids.trust);
  await t.services.indicators.listIndicators(ADMIN);
  await t.services.indicators.createIndicator(ADMIN, {
    code: SOFT,
    name: 'Staff wellbeing (test)',
    unit: 'percent',
    kind: 'soft',
    direction: 'higher',
    outcome: null,
    source: 'Staff survey',
    published: false,
  });
});
afterAll(async () => t?.close());

describe('every read of a value goes through one gate', () => {
  let engagement = 0;
  beforeAll(async () => {
    // The supported school's unpublished results: one withheld (3 answered), one shown to its own staff only.
    await values(SOFT, [
      { organisationId: ids.supported, period: '2022/23', value: 41 },
      { organisationId: ids.supported, period: '2023/24', value: 77, respondents: 3 },
      { organisationId: ids.supporting, period: '2023/24', value: 64 },
      ...ids.peers.slice(0, 3).map((organisationId, i) => ({ organisationId, period: '2023/24', value: 50 + i })),
    ]);
    // Published results from the baseline on: eight similar schools in 2023/24, three in 2024/25.
    await values(
      'ks2-maths-progress',
      [
        { organisationId: ids.supported, period: '2023/24', value: -2 },
        ...ids.peers.map((organisationId, i) => ({ organisationId, period: '2023/24', value: i })),
        ...ids.peers.slice(0, 3).map((organisationId, i) => ({ organisationId, period: '2024/25', value: i })),
      ],
      'test:published',
    );
    // An engagement between the two on both indicators, which the tests below only read.
    engagement = await t.services.engagements.openDirect(
      ADMIN,
      { supportedId: ids.supported, supportingId: ids.supporting },
      {
        type: 'school-to-school',
        aims: 'Staff wellbeing',
        accountableTo: 'Both boards',
        measures: [{ code: SOFT }, { code: 'ks2-maths-progress' }],
      },
    );
  });

  it('impact shows the supporting school none of the supported school’s unpublished values, baseline included', async () => {
    const id = engagement;
    const asSupporter = await t.services.engagements.impact(leaderOf(ids.supporting), id);
    const soft = asSupporter.measures.find((m) => m.indicator.code === SOFT)!;
    expect(soft.baseline).toMatchObject({ value: null, display: 'Not shared with you' });
    expect(soft.rows.map((r) => r.partnerValue).filter((v) => v !== null)).toEqual([]);
    expect(JSON.stringify(asSupporter)).not.toMatch(/41|77/);
    const page = await t.services.engagements.get(leaderOf(ids.supporting), id);
    expect(page.measures.find((m) => m.code === SOFT)).toMatchObject({ baselineValue: null, baselineShared: false });

    // The supported school sees its own value, but never the one withheld because three answered; the baseline skips it too.
    const asSupported = await t.services.engagements.impact(leaderOf(ids.supported), id);
    const own = asSupported.measures.find((m) => m.indicator.code === SOFT)!;
    expect(own.baseline).toMatchObject({ period: '2022/23', value: 41 });
    // 2023/24 has no row: the school's own value is withheld and no one else's is its to see.
    expect(own.rows.map((r) => [r.period, r.partnerValue])).toEqual([['2022/23', 41]]);
    expect(JSON.stringify(asSupported)).not.toContain('77');
  });

  it('shows no figure for a comparison group smaller than the minimum cohort, and unpublished peers count for no one', async () => {
    const id = engagement;
    const impact = await t.services.engagements.impact(leaderOf(ids.supported), id);
    const maths = impact.measures.find((m) => m.indicator.code === 'ks2-maths-progress')!;
    const byPeriod = Object.fromEntries(maths.rows.map((r) => [r.period, r]));
    expect(byPeriod['2023/24']).toMatchObject({ partnerValue: -2, peersCount: 8, peersValue: 3.5 });
    expect(byPeriod['2024/25']).toMatchObject({ peersCount: 3, peersValue: null, peers: '—' });
    expect(maths.thinComparison).toBe(true);
    // Three peers' unpublished values are not the supported school's to see, even as a mean.
    const soft = impact.measures.find((m) => m.indicator.code === SOFT)!;
    expect(soft.rows.map((r) => r.peersValue).filter((v) => v !== null)).toEqual([]);
    expect(soft.rows.every((r) => r.peersCount === 0)).toBe(true);
  });

  it('brokerage evidence reads only what the seeker may see', async () => {
    // A matching candidate whose claim is an unpublished value is not the seeker's to rank by.
    const matches = await t.services.brokerage.matches(leaderOf(ids.outsider), {
      organisationId: ids.outsider,
      area: 'maths',
    });
    expect(matches.matches.map((m) => m.name)).toContain('Peer 7'); // published maths progress: everyone may see it
    const values = await t.services.indicators.latestValues(leaderOf(ids.outsider), {
      code: SOFT,
      organisationIds: null,
    });
    // Others' unpublished values (the supported, supporting and peer schools hold some) are none of the seeker's.
    expect([...values.keys()]).toEqual([]);
  });

  it('answers England with a benchmark instead of failing', async () => {
    const [result] = await t.services.indicators.groupResults(ADMIN, {
      scope: 'england',
      indicator: 'ks2-maths-progress',
      benchmark: `org:${ids.trust}`,
    });
    expect(result?.scope.ref).toBe('england');
    const browser = await userWith(t);
    const answer = await browser.get(
      `/api/v1/indicators/group?scope=england&indicator=ks2-maths-progress&benchmark=org:${ids.trust}`,
    );
    expect(answer.statusCode).toBe(200);
  });
});

describe('one rule, one answer: a survey the trust ran and the trust’s group results agree', () => {
  it('shows the trust’s leader a school’s survey results only where the school shares them, as group results do', async () => {
    const partnership = await trust(t, { name: 'Survey Trust' });
    const sharing = await school(t, { name: 'Sharing School' });
    const keeping = await school(t, { name: 'Keeping School' });
    for (const id of [sharing, keeping]) await member(t, id, partnership);
    await share(t, sharing, partnership, 'all');
    const surveys = t.services.surveys;
    const survey = (
      await answeredSurvey(t, {
        actor: leaderOf(partnership),
        organisationId: partnership,
        title: 'Trust voice',
        audience: 'pupils',
        period: '2024/25',
        questions: [{ type: 'scale', prompt: 'I like my school', indicatorName: 'Pupils liking school (gate test)' }],
        answers: [sharing, keeping].map((organisationId) => ({
          organisationId,
          times: 12,
          answer: (_i: number, [q]: number[]) => ({ [`q${q}`]: organisationId === keeping ? '5' : '2' }),
        })),
      })
    ).id;

    const page = await surveys.results(leaderOf(partnership), survey);
    const byName = Object.fromEntries(page.organisations.map((o) => [o.name, o]));
    expect(byName['Sharing School']).toMatchObject({ notShared: false, respondents: 12 });
    expect(byName['Keeping School']).toMatchObject({ notShared: true, respondents: null });
    expect(byName['Keeping School']!.questions.every((q) => q.counts === null && q.share === null)).toBe(true);
    const [group] = await t.services.indicators.groupResults(leaderOf(partnership), {
      scope: `org:${partnership}`,
      indicator: 'pupils-pupils-liking-school-gate-test',
    });
    expect(group).toMatchObject({ members: 1, notShared: 1 });
    expect(group!.memberValues?.map((m) => m.name)).toEqual(['Sharing School']);
    // The school itself still reads its own results.
    expect((await surveys.results(leaderOf(keeping), survey)).organisations).toMatchObject([
      { name: 'Keeping School', notShared: false, respondents: 12 },
    ]);
  });
});

describe('a summary agreement shares only the partnership’s aggregate', () => {
  const SUMMARY = 'summary-share-test';
  /** A partnership of seven schools, new for each test: the last test ends some of its agreements. */
  const group = { trust: 0, members: [] as number[] };
  const viewerSchool = () => group.members[0]!;
  beforeAll(async () => {
    await t.services.indicators.createIndicator(ADMIN, {
      code: SUMMARY,
      name: 'Pupil voice (summary test)',
      unit: 'count',
      kind: 'soft',
      direction: 'higher',
      outcome: null,
      source: 'Survey',
      published: false,
    });
  });
  beforeEach(async () => {
    group.trust = await trust(t, { name: 'Summary Trust' });
    group.members = [];
    for (let i = 0; i < 7; i++) group.members.push(await primary(`Summary Member ${i}`));
    for (const id of group.members) await member(t, id, group.trust);
    // Member i holds the value 10 × (i + 1): 10, 20, … 70. Members 1–5 share a summary, member 6 in full.
    await values(
      SUMMARY,
      group.members.map((organisationId, i) => ({ organisationId, period: '2023/24', value: 10 * (i + 1) })),
    );
    for (const id of group.members.slice(1, 6)) await share(t, id, group.trust, 'summary');
    await share(t, group.members[6]!, group.trust, 'all');
  });

  it('counts summary sharers in the partnership’s figure but never names or shows one of them', async () => {
    const [r] = await t.services.indicators.groupResults(staffOf(viewerSchool()), {
      scope: `org:${group.trust}`,
      indicator: SUMMARY,
    });
    expect(r).toMatchObject({ members: 7, value: 280, notShared: 0 });
    const shown = r!.memberValues?.map((m) => m.value) ?? r!.own.map((m) => m.value);
    expect(shown.sort((a, b) => a - b)).toEqual(r!.memberValues ? [10, 70] : [10]);
  });

  it('never gives a summary sharer’s value alone: not as its own group, not in a list of keys, not on its page', async () => {
    const viewer = staffOf(viewerSchool());
    const target = group.members[3]!;
    expect(
      await t.services.indicators.groupResults(viewer, { scope: `org:${target}`, indicator: SUMMARY }),
    ).toMatchObject([{ members: 0, value: null, notShared: 1 }]);
    const listed = await t.services.indicators.groupResults(viewer, {
      scope: group.members.map((id) => `org:${id}`).join(','),
      indicator: SUMMARY,
    });
    expect(listed[0]).toMatchObject({ members: 2, value: 80 }); // own 10 and the full sharer's 70 only
    const page = await t.services.indicators.organisationValues(viewer, target);
    expect(page.filter((v) => v.indicator.code === SUMMARY)).toEqual([]);
    expect(await t.services.indicators.latestValues(viewer, { code: SUMMARY, organisationIds: [target] })).toEqual(
      new Map(),
    );
  });

  it('with fewer summary sharers than the minimum cohort, none of them counts', async () => {
    await t.database.db
      .updateTable('sharing_agreements')
      .set({ end_date: '2000-01-01', start_date: '2000-01-01' })
      .where('organisation_id', 'in', group.members.slice(3, 6))
      .execute();
    const [r] = await t.services.indicators.groupResults(staffOf(viewerSchool()), {
      scope: `org:${group.trust}`,
      indicator: SUMMARY,
    });
    // Two summary sharers left: counting them would let the viewer subtract what it can see.
    expect(r).toMatchObject({ members: 2, value: 80, notShared: 5 });
  });
});

describe('joining a partnership needs the partnership’s consent', () => {
  let contactSchool = 0;
  beforeAll(async () => {
    contactSchool = ids.members[1]!;
    await person(t, contactSchool, { name: 'Shared Contact', email: 'shared.contact@gate.example' });
    await share(t, contactSchool, ids.trust, 'all', 'contact-details');
  });

  it('refuses a school’s leader who ties their school into a trust on their own, on every path', async () => {
    const joiner = await school(t, { name: 'Joining Primary' });
    await expect(
      t.services.landscape.createRelationship(leaderOf(joiner), {
        type: 'membership',
        fromOrganisationId: joiner,
        toOrganisationId: ids.trust,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const browser = await userWith(t, { organisationId: joiner, role: 'leader' });
    const api = await browser.post('/api/v1/relationships', {
      type: 'membership',
      fromOrganisationId: joiner,
      toOrganisationId: ids.trust,
    });
    expect(api.statusCode).toBe(403);
    // A tie of another kind, later turned into a membership, is refused the same way.
    const tie = await t.services.landscape.createRelationship(leaderOf(joiner), {
      type: 'partnership',
      fromOrganisationId: joiner,
      toOrganisationId: ids.trust,
    });
    const patched = await browser.patch(`/api/v1/relationships/${tie.id}`, { type: 'membership' });
    expect(patched.statusCode).toBe(403);
    expect(await t.services.landscape.partnershipsOf([joiner])).toEqual([]);
    // So the joining school's staff see no contact details the trust's members share.
    const people = await t.services.landscape.listPeople(staffOf(joiner), { q: 'Shared Contact' } as never);
    expect(JSON.stringify(people)).not.toContain('shared.contact@gate.example');
  });

  it('asks instead; only a leader of the trust approves, and then the membership is in force', async () => {
    const joiner = await school(t, { name: 'Joining Primary' });
    const browser = await userWith(t, { organisationId: joiner, role: 'leader' });
    const asked = await browser.post('/api/v1/membership-requests', { memberId: joiner, partnershipId: ids.trust });
    expect(asked.statusCode).toBe(202);
    const requestId = asked.json().requestId as number;
    await expect(t.services.landscape.approveMembership(leaderOf(joiner), requestId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(t.services.landscape.approveMembership(staffOf(ids.trust), requestId)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await t.services.landscape.partnershipsOf([joiner])).toEqual([]);
    const waiting = await t.services.landscape.pendingMemberships(leaderOf(ids.trust), ids.trust);
    expect(waiting).toMatchObject([{ id: requestId, memberName: 'Joining Primary', canDecide: true }]);
    await t.services.landscape.approveMembership(leaderOf(ids.trust), requestId);
    expect(await t.services.landscape.partnershipsOf([joiner])).toEqual([ids.trust]);
    await expect(t.services.landscape.approveMembership(leaderOf(ids.trust), requestId)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('needs the school’s leader when the trust asks a school in, and either side may end it', async () => {
    const invitee = await school(t, { name: 'Invited Primary' });
    const asked = await t.services.landscape.requestMembership(leaderOf(ids.trust), {
      memberId: invitee,
      partnershipId: ids.trust,
    });
    expect('requestId' in asked).toBe(true);
    const requestId = (asked as { requestId: number }).requestId;
    await expect(t.services.landscape.approveMembership(leaderOf(ids.trust), requestId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // The page of the invited school shows its leader the request, with buttons to answer it.
    const browser = await userWith(t, { organisationId: invitee, role: 'leader' });
    const page = await browser.page(`/organisations/${invitee}`);
    expect(page.body).toContain('Memberships waiting for approval');
    const approved = await browser.form(
      `/membership-requests/${requestId}/approve`,
      { back: String(invitee) },
      `/organisations/${invitee}`,
    );
    expect(approved.statusCode).toBe(303);
    const tie = (
      await t.services.landscape.listRelationships(ADMIN, { organisationId: invitee, type: 'membership' } as never)
    ).items[0]!;
    const ended = await t.services.landscape.endRelationship(leaderOf(invitee), tie.id);
    expect(ended.endDate).not.toBeNull();
    // Reopening an ended membership is joining again: one side alone may not.
    await expect(
      t.services.landscape.updateRelationship(leaderOf(invitee), tie.id, { endDate: null }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('a role on a person is given by their own organisation', () => {
  it('refuses a leader of another organisation, on the service and the API', async () => {
    const person = (
      await t.services.landscape.createPerson(ADMIN, { name: 'Role Holder', organisationId: ids.supported })
    ).id;
    await expect(
      t.services.landscape.createRoleAssignment(leaderOf(ids.outsider), {
        personId: person,
        roleCode: 'mentor-head',
        organisationId: ids.outsider,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const browser = await userWith(t, { organisationId: ids.outsider, role: 'leader' });
    expect(
      (
        await browser.post('/api/v1/role-assignments', {
          personId: person,
          roleCode: 'mentor-head',
          organisationId: ids.outsider,
        })
      ).statusCode,
    ).toBe(403);
    const given = await t.services.landscape.createRoleAssignment(leaderOf(ids.supported), {
      personId: person,
      roleCode: 'mentor-head',
      organisationId: ids.outsider,
    });
    expect((await browser.patch(`/api/v1/role-assignments/${given.id}`, { endDate: '2026-01-01' })).statusCode).toBe(
      403,
    );
    await t.services.landscape.updateRoleAssignment(leaderOf(ids.supported), given.id, { endDate: '2026-01-01' });
  });
});

describe('accepting an offer and opening its engagement happen together or not at all', () => {
  it('leaves the request open when the engagement cannot open', async () => {
    const b = t.services.brokerage;
    const seeker = await primary('Asking Primary');
    const helper = await primary('Helping Primary');
    const need = await b.stateNeed(leaderOf(seeker), { organisationId: seeker, area: 'maths' });
    const requestId = await b.requestSupport(leaderOf(seeker), { needId: need.id, invite: [helper] });
    const offerId = await b.offerHelp(leaderOf(helper), { requestId, organisationId: helper, days: 3 });
    await expect(
      t.services.engagements.acceptAndOpen(leaderOf(seeker), offerId, {
        type: 'no-such-type',
        aims: 'x',
        accountableTo: 'y',
        measures: [],
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect((await b.getRequest(leaderOf(seeker), requestId)).request.status).toBe('open');
    const opened = await t.services.engagements.acceptAndOpen(leaderOf(seeker), offerId, {
      type: 'school-to-school',
      aims: 'Maths',
      accountableTo: 'Board',
      measures: [],
    });
    expect(opened).toBeGreaterThan(0);
    expect((await b.getRequest(leaderOf(seeker), requestId)).request.status).toBe('accepted');
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from engagements where request_id = ${requestId}`.execute(t.database.db);
    expect(rows.rows[0]!.n).toBe(1);
  });
});
