import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { addDays, daysBetween } from '../../shared/time-in-words.js';
import { organisationsOf, selectionOf, type HealthSection } from '../definition.js';

/** The year of requests the median reads: those accepted in the 365 days to the scope's day. */
const YEAR = 365;

/** Whether help reaches the schools that need it, and how soon. */
export const helpHealth: HealthSection = {
  key: 'help',
  title: 'Help reaching need',
  order: 20,
  about: 'Whether the schools that need help get it, and how long they wait.',
  figures: [
    {
      key: 'schools-waiting',
      label: 'Schools waiting for help',
      definition:
        'Schools in the scope with a need stated and still open, and no active support engagement meeting it.',
      unit: 'count',
      better: 'lower',
    },
    {
      key: 'longest-wait-days',
      label: 'Longest wait for help',
      definition: 'Of the open needs of schools waiting for help, the days since the oldest was stated.',
      unit: 'days',
      better: 'lower',
    },
    {
      key: 'days-to-accepted-offer',
      label: 'Days from a request to an accepted offer',
      definition:
        'The median of whole days from a school’s request for support to the day it accepted an offer, over the requests of the scope’s schools accepted in the last 365 days.',
      unit: 'days',
      better: 'lower',
    },
  ],
  async read(services, scope) {
    const coverage = await services.brokerage.coverage(BACKGROUND_JOB, selectionOf(scope), {
      from: addDays(scope.asOf, -YEAR),
      to: scope.asOf,
    });
    const schools = new Set(scope.schoolIds);
    const oldest = new Map<number, { id: number; name: string; days: number; label: string }>();
    for (const need of coverage.waiting.filter((n) => schools.has(n.organisationId))) {
      const days = daysBetween(need.createdAt, scope.asOf);
      // A need stated after the scope's day was not yet waiting on it.
      if (days < 0) continue;
      const known = oldest.get(need.organisationId);
      if (!known || days > known.days)
        oldest.set(need.organisationId, { id: need.organisationId, name: need.name, days, label: need.label });
    }
    const waiting = [...oldest.values()].sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
    const organisations = waiting.map((w) => ({
      id: w.id,
      name: w.name,
      note: `Waiting ${w.days} days for help with ${w.label.toLowerCase()}`,
    }));
    const accepted = coverage.requestToAcceptance;
    return {
      'schools-waiting': {
        value: waiting.length,
        detail: `${waiting.length} of ${scope.schoolIds.length} schools`,
        organisations,
      },
      'longest-wait-days': {
        value: waiting[0]?.days ?? null,
        detail: waiting[0]
          ? `${waiting[0].name}, for help with ${waiting[0].label.toLowerCase()}`
          : 'No school is waiting',
        organisations: organisations.slice(0, 1),
      },
      'days-to-accepted-offer': {
        value: accepted?.medianDays ?? null,
        detail: accepted
          ? `Over ${accepted.requests} ${accepted.requests === 1 ? 'request' : 'requests'}; the longest took ${accepted.longestDays} days`
          : 'No request was accepted in the last 365 days',
      },
    };
  },
  async changes(services, scope, from, to, reader) {
    const accepted = await services.brokerage.acceptedBetween(reader, organisationsOf(scope), { from, to });
    return accepted.map((r) => ({
      on: r.acceptedAt.toISOString().slice(0, 10),
      change: 'began' as const,
      what: `Help accepted: ${r.supporterName} to ${r.schoolName} (${r.label.toLowerCase()})`,
      href: `/support/requests/${r.id}`,
    }));
  },
};
