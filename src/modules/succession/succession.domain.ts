/** The words of opportunities and succession: kinds, statuses and months as people read them. */

export const OPPORTUNITY_KINDS: Record<string, string> = {
  post: 'Post',
  'stretch-role': 'Stretch role',
  secondment: 'Secondment',
  'project-lead': 'Project lead',
};

export const OPPORTUNITY_STATUSES: Record<string, string> = { open: 'Open', closed: 'Closed', filled: 'Filled' };

/** The role an intention names when it is the headship of a school. */
export const HEADSHIP = 'headship';
/** A post left that is neither a headship nor a role of the landscape. */
export const OTHER_POST = 'other';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A month as YYYY-MM, read as "July 2027 (summer term)". */
export function monthLabel(month: string | null): string {
  if (!month) return '';
  const [year, m] = month.split('-').map(Number);
  const term = m! >= 9 ? 'autumn term' : m! >= 5 ? 'summer term' : 'spring term';
  return `${MONTHS[m! - 1]} ${year} (${term})`;
}

/** Whether a YYYY-MM month is a real one. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** A whole sentence naming the gap at a school's headship, or none. */
export function headshipGap(
  school: string,
  developing: number,
  leaving: Array<{ month: string | null }>,
): string | null {
  if (developing > 0) return null;
  const soonest = leaving
    .map((l) => l.month)
    .filter((m): m is string => Boolean(m))
    .sort()[0];
  return soonest
    ? `No one is developing towards headship at ${school}; its head plans to leave around ${monthLabel(soonest)}.`
    : `No one is developing towards headship at ${school}.`;
}
