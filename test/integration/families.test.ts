/**
 * Family records, attacked: only the team's current members see a family, within what consent
 * (or sharing without consent) covers; a member who leaves and a consent withdrawn stop the
 * sight at once; sensitive notes stay with their agency and the lead; every read is audited;
 * break-glass is time-limited and reviewed; a closed record is erased after its retention,
 * leaving counts only; the figures that leave withhold small numbers; free text is sealed at rest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_FAMILY_KEY } from '../../src/config.js';
import { newFamilyKey } from '../../src/modules/families/index.js';
import type { Actor } from '../../src/platform/http/http-platform.js';
import { createServices } from '../../src/services.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { organisation, school, unique, professional } from '../factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Pro = Actor & { userId: number; email: string; name: string };
const today = () => new Date().toISOString().slice(0, 10);
const DAY_MS = 24 * 60 * 60 * 1000;

const pro = (organisationId: number | null, options: Parameters<typeof professional>[2] = {}): Promise<Pro> =>
  professional(t, organisationId, options);

interface World {
  school: number;
  health: number;
  familyCentre: number;
  socialCare: number;
  lead: Pro;
  familyId: number;
  reference: string;
  child: string;
  childId: number;
  consentId: number;
}

/**
 * A school, a health service, a family centre and social care; a designated lead of the school
 * opens a family with consent to share education and health with health and the family centre.
 */
async function world(
  options: { needs?: Array<{ outcome: string; summary: string }>; schoolId?: number; lead?: Pro } = {},
): Promise<World> {
  const schoolId = options.schoolId ?? (await school(t));
  const [health, familyCentre, socialCare] = await Promise.all([
    organisation(t, { kind: 'health' }),
    organisation(t, { kind: 'family-centre' }),
    organisation(t, { kind: 'social-care' }),
  ]);
  const lead = options.lead ?? (await pro(schoolId));
  const child = `Canary Child ${unique()} Larkspur`;
  const familyId = await t.services.families.open(lead, {
    organisationId: schoolId,
    teamRole: 'Designated safeguarding lead',
    people: [
      { role: 'child', name: child, bornOn: '2018-04-01' },
      { role: 'adult', name: `Parent ${unique()} Larkspur`, relationship: 'mother' },
    ],
    needs: options.needs ?? [{ outcome: 'be-healthy', summary: 'Missed health checks' }],
    consent: {
      givenBy: 1,
      purpose: 'Early help',
      information: ['education', 'health'],
      agencies: ['health', 'family-centre'],
      lawfulBasis: 'consent',
      fromOn: today(),
    },
  });
  const view = await t.services.families.read(lead, familyId);
  return {
    school: schoolId,
    health,
    familyCentre,
    socialCare,
    lead,
    familyId,
    reference: view.reference,
    child,
    childId: view.people.find((p) => p.role === 'child')!.id,
    consentId: view.consents[0]!.id,
  };
}

/** A new account at an organisation, added to the family's team by its lead. */
async function joined(w: World, organisationId: number, teamRole = 'Team member') {
  const p = await pro(organisationId);
  await t.services.families.addMember(w.lead, w.familyId, { email: p.email, organisationId, teamRole });
  return p;
}

/** The error a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}

const memberIdOf = async (familyId: number, userId: number) =>
  (
    await t.database.db
      .selectFrom('family_members')
      .select('id')
      .where('family_id', '=', familyId)
      .where('user_id', '=', userId)
      .where('left_on', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;

describe('opening a family and who may read it', () => {
  it('a designated lead of a school opens a family and becomes its lead professional', async () => {
    const w = await world();
    const view = await t.services.families.read(w.lead, w.familyId);
    expect(view.reference).toMatch(/^FAM-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(view.reference).not.toContain('Larkspur');
    expect(view.sight).toMatchObject({ as: 'member', isLead: true, everything: true });
    expect(view.members).toEqual([expect.objectContaining({ userId: w.lead.userId, isLead: true })]);
    expect(view.people.map((p) => p.name)).toContain(w.child);
    expect(view.consents).toEqual([
      expect.objectContaining({ inForce: true, agencies: ['health', 'family-centre'], withdrawnOn: null }),
    ]);
    expect(view.needs.map((n) => n.summary)).toEqual(['Missed health checks']);
  });

  it('records consent as given by the person chosen, even with a blank row before them', async () => {
    const schoolId = await school(t);
    const lead = await pro(schoolId);
    for (const [givenBy, name] of [
      [2, 'Bea Blankrow'],
      [1, 'Ada Blankrow'],
    ] as const) {
      const familyId = await t.services.families.open(lead, {
        organisationId: schoolId,
        teamRole: 'Designated safeguarding lead',
        people: [
          { role: 'adult', name: ' ' },
          { role: 'child', name: 'Ada Blankrow' },
          { role: 'adult', name: 'Bea Blankrow', relationship: 'mother' },
        ],
        needs: [],
        consent: {
          givenBy,
          purpose: 'Early help',
          information: ['health'],
          agencies: ['health'],
          lawfulBasis: 'consent',
          fromOn: today(),
        },
      });
      const view = await t.services.families.read(lead, familyId);
      expect(view.people.map((p) => p.name).sort()).toEqual(['Ada Blankrow', 'Bea Blankrow']);
      expect(view.consents[0]).toMatchObject({ givenBy: name });
    }
  });

  it('refuses an account without two-factor sign-in, a token, an administrator off the team and another organisation', async () => {
    const w = await world();
    const messages: string[] = [];

    const noTwoFactor = await pro(w.school, { totp: false });
    const a = await failure(t.services.families.read(noTwoFactor, w.familyId));
    expect(a).toMatchObject({ code: 'forbidden' });
    expect(a.message).toMatch(/two-factor/);
    // Not even the lead, once two-factor sign-in is off.
    await t.database.db.updateTable('users').set({ totp_secret: null }).where('id', '=', w.lead.userId).execute();
    const b = await failure(t.services.families.read(w.lead, w.familyId));
    expect(b).toMatchObject({ code: 'forbidden' });
    await t.database.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP' })
      .where('id', '=', w.lead.userId)
      .execute();
    messages.push(a.message, b.message);

    for (const via of ['read-token', 'write-token', 'cli'] as const) {
      const e = await failure(t.services.families.read({ ...w.lead, via }, w.familyId));
      expect(e).toMatchObject({ code: 'forbidden' });
      messages.push(e.message);
    }
    const anonymous = await failure(t.services.families.read(undefined, w.familyId));
    expect(anonymous.code).toBe('unauthenticated');
    const zero = await failure(t.services.families.read({ ...ADMIN, via: 'session' }, w.familyId));
    expect(zero.code).toBe('forbidden');

    const admin = await pro(null, { isAdmin: true });
    const other = await pro(await school(t));
    for (const who of [admin, other]) {
      const e = await failure(t.services.families.read(who, w.familyId));
      expect(e).toMatchObject({ code: 'not_found' });
      messages.push(e.message);
      // The same answer as for a family that does not exist.
      const missing = await failure(t.services.families.read(who, w.familyId + 100000));
      expect(missing.code).toBe('not_found');
      const note = await failure(
        t.services.families.addNote(who, w.familyId, { information: 'health', sensitivity: 'standard', body: 'x' }),
      );
      expect(note.code).toBe('not_found');
      messages.push(note.message);
    }
    // The access report is for the lead (and the data protection lead, or administrators where there is none).
    const report = await failure(t.services.families.accessReport(other, w.familyId));
    expect(report.code).toBe('not_found');
    messages.push(report.message);
    for (const m of messages) {
      expect(m).not.toContain(w.child);
      expect(m).not.toContain('Larkspur');
    }
    // The lead still reads it.
    await expect(t.services.families.read(w.lead, w.familyId)).resolves.toMatchObject({ id: w.familyId });
  });

  it('adds a health visitor, whom consent covers, and refuses social care, whom it does not', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const view = await t.services.families.read(visitor, w.familyId);
    expect(view.sight).toMatchObject({ as: 'member', isLead: false, everything: false, organisationId: w.health });
    expect(view.sight.information.sort()).toEqual(['education', 'health', 'identity']);
    expect(view.people.map((p) => p.name)).toContain(w.child);

    const worker = await pro(w.socialCare);
    const e = await failure(
      t.services.families.addMember(w.lead, w.familyId, {
        email: worker.email,
        organisationId: w.socialCare,
        teamRole: 'Social worker',
      }),
    );
    expect(e).toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'organisationId' })] });
    await expect(t.services.families.read(worker, w.familyId)).rejects.toMatchObject({ code: 'not_found' });

    // Only the lead adds people; an address that is not of that organisation is refused.
    const other = await pro(w.health);
    await expect(
      t.services.families.addMember(visitor, w.familyId, {
        email: other.email,
        organisationId: w.health,
        teamRole: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      t.services.families.addMember(w.lead, w.familyId, {
        email: other.email,
        organisationId: w.familyCentre,
        teamRole: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'email' })] });
  });

  it('a member who leaves loses access at once, and one taken off by the lead too', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const worker = await joined(w, w.familyCentre, 'Family support');
    await t.services.families.read(visitor, w.familyId);
    await t.services.families.leave(visitor, w.familyId, await memberIdOf(w.familyId, visitor.userId));
    await expect(t.services.families.read(visitor, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      t.services.families.addNote(visitor, w.familyId, { information: 'health', sensitivity: 'standard', body: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });

    const workerMember = await memberIdOf(w.familyId, worker.userId);
    await t.services.families.leave(w.lead, w.familyId, workerMember);
    await expect(t.services.families.read(worker, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    const view = await t.services.families.read(w.lead, w.familyId);
    expect(view.members.filter((m) => m.leftOn === null).map((m) => m.userId)).toEqual([w.lead.userId]);
    // The lead cannot leave without handing over.
    await expect(
      t.services.families.leave(w.lead, w.familyId, await memberIdOf(w.familyId, w.lead.userId)),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('consent and what it covers', () => {
  it('a withdrawn consent stops the share it covered, at once', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const SCHOOL_NOTE = `School health note ${unique()}`;
    const OWN_NOTE = `Health visitor's own note ${unique()}`;
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: SCHOOL_NOTE,
    });
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'safety',
      sensitivity: 'standard',
      body: 'School safety note',
    });
    await t.services.families.addNote(visitor, w.familyId, {
      information: 'safety',
      sensitivity: 'standard',
      body: OWN_NOTE,
    });

    const before = await t.services.families.read(visitor, w.familyId);
    expect(before.notes.map((n) => n.body).sort()).toEqual([OWN_NOTE, SCHOOL_NOTE].sort());
    expect(before.notesWithheld).toBe(1);

    await t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId);

    const after = await t.services.families.read(visitor, w.familyId);
    expect(after.notes.map((n) => n.body)).toEqual([OWN_NOTE]);
    expect(after.notesWithheld).toBe(2);
    expect(after.identityShown).toBe(false);
    expect(after.people).toEqual([]);
    expect(after.consents[0]).toMatchObject({ inForce: false, withdrawnOn: today() });
    expect(JSON.stringify(after)).not.toContain(w.child);
    expect(JSON.stringify(after)).not.toContain(SCHOOL_NOTE);

    // No new share with health: no referral, no new member.
    const health2 = await organisation(t, { kind: 'health' });
    const refused = await failure(
      t.services.families.refer(w.lead, w.familyId, {
        toOrganisationId: health2,
        outcome: 'be-healthy',
        message: 'Please see the child',
      }),
    );
    expect(refused).toMatchObject({
      code: 'validation',
      details: [expect.objectContaining({ field: 'toOrganisationId' })],
    });
    const another = await pro(w.health);
    await expect(
      t.services.families.addMember(w.lead, w.familyId, {
        email: another.email,
        organisationId: w.health,
        teamRole: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    // The school (the opening agency) still reads everything.
    const lead = await t.services.families.read(w.lead, w.familyId);
    expect(lead.notes.map((n) => n.body)).toContain(SCHOOL_NOTE);
    expect(lead.notesWithheld).toBe(0);
    // Withdrawn once only.
    await expect(t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('referrals, the package of services and the team follow consent too; each agency keeps its own', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const worker = await joined(w, w.familyCentre, 'Family support');
    const [otherCentre, otherHealth] = await Promise.all([
      organisation(t, { kind: 'family-centre' }),
      organisation(t, { kind: 'health' }),
    ]);
    const HEALTH_SERVICE = `Health service ${unique()}`;
    const CENTRE_SERVICE = `Family centre service ${unique()}`;
    const MONEY_REFERRAL = `Money referral ${unique()}`;
    const DECLINED_BECAUSE = `Declined because ${unique()}`;
    const HEALTH_REFERRAL = `Health referral ${unique()}`;
    const dueOn = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
    await t.services.families.addService(w.lead, w.familyId, { organisationId: w.health, what: HEALTH_SERVICE, dueOn });
    await t.services.families.addService(w.lead, w.familyId, {
      organisationId: w.familyCentre,
      what: CENTRE_SERVICE,
      dueOn,
    });
    // Money and home are family life, which the consent does not share with health.
    const money = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: otherCentre,
      outcome: 'economic-well-being',
      message: MONEY_REFERRAL,
    });
    await t.services.families.answerReferral(await pro(otherCentre), money, {
      answer: 'decline',
      reason: DECLINED_BECAUSE,
    });
    await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: otherHealth,
      outcome: 'be-healthy',
      message: HEALTH_REFERRAL,
    });

    const before = await t.services.families.read(visitor, w.familyId);
    expect(before.members.map((m) => m.userId).sort()).toEqual([w.lead.userId, visitor.userId].sort());
    expect(before.membersWithheld).toBe(1);
    expect(before.services.map((s) => s.what)).toEqual([HEALTH_SERVICE]);
    expect(before.servicesWithheld).toBe(1);
    expect(before.referrals.map((r) => r.message)).toEqual([HEALTH_REFERRAL]);
    expect(before.referralsWithheld).toBe(1);
    for (const hidden of [CENTRE_SERVICE, MONEY_REFERRAL, DECLINED_BECAUSE, worker.name])
      expect(JSON.stringify(before)).not.toContain(hidden);
    // Health is shared with the family centre: it sees health's place and service, as well as its own.
    const centre = await t.services.families.read(worker, w.familyId);
    expect(centre.members).toHaveLength(3);
    expect(centre.services.map((s) => s.what).sort()).toEqual([CENTRE_SERVICE, HEALTH_SERVICE].sort());
    expect(centre.referrals.map((r) => r.message)).toEqual([HEALTH_REFERRAL]);
    // No one marks done a service they cannot read.
    const [healthService, centreService] = [HEALTH_SERVICE, CENTRE_SERVICE].map(
      (what) => centre.services.find((s) => s.what === what)!.id,
    );
    await expect(t.services.families.serviceDone(visitor, w.familyId, centreService!)).rejects.toMatchObject({
      code: 'not_found',
    });

    await t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId);
    const after = await t.services.families.read(visitor, w.familyId);
    expect(after.members.map((m) => m.userId).sort()).toEqual([w.lead.userId, visitor.userId].sort());
    expect(after.services.map((s) => s.what)).toEqual([HEALTH_SERVICE]);
    expect(after.referrals).toEqual([]);
    expect(after.referralsWithheld).toBe(2);
    for (const hidden of [CENTRE_SERVICE, MONEY_REFERRAL, DECLINED_BECAUSE, HEALTH_REFERRAL, worker.name, w.child])
      expect(JSON.stringify(after)).not.toContain(hidden);
    // Its own service it may still mark done.
    await t.services.families.serviceDone(visitor, w.familyId, healthService!);

    // The lead professional reads every part.
    const lead = await t.services.families.read(w.lead, w.familyId);
    expect(lead.members).toHaveLength(3);
    expect(lead.services.map((s) => s.what).sort()).toEqual([CENTRE_SERVICE, HEALTH_SERVICE].sort());
    expect(lead.referrals.map((r) => r.declineReason)).toContain(DECLINED_BECAUSE);
    expect(lead.membersWithheld + lead.servicesWithheld + lead.referralsWithheld).toBe(0);
  });

  it('a withdrawal is refused, at its date, before the consent began or in the future; a past one stops the share from then', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: 'n',
    });
    const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
    const fromOn = day(-10);
    await t.database.db.updateTable('family_consents').set({ from_on: fromOn }).where('id', '=', w.consentId).execute();
    for (const [on, message] of [
      [day(1), 'The date it was withdrawn must be today or in the past'],
      [day(365), 'The date it was withdrawn must be today or in the past'],
      [day(-11), 'The date it was withdrawn must be on or after the date the consent began'],
      ['2026-02-30', 'Enter the date the consent was withdrawn as a real date'],
      ['not a date', 'Enter the date the consent was withdrawn as a real date'],
    ] as const) {
      const e = await failure(t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId, on));
      expect(e, on).toMatchObject({ code: 'validation', details: [{ field: 'withdrawnOn', message }] });
    }
    // Refused, nothing changed: the share holds.
    expect((await t.services.families.read(visitor, w.familyId)).notes).toHaveLength(1);
    expect((await t.services.families.read(w.lead, w.familyId)).consents[0]).toMatchObject({ withdrawnOn: null });

    await t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId, fromOn);
    expect((await t.services.families.read(w.lead, w.familyId)).consents[0]).toMatchObject({
      withdrawnOn: fromOn,
      inForce: false,
    });
    expect((await t.services.families.read(visitor, w.familyId)).notes).toHaveLength(0);
  });

  it('a consent not yet begun, withdrawn, never comes into force', async () => {
    const w = await world();
    const nextWeek = new Date(Date.now() + 7 * DAY_MS).toISOString().slice(0, 10);
    const later = await t.services.families.recordConsent(w.lead, w.familyId, {
      givenBy: w.childId,
      purpose: 'Support from the family centre',
      information: ['family-life'],
      agencies: ['family-centre'],
      lawfulBasis: 'consent',
      fromOn: nextWeek,
    });
    await t.services.families.withdrawConsent(w.lead, w.familyId, later);
    const consent = (await t.services.families.read(w.lead, w.familyId)).consents.find((c) => c.id === later);
    expect(consent).toMatchObject({ withdrawnOn: nextWeek, inForce: false });
  });

  it('sensitive notes are read only by the agency that wrote them and the lead', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const colleague = await joined(w, w.health, 'Health visitor (cover)');
    const worker = await joined(w, w.familyCentre, 'Family support');
    const teacher = await joined(w, w.school, 'Class teacher');
    const HEALTH_SECRET = `Health sensitive ${unique()}`;
    const SCHOOL_SECRET = `School sensitive ${unique()}`;
    await t.services.families.addNote(visitor, w.familyId, {
      information: 'health',
      sensitivity: 'sensitive',
      body: HEALTH_SECRET,
    });
    await t.services.families.addNote(teacher, w.familyId, {
      information: 'education',
      sensitivity: 'sensitive',
      body: SCHOOL_SECRET,
    });
    const seen = async (who: Pro) => (await t.services.families.read(who, w.familyId)).notes.map((n) => n.body).sort();
    expect(await seen(w.lead)).toEqual([HEALTH_SECRET, SCHOOL_SECRET].sort());
    expect(await seen(visitor)).toEqual([HEALTH_SECRET]);
    expect(await seen(colleague)).toEqual([HEALTH_SECRET]);
    expect(await seen(worker)).toEqual([]);
    // The opening agency sees every standard note, but not another agency's sensitive one.
    expect(await seen(teacher)).toEqual([SCHOOL_SECRET]);
  });
});

describe('the audit of reads', () => {
  it('every read is in the audit, with its reader; the access report is for the lead', async () => {
    const w = await world();
    const visitor = await joined(w, w.health, 'Health visitor');
    const worker = await joined(w, w.familyCentre, 'Family support');
    const readsOf = () =>
      t.database.db
        .selectFrom('audit_log')
        .select(['user_id', 'detail'])
        .where('entity', '=', 'family')
        .where('action', '=', 'read')
        .where('entity_id', '=', String(w.familyId))
        .orderBy('id')
        .execute();
    const start = (await readsOf()).length;
    const readers = [visitor, worker, w.lead, visitor];
    for (const r of readers) await t.services.families.read(r, w.familyId);
    const rows = (await readsOf()).slice(start);
    expect(rows.map((r) => r.user_id)).toEqual(readers.map((r) => r.userId));
    expect(rows.map((r) => (r.detail as { why: string }).why)).toEqual([
      'team member',
      'team member',
      'lead professional',
      'team member',
    ]);
    // A read refused is not a read.
    const outsider = await pro(w.health);
    await t.services.families.read(outsider, w.familyId).catch(() => undefined);
    expect((await readsOf()).length).toBe(start + readers.length);

    const report = await t.services.families.accessReport(w.lead, w.familyId);
    expect(report.reference).toBe(w.reference);
    const reads = report.entries.filter((e) => e.action === 'read' && e.entity === 'family');
    expect(reads).toHaveLength(start + readers.length);
    expect(new Set(reads.map((e) => e.userId))).toEqual(new Set([w.lead.userId, visitor.userId, worker.userId]));
    await expect(t.services.families.accessReport(visitor, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('referrals', () => {
  it('a family centre receives a referral, accepts it and joins the team; the days are counted', async () => {
    const w = await world();
    const worker = await pro(w.familyCentre);
    const id = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: w.familyCentre,
      outcome: 'be-healthy',
      message: 'Please offer the parenting group',
      answerWithinDays: 10,
    });
    const incoming = await t.services.families.incoming(worker);
    expect(incoming).toEqual([
      expect.objectContaining({ id, status: 'sent', message: 'Please offer the parenting group', toAnswer: null }),
    ]);
    expect(JSON.stringify(incoming)).not.toContain(w.child);
    // Someone of another agency does not see it.
    const elsewhere = await pro(await organisation(t, { kind: 'family-centre' }));
    expect(await t.services.families.incoming(elsewhere)).toEqual([]);
    await expect(t.services.families.referral(elsewhere, id)).rejects.toMatchObject({ code: 'not_found' });
    // Not on the team yet.
    await expect(t.services.families.read(worker, w.familyId)).rejects.toMatchObject({ code: 'not_found' });

    await t.database.db
      .updateTable('family_referrals')
      .set({ sent_at: new Date(Date.now() - 3 * DAY_MS - 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await t.services.families.referral(worker, id)).toMatchObject({ status: 'received', toReceive: 3 });
    await expect(
      t.services.families.answerReferral(worker, id, { answer: 'accept', teamRole: ' ' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await t.services.families.answerReferral(worker, id, { answer: 'accept', teamRole: 'Family support worker' });
    const view = await t.services.families.read(worker, w.familyId);
    expect(view.members).toContainEqual(
      expect.objectContaining({
        userId: worker.userId,
        organisationId: w.familyCentre,
        teamRole: 'Family support worker',
      }),
    );
    expect(view.referrals.find((r) => r.id === id)).toMatchObject({ status: 'accepted', toAnswer: 3 });
    await expect(
      t.services.families.answerReferral(worker, id, { answer: 'decline', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await t.services.families.answerReferral(worker, id, { answer: 'complete' });
    expect((await t.services.families.read(w.lead, w.familyId)).referrals[0]).toMatchObject({ status: 'completed' });
  });

  it('a decline needs a reason, and leaves the family to its team', async () => {
    const w = await world();
    const visitor = await pro(w.health);
    const id = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: w.health,
      outcome: 'be-healthy',
      message: 'Health check',
    });
    await expect(t.services.families.answerReferral(visitor, id, { answer: 'decline' })).rejects.toMatchObject({
      code: 'validation',
      details: [expect.objectContaining({ field: 'reason' })],
    });
    await t.services.families.answerReferral(visitor, id, { answer: 'decline', reason: 'Not our area' });
    const [r] = (await t.services.families.read(w.lead, w.familyId)).referrals;
    expect(r).toMatchObject({ status: 'declined', declineReason: 'Not our area', toAnswer: 0 });
    await expect(t.services.families.read(visitor, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    // Referring to social care, whom no consent covers, is refused.
    await expect(
      t.services.families.refer(w.lead, w.familyId, {
        toOrganisationId: w.socialCare,
        outcome: 'stay-safe',
        message: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'toOrganisationId' })] });
  });

  it('a referral accepted after the consent covering it was withdrawn does not bring the agency onto the team', async () => {
    const w = await world();
    const worker = await pro(w.familyCentre);
    const id = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: w.familyCentre,
      outcome: 'be-healthy',
      message: 'Please offer the parenting group',
    });
    await t.services.families.withdrawConsent(w.lead, w.familyId, w.consentId);
    await expect(
      t.services.families.answerReferral(worker, id, { answer: 'accept', teamRole: 'Family support worker' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.services.families.read(worker, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    // Declining stays possible.
    await t.services.families.answerReferral(worker, id, { answer: 'decline', reason: 'Consent was withdrawn' });
  });

  it('an overdue referral is flagged to the lead once', async () => {
    const w = await world();
    const id = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: w.health,
      outcome: 'be-healthy',
      message: 'Health check',
      answerWithinDays: 10,
    });
    const late = await t.services.families.refer(w.lead, w.familyId, {
      toOrganisationId: w.familyCentre,
      outcome: 'be-healthy',
      message: 'Group',
      answerWithinDays: 14,
    });
    const sentAt = new Date(Date.now() - 12 * DAY_MS);
    await t.database.db
      .updateTable('family_referrals')
      .set({ sent_at: sentAt })
      .where('id', 'in', [id, late])
      .execute();
    const overdue = (await t.services.families.overdueReferrals()).filter((r) => r.familyId === w.familyId);
    expect(overdue).toEqual([
      expect.objectContaining({ id, familyId: w.familyId, reference: w.reference, leadId: w.lead.userId }),
    ]);
    await t.services.families.markFlagged([id]);
    expect((await t.services.families.overdueReferrals()).filter((r) => r.familyId === w.familyId)).toEqual([]);
  });
});

describe('break-glass', () => {
  it('opens a time-limited view with a reason, the same refusal for every wrong reference, and a review', async () => {
    const w = await world();
    const admin = await pro(null, { isAdmin: true });
    await expect(t.services.families.read(admin, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      t.services.families.breakGlass(admin, { reference: w.reference, reason: 'urgent' }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'reason' })] });
    const REASON = 'Police at the door asking about the child tonight';
    const wrong = await failure(t.services.families.breakGlass(admin, { reference: 'FAM-2222-2222', reason: REASON }));
    const unrelated = await pro(await school(t), { role: 'leader' });
    const notYours = await failure(
      t.services.families.breakGlass(unrelated, { reference: w.reference, reason: REASON }),
    );
    expect(wrong.code).toBe('validation');
    expect(notYours).toEqual(wrong);
    expect(notYours.message).toBe(wrong.message);

    const opened = await t.services.families.breakGlass(admin, {
      reference: w.reference.toLowerCase(),
      reason: REASON,
    });
    expect(opened.familyId).toBe(w.familyId);
    const view = await t.services.families.read(admin, w.familyId);
    expect(view.sight).toMatchObject({ as: 'break-glass', everything: true });
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('entity', '=', 'family')
      .where('action', '=', 'read')
      .where('entity_id', '=', String(w.familyId))
      .where('user_id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ why: 'break-glass' });
    // A break-glass view reads; it does not change.
    await expect(
      t.services.families.addNote(admin, w.familyId, { information: 'health', sensitivity: 'standard', body: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    await t.database.db
      .updateTable('family_break_glass')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('family_id', '=', w.familyId)
      .execute();
    await expect(t.services.families.read(admin, w.familyId)).rejects.toMatchObject({ code: 'not_found' });

    const dpl = await pro(w.school);
    const head = await pro(w.school, { role: 'leader' });
    await t.services.families.saveSettings(head, w.school, { dataProtectionLeadEmail: dpl.email, retentionYears: 6 });
    const queue = await t.services.families.reviews(dpl);
    const item = queue.items.find((i) => i.kind === 'break-glass' && i.familyId === w.familyId)!;
    expect(item).toMatchObject({ reason: REASON, who: admin.name, reviewedAt: null });
    expect(queue.waiting).toBeGreaterThanOrEqual(1);
    // Someone who is not the data protection lead has no queue.
    await expect(t.services.families.reviews(w.lead)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      t.services.families.review(w.lead, 'break-glass', item.id, { outcome: 'justified' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      t.services.families.review(dpl, 'break-glass', item.id, { outcome: 'not-justified' }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'note' })] });
    await t.services.families.review(dpl, 'break-glass', item.id, { outcome: 'justified' });
    const reviewed = (await t.services.families.reviews(dpl)).items.find(
      (i) => i.id === item.id && i.kind === 'break-glass',
    );
    expect(reviewed).toMatchObject({ outcome: 'justified' });
    expect(reviewed!.reviewedAt).not.toBeNull();
    await expect(
      t.services.families.review(dpl, 'break-glass', item.id, { outcome: 'justified' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('a leader of the opening agency, off the team, may open a view too', async () => {
    const w = await world();
    const leader = await pro(w.school, { role: 'leader' });
    await expect(t.services.families.read(leader, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    await t.services.families.breakGlass(leader, {
      reference: w.reference,
      reason: 'The lead is away and police called',
    });
    await expect(t.services.families.read(leader, w.familyId)).resolves.toMatchObject({ sight: { as: 'break-glass' } });
  });
});

describe('sharing without consent', () => {
  it('is for named safeguarding leads only; it lets social care join, and goes to the review queue', async () => {
    const w = await world();
    const REASON = 'Risk of significant harm: strategy meeting today';
    const input = { agency: 'social-care', information: ['safety', 'family-life'], reason: REASON };
    await expect(t.services.families.shareWithoutConsent(w.lead, w.familyId, input)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const head = await pro(w.school, { role: 'leader' });
    const dpl = await pro(w.school);
    await t.services.families.saveSettings(head, w.school, {
      dataProtectionLeadEmail: dpl.email,
      safeguardingLeadEmails: [w.lead.email],
      retentionYears: 6,
    });
    await expect(
      t.services.families.shareWithoutConsent(w.lead, w.familyId, { ...input, reason: 'short' }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ field: 'reason' })] });
    const worker = await pro(w.socialCare);
    await expect(
      t.services.families.addMember(w.lead, w.familyId, {
        email: worker.email,
        organisationId: w.socialCare,
        teamRole: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation' });

    const overrideId = await t.services.families.shareWithoutConsent(w.lead, w.familyId, input);
    await t.services.families.addMember(w.lead, w.familyId, {
      email: worker.email,
      organisationId: w.socialCare,
      teamRole: 'Social worker',
    });
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'safety',
      sensitivity: 'standard',
      body: 'S',
    });
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: 'H',
    });
    const view = await t.services.families.read(worker, w.familyId);
    expect(view.sight.information.sort()).toEqual(['family-life', 'identity', 'safety']);
    expect(view.notes.map((n) => n.body)).toEqual(['S']);
    const item = (await t.services.families.reviews(dpl)).items.find(
      (i) => i.kind === 'override' && i.id === overrideId,
    );
    expect(item).toMatchObject({ familyId: w.familyId, reason: REASON, agency: 'social-care', reviewedAt: null });
    await t.services.families.review(dpl, 'override', overrideId, { outcome: 'justified' });

    // A member of staff named as nothing cannot share, even on the team.
    const teacher = await joined(w, w.school, 'Teacher');
    await expect(t.services.families.shareWithoutConsent(teacher, w.familyId, input)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('an agency’s settings for family records', () => {
  it('are read and changed only by its leaders and administrators, in a browser session with two-factor sign-in', async () => {
    const w = await world();
    const head = await pro(w.school, { role: 'leader' });
    const rogue = await pro(w.school);
    const saved = () => t.services.families.settings(head, w.school);
    const attempt = { dataProtectionLeadEmail: rogue.email, safeguardingLeadEmails: [rogue.email], retentionYears: 1 };
    const refusals: Array<[string, Actor | undefined]> = [
      ['a leader with a write token', { ...head, via: 'write-token' }],
      ['a leader with a read token', { ...head, via: 'read-token' }],
      ['a leader from the command line', { ...head, via: 'cli' }],
      ['a leader without two-factor sign-in', await pro(w.school, { role: 'leader', totp: false })],
      ['a member who is not a leader', rogue],
      ['a leader of another agency', await pro(w.health, { role: 'leader' })],
      ['an administrator with a token', { ...(await pro(null, { isAdmin: true })), via: 'write-token' }],
      ['the command line', ADMIN],
      ['no one', undefined],
    ];
    for (const [who, actor] of refusals) {
      const read = await failure(t.services.families.settings(actor, w.school));
      const write = await failure(t.services.families.saveSettings(actor, w.school, attempt));
      expect([read.code, write.code], who).toEqual(
        actor ? ['forbidden', 'forbidden'] : ['unauthenticated', 'unauthenticated'],
      );
    }
    expect(await saved()).toMatchObject({ dataProtectionLeadId: null, safeguardingLeadIds: [], retentionYears: 6 });
    // Not made the data protection lead, the member has no queue of break-glass views to read.
    await expect(t.services.families.reviews(rogue)).rejects.toMatchObject({ code: 'forbidden' });

    await t.services.families.saveSettings(head, w.school, { dataProtectionLeadEmail: head.email, retentionYears: 7 });
    expect(await saved()).toMatchObject({ dataProtectionLeadId: head.userId, retentionYears: 7 });
    const admin = await pro(null, { isAdmin: true });
    await t.services.families.saveSettings(admin, w.school, { retentionYears: 8 });
    expect(await t.services.families.settings(admin, w.school)).toMatchObject({ retentionYears: 8 });
  });

  it('leave the de-identified figures to anyone signed in, with a token too', async () => {
    const someone = await pro(null, { totp: false });
    for (const via of ['session', 'read-token', 'write-token'] as const)
      await expect(t.services.families.figures({ ...someone, via })).resolves.toMatchObject({ min: 5 });
    await expect(t.services.families.figures(undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(t.services.families.organisationNames(undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('retention and erasure', () => {
  it('closing sets the day of erasure; erasure leaves counts only, audited', async () => {
    const schoolId = await school(t);
    const lead = await pro(schoolId);
    const families: World[] = [];
    for (let i = 0; i < 5; i++) families.push(await world({ schoolId, lead }));
    const w = families[0]!;
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: 'n',
    });
    await t.services.families.close(w.lead, w.familyId);
    const row = await t.database.db
      .selectFrom('families')
      .select(['status', 'closed_on', 'erase_on'])
      .where('id', '=', w.familyId)
      .executeTakeFirstOrThrow();
    const year = Number(today().slice(0, 4));
    expect(row).toEqual({ status: 'closed', closed_on: today(), erase_on: `${year + 6}${today().slice(4)}` });
    await expect(t.services.families.close(w.lead, w.familyId)).rejects.toMatchObject({ code: 'conflict' });

    // An agency's own retention.
    const head = await pro(schoolId, { role: 'leader' });
    await t.services.families.saveSettings(head, schoolId, { retentionYears: 2 });
    await t.services.families.close(lead, families[1]!.familyId);
    const second = await t.database.db
      .selectFrom('families')
      .select('erase_on')
      .where('id', '=', families[1]!.familyId)
      .executeTakeFirstOrThrow();
    expect(second.erase_on).toBe(`${year + 2}${today().slice(4)}`);

    const byAgency = async () =>
      (await t.services.families.figures(lead)).byAgency.find((a) => a.organisationId === schoolId)?.families;
    expect(await byAgency()).toBe(5);
    const erasedBefore = (await t.database.db.selectFrom('family_erased').select('id').execute()).length;
    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    await t.database.db.updateTable('families').set({ erase_on: yesterday }).where('id', '=', w.familyId).execute();
    expect(await t.services.families.eraseDue()).toBe(1);

    for (const table of ['family_people', 'family_notes', 'family_needs', 'family_members', 'family_consents'] as const)
      expect(await t.database.db.selectFrom(table).select('id').where('family_id', '=', w.familyId).execute()).toEqual(
        [],
      );
    expect(await t.database.db.selectFrom('families').select('id').where('id', '=', w.familyId).execute()).toEqual([]);
    const erased = await t.database.db.selectFrom('family_erased').selectAll().execute();
    expect(erased.length).toBe(erasedBefore + 1);
    expect(JSON.stringify(erased)).not.toContain(w.child);
    expect(JSON.stringify(erased)).not.toContain(w.reference);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'family')
      .where('action', '=', 'erase')
      .where('entity_id', '=', String(w.familyId))
      .execute();
    expect(audit).toHaveLength(1);
    await expect(t.services.families.read(lead, w.familyId)).rejects.toMatchObject({ code: 'not_found' });
    // Still counted: five families, one of them erased.
    expect(await byAgency()).toBe(5);
    // Nothing else was due.
    expect(await t.services.families.eraseDue()).toBe(0);
  });
});

describe('the figures that leave the team', () => {
  it('withhold counts below five, and name no family', async () => {
    const stayingSafe = async () =>
      (await t.services.families.figures(ADMIN)).byOutcome.find((o) => o.outcome === 'stay-safe')!.families;
    // Only this test opens families with needs of staying safe.
    const made: World[] = [];
    const needs = [{ outcome: 'stay-safe', summary: 'Worries about safety at home' }];
    for (let i = 0; i < 4; i++) made.push(await world({ needs }));
    expect(await stayingSafe()).toBeNull();
    // Each of these schools has one family: none is listed, not even as "fewer than five".
    const listed = (await t.services.families.figures(ADMIN)).byAgency.map((a) => a.organisationId);
    for (const w of made) expect(listed).not.toContain(w.school);
    made.push(await world({ needs }));
    expect(await stayingSafe()).toBe(5);
    const figures = JSON.stringify(await t.services.families.figures(made[0]!.lead));
    for (const w of made) {
      expect(figures).not.toContain(w.reference);
      expect(figures).not.toContain(w.child);
    }
    expect(figures).not.toContain('Larkspur');
    expect(figures).not.toContain('Worries');
    await expect(t.services.families.figures(undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('the figures that leave the team, against subtraction', () => {
  it('leave out every agency and pair below five, and withhold a total that would count them by subtraction', async () => {
    const shared = t;
    // A database of its own: the total counts every family in it.
    t = await createTestApp();
    try {
      const [a, b] = [await school(t), await school(t)];
      const [leadA, leadB] = [await pro(a), await pro(b)];
      for (let i = 0; i < 5; i++) await world({ schoolId: a, lead: leadA });
      for (let i = 0; i < 2; i++) await world({ schoolId: b, lead: leadB });
      const reader = await pro(null, { totp: false });
      const { token } = await t.services.accounts.createTokenForEmail(reader.email, 'figures', 'read');
      const figures = async () => {
        const response = await t.app.inject({
          method: 'GET',
          url: '/api/v1/families/figures',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.statusCode).toBe(200);
        return response.json() as Awaited<ReturnType<typeof t.services.families.figures>>;
      };
      // School B's two families are not listed; seven less five would count them, so no total.
      const seven = await figures();
      expect(seven.byAgency).toEqual([{ organisationId: a, families: 5 }]);
      expect(seven.families).toBeNull();
      expect(seven.network).toEqual([]);
      expect(JSON.stringify(seven)).not.toContain(`"organisationId":${b}`);
      // Three more at B: both listed, and the total is given.
      for (let i = 0; i < 3; i++) await world({ schoolId: b, lead: leadB });
      const ten = await figures();
      expect(ten.families).toBe(10);
      expect(ten.byAgency.map((r) => r.organisationId).sort()).toEqual([a, b].sort());
      for (const row of [...ten.byAgency, ...ten.network]) expect(row.families).toBeGreaterThanOrEqual(5);
    } finally {
      await t.close();
      t = shared;
    }
  });
});

describe('encryption at rest', () => {
  it('a note is sealed in the database and in a backup', async () => {
    const w = await world();
    const CANARY = `Canary note ${unique()} about the bruise`;
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: CANARY,
    });
    const rows = await t.database.db
      .selectFrom('family_notes')
      .selectAll()
      .where('family_id', '=', w.familyId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toMatch(/^s1:/);
    expect(JSON.stringify(rows)).not.toContain('Canary');
    expect(JSON.stringify(rows)).not.toContain('bruise');
    expect((await t.services.families.read(w.lead, w.familyId)).notes[0]!.body).toBe(CANARY);

    if (t.database.url) return; // pg_dump's archive is compressed: the rows above are what a dump holds.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'families-')), 'backup.tar.gz');
    try {
      await t.database.backup(file);
      const raw = zlib.gunzipSync(fs.readFileSync(file));
      // The check can see text: the child's name is stored as it is.
      expect(raw.includes(Buffer.from(w.child))).toBe(true);
      expect(raw.includes(Buffer.from(CANARY))).toBe(false);
      expect(raw.includes(Buffer.from('about the bruise'))).toBe(false);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('rotating the key seals everything again with the new one', async () => {
    const w = await world();
    const CANARY = `Canary rotated ${unique()}`;
    await t.services.families.addNote(w.lead, w.familyId, {
      information: 'health',
      sensitivity: 'standard',
      body: CANARY,
    });
    const NEW = newFamilyKey();
    const rotating = createServices(t.database.db, { familyKey: NEW, familyKeyPrevious: DEVELOPMENT_FAMILY_KEY });
    try {
      await expect(rotating.families.rotateKey(w.lead)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await rotating.families.rotateKey(ADMIN)).toBeGreaterThan(0);
      const fresh = createServices(t.database.db, { familyKey: NEW });
      expect((await fresh.families.read(w.lead, w.familyId)).notes.map((n) => n.body)).toEqual([CANARY]);
      expect(await rotating.families.rotateKey(ADMIN)).toBe(0);
      const old = createServices(t.database.db, { familyKey: DEVELOPMENT_FAMILY_KEY });
      await expect(old.families.read(w.lead, w.familyId)).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringMatching(/SYSLEAD_FAMILY_KEY_PREVIOUS/),
      });
    } finally {
      // The rest of this file's tests read with the development key.
      await createServices(t.database.db, {
        familyKey: DEVELOPMENT_FAMILY_KEY,
        familyKeyPrevious: NEW,
      }).families.rotateKey(ADMIN);
    }
    expect((await t.services.families.read(w.lead, w.familyId)).notes.map((n) => n.body)).toEqual([CANARY]);
  });
});
