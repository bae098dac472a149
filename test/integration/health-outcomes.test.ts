/**
 * The shared outcomes of a local system's health, on a constructed trust whose answers are known:
 * measures reaching their milestones, reviews of decisions held by their date (a members-only
 * forum's left out), escalations waiting and commitments to watch, each moved by a known step,
 * and the decisions taken and reversed between two days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthScope } from '../../src/modules/definition.js';
import { outcomesSection } from '../../src/modules/governance/governance.health.js';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import { leaderOf, member, school, staffOf, trust, unique, values } from '../factories.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const governance = () => t.services.governance;

/** A trust of two schools, led by one leader, with a partnership board and a members-only forum. */
async function world() {
  const trustId = await trust(t, { name: `Rowan Trust ${unique()}` });
  const schools = [await school(t), await school(t)];
  for (const id of schools) await member(t, id, trustId);
  const lead = leaderOf(trustId);
  const board = await governance().createForum(lead, trustId, {
    name: `Rowan Board ${unique()}`,
    kind: 'partnership-board',
    visibility: 'partnership',
  });
  const closed = await governance().createForum(lead, trustId, {
    name: `Rowan Heads ${unique()}`,
    kind: 'other',
    visibility: 'forum',
  });
  const scope = async (asOf: string): Promise<HealthScope> => ({
    ...(await t.services.landscape.healthScope(ADMIN, `org:${trustId}`)),
    asOf,
  });
  return { trustId, schools, lead, board, closed, scope };
}

/** A decision of a forum, taken on a day with its review date. */
async function decision(
  lead: ReturnType<typeof leaderOf>,
  forumId: number,
  title: string,
  decidedOn: string,
  reviewOn: string,
) {
  const id = await governance().propose(lead, forumId, { title, proposal: `The proposal: ${title}` });
  await governance().addAdvice(lead, id, {
    adviser: 'The heads',
    position: 'support',
    advice: 'Go ahead',
    givenOn: decidedOn,
  });
  await governance().decide(lead, id, { decision: 'Agreed', decidedBy: 'The board', decidedOn, reviewOn });
  return id;
}

const read = async (scope: HealthScope) => outcomesSection.read(t.services, scope);

describe('the shared outcomes of a system’s health', () => {
  it('counts the reviews held by their date, leaving out a members-only forum’s, and moves by one review in three', async () => {
    const w = await world();
    // Due yesterday, held today: late. Due in ten days, held today: on time. Due in five days: not held.
    const late = await decision(w.lead, w.board, 'Late review', day(-100), day(-1));
    const early = await decision(w.lead, w.board, 'Early review', day(-100), day(10));
    const waiting = await decision(w.lead, w.board, 'Waiting review', day(-100), day(5));
    await decision(leaderOf(w.trustId, w.closed), w.closed, 'Members-only business', day(-100), day(-2));
    for (const id of [late, early]) await governance().reviewDecision(w.lead, id, { verdict: 'confirm', note: 'Kept' });

    const today = await read(await w.scope(day(0)));
    expect(today['decisions-reviewed-on-time']).toMatchObject({ value: 0, detail: '0 of 1 review due held on time' });
    const later = await read(await w.scope(day(10)));
    expect(later['decisions-reviewed-on-time']!.value).toBeCloseTo(1 / 3, 10);
    // A day before any review fell due: nothing to count.
    expect((await read(await w.scope(day(-50))))['decisions-reviewed-on-time']!.value).toBeNull();

    // The waiting decision is reviewed today, before its date: one more of three on time.
    await governance().reviewDecision(w.lead, waiting, { verdict: 'confirm', note: 'Kept' });
    const after = (await read(await w.scope(day(10))))['decisions-reviewed-on-time']!.value!;
    expect(after - later['decisions-reviewed-on-time']!.value!).toBeCloseTo(1 / 3, 10);
    expect(after).toBeCloseTo(2 / 3, 10);

    // A change sets a new review date, which counts again once it has passed.
    const changed = await decision(w.lead, w.board, 'Changed at review', day(-100), day(8));
    await governance().reviewDecision(w.lead, changed, {
      verdict: 'change',
      note: 'Smaller',
      decision: 'Agreed, for half the schools',
      nextReviewOn: day(20),
    });
    expect((await read(await w.scope(day(10))))['decisions-reviewed-on-time']!.value).toBeCloseTo(3 / 4, 10);
    expect((await read(await w.scope(day(20))))['decisions-reviewed-on-time']!.value).toBeCloseTo(3 / 5, 10);
  });

  it('gives the decisions taken and reversed between two days, with their pages, and not a members-only forum’s', async () => {
    const w = await world();
    const taken = await decision(w.lead, w.board, 'Share one attendance officer', day(-30), day(60));
    await decision(w.lead, w.board, 'Too early to count', day(-90), day(60));
    await decision(leaderOf(w.trustId, w.closed), w.closed, 'A members-only decision', day(-30), day(60));
    const reversed = await decision(w.lead, w.board, 'Close the Friday club', day(-90), day(90));
    await governance().reviewDecision(w.lead, reversed, { verdict: 'reverse', note: 'Pupils missed it' });
    // Read by someone at one of the trust's schools: a member of the partnership, not of the members-only forum.
    const reader = staffOf(w.schools[0]!);
    const changes = await outcomesSection.changes!(t.services, await w.scope(day(0)), day(-56), day(0), reader);
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          on: day(-30),
          change: 'began',
          what: expect.stringContaining('Share one attendance officer'),
          href: `/decisions/${taken}`,
        },
        {
          on: day(0),
          change: 'ended',
          what: expect.stringContaining('Close the Friday club'),
          href: `/decisions/${reversed}`,
        },
      ]),
    );
    expect(changes).toHaveLength(2);
    // Someone outside the partnership reading a scope that takes it in (a local authority's) is told of none of its business.
    const outsider = staffOf(await school(t));
    expect(await outcomesSection.changes!(t.services, await w.scope(day(0)), day(-56), day(0), outsider)).toEqual([]);
  });

  it('counts escalations waiting and commitments red or past due, with the organisations behind them', async () => {
    const w = await world();
    const decided = await decision(w.lead, w.board, 'Pool the music budget', day(-20), day(60));
    await governance().setLadder(w.lead, w.trustId, [
      { organisationId: w.board, label: 'Board' },
      { organisationId: w.trustId, label: 'Trustees' },
    ]);
    const escalation = await governance().escalate(w.lead, decided, {
      reason: 'unsettled',
      fromId: w.board,
      matter: 'The board cannot agree who holds the budget',
    });
    const outcome = await governance().addOutcome(w.lead, w.trustId, { title: `Every child sings ${unique()}` });
    const commit = (organisationId: number, status: 'red' | 'amber' | 'green', dueOn: string) =>
      governance().commit(w.lead, outcome, { organisationId, what: `Commitment ${unique()}`, status, dueOn });
    const red = await commit(w.schools[0]!, 'red', day(30));
    await commit(w.schools[0]!, 'amber', day(-3)); // past due
    await commit(w.schools[1]!, 'amber', day(-1)); // past due
    await commit(w.schools[1]!, 'green', day(30)); // neither

    const now = await read(await w.scope(day(0)));
    expect(now['escalations-open']).toMatchObject({ value: 1, organisations: [{ id: w.trustId }] });
    expect(now['commitments-red']!.value).toBe(3);
    expect(now['commitments-red']!.organisations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: w.schools[0], note: '2 commitments' }),
        expect.objectContaining({ id: w.schools[1], note: '1 commitment' }),
      ]),
    );
    // Before they were made, nothing was waiting.
    const before = await read(await w.scope(day(-1)));
    expect([before['escalations-open']!.value, before['commitments-red']!.value]).toEqual([0, 0]);

    // The trustees answer; the red commitment is done: one fewer of each.
    await governance().answerEscalation(w.lead, escalation, { answer: 'The trust holds it' });
    await governance().updateCommitment(w.lead, red, { status: 'green', done: true });
    const after = await read(await w.scope(day(0)));
    expect([after['escalations-open']!.value, after['commitments-red']!.value]).toEqual([0, 2]);
  });

  it('gives the share of measures reaching the milestone of their latest year, as the outcome’s page judges it', async () => {
    const w = await world();
    const outcome = await governance().addOutcome(w.lead, w.trustId, { title: `Every child in school ${unique()}` });
    const measure = (indicatorCode: string, value: number) =>
      governance().addMeasure(w.lead, outcome, { indicatorCode, milestones: [{ year: 2025, value }] });
    const none = await read(await w.scope(day(0)));
    expect(none['measures-on-track']).toMatchObject({ value: null, detail: 'No shared outcome has a measure yet' });
    // Lower is better for both: persistent absence 15 against 16 reaches it; overall absence 8 against 6 does not.
    await measure('absence-persistent-percent', 16);
    await measure('absence-overall-percent', 6);
    const source = `test:health-outcomes:${w.trustId}`;
    await values(
      t,
      'absence-persistent-percent',
      [{ organisationId: w.trustId, period: '2024/25', value: 15 }],
      source,
    );
    await values(
      t,
      'absence-overall-percent',
      [{ organisationId: w.trustId, period: '2024/25', value: 8 }],
      `${source}:b`,
    );
    const half = await read(await w.scope(day(0)));
    expect(half['measures-on-track']).toMatchObject({
      value: 0.5,
      detail: '1 of 2 measures with a milestone for their latest year',
    });
    // Overall absence falls to 6: it reaches its milestone, and the share moves by exactly a half.
    await values(
      t,
      'absence-overall-percent',
      [{ organisationId: w.trustId, period: '2024/25', value: 6 }],
      `${source}:b`,
    );
    expect((await read(await w.scope(day(0))))['measures-on-track']!.value).toBe(1);
  });

  it('is a section of the health view, whose snapshot keeps its figures', async () => {
    const w = await world();
    await decision(w.lead, w.board, 'Due and missed', day(-100), day(-1));
    await t.services.health.takeSnapshot(BACKGROUND_JOB, { ref: `org:${w.trustId}`, day: day(0) });
    const [snapshot] = (await t.services.health.snapshotRows(ADMIN, `org:${w.trustId}`)).snapshots;
    expect(snapshot!.readings['decisions-reviewed-on-time']!.value).toBe(0);
    expect(snapshot!.readings['escalations-open']!.value).toBe(0);
  });
});
