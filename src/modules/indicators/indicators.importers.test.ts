import { describe, expect, it } from 'vitest';
import { FieldError } from '../../platform/csv/fields.js';
import type { ImportContext, ImportDefinition } from '../imports/index.js';
import {
  createAbsenceImporter,
  createCensusImporter,
  createKs2Importer,
  createLongImporter,
  createOfstedImporter,
  INDICATOR_IMPORTERS,
} from './indicators.importers.js';
import { REPORT_CARD_AREAS } from './indicators.domain.js';

const CENSUS_2022 =
  'URN,LA,ESTAB,SCHOOLTYPE,NOR,NORG,NORB,PNORG,PNORB,TSENELSE,PSENELSE,TSENELK,PSENELK,NUMEAL,NUMENGFL,NUMUNCFL,PNUMEAL,PNUMENGFL,PNUMUNCFL,NUMFSM,NUMFSMEVER,NORFSMEVER,PNUMFSMEVER'.split(
    ',',
  );
const CENSUS_2018 = CENSUS_2022.filter((c) => c !== 'NORFSMEVER');

/** A record as the reader gives it: fields by column name. */
const record = (header: string[], line: string) => Object.fromEntries(line.split(',').map((v, i) => [header[i]!, v]));

/** An importer made ready for a file, as the runner does: header checked (returned problems must be none), then prepared. */
function ready(importer: ImportDefinition, header: string[], context: ImportContext): ImportDefinition {
  expect(importer.checkHeader(header, context)).toEqual([]);
  importer.prepare?.(header, context);
  return importer;
}

/** A wide staging row (urn, period, observed_on, then value, numerator, denominator per indicator) split up; null where no value. */
function wide(row: unknown[]) {
  const [urn, period, observedOn, ...rest] = row;
  const measures: Array<unknown[] | null> = [];
  for (let i = 0; i < rest.length; i += 3) measures.push(rest[i] === null ? null : rest.slice(i, i + 3));
  return { urn, period, observedOn, measures };
}

describe('the census importer', () => {
  it('reads a 2022/23 row: pupils, and each share from its counts', () => {
    const importer = ready(createCensusImporter(), CENSUS_2022, { fileName: '2022-2023_england_census.csv' });
    const row = wide(
      importer.toRow(
        record(
          CENSUS_2022,
          '100000,201,3614,State-funded primary,271,127,144,46.90%,53.10%,8,3.00%,59,21.80%,145,125,1,53.50%,46.10%,0.40%,49,50,228,21.90%',
        ),
      ),
    );
    expect(row).toMatchObject({ urn: 100000, period: '2022/23', observedOn: null });
    // census-pupils, census-fsm-ever-percent, census-eal-percent, census-sen-support-percent, census-ehc-plan-percent
    expect(row.measures).toEqual([
      [271, null, null],
      [(50 / 228) * 100, 50, 228],
      [(145 / 271) * 100, 145, 271],
      [(59 / 271) * 100, 59, 271],
      [(8 / 271) * 100, 8, 271],
    ]);
  });

  it('takes the published percentage, "%" and all, when the counts are missing', () => {
    const importer = ready(createCensusImporter(), CENSUS_2022, { fileName: '2022-2023_england_census.csv' });
    const row = wide(
      importer.toRow(
        record(
          CENSUS_2022,
          '100001,201,6005,Independent school,739,739,0,100.00%,0.00%,0,0.00%,22,3.00%,NA,NA,NA,46.90%,NA,NA,NA,NA,NA,21.90%',
        ),
      ),
    );
    expect(row.measures[1]).toEqual([21.9, null, null]);
    expect(row.measures[2]).toEqual([46.9, null, null]);
  });

  it('gives no share where there is nobody to count from, whatever percentage the file prints', () => {
    const importer = ready(createCensusImporter(), CENSUS_2022, { fileName: '2022-2023_england_census.csv' });
    const nursery = wide(
      importer.toRow(
        record(
          CENSUS_2022,
          '100005,202,1048,State-funded nursery,136,61,75,44.90%,55.10%,2,1.50%,23,16.90%,38,98,0,27.90%,72.10%,0.00%,52,0,0,0.00%',
        ),
      ),
    );
    expect(nursery.measures[0]).toEqual([136, null, null]);
    expect(nursery.measures[1]).toBeNull();
    const empty = wide(
      importer.toRow(
        record(
          CENSUS_2022,
          '100044,202,3546,State-funded primary,0,0,0,0.00%,0.00%,0,0.00%,0,0.00%,0,0,0,0.00%,0.00%,0.00%,0,0,0,0.00%',
        ),
      ),
    );
    expect(empty.measures).toEqual([[0, null, null], null, null, null, null]);
  });

  it('reads a 2018/19 row, which has no FSM denominator, as the published percentage', () => {
    const importer = ready(createCensusImporter(), CENSUS_2018, { fileName: '2018-2019_england_census.csv' });
    const row = wide(
      importer.toRow(
        record(
          CENSUS_2018,
          '100000,201,3614,State-funded primary,285,141,144,49.5,50.5,5,1.8,50,17.5,141,143,1,49.5,50.2,0.4,32,38,16.2',
        ),
      ),
    );
    expect(row.period).toBe('2018/19');
    expect(row.measures[1]).toEqual([16.2, 38, null]);
  });

  it('rejects national totals and impossible counts', () => {
    const importer = ready(createCensusImporter(), CENSUS_2022, { fileName: '2022-2023_england_census.csv' });
    expect(() =>
      importer.toRow(
        record(
          CENSUS_2022,
          'NAT,,PRI,State-funded primary,4647851,2282391,2365456,49.10%,50.90%,117757,2.50%,629184,13.50%,1022969,3611560,13322,22.00%,77.70%,0.30%,1115284,1131847,4376957,25.90%',
        ),
      ),
    ).toThrow(new FieldError('is a national total (URN "NAT"), not a school'));
    expect(() =>
      importer.toRow(
        record(
          CENSUS_2022,
          '100000,201,3614,State-funded primary,271,127,144,46.90%,53.10%,8,3.00%,59,21.80%,145,125,1,53.50%,46.10%,0.40%,49,229,228,21.90%',
        ),
      ),
    ).toThrow(new FieldError('NUMFSMEVER 229 is more than its denominator 228'));
    expect(() =>
      importer.toRow(
        record(
          CENSUS_2022,
          '100000,201,3614,State-funded primary,271,127,144,46.90%,53.10%,8,3.00%,59,21.80%,145,125,1,53.50%,46.10%,0.40%,49,NA,NA,lots',
        ),
      ),
    ).toThrow(new FieldError('PNUMFSMEVER "lots" is not a number'));
  });

  it('refuses a header without the period in the file name or given, and names the missing columns', () => {
    const importer = createCensusImporter();
    const problems = importer.checkHeader(CENSUS_2022, { fileName: 'england_census.csv' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^the file name does not say which academic year its values belong to: give the period .* --period/,
    );
    expect(
      createCensusImporter().checkHeader(CENSUS_2022, { fileName: 'england_census.csv', period: '2021/22' }),
    ).toEqual([]);
    expect(
      createCensusImporter().checkHeader(CENSUS_2022, { fileName: 'england_census.csv', period: '2021-22' }),
    ).toEqual(['the period "2021-22" is not an academic year such as 2022/23 or a term such as 2022/23 autumn']);
    expect(
      createCensusImporter().checkHeader(
        CENSUS_2022.filter((c) => c !== 'NOR'),
        { fileName: '2022-2023_england_census.csv' },
      ),
    ).toEqual(['missing column "NOR"']);
  });

  it('lets a given period win over the file name', () => {
    const importer = ready(createCensusImporter(), CENSUS_2022, {
      fileName: '2022-2023_england_census.csv',
      period: '2022/23 spring',
    });
    expect(
      wide(importer.toRow(record(CENSUS_2022, '100000,201,3614,x,271,,,,,8,,59,,145,125,1,,,,,50,228,'))).period,
    ).toBe('2022/23 spring');
  });
});

describe('the absence and key stage 2 importers', () => {
  it('leaves a suppressed absence value out and keeps the other', () => {
    const header = ['LA', 'ESTAB', 'URN', 'PERCTOT', 'PPERSABS10'];
    const importer = ready(createAbsenceImporter(), header, { fileName: 'england_abs.csv', period: '2018/19' });
    expect(wide(importer.toRow(record(header, '202,2841,100027,2.2,SUPP'))).measures).toEqual([
      [2.2, null, null],
      null,
    ]);
    expect(() => importer.toRow(record(header, 'NAT,PRI,,4,8.2'))).toThrow(
      new FieldError('URN is empty: a total, not a school'),
    );
  });

  it('reads progress scores, leaving SUPP and LOWCOV out, and refuses totals', () => {
    const header = ['RECTYPE', 'URN', 'READPROG', 'WRITPROG', 'MATPROG'];
    const importer = ready(createKs2Importer(), header, { fileName: 'england_ks2final.csv', period: '2018/19' });
    expect(wide(importer.toRow(record(header, '1,141279,2.6,2.3,2'))).measures).toEqual([
      [2.6, null, null],
      [2.3, null, null],
      [2, null, null],
    ]);
    expect(wide(importer.toRow(record(header, '2,141279,SUPP,LOWCOV,-4.9'))).measures).toEqual([
      null,
      null,
      [-4.9, null, null],
    ]);
    expect(() => importer.toRow(record(header, '4,141279,1,1,1'))).toThrow(
      new FieldError('is a total (RECTYPE 4), not a school'),
    );
  });
});

describe('the Ofsted importer', () => {
  const codes = ['ofsted-overall', ...REPORT_CARD_AREAS.map((a) => `ofsted-rc-${a.code}`), 'ofsted-rc-safeguarding'];
  const valueOf = (row: unknown[], code: string) => wide(row).measures[codes.indexOf(code)];

  it('reads the performance tables layout: a grade and its inspection day, in the academic year of that day', () => {
    const header = ['RECTYPE', 'URN', 'SCHNAME', 'OFSTEDRATING', 'INSPECTIONDT'];
    const importer = ready(createOfstedImporter(), header, { fileName: 'england_ks2final.csv' });
    const row = importer.toRow(record(header, '1,119910,Buckminster Primary School,Good,20140204'));
    expect(wide(row)).toMatchObject({ urn: 119910, period: '2013/14', observedOn: '2014-02-04' });
    expect(valueOf(row, 'ofsted-overall')).toEqual([3, null, null]);
    expect(wide(row).measures.filter((m) => m !== null)).toHaveLength(1);
    expect(
      valueOf(importer.toRow(record(header, '1,119911,X,Requires Improvement,20190912')), 'ofsted-overall'),
    ).toEqual([2, null, null]);
    expect(valueOf(importer.toRow(record(header, '1,119912,X,Outstanding,20190912')), 'ofsted-overall')).toEqual([
      4,
      null,
      null,
    ]);
    expect(valueOf(importer.toRow(record(header, '1,119913,X,Inadequate,20190912')), 'ofsted-overall')).toEqual([
      1,
      null,
      null,
    ]);
    expect(valueOf(importer.toRow(record(header, '1,119914,X,Serious Weaknesses,20190912')), 'ofsted-overall')).toEqual(
      [1, null, null],
    );
    // Ofsted's own numbers: 1 is Outstanding.
    expect(valueOf(importer.toRow(record(header, '1,119915,X,1,20190912')), 'ofsted-overall')).toEqual([4, null, null]);
    expect(() => importer.toRow(record(header, '1,119916,X,Excellent,20190912'))).toThrow(
      /^OFSTEDRATING "Excellent" is not an Ofsted grade/,
    );
    expect(() => importer.toRow(record(header, '1,119917,X,Good,20190231'))).toThrow(
      /^INSPECTIONDT "2019-02-31" is not a date/,
    );
  });

  it('needs no period for a school never inspected, but does for a grade without a day', () => {
    const header = ['URN', 'OFSTEDRATING', 'INSPECTIONDT'];
    const importer = ready(createOfstedImporter(), header, { fileName: 'england_ks2final.csv' });
    const blank = wide(importer.toRow(record(header, '141279,,')));
    expect(blank.period).toBeNull();
    expect(blank.measures.every((m) => m === null)).toBe(true);
    expect(() => importer.toRow(record(header, '141279,Good,'))).toThrow(
      /^has no inspection date, and no period was given for the file/,
    );
    const withPeriod = ready(createOfstedImporter(), header, { fileName: 'england_ks2final.csv', period: '2018/19' });
    expect(wide(withPeriod.toRow(record(header, '141279,Good,'))).period).toBe('2018/19');
  });

  it('reads the GIAS-derived layout (unique_reference_number, rating), which needs the period given', () => {
    const header = ['unique_reference_number', 'authority_code', 'rating'];
    const problems = createOfstedImporter().checkHeader(header, { fileName: 'school_ofsted_rating.csv' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/does not say which academic year/);
    const importer = ready(createOfstedImporter(), header, { fileName: 'school_ofsted_rating.csv', period: '2023/24' });
    const row = importer.toRow(record(header, '100000,201,Outstanding'));
    expect(wide(row)).toMatchObject({ urn: 100000, period: '2023/24', observedOn: null });
    expect(valueOf(row, 'ofsted-overall')).toEqual([4, null, null]);
    expect(valueOf(importer.toRow(record(header, '100001,201,Requires improvement')), 'ofsted-overall')).toEqual([
      2,
      null,
      null,
    ]);
  });

  it('reads report cards: five grades per area and safeguarding met or not', () => {
    const header = ['URN', 'Inspection date', 'Achievement', 'Inclusion', 'Early years', 'Safeguarding'];
    const importer = ready(createOfstedImporter(), header, { fileName: 'report-cards.csv' });
    const row = importer.toRow(
      record(header, '990701,20-11-2025,Exceptional,needs  attention,Urgent improvement,Not met'),
    );
    expect(wide(row)).toMatchObject({ urn: 990701, period: '2025/26', observedOn: '2025-11-20' });
    expect(valueOf(row, 'ofsted-overall')).toBeNull();
    expect(valueOf(row, 'ofsted-rc-achievement')).toEqual([5, null, null]);
    expect(valueOf(row, 'ofsted-rc-inclusion')).toEqual([2, null, null]);
    expect(valueOf(row, 'ofsted-rc-early-years')).toEqual([1, null, null]);
    expect(valueOf(row, 'ofsted-rc-curriculum-and-teaching')).toBeNull();
    expect(valueOf(row, 'ofsted-rc-safeguarding')).toEqual([1, null, null]);
    const other = importer.toRow(record(header, '990702,2026-01-15,Strong,Expected,,Met'));
    expect([
      valueOf(other, 'ofsted-rc-achievement'),
      valueOf(other, 'ofsted-rc-inclusion'),
      valueOf(other, 'ofsted-rc-safeguarding'),
    ]).toEqual([
      [4, null, null],
      [3, null, null],
      [2, null, null],
    ]);
    expect(() => importer.toRow(record(header, '990703,2026-01-15,Good,Expected,,Met'))).toThrow(
      new FieldError(
        'Achievement "Good" is not one of Urgent improvement, Needs attention, Expected, Strong, Exceptional',
      ),
    );
    expect(() => importer.toRow(record(header, '990703,2026-01-15,Strong,Expected,,Partly'))).toThrow(
      new FieldError('Safeguarding "Partly" is not one of Not met, Met'),
    );
  });

  it('refuses a header with no grade columns, or without the URN or date of its layout', () => {
    expect(createOfstedImporter().checkHeader(['URN', 'Inspection date', 'Name'], { fileName: 'x.csv' })).toEqual([
      expect.stringMatching(/^no grade columns: give OFSTEDRATING, rating, Overall effectiveness/),
    ]);
    expect(createOfstedImporter().checkHeader(['URN', 'OFSTEDRATING'], { fileName: 'x.csv' })).toContain(
      'missing column "INSPECTIONDT"',
    );
    expect(createOfstedImporter().checkHeader(['urn', 'rating'], { fileName: 'x.csv', period: '2023/24' })).toEqual([
      'missing column "unique_reference_number"',
    ]);
    expect(createOfstedImporter().checkHeader(['URN', 'Overall effectiveness'], { fileName: 'x.csv' })).toEqual([
      'missing column "Inspection date"',
    ]);
  });
});

describe('the long-form importer', () => {
  const header = ['urn', 'indicator', 'period', 'value', 'numerator', 'denominator'];
  const importer = createLongImporter();
  const toRow = (line: string) => importer.toRow(record(header, line));

  it('reads a value with or without its fraction, in a year or a term', () => {
    expect(toRow('990701,absence-overall-percent,2022/23 autumn,5.25,21,400')).toEqual([
      990701,
      'absence-overall-percent',
      '2022/23 autumn',
      5.25,
      21,
      400,
    ]);
    expect(toRow('990701,wellbeing,2022/23,12.5,,')).toEqual([990701, 'wellbeing', '2022/23', 12.5, null, null]);
  });

  it('rejects bad periods, missing values and half a fraction', () => {
    expect(() => toRow('990701,x,2022-23,1,,')).toThrow(
      new FieldError('period "2022-23" is not an academic year such as 2022/23 or a term such as 2022/23 autumn'),
    );
    expect(() => toRow('990701,x,2022/24,1,,')).toThrow(/^period "2022\/24" is not an academic year/);
    expect(() => toRow('990701,x,,1,,')).toThrow(new FieldError('period is empty'));
    expect(() => toRow('990701,x,2022/23,,,')).toThrow(new FieldError('value is empty'));
    expect(() => toRow('990701,x,2022/23,4.5,9,')).toThrow(
      new FieldError('give both numerator and denominator, or neither'),
    );
    expect(() => toRow('990701,x,2022/23,4.5,,9')).toThrow(
      new FieldError('give both numerator and denominator, or neither'),
    );
    expect(() => toRow('990701,x,2022/23,4.5,0,0')).toThrow(new FieldError('denominator is 0'));
    expect(() => toRow('99070,x,2022/23,4.5,,')).toThrow(new FieldError('urn "99070" is not a six-digit URN'));
  });

  it('needs urn, indicator, period and value columns, and no period for the file', () => {
    expect(createLongImporter().checkHeader(header, { fileName: 'values.csv' })).toEqual([]);
    expect(createLongImporter().checkHeader(['urn', 'indicator', 'value'], { fileName: 'values.csv' })).toEqual([
      'missing column "period"',
    ]);
  });
});

describe('INDICATOR_IMPORTERS', () => {
  it('names each importer by its kind', () => {
    for (const [kind, create] of Object.entries(INDICATOR_IMPORTERS)) expect(create().kind).toBe(kind);
  });
});
