/**
 * The learning section of a local system's health: whether practice travels between the scope's
 * schools, how fast, and whether the trials of it are reviewed on time and kept. Read through the
 * practices service as the background job; a practice is named in what changed only to a
 * reader who may see it.
 */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { Actor } from '../../platform/http/http-platform.js';
import { daysBetween } from '../../shared/time-in-words.js';
import type { HealthChange, HealthReading, HealthScope, HealthSection, ServiceMap } from '../definition.js';
import { median } from '../../shared/median.js';

/** "The last 12 months": the 365 days up to and including the day of the figures. */
const YEAR_DAYS = 365;
const withinYear = (day: string, asOf: string) => {
  const days = daysBetween(day, asOf);
  return days >= 0 && days < YEAR_DAYS;
};

type HealthAdoption = Awaited<ReturnType<ServiceMap['practices']['healthAdoptions']>>[number];

/** Days from a practice being written up to a take-up; a take-up recorded as begun before the write-up (a school writing up what others already did) counts as none. */
const daysToTakeUp = (a: HealthAdoption) => Math.max(0, daysBetween(a.sharedOn, a.startedOn));

/** Whether a trial had been judged by a day. */
const judgedBy = (a: HealthAdoption, day: string) => a.judgement !== null && a.judgedOn !== null && a.judgedOn <= day;

/** The schools behind some adoptions, each with a note of how many ("2 practices"). */
function schoolsOf(adoptions: HealthAdoption[], note: (mine: HealthAdoption[]) => string) {
  const bySchool = new Map<number, HealthAdoption[]>();
  for (const a of adoptions) bySchool.set(a.organisationId, [...(bySchool.get(a.organisationId) ?? []), a]);
  return [...bySchool.values()]
    .map((mine) => ({ id: mine[0]!.organisationId, name: mine[0]!.organisationName, note: note(mine) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A share of some trials, or nothing to count with the reason in words. */
function shareOf(part: number, whole: number, of: string, none: string): HealthReading {
  return whole ? { value: part / whole, detail: `${part} of ${plural(whole, of)}` } : { value: null, detail: none };
}

async function adoptionsOf(services: ServiceMap, scope: HealthScope, reader: Actor = BACKGROUND_JOB) {
  const all = await services.practices.healthAdoptions(reader, scope);
  return all.filter((a) => a.startedOn <= scope.asOf);
}

export const learningSection: HealthSection = {
  key: 'learning',
  title: 'Learning',
  order: 40,
  about:
    'Whether practice travels between the schools of the partnership (or local authority, or England), how quickly, and whether schools judge their trials of it on time and keep what works.',
  figures: [
    {
      key: 'practices-adopted',
      label: 'Practices taken up across schools',
      definition:
        'The number of different practices that at least one school of the partnership has taken up from another school and is still using on the day: trying it, keeping it or adapting it again. A practice a school stopped is not counted. A school never takes up its own practice, so every one counted has travelled from the school that shared it.',
      unit: 'count',
      better: 'higher',
    },
    {
      key: 'adoptions-across-schools',
      label: 'Practices taken up in the last 12 months',
      definition:
        'The number of times a school of the partnership began a trial of another school’s practice in the 365 days up to the day. A school that takes up three practices counts three times.',
      unit: 'count',
      better: 'higher',
    },
    {
      key: 'spread-days',
      label: 'Days for a practice to be taken up',
      definition:
        'For each practice shared by a school of the partnership whose first take-up by another school (anywhere) began in the 365 days up to the day: the days from the practice being written up to that first take-up (none, for a take-up recorded as begun before the write-up). The figure is the middle value (median) of those days. Not known when no such practice was first taken up in that time.',
      unit: 'days',
      better: 'lower',
    },
    {
      key: 'trials-reviewed-on-time',
      label: 'Trials reviewed by their date',
      definition:
        'Of the trials at schools of the partnership whose review date has come (on or before the day), the share judged (kept, adapted again or stopped) on or before their review date. Not known when no trial’s review date has come.',
      unit: 'share',
      better: 'higher',
    },
    {
      key: 'kept-share',
      label: 'Trials kept',
      definition:
        'Of every trial at schools of the partnership judged by the day, the share whose school decided to keep the practice (rather than adapt it again or stop it). Not known when no trial has been judged.',
      unit: 'share',
      better: 'higher',
    },
  ],

  async read(services, scope) {
    const asOf = scope.asOf;
    const adoptions = await adoptionsOf(services, scope);
    const inScope = new Set(scope.schoolIds);
    const ours = adoptions.filter((a) => inScope.has(a.organisationId));

    const inUse = ours.filter((a) => !(a.judgement === 'stop' && judgedBy(a, asOf)));
    const practicesInUse = new Set(inUse.map((a) => a.practiceId)).size;

    const lastYear = ours.filter((a) => withinYear(a.startedOn, asOf));

    const firstTakeUp = new Map<number, HealthAdoption>();
    for (const a of adoptions)
      if (inScope.has(a.ownerId) && !firstTakeUp.has(a.practiceId)) firstTakeUp.set(a.practiceId, a);
    const firstInYear = [...firstTakeUp.values()].filter((a) => withinYear(a.startedOn, asOf));
    const spreadDays = median(firstInYear.map((a) => daysToTakeUp(a)));

    const due = ours.filter((a) => a.reviewOn <= asOf);
    const onTime = (a: HealthAdoption) => judgedBy(a, a.reviewOn);
    const judged = ours.filter((a) => judgedBy(a, asOf));
    const kept = judged.filter((a) => a.judgement === 'keep');

    return {
      'practices-adopted': {
        value: practicesInUse,
        detail: `${plural(practicesInUse, 'practice')} in use at ${plural(new Set(inUse.map((a) => a.organisationId)).size, 'school')}`,
        organisations: schoolsOf(inUse, (mine) => plural(new Set(mine.map((a) => a.practiceId)).size, 'practice')),
      },
      'adoptions-across-schools': {
        value: lastYear.length,
        detail: `${plural(lastYear.length, 'take-up')} by ${plural(new Set(lastYear.map((a) => a.organisationId)).size, 'school')}`,
        organisations: schoolsOf(lastYear, (mine) => plural(mine.length, 'take-up')),
      },
      'spread-days': firstInYear.length
        ? {
            value: spreadDays,
            detail: `Over ${plural(firstInYear.length, 'practice')} first taken up in the last 12 months`,
            organisations: schoolsOf(firstInYear, (mine) =>
              mine.map((a) => `${plural(daysToTakeUp(a), 'day')} after it was shared`).join('; '),
            ),
          }
        : { value: null, detail: 'No practice of the partnership’s schools was first taken up in the last 12 months' },
      'trials-reviewed-on-time': {
        ...shareOf(due.filter(onTime).length, due.length, 'trial', 'No trial’s review date has come'),
        organisations: schoolsOf(
          due,
          (mine) => `${mine.filter(onTime).length} of ${plural(mine.length, 'trial')} reviewed by its date`,
        ),
      },
      'kept-share': {
        ...shareOf(kept.length, judged.length, 'trial', 'No trial has been judged'),
        organisations: schoolsOf(
          judged,
          (mine) => `${mine.filter((a) => a.judgement === 'keep').length} of ${plural(mine.length, 'trial')} kept`,
        ),
      },
    };
  },

  async changes(services, scope, from, to, reader) {
    const inScope = new Set(scope.schoolIds);
    const ours = (await adoptionsOf(services, { ...scope, asOf: to }, reader)).filter((a) =>
      inScope.has(a.organisationId),
    );
    const named = (a: HealthAdoption): { title: string; href?: string } =>
      a.named
        ? { title: a.practiceTitle, href: `/practices/${a.practiceId}` }
        : { title: 'a practice not shared with you' };
    const changes: HealthChange[] = [];
    for (const a of ours) {
      const { title, href } = named(a);
      if (a.startedOn >= from && a.startedOn <= to)
        changes.push({
          on: a.startedOn,
          change: 'began',
          what: `Practice taken up: ${title} at ${a.organisationName}`,
          ...(href ? { href } : {}),
        });
      if (a.judgement === 'stop' && a.judgedOn !== null && a.judgedOn >= from && a.judgedOn <= to)
        changes.push({
          on: a.judgedOn,
          change: 'ended',
          what: `Practice stopped: ${title} at ${a.organisationName}`,
          ...(href ? { href } : {}),
        });
    }
    return changes;
  },
};
