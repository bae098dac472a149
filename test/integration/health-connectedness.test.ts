/**
 * Connectedness, known answers on a constructed trust of four schools: membership alone leaves
 * every school isolated; a support tie connects two (a half), a peer review tie added tomorrow's
 * way a third (three quarters, a move of exactly a quarter); a tie to the health service is one
 * of the ties that reach beyond education; and the snapshot of the day before does not see a tie
 * that began today, which the changes between the two days name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_JOB } from '../../src/platform/http/actor.js';
import { todayIso } from '../../src/modules/landscape/index.js';
import { addDays } from '../../src/shared/time-in-words.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { localAuthority, member, organisation, school, trust } from '../factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const tie = (type: string, from: number, to: number, startDate?: string) =>
  t.services.landscape.createRelationship(ADMIN, {
    type,
    fromOrganisationId: from,
    toOrganisationId: to,
    ...(startDate ? { startDate } : {}),
  });

async function fourSchools() {
  const trustId = await trust(t, { name: 'Rowan Trust' });
  const schools: number[] = [];
  for (const name of ['Alder Primary', 'Birch Primary', 'Cedar Primary', 'Damson Primary']) {
    const id = await school(t, { name });
    await member(t, id, trustId, { startDate: '2020-09-01' });
    schools.push(id);
  }
  // A school that closed last summer is no longer one of the trust's schools.
  const closed = await school(t, { name: 'Elm Primary', status: 'closed', closedOn: '2026-07-31' });
  await member(t, closed, trustId, { startDate: '2020-09-01' });
  return { ref: `org:${trustId}`, schools };
}

describe('connectedness', () => {
  it('counts the schools tied for support or learning, and a tie added moves the share by a quarter', async () => {
    const { ref, schools } = await fourSchools();
    const [a, b, c, d] = schools as [number, number, number, number];
    let now = await t.services.health.readNow(ADMIN, ref);
    expect(now['connected-share']).toMatchObject({ value: 0, detail: '0 of 4 schools' });
    expect(now['isolated-schools']!.value).toBe(4);
    // The trust and its four members are one part of the network.
    expect(now.components!.value).toBe(1);

    await tie('support', a, b, '2024-01-08');
    now = await t.services.health.readNow(ADMIN, ref);
    expect(now['connected-share']).toMatchObject({ value: 0.5, detail: '2 of 4 schools' });
    expect(now['isolated-schools']!.organisations!.map((o) => o.id).sort()).toEqual([c, d].sort());

    await tie('peer-review', b, c, '2024-03-04');
    now = await t.services.health.readNow(ADMIN, ref);
    expect(now['connected-share']!.value).toBe(0.75);
    expect(now['isolated-schools']!.organisations!.map((o) => o.name)).toEqual(['Damson Primary']);

    // Four membership ties, one support, one peer review: none reaches beyond education.
    expect(now['boundary-spanning-share']).toMatchObject({ value: 0, detail: '0 of 6 ties' });
    const clinic = await organisation(t, { kind: 'health', name: 'Rowan Health Centre' });
    await tie('multi-agency', d, clinic, '2024-05-01');
    now = await t.services.health.readNow(ADMIN, ref);
    expect(now['boundary-spanning-share']).toMatchObject({ value: 1 / 7, detail: '1 of 7 ties' });
    expect(now['connected-share']!.value).toBe(1);
    expect(now['isolated-schools']!.value).toBe(0);
  });

  it('counts the separate parts of a local authority’s network', async () => {
    const la = await localAuthority(t, { name: 'Thornbury Council' });
    const [a, b, c] = [
      await school(t, { name: 'Thorn Primary', localAuthorityId: la }),
      await school(t, { name: 'Teasel Primary', localAuthorityId: la }),
      await school(t, { name: 'Tansy Primary', localAuthorityId: la }),
    ];
    const ref = `org:${la}`;
    // Lying in the council's area is not a tie: the council and each school stand alone.
    expect((await t.services.health.readNow(ADMIN, ref)).components!.value).toBe(4);
    await tie('support', a!, b!, '2024-01-08');
    expect((await t.services.health.readNow(ADMIN, ref)).components!.value).toBe(3);
    await tie('partnership', c!, la, '2024-01-08');
    const now = await t.services.health.readNow(ADMIN, ref);
    expect(now.components).toMatchObject({ value: 2, detail: '4 organisations; the largest part has 2' });
    expect(now['connected-share']!.value).toBeCloseTo(1, 10);
  });

  it('keeps each day’s figures as of that day, and names the tie that began between two snapshots', async () => {
    const { ref, schools } = await fourSchools();
    const [a, b, c] = schools as [number, number, number, number];
    const today = todayIso();
    const yesterday = addDays(today, -1);
    await tie('support', a, b, '2024-01-08');
    await tie('partnership', b, c, today);
    const health = t.services.health;
    await health.takeSnapshot(BACKGROUND_JOB, { ref, day: yesterday });
    await health.takeSnapshot(BACKGROUND_JOB, { ref, day: today });
    const view = await health.view(ADMIN, ref);
    expect(view.earlier!.takenOn).toBe(yesterday);
    expect(view.earlier!.readings['connected-share']!.value).toBe(0.5);
    expect(view.current!.readings['connected-share']!.value).toBe(0.75);
    const figure = view.sections
      .find((s) => s.key === 'connectedness')!
      .figures.find((f) => f.key === 'connected-share')!;
    expect(figure.movement).toMatchObject({ verdict: 'better', words: 'Rose from 50% to 75%, better' });
    expect(view.changes).toContainEqual({
      on: today,
      change: 'began',
      what: 'Partnership tie: Birch Primary and Cedar Primary',
      href: `/organisations/${b}`,
    });
    expect(view.changes.map((ch) => ch.what).join(' ')).not.toContain('Support tie');
  });
});
