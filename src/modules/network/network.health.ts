import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import {
  organisationsOf,
  selectionOf,
  type HealthChange,
  type HealthScope,
  type HealthSection,
  type ServiceMap,
} from '../definition.js';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../landscape/index.js';

const share = (part: number, whole: number) => (whole ? part / whole : null);

/** The network of the scope on its day: England's whole network, or the partnership's with its neighbours. */
function networkOf(services: ServiceMap, scope: HealthScope) {
  return services.network.reportNow(BACKGROUND_JOB, {
    scope: selectionOf(scope),
    asOf: scope.asOf,
  });
}

/** Whether every school is tied to others that can help: the network's reach, gaps and bridges. */
export const connectednessHealth: HealthSection = {
  key: 'connectedness',
  title: 'Connectedness',
  order: 10,
  about: 'Whether every school is tied to others it can learn from and get help from.',
  figures: [
    {
      key: 'connected-share',
      label: 'Schools with a support, partnership or peer tie',
      definition:
        'Of the schools in the scope on the day, the share with at least one support, partnership or peer tie in force. Membership and governance ties do not count: they say who answers to whom, not who helps whom.',
      unit: 'share',
      better: 'higher',
    },
    {
      key: 'isolated-schools',
      label: 'Isolated schools',
      definition: 'Schools in the scope with no support, partnership or peer tie in force on the day.',
      unit: 'count',
      better: 'lower',
    },
    {
      key: 'components',
      label: 'Separate parts of the network',
      definition:
        'Groups of organisations with no tie of any kind between one group and another, counting the scope’s organisations and those they are tied to outside it. One part means everyone can reach everyone through someone.',
      unit: 'count',
      better: 'lower',
    },
    {
      key: 'boundary-spanning-share',
      label: 'Ties that reach beyond education',
      definition:
        'Of the ties in force, the share between a school or trust and an organisation of another service: health, social care, the police or the community.',
      unit: 'share',
      better: 'higher',
    },
  ],
  async read(services, scope) {
    const report = await networkOf(services, scope);
    const schools = report.nodes.filter((n) => n.in_scope && n.kind === 'school');
    const isolated = report.isolatedSchools.map((s) => ({
      id: s.id,
      name: s.name,
      note: 'No support, partnership or peer tie',
    }));
    const connected = schools.length - isolated.length;
    return {
      'connected-share': {
        value: share(connected, schools.length),
        detail: schools.length ? `${connected} of ${schools.length} schools` : 'No schools in the scope',
        organisations: isolated,
      },
      'isolated-schools': {
        value: isolated.length,
        detail: `${isolated.length} of ${schools.length} schools`,
        organisations: isolated,
      },
      components: {
        value: report.summary.components,
        detail: `${report.summary.nodes} organisations; the largest part has ${report.summary.largest_component}`,
      },
      'boundary-spanning-share': {
        value: report.summary.edges ? report.summary.boundary_spanning_share : null,
        detail: report.summary.edges
          ? `${Math.round(report.summary.boundary_spanning_share * report.summary.edges)} of ${report.summary.edges} ties`
          : 'No ties in force',
      },
    };
  },
  async changes(services, scope, from, to, reader) {
    const ties = await services.landscape.tiesChangedBetween(reader, organisationsOf(scope), { from, to });
    const changes: HealthChange[] = [];
    for (const tie of ties) {
      const label = RELATIONSHIP_TYPES[tie.type as RelationshipType]?.label ?? tie.type;
      const what = `${label} tie: ${tie.fromOrganisationName} and ${tie.toOrganisationName}`;
      const href = `/organisations/${tie.fromOrganisationId}`;
      if (tie.startDate && tie.startDate >= from && tie.startDate <= to)
        changes.push({ on: tie.startDate, change: 'began', what, href });
      if (tie.endDate && tie.endDate >= from && tie.endDate <= to)
        changes.push({ on: tie.endDate, change: 'ended', what, href });
    }
    return changes;
  },
};
