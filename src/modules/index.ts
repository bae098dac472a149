/**
 * The modules of Syslead, in the order their services are built. Adding a module is one line
 * here: its definition (see `definition.ts`) says what it needs and what it contributes.
 */
import type { Db } from '../db/database.js';
import { accountsModule } from './accounts/index.js';
import { auditModule } from './audit/index.js';
import { brokerageModule } from './brokerage/index.js';
import type { ModuleDefinition, ModuleSettings, NavigationItem, ServiceMap } from './definition.js';
import { demoModule } from './demo/index.js';
import { importsModule } from './imports/index.js';
import { engagementsModule } from './engagements/index.js';
import { indicatorsModule } from './indicators/index.js';
import { landscapeModule } from './landscape/index.js';
import { networkModule } from './network/index.js';
import { surveysModule } from './surveys/index.js';

export const MODULES: ModuleDefinition[] = [
  auditModule,
  accountsModule,
  importsModule,
  landscapeModule,
  indicatorsModule,
  networkModule,
  surveysModule,
  brokerageModule,
  engagementsModule,
  demoModule,
];

export type { ModuleDefinition, ModuleSettings, NavigationItem, ServiceMap } from './definition.js';

/** Every module's service, built in the list's order on one database; a module's needs must come before it. */
export function composeServices(
  db: Db,
  settings: ModuleSettings = {},
  modules: ModuleDefinition[] = MODULES,
): ServiceMap {
  const services = {} as Record<string, unknown>;
  const importers = Object.assign({}, ...modules.map((m) => m.importers ?? {}));
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
    });
  }
  return services as unknown as ServiceMap;
}

/** The main navigation from every module's links, in order. */
export function navigation(modules: ModuleDefinition[] = MODULES): NavigationItem[] {
  return modules.flatMap((m) => m.navigation ?? []).sort((a, b) => a.order - b.order);
}
