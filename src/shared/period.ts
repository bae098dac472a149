/** Periods of the school year, shared by importers, forms and pages. */

/** A period is an academic year ("2022/23") or one of its terms ("2022/23 autumn"); text order is time order. */
export const PERIOD_PATTERN = '^[0-9]{4}/[0-9]{2}( (autumn|spring|summer))?$';
const PERIOD = new RegExp(PERIOD_PATTERN);

/** Whether a period is well formed and its two years follow each other. */
export function isPeriod(value: string): boolean {
  if (!PERIOD.test(value)) return false;
  const start = Number(value.slice(0, 4));
  return (start + 1) % 100 === Number(value.slice(5, 7));
}

/** The academic year (September to August) a day falls in. */
export function academicYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const start = Number(isoDate.slice(5, 7)) >= 9 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The academic year named in a file name ("2022-2023_england_census.csv", "absence_2018-19.csv"), if any. */
export function periodFromFileName(name: string): string | undefined {
  const match = /(?<!\d)(\d{4})[-_](\d{4}|\d{2})(?!\d)/.exec(name);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]) % 100;
  return (start + 1) % 100 === end ? `${start}/${String(end).padStart(2, '0')}` : undefined;
}
