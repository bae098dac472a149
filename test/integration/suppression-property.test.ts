/**
 * A property of the indicators' gate: for random partnerships, sharing levels and survey
 * sizes, a value the viewer may not see (withheld for too few respondents, not shared, or
 * shared as a summary with too few others to hide in) changes nothing the viewer can read —
 * group results over the partnership, any one member, any list of keys with or without it,
 * benchmarks either way, England, shared strengths and needs, an organisation's values, and
 * the series, latest values and comparison groups that impact and brokerage read. So no
 * combination of answers, differences included, gives the value away.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_COHORT } from '../../src/modules/indicators/index.js';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { member as joinPartnership, school, staffOf, trust } from '../factories.js';

let t: TestApp;
const MEMBERS = 8;
const CODE = 'property-voice';
const ids = { trust: 0, outside: 0, members: [] as number[] };
const viewer = (): Actor => staffOf(ids.members[0]!);

beforeAll(async () => {
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Property Trust' });
  ids.outside = await school(t, { name: 'Outside School' });
  for (let i = 0; i < MEMBERS; i++) {
    ids.members.push(await school(t, { name: `Property School ${i}`, phase: 'primary' }));
    await joinPartnership(t, ids.members[i]!, ids.trust);
  }
  await t.services.indicators.listIndicators(ADMIN);
  await t.services.indicators.createIndicator(ADMIN, {
    code: CODE,
    name: 'Pupil voice (property)',
    unit: 'count',
    kind: 'soft',
    direction: 'higher',
    outcome: null,
    source: 'Survey',
    published: false,
  });
});
afterAll(async () => t?.close());

type Sharing = 'none' | 'summary' | 'all';
interface World {
  members: Array<{ value: number; respondents: number; sharing: Sharing }>;
}

async function load(world: World, target: number, shift: number) {
  const db = t.database.db;
  await db.deleteFrom('sharing_agreements').execute();
  const indicator = (await t.services.indicators.findIndicator(CODE))!;
  const rows = world.members.flatMap((m, i) => [
    {
      indicatorId: indicator.id,
      period: '2023/24',
      organisationId: ids.members[i]!,
      value: m.value + (i === target ? shift : 0),
      numerator: 0,
      denominator: 0,
      respondents: m.respondents,
    },
  ]);
  rows.push({
    indicatorId: indicator.id,
    period: '2023/24',
    organisationId: ids.outside,
    value: 50,
    numerator: 0,
    denominator: 0,
    respondents: 40,
  });
  await t.services.audit.recorded(
    ADMIN,
    (trx) => t.services.indicators.recordComputedValues('property', rows, trx),
    () => ({ action: 'record-values', entity: 'indicator', entityId: indicator.id, detail: { source: 'property' } }),
  );
  for (const [i, m] of world.members.entries()) {
    if (i > 0 && m.sharing !== 'none')
      await db
        .insertInto('sharing_agreements')
        .values({
          organisation_id: ids.members[i]!,
          partnership_id: ids.trust,
          what: 'indicators',
          detail: m.sharing,
          start_date: '2020-01-01',
        })
        .execute();
  }
}

/** Everything the viewer can read about the indicator, by every path that reads values. */
async function everything(target: number): Promise<unknown> {
  const v = viewer();
  const s = t.services.indicators;
  const key = (i: number) => `org:${ids.members[i]}`;
  const all = ids.members.map((_, i) => key(i));
  const without = all.filter((_, i) => i !== target);
  const group = (scope: string, benchmark?: string) =>
    s.groupResults(v, { scope, indicator: CODE, ...(benchmark ? { benchmark } : {}) });
  return {
    trust: await group(`org:${ids.trust}`),
    targetAlone: await group(key(target)),
    list: await group(all.join(',')),
    listWithout: await group(without.join(',')),
    trustAgainstList: await group(`org:${ids.trust}`, without.join(',')),
    listAgainstTrust: await group(without.join(','), `org:${ids.trust}`),
    england: await group('england', `org:${ids.trust}`),
    shared: await s.sharedStrengthsAndNeeds(v, { scope: `org:${ids.trust}` }),
    // When a value was loaded is not the value: both worlds load it, moments apart.
    page: (await s.organisationValues(v, ids.members[target]!))
      .filter((x) => x.indicator.code === CODE)
      .map(({ loadedAt: _, ...rest }) => rest),
    series: await s.series(v, { code: CODE, organisationId: ids.members[target]! }),
    latest: [...(await s.latestValues(v, { code: CODE, organisationIds: null })).entries()].sort(),
    comparison: await s.comparison(v, { code: CODE, organisationIds: ids.members.slice(1) }),
    comparisonWithout: await s.comparison(v, {
      code: CODE,
      organisationIds: ids.members.slice(1).filter((_, i) => i + 1 !== target),
    }),
  };
}

const member = fc.record({
  value: fc.integer({ min: 1, max: 100 }),
  respondents: fc.constantFrom(3, 9, 10, 30),
  sharing: fc.constantFrom<Sharing>('none', 'summary', 'all'),
});

/** Whether the viewer may not work out this member's value: the cases the gate must hide completely. */
function hidden(world: World, i: number): boolean {
  const m = world.members[i]!;
  if (m.respondents < 10) return true;
  if (m.sharing === 'none') return true;
  if (m.sharing === 'summary')
    return world.members.filter((x, j) => j > 0 && x.sharing === 'summary' && x.respondents >= 10).length < MIN_COHORT;
  return false;
}

describe('suppression holds against every combination of reads', () => {
  it('a value the viewer may not see changes nothing they can read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(member, { minLength: MEMBERS, maxLength: MEMBERS }),
        fc.integer({ min: 1, max: MEMBERS - 1 }),
        async (members, target) => {
          const world = { members };
          fc.pre(hidden(world, target));
          await load(world, target, 0);
          const before = JSON.stringify(await everything(target));
          await load(world, target, 37);
          const after = JSON.stringify(await everything(target));
          expect(after).toBe(before);
        },
      ),
      { numRuns: 25, seed: 20261201 },
    );
  });

  it('and the property can fail: a value shared in full does change what the viewer reads', async () => {
    const world: World = {
      members: Array.from({ length: MEMBERS }, () => ({ value: 20, respondents: 30, sharing: 'all' as Sharing })),
    };
    await load(world, 3, 0);
    const before = JSON.stringify(await everything(3));
    await load(world, 3, 37);
    expect(JSON.stringify(await everything(3))).not.toBe(before);
  });
});
