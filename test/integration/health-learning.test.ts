/**
 * The learning section of system health, on a constructed system whose answers are known: a
 * trust of four schools and a school outside it, three practices taken up on known days, trials
 * judged on time, late or not at all, one stopped. Each figure is read on several days, and what
 * changed names a practice only where the trust's people may see it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import { learningSection } from '../../src/modules/practices/practices.health.js';
import type { HealthScope } from '../../src/modules/definition.js';
import { todayIso } from '../../src/modules/landscape/index.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { member, school, staffOf, trust } from '../factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

const MEASURE = 'ks2-maths-progress';
/** A day some days after today (the practices are written up today). */
const day = (days: number) =>
  new Date(Date.parse(`${todayIso()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Oak Trust: Ash, Beech, Cedar and Damson; Elder outside it. Written up today: Ash's practice
 * (shown to the trust), Elder's (published) and Beech's (shown to no one). Beech takes up Ash's on
 * day 12 and keeps it on its review day 40; Cedar takes it up on day 20 and keeps it on day 70,
 * 20 days after its review day; Damson takes up Elder's on day 30 and stops it on day 55, before
 * its review day 60; Ash takes up Beech's on day 5, due for review on day 45, and never judges it.
 */
async function world() {
  const ids = {
    trust: await trust(t, { name: 'Oak Learning Trust' }),
    ash: await school(t, { name: 'Ash Primary' }),
    beech: await school(t, { name: 'Beech Primary' }),
    cedar: await school(t, { name: 'Cedar Primary' }),
    damson: await school(t, { name: 'Damson Primary' }),
    elder: await school(t, { name: 'Elder Primary' }),
  };
  for (const id of [ids.ash, ids.beech, ids.cedar, ids.damson]) await member(t, id, ids.trust);
  const p = t.services.practices;
  const write = (title: string, organisationId: number, options: { published?: boolean; partnershipIds?: number[] }) =>
    p.create(ADMIN, {
      organisationId,
      title,
      problem: 'Pupils read too little at home.',
      approach: 'Ten minutes of reading aloud at the end of every day.',
      ...options,
    });
  const practices = {
    ash: await write('Reading aloud every day', ids.ash, { partnershipIds: [ids.trust] }),
    elder: await write('Attendance phone calls', ids.elder, { published: true }),
    beech: await write('Private maths clinic', ids.beech, {}),
  };
  const adopt = (practiceId: number, organisationId: number, start: number, review: number) =>
    p.adopt(ADMIN, practiceId, { organisationId, startedOn: day(start), reviewOn: day(review), measures: [MEASURE] });
  const trials = {
    beech: await adopt(practices.ash, ids.beech, 12, 40),
    cedar: await adopt(practices.ash, ids.cedar, 20, 50),
    damson: await adopt(practices.elder, ids.damson, 30, 60),
    ash: await adopt(practices.beech, ids.ash, 5, 45),
  };
  await p.judge(ADMIN, trials.beech, { judgement: 'keep', on: day(40) });
  await p.judge(ADMIN, trials.cedar, { judgement: 'keep', on: day(70) });
  await p.judge(ADMIN, trials.damson, { judgement: 'stop', note: 'The calls took too long', on: day(55) });
  const scopeOn = async (asOf: string): Promise<HealthScope> => ({
    ...(await t.services.landscape.healthScope(BACKGROUND_JOB, `org:${ids.trust}`)),
    asOf,
  });
  return { ids, practices, trials, scopeOn };
}

const read = async (scope: HealthScope) => learningSection.read(t.services, scope);

describe('the learning section', () => {
  it('counts practices in use, take-ups, spread days, reviews on time and trials kept, on day 100', async () => {
    const { ids, practices, scopeOn } = await world();
    const r = await read(await scopeOn(day(100)));
    // Ash's and Beech's practices are in use; Elder's was stopped by Damson.
    expect(r['practices-adopted']).toMatchObject({ value: 2, detail: '2 practices in use at 3 schools' });
    expect(r['practices-adopted']!.organisations!.map((o) => o.id).sort()).toEqual(
      [ids.ash, ids.beech, ids.cedar].sort(),
    );
    expect(r['adoptions-across-schools']).toMatchObject({ value: 4, detail: '4 take-ups by 4 schools' });
    // Ash's practice first taken up 12 days after it was written, Beech's 5: the median is 8.5.
    // Elder's is not the trust's own, so it does not count.
    expect(r['spread-days']!.value).toBe(8.5);
    // Four trials due; Beech's and Damson's judged by their dates, Cedar's late, Ash's not at all.
    expect(r['trials-reviewed-on-time']).toMatchObject({ value: 0.5, detail: '2 of 4 trials' });
    expect(r['trials-reviewed-on-time']!.organisations).toContainEqual({
      id: ids.cedar,
      name: 'Cedar Primary',
      note: '0 of 1 trial reviewed by its date',
    });
    // Three judged, two kept.
    expect(r['kept-share']!.value).toBeCloseTo(2 / 3, 10);
    expect(r['kept-share']!.detail).toBe('2 of 3 trials');
    // Elder, outside the trust, is never among the schools behind a figure.
    for (const reading of Object.values(r))
      expect((reading.organisations ?? []).map((o) => o.id)).not.toContain(ids.elder);

    // Had Beech written its practice up on day 10, after Ash began it on day 5, that take-up took
    // no days (never fewer): the median of 12 and 0 is 6.
    await sql`update practices set created_at = ${day(10)}::timestamptz where id = ${practices.beech}`.execute(
      t.database.db,
    );
    expect((await read(await scopeOn(day(100))))['spread-days']!.value).toBe(6);
  });

  it('reads a past day as the records stood then, and nothing before the first take-up', async () => {
    const { scopeOn } = await world();
    const before = await read(await scopeOn(day(4)));
    expect(before['practices-adopted']!.value).toBe(0);
    expect(before['adoptions-across-schools']!.value).toBe(0);
    expect(before['spread-days']).toMatchObject({ value: null });
    expect(before['trials-reviewed-on-time']).toMatchObject({ value: null, detail: 'No trial’s review date has come' });
    expect(before['kept-share']).toMatchObject({ value: null, detail: 'No trial has been judged' });
    // Day 45: Damson had not yet stopped, so three practices were in use; of the two trials due
    // (Beech's on day 40, Ash's on day 45) one was judged by its date; the one judged was kept.
    const mid = await read(await scopeOn(day(45)));
    expect(mid['practices-adopted']!.value).toBe(3);
    expect(mid['trials-reviewed-on-time']).toMatchObject({ value: 0.5, detail: '1 of 2 trials' });
    expect(mid['kept-share']).toMatchObject({ value: 1, detail: '1 of 1 trial' });
    // Day 400: every take-up is more than 12 months old.
    const late = await read(await scopeOn(day(400)));
    expect(late['adoptions-across-schools']!.value).toBe(0);
    expect(late['spread-days']!.value).toBeNull();
    expect(late['practices-adopted']!.value).toBe(2);
  });

  it('moves by exactly what one more take-up adds', async () => {
    const { ids, practices, scopeOn } = await world();
    const before = await read(await scopeOn(day(100)));
    await t.services.practices.adopt(ADMIN, practices.elder, {
      organisationId: ids.ash,
      startedOn: day(40),
      reviewOn: day(90),
      measures: [MEASURE],
    });
    const after = await read(await scopeOn(day(100)));
    expect(after['adoptions-across-schools']!.value! - before['adoptions-across-schools']!.value!).toBe(1);
    // Elder's practice is in use again, at Ash.
    expect(after['practices-adopted']!.value).toBe(3);
    // One more trial due and not judged: 2 of 5.
    expect(after['trials-reviewed-on-time']!.value).toBe(0.4);
    // Elder's practice is not the trust's own: the spread days do not move.
    expect(after['spread-days']!.value).toBe(8.5);
  });

  it('says what began and ended between two days, naming only practices the reader may see', async () => {
    const { ids, practices, scopeOn } = await world();
    const scope = await scopeOn(day(100));
    // Someone at Cedar sees the practice shown to the trust, the published one and its own take-ups, not Beech's.
    const cedar = staffOf(ids.cedar);
    const changes = await learningSection.changes!(t.services, scope, day(10), day(55), cedar);
    expect(changes).toEqual(
      expect.arrayContaining([
        {
          on: day(12),
          change: 'began',
          what: 'Practice taken up: Reading aloud every day at Beech Primary',
          href: `/practices/${practices.ash}`,
        },
        {
          on: day(20),
          change: 'began',
          what: 'Practice taken up: Reading aloud every day at Cedar Primary',
          href: `/practices/${practices.ash}`,
        },
        {
          on: day(30),
          change: 'began',
          what: 'Practice taken up: Attendance phone calls at Damson Primary',
          href: `/practices/${practices.elder}`,
        },
        {
          on: day(55),
          change: 'ended',
          what: 'Practice stopped: Attendance phone calls at Damson Primary',
          href: `/practices/${practices.elder}`,
        },
      ]),
    );
    expect(changes).toHaveLength(4);
    // Beech's practice is shown to no one: its take-up by Ash is told without its title or link.
    const early = await learningSection.changes!(t.services, scope, day(1), day(10), cedar);
    expect(early).toEqual([
      {
        on: day(5),
        change: 'began',
        what: 'Practice taken up: a practice not shared with you at Ash Primary',
      },
    ]);
    expect(JSON.stringify(early)).not.toContain('Private maths clinic');
    // Ash took it up, so its people see it named.
    const atAsh = await learningSection.changes!(t.services, scope, day(1), day(10), staffOf(ids.ash));
    expect(atAsh[0]!.what).toBe('Practice taken up: Private maths clinic at Ash Primary');
  });

  it('gives no title of a practice its reader may not see, and is part of the health view', async () => {
    const { ids, scopeOn } = await world();
    const outsider = staffOf(await school(t, { name: 'Far Primary' }));
    const seen = await t.services.practices.healthAdoptions(outsider, await scopeOn(day(100)));
    // Only the published practice is named to a school outside; the others' titles are not given.
    expect(seen.filter((a) => a.named).map((a) => a.practiceTitle)).toEqual(['Attendance phone calls']);
    expect(JSON.stringify(seen)).not.toMatch(/Private maths clinic|Reading aloud every day/);
    expect(seen.filter((a) => a.organisationId === ids.ash)).toHaveLength(1);
    const section = t.services.health.sections().find((s) => s.key === 'learning');
    expect(section?.figures.map((f) => f.key)).toEqual([
      'practices-adopted',
      'adoptions-across-schools',
      'spread-days',
      'trials-reviewed-on-time',
      'kept-share',
    ]);
  });
});
