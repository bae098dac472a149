import type { Actor } from '../../platform/http/http-platform.js';
import type { JournalService } from '../journal/index.js';
import type { SystemIssuesService } from '../system-issues/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

/**
 * The demo trust's system issues log, raised by the demo headteacher: two open issues (one with
 * an action due, which the next meeting's agenda shows) and one discussed and closed by the
 * trust; and one private entry of the headteacher's reflection journal.
 */
export async function loadSystemIssuesAndJournal(
  { systemIssues, journal }: { systemIssues: SystemIssuesService; journal: JournalService },
  actor: Actor,
  { head, trustId }: { head: Actor; trustId: number },
): Promise<void> {
  const transition = await systemIssues.raise(head, trustId, {
    title: 'Year 6 records reached secondary schools after term began',
    whatHappened:
      'Several pupils started Year 7 before their new schools had their support plans, so the first weeks were planned without them.',
    whereFailed:
      'The handover has no agreed date and no one owns chasing it between the primaries and the secondaries.',
    raisedOn: daysAgo(21),
  });
  await systemIssues.addAction(head, transition, {
    description: 'Agree a date by which records move, and which school checks they arrived',
    ownerId: trustId,
    dueOn: daysAgo(2),
  });
  await systemIssues.raise(head, trustId, {
    title: 'Speech and language referrals wait without a contact',
    whatHappened: 'Referrals from three schools waited more than a term with no word of where they were.',
    whereFailed: 'Schools have no named contact in the service and no way to see a referral’s progress.',
    raisedOn: daysAgo(9),
  });
  const meals = await systemIssues.raise(head, trustId, {
    title: 'Free school meals checks done twice',
    whatHappened: 'Families were asked for the same evidence by their school and again by the trust.',
    whereFailed: 'Two checks ran side by side, and neither knew of the other.',
    raisedOn: daysAgo(60),
    discussedOn: daysAgo(40),
  });
  await systemIssues.close(actor, meals);
  await journal.write(head, {
    writtenOn: daysAgo(3),
    prompt: 'practice-both-ways',
    body: 'We borrowed the reading routine we saw at our partner school, but it only worked once our staff reshaped it for our mixed-age classes. I have not yet offered them anything back: our approach to attendance calls might be worth sharing next term.',
  });
}
