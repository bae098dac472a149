import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import { isFalling } from '../brokerage/index.js';
import { organisationsOf, type HealthChange, type HealthSection } from '../definition.js';
import type { Direction } from '../indicators/index.js';

/** The support engagements' part of "help reaching need": supporters stretched too far, and supporters whose own results fell. */
export const engagementsHealth: HealthSection = {
  key: 'help',
  title: 'Help reaching need',
  order: 20,
  about: 'Whether the schools that need help get it, and how long they wait.',
  figures: [
    {
      key: 'supporters-over-capacity',
      label: 'Supporters over capacity',
      definition:
        'Organisations supporting the scope’s schools whose active engagements add up to more days than the days a term their open offers give. A supporter with no open offer is not counted.',
      unit: 'count',
      better: 'lower',
    },
    {
      key: 'supported-results-fell',
      label: 'Supported schools whose supporter’s own results fell',
      definition:
        'Schools of the scope in an active engagement where the supporting organisation’s own latest result of an indicator the engagement measures is worse than the one before: the risk to a supporter’s own school.',
      unit: 'count',
      better: 'lower',
    },
  ],
  async read(services, scope) {
    const ids = organisationsOf(scope);
    const inScope = new Set(scope.organisationIds);
    const active = (await services.engagements.ofOrganisations(BACKGROUND_JOB, ids)).filter(
      (e) => e.status === 'active',
    );

    const offered = new Map<number, number>();
    for (const offer of await services.brokerage.listOffers(BACKGROUND_JOB))
      offered.set(offer.organisationId, (offered.get(offer.organisationId) ?? 0) + offer.daysPerTerm);
    const committed = new Map<number, { name: string; days: number }>();
    for (const e of active.filter((e) => inScope.has(e.supportedId))) {
      const known = committed.get(e.supportingId) ?? { name: e.supportingName, days: 0 };
      committed.set(e.supportingId, { ...known, days: known.days + e.days });
    }
    const over = [...committed]
      .filter(([id, c]) => offered.has(id) && c.days > offered.get(id)!)
      .map(([id, c]) => ({ id, name: c.name, note: `${c.days} days committed, ${offered.get(id)} a term offered` }))
      .sort((a, b) => a.name.localeCompare(b.name));

    const fell = new Map<number, { id: number; name: string; note: string }>();
    const supported = active.filter((e) => scope.schoolIds.includes(e.supportedId));
    for (const e of supported) {
      for (const code of e.measures) {
        const indicator = await services.indicators.findIndicator(code);
        const latest = (
          await services.indicators.latestValues(BACKGROUND_JOB, { code, organisationIds: [e.supportingId] })
        ).get(e.supportingId);
        if (indicator && latest && isFalling(latest, indicator.direction as Direction)) {
          fell.set(e.supportedId, {
            id: e.supportedId,
            name: e.supportedName,
            note: `Supported by ${e.supportingName}, whose ${indicator.name.toLowerCase()} fell in ${latest.period}`,
          });
          break;
        }
      }
    }
    const supportedSchools = new Set(supported.map((e) => e.supportedId)).size;
    return {
      'supporters-over-capacity': {
        value: over.length,
        detail: `${over.length} of ${committed.size} supporters`,
        organisations: over,
      },
      'supported-results-fell': {
        value: fell.size,
        detail: `${fell.size} of ${supportedSchools} supported schools`,
        organisations: [...fell.values()],
      },
    };
  },
  async changes(services, scope, from, to, reader) {
    const ids = organisationsOf(scope);
    const changes: HealthChange[] = [];
    for (const e of await services.engagements.ofOrganisations(reader, ids)) {
      const what = `Engagement: ${e.title}`;
      const href = `/engagements/${e.id}`;
      if (e.startDate >= from && e.startDate <= to) changes.push({ on: e.startDate, change: 'began', what, href });
      if (e.endDate && e.endDate >= from && e.endDate <= to)
        changes.push({ on: e.endDate, change: 'ended', what, href });
    }
    return changes;
  },
};
