/**
 * System health, attacked: a snapshot job cut off part way and run again keeps exactly one
 * snapshot of the day; two at once keep one; the view compares two days and says what changed;
 * only the scope's people read it and only its leaders write notes, take snapshots or confirm
 * the stage; the exports say what each figure means.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import { createHealthService } from '../../src/modules/health/health.service.js';
import type { HealthSection } from '../../src/modules/definition.js';
import { todayIso } from '../../src/modules/landscape/index.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { leaderOf, member, school, staffOf, trust, userWith, type SignedInUser } from '../factories.js';

let t: TestApp;
let ids: { trust: number; a: number; b: number; other: number; outside: number };
let lead: SignedInUser;
let staff: SignedInUser;
let outsider: SignedInUser;

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

/** A trust of two schools and another trust of one, with their people: each test builds its own (tests run in any order). */
async function world() {
  ids = {
    trust: await trust(t, { name: 'Hazel Learning Trust' }),
    a: await school(t, { name: 'Hazel Primary' }),
    b: await school(t, { name: 'Holly Primary' }),
    other: await trust(t, { name: 'Ivy Trust' }),
    outside: await school(t, { name: 'Ivy Primary' }),
  };
  await member(t, ids.a, ids.trust);
  await member(t, ids.b, ids.trust);
  await member(t, ids.outside, ids.other);
  lead = await userWith(t, { organisationId: ids.trust, role: 'leader' });
  staff = await userWith(t, { organisationId: ids.a, role: 'member' });
  outsider = await userWith(t, { organisationId: ids.outside, role: 'leader' });
}

const ref = () => `org:${ids.trust}`;

/** A health service over the test database with the sections given (the module's own is built with every module's). */
function serviceWith(sections: HealthSection[]) {
  const s = t.services;
  return createHealthService({
    db: t.database.db,
    landscape: s.landscape,
    accounts: s.accounts,
    audit: s.audit,
    jobs: {
      send: async () => null,
      nudge: () => undefined,
      eventsWaiting: () => undefined,
      failed: async () => [],
      retry: async () => undefined,
    },
    sections,
    services: s,
  });
}

const countSection = (key: string, value: () => number): HealthSection => ({
  key: 'test',
  title: 'Test',
  order: 1,
  about: 'A section of the test',
  figures: [{ key, label: key, definition: 'Counted by the test', unit: 'count' }],
  read: async () => ({ [key]: { value: value() } }),
});

describe('a snapshot of a day', () => {
  it('is one snapshot however often, and a job cut off part way leaves none until it is run again', async () => {
    await world();
    let calls = 0;
    let schools = 2;
    const flaky: HealthSection = {
      ...countSection('flaky', () => 0),
      read: async () => {
        calls += 1;
        if (calls === 1) throw new Error('The process stopped part way through');
        return { flaky: { value: calls } };
      },
    };
    const health = serviceWith([countSection('schools-counted', () => schools), flaky]);
    const day = todayIso();
    await expect(health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day })).rejects.toThrow('part way');
    expect((await health.snapshotRows(ADMIN, ref())).snapshots).toHaveLength(0);
    // The job is tried again: the day's snapshot is written, once.
    await health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day });
    schools = 3;
    // Run again, and twice at once: still one snapshot of the day, with the figures of the last run.
    await Promise.all([
      health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day }),
      health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day }),
    ]);
    const { snapshots } = await health.snapshotRows(ADMIN, ref());
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.takenOn).toBe(day);
    expect(snapshots[0]!.readings['schools-counted']!.value).toBe(3);
    expect(snapshots[0]!.dataVersion).toBeGreaterThan(0);
    const rows = await t.database.db
      .selectFrom('health_snapshots')
      .select('id')
      .where('scope_ref', '=', ref())
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('is asked for on demand by the scope’s leaders only, as a job of the day', async () => {
    await world();
    const sent: Array<{ name: string; data: object; key?: string }> = [];
    const health = createHealthService({
      db: t.database.db,
      landscape: t.services.landscape,
      accounts: t.services.accounts,
      audit: t.services.audit,
      jobs: {
        send: async (name, data, options) => (sent.push({ name, data, key: options?.singletonKey }), 'job'),
        nudge: () => undefined,
        eventsWaiting: () => undefined,
        failed: async () => [],
        retry: async () => undefined,
      },
      sections: [],
      services: t.services,
    });
    await health.requestSnapshot(leaderOf(ids.trust), ref());
    expect(sent).toEqual([
      { name: 'health-snapshot', data: { ref: ref(), day: todayIso() }, key: `${ref()}:${todayIso()}` },
    ]);
    await expect(health.requestSnapshot(staffOf(ids.a), ref())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(health.requestSnapshot(leaderOf(ids.outside), ref())).rejects.toMatchObject({ code: 'not_found' });
    // The weekly round: every partnership and local authority around organisations with people, and England.
    const weekly = await t.services.health.weeklyScopes(BACKGROUND_JOB);
    expect(weekly).toEqual(expect.arrayContaining([ref(), `org:${ids.other}`, 'england']));
    await expect(t.services.health.weeklyScopes(ADMIN)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the health view', () => {
  it('compares two days, with what changed, the notes and the maturity reading', async () => {
    await world();
    let value = 1;
    const health = serviceWith([
      {
        ...countSection('ties-counted', () => value),
        changes: async (_services, scope, from, to) => [
          { on: to, change: 'began', what: `A tie in ${scope.name} from ${from}` },
        ],
      },
    ]);
    await health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: '2026-01-05' });
    value = 4;
    await health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: '2026-01-12' });
    await health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: '2026-01-19' });
    const view = await health.view(staffOf(ids.a), ref(), { from: '2026-01-05', on: '2026-01-12' });
    expect(view.current!.takenOn).toBe('2026-01-12');
    expect(view.earlier!.takenOn).toBe('2026-01-05');
    const figure = view.sections[0]!.figures[0]!;
    expect(figure.movement.words).toBe('Rose from 1 to 4');
    expect(figure.trend.map((p) => p.value)).toEqual([1, 4, 4]);
    expect(view.changes).toEqual([
      { on: '2026-01-12', change: 'began', what: 'A tie in Hazel Learning Trust from 2026-01-05' },
    ]);
    expect(view.mayLead).toBe(false);
    // By default, the latest against the one before it.
    const latest = await health.view(staffOf(ids.a), ref());
    expect([latest.earlier!.takenOn, latest.current!.takenOn]).toEqual(['2026-01-12', '2026-01-19']);
    await expect(health.view(staffOf(ids.a), ref(), { on: '2026-01-06' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(health.view(staffOf(ids.a), ref(), { from: '2026-01-19', on: '2026-01-12' })).rejects.toMatchObject({
      code: 'validation',
    });
    // No section gave the evidence of the first stage, so the reading is "not yet begun".
    expect(latest.maturity!.stage).toBe(0);
  });

  it('is read by the scope’s people and administrators only, on every path', async () => {
    await world();
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: todayIso() });
    expect((await staff.page(`/system-health/${ids.trust}`)).statusCode).toBe(200);
    expect((await lead.page(`/system-health`)).body).toContain('Hazel Learning Trust');
    expect((await outsider.page(`/system-health`)).body).not.toContain('Hazel Learning Trust');
    for (const url of [
      `/system-health/${ids.trust}`,
      `/system-health/${ids.trust}/report`,
      `/system-health/${ids.trust}/snapshots.csv`,
    ])
      expect((await outsider.page(url)).statusCode, url).toBe(404);
    expect((await outsider.get(`/api/v1/system-health/${ids.trust}`)).statusCode).toBe(404);
    // A school is not a scope; an unknown id is not found; a visitor is sent to sign in.
    expect((await staff.page(`/system-health/${ids.a}`)).statusCode).toBe(404);
    expect((await staff.page(`/system-health/999999999`)).statusCode).toBe(404);
    const visitor = await new TestBrowser(t.app).get(`/system-health/${ids.trust}`);
    expect(visitor.statusCode).toBe(303);
    expect((await new TestBrowser(t.app).get('/system-health/dictionary.csv')).statusCode).toBe(303);
    // Writes: the leader's note is kept; a member of a school in the trust may not write one.
    const refused = await staff.form(
      `/system-health/${ids.trust}/notes`,
      { text: 'A note from staff' },
      `/system-health/${ids.trust}`,
    );
    expect(refused.statusCode).toBe(403);
    const empty = await lead.form(`/system-health/${ids.trust}/notes`, { text: '  ' }, `/system-health/${ids.trust}`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter what happened');
    const noted = await lead.form(
      `/system-health/${ids.trust}/notes`,
      { text: 'The trust took on Holly Primary', 'notedOn-day': '3', 'notedOn-month': '3', 'notedOn-year': '2026' },
      `/system-health/${ids.trust}`,
    );
    expect(noted.statusCode).toBe(303);
    const page = await staff.page(`/system-health/${ids.trust}`);
    expect(page.body).toContain('The trust took on Holly Primary');
    expect(page.body).not.toContain('Add the note');
    const api = (await staff.get(`/api/v1/system-health/${ids.trust}`)).json();
    expect(api.snapshots).toHaveLength(1);
    expect(api.scope.name).toBe('Hazel Learning Trust');
  });

  it('takes the leaders’ word on the stage of maturity, asking why when it does not fit', async () => {
    await world();
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: todayIso() });
    const [snapshot] = (await t.services.health.snapshotRows(ADMIN, ref())).snapshots;
    const url = `/system-health/${ids.trust}/snapshots/${snapshot!.id}/maturity`;
    const noWhy = await lead.form(url, { agreed: 'no' }, `/system-health/${ids.trust}`);
    expect(noWhy.statusCode).toBe(400);
    expect(noWhy.body).toContain('Say why the stage does not fit');
    expect((await staff.form(url, { agreed: 'yes' }, `/system-health/${ids.trust}`)).statusCode).toBe(403);
    expect(
      (await lead.form(url, { agreed: 'no', note: 'We meet every week now' }, `/system-health/${ids.trust}`))
        .statusCode,
    ).toBe(303);
    const view = await t.services.health.view(leaderOf(ids.trust), ref());
    expect(view.maturity!.confirmations).toMatchObject([{ agreed: false, note: 'We meet every week now' }]);
    // A snapshot of another scope cannot be confirmed through this one.
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: `org:${ids.other}`, day: todayIso() });
    const [theirs] = (await t.services.health.snapshotRows(ADMIN, `org:${ids.other}`)).snapshots;
    await expect(
      t.services.health.confirmMaturity(leaderOf(ids.trust), ref(), theirs!.id, { agreed: true }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('exports every snapshot as CSV, with a dictionary of every figure', async () => {
    await world();
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: ref(), day: todayIso() });
    const csv = await staff.page(`/system-health/${ids.trust}/snapshots.csv`);
    expect(csv.statusCode).toBe(200);
    const [header, row] = csv.body.trim().split(/\r?\n/);
    const figures = t.services.health.figures(ADMIN);
    expect(header!.split(',')).toEqual([
      'scope',
      'scope_name',
      'taken_on',
      'data_version',
      'maturity_stage',
      ...figures.map((f) => f.key),
    ]);
    expect(row!.startsWith(`${ref()},Hazel Learning Trust,${todayIso()},`)).toBe(true);
    const dictionary = await staff.page('/system-health/dictionary.csv');
    for (const f of figures) expect(dictionary.body).toContain(f.key);
    // The trust's people hear of it on their home page; the other trust's do not.
    expect((await staff.page('/')).body).toContain('System health of Hazel Learning Trust');
    expect((await outsider.page('/')).body).not.toContain('System health of Hazel Learning Trust');
    const report = await staff.page(`/system-health/${ids.trust}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('System health report');
  });
});

describe('the reads the sections make across the system', () => {
  it('are refused to a leader, however senior: only the job and administrators count across partnerships', async () => {
    await world();
    const s = t.services;
    const day = todayIso();
    const ids2 = [ids.trust, ids.a, ids.b];
    for (const reader of [leaderOf(ids.trust), staffOf(ids.a)]) {
      for (const read of [
        () => s.landscape.leadershipRoles(reader, ids2, day),
        () => s.plans.ownersWithActivePlan(reader, [1], day),
        () => s.mentoring.relationsActiveWithin(reader, ids2, day),
        () => s.governance.outcomesHealth(reader, ids2, day),
        () => s.governance.decisionsHealth(reader, ids2, day),
      ])
        await expect(read()).rejects.toMatchObject({ code: 'forbidden' });
    }
    // The same reads answer the job.
    await expect(s.governance.decisionsHealth(BACKGROUND_JOB, ids2, day)).resolves.toMatchObject({ reviewsDue: 0 });
  });
});
