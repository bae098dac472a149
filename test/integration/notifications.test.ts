/**
 * Notifications: what needs a person reaches them in the app and, where they chose it and a
 * server is configured, by email (read here from a real SMTP server on loopback), each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailInvitation } from '../../src/modules/accounts/invitations.events.js';
import { checkInsDueJob } from '../../src/modules/engagements/engagements.notifications.js';
import { leaderOf, school, supportChain, userWith, type SignedInUser } from '../factories.js';
import { startTestSmtp, type TestSmtp } from '../smtp-server.js';
import { createTestApp, type TestApp } from '../test-app.js';
import { until } from '../until.js';

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ smtpUrl: smtp.url, publicUrl: 'https://syslead.example.org' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const notificationsOf = async (user: SignedInUser) =>
  (await user.get('/api/v1/notifications')).json() as {
    unread: number;
    items: Array<{ id: number; kind: string; title: string; link: string; read: boolean }>;
  };

describe('asked for help, and offered it', { shuffle: false }, () => {
  let seeker: number;
  let helper: number;
  let seekerHead: SignedInUser;
  let helperHead: SignedInUser;
  let outsider: SignedInUser;
  let requestId: number;

  beforeAll(async () => {
    seeker = await school(t, { name: 'Ashgrove Primary' });
    helper = await school(t, { name: 'Birchfield Primary' });
    seekerHead = await userWith(t, { organisationId: seeker, role: 'leader' });
    helperHead = await userWith(t, { organisationId: helper, role: 'leader' });
    outsider = await userWith(t, { organisationId: await school(t), role: 'leader' });
    ({ requestId } = await supportChain(t, { seeker, helper, area: 'maths' }));
  });

  it('tells the asked school’s head in the app, with a count in the header, and by email with the link', async () => {
    const told = await until('the helper’s notification', async () => {
      const list = await notificationsOf(helperHead);
      return list.items.find((n) => n.kind === 'help-asked') && list;
    });
    expect(told.items.find((n) => n.kind === 'help-asked')).toMatchObject({
      title: 'Ashgrove Primary asks for help with maths',
      link: `/support/requests/${requestId}`,
      read: false,
    });
    const home = await helperHead.page('/notifications');
    expect(home.body).toContain('Ashgrove Primary asks for help with maths');
    expect(home.body).toMatch(
      /Notifications <strong class="syslead-count">1<span class="govuk-visually-hidden"> unread/,
    );

    const mailTo = (user: SignedInUser) => smtp.received.find((m) => m.to.includes(user.email));
    await until('both heads’ emails', async () => mailTo(helperHead) && mailTo(seekerHead));
    const toHelper = mailTo(helperHead)!;
    expect(toHelper.subject).toBe('Ashgrove Primary asks for help with maths');
    expect(toHelper.text).toContain(`https://syslead.example.org/support/requests/${requestId}`);
    expect(toHelper.text).toContain('https://syslead.example.org/account/notifications');
    expect(toHelper.raw).toMatch(/<html lang=(3D)?"en-GB">/);
    // The asking head hears of the offer; the email names schools, never other people's addresses.
    const toSeeker = mailTo(seekerHead)!;
    expect(toSeeker.subject).toBe('Birchfield Primary offers to help');
    expect(toSeeker.raw).not.toContain(helperHead.email);
  });

  it('tells no one else, and each person only once', async () => {
    await until('the helper’s email', async () => smtp.received.some((m) => m.to.includes(helperHead.email)));
    expect((await notificationsOf(outsider)).items).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received.filter((m) => m.to.includes(helperHead.email))).toHaveLength(1);
    expect((await notificationsOf(helperHead)).items.filter((n) => n.kind === 'help-asked')).toHaveLength(1);
  });

  it('marks one or all as read, for their owner only', async () => {
    const first = await until('the helper’s notification', async () =>
      (await notificationsOf(helperHead)).items.find((n) => n.kind === 'help-asked' && !n.read),
    );
    const other = await outsider.post('/api/v1/notifications/read', { ids: [first!.id] });
    expect(other.json()).toEqual({ marked: 0 });
    await helperHead.form('/notifications/read', { id: String(first!.id) }, '/notifications');
    const after = await notificationsOf(helperHead);
    expect(after.items.find((n) => n.id === first!.id)?.read).toBe(true);
    expect(after.unread).toBe(0);
    expect((await helperHead.page('/notifications')).body).not.toContain('syslead-count');
  });
});

describe('a school that cannot help', () => {
  it('tells the asking school’s head, who chose to hear at once, with the request to ask another', async () => {
    const seeker = await school(t, { name: 'Foxglove Primary' });
    const helper = await school(t, { name: 'Gorse Bank Primary' });
    const head = await userWith(t, { organisationId: seeker, role: 'leader' });
    await head.form('/account/notifications', { 'request-declined': 'instant' }, '/account/notifications');
    const needId = (await t.services.brokerage.stateNeed(leaderOf(seeker), { organisationId: seeker, area: 'writing' }))
      .id;
    const requestId = await t.services.brokerage.requestSupport(leaderOf(seeker), { needId, invite: [helper] });
    await t.services.brokerage.declineRequest(leaderOf(helper), {
      requestId,
      organisationId: helper,
      reason: 'Our writing lead is on leave this term',
    });
    const told = await until('the head’s notification', async () =>
      (await notificationsOf(head)).items.find((n) => n.kind === 'request-declined'),
    );
    expect(told).toMatchObject({
      title: 'Gorse Bank Primary cannot help this time',
      link: `/support/requests/${requestId}`,
    });
    const mail = await until('the email', async () => smtp.received.find((m) => m.to.includes(head.email)));
    expect(mail.subject).toBe('Gorse Bank Primary cannot help this time');
  });
});

describe('check-ins due', () => {
  it('tells the leaders of both schools each morning of a check-in overdue, once per check-in', async () => {
    const seeker = await school(t, { name: 'Hawthorn Primary' });
    const helper = await school(t, { name: 'Ivy Bank Primary' });
    const [asking, helping, other] = await Promise.all([
      userWith(t, { organisationId: seeker, role: 'leader' }),
      userWith(t, { organisationId: helper, role: 'leader' }),
      userWith(t, { organisationId: await school(t), role: 'leader' }),
    ]);
    const { engagementId } = await supportChain(t, {
      seeker,
      helper,
      opening: {
        type: 'school-to-school',
        aims: 'Better maths teaching in year 6',
        accountableTo: 'The governors of Hawthorn Primary',
        startDate: '2025-01-06',
        measures: [],
      },
    });
    const morning = () => checkInsDueJob.run(t.services, {}, { id: 'test', retryCount: 0, lastAttempt: true });
    await morning();
    await morning();
    for (const user of [asking, helping]) {
      const told = (await notificationsOf(user)).items.filter((n) => n.kind === 'check-in-overdue');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ link: `/engagements/${engagementId}/check-in` });
      expect(told[0]!.title).toMatch(/^The check-in of “.+” is overdue by /);
    }
    expect((await notificationsOf(other)).items.some((n) => n.kind === 'check-in-overdue')).toBe(false);
  });
});

describe('each person’s choices', () => {
  it('keeps what a person typed when a choice is not one of the three, saying so plainly', async () => {
    const user = await userWith(t, { organisationId: await school(t), role: 'leader' });
    const page = await user.page('/account/notifications');
    expect(page.body).toContain('When a school asks yours for help');
    const refused = await user.form(
      '/account/notifications',
      { 'help-asked': 'daily', 'offer-made': 'hourly' },
      '/account/notifications',
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose never, at once or in a daily email');
    expect(refused.body).toMatch(/value="daily" checked|checked[^>]*value="daily"/);
  });

  it('gathers what a person chose to hear of daily into one morning email', async () => {
    const seeker = await school(t, { name: 'Cedar Lane Primary' });
    const helper = await school(t, { name: 'Damson Hill Primary' });
    const head = await userWith(t, { organisationId: helper, role: 'leader' });
    const saved = await head.form('/account/notifications', { 'help-asked': 'daily' }, '/account/notifications');
    expect(saved.statusCode).toBe(303);
    const before = smtp.received.length;
    await supportChain(t, { seeker, helper });
    await until('the notification', async () =>
      (await notificationsOf(head)).items.some((n) => n.kind === 'help-asked'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.received.slice(before).some((m) => m.to.includes(head.email))).toBe(false);
    await t.services.notifications.sendDigests();
    await until('the digest', async () => smtp.received.some((m) => m.to.includes(head.email)));
    const digest = smtp.received.find((m) => m.to.includes(head.email))!;
    expect(digest.subject).toBe('One thing in Syslead for you');
    expect(digest.text).toContain('Cedar Lane Primary asks for help with maths');
    // Sent once: a second morning run finds nothing waiting.
    expect(await t.services.notifications.sendDigests()).toBe(0);
  });
});

describe('an invitation', () => {
  it('is emailed to the person invited with a link that opens it, and a withdrawn one is not', async () => {
    const schoolId = await school(t, { name: 'Elm Tree Primary' });
    const head = await userWith(t, { organisationId: schoolId, role: 'leader' });
    const made = await head.form(
      '/accounts/invitations',
      { email: 'new.teacher@example.test', organisationId: String(schoolId), role: 'member' },
      '/accounts',
    );
    expect(made.statusCode).toBeLessThan(400);
    const mail = await until('the invitation email', async () =>
      smtp.received.find((m) => m.to.includes('new.teacher@example.test')),
    );
    expect(mail.subject).toMatch(/invites you to join Elm Tree Primary in Syslead$/);
    const link = /https:\/\/syslead\.example\.org(\/invitations\/\S+)/.exec(mail.text)![1]!;
    const opened = await t.app.inject({ url: link });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Elm Tree Primary');

    // Withdrawn before its email went (the handler runs here, after the withdrawal): no email is made.
    const withdrawn = await t.services.accounts.createInvitation(leaderOf(schoolId), {
      email: 'changed.mind@example.test',
      organisationId: schoolId,
      role: 'member',
    });
    await t.services.accounts.withdrawInvitation(leaderOf(schoolId), withdrawn.invitation.id);
    let ran = false;
    await emailInvitation(t.services, {
      id: 0,
      name: 'invitation.create',
      payload: {
        entity: 'invitation',
        entityId: String(withdrawn.invitation.id),
        organisationIds: [],
        userId: null,
        detail: {},
      },
      once: async () => {
        ran = true;
        return undefined;
      },
    });
    expect(ran).toBe(false);
  });
});

describe('without an SMTP server', () => {
  it('shows notifications in the app and says email is off', async () => {
    const plain = await createTestApp();
    try {
      const user = await userWith(plain, { organisationId: await school(plain), role: 'leader' });
      const page = await user.page('/account/notifications');
      expect(page.body).toContain('Email is off on this installation');
      expect((await user.page('/notifications')).body).toContain('email is off on this installation');
    } finally {
      await plain.close();
    }
  });
});
