/**
 * Indicators' parts of the home page: a few headline figures of the person's school beside its
 * partnership and England (or of the partnership they lead), and new results since their last
 * visit. Every value is read through the service, whose one gate decides what may be seen.
 */
import type { Actor } from '../../platform/http/http-platform.js';
import type { HomeCard, HomeItem, ServiceMap } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';
import { staffOrganisations } from '../landscape/index.js';

/** The headline figures, in the order shown; those with no value the person may see are left out. */
const HEADLINES = [
  'absence-overall-percent',
  'ks2-reading-progress',
  'ks2-maths-progress',
  'pupils-happy-at-school',
  'absence-persistent-percent',
];
const MOST_HEADLINES = 4;
/** Organisations given figures on the home page; the rest are a step away on their pages. */
const MOST_ORGANISATIONS = 3;

/** The partnership a school's figures are read beside: a trust, federation or network before its local authority. */
async function partnershipOf({ landscape }: ServiceMap, actor: Actor, schoolId: number) {
  const groups = await Promise.all(
    (await landscape.partnershipsOf([schoolId])).map((id) => landscape.getOrganisation(actor, id)),
  );
  return groups.find((g) => g.kind !== 'local-authority') ?? groups[0];
}

async function figuresOf(services: ServiceMap, actor: Actor, organisationId: number): Promise<HomeItem[]> {
  const { indicators, landscape } = services;
  const organisation = await landscape.getOrganisation(actor, organisationId);
  const school = organisation.kind === 'school';
  const partnership = school ? await partnershipOf(services, actor, organisationId) : organisation;
  const scope = `org:${(partnership ?? organisation).id}`;
  const group = school && partnership ? `${organisation.name}, in ${partnership.name}` : organisation.name;
  const results = await indicators.groupResults(actor, { scope });
  const items: HomeItem[] = [];
  for (const code of HEADLINES) {
    const result = results.find((r) => r.indicator.code === code);
    if (!result || items.length >= MOST_HEADLINES) continue;
    const lines: string[] = [];
    if (school) {
      // Only the school's own value, as the gate gives it: a withheld or unshared one is not there.
      const own = result.own.find((o) => o.organisationId === organisationId);
      if (!own) continue;
      lines.push(`${organisation.name}: ${own.display}`);
      if (own.change) lines.push(`Since ${own.change.since}: ${own.change.text}`);
      if (partnership) lines.push(`${partnership.name}: ${result.display}`);
    } else {
      if (result.value === null) continue;
      lines.push(`${organisation.name}: ${result.display}`);
      if (result.change) lines.push(`Since ${result.change.since}: ${result.change.text}`);
    }
    if (result.benchmark && result.benchmark.value !== null)
      lines.push(`${result.benchmark.label}: ${result.benchmark.display}`);
    items.push({
      group,
      text: `${result.indicator.name}, ${result.period}`,
      href: `/groups?scope=${scope}&indicator=${code}`,
      details: lines,
    });
  }
  if (partnership) {
    items.push({
      group,
      text: `${partnership.name}: results as one group${school ? ', with your school beside it' : ''}`,
      href: `/groups?scope=org:${partnership.id}`,
    });
    items.push({
      group,
      text: `Shared strengths and needs of ${partnership.name}`,
      href: `/groups/shared?scope=org:${partnership.id}`,
    });
  }
  if (school)
    items.push({
      group,
      text: `Every result of ${organisation.name}`,
      href: `/organisations/${organisation.id}/indicators`,
    });
  return items;
}

export const INDICATORS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.results,
    async items(services, actor) {
      const own = staffOrganisations(actor);
      if (!own.length)
        return actor.isAdmin
          ? undefined
          : [
              {
                text: 'You are not linked to a school or partnership yet. Ask one of its leaders to add you on its page, or ask an administrator.',
                href: '/organisations',
              },
            ];
      const items = (
        await Promise.all(own.slice(0, MOST_ORGANISATIONS).map((id) => figuresOf(services, actor, id)))
      ).flat();
      return items;
    },
  },
  {
    ...HOME_CARDS.changed,
    async items({ indicators, landscape }, actor, { since }) {
      const own = staffOrganisations(actor);
      if (!own.length) return undefined;
      const items: HomeItem[] = [];
      for (const id of own) {
        const fresh = (await indicators.organisationValues(actor, id)).filter(
          (v) => !v.withheld && v.loadedAt >= since,
        );
        if (!fresh.length) continue;
        const names = [...new Set(fresh.map((v) => v.indicator.name))];
        const organisation = await landscape.getOrganisation(actor, id);
        items.push({
          text: `New results for ${organisation.name}`,
          href: `/organisations/${id}/indicators`,
          details: [names.slice(0, 3).join(', ') + (names.length > 3 ? `, and ${names.length - 3} more` : '')],
        });
      }
      return items;
    },
  },
];
