/**
 * The modules of Syslead, in the order their services are built. Adding a module is one line
 * here: its definition (see `definition.ts`) says what it needs and what it contributes.
 */
import type { Db } from '../db/database.js';
import { accountsModule } from './accounts/index.js';
import { auditModule } from './audit/index.js';
import { backgroundModule } from './background/index.js';
import { brokerageModule } from './brokerage/index.js';
import type {
  DeliveredEvent,
  HomeCard,
  JobSender,
  ModuleDefinition,
  ModuleJob,
  ModuleSettings,
  NavigationItem,
  ServiceMap,
} from './definition.js';
import { homeModule } from './home/index.js';
import { demoModule } from './demo/index.js';
import { developmentModule } from './development/index.js';
import { plansModule } from './plans/index.js';
import { importsModule } from './imports/index.js';
import { engagementsModule } from './engagements/index.js';
import { enquiriesModule } from './enquiries/index.js';
import { familiesModule } from './families/index.js';
import { feedback360Module } from './feedback360/index.js';
import { governanceModule } from './governance/index.js';
import { healthModule } from './health/index.js';
import { indicatorsModule } from './indicators/index.js';
import { journalModule } from './journal/index.js';
import { mentoringModule } from './mentoring/index.js';
import { landscapeModule } from './landscape/index.js';
import { networkModule } from './network/index.js';
import { notificationsModule } from './notifications/index.js';
import { personalDataRows } from './personal-data.js';
import { practicesModule } from './practices/index.js';
import { successionModule } from './succession/index.js';
import { surveysModule } from './surveys/index.js';
import { systemIssuesModule } from './system-issues/index.js';

export const MODULES: ModuleDefinition[] = [
  auditModule,
  backgroundModule,
  notificationsModule,
  accountsModule,
  importsModule,
  landscapeModule,
  indicatorsModule,
  networkModule,
  surveysModule,
  brokerageModule,
  engagementsModule,
  enquiriesModule,
  practicesModule,
  journalModule,
  systemIssuesModule,
  developmentModule,
  mentoringModule,
  feedback360Module,
  plansModule,
  successionModule,
  familiesModule,
  governanceModule,
  healthModule,
  demoModule,
  homeModule,
];

export type {
  DeliveredEvent,
  EventPayload,
  HomeCard,
  HomeContext,
  HomeItem,
  JobSender,
  ModuleDefinition,
  ModuleJob,
  ModuleSettings,
  NavigationItem,
  ServiceMap,
} from './definition.js';

/** Every module's service, built in the list's order on one database; a module's needs must come before it. */
export function composeServices(
  db: Db,
  settings: ModuleSettings = {},
  modules: ModuleDefinition[],
  jobs: JobSender,
): ServiceMap {
  const services = {} as Record<string, unknown>;
  const importers = Object.assign({}, ...modules.map((m) => m.importers ?? {}));
  const cards = homeCards(modules);
  const notificationKinds = Object.fromEntries(
    modules.flatMap((m) =>
      Object.entries(m.notifications ?? {}).map(([kind, k]) => [
        kind,
        { label: k.label, defaultEmail: k.defaultEmail },
      ]),
    ),
  );
  const personalData = async (userId: number) => {
    const parts: Record<string, unknown> = {};
    for (const m of modules)
      if (m.personalData) parts[m.name] = await m.personalData(services as unknown as ServiceMap, userId);
    return personalDataRows(parts);
  };
  for (const definition of modules) {
    const missing = definition.needs.filter((name) => !(name in services));
    if (missing.length)
      throw new Error(
        `The module "${definition.name}" needs ${missing.join(', ')}, which must come before it in the list`,
      );
    services[definition.name] = definition.createService({
      db,
      settings,
      services: services as unknown as ServiceMap,
      importers,
      jobs,
      homeCards: cards,
      healthSections: modules.flatMap((m) => m.health ?? []),
      notificationKinds,
      personalData,
    });
  }
  return services as unknown as ServiceMap;
}

/** The main navigation from every module's links, in order. */
export function navigation(modules: ModuleDefinition[] = MODULES): NavigationItem[] {
  return modules.flatMap((m) => m.navigation ?? []).sort((a, b) => a.order - b.order);
}

/** Every module's kinds of job, by queue name; two modules may not name the same queue. */
export function moduleJobs(modules: ModuleDefinition[] = MODULES): Record<string, ModuleJob<unknown>> {
  const jobs: Record<string, ModuleJob<unknown>> = {};
  for (const definition of modules)
    for (const [name, job] of Object.entries(definition.jobs ?? {})) {
      if (name in jobs) throw new Error(`Two modules name the job queue "${name}"`);
      jobs[name] = job;
    }
  return jobs;
}

/** Every handler of each event, named `<module>:<event>`. */
export function eventHandlers(
  modules: ModuleDefinition[] = MODULES,
): Map<string, Array<{ handler: string; run(services: ServiceMap, event: DeliveredEvent): Promise<void> }>> {
  const handlers = new Map<
    string,
    Array<{ handler: string; run(services: ServiceMap, event: DeliveredEvent): Promise<void> }>
  >();
  const add = (event: string, handler: string, run: (services: ServiceMap, event: DeliveredEvent) => Promise<void>) =>
    handlers.set(event, [...(handlers.get(event) ?? []), { handler, run }]);
  for (const definition of modules) {
    for (const [event, run] of Object.entries(definition.events ?? {})) add(event, `${definition.name}:${event}`, run);
    // A notification that follows an event: what to tell is read first, then told once, with the mark of it.
    for (const [kind, { event, compose }] of Object.entries(definition.notifications ?? {}))
      if (event && compose)
        add(event, `${definition.name}:notify:${kind}`, async (services, delivered) => {
          const notes = await compose(services, delivered);
          // Nothing to tell (no one leads the organisation yet): nothing is marked, nothing written.
          if (notes.some((n) => n.userIds.length))
            await delivered.once((trx) => services.notifications.notify(kind, notes, trx));
        });
  }
  return handlers;
}

/** Every module's parts of the home page's cards, in the list's order. */
export function homeCards(modules: ModuleDefinition[] = MODULES): HomeCard[] {
  return modules.flatMap((m) => m.homeCards ?? []);
}
