/**
 * What a module is to the platform: one definition, exported by its `index.ts` and listed once
 * in `modules/index.ts`. The platform builds the services in the list's order, registers each
 * module's routes, and asks the list — never the modules by name — for what cuts across them
 * (the navigation, the kinds of file that can be imported, and later home cards, jobs,
 * notification kinds, search providers and health figures).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { ImportDefinition } from './imports/index.js';

/**
 * Every module's service by its name. Each module adds its own entry from its `index.ts`:
 * `declare module '../definition.js' { interface ServiceMap { audit: AuditService } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module through declaration merging
export interface ServiceMap {}

/** The settings services are built with (the command line and tests give only some). */
export type ModuleSettings = Partial<
  Pick<Config, 'requireAdminTwoFactor' | 'minRespondents' | 'signInAttemptsPerMinute'>
>;

export interface ModuleContext {
  db: Db;
  settings: ModuleSettings;
  /** The services of the modules earlier in the list (those named in `needs` are there). */
  services: ServiceMap;
  /** Every kind of file the modules can import, by its name. */
  importers: Record<string, () => ImportDefinition>;
}

/** A link of the main navigation. */
export interface NavigationItem {
  text: string;
  href: string;
  /** Where it sits, lowest first. */
  order: number;
  /** Other paths whose pages belong under this link. */
  alsoFor?: string[];
  /** Shown only to administrators. */
  adminOnly?: boolean;
}

export interface ModuleDefinition<Name extends keyof ServiceMap = keyof ServiceMap> {
  name: Name;
  /** The modules whose services this one is built on; each must come earlier in the list. */
  needs: Array<keyof ServiceMap>;
  createService(context: ModuleContext): ServiceMap[Name];
  /** Registers the module's pages and API routes on the application. */
  routes?(app: FastifyInstance, services: ServiceMap, settings: Required<ModuleSettings>): void;
  /** Links the module adds to the main navigation. */
  navigation?: NavigationItem[];
  /** The kinds of file the module's data is imported from, by name (`syslead import <kind>`). */
  importers?: Record<string, () => ImportDefinition>;
}

/** Names a definition with its types checked, so a module's index reads as one declaration. */
export function defineModule<Name extends keyof ServiceMap>(
  definition: ModuleDefinition<Name>,
): ModuleDefinition<Name> {
  return definition;
}
