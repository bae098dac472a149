/**
 * The services section of a local system's health: how quickly agencies accept one another's
 * referrals, which agencies work together, and how many families have a team. Read only from the
 * module's de-identified figures for the part of the system (families.service.ts `scopeFigures`),
 * so the one rule of small numbers applies: no family is named, and none can be counted.
 */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { HealthSection } from '../definition.js';

const WITHHELD = 'Fewer than five, or withheld so that no family can be counted';

export const servicesSection: HealthSection = {
  key: 'services',
  title: 'Services around the child',
  order: 50,
  about:
    'Whether the agencies around children and families answer one another quickly and work together, from figures that name no family and withhold small numbers.',
  figures: [
    {
      key: 'referral-median-days',
      label: 'Days for a referral to be accepted',
      definition:
        'Referrals sent by or to an agency or school of the partnership and accepted in the 365 days up to the day: the middle value (median) of the whole days from each being sent to being accepted. Not known when fewer than five such referrals were accepted, so that no family’s referral can be told apart.',
      unit: 'days',
      better: 'lower',
    },
    {
      key: 'agencies-working-together',
      label: 'Pairs of agencies working together',
      definition:
        'The number of pairs of agencies (schools among them) that are both on the team of the same families, over the families open on the day with an agency or school of the partnership on their team. A pair that shares fewer than five families is left out, as the family figures always leave it out, so a small pair is never shown.',
      unit: 'count',
      better: 'higher',
    },
    {
      key: 'families-supported',
      label: 'Families with a team',
      definition:
        'The number of family records open on the day with an agency or school of the partnership on the team. Given only when five or more, and only when it could not be set against the other family figures to count a smaller group; otherwise withheld, without saying which.',
      unit: 'count',
    },
  ],

  async read(services, scope) {
    const figures = await services.families.scopeFigures(BACKGROUND_JOB, scope);
    const names = figures.network.length ? await services.families.organisationNames(BACKGROUND_JOB) : {};
    const inPairs = new Map<number, number>();
    for (const pair of figures.network) for (const id of [pair.a, pair.b]) inPairs.set(id, (inPairs.get(id) ?? 0) + 1);
    const { referrals, medianDaysToAnswer } = figures.accepted;
    return {
      'referral-median-days':
        medianDaysToAnswer === null
          ? { value: null, detail: 'Fewer than five referrals accepted in the last 12 months' }
          : { value: medianDaysToAnswer, detail: `Over ${referrals} referrals accepted in the last 12 months` },
      'agencies-working-together': {
        value: figures.network.length,
        detail: `Pairs sharing at least ${figures.min} families`,
        organisations: [...inPairs]
          .map(([id, pairs]) => ({
            id,
            name: names[id] ?? 'An agency no longer in Syslead',
            note: `In ${pairs} ${pairs === 1 ? 'pair' : 'pairs'}`,
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      },
      'families-supported':
        figures.families === null
          ? { value: null, detail: WITHHELD }
          : { value: figures.families, detail: `${figures.families} families with a team` },
    };
  },
};
