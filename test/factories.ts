/**
 * Small factories over the services, shared by the integration tests, so that each test builds
 * the data it reads instead of taking ids left by an earlier test. Every call makes new rows:
 * names, URNs and local-authority codes come from counters (a test file has its own database
 * and its own copy of this module), so two calls never collide. Pass overrides where a test
 * names a school or fixes a URN that a file it imports refers to.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../src/platform/http/http-platform.js';
import type { Services } from '../src/services.js';
import { ADMIN, createUser, TestBrowser, type TestApp } from './test-app.js';

/** What the factories need of a test app (a second app on the same database will do). */
export type World = Pick<TestApp, 'app' | 'services'>;

let made = 0;
let urns = 0;
let laCodes = 0;

/** A number no earlier call in this test file gave. */
export function unique(): number {
  return ++made;
}

/** A six-digit URN from 960001 up: a range that no public list, the demo or another test uses. */
export function uniqueUrn(): number {
  return 960000 + ++urns;
}

/** A local-authority code from 101 to 199: below every real one (201 and up) and every code a test fixes. */
export function uniqueLaCode(): string {
  if (laCodes >= 99) throw new Error('uniqueLaCode: a test file may make 99 local authorities');
  return String(101 + laCodes++);
}

// Actors: who a service call is made as, without an account behind it.

export type Membership = { organisationId: number; role: string };

/** Someone signed in with these memberships of organisations, and no more. */
export function actorWith(...memberships: Membership[]): Actor {
  return { ...ADMIN, userId: 0, isAdmin: false, memberships };
}

/** A leader of each organisation given. */
export const leaderOf = (...organisationIds: number[]): Actor =>
  actorWith(...organisationIds.map((organisationId) => ({ organisationId, role: 'leader' })));
/** A member of staff (role `member`) of each organisation given. */
export const staffOf = (...organisationIds: number[]): Actor =>
  actorWith(...organisationIds.map((organisationId) => ({ organisationId, role: 'member' })));
/** A viewer of each organisation given. */
export const viewerOf = (...organisationIds: number[]): Actor =>
  actorWith(...organisationIds.map((organisationId) => ({ organisationId, role: 'viewer' })));

// The landscape.

type OrganisationInput = Parameters<Services['landscape']['createOrganisation']>[1];
type PersonInput = Parameters<Services['landscape']['createPerson']>[1];

/** A new organisation of any kind, made by an administrator; returns its id. */
export async function organisation(t: World, input: Partial<OrganisationInput> & { kind: string }): Promise<number> {
  const n = unique();
  return (
    await t.services.landscape.createOrganisation(ADMIN, { name: `${input.kind} ${n}`, ...input } as OrganisationInput)
  ).id;
}

/** A new school with a URN of its own; returns its id. */
export function school(t: World, overrides: Partial<OrganisationInput> = {}): Promise<number> {
  return organisation(t, { kind: 'school', name: `School ${unique()}`, urn: uniqueUrn(), ...overrides });
}

/** A new academy trust; returns its id. */
export function trust(t: World, overrides: Partial<OrganisationInput> = {}): Promise<number> {
  return organisation(t, { kind: 'academy-trust', name: `Trust ${unique()}`, ...overrides });
}

/** A new local authority with a code of its own; returns its id. */
export function localAuthority(t: World, overrides: Partial<OrganisationInput> = {}): Promise<number> {
  return organisation(t, {
    kind: 'local-authority',
    name: `Borough ${unique()}`,
    laCode: uniqueLaCode(),
    ...overrides,
  });
}

/** Makes a school a member of a partnership (a trust, federation or network), as an administrator; returns the tie's id. */
export async function member(
  t: World,
  schoolId: number,
  partnershipId: number,
  overrides: { startDate?: string; endDate?: string } = {},
): Promise<number> {
  return (
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'membership',
      fromOrganisationId: schoolId,
      toOrganisationId: partnershipId,
      ...overrides,
    })
  ).id;
}

/** A new person working at an organisation; returns their id. */
export async function person(
  t: World,
  organisationId: number | null,
  overrides: Partial<PersonInput> = {},
): Promise<number> {
  return (
    await t.services.landscape.createPerson(ADMIN, {
      name: `Person ${unique()}`,
      organisationId,
      ...overrides,
    } as PersonInput)
  ).id;
}

/** An agreement, made by the organisation's leader, to share something with a partnership; returns its id. */
export async function share(
  t: World,
  organisationId: number,
  partnershipId: number,
  detail: 'all' | 'summary' = 'all',
  what = 'indicators',
): Promise<number> {
  return t.services.landscape.createSharingAgreement(leaderOf(organisationId), {
    organisationId,
    partnershipId,
    what,
    ...(what === 'indicators' ? { detail } : {}),
  });
}

// Accounts.

export interface SignedInUser {
  email: string;
  password: string;
  /** A browser signed in as the user. */
  browser: TestBrowser;
  /** A bearer token of the user's (read and write unless asked otherwise). */
  token: string;
  /** Reads a page in the browser. */
  page(url: string): Promise<LightMyRequestResponse>;
  /** Reads the page `from` (for its CSRF token), then posts a form to `url`. */
  form(url: string, form: Record<string, string>, from: string): Promise<LightMyRequestResponse>;
  /** API calls with the token. */
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
}

/**
 * A new account, optionally with one membership of an organisation: a browser signed in as
 * it, and a token for the API. An administrator when asked.
 */
export async function userWith(
  t: World,
  membership?: Membership | null,
  options: { isAdmin?: boolean; scope?: 'read' | 'write' } = {},
): Promise<SignedInUser> {
  const user = await createUser(t.services, {
    isAdmin: options.isAdmin,
    email: `user${unique()}.${Math.random().toString(36).slice(2, 8)}@example.test`,
  });
  if (membership) await t.services.accounts.setMembership(ADMIN, { email: user.email, ...membership });
  const browser = new TestBrowser(t.app);
  await browser.signIn(user.email, user.password);
  const { token } = await t.services.accounts.createTokenForEmail(user.email, 'tests', options.scope ?? 'write');
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });
  return {
    ...user,
    browser,
    token,
    page: (url) => browser.get(url),
    form: async (url, form, from) => (await browser.get(from), browser.post(url, form)),
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    patch: (url, body) => call('PATCH', url, body),
  };
}

// Indicators.

export interface ValueRow {
  organisationId: number;
  period: string;
  value: number;
  /** How many answered, for a value from a survey (50 unless given). */
  respondents?: number;
}

/** Writes values of an indicator for organisations, as a computation would (numerator the value, denominator 100). */
export async function values(t: World, code: string, rows: ValueRow[], source = `test:${code}`): Promise<void> {
  const indicator = await t.services.indicators.findIndicator(code);
  if (!indicator) throw new Error(`values: no indicator ${code}`);
  // Through the one way to write, as the surveys module does: the values, an entry and a new version of the data.
  await t.services.audit.recorded(
    ADMIN,
    (trx) =>
      t.services.indicators.recordComputedValues(
        source,
        rows.map((r) => ({
          indicatorId: indicator.id,
          period: r.period,
          organisationId: r.organisationId,
          value: r.value,
          numerator: r.value,
          denominator: 100,
          respondents: r.respondents ?? 50,
        })),
        trx,
      ),
    () => ({ action: 'record-values', entity: 'indicator', entityId: indicator.id, detail: { source } }),
  );
}

/** Imports a long-format file of values (`urn,indicator,period,value[,numerator,denominator]`), given as lines, header first. */
export async function importValues(t: World, lines: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-values-'));
  try {
    const file = path.join(dir, 'values.csv');
    fs.writeFileSync(file, lines.join('\n'));
    return await t.services.imports.importFile(ADMIN, 'indicator-values', file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An account in a browser session, a member (or leader) of an organisation, with two-factor sign-in unless asked otherwise: a professional who may open family records. */
export async function professional(
  t: TestApp,
  organisationId: number | null,
  options: { role?: string; totp?: boolean; isAdmin?: boolean } = {},
): Promise<Actor & { userId: number; email: string; name: string }> {
  const n = unique();
  const email = `pro${n}.${Math.random().toString(36).slice(2, 8)}@example.test`;
  const name = `Professional ${n}`;
  await createUser(t.services, { email, isAdmin: options.isAdmin });
  const { id } = await t.database.db
    .updateTable('users')
    .set({ name, ...(options.totp === false ? {} : { totp_secret: 'JBSWY3DPEHPK3PXP' }) })
    .where('email', '=', email)
    .returning('id')
    .executeTakeFirstOrThrow();
  const role = options.role ?? 'member';
  if (organisationId) await t.services.accounts.setMembership(ADMIN, { email, organisationId, role });
  return {
    userId: id,
    email,
    name,
    isAdmin: options.isAdmin ?? false,
    mustChangePassword: false,
    memberships: organisationId ? [{ organisationId, role }] : [],
    via: 'session',
  };
}

// Support: a need, a request, an offer of help and the engagement it opens.

type Opening = Parameters<Services['engagements']['acceptAndOpen']>[2];

export interface SupportChain {
  needId: number;
  requestId: number;
  offerId: number;
  /** Set when the offer was accepted. */
  engagementId?: number;
}

/**
 * A school's need in an area, a request to the schools invited (the helper among them), the
 * helper's offer of days, and, when an opening is given, its acceptance into an engagement.
 * Each step is made by a leader of the school that takes it.
 */
export async function supportChain(
  t: World,
  options: {
    seeker: number;
    helper: number;
    invite?: number[];
    area?: string;
    days?: number;
    message?: string;
    offerMessage?: string;
    opening?: Opening;
  },
): Promise<SupportChain> {
  const b = t.services.brokerage;
  const needId = (
    await b.stateNeed(leaderOf(options.seeker), { organisationId: options.seeker, area: options.area ?? 'maths' })
  ).id;
  const requestId = await b.requestSupport(leaderOf(options.seeker), {
    needId,
    invite: options.invite ?? [options.helper],
    ...(options.message ? { message: options.message } : {}),
  });
  const offerId = await b.offerHelp(leaderOf(options.helper), {
    requestId,
    organisationId: options.helper,
    days: options.days ?? 5,
    ...(options.offerMessage ? { message: options.offerMessage } : {}),
  });
  if (!options.opening) return { needId, requestId, offerId };
  const engagementId = await t.services.engagements.acceptAndOpen(leaderOf(options.seeker), offerId, options.opening);
  return { needId, requestId, offerId, engagementId };
}

// Surveys.

export type Question = Parameters<Services['surveys']['addQuestion']>[2];

export interface MadeSurvey {
  id: number;
  /** The ids of the questions, in the order given. */
  questions: number[];
  /** The anonymous link of an organisation the survey was opened to. */
  tokenOf(organisationId: number): string;
}

/**
 * A survey with its questions, made by an administrator unless an actor is given, and opened
 * to the organisations in `openTo` (left a draft without them).
 */
export async function survey(
  t: World,
  options: {
    organisationId: number;
    questions: Question[];
    openTo?: number[];
    title?: string;
    audience?: string;
    period?: string;
    actor?: Actor;
  },
): Promise<MadeSurvey> {
  const s = t.services.surveys;
  const actor = options.actor ?? ADMIN;
  const id = (
    await s.createSurvey(actor, {
      organisationId: options.organisationId,
      title: options.title ?? `Survey ${unique()}`,
      audience: options.audience ?? 'pupils',
      period: options.period ?? '2024/25',
    })
  ).id;
  for (const question of options.questions) await s.addQuestion(actor, id, question);
  if (options.openTo) await s.openSurvey(actor, id, options.openTo);
  const got = await s.getSurvey(ADMIN, id);
  const links = new Map(got.links.map((l) => [l.organisationId, l.token]));
  return {
    id,
    questions: got.questions.map((q) => q.id),
    tokenOf: (organisationId) => {
      const token = links.get(organisationId);
      if (!token) throw new Error(`survey ${id} was not opened to organisation ${organisationId}`);
      return token;
    },
  };
}

/** Answers through a link `times` times; `answer(i, questions)` gives the i-th response's form. */
export async function answer(
  t: World,
  token: string,
  times: number,
  answerOf: (i: number) => Record<string, string>,
): Promise<void> {
  for (let i = 0; i < times; i++) await t.services.surveys.submitResponse(token, answerOf(i));
}

/**
 * A survey opened to the organisations in `answers`, answered through each one's link as many
 * times as it says, then closed (unless `close` is false) so that its results can be read.
 */
export async function answeredSurvey(
  t: World,
  options: Omit<Parameters<typeof survey>[1], 'openTo'> & {
    answers: Array<{
      organisationId: number;
      times: number;
      answer: (i: number, questions: number[]) => Record<string, string>;
    }>;
    close?: boolean;
  },
): Promise<MadeSurvey> {
  const made = await survey(t, { ...options, openTo: options.answers.map((a) => a.organisationId) });
  for (const a of options.answers)
    await answer(t, made.tokenOf(a.organisationId), a.times, (i) => a.answer(i, made.questions));
  if (options.close !== false) await t.services.surveys.closeSurvey(options.actor ?? ADMIN, made.id);
  return made;
}
