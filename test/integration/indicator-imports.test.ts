import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/platform/csv/csv-reader.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';

// The public files sit beside the project (../shared/data); SYSLEAD_SHARED_DATA points elsewhere.
const DATA = process.env.SYSLEAD_SHARED_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
const FILES = {
  minimal: `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`,
  census2223: `${DATA}/dfe_school_census_2022-23_and_2018-19/2022-2023_england_census.csv`,
  census1819: `${DATA}/dfe_school_census_2022-23_and_2018-19/2018-2019_england_census.csv`,
  absence: `${DATA}/dfe_performance_tables_2018-19/england_abs.csv`,
  ks2: `${DATA}/dfe_performance_tables_2018-19_processed_with_ofsted_latlong/england_ks2final.csv`,
  ofsted2024: `${DATA}/ofsted_ratings_with_census_2024/school_ofsted_rating.csv`,
};
const dataAvailable = Object.values(FILES).every((f) => fs.existsSync(f));

const UNKNOWN_URN = /^no school with URN \d{6} is in the landscape/;

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-indicator-import-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const importFile = (kind: string, file: string, options: { period?: string; fileName?: string } = {}) =>
  t.services.imports.importFile(ADMIN, kind, file, options);
function write(name: string, content: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** One stored value: a school's (by URN) value of an indicator in a period. */
async function stored(urn: number, code: string, period: string) {
  return t.database.db
    .selectFrom('indicator_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .select([
      'v.value',
      'v.numerator',
      'v.denominator',
      sql<string | null>`v.observed_on::text`.as('observedOn'),
      'v.source',
    ])
    .where('o.urn', '=', urn)
    .where('i.code', '=', code)
    .where('v.period', '=', period)
    .executeTakeFirst();
}

/** Every stored value, as a count and a digest, to show that a refused import wrote nothing. */
async function snapshot() {
  const result = await sql<{ n: number; digest: string | null }>`
    select count(*)::int as n, md5(string_agg(concat_ws('/', indicator_id, period, organisation_id, value, numerator, denominator, observed_on, source), ','
      order by indicator_id, period, organisation_id)) as digest
    from indicator_values`.execute(t.database.db);
  return result.rows[0]!;
}

/** Records of a file, by line, read as the importers read it. */
async function records(file: string): Promise<Array<{ line: number; values: Record<string, string> }>> {
  const rows = [];
  for await (const r of readCsv(file, { checkHeader: () => [] })) rows.push({ line: r.line, values: r.values });
  return rows;
}

describe('constructed indicator files', () => {
  beforeAll(async () => {
    // Schools of our own, with URNs that no public list uses.
    const schools = [
      'urn,name,town,postcode',
      '990701,First Test School,Town,AB1 2CD',
      '990702,Second Test School,Town,AB1 2CD',
      '990703,Third Test School,Town,AB1 2CD',
      '990704,Fourth Test School,Town,AB1 2CD',
    ];
    const result = await importFile('gias-minimal', write('test-schools.csv', schools.join('\n')));
    expect(result).toMatchObject({ inserted: 4, rejected: 0 });
  });

  it('reads Ofsted report cards: five grades per area, safeguarding met or not, and names a bad grade with its line and column', async () => {
    const file = write(
      'report-cards.csv',
      [
        'URN,Inspection date,Achievement,Inclusion,Safeguarding',
        '990701,2025-11-20,Exceptional,Strong,Met',
        '990702,21-11-2025,Expected,Needs attention,Not met',
        '990703,2026-03-02,Urgent improvement,expected,Met',
        '990704,2025-12-01,Good,Strong,Met',
      ].join('\n'),
    );
    const result = await importFile('ofsted', file);
    expect(result).toMatchObject({ rowsRead: 4, inserted: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.rejects).toEqual([
      {
        line: 5,
        reason: 'Achievement "Good" is not one of Urgent improvement, Needs attention, Expected, Strong, Exceptional',
      },
    ]);

    expect(await stored(990701, 'ofsted-rc-achievement', '2025/26')).toEqual({
      value: 5,
      numerator: null,
      denominator: null,
      observedOn: '2025-11-20',
      source: 'Ofsted',
    });
    expect((await stored(990701, 'ofsted-rc-inclusion', '2025/26'))?.value).toBe(4);
    expect((await stored(990701, 'ofsted-rc-safeguarding', '2025/26'))?.value).toBe(2);
    expect(await stored(990702, 'ofsted-rc-achievement', '2025/26')).toMatchObject({
      value: 3,
      observedOn: '2025-11-21',
    });
    expect((await stored(990702, 'ofsted-rc-inclusion', '2025/26'))?.value).toBe(2);
    expect((await stored(990702, 'ofsted-rc-safeguarding', '2025/26'))?.value).toBe(1);
    expect((await stored(990703, 'ofsted-rc-achievement', '2025/26'))?.value).toBe(1);
    expect((await stored(990703, 'ofsted-rc-inclusion', '2025/26'))?.value).toBe(3);
    // Areas the file does not have, and the single-word grade, are left absent.
    expect(await stored(990701, 'ofsted-overall', '2025/26')).toBeUndefined();
    expect(await stored(990701, 'ofsted-rc-early-years', '2025/26')).toBeUndefined();
    expect(await stored(990704, 'ofsted-rc-inclusion', '2025/26')).toBeUndefined();

    const again = await importFile('ofsted', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 1 });
  });

  it('reads values in long form, rejecting unknown indicators, bad periods and half a fraction by line', async () => {
    const file = write(
      'values.csv',
      [
        'urn,indicator,period,value,numerator,denominator',
        '990701,no-such-indicator,2022/23,1,,',
        '990701,absence-overall-percent,2022-23,4.5,,',
        '990701,absence-overall-percent,2022/23,4.5,9,',
        '990702,absence-overall-percent,2022/23 autumn,5.25,21,400',
        '990701,absence-persistent-percent,2022/23,12.5,,',
        '990799,absence-overall-percent,2022/23,3,,',
      ].join('\n'),
    );
    // The built-in indicators are in the catalogue of a fresh database before anything else loaded them.
    const result = await importFile('indicator-values', file);
    expect(result).toMatchObject({ rowsRead: 6, inserted: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(result.rejects).toEqual([
      { line: 2, reason: 'no indicator "no-such-indicator" in the catalogue (an administrator adds it first)' },
      { line: 3, reason: 'period "2022-23" is not an academic year such as 2022/23 or a term such as 2022/23 autumn' },
      { line: 4, reason: 'give both numerator and denominator, or neither' },
      { line: 7, reason: 'no school with URN 990799 is in the landscape' },
    ]);
    expect(await stored(990702, 'absence-overall-percent', '2022/23 autumn')).toEqual({
      value: 5.25,
      numerator: 21,
      denominator: 400,
      observedOn: null,
      source: 'import',
    });
    expect(await stored(990701, 'absence-persistent-percent', '2022/23')).toMatchObject({
      value: 12.5,
      numerator: null,
      denominator: null,
    });
    expect(await stored(990701, 'absence-overall-percent', '2022/23')).toBeUndefined();
  });

  it('refuses a census file with a broken header and leaves every value as it was', async () => {
    // A value of its own to leave as it was (a fourth school's, which no other test here writes).
    await importFile(
      'indicator-values',
      write('kept.csv', 'urn,indicator,period,value\n990704,census-pupils,2020/21,120\n'),
    );
    const before = await snapshot();
    expect(before.n).toBeGreaterThan(0);
    const file = write(
      '2022-2023_england_census.csv',
      [
        'URN,LA,ESTAB,SCHOOLTYPE,NUMFSMEVER,PNUMFSMEVER,NUMEAL,NUMENGFL,NUMUNCFL,PNUMEAL,TSENELK,PSENELK,TSENELSE,PSENELSE',
        '990701,201,3614,State-funded primary,50,21.90%,1,1,1,33.3%,1,1%,1,1%',
      ].join('\n'),
    );
    await expect(importFile('dfe-census', file)).rejects.toThrow(
      /header is not the one expected: missing column "NOR"/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file of values whose period neither its name nor the import gives', async () => {
    const before = await snapshot();
    const file = write('absence.csv', 'LA,ESTAB,URN,PERCTOT,PPERSABS10\n201,3614,990701,2.6,3.4\n');
    await expect(importFile('dfe-absence', file)).rejects.toThrow(/does not say which academic year.*--period/);
    await expect(importFile('dfe-absence', file, { period: '2022-23' })).rejects.toThrow(
      /the period "2022-23" is not an academic year/,
    );
    expect(await snapshot()).toEqual(before);
    const given = await importFile('dfe-absence', file, { period: '2021/22' });
    expect(given).toMatchObject({ rowsRead: 1, inserted: 1, rejected: 0 });
    expect(await stored(990701, 'absence-overall-percent', '2021/22')).toMatchObject({
      value: 2.6,
      source: 'DfE performance tables',
    });
  });
});

describe.skipIf(!dataAvailable)('importing the real public indicator files', () => {
  let giasUrns: Set<number>;
  /** Rows of a file with a six-digit URN that the national list of 2022 does not have. */
  const unknownIn = (rows: Array<{ values: Record<string, string> }>, column = 'URN') =>
    rows.filter((r) => /^\d{6}$/.test(r.values[column] ?? '') && !giasUrns.has(Number(r.values[column]))).length;

  beforeAll(async () => {
    const national = await importFile('gias-minimal', FILES.minimal);
    expect(national).toMatchObject({ rowsRead: 49514, rejected: 0 });
    giasUrns = new Set((await records(FILES.minimal)).map((r) => Number(r.values.urn)));
  }, 120_000);

  it('imports the 2022/23 census, its period from the file name, rejecting the national totals and unknown schools', async () => {
    const rows = await records(FILES.census2223);
    const result = await importFile('dfe-census', FILES.census2223);
    expect(result.rowsRead).toBe(24436);
    expect(result.inserted + result.updated + result.unchanged + result.rejected).toBe(result.rowsRead);

    const national = result.rejects.filter((r) => /national total/.test(r.reason));
    expect(national).toEqual(
      [24435, 24436, 24437].map((line) => ({ line, reason: 'is a national total (URN "NAT"), not a school' })),
    );
    const others = result.rejects.filter((r) => !/national total/.test(r.reason));
    for (const r of others) expect(r.reason).toMatch(UNKNOWN_URN);
    expect(others).toHaveLength(unknownIn(rows));
    // Percentages written "46.90%" are read, not refused.
    expect(result.rejects.filter((r) => /not a number|%/.test(r.reason))).toEqual([]);

    // URN 100000: NOR 271, NUMFSMEVER 50, NORFSMEVER 228, TSENELK 59, TSENELSE 8, NUMEAL 145 of 145+125+1.
    expect(await stored(100000, 'census-pupils', '2022/23')).toEqual({
      value: 271,
      numerator: null,
      denominator: null,
      observedOn: null,
      source: 'DfE school census',
    });
    const fsm = await stored(100000, 'census-fsm-ever-percent', '2022/23');
    expect(fsm).toMatchObject({ numerator: 50, denominator: 228 });
    expect(fsm!.value).toBeCloseTo((50 / 228) * 100, 10);
    expect(await stored(100000, 'census-sen-support-percent', '2022/23')).toMatchObject({
      numerator: 59,
      denominator: 271,
    });
    expect(await stored(100000, 'census-ehc-plan-percent', '2022/23')).toMatchObject({
      numerator: 8,
      denominator: 271,
    });
    expect(await stored(100000, 'census-eal-percent', '2022/23')).toMatchObject({ numerator: 145, denominator: 271 });
    // A nursery (100005: NUMFSMEVER 0, NORFSMEVER 0, PNUMFSMEVER "0.00%") has no FSM base, so no share;
    // a school with no pupils (100044: NOR 0) has a count but no SEN shares.
    expect((await stored(100005, 'census-pupils', '2022/23'))?.value).toBe(136);
    expect(await stored(100005, 'census-fsm-ever-percent', '2022/23')).toBeUndefined();
    expect((await stored(100044, 'census-pupils', '2022/23'))?.value).toBe(0);
    expect(await stored(100044, 'census-sen-support-percent', '2022/23')).toBeUndefined();
    expect(await stored(100044, 'census-ehc-plan-percent', '2022/23')).toBeUndefined();

    const again = await importFile('dfe-census', FILES.census2223);
    expect(again).toMatchObject({
      rowsRead: 24436,
      inserted: 0,
      updated: 0,
      unchanged: result.rowsRead - result.rejected,
      rejected: result.rejected,
    });
  });

  it('imports the 2018/19 census, which has no FSM denominator, as the published percentage', async () => {
    // The 2022/23 census, which the last check finds still there (unchanged if its own test ran first).
    await importFile('dfe-census', FILES.census2223);
    const result = await importFile('dfe-census', FILES.census1819);
    expect(result.rowsRead).toBe(23942);
    expect(result.rejects.filter((r) => /national total/.test(r.reason)).map((r) => r.line)).toEqual([
      23941, 23942, 23943,
    ]);
    for (const r of result.rejects.filter((r) => !/national total/.test(r.reason)))
      expect(r.reason).toMatch(UNKNOWN_URN);
    expect(await stored(100000, 'census-pupils', '2018/19')).toMatchObject({ value: 285 });
    const fsm = await stored(100000, 'census-fsm-ever-percent', '2018/19');
    expect(fsm).toMatchObject({ value: 16.2, denominator: null });
    // The 2022/23 values are still there beside them.
    expect(await stored(100000, 'census-pupils', '2022/23')).toMatchObject({ value: 271 });
  });

  it('refuses the absence file without a period, then loads it with one', async () => {
    const before = await snapshot();
    await expect(importFile('dfe-absence', FILES.absence)).rejects.toThrow(/period/);
    expect(await snapshot()).toEqual(before);

    const rows = await records(FILES.absence);
    const result = await importFile('dfe-absence', FILES.absence, { period: '2018/19' });
    expect(result.rowsRead).toBe(21217);
    const totals = result.rejects.filter((r) => !UNKNOWN_URN.test(r.reason));
    expect(totals).toHaveLength(3);
    for (const r of totals) expect(r.reason).toBe('URN is empty: a total, not a school');
    expect(result.rejected - totals.length).toBe(unknownIn(rows));

    // Line 22: 202,2841,100027,2.2,SUPP.
    expect(await stored(100027, 'absence-overall-percent', '2018/19')).toMatchObject({
      value: 2.2,
      source: 'DfE performance tables',
    });
    expect(await stored(100027, 'absence-persistent-percent', '2018/19')).toBeUndefined();
    expect((await stored(100000, 'absence-persistent-percent', '2018/19'))?.value).toBe(3.4);
  });

  it('imports key stage 2 progress scores', async () => {
    const rows = await records(FILES.ks2);
    const result = await importFile('dfe-ks2', FILES.ks2, { period: '2018/19' });
    expect(result.rowsRead).toBe(16355);
    for (const r of result.rejects) expect(r.reason).toMatch(UNKNOWN_URN);
    expect(result.rejected).toBe(unknownIn(rows));
    // Line 2: Bringhurst Primary School, 141279: READPROG 2.6, WRITPROG 2.3, MATPROG 2.
    expect((await stored(141279, 'ks2-reading-progress', '2018/19'))?.value).toBe(2.6);
    expect((await stored(141279, 'ks2-writing-progress', '2018/19'))?.value).toBe(2.3);
    expect((await stored(141279, 'ks2-maths-progress', '2018/19'))?.value).toBe(2);
    // SUPP and LOWCOV leave a score absent.
    const suppressed = rows.find(
      (r) => r.values.READPROG === 'SUPP' && giasUrns.has(Number(r.values.URN)) && /^-?\d/.test(r.values.MATPROG ?? ''),
    )!;
    expect(await stored(Number(suppressed.values.URN), 'ks2-reading-progress', '2018/19')).toBeUndefined();
    expect((await stored(Number(suppressed.values.URN), 'ks2-maths-progress', '2018/19'))?.value).toBe(
      Number(suppressed.values.MATPROG),
    );
    const lowCoverage = rows.find((r) => r.values.READPROG === 'LOWCOV' && giasUrns.has(Number(r.values.URN)))!;
    expect(await stored(Number(lowCoverage.values.URN), 'ks2-reading-progress', '2018/19')).toBeUndefined();
  });

  it('imports Ofsted grades from the performance tables, each in the academic year of its inspection', async () => {
    const rows = await records(FILES.ks2);
    const blank = rows.filter((r) => r.values.OFSTEDRATING === '').length;
    expect(blank).toBe(2671);
    const result = await importFile('ofsted', FILES.ks2);
    expect(result.rowsRead).toBe(16355);
    for (const r of result.rejects) expect(r.reason).toMatch(UNKNOWN_URN);
    expect(result.rejected).toBe(unknownIn(rows));
    expect(result.details.rowsWithoutAnyValue).toBe(blank);
    expect(await stored(119910, 'ofsted-overall', '2013/14')).toEqual({
      value: 3,
      numerator: null,
      denominator: null,
      observedOn: '2014-02-04',
      source: 'Ofsted',
    });
    // "Requires Improvement" as the file capitalises it.
    const ri = rows.find(
      (r) => r.values.OFSTEDRATING === 'Requires Improvement' && giasUrns.has(Number(r.values.URN)),
    )!;
    const [, year, month, day] = /^(\d{4})(\d{2})(\d{2})$/.exec(ri.values.INSPECTIONDT!)!.map(Number) as [
      number,
      number,
      number,
      number,
    ];
    const start = month >= 9 ? year : year - 1;
    const riPeriod = `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    expect(await stored(Number(ri.values.URN), 'ofsted-overall', riPeriod)).toMatchObject({
      value: 2,
      observedOn: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    });
  });

  it('imports the GIAS-derived Ofsted list of 2024 for a given period, grade for grade', async () => {
    const rows = await records(FILES.ofsted2024);
    // This layout has no inspection dates: without a period the file is refused, not rejected row by row.
    const before = await snapshot();
    await expect(importFile('ofsted', FILES.ofsted2024)).rejects.toThrow(/does not say which academic year.*--period/);
    expect(await snapshot()).toEqual(before);

    const result = await importFile('ofsted', FILES.ofsted2024, { period: '2023/24' });
    expect(result.rowsRead).toBe(20571);
    for (const r of result.rejects) expect(r.reason).toMatch(UNKNOWN_URN);
    expect(result.rejected).toBe(unknownIn(rows, 'unique_reference_number'));

    const rejectedLines = new Set(result.rejects.map((r) => r.line));
    const scale: Record<string, number> = { Inadequate: 1, 'Requires improvement': 2, Good: 3, Outstanding: 4 };
    const inFile: Record<string, number> = {};
    const expected: Record<number, number> = {};
    for (const r of rows) {
      const rating = r.values.rating!;
      inFile[rating] = (inFile[rating] ?? 0) + 1;
      if (!rejectedLines.has(r.line)) expected[scale[rating]!] = (expected[scale[rating]!] ?? 0) + 1;
    }
    expect(inFile).toEqual({ Good: 16035, Outstanding: 2835, 'Requires improvement': 1611, Inadequate: 90 });

    const counts = await sql<{ value: number; n: number }>`
      select v.value, count(*)::int as n from indicator_values v join indicators i on i.id = v.indicator_id
      where i.code = 'ofsted-overall' and v.period = '2023/24' group by v.value order by v.value`.execute(
      t.database.db,
    );
    expect(Object.fromEntries(counts.rows.map((r) => [r.value, r.n]))).toEqual(expected);
    expect(await stored(100000, 'ofsted-overall', '2023/24')).toMatchObject({ value: 4, observedOn: null });
  });
});
