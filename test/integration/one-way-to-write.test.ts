/**
 * One way to write: a change and its audit entry commit together or not at all. The database is
 * made to refuse the audit entry of one action at a time (a trigger on the audit trail), and the
 * change that entry describes must then not have happened — on paths that once wrote first and
 * audited afterwards, outside any transaction. Runs on both databases; on the embedded one (one
 * connection) a path that queried outside its transaction would hang here instead of passing.
 */
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, createUser, type TestApp } from '../test-app.js';

let t: TestApp;
const ids = { school: 0, partner: 0, engagement: 0 };

/** Makes the database refuse every audit entry of this action, as a full disk or a broken constraint would. */
async function refuseAuditOf(action: string) {
  await sql`insert into test_refused_audit_actions (action) values (${action})`.execute(t.database.db);
}

async function count(query: RawBuilder<{ n: number }>): Promise<number> {
  return Number((await query.execute(t.database.db)).rows[0]!.n);
}

const entries = (action: string) =>
  count(sql<{ n: number }>`select count(*) as n from audit_log where action = ${action}`);

beforeAll(async () => {
  t = await createTestApp();
  await sql`create table test_refused_audit_actions (action text primary key)`.execute(t.database.db);
  await sql`
    create function test_refuse_audit() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from test_refused_audit_actions where action = new.action) then
        raise exception 'the audit trail refused % (test)', new.action;
      end if;
      return new;
    end $$`.execute(t.database.db);
  await sql`create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit()`.execute(
    t.database.db,
  );
  const l = t.services.landscape;
  ids.school = (await l.createOrganisation(ADMIN, { kind: 'school', name: 'Atomic Primary', urn: 993301 })).id;
  ids.partner = (await l.createOrganisation(ADMIN, { kind: 'school', name: 'Partner Primary', urn: 993302 })).id;
  ids.engagement = await t.services.engagements.openDirect(
    ADMIN,
    { supportedId: ids.school, supportingId: ids.partner },
    { type: 'mentoring', aims: 'Atomic writes', accountableTo: 'Board', measures: [] },
  );
});
beforeEach(async () => {
  await sql`delete from test_refused_audit_actions`.execute(t.database.db);
});
afterAll(async () => t?.close());

describe('a write and its audit entry', () => {
  it('adds an engagement action, completes it and closes the engagement only with their entries', async () => {
    const engagements = t.services.engagements;
    await refuseAuditOf('add-action');
    await expect(engagements.addAction(ADMIN, ids.engagement, { description: 'Unrecorded action' })).rejects.toThrow(
      /audit trail refused/,
    );
    expect((await engagements.get(ADMIN, ids.engagement)).actions).toEqual([]);

    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    await engagements.addAction(ADMIN, ids.engagement, { description: 'Recorded action' });
    expect((await engagements.get(ADMIN, ids.engagement)).actions.map((a) => a.description)).toEqual([
      'Recorded action',
    ]);
    expect(await entries('add-action')).toBe(1);

    const [action] = (await engagements.get(ADMIN, ids.engagement)).actions;
    await refuseAuditOf('complete-action');
    await refuseAuditOf('update');
    await expect(engagements.completeAction(ADMIN, ids.engagement, action!.id)).rejects.toThrow(/audit trail refused/);
    await expect(engagements.setPhase(ADMIN, ids.engagement, 'closed')).rejects.toThrow(/audit trail refused/);
    const after = await engagements.get(ADMIN, ids.engagement);
    expect(after.actions[0]!.doneOn).toBeNull();
    expect(after.engagement).toMatchObject({ status: 'active', endDate: null });
  });

  it('gives a membership, changes a password and opens a session only with their entries', async () => {
    const accounts = t.services.accounts;
    const { email, password } = await createUser(t.services);
    await refuseAuditOf('set-membership');
    await expect(accounts.setMembership(ADMIN, { email, organisationId: ids.school, role: 'leader' })).rejects.toThrow(
      /audit trail refused/,
    );
    expect(await accounts.listMembers(ADMIN, ids.school)).toEqual([]);

    await refuseAuditOf('sign-in');
    const sessions = () =>
      count(
        sql<{
          n: number;
        }>`select count(*) as n from sessions s join users u on u.id = s.user_id where u.email = ${email}`,
      );
    await expect(accounts.signIn(email, password)).rejects.toThrow(/audit trail refused/);
    expect(await sessions()).toBe(0);

    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    const { actor, token } = await accounts.signIn(email, password);
    await refuseAuditOf('change-password');
    await expect(accounts.changePassword(actor, password, 'a wholly different passphrase', token)).rejects.toThrow(
      /audit trail refused/,
    );
    // The old password still works, and the session that asked is still open.
    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    expect((await accounts.signIn(email, password)).secondFactorPending).toBe(false);
    expect(await accounts.actorFromSession(token)).toBeDefined();
  });

  it('creates an account and resets its password only with their entries', async () => {
    const accounts = t.services.accounts;
    const users = (email: string) => count(sql<{ n: number }>`select count(*) as n from users where email = ${email}`);
    await refuseAuditOf('create');
    await expect(accounts.createUser({ email: 'unrecorded@example.test', name: 'Unrecorded' })).rejects.toThrow(
      /audit trail refused/,
    );
    expect(await users('unrecorded@example.test')).toBe(0);
    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    const { email, password } = await accounts.createUser({ email: 'recorded@example.test', name: 'Recorded' });
    await refuseAuditOf('reset-password');
    await expect(accounts.resetPassword(email)).rejects.toThrow(/audit trail refused/);
    // The one-time password still opens a session: nothing of the reset happened.
    expect((await accounts.signIn(email, password)).actor.email).toBe(email);
  });

  it('makes, accepts and withdraws an invitation, and disables an account, only with their entries', async () => {
    const accounts = t.services.accounts;
    // An organisation of its own: the other tests read the members of theirs.
    const school = (
      await t.services.landscape.createOrganisation(ADMIN, { kind: 'school', name: 'Inviting Primary', urn: 993309 })
    ).id;
    const invitations = (email: string) =>
      count(sql<{ n: number }>`select count(*) as n from invitations where email = ${email}`);
    await refuseAuditOf('create');
    await expect(
      accounts.createInvitation(ADMIN, {
        email: 'unrecorded.invitee@example.test',
        organisationId: school,
        role: 'member',
      }),
    ).rejects.toThrow(/audit trail refused/);
    expect(await invitations('unrecorded.invitee@example.test')).toBe(0);
    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    const made = await accounts.createInvitation(ADMIN, {
      email: 'recorded.invitee@example.test',
      organisationId: school,
      role: 'member',
    });
    const token = new URL(made.link).pathname.split('/').pop()!;
    await refuseAuditOf('accept');
    await expect(
      accounts.acceptWithPassword(token, { name: 'Recorded Invitee', password: 'lantern orchard pebble' }),
    ).rejects.toThrow(/audit trail refused/);
    // Neither the account nor the membership exists, and the link still works.
    expect(
      await count(sql<{ n: number }>`select count(*) as n from users where email = 'recorded.invitee@example.test'`),
    ).toBe(0);
    expect((await accounts.invitation(made.invitation.id))?.status).toBe('pending');
    await refuseAuditOf('withdraw');
    await expect(accounts.withdrawInvitation(ADMIN, made.invitation.id)).rejects.toThrow(/audit trail refused/);
    expect((await accounts.invitation(made.invitation.id))?.status).toBe('pending');

    const { email, password } = await createUser(t.services, { email: 'not.disabled@example.test' });
    const { userId } = await accounts.setMembership(ADMIN, { email, organisationId: school, role: 'viewer' });
    await refuseAuditOf('disable');
    await expect(accounts.disableAccount({ ...ADMIN, userId: 1_000_000 }, userId)).rejects.toThrow(
      /audit trail refused/,
    );
    expect((await accounts.signIn(email, password)).actor.email).toBe(email);
  });

  it('adds and removes a survey question only with their entries', async () => {
    const surveys = t.services.surveys;
    const { id } = await surveys.createSurvey(ADMIN, {
      organisationId: ids.school,
      title: 'Questions survey',
      audience: 'pupils',
      period: '2025/26',
    });
    const questions = async () => (await surveys.getSurvey(ADMIN, id)).questions;
    await refuseAuditOf('add-question');
    await expect(surveys.addQuestion(ADMIN, id, { type: 'text', prompt: 'Unrecorded question' })).rejects.toThrow(
      /audit trail refused/,
    );
    expect(await questions()).toEqual([]);
    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    await surveys.addQuestion(ADMIN, id, { type: 'text', prompt: 'Recorded question' });
    const [question] = await questions();
    await refuseAuditOf('remove-question');
    await expect(surveys.removeQuestion(ADMIN, id, question!.id)).rejects.toThrow(/audit trail refused/);
    expect((await questions()).map((q) => q.prompt)).toEqual(['Recorded question']);
  });

  it('closes a survey with its indicator values and its entry, or leaves it open without them', async () => {
    const surveys = t.services.surveys;
    const survey = (
      await surveys.createSurvey(ADMIN, {
        organisationId: ids.school,
        title: 'Atomic survey',
        audience: 'pupils',
        period: '2025/26',
      })
    ).id;
    await surveys.addQuestion(ADMIN, survey, {
      type: 'scale',
      prompt: 'I feel safe',
      indicatorName: 'Atomic pupils feeling safe',
    });
    await surveys.openSurvey(ADMIN, survey, [ids.school]);
    const [link] = (await surveys.getSurvey(ADMIN, survey)).links;
    const [question] = (await surveys.getSurvey(ADMIN, survey)).questions;
    for (let i = 0; i < 3; i++) await surveys.submitResponse(link!.token, { [`q${question!.id}`]: String(1 + i) });
    const values = () =>
      count(sql<{ n: number }>`select count(*) as n from indicator_values where source = ${`survey:${survey}`}`);

    await refuseAuditOf('close');
    await expect(surveys.closeSurvey(ADMIN, survey)).rejects.toThrow(/audit trail refused/);
    expect((await surveys.getSurvey(ADMIN, survey)).survey.status).toBe('open');
    expect(await values()).toBe(0);

    await sql`delete from test_refused_audit_actions`.execute(t.database.db);
    await surveys.closeSurvey(ADMIN, survey);
    expect((await surveys.getSurvey(ADMIN, survey)).survey.status).toBe('closed');
    expect(await values()).toBe(1);
  });

  it('loads a landscape batch only with its entry', async () => {
    const organisations = () =>
      count(sql<{ n: number }>`select count(*) as n from organisations where name = 'Batch Academy'`);
    await refuseAuditOf('load');
    const batch = {
      organisations: [{ key: 'a', kind: 'school', name: 'Batch Academy', urn: 993303 }],
      people: [],
      roleAssignments: [],
      relationships: [],
    };
    await expect(t.services.landscape.loadBatch(ADMIN, batch)).rejects.toThrow(/audit trail refused/);
    expect(await organisations()).toBe(0);
  });
});
