import { date, decimal, FieldError, integer, requiredText, text, urn } from '../../platform/csv/fields.js';
import { academicYearOf, isPeriod, periodFromFileName } from '../../shared/period.js';
import { missingColumns, type ImportContext, type ImportDefinition, type MergeResult } from '../imports/index.js';
import type { Db } from '../../db/database.js';
import {
  BUILT_IN_INDICATORS,
  gradeValue,
  OFSTED_GRADES,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  SAFEGUARDING_GRADES,
} from './indicators.domain.js';
import { createIndicatorsRepository } from './indicators.repository.js';

/** A value with, where the source gives them, the numerator and denominator it was computed from. */
type Measured = [value: number, numerator: number | null, denominator: number | null] | null;
type Values = Record<string, string>;

interface WideSpec {
  kind: string;
  description: string;
  source: string;
  codes: string[];
  checkHeader(header: string[]): string[];
  /** The school's URN, or throws. */
  urnOf(v: Values): number;
  /** The day the values were observed (an inspection), when the file gives one per row. */
  observedOn?(v: Values): string | null;
  /** Whether this file's layout has the observation day at all (after checkHeader); true when observedOn is given, unless this says otherwise. */
  datedRows?(): boolean;
  /** One measured value (or null) per code, in order. */
  read(v: Values): Measured[];
  prepare?(header: string[]): void;
}

const PERIOD_HELP = 'give the period (for example 2018/19) with --period on the command line or in the upload form';

/** The period of a file's values: the one given, else the academic year its name states. */
function filePeriod(context: ImportContext): string | undefined {
  return context.period ?? periodFromFileName(context.fileName);
}

/**
 * An importer of a file with one row per school and several indicators as columns. Values are
 * staged wide and merged in one statement; a row's period is the file's, or the academic year
 * of its observation day.
 */
function wideImporter(spec: WideSpec): ImportDefinition {
  let period: string | undefined;
  const columns = spec.codes.flatMap(
    (_, i) =>
      [
        [`v${i}`, 'float8'],
        [`n${i}`, 'float8'],
        [`d${i}`, 'float8'],
      ] as const,
  );
  return {
    kind: spec.kind,
    description: spec.description,
    table: 'stage_values',
    columns: [['line', 'int'], ['urn', 'int'], ['period', 'text'], ['observed_on', 'date'], ...columns],
    checkHeader(header, context) {
      const problems = spec.checkHeader(header);
      period = filePeriod(context);
      if (context.period !== undefined && !isPeriod(context.period))
        problems.push(
          `the period "${context.period}" is not an academic year such as 2022/23 or a term such as 2022/23 autumn`,
        );
      else if (period === undefined && !(spec.observedOn && (spec.datedRows?.() ?? true)))
        problems.push(`the file name does not say which academic year its values belong to: ${PERIOD_HELP}`);
      return problems;
    },
    prepare: (header) => spec.prepare?.(header),
    toRow(v) {
      const school = spec.urnOf(v);
      const observedOn = spec.observedOn?.(v) ?? null;
      const rowPeriod = observedOn ? academicYearOf(observedOn) : period;
      const measured = spec.read(v);
      // A row without any value (a school never inspected) has nothing to file under a period.
      if (rowPeriod === undefined && measured.some((m) => m !== null))
        throw new FieldError(`has no inspection date, and no period was given for the file: ${PERIOD_HELP}`);
      return [
        school,
        rowPeriod ?? null,
        observedOn,
        ...measured.flatMap((m) => (m ? [m[0], m[1], m[2]] : [null, null, null])),
      ];
    },
    keyOf: (row) => `URN ${row[0]} for ${row[1]}`,
    merge: ({ trx, stagedCount }) => mergeStaged(trx, spec, () => stagedCount('stage_values')),
    detailLabels: { rowsWithoutAnyValue: 'Rows without any value' },
  };
}

async function mergeStaged(
  trx: Db,
  spec: Pick<WideSpec, 'codes' | 'source' | 'kind'>,
  stagedCount: () => Promise<number>,
): Promise<MergeResult> {
  const repo = createIndicatorsRepository(trx);
  await repo.ensureIndicators(BUILT_IN_INDICATORS.filter((d) => spec.codes.includes(d.code)));
  const unknown = await repo.unknownUrns('stage_values');
  const staged = await stagedCount();
  const counts = await repo.mergeWide('stage_values', spec.codes, spec.source);
  const withoutValues = await repo.rowsWithoutValues('stage_values', spec.codes.length);
  return {
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: staged - unknown.length - counts.inserted - counts.updated,
    rejects: unknown.map((u) => ({
      line: u.line,
      reason: `no school with URN ${u.urn} is in the landscape (import the GIAS list first)`,
    })),
    details: { rowsWithoutAnyValue: withoutValues },
  };
}

/** A school row's URN; national and local-authority totals are named as such. */
function schoolUrn(column: string, raw: string | undefined): number {
  const value = (raw ?? '').trim();
  if (value === 'NAT' || value === '')
    throw new FieldError(
      value === 'NAT' ? 'is a national total (URN "NAT"), not a school' : `${column} is empty: a total, not a school`,
    );
  return urn(column, value);
}

/** A share as a percentage: from the counts when the file gives them, else the published percentage. */
function share(v: Values, numeratorColumn: string, denominator: number | null, percentColumn?: string): Measured {
  const numerator = integer(numeratorColumn, v[numeratorColumn], 0, 1_000_000);
  // No pupils to count from (a nursery has no FSM "ever 6" base): no share, whatever percentage the file prints.
  if (denominator === 0) return null;
  if (numerator !== null && denominator !== null && denominator > 0) {
    if (numerator > denominator)
      throw new FieldError(`${numeratorColumn} ${numerator} is more than its denominator ${denominator}`);
    return [(numerator / denominator) * 100, numerator, denominator];
  }
  const percent = percentColumn ? decimal(percentColumn, v[percentColumn], 0, 100) : null;
  return percent === null ? null : [percent, numerator, null];
}

const plain = (value: number | null): Measured => (value === null ? null : [value, null, null]);

/** DfE census (performance tables `england_census.csv`): pupils on roll, FSM ever 6, EAL, SEN support, EHC plans. */
export function createCensusImporter(): ImportDefinition {
  let hasFsmDenominator = false;
  return wideImporter({
    kind: 'dfe-census',
    description: 'DfE school census (england_census.csv): pupils, FSM, EAL, SEN',
    source: 'DfE school census',
    codes: [
      'census-pupils',
      'census-fsm-ever-percent',
      'census-eal-percent',
      'census-sen-support-percent',
      'census-ehc-plan-percent',
    ],
    checkHeader: (header) =>
      missingColumns(header, [
        'URN',
        'NOR',
        'NUMFSMEVER',
        'PNUMFSMEVER',
        'NUMEAL',
        'NUMENGFL',
        'NUMUNCFL',
        'PNUMEAL',
        'TSENELK',
        'PSENELK',
        'TSENELSE',
        'PSENELSE',
      ]),
    prepare(header) {
      hasFsmDenominator = header.includes('NORFSMEVER');
    },
    urnOf: (v) => schoolUrn('URN', v.URN),
    read(v) {
      const pupils = integer('NOR', v.NOR, 0, 100_000);
      const fsmBase = hasFsmDenominator ? integer('NORFSMEVER', v.NORFSMEVER, 0, 100_000) : null;
      const languages = ['NUMEAL', 'NUMENGFL', 'NUMUNCFL'].map((c) => integer(c, v[c], 0, 100_000));
      const known = languages.every((n) => n !== null) ? languages.reduce<number>((a, n) => a + (n ?? 0), 0) : null;
      return [
        plain(pupils),
        share(v, 'NUMFSMEVER', fsmBase, 'PNUMFSMEVER'),
        share(v, 'NUMEAL', known, 'PNUMEAL'),
        share(v, 'TSENELK', pupils, 'PSENELK'),
        share(v, 'TSENELSE', pupils, 'PSENELSE'),
      ];
    },
  });
}

/** DfE performance tables absence file (`england_abs.csv`): overall and persistent absence. */
export function createAbsenceImporter(): ImportDefinition {
  return wideImporter({
    kind: 'dfe-absence',
    description: 'DfE absence (england_abs.csv): overall and persistent absence',
    source: 'DfE performance tables',
    codes: ['absence-overall-percent', 'absence-persistent-percent'],
    checkHeader: (header) => missingColumns(header, ['URN', 'PERCTOT', 'PPERSABS10']),
    urnOf: (v) => schoolUrn('URN', v.URN),
    read: (v) => [plain(decimal('PERCTOT', v.PERCTOT, 0, 100)), plain(decimal('PPERSABS10', v.PPERSABS10, 0, 100))],
  });
}

const progress = (column: string, raw: string | undefined): Measured =>
  plain(decimal(column, raw === 'LOWCOV' ? '' : raw, -50, 50));

/** DfE key stage 2 results (`england_ks2final.csv`): reading, writing and maths progress scores. */
export function createKs2Importer(): ImportDefinition {
  return wideImporter({
    kind: 'dfe-ks2',
    description: 'DfE key stage 2 results (england_ks2final.csv): progress scores',
    source: 'DfE performance tables',
    codes: ['ks2-reading-progress', 'ks2-writing-progress', 'ks2-maths-progress'],
    checkHeader: (header) => missingColumns(header, ['URN', 'READPROG', 'WRITPROG', 'MATPROG']),
    urnOf(v) {
      const type = (v.RECTYPE ?? '').trim();
      if (type !== '' && type !== '1' && type !== '2')
        throw new FieldError(`is a total (RECTYPE ${type}), not a school`);
      return schoolUrn('URN', v.URN);
    },
    read: (v) => [progress('READPROG', v.READPROG), progress('WRITPROG', v.WRITPROG), progress('MATPROG', v.MATPROG)],
  });
}

/** A single-word grade, also as Ofsted's number (1 Outstanding to 4 Inadequate). */
function overallGrade(column: string, raw: string | undefined): Measured {
  const label = text(column, raw, 100);
  if (label === null) return null;
  if (/^[1-4]$/.test(label)) return plain(5 - Number(label));
  const value =
    gradeValue(OFSTED_GRADES, label) ?? (/^(serious weaknesses|special measures)$/i.test(label) ? 1 : undefined);
  if (value === undefined)
    throw new FieldError(`${column} "${label}" is not an Ofsted grade (${OFSTED_GRADES.join(', ')})`);
  return plain(value);
}

function scaleGrade(column: string, raw: string | undefined, grades: string[]): Measured {
  const label = text(column, raw, 100);
  if (label === null) return null;
  const value = gradeValue(grades, label);
  if (value === undefined) throw new FieldError(`${column} "${label}" is not one of ${grades.join(', ')}`);
  return plain(value);
}

/** `yyyymmdd` as the DfE performance tables write inspection dates, or dd-mm-yyyy / yyyy-mm-dd. */
function inspectionDate(column: string, raw: string | undefined): string | null {
  const value = (raw ?? '').trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return date(column, compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : value);
}

/**
 * Ofsted grades, from any of three layouts: the performance tables (URN, OFSTEDRATING,
 * INSPECTIONDT), a GIAS-derived list (unique_reference_number, rating; give the period), or
 * report cards (URN, Inspection date, a column per area named as on the card, Safeguarding).
 */
export function createOfstedImporter(): ImportDefinition {
  let columns = { urn: 'URN', overall: 'Overall effectiveness', date: 'Inspection date' };
  const areaColumns = REPORT_CARD_AREAS.map((a) => a.name);
  return wideImporter({
    kind: 'ofsted',
    description: 'Ofsted grades: single-word grade with date, or report-card grades by area',
    source: 'Ofsted',
    codes: ['ofsted-overall', ...REPORT_CARD_AREAS.map((a) => `ofsted-rc-${a.code}`), 'ofsted-rc-safeguarding'],
    checkHeader(header) {
      const has = (c: string) => header.includes(c);
      if (has('OFSTEDRATING')) columns = { urn: 'URN', overall: 'OFSTEDRATING', date: 'INSPECTIONDT' };
      else if (has('rating')) columns = { urn: 'unique_reference_number', overall: 'rating', date: '' };
      else columns = { urn: 'URN', overall: 'Overall effectiveness', date: 'Inspection date' };
      const problems = missingColumns(header, [columns.urn, ...(columns.date ? [columns.date] : [])]);
      if (![columns.overall, ...areaColumns, 'Safeguarding'].some(has))
        problems.push(
          `no grade columns: give OFSTEDRATING, rating, Overall effectiveness, or report-card areas (${areaColumns.join(', ')}, Safeguarding)`,
        );
      return problems;
    },
    urnOf: (v) => urn(columns.urn, v[columns.urn]),
    observedOn: (v) => (columns.date ? inspectionDate(columns.date, v[columns.date]) : null),
    datedRows: () => columns.date !== '',
    read: (v) => [
      overallGrade(columns.overall, v[columns.overall]),
      ...areaColumns.map((name) => scaleGrade(name, v[name], REPORT_CARD_GRADES)),
      scaleGrade('Safeguarding', v.Safeguarding, SAFEGUARDING_GRADES),
    ],
  });
}

/** Any indicator of the catalogue in long form: urn,indicator,period,value[,numerator,denominator]. */
export function createLongImporter(): ImportDefinition {
  return {
    kind: 'indicator-values',
    description: 'indicator values: urn,indicator,period,value[,numerator,denominator]',
    table: 'stage_long',
    columns: [
      ['line', 'int'],
      ['urn', 'int'],
      ['code', 'text'],
      ['period', 'text'],
      ['value', 'float8'],
      ['numerator', 'float8'],
      ['denominator', 'float8'],
    ],
    checkHeader: (header) => missingColumns(header, ['urn', 'indicator', 'period', 'value']),
    toRow(v) {
      const period = requiredText('period', v.period, 20);
      if (!isPeriod(period))
        throw new FieldError(
          `period "${period}" is not an academic year such as 2022/23 or a term such as 2022/23 autumn`,
        );
      const value = decimal('value', v.value, -1e12, 1e12);
      if (value === null) throw new FieldError('value is empty');
      const numerator = decimal('numerator', v.numerator, -1e12, 1e12);
      const denominator = decimal('denominator', v.denominator, 0, 1e12);
      if ((numerator === null) !== (denominator === null))
        throw new FieldError('give both numerator and denominator, or neither');
      if (denominator === 0) throw new FieldError('denominator is 0');
      return [urn('urn', v.urn), requiredText('indicator', v.indicator, 80), period, value, numerator, denominator];
    },
    keyOf: (row) => `${row[1]} for URN ${row[0]} in ${row[2]}`,
    async merge({ trx, stagedCount }) {
      const values = createIndicatorsRepository(trx);
      await values.ensureIndicators(BUILT_IN_INDICATORS);
      const unknownUrns = await values.unknownUrns('stage_long');
      const unknownCodes = await values.unknownCodes('stage_long');
      const staged = await stagedCount('stage_long');
      const counts = await values.mergeLong('stage_long', 'import');
      return {
        ...counts,
        unchanged: staged - unknownUrns.length - unknownCodes.length - counts.inserted - counts.updated,
        rejects: [
          ...unknownUrns.map((u) => ({ line: u.line, reason: `no school with URN ${u.urn} is in the landscape` })),
          ...unknownCodes.map((u) => ({
            line: u.line,
            reason: `no indicator "${u.code}" in the catalogue (an administrator adds it first)`,
          })),
        ],
      };
    },
  };
}

/** The indicator importers, by the name `syslead import <kind>` takes. */
export const INDICATOR_IMPORTERS: Record<string, () => ImportDefinition> = {
  'dfe-census': createCensusImporter,
  'dfe-absence': createAbsenceImporter,
  'dfe-ks2': createKs2Importer,
  ofsted: createOfstedImporter,
  'indicator-values': createLongImporter,
};
