/**
 * What a module is to the platform: one definition, exported by its `index.ts` and listed once
 * in `modules/index.ts`. The platform builds the services in the list's order, registers each
 * module's routes, and asks the list — never the modules by name — for what cuts across them
 * (the navigation, the kinds of file that can be imported, the background jobs, the events
 * each handles, the cards of the home page, and later notification kinds, search providers and
 * health figures).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Actor } from '../platform/http/actor.js';
import type { FailedJob, JobInfo, JobSpec, SendOptions } from '../platform/jobs/job-queue.js';
import type { ImportDefinition } from './imports/index.js';
import type { PersonalDataRow } from './personal-data.js';

/**
 * Every module's service by its name. Each module adds its own entry from its `index.ts`:
 * `declare module '../definition.js' { interface ServiceMap { audit: AuditService } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module through declaration merging
export interface ServiceMap {}

/** The settings services are built with (the command line and tests give only some). */
export type ModuleSettings = Partial<
  Pick<
    Config,
    | 'requireAdminTwoFactor'
    | 'minRespondents'
    | 'feedbackMinRespondents'
    | 'signInAttemptsPerMinute'
    | 'publicUrl'
    | 'smtpUrl'
    | 'mailFrom'
    | 'familyKey'
    | 'familyKeyPrevious'
  >
>;

export interface ModuleContext {
  db: Db;
  settings: ModuleSettings;
  /** The services of the modules earlier in the list (those named in `needs` are there). */
  services: ServiceMap;
  /** Every kind of file the modules can import, by its name. */
  importers: Record<string, () => ImportDefinition>;
  /** Sends background jobs (see `jobs` of a definition). */
  jobs: JobSender;
  /** Every module's parts of the home page's cards, in the list's order. */
  homeCards: HomeCard[];
  /** Every module's sections of a local system's health, in the list's order. */
  healthSections: HealthSection[];
  /** Every kind of notification the modules declare, with how people hear of it unless they choose. */
  notificationKinds: Record<string, { label: string; defaultEmail: 'off' | 'instant' | 'daily' }>;
  /** Everything every module holds about one account, as rows (see `personalData` of a definition). */
  personalData(userId: number): Promise<PersonalDataRow[]>;
}

/**
 * A kind of notification a module tells people (see `notifications` of a definition): named for
 * the person choosing how they hear of it, and, for one that follows a write, the event it tells
 * of and what to tell whom — read through the services, outside any transaction.
 */
export interface NotificationKind {
  /** What it is, for the person's choices: "When your school is asked for help". */
  label: string;
  /** By email at once, in a daily digest, or not, unless the person chooses. */
  defaultEmail: 'off' | 'instant' | 'daily';
  /** The event it follows; without one, the module's own job tells it (`services.notifications.notify`). */
  event?: string;
  compose?(services: ServiceMap, event: DeliveredEvent): Promise<NoteToSend[]>;
}

/** One thing to tell (see the notifications module). */
export interface NoteToSend {
  userIds: number[];
  about: string;
  title: string;
  body: string;
  link: string;
}

/** What a service may do with the job queue: send a job, or wake the workers after a commit. */
export interface JobSender {
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  /** Wakes this process's worker of a queue, after the transaction a job was sent in committed. */
  nudge(name: string): void;
  /** Says that events were added to the outbox, so this process delivers them at once. */
  eventsWaiting(): void;
  /** Jobs that failed after their last attempt, newest first. */
  failed(limit?: number): Promise<FailedJob[]>;
  /** Tries a failed job again. */
  retry(name: string, id: string): Promise<void>;
}

/** A kind of background job of a module, run with every module's service. */
export interface ModuleJob<Data = never> extends Omit<JobSpec<Data>, 'run'> {
  run(services: ServiceMap, data: Data, job: JobInfo): Promise<void>;
}

/**
 * An event as a handler receives it: written with the audit entry of the write it tells of
 * (`<entity>.<action>`, e.g. `support-request.request`), and delivered at least once.
 */
export interface DeliveredEvent {
  id: number;
  name: string;
  payload: EventPayload;
  /**
   * Runs the handler's writes in one transaction with the mark that this handler has had this
   * event: a second delivery finds the mark and does nothing. Returns undefined when it did nothing.
   */
  once<T>(work: (trx: Db) => Promise<T>): Promise<T | undefined>;
}

/** What an event carries: what its audit entry says. */
export interface EventPayload {
  entity: string;
  entityId: string | null;
  organisationIds: number[];
  /** The account that wrote, or null for the command line. */
  userId: number | null;
  detail: Record<string, unknown>;
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
  /** Shown only to administrators and the leaders or coordinators of an organisation. */
  leadersOnly?: boolean;
}

/** One line of a home card: something to read or do, a step from its page. */
export interface HomeItem {
  text: string;
  href?: string;
  /** Lines under it (figures beside each other, what changed). */
  details?: string[];
  /** A short status beside it; `urgent` shows it in red (an overdue check-in). */
  status?: { text: string; urgent?: boolean };
  /** Items of one card with the same group are listed under it as a subheading (a school's name). */
  group?: string;
}

/** What every card is told about the visit: since when something counts as changed, and today. */
export interface HomeContext {
  /** The start of the person's previous visit, or a month ago on their first. */
  since: Date;
  firstVisit: boolean;
  today: string;
}

/**
 * A module's part of a card of the home page. Parts with the same name make one card, their
 * items in the list's order: several modules answer "Needs your answer", and a module added
 * later (the job queue's failed jobs, say) adds to "For administrators" the same way.
 */
export interface HomeCard {
  /** The card's heading. */
  name: string;
  /** Where the card sits, lowest first. */
  order: number;
  /** What the card says when it has nothing, saying what to do first where that matters. */
  empty?: string;
  /**
   * The card's items for this person, read through the module's service (which checks what
   * they may see); undefined when the card means nothing to them (then it is not shown, unless
   * another part of it has something).
   */
  items(services: ServiceMap, actor: Actor, context: HomeContext): Promise<HomeItem[] | undefined>;
}

export interface ModuleDefinition<Name extends keyof ServiceMap = keyof ServiceMap> {
  name: Name;
  /** The modules whose services this one is built on; each must come earlier in the list. */
  needs: Array<keyof ServiceMap>;
  createService(context: ModuleContext): ServiceMap[Name];
  /** Registers the module's pages and API routes on the application. */
  routes?(
    app: FastifyInstance,
    services: ServiceMap,
    settings: Required<Omit<ModuleSettings, 'smtpUrl' | 'familyKey' | 'familyKeyPrevious'>>,
  ): void;
  /** Links the module adds to the main navigation. */
  navigation?: NavigationItem[];
  /** The kinds of file the module's data is imported from, by name (`syslead import <kind>`). */
  importers?: Record<string, () => ImportDefinition>;
  /** The kinds of background job the module runs, by queue name (letters, digits, `-` and `_`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job names its own data
  jobs?: Record<string, ModuleJob<any>>;
  /** The kinds of notification the module tells people, by name. */
  notifications?: Record<string, NotificationKind>;
  /** The events the module handles, by event name; each runs as a job of its own, retried alone. */
  events?: Record<string, (services: ServiceMap, event: DeliveredEvent) => Promise<void>>;
  /** Its parts of the cards of the home page. */
  homeCards?: HomeCard[];
  /**
   * What the module holds about one account (a leader's own development data, say), for the
   * person's own export and a subject access request; the reader's right is checked by the caller.
   */
  personalData?(services: ServiceMap, userId: number): Promise<Record<string, unknown>>;
  /** Its sections of a local system's health (see the health module, which snapshots them weekly). */
  health?: HealthSection[];
}

/**
 * The part of the local system whose health is read: a partnership, trust, federation or local
 * authority with the organisations it stands for on the day, or England (every organisation).
 */
export interface HealthScope {
  /** `org:<id>`, or `england`. */
  ref: string;
  name: string;
  /** The grouping organisation; null for England. */
  organisationId: number | null;
  kind: string | null;
  /** Every organisation of the scope on the day, the grouping one included. */
  organisationIds: number[];
  /** The schools among them. */
  schoolIds: number[];
  /** The day the figures are of (YYYY-MM-DD): today for a snapshot. */
  asOf: string;
}

/** The organisations a section reads for a scope: null for England, read whole rather than as a list. */
export const organisationsOf = (scope: HealthScope): number[] | null =>
  scope.ref === 'england' ? null : scope.organisationIds;
/** The scope's key as the landscape resolves a selection: none for England. */
export const selectionOf = (scope: HealthScope): string | undefined =>
  scope.ref === 'england' ? undefined : scope.ref;

/** One figure of a health section: what it is called and how it is counted, for its reader. */
export interface HealthFigure {
  /** Unique across every module ("connected-share"); the column of the snapshots' CSV. */
  key: string;
  /** "Schools with a support, partnership or peer tie". */
  label: string;
  /** How it is counted, in a sentence or two a governor can check. */
  definition: string;
  unit: 'share' | 'count' | 'days' | 'per-school';
  /** Which way is better, where one is; the trend's words follow it. */
  better?: 'higher' | 'lower';
}

/** A figure's value for a scope; null when there is nothing to count it from, or it is withheld. */
export interface HealthReading {
  value: number | null;
  /** What the value counts, in words: "9 of 12 schools". */
  detail?: string;
  /** The organisations behind it, for the drill-down (never people). */
  organisations?: Array<{ id: number; name: string; note?: string }>;
  /** How many more organisations there were than a snapshot keeps (the health module keeps the first few hundred). */
  more?: number;
}

/** Something that began or ended in a scope: a tie, an engagement, an adoption, a decision. */
export interface HealthChange {
  /** The day it began or ended (YYYY-MM-DD). */
  on: string;
  change: 'began' | 'ended';
  /** "Support tie: Alder Primary to Beech Primary". */
  what: string;
  href?: string;
}

/** A module's section of the health view: its figures, read through its service, and what changed. */
export interface HealthSection {
  key: string;
  title: string;
  /** Where the section sits, lowest first. */
  order: number;
  /** What the section shows of the system, in a sentence. */
  about: string;
  figures: HealthFigure[];
  /**
   * Each figure's reading for the scope, by figure key, read through the services as the
   * background job (`BACKGROUND_JOB`): aggregates only, with the module's own rules of
   * suppression and visibility applied by its service.
   */
  read(services: ServiceMap, scope: HealthScope): Promise<Record<string, HealthReading>>;
  /**
   * What began or ended in the scope from one day to another, both included, as the person
   * reading the view may see it: read through the services as `reader`, so that nothing is named
   * to someone its module would not show it to (a scope's readers are not all of one partnership).
   */
  changes?(services: ServiceMap, scope: HealthScope, from: string, to: string, reader: Actor): Promise<HealthChange[]>;
}

/** Names a definition with its types checked, so a module's index reads as one declaration. */
export function defineModule<Name extends keyof ServiceMap>(
  definition: ModuleDefinition<Name>,
): ModuleDefinition<Name> {
  return definition;
}
