import { defineModule } from '../definition.js';
import { JOURNAL_HOME_CARDS } from './journal.home.js';
import { journalNotifications } from './journal.notifications.js';
import { registerJournalRoutes } from './journal.routes.js';
import { createJournalService, type JournalService } from './journal.service.js';

/** Each leader's private reflection journal, shared entry by entry with people they name. */
export { type JournalService } from './journal.service.js';
/** The themes an entry can start from. */
export { JOURNAL_PROMPTS } from './journal.prompts.js';

declare module '../definition.js' {
  interface ServiceMap {
    journal: JournalService;
  }
}

/** A private reflection journal for every account: its entries are read by their author and by whom they share each with. */
export const journalModule = defineModule({
  name: 'journal',
  needs: ['audit'],
  createService: ({ db, services }) => createJournalService({ db, audit: services.audit }),
  routes: (app, { journal }) => registerJournalRoutes(app, journal),
  navigation: [{ text: 'Journal', href: '/journal', order: 92 }],
  homeCards: JOURNAL_HOME_CARDS,
  notifications: journalNotifications,
});
