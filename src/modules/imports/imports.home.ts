/**
 * Imports' parts of the home page: files imported since the person's last visit that carried
 * rows for their schools, and, for administrators, the latest imports. Another part of the
 * administrators' card (failed background jobs, say) is added by its own module the same way.
 */
import { dayInWords } from '../../shared/time-in-words.js';
import type { HomeCard } from '../definition.js';
import { HOME_CARDS } from '../home/index.js';

/** How many of the latest imports administrators see on their home page. */
const LATEST = 5;

export const IMPORTS_HOME_CARDS: HomeCard[] = [
  {
    ...HOME_CARDS.changed,
    async items({ imports }, actor, { since }) {
      if (!actor.memberships.length) return undefined;
      return (await imports.importsNaming(actor, since)).map((run) => ({
        text: `Imported on ${dayInWords(run.startedAt)}: ${run.label}`,
        ...(actor.isAdmin ? { href: `/imports/${run.id}` } : {}),
        details: [`With rows for ${run.organisations.join(', ')}`],
      }));
    },
  },
  {
    ...HOME_CARDS.admin,
    async items({ imports }, actor) {
      if (!actor.isAdmin) return undefined;
      return (await imports.listRuns(actor, LATEST)).map((run) => {
        const when = dayInWords(run.startedAt);
        if (run.state !== 'done')
          return {
            text: `${run.fileName} (${run.label})`,
            href: `/imports/${run.id}`,
            status: { text: run.state === 'queued' ? 'Waiting to start' : 'Importing' },
            details: [`${when}: ${run.rowsRead} rows read so far`],
          };
        return {
          text: `${run.fileName} (${run.label})`,
          href: `/imports/${run.id}`,
          status: !run.succeeded
            ? { text: 'Refused', urgent: true }
            : run.revertedAt
              ? { text: 'Reverted' }
              : run.rejected > 0
                ? { text: `${run.rejected} rows rejected` }
                : undefined,
          details: [
            run.succeeded
              ? `${when}: ${run.inserted} added, ${run.updated} updated, ${run.unchanged} unchanged`
              : `${when}: ${run.message ?? 'the file could not be read'}`,
          ],
        };
      });
    },
  },
];
