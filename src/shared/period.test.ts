import { describe, expect, it } from 'vitest';
import { academicYearOf, isPeriod, periodFromFileName } from './period.js';

describe('isPeriod', () => {
  it('takes an academic year, or one of its three terms', () => {
    for (const p of ['2022/23', '2018/19', '1999/00', '2022/23 autumn', '2022/23 spring', '2022/23 summer'])
      expect(isPeriod(p), p).toBe(true);
  });
  it('refuses other spellings and years that do not follow each other', () => {
    for (const p of [
      '',
      '2022',
      '2022-23',
      '2022/2023',
      '2022/24',
      '2022/22',
      '1999/01',
      '2022/23 winter',
      '2022/23 Autumn',
      '2022/23  autumn',
      ' 2022/23',
      '2022/23 ',
    ]) {
      expect(isPeriod(p), p).toBe(false);
    }
  });
});

describe('academicYearOf', () => {
  it('runs a school year from September to August', () => {
    expect(academicYearOf('2022-09-01')).toBe('2022/23');
    expect(academicYearOf('2023-08-31')).toBe('2022/23');
    expect(academicYearOf('2014-02-04')).toBe('2013/14');
    expect(academicYearOf('2025-11-20')).toBe('2025/26');
  });
  it('writes the second year in two digits across a century', () => {
    expect(academicYearOf('1999-12-31')).toBe('1999/00');
    expect(academicYearOf('2000-01-01')).toBe('1999/00');
    expect(academicYearOf('2009-10-01')).toBe('2009/10');
  });
  it('gives periods that isPeriod takes', () => {
    for (const d of ['2000-08-31', '2000-09-01', '2099-09-01', '2024-02-29'])
      expect(isPeriod(academicYearOf(d)), d).toBe(true);
  });
});

describe('periodFromFileName', () => {
  it('reads the academic year a file name states', () => {
    expect(periodFromFileName('2022-2023_england_census.csv')).toBe('2022/23');
    expect(periodFromFileName('2018-2019_england_census.csv')).toBe('2018/19');
    expect(periodFromFileName('absence_2018-19.csv')).toBe('2018/19');
    expect(periodFromFileName('ks2_2018_19_final.csv')).toBe('2018/19');
    expect(periodFromFileName('census-1999-2000.csv')).toBe('1999/00');
  });
  it('finds none in names without one, or with a date or two years that do not follow each other', () => {
    expect(periodFromFileName('england_abs.csv')).toBeUndefined();
    expect(periodFromFileName('england_ks2final.csv')).toBeUndefined();
    expect(periodFromFileName('school_ofsted_rating.csv')).toBeUndefined();
    expect(periodFromFileName('schools_20220706.csv')).toBeUndefined();
    expect(periodFromFileName('links_2025-04-22.csv')).toBeUndefined();
    expect(periodFromFileName('census_2018-2020.csv')).toBeUndefined();
    expect(periodFromFileName('v12018-19.csv')).toBeUndefined();
    expect(periodFromFileName('2018-193.csv')).toBeUndefined();
  });
});
