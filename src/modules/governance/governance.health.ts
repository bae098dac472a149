/**
 * Shared outcomes in a local system's health: whether the measures of its shared outcomes reach
 * their milestones, whether its decisions are reviewed when they said they would be, what is
 * waiting on an escalation, and the commitments its leaders are watching. Read through the
 * governance service, as the background job, for the partnerships of the scope.
 */
import { BACKGROUND_JOB } from '../../platform/http/actor.js';
import type { HealthSection } from '../definition.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const outcomesSection: HealthSection = {
  key: 'outcomes',
  title: 'Shared outcomes',
  order: 60,
  about:
    'Whether the outcomes the partnerships share are moving, and whether what they decide together is followed through.',
  figures: [
    {
      key: 'measures-on-track',
      label: 'Measures of shared outcomes on track',
      definition:
        'Of the measures of the shared outcomes of the partnerships in the area that have a milestone for the year of their latest figure, the share whose latest figure reaches it, as each outcome’s page shows it (today’s figures).',
      unit: 'share',
      better: 'higher',
    },
    {
      key: 'decisions-reviewed-on-time',
      label: 'Decisions reviewed by their review date',
      definition:
        'Of the reviews of decisions that fell due on or before the day, the share held on or before their date. A decision changed at review has a new review date, which counts again. Decisions of a forum whose business only its members may read are left out.',
      unit: 'share',
      better: 'higher',
    },
    {
      key: 'escalations-open',
      label: 'Escalations waiting for an answer',
      definition:
        'Matters escalated up the partnerships’ ladders that had been raised by the day and not yet answered or passed further up.',
      unit: 'count',
      better: 'lower',
    },
    {
      key: 'commitments-red',
      label: 'Commitments rated red or past due',
      definition:
        'Commitments to the shared outcomes made by the day and not done by it that are rated red (off track) or whose due date had passed: those the partnership’s leaders see on their home page. The rating is the one given now.',
      unit: 'count',
      better: 'lower',
    },
  ],
  async read({ governance }, scope) {
    const [outcomes, decisions] = await Promise.all([
      governance.outcomesHealth(BACKGROUND_JOB, scope.organisationIds, scope.asOf),
      governance.decisionsHealth(BACKGROUND_JOB, scope.organisationIds, scope.asOf),
    ]);
    return {
      'measures-on-track': outcomes.measuresJudged
        ? {
            value: outcomes.measuresOnTrack / outcomes.measuresJudged,
            detail: `${outcomes.measuresOnTrack} of ${plural(outcomes.measuresJudged, 'measure', 'measures')} with a milestone for their latest year`,
          }
        : {
            value: null,
            detail: outcomes.measures
              ? `None of the ${plural(outcomes.measures, 'measure has', 'measures have')} a milestone for the year of its latest figure`
              : 'No shared outcome has a measure yet',
          },
      'decisions-reviewed-on-time': decisions.reviewsDue
        ? {
            value: decisions.reviewedOnTime / decisions.reviewsDue,
            detail: `${decisions.reviewedOnTime} of ${plural(decisions.reviewsDue, 'review', 'reviews')} due held on time`,
          }
        : { value: null, detail: 'No decision’s review had fallen due' },
      'escalations-open': {
        value: decisions.escalationsOpen,
        detail: plural(decisions.escalationsOpen, 'matter waiting', 'matters waiting'),
        organisations: decisions.escalatedTo.map((o) => ({
          id: o.id,
          name: o.name,
          note: `${plural(o.open, 'matter', 'matters')} escalated to it`,
        })),
      },
      'commitments-red': {
        value: outcomes.commitmentsWatched,
        detail: plural(outcomes.commitmentsWatched, 'commitment', 'commitments'),
        organisations: outcomes.watchedBy.map((o) => ({
          id: o.id,
          name: o.name,
          note: plural(o.count, 'commitment', 'commitments'),
        })),
      },
    };
  },
  async changes({ governance }, scope, from, to, reader) {
    return (await governance.decisionsBetween(reader, scope.organisationIds, from, to)).map((d) => ({
      on: d.on,
      change: d.change === 'taken' ? 'began' : 'ended',
      what:
        d.change === 'taken'
          ? `Decision of ${d.forumName}: ${d.title}`
          : `Decision of ${d.forumName} reversed at review: ${d.title}`,
      href: `/decisions/${d.id}`,
    }));
  },
};
