/** The demo local system: a fictional borough to explore Syslead with. */
export { createDemoService, DEMO_ACCOUNTS, type DemoResult } from './demo.service.js';
/** The deterministic generator behind the demo system. */
export { generateDemoSystem } from './demo.generator.js';
