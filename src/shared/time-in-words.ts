/** Lengths of time as people say them: "3 days", "2 weeks", "5 months". */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from one ISO day (or moment) to another; negative when `to` is earlier. */
export function daysBetween(from: string | Date, to: string | Date): number {
  const day = (d: string | Date) =>
    Date.parse(typeof d === 'string' ? `${d.slice(0, 10)}T00:00:00Z` : d.toISOString().slice(0, 10) + 'T00:00:00Z');
  return Math.round((day(to) - day(from)) / DAY_MS);
}

/** The ISO day a number of days after another (before it, for a negative number). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A number of days in words, rounded to weeks from a week and to months from two months. */
export function spanInWords(days: number): string {
  const n = Math.abs(days);
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (n < 7) return plural(n, 'day');
  if (n < 61) return plural(Math.floor(n / 7), 'week');
  if (n < 730) return plural(Math.floor(n / 30.4), 'month');
  return plural(Math.floor(n / 365.25), 'year');
}

/** How long ago something happened, from today: "today", "yesterday", "3 weeks ago". */
export function agoInWords(when: string | Date, today: string): string {
  const days = daysBetween(when, today);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${spanInWords(days)} ago`;
}

/** A day in words, for people: "3 December 2026". */
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
export function dayInWords(when: string | Date): string {
  return DAY_FORMAT.format(typeof when === 'string' ? new Date(`${when.slice(0, 10)}T00:00:00Z`) : when);
}
