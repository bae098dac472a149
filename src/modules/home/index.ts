/**
 * The cards of the home page, which other modules contribute to. First, so that it is ready
 * before the modules this one's pages use (which import it for their own cards) are loaded.
 */
export { HOME_CARDS } from './home.cards.js';
import { defineModule } from '../definition.js';
import { registerHomePage } from './home.routes.js';
import { createHomeService, type HomeService } from './home.service.js';
export { type HomeService } from './home.service.js';

declare module '../definition.js' {
  interface ServiceMap {
    home: HomeService;
  }
}

/** The home page "for you", made of the cards every module contributes through its definition. */
export const homeModule = defineModule({
  name: 'home',
  needs: ['accounts', 'landscape'],
  // `services` is filled as the list is built: by the time a page asks, every module's service is in it.
  createService: ({ homeCards, services }) => createHomeService({ parts: homeCards, services }),
  routes: (app, { home, landscape }) => registerHomePage(app, home, landscape),
});
