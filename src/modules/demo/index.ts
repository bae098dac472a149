import { defineModule } from '../definition.js';
import { createDemoService, type DemoService } from './demo.service.js';

/** The demo local system: a fictional borough to explore Syslead with. */
export { DEMO_ACCOUNTS, type DemoResult } from './demo.service.js';
/** The deterministic generator behind the demo system. */
export { generateDemoSystem } from './demo.generator.js';

declare module '../definition.js' {
  interface ServiceMap {
    demo: DemoService;
  }
}

/** The demo local system, loaded into an empty database. */
export const demoModule = defineModule({
  name: 'demo',
  needs: [
    'landscape',
    'imports',
    'accounts',
    'surveys',
    'brokerage',
    'engagements',
    'enquiries',
    'practices',
    'system-issues',
    'journal',
    'development',
    'feedback360',
    'plans',
    'mentoring',
    'succession',
    'families',
    'governance',
    'health',
  ],
  createService: ({ services }) =>
    createDemoService({
      landscape: services.landscape,
      imports: services.imports,
      accounts: services.accounts,
      surveys: services.surveys,
      brokerage: services.brokerage,
      engagements: services.engagements,
      enquiries: services.enquiries,
      practices: services.practices,
      systemIssues: services['system-issues'],
      journal: services.journal,
      families: services.families,
      governance: services.governance,
      health: services.health,
      development: services,
    }),
});
