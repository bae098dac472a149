import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { viaToken, type Actor } from '../../platform/http/actor.js';
import { requireSignedIn } from '../../platform/http/require-actor.js';
import { daysBetween } from '../../shared/time-in-words.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { organisationKey, type LandscapeService } from '../landscape/index.js';
import {
  AGENCY_KINDS,
  AGENCY_LABELS,
  BREAK_GLASS_MINUTES,
  deidentified,
  FAMILY_MIN_COUNT,
  INFORMATION_CODES,
  isAgencyKind,
  isOverdue,
  LAWFUL_BASES,
  mayRead,
  OUTCOMES,
  OVERRIDE_DAYS,
  referralSteps,
  referralTime,
  sharedWith,
  partOf,
  sightOf,
  withdrawalDay,
  type Sensitivity,
} from './families.domain.js';
import { createFamiliesRepository, type FamiliesRepository } from './families.repository.js';
import { createSealer, type FamilyKeys } from './families.seal.js';

export interface PersonInput {
  role: 'child' | 'adult';
  name: string;
  bornOn?: string;
  schoolId?: number;
  relationship?: string;
}
export interface ConsentInput {
  /** The person of the family who gave it: an id, or the position in `people` when opening. */
  givenBy: number;
  purpose: string;
  information: string[];
  agencies: string[];
  lawfulBasis: string;
  fromOn: string;
  untilOn?: string;
}
export interface OpenInput {
  organisationId: number;
  teamRole: string;
  people: PersonInput[];
  needs: Array<{ outcome: string; summary: string }>;
  consent?: ConsentInput;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from a referral being sent to its answer (null while unanswered). */
const daysToAnswer = (r: { sentAt: Date; answeredAt: Date | null }) =>
  r.answeredAt ? Math.floor((r.answeredAt.getTime() - r.sentAt.getTime()) / DAY_MS) : null;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
const problem = (field: string, message: string) => new AppError('validation', message, [{ field, message }]);

/** A reference that names no one: FAM- and eight letters and digits that cannot be misread. */
function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const chars = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `FAM-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * Records of the children and families a team of agencies works with — the most sensitive
 * data Syslead holds. Every call asks {@link sightOf} (families.domain.ts) who may see what:
 * only the team's current members, within what consent covers, or someone who opened a
 * break-glass view, which the data protection lead reviews. Every read is audited; every
 * family call needs a browser session of an account with two-factor sign-in; free text is
 * sealed with a key outside the database. Nothing that names a family leaves the module but
 * to its team; the figures it gives others are counts with small numbers withheld.
 */
export function createFamiliesService({
  db,
  audit,
  accounts,
  landscape,
  keys,
}: {
  db: Db;
  audit: AuditService;
  accounts: AccountsService;
  landscape: LandscapeService;
  keys: FamilyKeys;
}) {
  const repo = createFamiliesRepository(db);
  const sealer = createSealer(keys);
  const open = (value: string | null) => (value === null ? null : sealer.open(value));

  /** Anyone opening a family record: signed in, in a browser session, with two-factor sign-in on. */
  async function professional(actor: Actor | undefined): Promise<Actor> {
    const signedIn = requireSignedIn(actor);
    if (signedIn.userId <= 0)
      throw new AppError('forbidden', 'Family records are for people signed in to their accounts');
    if (viaToken(signedIn) || signedIn.via === 'cli')
      throw new AppError('forbidden', 'Family records open only in a signed-in browser session, not with a token');
    if (!(await accounts.secondFactorOn(signedIn.userId)))
      throw new AppError(
        'forbidden',
        'Family records need two-factor sign-in: set it up on your account (at /account/two-factor), then come back',
      );
    return signedIn;
  }

  /** The application itself (the demo loader, the command line), never a page or a token. */
  function internal(actor: Actor | undefined): Actor {
    const me = requireSignedIn(actor);
    if (!me.isAdmin || (me.via !== undefined && me.via !== 'cli'))
      throw new AppError('forbidden', 'Only the demo loader and the command line may do this');
    return me;
  }

  /** The family and what this person may see of it; to anyone who may see nothing, it does not exist. */
  async function sightFor(actor: Actor, familyId: number) {
    const family = await repo.family(familyId);
    if (!family) throw notFound(`Family ${familyId}`);
    const rows = await repo.ruleRows(familyId);
    const sight = sightOf(actor.userId, { organisationId: family.organisationId, ...rows }, new Date());
    if (sight.as === 'none') throw notFound(`Family ${familyId}`);
    return { family, rows, sight };
  }

  async function leadOf(actor: Actor, familyId: number) {
    const found = await sightFor(actor, familyId);
    if (found.sight.as !== 'member' || !found.sight.isLead)
      throw new AppError('forbidden', 'Only the lead professional of this family can do this');
    return found;
  }

  async function memberOf(actor: Actor, familyId: number) {
    const found = await sightFor(actor, familyId);
    if (found.sight.as !== 'member')
      throw new AppError('forbidden', 'A break-glass view reads the record; only its team can change it');
    return found;
  }

  /** A write and its audit entry in one transaction; the entry names the family by id, never its people. */
  function recorded<T>(
    actor: Actor,
    action: string,
    entity: string,
    entityId: number | ((result: T) => number),
    write: (r: FamiliesRepository) => Promise<T>,
    detail: Record<string, unknown> = {},
  ): Promise<T> {
    return audit.recorded(
      actor,
      (trx) => write(createFamiliesRepository(trx)),
      (result) => ({
        action,
        entity,
        entityId: typeof entityId === 'function' ? entityId(result) : entityId,
        // About no organisation: the trail's readers by organisation never see family entries.
        organisationIds: [],
        detail,
      }),
    );
  }

  async function agencyOrganisation(actor: Actor, organisationId: number, field = 'organisationId') {
    const organisation = await landscape.getOrganisation(actor, organisationId).catch(() => undefined);
    if (!organisation || !isAgencyKind(organisation.kind))
      throw problem(
        field,
        'Choose a school, health service, social care, police, family centre, council or community group',
      );
    return organisation;
  }

  function checkConsent(input: ConsentInput, peopleIds: number[]) {
    const problems: Array<{ field: string; message: string }> = [];
    if (!peopleIds.includes(input.givenBy))
      problems.push({ field: 'givenBy', message: 'Choose the person of the family who gave consent' });
    if (!input.purpose?.trim()) problems.push({ field: 'purpose', message: 'Say what the consent is for' });
    const information = input.information.filter((i) => (INFORMATION_CODES as string[]).includes(i));
    if (!information.length || information.length !== input.information.length)
      problems.push({ field: 'information', message: 'Tick at least one kind of information that may be shared' });
    if (!input.agencies.length || !input.agencies.every(isAgencyKind))
      problems.push({ field: 'agencies', message: 'Tick at least one kind of agency it may be shared with' });
    if (!(input.lawfulBasis in LAWFUL_BASES))
      problems.push({ field: 'lawfulBasis', message: 'Choose the lawful basis the sharing rests on' });
    if (input.untilOn && input.untilOn < input.fromOn)
      problems.push({ field: 'untilOn', message: 'The end date must be on or after the start date' });
    if (problems.length) throw new AppError('validation', 'Some of the consent needs changing', problems);
    return { ...input, information: [...new Set<string>(['identity', ...information])] };
  }

  function insertConsent(r: FamiliesRepository, familyId: number, input: ConsentInput, actor: Actor) {
    return r.insert('family_consents', {
      family_id: familyId,
      given_by: input.givenBy,
      purpose: input.purpose.trim(),
      information: JSON.stringify(input.information),
      agencies: JSON.stringify([...new Set(input.agencies)]),
      lawful_basis: input.lawfulBasis,
      from_on: input.fromOn,
      until_on: input.untilOn || null,
      recorded_by: actor.userId,
    });
  }

  /**
   * What the person sees of a family, shaped for its page: every part of it passes the one rule of
   * reading ({@link mayRead}), and what is withheld is only counted.
   */
  async function view(actor: Actor, found: Awaited<ReturnType<typeof sightFor>>) {
    const { family, rows, sight } = found;
    const identityShown = mayRead(sight, partOf.identity());
    const [people, needs, notes, services, referrals] = await Promise.all([
      identityShown ? repo.people(family.id) : Promise.resolve([]),
      repo.needs(family.id),
      repo.notes(family.id),
      repo.services(family.id),
      repo.referralsWhere({ familyId: family.id }),
    ]);
    const readable = notes.filter((n) =>
      mayRead(sight, partOf.note(n as { organisationId: number; information: string; sensitivity: Sensitivity })),
    );
    const shownNeeds = needs.filter((n) => mayRead(sight, partOf.need(n)));
    const shownMembers = rows.members.filter((m) => mayRead(sight, partOf.member(m)));
    const shownServices = services.filter((s) => mayRead(sight, partOf.service(s)));
    const shownReferrals = referrals.filter((r) => mayRead(sight, partOf.referral(r)));
    const now = new Date();
    const today = isoDay(now);
    return {
      id: family.id,
      reference: family.reference,
      status: family.status,
      openedOn: family.openedOn,
      closedOn: family.closedOn,
      eraseOn: family.eraseOn,
      openingOrganisationId: family.organisationId,
      sight: {
        as: sight.as,
        isLead: sight.as === 'member' && sight.isLead,
        organisationId: sight.organisationId,
        everything: sight.everything,
        information: [...sight.information],
      },
      identityShown,
      people,
      needs: shownNeeds.map((n) => ({ id: n.id, outcome: n.outcome, summary: open(n.summary)! })),
      needsWithheld: needs.length - shownNeeds.length,
      members: shownMembers.map((m) => ({
        id: m.id,
        userId: m.userId,
        name: m.name,
        organisationId: m.organisationId,
        agency: m.agency,
        agencyLabel: AGENCY_LABELS[m.agency as keyof typeof AGENCY_LABELS] ?? m.agency,
        teamRole: m.teamRole,
        isLead: m.isLead,
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
        shared: m.leftOn ? [] : [...sharedWith(m.agency, rows, today)],
      })),
      membersWithheld: rows.members.length - shownMembers.length,
      consents: rows.consents.map((c) => ({
        id: c.id,
        purpose: c.purpose as string,
        givenBy: identityShown ? (c.givenBy as string) : `A ${c.givenByRole as string} of the family`,
        information: c.information,
        agencies: c.agencies,
        lawfulBasis: c.lawfulBasis as string,
        fromOn: c.fromOn,
        untilOn: c.untilOn,
        withdrawnOn: c.withdrawnOn,
        inForce: c.fromOn <= today && (!c.untilOn || c.untilOn >= today) && (!c.withdrawnOn || c.withdrawnOn > today),
      })),
      overrides: rows.overrides.map((o) => ({
        id: o.id,
        agency: o.agency,
        information: o.information,
        sharedOn: o.sharedOn,
        endsOn: o.endsOn,
      })),
      notes: readable.map((n) => ({
        id: n.id,
        agencyName: n.agencyName,
        information: n.information,
        sensitivity: n.sensitivity,
        body: open(n.body)!,
        writtenAt: n.writtenAt,
        writtenBy: n.writtenBy,
      })),
      notesWithheld: notes.length - readable.length,
      services: shownServices.map((s) => ({ ...s, what: open(s.what)! })),
      servicesWithheld: services.length - shownServices.length,
      referrals: shownReferrals.map((r) => referralView(r, now)),
      referralsWithheld: referrals.length - shownReferrals.length,
    };
  }

  function referralView(r: Awaited<ReturnType<FamiliesRepository['referralsWhere']>>[number], now: Date) {
    return {
      id: r.id,
      familyId: r.familyId,
      reference: r.reference,
      fromId: r.fromId,
      fromName: r.fromName,
      toId: r.toId,
      toName: r.toName,
      outcome: r.outcome,
      message: open(r.message)!,
      status: r.status,
      answerWithinDays: r.answerWithinDays,
      sentAt: r.sentAt,
      receivedAt: r.receivedAt,
      answeredAt: r.answeredAt,
      completedAt: r.completedAt,
      declineReason: open(r.declineReason),
      ...referralSteps(r, now),
    };
  }

  /** Reads a family for its page, auditing who read it and why. */
  async function read(actor: Actor, familyId: number) {
    const found = await sightFor(actor, familyId);
    await audit.record(actor, {
      action: 'read',
      entity: 'family',
      entityId: familyId,
      detail: {
        why:
          found.sight.as === 'break-glass'
            ? 'break-glass'
            : found.sight.as === 'member' && found.sight.isLead
              ? 'lead professional'
              : 'team member',
      },
    });
    return view(actor, found);
  }

  /** Whether an agency's kind may be given the family's information now (consent, or sharing without it). */
  function mayShareWith(
    rows: Awaited<ReturnType<FamiliesRepository['ruleRows']>>,
    agency: string,
    openingOrg: number,
    orgId: number,
  ) {
    return orgId === openingOrg || sharedWith(agency, rows, isoDay(new Date())).size > 0;
  }

  /** The organisations the person may act for in family work: those of an agency kind they belong to (not as a viewer). */
  async function agenciesOf(actor: Actor) {
    const ids = actor.memberships.filter((m) => m.role !== 'viewer').map((m) => m.organisationId);
    const found = await Promise.all(ids.map((id) => landscape.getOrganisation(actor, id).catch(() => undefined)));
    return found
      .filter((o) => o !== undefined && isAgencyKind(o.kind))
      .map((o) => ({ id: o!.id, name: o!.name, kind: o!.kind }));
  }

  async function settingsOf(organisationId: number) {
    return (
      (await repo.settings(organisationId)) ?? {
        dataProtectionLeadId: null,
        safeguardingLeadIds: [],
        retentionYears: 6,
      }
    );
  }

  /** Whether the person reviews break-glass views and sharing without consent for an organisation. */
  async function reviewsFor(actor: Actor): Promise<number[]> {
    const mine = await repo.ledForDataProtection(actor.userId);
    return actor.isAdmin ? [...mine, ...(await repo.withoutDataProtectionLead())] : mine;
  }

  /** Referrals to the agencies the person works for: what was asked, never the record itself. */
  async function incoming(actor: Actor | undefined) {
    const me = await professional(actor);
    const agencies = (await agenciesOf(me)).map((a) => a.id);
    if (!agencies.length) return [];
    const now = new Date();
    return (await repo.referralsWhere({ toOrganisationIds: agencies })).map((r) => referralView(r, now));
  }

  /** The data protection lead's queue: break-glass views and sharing without consent, for the agencies they lead on. */
  async function reviews(actor: Actor | undefined) {
    const me = await professional(actor);
    const organisations = await reviewsFor(me);
    if (!organisations.length)
      throw new AppError('forbidden', 'The review queue is for an agency’s data protection lead');
    const { glass, overrides } = await repo.reviewsFor(organisations);
    const items = [
      ...glass.map((g) => ({
        kind: 'break-glass' as const,
        ...g,
        reason: open(g.reason)!,
        note: open(g.note),
        agency: null,
        information: [] as string[],
      })),
      ...overrides.map((o) => ({
        kind: 'override' as const,
        ...o,
        reason: open(o.reason)!,
        note: open(o.note),
        outcome: null,
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());
    return { items, waiting: items.filter((i) => !i.reviewedAt).length };
  }

  /**
   * An agency's settings for family records — who its data protection lead and safeguarding
   * leads are, how long records are kept — read and changed only by its leaders and
   * administrators, and, as every family call, in a signed-in browser session with two-factor
   * sign-in: never with a token or from the command line.
   */
  async function settingsFor(actor: Actor | undefined, organisationId: number) {
    const me = await professional(actor);
    const organisation = await agencyOrganisation(me, organisationId);
    if (!me.isAdmin && !me.memberships.some((m) => m.organisationId === organisationId && m.role === 'leader'))
      throw new AppError(
        'forbidden',
        'Only a leader of this agency or an administrator can change its settings for family records',
      );
    return { me, settings: { organisation, ...(await settingsOf(organisationId)) } };
  }

  /**
   * Who may read the de-identified figures, as the module documents them: anyone signed in, in a
   * browser or with a token, as they are counts that name no family, with small numbers withheld.
   */
  function figuresReader(actor: Actor | undefined): Actor {
    return requireSignedIn(actor);
  }

  type Facts = Awaited<ReturnType<typeof repo.facts>>;

  /** A family record as the figures count it: the agencies on its team (its lead's among them) and the outcomes of its needs. */
  function familyFacts(facts: Facts, family: Facts['families'][number]) {
    return {
      organisationIds: [
        family.organisationId,
        ...facts.members.filter((m) => m.familyId === family.id).map((m) => m.organisationId),
      ],
      outcomes: facts.needs.filter((n) => n.familyId === family.id).map((n) => n.outcome),
    };
  }

  /** What leaves the team: counts naming no one, with small numbers withheld; for anyone signed in ({@link figuresReader}). */
  async function figures(actor: Actor | undefined) {
    figuresReader(actor);
    const facts = await repo.facts();
    const families = [
      ...facts.families.map((f) => familyFacts(facts, f)),
      ...facts.erased.map((e) => ({ organisationIds: e.organisationIds, outcomes: e.outcomes })),
    ];
    const referrals = [
      ...facts.referrals.map((r) => ({ from: r.from, to: r.to, days: daysToAnswer(r) })),
      ...facts.erased.flatMap((e) => e.referrals.map((r) => ({ from: r.from, to: r.to, days: r.days }))),
    ];
    return deidentified(families, referrals);
  }

  return {
    /** The families the person is on the team of, the agencies they may act for, and what waits for them. */
    async mine(actor: Actor | undefined) {
      const me = await professional(actor);
      const [families, agencies, referrals, reviewing] = await Promise.all([
        repo.familiesOf(me.userId),
        agenciesOf(me),
        incoming(me),
        reviewsFor(me),
      ]);
      return { families, agencies, incoming: referrals, reviews: reviewing.length ? (await reviews(me)).waiting : 0 };
    },

    agencies: async (actor: Actor | undefined) => agenciesOf(await professional(actor)),

    /** Opens a family record; the person opening it is its first lead professional. */
    async open(actor: Actor | undefined, input: OpenInput) {
      const me = await professional(actor);
      const agencies = await agenciesOf(me);
      if (!agencies.some((a) => a.id === input.organisationId))
        throw problem('organisationId', 'Choose an agency you work for');
      const problems: Array<{ field: string; message: string }> = [];
      if (!input.teamRole?.trim()) problems.push({ field: 'teamRole', message: 'Say what your role in the team is' });
      const people = input.people.filter((p) => p.name?.trim());
      if (!people.some((p) => p.role === 'child'))
        problems.push({ field: 'people', message: 'Add at least one child, with their name' });
      for (const n of input.needs)
        if (!(OUTCOMES as readonly string[]).includes(n.outcome) || !n.summary?.trim())
          problems.push({ field: 'needs', message: 'Give each need an outcome and a short summary' });
      if (problems.length) throw new AppError('validation', 'Some of the family record needs changing', problems);
      for (const p of people) if (p.schoolId !== undefined) await agencyOrganisation(me, p.schoolId, 'people');
      const reference = newReference();
      return recorded(
        me,
        'open',
        'family',
        (id: number) => id,
        async (r) => {
          const familyId = await r.insert('families', {
            reference,
            organisation_id: input.organisationId,
            opened_on: isoDay(new Date()),
          });
          // By position in the input, blank rows included, as `consent.givenBy` counts them.
          const personIds: Array<number | undefined> = [];
          for (const p of input.people) {
            if (!p.name?.trim()) {
              personIds.push(undefined);
              continue;
            }
            personIds.push(
              await r.insert('family_people', {
                family_id: familyId,
                role: p.role,
                name: p.name.trim(),
                born_on: p.bornOn || null,
                school_id: p.schoolId ?? null,
                relationship: p.relationship?.trim() ?? '',
              }),
            );
          }
          for (const n of input.needs)
            await r.insert('family_needs', {
              family_id: familyId,
              outcome: n.outcome,
              summary: sealer.seal(n.summary.trim()),
            });
          await r.insert('family_members', {
            family_id: familyId,
            user_id: me.userId,
            organisation_id: input.organisationId,
            team_role: input.teamRole.trim(),
            is_lead: true,
            joined_on: isoDay(new Date()),
          });
          if (input.consent) {
            const consent = checkConsent(
              { ...input.consent, givenBy: personIds[input.consent.givenBy] ?? -1 },
              personIds.filter((id) => id !== undefined),
            );
            await insertConsent(r, familyId, consent, me);
          }
          return familyId;
        },
      );
    },

    read: async (actor: Actor | undefined, familyId: number) => read(await professional(actor), familyId),

    /** Adds a person of another agency (or the same) to the team; their agency must be covered by consent. */
    async addMember(
      actor: Actor | undefined,
      familyId: number,
      input: { email: string; organisationId: number; teamRole: string },
    ) {
      const me = await professional(actor);
      const { family, rows } = await leadOf(me, familyId);
      const organisation = await agencyOrganisation(me, input.organisationId);
      if (!input.teamRole?.trim()) throw problem('teamRole', 'Say what their role in the team is');
      const account = await accounts.memberByEmail(input.email ?? '', organisation.id);
      if (!account)
        throw problem(
          'email',
          `There is no account with that email address at ${organisation.name}: ask its leader to add them first`,
        );
      if (rows.members.some((m) => m.userId === account.id && m.leftOn === null))
        throw problem('email', `${account.name} is already in the team`);
      if (!mayShareWith(rows, organisation.kind, family.organisationId, organisation.id))
        throw problem(
          'organisationId',
          `No consent in force covers sharing with ${AGENCY_LABELS[organisation.kind as keyof typeof AGENCY_LABELS]}: record consent first (or, where the law allows, share without it)`,
        );
      return recorded(
        me,
        'join',
        'family-member',
        (id: number) => id,
        (r) =>
          r.insert('family_members', {
            family_id: familyId,
            user_id: account.id,
            organisation_id: organisation.id,
            team_role: input.teamRole.trim(),
            joined_on: isoDay(new Date()),
          }),
        { familyId, userId: account.id },
      );
    },

    /** A member leaves the team (themselves, or taken off by the lead); the lead hands over first. */
    async leave(actor: Actor | undefined, familyId: number, memberId: number) {
      const me = await professional(actor);
      const { rows, sight } = await memberOf(me, familyId);
      const member = rows.members.find((m) => m.id === memberId && m.leftOn === null);
      if (!member) throw notFound(`Team member ${memberId}`);
      if (member.userId !== me.userId && !(sight.as === 'member' && sight.isLead))
        throw new AppError('forbidden', 'Only the lead professional can take someone else off the team');
      if (member.isLead)
        throw new AppError('conflict', 'The lead professional hands the lead to another member before leaving');
      await recorded(me, 'leave', 'family-member', memberId, (r) => r.memberLeaves(memberId, isoDay(new Date())), {
        familyId,
        userId: member.userId,
      });
    },

    /** Hands the lead to another current member. */
    async handOver(actor: Actor | undefined, familyId: number, memberId: number) {
      const me = await professional(actor);
      const { rows } = await leadOf(me, familyId);
      const member = rows.members.find((m) => m.id === memberId && m.leftOn === null);
      if (!member) throw notFound(`Team member ${memberId}`);
      await recorded(me, 'hand-over', 'family-member', memberId, (r) => r.handLead(familyId, memberId), {
        familyId,
        userId: member.userId,
      });
    },

    async recordConsent(actor: Actor | undefined, familyId: number, input: ConsentInput) {
      const me = await professional(actor);
      await leadOf(me, familyId);
      const people = await repo.people(familyId);
      const consent = checkConsent(
        input,
        people.map((p) => p.id),
      );
      return recorded(
        me,
        'record',
        'family-consent',
        (id: number) => id,
        (r) => insertConsent(r, familyId, consent, me),
        { familyId },
      );
    },

    /** Records that consent was withdrawn ({@link withdrawalDay}): from that day the share it covered stops. */
    async withdrawConsent(actor: Actor | undefined, familyId: number, consentId: number, on?: string) {
      const me = await professional(actor);
      const { rows } = await leadOf(me, familyId);
      const consent = rows.consents.find((c) => c.id === consentId);
      if (!consent) throw notFound(`Consent ${consentId}`);
      if (consent.withdrawnOn) throw new AppError('conflict', 'This consent has already been withdrawn');
      const when = withdrawalDay(consent, on, isoDay(new Date()));
      if ('problem' in when) throw problem('withdrawnOn', when.problem);
      await recorded(me, 'withdraw', 'family-consent', consentId, (r) => r.withdrawConsent(consentId, when.day), {
        familyId,
      });
    },

    /**
     * Shares without consent where the law allows (to safeguard a child): only those their
     * agency names as safeguarding leads, with a reason, reported to the data protection lead.
     */
    async shareWithoutConsent(
      actor: Actor | undefined,
      familyId: number,
      input: { agency: string; information: string[]; reason: string },
    ) {
      const me = await professional(actor);
      const { family, sight } = await memberOf(me, familyId);
      const organisationId = sight.as === 'member' ? sight.organisationId! : 0;
      const settings = await settingsOf(organisationId);
      if (!settings.safeguardingLeadIds.includes(me.userId))
        throw new AppError(
          'forbidden',
          'Sharing without consent is for the safeguarding leads your agency names; ask yours, or record consent',
        );
      const problems: Array<{ field: string; message: string }> = [];
      if (!isAgencyKind(input.agency))
        problems.push({ field: 'agency', message: 'Choose the kind of agency to share with' });
      const information = input.information.filter((i) => (INFORMATION_CODES as string[]).includes(i));
      if (!information.length) problems.push({ field: 'information', message: 'Tick what is to be shared' });
      if ((input.reason ?? '').trim().length < 10)
        problems.push({ field: 'reason', message: 'Give the reason the law allows sharing without consent here' });
      if (problems.length) throw new AppError('validation', 'Some of this needs changing', problems);
      const endsOn = isoDay(new Date(Date.now() + OVERRIDE_DAYS * DAY_MS));
      return recorded(
        me,
        'share-without-consent',
        'family-override',
        (id: number) => id,
        (r) =>
          r.insert('family_overrides', {
            family_id: familyId,
            agency: input.agency,
            information: JSON.stringify([...new Set(['identity', ...information])]),
            reason: sealer.seal(input.reason.trim()),
            shared_by: me.userId,
            organisation_id: family.organisationId,
            ends_on: endsOn,
          }),
        { familyId, organisationId: family.organisationId },
      );
    },

    async addNote(
      actor: Actor | undefined,
      familyId: number,
      input: { information: string; sensitivity: string; body: string },
    ) {
      const me = await professional(actor);
      const { sight } = await memberOf(me, familyId);
      const problems: Array<{ field: string; message: string }> = [];
      if (!(INFORMATION_CODES as string[]).includes(input.information) || input.information === 'identity')
        problems.push({ field: 'information', message: 'Choose what kind of information the note is' });
      if (!['standard', 'sensitive'].includes(input.sensitivity))
        problems.push({ field: 'sensitivity', message: 'Choose how sensitive the note is' });
      if (!input.body?.trim()) problems.push({ field: 'body', message: 'Write the note' });
      if (problems.length) throw new AppError('validation', 'The note needs changing', problems);
      return recorded(
        me,
        'write',
        'family-note',
        (id: number) => id,
        (r) =>
          r.insert('family_notes', {
            family_id: familyId,
            organisation_id: sight.as === 'member' ? sight.organisationId! : 0,
            information: input.information,
            sensitivity: input.sensitivity as Sensitivity,
            body: sealer.seal(input.body.trim()),
            written_by: me.userId,
          }),
        { familyId },
      );
    },

    /** Adds to the package of services: what an agency on the team will do, by when. */
    async addService(
      actor: Actor | undefined,
      familyId: number,
      input: { organisationId: number; what: string; dueOn: string },
    ) {
      const me = await professional(actor);
      const { rows } = await leadOf(me, familyId);
      if (!rows.members.some((m) => m.organisationId === input.organisationId && m.leftOn === null))
        throw problem('organisationId', 'Choose an agency with someone on the team');
      if (!input.what?.trim()) throw problem('what', 'Say what the agency will do');
      if (!input.dueOn) throw problem('dueOn', 'Give the date it is due by');
      return recorded(
        me,
        'plan',
        'family-service',
        (id: number) => id,
        (r) =>
          r.insert('family_services', {
            family_id: familyId,
            organisation_id: input.organisationId,
            what: sealer.seal(input.what.trim()),
            due_on: input.dueOn,
          }),
        { familyId },
      );
    },

    /** Marks a service of the package done: by a member who may read it on the family's page. */
    async serviceDone(actor: Actor | undefined, familyId: number, serviceId: number) {
      const me = await professional(actor);
      const { sight } = await memberOf(me, familyId);
      const service = (await repo.services(familyId)).find((s) => s.id === serviceId);
      if (!service || !mayRead(sight, partOf.service(service))) throw notFound(`Service ${serviceId}`);
      await recorded(
        me,
        'done',
        'family-service',
        serviceId,
        (r) => r.serviceDone(familyId, serviceId, isoDay(new Date())),
        { familyId },
      );
    },

    /** Refers the family from the member's agency to another, where consent covers that kind of agency. */
    async refer(
      actor: Actor | undefined,
      familyId: number,
      input: { toOrganisationId: number; outcome: string; message: string; answerWithinDays?: number },
    ) {
      const me = await professional(actor);
      const { family, rows, sight } = await memberOf(me, familyId);
      const from = sight.as === 'member' ? sight.organisationId! : 0;
      const to = await agencyOrganisation(me, input.toOrganisationId, 'toOrganisationId');
      if (to.id === from) throw problem('toOrganisationId', 'Refer to another agency than your own');
      if (!(OUTCOMES as readonly string[]).includes(input.outcome))
        throw problem('outcome', 'Choose the outcome the referral is for');
      if (!input.message?.trim()) throw problem('message', 'Say what you are asking them to do');
      const days = input.answerWithinDays ?? 10;
      if (!Number.isInteger(days) || days < 1 || days > 90)
        throw problem('answerWithinDays', 'Give a number of days from 1 to 90');
      if (!mayShareWith(rows, to.kind, family.organisationId, to.id))
        throw problem(
          'toOrganisationId',
          `No consent in force covers sharing with ${AGENCY_LABELS[to.kind as keyof typeof AGENCY_LABELS]}: record consent before referring`,
        );
      return recorded(
        me,
        'send',
        'family-referral',
        (id: number) => id,
        (r) =>
          r.insert('family_referrals', {
            family_id: familyId,
            from_organisation_id: from,
            to_organisation_id: to.id,
            outcome: input.outcome,
            message: sealer.seal(input.message.trim()),
            answer_within_days: days,
            sent_by: me.userId,
            sent_at: new Date(),
          }),
        { familyId, organisationIds: [to.id] },
      );
    },

    incoming,

    /** Opens a referral to the person's agency: the first opening marks it received. */
    async referral(actor: Actor | undefined, referralId: number) {
      const me = await professional(actor);
      const [r] = await repo.referralsWhere({ id: referralId });
      const mine = (await agenciesOf(me)).some((a) => a.id === r?.toId);
      if (!r || !mine) throw notFound(`Referral ${referralId}`);
      if (r.status === 'sent')
        await recorded(
          me,
          'receive',
          'family-referral',
          referralId,
          (w) => w.setReferral(referralId, { status: 'received', received_at: new Date() }, 'sent'),
          { familyId: r.familyId },
        );
      else
        await audit.record(me, {
          action: 'read',
          entity: 'family-referral',
          entityId: referralId,
          detail: { familyId: r.familyId },
        });
      const [fresh] = await repo.referralsWhere({ id: referralId });
      return referralView(fresh!, new Date());
    },

    /** The receiving agency accepts (joining the team) or declines with a reason; then completes. */
    async answerReferral(
      actor: Actor | undefined,
      referralId: number,
      input: { answer: 'accept' | 'decline' | 'complete'; reason?: string; teamRole?: string },
    ) {
      const me = await professional(actor);
      const [r] = await repo.referralsWhere({ id: referralId });
      if (!r || !(await agenciesOf(me)).some((a) => a.id === r.toId)) throw notFound(`Referral ${referralId}`);
      if (!['accept', 'decline', 'complete'].includes(input.answer))
        throw problem('answer', 'Choose whether to accept or decline the referral');
      if (input.answer === 'complete') {
        if (r.status !== 'accepted') throw new AppError('conflict', 'Only an accepted referral can be completed');
        await recorded(
          me,
          'complete',
          'family-referral',
          referralId,
          (w) => w.setReferral(referralId, { status: 'completed', completed_at: new Date() }),
          { familyId: r.familyId },
        );
        return;
      }
      if (!['sent', 'received'].includes(r.status))
        throw new AppError('conflict', 'This referral has already been answered');
      if (input.answer === 'decline' && !input.reason?.trim())
        throw problem('reason', 'Say why the referral is declined');
      if (input.answer === 'accept' && !input.teamRole?.trim())
        throw problem('teamRole', 'Say what your role in the team will be');
      const rows = await repo.ruleRows(r.familyId);
      // Joining the team needs what adding a member needs: something shared with the agency's kind now.
      const family = await repo.family(r.familyId);
      if (input.answer === 'accept' && !mayShareWith(rows, r.toKind, family!.organisationId, r.toId))
        throw new AppError(
          'conflict',
          'The consent this referral rested on is no longer in force: decline it, or ask the lead professional',
        );
      await recorded(
        me,
        input.answer === 'accept' ? 'accept' : 'decline',
        'family-referral',
        referralId,
        async (w) => {
          await w.setReferral(referralId, {
            status: input.answer === 'accept' ? 'accepted' : 'declined',
            received_at: r.receivedAt ?? new Date(),
            answered_at: new Date(),
            decline_reason: input.answer === 'decline' ? sealer.seal(input.reason!.trim()) : null,
          });
          if (input.answer === 'accept' && !rows.members.some((m) => m.userId === me.userId && m.leftOn === null))
            await w.insert('family_members', {
              family_id: r.familyId,
              user_id: me.userId,
              organisation_id: r.toId,
              team_role: input.teamRole!.trim(),
              joined_on: isoDay(new Date()),
            });
        },
        { familyId: r.familyId },
      );
    },

    /** Referrals past their agreed time without an answer and not yet flagged, with the lead professional to tell. */
    async overdueReferrals() {
      const due = (await repo.referralsWhere({ overdue: true })).filter((r) => isOverdue(r, new Date()));
      return Promise.all(
        due.map(async (r) => ({
          id: r.id,
          familyId: r.familyId,
          reference: r.reference,
          toName: r.toName,
          leadId: (await repo.ruleRows(r.familyId)).members.find((m) => m.isLead && m.leftOn === null)?.userId,
        })),
      );
    },

    /** Marks referrals as flagged to their lead professional, so each is flagged once. */
    markFlagged: (ids: number[]) => repo.markFlagged(ids),

    /** Whom a team member's joining tells: the member, with the family's reference only. */
    memberNotice: (memberId: number) => repo.memberNotice(memberId),

    /** The data protection lead of an agency, if it has named one. */
    dataProtectionLeadOf: async (organisationId: number) => (await settingsOf(organisationId)).dataProtectionLeadId,

    /** What waits for the person in family work, for their home page; nothing for those without two-factor sign-in. */
    async waiting(actor: Actor) {
      const me = await professional(actor).catch(() => undefined);
      if (!me) return undefined;
      const [referrals, families, queue] = await Promise.all([
        incoming(me),
        repo.familiesOf(me.userId),
        reviewsFor(me).then((ids) => (ids.length ? reviews(me) : undefined)),
      ]);
      const overdue = [];
      for (const f of families.filter((x) => x.isLead))
        for (const r of await repo.referralsWhere({ familyId: f.id }))
          if (isOverdue(r, new Date()) || r.status === 'declined') overdue.push(referralView(r, new Date()));
      return {
        referrals: referrals.filter((r) => r.status === 'sent' || r.status === 'received'),
        chase: overdue,
        reviews: queue?.waiting ?? 0,
      };
    },

    /** Who the notifications of a referral go to, naming the family by reference only. */
    async referralNotice(referralId: number) {
      const [r] = await repo.referralsWhere({ id: referralId });
      if (!r) return undefined;
      const lead = (await repo.ruleRows(r.familyId)).members.find((m) => m.isLead && m.leftOn === null);
      return { ...r, leadId: lead?.userId };
    },

    /** Closes the record; it is erased after the opening agency's retention period. */
    async close(actor: Actor | undefined, familyId: number) {
      const me = await professional(actor);
      const { family } = await leadOf(me, familyId);
      if (family.status === 'closed') throw new AppError('conflict', 'This family record is already closed');
      const today = isoDay(new Date());
      const { retentionYears } = await settingsOf(family.organisationId);
      await recorded(
        me,
        'close',
        'family',
        familyId,
        (r) => r.close(familyId, today, addYears(today, retentionYears)),
        { retentionYears },
      );
    },

    /** Erases every record whose day has come, leaving counts that name no one; each erasure audited. */
    async eraseDue(today = isoDay(new Date())) {
      let erased = 0;
      for (const f of await repo.dueForErasure(today)) {
        const rows = await repo.ruleRows(f.id);
        const needs = await repo.needs(f.id);
        const referrals = await repo.referralsWhere({ familyId: f.id });
        await audit.recorded(
          undefined,
          async (trx) => {
            const r = createFamiliesRepository(trx);
            await r.insert('family_erased', {
              organisation_id: f.organisationId,
              opened_on: f.openedOn,
              closed_on: f.closedOn!,
              outcomes: JSON.stringify([...new Set(needs.map((n) => n.outcome))]),
              organisation_ids: JSON.stringify([
                ...new Set([f.organisationId, ...rows.members.map((m) => m.organisationId)]),
              ]),
              referrals: JSON.stringify(
                referrals.map((r) => ({
                  from: r.fromId,
                  to: r.toId,
                  status: r.status,
                  days: daysToAnswer(r),
                })),
              ),
            });
            await r.erase(f.id);
          },
          () => ({
            action: 'erase',
            entity: 'family',
            entityId: f.id,
            organisationIds: [],
            detail: { closedOn: f.closedOn },
          }),
        );
        erased += 1;
      }
      return erased;
    },

    /**
     * Opens a time-limited view of a family for someone outside its team — an administrator, or
     * a leader of an agency that is or was on it — with a reason; the data protection lead reviews it.
     */
    async breakGlass(actor: Actor | undefined, input: { reference: string; reason: string }) {
      const me = await professional(actor);
      const reference = (input.reference ?? '').trim().toUpperCase();
      if ((input.reason ?? '').trim().length < 10)
        throw problem('reason', 'Give the reason you need to see this family’s record now');
      const found = reference ? await repo.familyByReference(reference) : undefined;
      const family = found ? await repo.family(found.id) : undefined;
      const rows = family ? await repo.ruleRows(family.id) : undefined;
      const led = me.memberships.filter((m) => m.role === 'leader').map((m) => m.organisationId);
      const agencies = family && rows ? [family.organisationId, ...rows.members.map((m) => m.organisationId)] : [];
      // One answer for "no such family" and "not yours to open", so the form cannot be used to find families.
      if (!family || !(me.isAdmin || agencies.some((id) => led.includes(id))))
        throw problem('reference', 'No family record you may open has that reference');
      const expiresAt = new Date(Date.now() + BREAK_GLASS_MINUTES * 60 * 1000);
      await recorded(
        me,
        'break-glass',
        'family',
        family.id,
        (r) =>
          r.insert('family_break_glass', {
            family_id: family.id,
            user_id: me.userId,
            reason: sealer.seal(input.reason.trim()),
            expires_at: expiresAt,
          }),
        { organisationId: family.organisationId },
      );
      return { familyId: family.id, expiresAt };
    },

    reviews,

    async review(
      actor: Actor | undefined,
      kind: 'break-glass' | 'override',
      id: number,
      input: { outcome: 'justified' | 'not-justified'; note?: string },
    ) {
      const me = await professional(actor);
      const row = kind === 'break-glass' ? await repo.breakGlassRow(id) : await repo.overrideRow(id);
      if (!row || !(await reviewsFor(me)).includes(row.organisationId)) throw notFound('That review');
      if (row.reviewedAt) throw new AppError('conflict', 'This has already been reviewed');
      if (!['justified', 'not-justified'].includes(input.outcome))
        throw problem('outcome', 'Say whether it was justified');
      if (input.outcome === 'not-justified' && !input.note?.trim())
        throw problem('note', 'Say what was wrong, and what you will do about it');
      const note = input.note?.trim() ? sealer.seal(input.note.trim()) : null;
      await recorded(
        me,
        'review',
        kind === 'break-glass' ? 'family-break-glass' : 'family-override',
        id,
        (r) =>
          kind === 'break-glass'
            ? r.reviewBreakGlass(id, {
                reviewed_at: new Date(),
                reviewed_by: me.userId,
                review_outcome: input.outcome,
                review_note: note,
              })
            : r.reviewOverride(id, {
                reviewed_at: new Date(),
                reviewed_by: me.userId,
                review_note: note ?? sealer.seal(input.outcome),
              }),
        { outcome: input.outcome },
      );
    },

    /** Who looked at a family, when and why: for its lead professional and its agency's data protection lead. */
    async accessReport(actor: Actor | undefined, familyId: number) {
      const me = await professional(actor);
      const family = await repo.family(familyId);
      if (!family) throw notFound(`Family ${familyId}`);
      const rows = await repo.ruleRows(familyId);
      const isLead = rows.members.some((m) => m.userId === me.userId && m.isLead && m.leftOn === null);
      const dpl = (await reviewsFor(me)).includes(family.organisationId);
      if (!isLead && !dpl) throw notFound(`Family ${familyId}`);
      const entries = await audit.about('family', familyId, { prefix: 'family-', key: 'familyId' });
      await audit.record(me, { action: 'access-report', entity: 'family', entityId: familyId });
      return { reference: family.reference, entries };
    },

    settings: async (actor: Actor | undefined, organisationId: number) =>
      (await settingsFor(actor, organisationId)).settings,

    async saveSettings(
      actor: Actor | undefined,
      organisationId: number,
      input: { dataProtectionLeadEmail?: string; safeguardingLeadEmails?: string[]; retentionYears: number },
    ) {
      const { me } = await settingsFor(actor, organisationId);
      const problems: Array<{ field: string; message: string }> = [];
      let dataProtectionLeadId: number | null = null;
      if (input.dataProtectionLeadEmail?.trim()) {
        const found = await accounts.memberByEmail(input.dataProtectionLeadEmail, organisationId);
        if (!found)
          problems.push({
            field: 'dataProtectionLeadEmail',
            message: 'That address is not of an account at this agency',
          });
        dataProtectionLeadId = found?.id ?? null;
      }
      const safeguardingLeadIds: number[] = [];
      for (const email of (input.safeguardingLeadEmails ?? []).filter((e) => e.trim())) {
        const found = await accounts.memberByEmail(email, organisationId);
        if (!found)
          problems.push({
            field: 'safeguardingLeadEmails',
            message: `${email.trim()} is not of an account at this agency`,
          });
        else safeguardingLeadIds.push(found.id);
      }
      if (!Number.isInteger(input.retentionYears) || input.retentionYears < 1 || input.retentionYears > 25)
        problems.push({ field: 'retentionYears', message: 'Give a number of years from 1 to 25' });
      if (problems.length) throw new AppError('validation', 'Some of the settings need changing', problems);
      await audit.recorded(
        me,
        (trx) =>
          createFamiliesRepository(trx).saveSettings(organisationId, {
            dataProtectionLeadId,
            safeguardingLeadIds,
            retentionYears: input.retentionYears,
          }),
        () => ({
          action: 'update',
          entity: 'family-settings',
          entityId: organisationId,
          organisationIds: [organisationId],
        }),
      );
    },

    figures,

    /**
     * The agencies that work together, from the figures alone: the agencies the figures count
     * (with their families) and the pairs of them on the same families' teams (with how many).
     * What the figures withhold is not in it, as it is built from nothing else.
     */
    async agencyNetwork(actor: Actor | undefined) {
      const signedIn = figuresReader(actor);
      const counted = await figures(signedIn);
      const agencies = await Promise.all(
        counted.byAgency.map(async ({ organisationId, families }) => {
          const o = await landscape.getOrganisation(signedIn, organisationId).catch(() => undefined);
          return o
            ? { id: o.id, key: organisationKey(o), name: o.name, kind: o.kind, families }
            : {
                id: organisationId,
                key: `id:${organisationId}`,
                name: 'An agency',
                kind: '',
                families,
              };
        }),
      );
      return { min: counted.min, agencies, pairs: counted.network };
    },

    /**
     * The figures of one part of the system on a day, for its health, by the same rule as
     * {@link figures}: the families open that day with an agency of the part on their team,
     * the agencies that work together on them, and the days to accept the referrals sent by or to
     * its agencies and accepted in the 365 days up to the day. An erased record's referrals keep
     * no dates, so they are not among them. For anyone signed in ({@link figuresReader}).
     */
    async scopeFigures(actor: Actor | undefined, scope: { organisationIds: number[]; asOf: string }) {
      figuresReader(actor);
      const inScope = new Set(scope.organisationIds);
      const facts = await repo.facts();
      const families = facts.families
        .filter((f) => f.openedOn <= scope.asOf && (f.closedOn === null || f.closedOn > scope.asOf))
        .map((f) => familyFacts(facts, f))
        .filter((f) => f.organisationIds.some((id) => inScope.has(id)));
      const accepted = facts.referrals
        .filter((r) => (r.status === 'accepted' || r.status === 'completed') && r.answeredAt)
        .filter((r) => inScope.has(r.from) || inScope.has(r.to))
        .filter((r) => {
          const days = daysBetween(r.answeredAt!, scope.asOf);
          return days >= 0 && days < 365;
        })
        .map((r) => ({ from: r.from, to: r.to, days: daysToAnswer(r) }));
      const { families: count, network } = deidentified(families, []);
      return { min: FAMILY_MIN_COUNT, families: count, network, accepted: referralTime(accepted) };
    },

    /**
     * The agencies a team may draw on, for the forms of a family's page: every public service
     * and community group of the landscape, the schools of the team and of the children.
     */
    async agencyChoices(actor: Actor | undefined, familyId: number) {
      const me = await professional(actor);
      const { rows } = await memberOf(me, familyId);
      const people = await repo.people(familyId);
      const services = await Promise.all(
        AGENCY_KINDS.filter((k) => k !== 'school').map(
          async (kind) => (await landscape.listOrganisations(me, { kind, perPage: 200 })).items,
        ),
      );
      const schoolIds = [...rows.members.map((m) => m.organisationId), ...people.map((p) => p.schoolId)].filter(
        (id): id is number => id !== null,
      );
      const schools = await Promise.all(
        [...new Set(schoolIds)].map((id) => landscape.getOrganisation(me, id).catch(() => undefined)),
      );
      const all = [...schools.filter((o) => o?.kind === 'school'), ...services.flat()].filter((o) => o !== undefined);
      return [...new Map(all.map((o) => [o!.id, { id: o!.id, name: o!.name, kind: o!.kind }])).values()];
    },

    /** The names of the agencies the figures speak of (organisations of the landscape, never families). */
    async organisationNames(actor: Actor | undefined): Promise<Record<number, string>> {
      const signedIn = figuresReader(actor);
      const facts = await repo.facts();
      const ids = new Set<number>([
        ...facts.families.map((f) => f.organisationId),
        ...facts.members.map((m) => m.organisationId),
        ...facts.referrals.flatMap((r) => [r.from, r.to]),
        ...facts.erased.flatMap((e) => e.organisationIds),
      ]);
      const found = await Promise.all(
        [...ids].map((id) => landscape.getOrganisation(signedIn, id).catch(() => undefined)),
      );
      return Object.fromEntries(found.filter((o) => o !== undefined).map((o) => [o!.id, o!.name]));
    },

    /** Seals every family text again with the current key (after a new key is set, with the old as previous). */
    async rotateKey(actor: Actor | undefined) {
      const me = requireSignedIn(actor);
      if (!me.isAdmin) throw new AppError('forbidden', 'Only the command line can rotate the family key');
      return db.transaction().execute(async (trx) => {
        const r = createFamiliesRepository(trx);
        let resealed = 0;
        for (const value of await r.sealed()) {
          if (sealer.current(value.value)) continue;
          await r.reseal(value.table, value.column, value.id, sealer.seal(sealer.open(value.value)));
          resealed += 1;
        }
        await audit.record(me, { action: 'rotate-key', entity: 'family-key', detail: { resealed } }, trx);
        return resealed;
      });
    },

    /**
     * For the demo loader, before a forced reload replaces the landscape the records point at:
     * erases the families whose team has had an account of the demo's email domain (each erasure
     * audited), refusing when any other family record exists.
     */
    async eraseDemoFamilies(actor: Actor | undefined, domain: string) {
      const me = internal(actor);
      const { ids, others } = await repo.familiesOfDomain(domain);
      if (others > 0)
        throw new AppError(
          'conflict',
          'The database holds family records that are not the demo’s: a forced reload would leave them pointing at organisations that are gone',
        );
      for (const id of ids) await recorded(me, 'erase', 'family', id, (r) => r.erase(id), { reload: true });
    },

    /** For the demo loader's story: a referral sent some days ago (the service stamps a referral with now). */
    async backdateReferral(actor: Actor | undefined, referralId: number, sentAt: Date) {
      internal(actor);
      await repo.setReferral(referralId, { sent_at: sentAt });
    },

    /** What the module holds about an account: its places in teams, by reference, never a family's data. */
    async personalData(userId: number) {
      return { teamPlaces: await repo.placesOf(userId) };
    },
  };
}
export type FamiliesService = ReturnType<typeof createFamiliesService>;
export type FamilyView = Awaited<ReturnType<FamiliesService['read']>>;
