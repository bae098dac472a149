/**
 * Help reaching need, known answers: a request answered in 12 days gives 12; a need stated 20
 * days ago with no engagement is a school waiting 20 days; a supporter offering 3 days a term
 * with 5 days of active engagements is over capacity; a supporter whose own absence rose while
 * it helps is named behind the supported school; and the help accepted and the engagement
 * opened are what changed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import { todayIso } from '../../src/modules/landscape/index.js';
import { addDays } from '../../src/shared/time-in-words.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { leaderOf, member, school, staffOf, supportChain, trust, values } from '../factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const ABSENCE = 'absence-overall-percent';

async function partnership() {
  const trustId = await trust(t, { name: 'Willow Trust' });
  const ids = {
    seeker: await school(t, { name: 'Willow Primary' }),
    waiting: await school(t, { name: 'Wren Primary' }),
    helper: await school(t, { name: 'Walnut Primary' }),
  };
  for (const id of Object.values(ids)) await member(t, id, trustId);
  // A school closed last summer: not one of the schools the figures are out of.
  await member(t, await school(t, { name: 'Whitebeam Primary', status: 'closed', closedOn: '2026-07-31' }), trustId);
  return { ref: `org:${trustId}`, ...ids };
}

describe('help reaching need', () => {
  it('gives the days from request to accepted offer, the schools waiting and for how long', async () => {
    const w = await partnership();
    const before = await t.services.health.readNow(ADMIN, w.ref);
    expect(before['days-to-accepted-offer']).toMatchObject({ value: null });
    expect(before['schools-waiting']!.value).toBe(0);
    expect(before['longest-wait-days']!.value).toBeNull();

    const chain = await supportChain(t, {
      seeker: w.seeker,
      helper: w.helper,
      days: 5,
      opening: { type: 'school-to-school', aims: 'Fewer days missed', accountableTo: 'The governors', measures: [] },
    });
    // The request was made 12 days before its offer was accepted (today).
    await sql`update support_requests set created_at = accepted_at - interval '12 days' where id = ${chain.requestId}`.execute(
      t.database.db,
    );
    const need = await t.services.brokerage.stateNeed(leaderOf(w.waiting), {
      organisationId: w.waiting,
      area: 'early-reading',
    });
    await sql`update needs set created_at = now() - interval '20 days' where id = ${need.id}`.execute(t.database.db);

    const now = await t.services.health.readNow(ADMIN, w.ref);
    expect(now['days-to-accepted-offer']).toMatchObject({ value: 12 });
    expect(now['days-to-accepted-offer']!.detail).toContain('Over 1 request');
    // The seeker's need is being met by the engagement: only Wren waits.
    expect(now['schools-waiting']).toMatchObject({ value: 1, detail: '1 of 3 schools' });
    expect(now['schools-waiting']!.organisations).toEqual([
      { id: w.waiting, name: 'Wren Primary', note: 'Waiting 20 days for help with early reading' },
    ]);
    expect(now['longest-wait-days']!.value).toBe(20);
    // Thirty days ago, neither need had been stated nor any request accepted.
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: w.ref, day: addDays(todayIso(), -30) });
    const [past] = (await t.services.health.snapshotRows(ADMIN, w.ref)).snapshots;
    expect(past!.readings['schools-waiting']!.value).toBe(0);
    expect(past!.readings['longest-wait-days']!.value).toBeNull();
    expect(past!.readings['days-to-accepted-offer']!.value).toBeNull();

    // A second request answered in 4 days: the median of 12 and 4 is 8.
    const second = await supportChain(t, {
      seeker: w.waiting,
      helper: w.helper,
      area: 'early-reading',
      opening: { type: 'school-to-school', aims: 'Reading for pleasure', accountableTo: 'The governors', measures: [] },
    });
    await sql`update support_requests set created_at = accepted_at - interval '4 days' where id = ${second.requestId}`.execute(
      t.database.db,
    );
    const later = await t.services.health.readNow(ADMIN, w.ref);
    expect(later['days-to-accepted-offer']!.value).toBe(8);
    expect(later['schools-waiting']!.value).toBe(0);
  });

  it('counts supporters over capacity and supported schools whose supporter’s own results fell', async () => {
    const w = await partnership();
    await t.services.brokerage.makeOffer(leaderOf(w.helper), {
      organisationId: w.helper,
      area: 'attendance',
      daysPerTerm: 3,
    });
    await supportChain(t, {
      seeker: w.seeker,
      helper: w.helper,
      area: 'attendance',
      days: 2,
      opening: {
        type: 'school-to-school',
        aims: 'Fewer days missed',
        accountableTo: 'The governors',
        measures: [{ code: ABSENCE, target: 5 }],
      },
    });
    let now = await t.services.health.readNow(ADMIN, w.ref);
    // Two days committed against three a term offered: within capacity; no result of the helper's yet.
    expect(now['supporters-over-capacity']).toMatchObject({ value: 0, detail: '0 of 1 supporters' });
    expect(now['supported-results-fell']).toMatchObject({ value: 0, detail: '0 of 1 supported schools' });

    await supportChain(t, {
      seeker: w.waiting,
      helper: w.helper,
      area: 'attendance',
      days: 3,
      opening: { type: 'school-to-school', aims: 'Punctual mornings', accountableTo: 'The governors', measures: [] },
    });
    // Absence is better lower: the helper's rose from 4.1% to 5.3%.
    await values(t, ABSENCE, [
      { organisationId: w.helper, period: '2022/23', value: 4.1 },
      { organisationId: w.helper, period: '2023/24', value: 5.3 },
    ]);
    now = await t.services.health.readNow(ADMIN, w.ref);
    expect(now['supporters-over-capacity']!.value).toBe(1);
    expect(now['supporters-over-capacity']!.organisations).toEqual([
      { id: w.helper, name: 'Walnut Primary', note: '5 days committed, 3 a term offered' },
    ]);
    // Only Willow's engagement measures absence: Wren's supporter is the same, but its engagement measures nothing.
    expect(now['supported-results-fell']!.value).toBe(1);
    expect(now['supported-results-fell']!.organisations![0]).toMatchObject({ id: w.seeker, name: 'Willow Primary' });
    expect(now['supported-results-fell']!.organisations![0]!.note).toContain('Walnut Primary');

    // Absence fell back: no longer counted.
    await values(t, ABSENCE, [{ organisationId: w.helper, period: '2024/25', value: 4.0 }]);
    now = await t.services.health.readNow(ADMIN, w.ref);
    expect(now['supported-results-fell']!.value).toBe(0);
  });

  it('says what help was accepted and which engagements began between two days', async () => {
    const w = await partnership();
    const chain = await supportChain(t, {
      seeker: w.seeker,
      helper: w.helper,
      opening: { type: 'school-to-school', aims: 'Fewer days missed', accountableTo: 'The governors', measures: [] },
    });
    const today = todayIso();
    const health = t.services.health;
    await health.takeSnapshot(BACKGROUND_JOB, { ref: w.ref, day: addDays(today, -7) });
    await health.takeSnapshot(BACKGROUND_JOB, { ref: w.ref, day: today });
    const { changes } = await health.view(ADMIN, w.ref);
    expect(changes).toContainEqual({
      on: today,
      change: 'began',
      what: 'Help accepted: Walnut Primary to Willow Primary (maths)',
      href: `/support/requests/${chain.requestId}`,
    });
    expect(changes.filter((c) => c.href === `/engagements/${chain.engagementId}`)).toHaveLength(1);
    // Told to a reader only as the support pages would show it: not to someone at a school outside.
    const outsider = staffOf(await school(t, { name: 'Yew Primary' }));
    await expect(health.view(outsider, w.ref)).rejects.toMatchObject({ code: 'not_found' });
    const between = { from: today, to: today };
    expect(await t.services.brokerage.acceptedBetween(outsider, null, between)).toEqual([]);
    expect(await t.services.engagements.ofOrganisations(outsider, null)).toEqual([]);
    expect((await t.services.brokerage.acceptedBetween(leaderOf(w.seeker), null, between)).map((r) => r.id)).toEqual([
      chain.requestId,
    ]);
    expect((await t.services.engagements.ofOrganisations(staffOf(w.helper), null)).map((e) => e.id)).toEqual([
      chain.engagementId,
    ]);
  });
});
