/**
 * The practice library, attacked: a practice shown to a partnership is seen by its schools and no
 * one else (page, API, CSV, trials); a school takes one up from another with its adaptation and a
 * trial whose baseline is taken at the start; the honest-trial rule refuses an early stop without
 * a reason, in a person's words, keeping what was typed; a review due reaches the school's leaders
 * on home and by notification; and only the adopting school's leaders judge its trial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialReviewsJob } from '../../src/modules/practices/practices.notifications.js';
import { reviewDateFor } from '../../src/modules/practices/index.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import {
  leaderOf,
  member,
  organisation,
  person,
  school,
  unique,
  userWith,
  values,
  type SignedInUser,
} from '../factories.js';

let t: TestApp;
const ids = { network: 0, owner: 0, taker: 0, second: 0, outsider: 0, lead: 0 };
let ownerHead: SignedInUser;
let takerHead: SignedInUser;
let takerStaff: SignedInUser;
let secondHead: SignedInUser;
let outsiderHead: SignedInUser;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const MEASURE = 'ks2-maths-progress';

beforeAll(async () => {
  t = await createTestApp();
  ids.network = await organisation(t, { kind: 'network', name: 'Riverside Learning Network' });
  ids.owner = await school(t, { name: 'Willow Primary', phase: 'primary', pupils: 320, fsmPercent: 31.5 });
  ids.taker = await school(t, { name: 'Alder Primary', phase: 'primary' });
  ids.second = await school(t, { name: 'Birch Primary', phase: 'primary' });
  ids.outsider = await school(t, { name: 'Faraway Primary', phase: 'primary' });
  for (const s of [ids.owner, ids.taker, ids.second]) await member(t, s, ids.network);
  ids.lead = await person(t, ids.taker, { name: 'Priya Lead', jobTitle: 'Maths lead' });
  ownerHead = await userWith(t, { organisationId: ids.owner, role: 'leader' });
  takerHead = await userWith(t, { organisationId: ids.taker, role: 'leader' });
  takerStaff = await userWith(t, { organisationId: ids.taker, role: 'member' });
  secondHead = await userWith(t, { organisationId: ids.second, role: 'leader' });
  outsiderHead = await userWith(t, { organisationId: ids.outsider, role: 'leader' });
  await values(t, MEASURE, [
    { organisationId: ids.taker, period: '2023/24', value: -1.2 },
    { organisationId: ids.second, period: '2023/24', value: 0.4 },
  ]);
});
afterAll(async () => t?.close());

/** A practice of Willow Primary's, shown to its network; returns its id. */
function sharedPractice(
  title = `Maths talk partners ${unique()}`,
  extra: { published?: boolean; areas?: string[] } = {},
) {
  return t.services.practices.create(leaderOf(ids.owner), {
    organisationId: ids.owner,
    title,
    problem: 'Pupils in Year 5 could not explain their reasoning.',
    approach: 'Paired talk with sentence stems, three times a week.',
    areas: extra.areas ?? ['maths'],
    published: extra.published ?? false,
    partnershipIds: extra.published ? [] : [ids.network],
  });
}

/** Alder Primary takes a practice up from its owner, measured by maths progress; returns the adoption's id. */
function takenUp(practiceId: number, schoolId = ids.taker, from: number | null = ids.owner, startedOn?: string) {
  return t.services.practices.adopt(leaderOf(schoolId), practiceId, {
    organisationId: schoolId,
    fromOrganisationId: from,
    measures: [MEASURE],
    startedOn,
    // A trial begun in the past is loaded as history, recorded on the day it began.
    on: startedOn,
  });
}

describe('sharing a practice', () => {
  it('refuses an empty form in a person’s words, keeping what was typed', async () => {
    const refused = await ownerHead.form(
      '/practices',
      { organisationId: String(ids.owner), title: 'Maths talk partners', problem: '', approach: '', eefCost: '9' },
      '/practices/new',
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('Enter the problem it addresses');
    expect(refused.body).toContain('Cost rating must be between 1 and 5');
    expect(refused.body).toContain('value="Maths talk partners"');
    expect(refused.body).not.toMatch(/Expected|minLength/);
  });

  it('puts a practice shown to its partnership in the library, with the school’s own facts as its context', async () => {
    const saved = await ownerHead.form(
      '/practices',
      {
        organisationId: String(ids.owner),
        title: 'Reading aloud daily',
        problem: 'Pupils read little at home.',
        approach: 'Twenty minutes of a class novel every afternoon.',
        areas: 'early-reading',
        eefStrand: 'Reading comprehension strategies',
        eefImpactMonths: '6',
        eefCost: '1',
        eefEvidence: '4',
        published: 'partnerships',
        partnershipIds: String(ids.network),
      },
      '/practices/new',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const id = Number(/\/practices\/(\d+)/.exec(saved.headers.location as string)![1]);
    const page = await ownerHead.page(`/practices/${id}`);
    expect(page.body).toContain('Reading aloud daily');
    expect(page.body).toContain('+6 months');
    expect(page.body).toContain('Very low cost');
    expect(page.body).toContain('31.5%');
    expect(page.body).toContain('Shown to the school’s staff and the partnerships it chose');
    expect((await t.services.practices.get(ADMIN, id)).partnershipIds).toEqual([ids.network]);
  });

  it('refuses a partnership the school is not in', async () => {
    const refused = await ownerHead.post('/api/v1/practices', {
      organisationId: ids.owner,
      title: 'Shown to a stranger',
      problem: 'x',
      approach: 'y',
      partnershipIds: [ids.outsider],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('Choose partnerships the school is a member of');
  });

  it('lets only a school’s leaders share its practice', async () => {
    const refused = await takerStaff.post('/api/v1/practices', {
      organisationId: ids.taker,
      title: 'Not mine to share',
      problem: 'x',
      approach: 'y',
    });
    expect(refused.statusCode).toBe(403);
    const another = await outsiderHead.post('/api/v1/practices', {
      organisationId: ids.owner,
      title: 'Someone else’s',
      problem: 'x',
      approach: 'y',
    });
    expect(another.statusCode).toBe(403);
  });
});

describe('a practice from an enquiry', () => {
  it('starts from a finding the person may see, links back to the enquiry, and refuses one they may not', async () => {
    const enquiry = await t.services.enquiries.create(leaderOf(ids.owner), {
      title: 'Talk in maths',
      question: 'Does structured talk help pupils explain their reasoning?',
      organisationIds: [ids.owner],
    });
    const { id: finding } = await t.services.enquiries.addFinding(leaderOf(ids.owner), enquiry, {
      statement: 'Sentence stems made explanations fuller within a term',
      evidence: 'Book looks in Year 5',
    });
    const form = await ownerHead.page(`/practices/new?enquiry=${enquiry}&finding=${finding}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Does structured talk help pupils explain their reasoning?');
    expect(form.body).toContain(`name="sourceEnquiryId" value="${enquiry}"`);
    expect((await outsiderHead.page(`/practices/new?enquiry=${enquiry}&finding=${finding}`)).statusCode).toBe(404);
    const saved = await ownerHead.form(
      '/practices',
      {
        organisationId: String(ids.owner),
        sourceEnquiryId: String(enquiry),
        title: 'Sentence stems for reasoning',
        problem: 'Explanations were thin',
        approach: 'Stems built with the class',
        published: 'everyone',
      },
      `/practices/new?enquiry=${enquiry}&finding=${finding}`,
    );
    expect(saved.statusCode).toBe(303);
    const page = await ownerHead.page(saved.headers.location as string);
    expect(page.body).toContain(`href="/enquiries/${enquiry}">Talk in maths</a>`);
    // A reader who may not see the enquiry reads the practice without it.
    const id = Number(/\/practices\/(\d+)/.exec(saved.headers.location as string)![1]);
    expect((await outsiderHead.get(`/api/v1/practices/${id}`)).json().sourceEnquiry).toBeNull();
    const stranger = await outsiderHead.post('/api/v1/practices', {
      organisationId: ids.outsider,
      sourceEnquiryId: enquiry,
      title: 'Claimed from an enquiry I cannot see',
      problem: 'x',
      approach: 'y',
    });
    expect(stranger.statusCode).toBe(400);
  });
});

describe('who sees a practice', () => {
  it('shows a partnership’s practice to its schools’ staff, and to no one outside, on any path', async () => {
    const title = `Hidden from strangers ${unique()}`;
    const id = await sharedPractice(title);
    const adoption = await takenUp(id);
    for (const user of [takerHead, takerStaff, secondHead]) {
      expect((await user.page(`/practices/${id}`)).statusCode).toBe(200);
      expect((await user.get(`/api/v1/practices/${id}`)).statusCode).toBe(200);
    }
    for (const url of [`/practices/${id}`, `/practices/${id}/adopt`, `/practices/adoptions/${adoption}`])
      expect((await outsiderHead.page(url)).statusCode, url).toBe(404);
    for (const url of [`/api/v1/practices/${id}`, `/api/v1/practice-adoptions/${adoption}`])
      expect((await outsiderHead.get(url)).statusCode, url).toBe(404);
    const list = await outsiderHead.get('/api/v1/practices?q=strangers');
    expect(list.json().items.map((p: { id: number }) => p.id)).not.toContain(id);
    expect((await outsiderHead.page('/practices')).body).not.toContain(title);
    expect((await outsiderHead.page('/practices.csv')).body).not.toContain(title);
    expect((await outsiderHead.page('/practices/adoptions.csv')).body).not.toContain(title);
    expect(JSON.stringify((await outsiderHead.get('/api/v1/practice-adoptions')).json())).not.toContain(title);
    expect((await t.app.inject({ url: `/api/v1/practices/${id}` })).statusCode).toBe(401);
    // A viewer of the owning school is not its staff: they see published practice only.
    const viewer = await userWith(t, { organisationId: ids.owner, role: 'viewer' });
    expect((await viewer.get(`/api/v1/practices/${id}`)).statusCode).toBe(404);
  });

  it('shows a published practice to everyone signed in', async () => {
    const id = await sharedPractice(`Attendance breakfast club ${unique()}`, {
      published: true,
      areas: ['attendance'],
    });
    expect((await outsiderHead.page(`/practices/${id}`)).statusCode).toBe(200);
    const list = await outsiderHead.get('/api/v1/practices?area=attendance');
    expect(list.json().items.map((p: { id: number }) => p.id)).toContain(id);
  });
});

describe('taking up a practice and trying it honestly', () => {
  it('records an adoption from the owner with its adaptation, a lead and a trial whose baseline is taken now', async () => {
    const id = await sharedPractice();
    const form = await takerHead.page(`/practices/${id}/adopt`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Which school are you taking it from?');
    const missing = await takerHead.form(
      `/practices/${id}/adopt`,
      { organisationId: String(ids.taker), adaptation: 'Run with Year 4 instead', adapted: 'audience' },
      `/practices/${id}/adopt`,
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Run with Year 4 instead');
    expect(missing.body).toContain('Choose at least one of the measures that will judge it');
    const saved = await takerHead.form(
      `/practices/${id}/adopt`,
      {
        organisationId: String(ids.taker),
        fromOrganisationId: String(ids.owner),
        adapted: 'audience',
        adaptation: 'Run with Year 4 instead',
        leadPersonId: String(ids.lead),
        measures: MEASURE,
      },
      `/practices/${id}/adopt`,
    );
    expect(saved.statusCode).toBe(303);
    const adoption = Number(/adoptions\/(\d+)/.exec(saved.headers.location as string)![1]);
    const trial = (await takerHead.get(`/api/v1/practice-adoptions/${adoption}`)).json();
    expect(trial.adoption).toMatchObject({
      fromOrganisationId: ids.owner,
      adapted: ['audience'],
      leadName: 'Priya Lead',
      startedOn: today(),
      reviewOn: reviewDateFor(today()),
      judgement: null,
    });
    expect(trial.measures[0]).toMatchObject({ code: MEASURE, baseline: { period: '2023/24', value: -1.2 } });
  });

  it('refuses a second running trial at the same school, and an adoption by someone who does not lead it', async () => {
    const id = await sharedPractice();
    await takenUp(id);
    const again = await takerHead.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.taker,
      measures: [MEASURE],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toMatch(/already trying/);
    const staff = await takerStaff.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.second,
      measures: [MEASURE],
    });
    expect(staff.statusCode).toBe(403);
  });

  it('refuses to stop before the review date without a reason, keeping what was chosen', async () => {
    const adoption = await takenUp(await sharedPractice());
    const refused = await takerHead.form(
      `/practices/adoptions/${adoption}/review`,
      { judgement: 'stop', note: '' },
      `/practices/adoptions/${adoption}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Say why you are stopping before the review date');
    expect(refused.body).toMatch(/value="stop" checked|checked[^>]*value="stop"/);
    const api = await takerHead.post(`/api/v1/practice-adoptions/${adoption}/judgement`, { judgement: 'stop' });
    expect(api.statusCode).toBe(400);
    expect((await t.services.practices.adoption(ADMIN, adoption)).adoption.judgement).toBeNull();
    // Nor with a reason of invisible characters only.
    const invisible = await takerHead.post(`/api/v1/practice-adoptions/${adoption}/judgement`, {
      judgement: 'stop',
      note: '\u200b\u200d ',
    });
    expect(invisible.statusCode).toBe(400);
    const stopped = await takerHead.post(`/api/v1/practice-adoptions/${adoption}/judgement`, {
      judgement: 'stop',
      note: 'The teaching assistant who ran it left',
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().adoption).toMatchObject({
      judgement: 'stop',
      judgementNote: 'The teaching assistant who ran it left',
    });
  });

  it('refuses a trial dated back past its own review, and a partnership taking up a practice', async () => {
    const id = await sharedPractice();
    const backdated = await takerHead.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.taker,
      startedOn: '2020-01-01',
      measures: [MEASURE],
    });
    expect(backdated.statusCode).toBe(400);
    expect(backdated.json().error.message).toMatch(/no more than 62 days ago/);
    const networkHead = await userWith(t, { organisationId: ids.network, role: 'leader' });
    const asPartnership = await networkHead.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.network,
      measures: [MEASURE],
    });
    expect(asPartnership.statusCode).toBe(400);
    const owned = await networkHead.post('/api/v1/practices', {
      organisationId: ids.network,
      title: 'A partnership’s own',
      problem: 'x',
      approach: 'y',
    });
    expect(owned.statusCode).toBe(400);
  });

  it('shows the practice form’s people and partnerships only for a school the person leads', async () => {
    await person(t, ids.taker, { name: 'Quentin Alderman' });
    const form = await outsiderHead.page(`/practices/new?organisationId=${ids.taker}`);
    expect(form.body).not.toContain('Quentin Alderman');
    const refused = await outsiderHead.form(
      '/practices',
      { organisationId: String(ids.taker), title: '' },
      '/practices/new',
    );
    expect(refused.body).not.toContain('Quentin Alderman');
    expect(refused.body).not.toContain('Riverside Learning Network');
    const published = await sharedPractice(`Open to all ${unique()}`, { published: true });
    const change = await outsiderHead.form(`/practices/${published}`, { title: '' }, `/practices/${published}`);
    expect(change.statusCode).toBe(403);
  });

  it('leaves no audit entry for a resource that was not removed', async () => {
    const mine = await sharedPractice();
    const theirs = await sharedPractice();
    const resource = await t.services.practices.addResource(leaderOf(ids.owner), theirs, {
      title: 'Guide',
      url: 'https://example.org/guide',
    });
    const before = (await t.services.audit.list(ADMIN, { limit: null })).length;
    const wrong = await ownerHead.form(`/practices/${mine}/resources/${resource}/delete`, {}, `/practices/${mine}`);
    expect(wrong.statusCode).toBe(404);
    expect((await t.services.audit.list(ADMIN, { limit: null })).length).toBe(before);
    expect((await t.services.practices.get(ADMIN, theirs)).resources).toHaveLength(1);
  });

  it('lets no one but the adopting school’s leaders judge the trial', async () => {
    const adoption = await takenUp(await sharedPractice());
    const judge = (user: SignedInUser) =>
      user.post(`/api/v1/practice-adoptions/${adoption}/judgement`, { judgement: 'keep' });
    expect((await judge(ownerHead)).statusCode).toBe(403);
    expect((await judge(takerStaff)).statusCode).toBe(403);
    expect((await judge(outsiderHead)).statusCode).toBe(404);
    const read = await userWith(t, { organisationId: ids.taker, role: 'leader' }, { scope: 'read' });
    expect((await judge(read)).statusCode).toBe(403);
    expect((await t.services.practices.adoption(ADMIN, adoption)).adoption.judgement).toBeNull();
  });

  it('brings a review due to the school’s leaders on home and by notification, once; judged, it goes', async () => {
    const title = `Due for review ${unique()}`;
    // The trial began seven months ago: its review date has passed.
    const adoption = await takenUp(await sharedPractice(title), ids.second, ids.owner, daysAgo(213));
    const text = `Review the trial of ${title} at Birch Primary`;
    const dueItems = async () =>
      (await t.services.home.forYou(leaderOf(ids.second))).cards
        .flatMap((c) => c.groups.flatMap((g) => g.items))
        .map((i) => i.text);
    expect(await dueItems()).toContain(text);
    expect(
      (await t.services.home.forYou(leaderOf(ids.owner))).cards
        .flatMap((c) => c.groups.flatMap((g) => g.items))
        .map((i) => i.text),
    ).not.toContain(text);
    const morning = () => trialReviewsJob.run(t.services, {}, { id: 'test', retryCount: 0, lastAttempt: true });
    await morning();
    await morning();
    const told = (await secondHead.get('/api/v1/notifications'))
      .json()
      .items.filter((n: { link: string }) => n.link === `/practices/adoptions/${adoption}#review`);
    expect(told).toHaveLength(1);
    expect(told[0].kind).toBe('trial-review-due');
    const others = (await ownerHead.get('/api/v1/notifications')).json().items;
    expect(others.some((n: { link: string }) => n.link === `/practices/adoptions/${adoption}#review`)).toBe(false);
    await values(t, MEASURE, [{ organisationId: ids.second, period: '2024/25', value: 1.1 }], 'test:later-year');
    const saved = await secondHead.form(
      `/practices/adoptions/${adoption}/review`,
      { judgement: 'keep', note: 'Reasoning improved in every class' },
      `/practices/adoptions/${adoption}`,
    );
    expect(saved.statusCode).toBe(303);
    const trial = (await secondHead.get(`/api/v1/practice-adoptions/${adoption}`)).json();
    expect(trial.adoption).toMatchObject({ judgement: 'keep', judgedOn: today() });
    expect(trial.measures[0]).toMatchObject({ baseline: { value: 0.4 }, now: { period: '2024/25', value: 1.1 } });
    expect(trial.measures[0].change).toMatch(/rose/);
    expect(
      (await secondHead.post(`/api/v1/practice-adoptions/${adoption}/judgement`, { judgement: 'stop' })).statusCode,
    ).toBe(409);
    expect(await dueItems()).not.toContain(text);
  });

  it('lets a school take it from an earlier adopter, and counts the trials on the practice', async () => {
    const id = await sharedPractice();
    const first = await takenUp(id);
    await t.services.practices.judge(leaderOf(ids.taker), first, { judgement: 'keep', note: 'It worked' });
    const taken = await secondHead.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.second,
      fromOrganisationId: ids.taker,
      adapted: ['dosage', 'staff'],
      measures: [MEASURE],
    });
    expect(taken.statusCode).toBe(201);
    const refusedSource = await secondHead.post(`/api/v1/practices/${id}/adoptions`, {
      organisationId: ids.second,
      fromOrganisationId: ids.outsider,
      measures: [MEASURE],
    });
    expect(refusedSource.statusCode).toBe(400);
    const practice = (await secondHead.get(`/api/v1/practices/${id}`)).json();
    expect(practice.trials).toEqual({ keep: 1, adapt: 0, stop: 0, running: 1 });
    expect(
      practice.adoptions.map((a: { organisationName: string; fromOrganisationName: string }) => [
        a.organisationName,
        a.fromOrganisationName,
      ]),
    ).toEqual([
      ['Alder Primary', 'Willow Primary'],
      ['Birch Primary', 'Alder Primary'],
    ]);
  });

  it('finds practice by its evidence and by “tried near me”', async () => {
    const word = `Findable${unique()}`;
    const kept = await sharedPractice(`${word} kept`);
    const untried = await sharedPractice(`${word} untried`);
    await t.services.practices.judge(leaderOf(ids.taker), await takenUp(kept), { judgement: 'keep' });
    const byEvidence = (await takerHead.get(`/api/v1/practices?q=${word}&evidence=kept`)).json();
    expect(byEvidence.items.map((p: { id: number }) => p.id)).toEqual([kept]);
    const near = (await secondHead.get(`/api/v1/practices?q=${word}&near=true`)).json();
    expect(near.items.map((p: { id: number }) => p.id).sort()).toEqual([kept, untried].sort());
    const published = await sharedPractice(`${word} published`, { published: true });
    const farAway = (await outsiderHead.get(`/api/v1/practices?q=${word}&near=true`)).json();
    expect(farAway.items).toEqual([]);
    const everyone = (await outsiderHead.get(`/api/v1/practices?q=${word}`)).json();
    expect(everyone.items.map((p: { id: number }) => p.id)).toEqual([published]);
  });
});
