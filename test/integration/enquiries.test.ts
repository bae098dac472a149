/**
 * Enquiries across schools: the journey from starting one to finishing it, who may see and
 * change it (attacked from outside, from a school not in it, as a viewer, anonymously and with
 * a read-only token), the API's schemas, forms that keep what was typed, the person added being
 * told, and the home card when no cycle has been recorded for six weeks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { member, person, school, trust, uniqueUrn, userWith, type SignedInUser } from '../factories.js';
import { until } from '../until.js';

let t: TestApp;
const urns = { lead: uniqueUrn(), partner: uniqueUrn(), outside: uniqueUrn() };
const ids = { lead: 0, partner: 0, outside: 0, trust: 0, enquiry: 0, person: 0, otherPerson: 0, cycle: 0, finding: 0 };
let head: SignedInUser;
let viewer: SignedInUser;
let outsider: SignedInUser;
let partnerStaff: SignedInUser;
let trustStaff: SignedInUser;
/** An account of a person of the partner school, with no membership of its own: a member of the enquiry. */
let researcher: SignedInUser;
let readOnly: SignedInUser;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const START = daysAgo(30);

beforeAll(async () => {
  t = await createTestApp();
  ids.lead = await school(t, { name: 'Linden Primary', urn: urns.lead });
  ids.partner = await school(t, { name: 'Poplar Primary', urn: urns.partner });
  ids.outside = await school(t, { name: 'Willow Primary', urn: urns.outside });
  ids.trust = await trust(t, { name: 'Grove Trust' });
  await member(t, ids.lead, ids.trust);
  head = await userWith(t, { organisationId: ids.lead, role: 'leader' });
  readOnly = await userWith(t, { organisationId: ids.lead, role: 'leader' }, { scope: 'read' });
  viewer = await userWith(t, { organisationId: ids.lead, role: 'viewer' });
  outsider = await userWith(t, { organisationId: ids.outside, role: 'leader' });
  partnerStaff = await userWith(t, { organisationId: ids.partner, role: 'member' });
  trustStaff = await userWith(t, { organisationId: ids.trust, role: 'member' });
  researcher = await userWith(t, null);
  ids.person = await person(t, ids.partner, { name: 'Rosa Reyes', email: researcher.email.toUpperCase() });
  ids.otherPerson = await person(t, ids.outside, { name: 'Otto Outside' });
});
afterAll(async () => t?.close());

const url = (rest = '') => `/enquiries/${ids.enquiry}${rest}`;
const api = (rest = '') => `/api/v1/enquiries/${ids.enquiry}${rest}`;
const parts = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { day: day!, month: month!, year: year! };
};

async function auditActions() {
  return (await t.services.audit.list(ADMIN, { limit: 500 }))
    .filter((e) => e.entity === 'enquiry' && e.entityId === String(ids.enquiry))
    .map((e) => e.action);
}

describe('an enquiry from start to finish', { shuffle: false }, () => {
  it('offers a leader the button to start one, and not a viewer', async () => {
    expect((await head.page('/enquiries')).body).toContain('Start an enquiry');
    const seen = await viewer.page('/enquiries');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Start an enquiry');
  });

  it('keeps what was typed when the form is wrong, in a person’s words', async () => {
    const typed = { title: 'Talk before writing', question: '', method: 'Paired talk twice a week' };
    const response = await head.form('/enquiries', { ...typed, schoolUrn: '999999' }, '/enquiries/new');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter question');
    expect(response.body).toContain('value="Talk before writing"');
    expect(response.body).toContain('Paired talk twice a week');
    const unknown = await head.form(
      '/enquiries',
      { ...typed, question: 'Does talk help?', schoolUrn: '999999' },
      '/enquiries/new',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No school in Syslead has the URN 999999');
    expect(unknown.body).toContain('Does talk help?');
    const badUrn = await head.form('/enquiries', { ...typed, question: 'Q?', schoolUrn: 'abc' }, '/enquiries/new');
    expect(badUrn.body).toContain('The school’s URN must be written like 123456');
  });

  it('refuses to start one led by a school the person does not lead', async () => {
    const response = await outsider.form(
      '/enquiries',
      { title: 'Not mine', question: 'Whose?', schoolUrn: String(urns.lead) },
      '/enquiries/new',
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Give a school you lead');
    expect(response.body).toContain('value="Not mine"');
    expect((await viewer.page('/enquiries/new')).statusCode).toBe(403);
    expect(
      (
        await partnerStaff.form(
          '/enquiries',
          { title: 'T', question: 'Q', schoolUrn: String(urns.partner) },
          '/enquiries',
        )
      ).statusCode,
    ).toBe(403);
    const byApi = await viewer.post('/api/v1/enquiries', { title: 'T', question: 'Q', organisationIds: [ids.lead] });
    expect(byApi.statusCode).toBe(403);
  });

  it('starts one from the form, the leader’s school leading it, with an audit entry', async () => {
    const response = await head.form(
      '/enquiries',
      {
        title: 'Talk before writing',
        question: 'Does structured talk lift first drafts?',
        method: 'Paired talk twice a week',
        'startedOn-day': parts(START).day,
        'startedOn-month': parts(START).month,
        'startedOn-year': parts(START).year,
        schoolUrn: String(urns.lead),
      },
      '/enquiries/new',
    );
    expect(response.statusCode).toBe(303);
    const match = /^\/enquiries\/(\d+)\?saved=started$/.exec(String(response.headers.location));
    expect(match).not.toBeNull();
    ids.enquiry = Number(match![1]);
    const page = await head.page(String(response.headers.location));
    expect(page.body).toContain('The enquiry has been started');
    expect(page.body).toContain('Does structured talk lift first drafts?');
    expect(page.body).toContain('Linden Primary');
    expect(await auditActions()).toContain('create');
  });

  it('adds a school by its URN, refusing one in it already and a number no school has', async () => {
    const again = await head.form(url('/schools'), { schoolUrn: String(urns.lead) }, url());
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('That school is in the enquiry already');
    expect(again.body).toContain(`value="${urns.lead}"`);
    const added = await head.form(url('/schools'), { schoolUrn: String(urns.partner) }, url());
    expect(added.statusCode).toBe(303);
    const detail = (await head.get(api())).json();
    expect(detail.enquiry.organisations.map((o: { name: string }) => o.name)).toEqual([
      'Linden Primary',
      'Poplar Primary',
    ]);
  });

  it('adds a person of its schools, who is told; not a person of another school', async () => {
    const stranger = await head.form(url('/people'), { personId: String(ids.otherPerson), role: 'member' }, url());
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('Choose a person who works at one of the enquiry’s schools');
    const noRole = await head.form(url('/people'), { personId: String(ids.person) }, url());
    expect(noRole.statusCode).toBe(400);
    expect(noRole.body).toContain('Choose their role');
    const added = await head.form(url('/people'), { personId: String(ids.person), role: 'member' }, url());
    expect(added.statusCode).toBe(303);
    expect((await head.page(url())).body).toContain('Rosa Reyes');
    const told = await until('the researcher’s notification', async () => {
      const list = (await researcher.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; title: string; link: string }>;
      };
      return list.items.find((n) => n.kind === 'enquiry-joined' && n.link === `/enquiries/${ids.enquiry}`);
    });
    expect(told).toMatchObject({
      title: 'You have been added to the enquiry “Talk before writing”',
      link: `/enquiries/${ids.enquiry}`,
    });
  });

  it('records cycles through the API and the form, dated between the start and today', async () => {
    const early = await head.post(api('/cycles'), { heldOn: daysAgo(31), tried: 'Too early' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('cannot be dated before the enquiry started');
    const future = await head.post(api('/cycles'), { heldOn: '2999-01-01', tried: 'Too late' });
    expect(future.statusCode).toBe(400);
    const first = await head.post(api('/cycles'), {
      heldOn: daysAgo(20),
      tried: 'Paired talk in one class',
      learnt: 'More writing',
      next: 'Vary the stems',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ heldOn: daysAgo(20), tried: 'Paired talk in one class', mayChange: true });
    ids.cycle = first.json().id;
    // The enquiry's member writes one from the form; a form that is wrong keeps what was typed.
    const empty = await researcher.form(url('/cycles'), { tried: '', learnt: 'Kept' }, url('/cycles/new'));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter what we tried');
    expect(empty.body).toContain('Kept');
    const written = await researcher.form(
      url('/cycles'),
      { tried: 'Said the first sentence aloud', learnt: 'Openings varied' },
      url('/cycles/new'),
    );
    expect(written.statusCode).toBe(303);
    const { cycles } = (await researcher.get(api())).json();
    // Newest first: today's before the one of twenty days ago.
    expect(cycles.map((c: { tried: string }) => c.tried)).toEqual([
      'Said the first sentence aloud',
      'Paired talk in one class',
    ]);
    expect(cycles.map((c: { mayChange: boolean }) => c.mayChange)).toEqual([true, false]);
  });

  it('lets a cycle be changed by its author or a leader, and no one else', async () => {
    const { cycles } = (await head.get(api())).json();
    const researchers = cycles[0].id as number;
    const byAuthor = await researcher.form(
      url(`/cycles/${researchers}`),
      { tried: 'Said the first sentence aloud to a partner' },
      url(`/cycles/${researchers}/edit`),
    );
    expect(byAuthor.statusCode).toBe(303);
    expect((await researcher.page(url(`/cycles/${ids.cycle}/edit`))).statusCode).toBe(403);
    expect((await researcher.form(url(`/cycles/${ids.cycle}`), { tried: 'Not mine' }, url())).statusCode).toBe(403);
    expect((await partnerStaff.page(url(`/cycles/${researchers}/edit`))).statusCode).toBe(403);
    const byLeader = await head.form(url(`/cycles/${researchers}`), { tried: 'Changed by the lead' }, url());
    expect(byLeader.statusCode).toBe(303);
    const after = (await head.get(api())).json().cycles[0];
    expect(after).toMatchObject({ tried: 'Changed by the lead', edited: true });
    expect(await auditActions()).toEqual(expect.arrayContaining(['add-cycle', 'update-cycle']));
  });

  it('records a finding, linked to become a practice, and reads it for the practice', async () => {
    const empty = await head.form(
      url('/findings'),
      { statement: '', evidence: 'Eighteen drafts' },
      url('/findings/new'),
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter finding');
    expect(empty.body).toContain('Eighteen drafts');
    const response = await head.post(api('/findings'), {
      statement: 'Saying the first sentence aloud gives stronger openings',
      evidence: 'Eighteen drafts scored on one rubric',
    });
    expect(response.statusCode).toBe(201);
    ids.finding = response.json().id;
    const page = await head.page(url());
    expect(page.body).toContain(`/practices/new?enquiry=${ids.enquiry}&amp;finding=${ids.finding}`);
    const read = await t.services.enquiries.finding(
      { ...ADMIN, isAdmin: false, memberships: [{ organisationId: ids.trust, role: 'member' }] },
      ids.enquiry,
      ids.finding,
    );
    expect(read).toEqual({
      enquiryId: ids.enquiry,
      title: 'Talk before writing',
      question: 'Does structured talk lift first drafts?',
      statement: 'Saying the first sentence aloud gives stronger openings',
      evidence: 'Eighteen drafts scored on one rubric',
      organisationIds: [ids.lead, ids.partner],
    });
    await expect(
      t.services.enquiries.finding(
        { ...ADMIN, isAdmin: false, memberships: [{ organisationId: ids.outside, role: 'leader' }] },
        ids.enquiry,
        ids.finding,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.services.enquiries.finding(undefined, ids.enquiry, ids.finding)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('shows one overview: schools, the last cycle and its age, and findings', async () => {
    const page = await trustStaff.page('/enquiries');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Talk before writing');
    expect(page.body).toContain('Linden Primary (lead), Poplar Primary');
    expect(page.body).toMatch(/today<\/td>/);
    const list = (await trustStaff.get('/api/v1/enquiries')).json();
    expect(list.find((e: { id: number }) => e.id === ids.enquiry)).toMatchObject({
      lastCycleOn: daysAgo(0),
      lastCycleAgo: 'today',
      findingStatements: ['Saying the first sentence aloud gives stronger openings'],
      organisations: [{ id: ids.lead }, { id: ids.partner }],
    });
  });

  it('asks before finishing, then takes no more cycles', async () => {
    expect((await researcher.page(url('/finish'))).statusCode).toBe(403);
    const confirm = await head.page(url('/finish'));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Yes, finish the enquiry');
    const done = await head.form(url('/finish'), {}, url('/finish'));
    expect(done.statusCode).toBe(303);
    expect((await head.get(api())).json()).toMatchObject({ enquiry: { status: 'finished' }, mayWrite: false });
    expect((await head.post(api('/cycles'), { tried: 'After the end' })).statusCode).toBe(409);
    expect((await head.page(url('/finish'))).statusCode).toBe(409);
    expect(await auditActions()).toContain('finish');
  });
});

describe('who may see and change an enquiry', () => {
  let seen = 0;
  const seenUrl = () => `/enquiries/${seen}`;
  const seenApi = (rest = '') => `/api/v1/enquiries/${seen}${rest}`;
  beforeAll(async () => {
    seen = await t.services.enquiries.create(ADMIN, {
      title: 'Guarded enquiry',
      question: 'Who sees this?',
      organisationIds: [ids.lead, ids.partner],
    });
  });

  it('hides it from an outsider, a viewer and a school not in it, as if it did not exist', async () => {
    for (const who of [outsider, viewer]) {
      expect((await who.page(seenUrl())).statusCode).toBe(404);
      expect((await who.get(seenApi())).statusCode).toBe(404);
      expect((await who.get('/api/v1/enquiries')).json().map((e: { id: number }) => e.id)).not.toContain(seen);
      expect((await who.post(seenApi('/findings'), { statement: 'Sneaked in' })).statusCode).toBe(404);
    }
  });

  it('shows it to the staff of its schools and of their partnerships, and to administrators', async () => {
    const admin = await userWith(t, null, { isAdmin: true });
    for (const who of [partnerStaff, trustStaff, admin]) expect((await who.get(seenApi())).statusCode).toBe(200);
  });

  it('lets staff who are not its people or leaders read it but not write to it', async () => {
    const id = await t.services.enquiries.create(ADMIN, {
      title: 'Open enquiry',
      question: 'Who may write?',
      organisationIds: [ids.lead, ids.partner],
    });
    expect((await partnerStaff.post(`/api/v1/enquiries/${id}/cycles`, { tried: 'Not mine to write' })).statusCode).toBe(
      403,
    );
    expect((await trustStaff.post(`/api/v1/enquiries/${id}/findings`, { statement: 'Nor mine' })).statusCode).toBe(403);
    expect(
      (await partnerStaff.form(`/enquiries/${id}/schools`, { schoolUrn: String(urns.outside) }, `/enquiries/${id}`))
        .statusCode,
    ).toBe(403);
    expect(
      (await head.post(`/api/v1/enquiries/${id}/cycles`, { tried: 'The lead school’s leader writes' })).statusCode,
    ).toBe(201);
  });

  it('lets a person with the role of lead change it, though they lead no school', async () => {
    const id = await t.services.enquiries.create(ADMIN, {
      title: 'Led by a teacher',
      question: 'Can a teacher lead?',
      organisationIds: [ids.lead, ids.partner],
    });
    await t.services.enquiries.addPerson(ADMIN, id, { personId: ids.person, role: 'lead' });
    const added = await researcher.form(
      `/enquiries/${id}/schools`,
      { schoolUrn: String(urns.outside) },
      `/enquiries/${id}`,
    );
    expect(added.statusCode).toBe(303);
  });

  it('answers an anonymous visitor with the sign-in page or 401', async () => {
    const page = await t.app.inject({ method: 'GET', url: seenUrl() });
    expect(page.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: seenApi() })).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/enquiries',
          payload: { title: 'T', question: 'Q', organisationIds: [ids.lead] },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('refuses a read-only token’s writes, and lets it read', async () => {
    expect((await readOnly.get(seenApi())).statusCode).toBe(200);
    const created = await readOnly.post('/api/v1/enquiries', {
      title: 'T',
      question: 'Q',
      organisationIds: [ids.lead],
    });
    expect(created.statusCode).toBe(403);
    expect((await readOnly.post(seenApi('/cycles'), { tried: 'Read only' })).statusCode).toBe(403);
  });
});

describe('the API', () => {
  it('creates an enquiry and answers with its schema', async () => {
    const response = await head.post('/api/v1/enquiries', {
      title: 'Reading aloud',
      question: 'Does reading aloud daily help?',
      organisationIds: [ids.lead, ids.partner],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      enquiry: {
        title: 'Reading aloud',
        status: 'active',
        startedOn: daysAgo(0),
        lastCycleOn: null,
        organisations: [{ id: ids.lead }, { id: ids.partner }],
      },
      people: [],
      cycles: [],
      findings: [],
      mayChange: true,
      mayWrite: true,
    });
  });

  it('names the field of a problem, and refuses what it does not take', async () => {
    const missing = await head.post('/api/v1/enquiries', { title: 'No question', organisationIds: [ids.lead] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('Enter question');
    const extra = await head.post('/api/v1/enquiries', {
      title: 'T',
      question: 'Q',
      organisationIds: [ids.lead],
      status: 'finished',
    });
    expect(extra.statusCode).toBe(400);
    const none = await head.post('/api/v1/enquiries', { title: 'T', question: 'Q', organisationIds: [] });
    expect(none.statusCode).toBe(400);
    const notSchool = await head.post('/api/v1/enquiries', {
      title: 'T',
      question: 'Q',
      organisationIds: [ids.lead, ids.trust],
    });
    expect(notSchool.statusCode).toBe(400);
  });
});

describe('the home page', () => {
  it('tells an enquiry’s people when no cycle has been recorded for six weeks, and no one else', async () => {
    const id = await t.services.enquiries.create(ADMIN, {
      title: 'A quiet enquiry',
      question: 'Has anyone looked lately?',
      startedOn: daysAgo(60),
      organisationIds: [ids.partner],
    });
    await t.services.enquiries.addPerson(ADMIN, id, { personId: ids.person, role: 'member' });
    const home = await researcher.page('/');
    expect(home.body).toContain('Record a cycle of A quiet enquiry');
    expect(home.body).toContain('No cycle for 8 weeks');
    expect((await partnerStaff.page('/')).body).not.toContain('A quiet enquiry');
    await t.services.enquiries.addCycle(ADMIN, id, { tried: 'Looked again' });
    expect((await researcher.page('/')).body).not.toContain('Record a cycle of A quiet enquiry');
  });
});
