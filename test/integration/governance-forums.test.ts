/**
 * Forums of governing together: who sees a forum and its papers (public, partnership, forum-only),
 * who conducts its business, the agenda opening with the system issues log, recommendations only
 * to the forum fed and their answers told, a closed election that nothing changes, and the forum
 * as an organisation of the landscape that only governance makes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderOf, member, school, staffOf, trust, unique, userWith, type SignedInUser } from '../factories.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { until } from '../until.js';

let t: TestApp;
beforeAll(async () => {
  // Every test signs several people in.
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
});
afterAll(async () => t?.close());

interface World {
  partnership: number;
  school: number;
  lead: SignedInUser;
  staff: SignedInUser;
  outsider: SignedInUser;
}

/** A trust with a member school: its leader, a member of the school's staff, and a leader elsewhere. */
async function world(): Promise<World> {
  const partnership = await trust(t);
  const schoolId = await school(t);
  await member(t, schoolId, partnership);
  const [lead, staff, outsider] = await Promise.all([
    userWith(t, { organisationId: partnership, role: 'leader' }),
    userWith(t, { organisationId: schoolId, role: 'member' }),
    userWith(t, { organisationId: await school(t), role: 'leader' }),
  ]);
  return { partnership, school: schoolId, lead, staff, outsider };
}

/** A forum made through the API by the partnership's leader; returns its id. */
async function forum(
  w: World,
  input: { visibility: 'public' | 'partnership' | 'forum'; kind?: string; feedsId?: number; name?: string },
): Promise<number> {
  const response = await w.lead.post(`/api/v1/governance/partnerships/${w.partnership}/forums`, {
    name: input.name ?? `Forum ${unique()}`,
    kind: input.kind ?? 'partnership-board',
    visibility: input.visibility,
    purpose: 'To govern the partnership together',
    ...(input.feedsId ? { feedsId: input.feedsId } : {}),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** A forum's lead, who works at the partnership too (as a forum's chair or clerk mostly does). */
const lead = async (forumId: number) => {
  const user = await userWith(t, { organisationId: forumId, role: 'leader' });
  const { partnershipId } = (await t.services.governance.forumOf(forumId))!;
  await t.services.accounts.setMembership(ADMIN, { email: user.email, organisationId: partnershipId, role: 'member' });
  return user;
};
const today = () => new Date().toISOString().slice(0, 10);
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('a forum as an organisation of the landscape', () => {
  it('is made by the partnership’s leader as an organisation of kind forum, tied to the partnership but not one of its members', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'partnership', name: 'Elm Partnership Board' });
    const organisation = await t.services.landscape.getOrganisation(ADMIN, id);
    expect(organisation).toMatchObject({ kind: 'forum', name: 'Elm Partnership Board' });
    const ties = await sql<{ type: string; from_organisation_id: number; to_organisation_id: number }>`
      select type, from_organisation_id, to_organisation_id from relationships where from_organisation_id = ${id}`.execute(
      t.database.db,
    );
    expect(ties.rows).toEqual([{ type: 'partnership', from_organisation_id: id, to_organisation_id: w.partnership }]);
    // Not a member: an account of the forum alone is not one of the partnership's people.
    expect(await t.services.landscape.organisationAndMembers(ADMIN, w.partnership)).not.toContain(id);
    expect(await t.services.landscape.partnershipsOf([id])).toEqual([]);
    const onlyForum = await userWith(t, { organisationId: id, role: 'member' });
    expect((await onlyForum.get(`/api/v1/system-issues/${w.partnership}`)).statusCode).toBe(404);
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where entity = 'organisation' and entity_id = ${String(id)} and action = 'create'`.execute(t.database.db);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('is refused by the landscape’s own form and API, which send people to governance', async () => {
    const admin = await userWith(t, null, { isAdmin: true });
    const api = await admin.post('/api/v1/organisations', { kind: 'forum', name: `Forum ${unique()}` });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.message).toBe('Forums are made from a partnership’s governance page');
    const page = await admin.form('/organisations', { kind: 'forum', name: `Forum ${unique()}` }, '/organisations/new');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Forums are made from a partnership’s governance page');
    const other = await t.services.landscape.createOrganisation(ADMIN, { kind: 'school', name: `School ${unique()}` });
    await expect(t.services.landscape.updateOrganisation(ADMIN, other.id, { kind: 'forum' })).rejects.toThrow(
      /governance page/,
    );
  });

  it('is made by no one but a leader of the partnership', async () => {
    const w = await world();
    const body = { name: 'Board', kind: 'partnership-board', visibility: 'partnership' };
    const url = `/api/v1/governance/partnerships/${w.partnership}/forums`;
    expect((await w.staff.post(url, body)).statusCode).toBe(403);
    expect((await w.outsider.post(url, body)).statusCode).toBe(404);
    const admin = await userWith(t, null, { isAdmin: true });
    expect((await admin.post(url, body)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, payload: body })).statusCode).toBe(401);
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from forums where partnership_id = ${w.partnership}`.execute(t.database.db);
    expect(count.rows[0]!.n).toBe(0);
  });

  it('is made on the partnership’s forums page, which keeps what was typed and shows what feeds what', async () => {
    const w = await world();
    const board = await forum(w, { visibility: 'partnership', name: 'Ash Board' });
    const url = `/governance/${w.partnership}/forums`;
    const missing = await w.lead.form(url, { name: 'Ash Pupil Forum', kind: 'pupil' }, url);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('value="Ash Pupil Forum"');
    const made = await w.lead.form(
      url,
      { name: 'Ash Pupil Forum', kind: 'pupil', feedsId: String(board), visibility: 'partnership' },
      url,
    );
    expect(made.statusCode).toBe(303);
    const list = await w.staff.page(url);
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/Ash Pupil Forum<\/a><\/th>\s*<td[^>]*>Pupil forum<\/td>\s*<td[^>]*>Ash Board<\/td>/);
    expect(list.body).not.toContain('Make a forum');
    expect((await w.outsider.page(url)).statusCode).toBe(404);
    const pupils = Number(/\/forums\/(\d+)/.exec(made.headers.location as string)![1]);
    const chair = await lead(pupils);
    const memberId = (
      await chair.post(`/api/v1/forums/${pupils}/members`, { name: 'Kai Patel', role: 'member', termFrom: days(-30) })
    ).json().id;
    const [year, month, day] = today().split('-');
    const left = await chair.form(
      `/forums/${pupils}/members/${memberId}`,
      { role: 'vice-chair', 'leftOn-day': day!, 'leftOn-month': month!, 'leftOn-year': year! },
      `/forums/${pupils}/members/${memberId}`,
    );
    expect(left.statusCode).toBe(303);
    const page = await chair.page(`/forums/${pupils}`);
    expect(page.body).toContain('Past members: Kai Patel');
    expect((await chair.page(`/forums/${board}`)).body).toContain('Ash Pupil Forum');
    expect((await w.staff.page(`/forums/${pupils}/members/${memberId}`)).statusCode).toBe(404);
  });

  it('refuses a forum to feed that is not the partnership’s', async () => {
    const w = await world();
    const elsewhere = await world();
    const theirs = await forum(elsewhere, { visibility: 'partnership' });
    const response = await w.lead.post(`/api/v1/governance/partnerships/${w.partnership}/forums`, {
      name: 'Pupil forum',
      kind: 'pupil',
      visibility: 'partnership',
      feedsId: theirs,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'feedsId' });
  });
});

describe('who sees a forum', () => {
  it('hides a forum-only forum from the partnership’s people outside it and from an administrator', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'forum', name: `Closed board ${unique()}` });
    const admin = await userWith(t, null, { isAdmin: true });
    expect((await w.staff.get(`/api/v1/forums/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/forums/${id}`)).statusCode).toBe(404);
    expect((await w.staff.page(`/forums/${id}`)).statusCode).toBe(404);
    expect((await admin.page(`/forums/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/forums/${id}` })).statusCode).toBe(404);
    const list = (await w.staff.get(`/api/v1/governance/partnerships/${w.partnership}/forums`)).json();
    expect(list.forums.map((f: { id: number }) => f.id)).not.toContain(id);
    const insider = await userWith(t, { organisationId: id, role: 'member' });
    expect((await insider.get(`/api/v1/forums/${id}`)).statusCode).toBe(200);
  });

  it('hides a partnership forum from an outsider and a visitor, and shows it to the partnership’s people', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'partnership' });
    expect((await w.outsider.get(`/api/v1/forums/${id}`)).statusCode).toBe(404);
    expect((await w.outsider.page(`/forums/${id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/forums/${id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/forums/${id}` })).statusCode).toBe(401);
    expect((await w.outsider.get(`/api/v1/governance/partnerships/${w.partnership}/forums`)).statusCode).toBe(404);
    expect((await w.staff.get(`/api/v1/forums/${id}`)).statusCode).toBe(200);
    const viewer = await userWith(t, { organisationId: w.school, role: 'viewer' });
    expect((await viewer.get(`/api/v1/forums/${id}`)).statusCode).toBe(404);
  });

  it('shows a public forum, its public papers and its minutes without signing in, but not its forum-only paper', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'public', name: `Open forum ${unique()}` });
    const chair = await lead(id);
    const meetingId = (await chair.post(`/api/v1/forums/${id}/meetings`, { title: 'Spring', heldOn: days(-1) })).json()
      .id;
    const open = (
      await chair.post(`/api/v1/forums/meetings/${meetingId}/papers`, {
        title: 'Annual report',
        body: 'What the forum did',
        visibility: 'public',
      })
    ).json().id;
    const closed = (
      await chair.post(`/api/v1/forums/meetings/${meetingId}/papers`, {
        title: 'Confidential matter',
        body: 'Only for the forum',
        visibility: 'forum',
      })
    ).json().id;
    expect(
      (await chair.post(`/api/v1/forums/meetings/${meetingId}/minutes`, { minutes: 'The forum agreed its plan.' }))
        .statusCode,
    ).toBe(200);

    const visitor = new TestBrowser(t.app);
    const page = await visitor.get(`/forums/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Open forum');
    expect(page.body).toContain('listed to the people of its partnership');
    const meeting = await visitor.get(`/forums/meetings/${meetingId}`);
    expect(meeting.statusCode).toBe(200);
    expect(meeting.body).toContain('The forum agreed its plan.');
    expect(meeting.body).toContain('Annual report');
    expect(meeting.body).not.toContain('Confidential matter');
    expect((await visitor.get(`/forums/papers/${open}`)).statusCode).toBe(200);
    expect((await visitor.get(`/forums/papers/${closed}`)).statusCode).toBe(404);
    expect((await w.staff.page(`/forums/papers/${closed}`)).statusCode).toBe(404);
    expect((await w.staff.get(`/api/v1/forums/papers/${closed}`)).statusCode).toBe(404);
    expect((await chair.get(`/api/v1/forums/papers/${closed}`)).statusCode).toBe(200);
  });

  it('never lets a paper be read more widely than its forum', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'partnership' });
    const chair = await lead(id);
    const meetingId = (await chair.post(`/api/v1/forums/${id}/meetings`, { title: 'Summer', heldOn: today() })).json()
      .id;
    const paperId = (
      await chair.post(`/api/v1/forums/meetings/${meetingId}/papers`, { title: 'Budget', visibility: 'public' })
    ).json().id;
    const paper = (await chair.get(`/api/v1/forums/papers/${paperId}`)).json();
    expect(paper.paper.visibility).toBe('partnership');
    expect((await t.app.inject({ url: `/forums/papers/${paperId}` })).statusCode).toBe(404);
    expect((await w.outsider.get(`/api/v1/forums/papers/${paperId}`)).statusCode).toBe(404);
    expect((await w.staff.get(`/api/v1/forums/papers/${paperId}`)).statusCode).toBe(200);
  });
});

describe('conducting a forum’s business', () => {
  it('refuses a member who does not lead the forum, and the partnership’s staff, to plan, minute or recommend', async () => {
    const w = await world();
    const board = await forum(w, { visibility: 'partnership' });
    const pupils = await forum(w, { visibility: 'partnership', kind: 'pupil', feedsId: board });
    const chair = await lead(pupils);
    const meetingId = (
      await chair.post(`/api/v1/forums/${pupils}/meetings`, { title: 'Term 1', heldOn: today() })
    ).json().id;
    const plain = await userWith(t, { organisationId: pupils, role: 'member' });
    for (const user of [plain, w.staff]) {
      expect((await user.post(`/api/v1/forums/${pupils}/meetings`, { title: 'X', heldOn: today() })).statusCode).toBe(
        403,
      );
      expect((await user.post(`/api/v1/forums/meetings/${meetingId}/minutes`, { minutes: 'M' })).statusCode).toBe(403);
      expect(
        (await user.post(`/api/v1/forums/${pupils}/recommendations`, { toForumId: board, title: 'More clubs' }))
          .statusCode,
      ).toBe(403);
    }
    const [year, month, day] = today().split('-');
    const page = await plain.form(
      `/forums/${pupils}/meetings`,
      { title: 'X', 'heldOn-day': day!, 'heldOn-month': month!, 'heldOn-year': year! },
      `/forums/${pupils}`,
    );
    expect(page.statusCode).toBe(403);
    expect((await w.outsider.post(`/api/v1/forums/meetings/${meetingId}/minutes`, { minutes: 'M' })).statusCode).toBe(
      404,
    );
    const minutes = await sql<{ minutes: string | null }>`select minutes from meetings where id = ${meetingId}`.execute(
      t.database.db,
    );
    expect(minutes.rows[0]!.minutes).toBeNull();
  });

  it('opens a meeting’s agenda with the system issues log, then the recommendations waiting, then other business', async () => {
    const w = await world();
    const board = await forum(w, { visibility: 'partnership' });
    const pupils = await forum(w, { visibility: 'partnership', kind: 'pupil', feedsId: board });
    const pupilChair = await lead(pupils);
    const chair = await lead(board);
    const issueId = await t.services['system-issues'].raise(staffOf(w.school), w.partnership, {
      title: 'Transfers lose records',
      whatHappened: 'Records arrived after the pupil did',
      whereFailed: 'No common date for sending records',
    });
    const recommendation = await pupilChair.post(`/api/v1/forums/${pupils}/recommendations`, {
      toForumId: board,
      title: 'A buddy for every new pupil',
    });
    expect(recommendation.statusCode).toBe(201);
    const meetingId = (await chair.post(`/api/v1/forums/${board}/meetings`, { title: 'Board', heldOn: today() })).json()
      .id;
    expect(
      (await chair.post(`/api/v1/forums/meetings/${meetingId}/items`, { title: 'Any other business' })).statusCode,
    ).toBe(201);
    const meeting = (await chair.get(`/api/v1/forums/meetings/${meetingId}`)).json();
    expect(meeting.items.map((i: { title: string; source: string }) => [i.source, i.title])).toEqual([
      ['system-issue', 'System issue: Transfers lose records'],
      ['recommendation', expect.stringContaining('A buddy for every new pupil')],
      ['other', 'Any other business'],
    ]);
    const refs = await sql<{ ref_id: number }>`select ref_id from meeting_items where meeting_id = ${meetingId}
      and source = 'system-issue'`.execute(t.database.db);
    expect(refs.rows[0]!.ref_id).toBe(issueId);
  });

  it('records minutes only once a meeting is held, and audits each save', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'partnership' });
    const chair = await lead(id);
    const future = (await chair.post(`/api/v1/forums/${id}/meetings`, { title: 'Later', heldOn: days(30) })).json().id;
    const early = await chair.post(`/api/v1/forums/meetings/${future}/minutes`, { minutes: 'Too soon' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/once the meeting has been held/);
    const held = (await chair.post(`/api/v1/forums/${id}/meetings`, { title: 'Now', heldOn: today() })).json().id;
    await chair.post(`/api/v1/forums/meetings/${held}/minutes`, { minutes: 'First draft' });
    await chair.post(`/api/v1/forums/meetings/${held}/minutes`, { minutes: 'Agreed minutes' });
    expect((await chair.get(`/api/v1/forums/meetings/${held}`)).json().meeting).toMatchObject({
      status: 'held',
      minutes: 'Agreed minutes',
    });
    const audit = await sql<{ action: string }>`select action from audit_log where entity = 'meeting'
      and entity_id = ${String(held)} order by id`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'minutes', 'edit-minutes']);
  });

  it('keeps the members and their attendance, and gives them as CSV to the partnership’s people only', async () => {
    const w = await world();
    const id = await forum(w, { visibility: 'public' });
    const chair = await lead(id);
    const memberId = (
      await chair.post(`/api/v1/forums/${id}/members`, { name: 'Sam Okafor', role: 'champion', termFrom: days(-10) })
    ).json().id;
    const meetingId = (await chair.post(`/api/v1/forums/${id}/meetings`, { title: 'Autumn', heldOn: today() })).json()
      .id;
    const attendance = await chair.form(
      `/forums/meetings/${meetingId}/attendance`,
      { [`status-${memberId}`]: 'apologies' },
      `/forums/meetings/${meetingId}`,
    );
    expect(attendance.statusCode).toBe(303);
    const csv = await w.staff.page(`/forums/${id}/members.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Sam Okafor,champion');
    expect(csv.body).toContain('apologies');
    expect((await w.outsider.page(`/forums/${id}/members.csv`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/forums/${id}/members.csv` })).statusCode).toBe(303);
    const left = await chair.post(`/api/v1/forums/${id}/members/${memberId}`, { leftOn: days(-20) });
    expect(left.statusCode).toBe(400);
  });
});

describe('recommendations', () => {
  it('go only to the forum fed; its leads are told, see it on their home and answer; the recommenders are told', async () => {
    const w = await world();
    const board = await forum(w, { visibility: 'partnership', name: `Board ${unique()}` });
    const other = await forum(w, { visibility: 'partnership' });
    const pupils = await forum(w, { visibility: 'partnership', kind: 'pupil', feedsId: board, name: 'Pupil voice' });
    const pupilChair = await lead(pupils);
    const chair = await lead(board);
    const wrong = await pupilChair.post(`/api/v1/forums/${pupils}/recommendations`, {
      toForumId: other,
      title: 'Longer lunch',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('A forum recommends to the forum it feeds, and to no other');

    const made = await pupilChair.form(
      `/forums/${pupils}/recommendations`,
      { toForumId: String(board), title: 'Longer lunch', body: 'To play outside' },
      `/forums/${pupils}`,
    );
    expect(made.statusCode).toBe(303);
    const id = Number(/recommendations\/(\d+)/.exec(made.headers.location as string)![1]);

    const told = await until('the board chair’s notification', async () => {
      const list = (await chair.get('/api/v1/notifications')).json() as {
        items: Array<{ kind: string; link: string }>;
      };
      return list.items.find((n) => n.kind === 'forum-recommendation-made');
    });
    expect(told.link).toBe(`/forums/recommendations/${id}`);
    expect((await chair.page('/')).body).toContain('Answer the recommendation of Pupil voice');
    expect(
      (await pupilChair.post(`/api/v1/forums/recommendations/${id}/answer`, { response: 'accepted', answer: 'Yes' }))
        .statusCode,
    ).toBe(403);
    expect((await w.outsider.get(`/api/v1/forums/recommendations/${id}`)).statusCode).toBe(404);

    const empty = await chair.form(`/forums/recommendations/${id}/answer`, {}, `/forums/recommendations/${id}`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    const answered = await chair.form(
      `/forums/recommendations/${id}/answer`,
      { response: 'partly', answer: 'Ten minutes more on Fridays' },
      `/forums/recommendations/${id}`,
    );
    expect(answered.statusCode).toBe(303);
    expect(
      (await chair.post(`/api/v1/forums/recommendations/${id}/answer`, { response: 'declined', answer: 'No' }))
        .statusCode,
    ).toBe(409);
    await until('the pupil chair’s notification', async () => {
      const list = (await pupilChair.get('/api/v1/notifications')).json() as { items: Array<{ kind: string }> };
      return list.items.some((n) => n.kind === 'forum-recommendation-answered');
    });
    expect((await pupilChair.get(`/api/v1/forums/recommendations/${id}`)).json().recommendation).toMatchObject({
      response: 'partly',
      answer: 'Ten minutes more on Fridays',
    });
    expect((await chair.page('/')).body).not.toContain('Answer the recommendation of Pupil voice');
  });
});

describe('elections', () => {
  /** An advisory board's election of one seat by peers, with two candidates and their votes, open still. */
  async function election() {
    const w = await world();
    const id = await forum(w, { visibility: 'partnership', kind: 'advisory' });
    const chair = await lead(id);
    const governance = t.services.governance;
    const electionId = await governance.openElection(leaderOf(id), id, {
      title: 'Heads’ seats',
      seats: 1,
      electorate: 'peers',
      opensOn: days(-7),
      closesOn: today(),
    });
    const ana = await governance.addCandidate(leaderOf(id), electionId, { name: 'Ana Ruiz' });
    const ben = await governance.addCandidate(leaderOf(id), electionId, { name: 'Ben Hart' });
    return { w, id, chair, electionId, ana, ben };
  }

  it('closes with its turnout, elects the most votes and adds them as members, and then refuses every change', async () => {
    const { w, id, chair, electionId, ana, ben } = await election();
    expect((await w.staff.post(`/api/v1/forums/elections/${electionId}/close`, { turnout: 9 })).statusCode).toBe(403);
    const votes = await chair.form(
      `/forums/elections/${electionId}/votes`,
      { [`votes-${ana}`]: '7', [`votes-${ben}`]: '4' },
      `/forums/elections/${electionId}`,
    );
    expect(votes.statusCode).toBe(303);
    expect((await chair.post(`/api/v1/forums/elections/${electionId}/close`, { turnout: 11 })).statusCode).toBe(200);

    const closed = (await chair.get(`/api/v1/forums/elections/${electionId}`)).json();
    expect(closed.election).toMatchObject({ closed: true, turnout: 11 });
    expect(
      closed.candidates.filter((c: { elected: boolean }) => c.elected).map((c: { name: string }) => c.name),
    ).toEqual(['Ana Ruiz']);
    const members = (await chair.get(`/api/v1/forums/${id}`)).json().members;
    expect(members).toEqual([expect.objectContaining({ name: 'Ana Ruiz', electionId, termFrom: today() })]);

    for (const [url, body] of [
      [`/api/v1/forums/elections/${electionId}/candidates`, { name: 'Late' }],
      [`/api/v1/forums/elections/${electionId}/votes`, { votes: [{ candidateId: ben, votes: 99 }] }],
      [`/api/v1/forums/elections/${electionId}/close`, { turnout: 1 }],
    ] as const) {
      const response = await chair.post(url, body);
      expect(response.statusCode, url).toBe(409);
      expect(response.json().error.message).toMatch(/has closed/);
    }
    const page = await chair.form(
      `/forums/elections/${electionId}/votes`,
      { [`votes-${ben}`]: '99' },
      `/forums/elections/${electionId}`,
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('This election has closed');
    expect(
      (await chair.get(`/api/v1/forums/elections/${electionId}`))
        .json()
        .candidates.map((c: { votes: number }) => c.votes),
    ).toEqual([7, 4]);
  });

  it('asks who was elected when the last seat is tied', async () => {
    const { id, electionId, ana, ben } = await election();
    const governance = t.services.governance;
    await governance.recordVotes(leaderOf(id), electionId, {
      votes: [
        { candidateId: ana, votes: 5 },
        { candidateId: ben, votes: 5 },
      ],
    });
    await expect(governance.closeElection(leaderOf(id), electionId, { turnout: 10 })).rejects.toThrow(/tied/);
    await governance.closeElection(leaderOf(id), electionId, { turnout: 10, electedIds: [ben] });
    expect((await governance.election(leaderOf(id), electionId)).candidates.find((c) => c.elected)?.name).toBe(
      'Ben Hart',
    );
  });

  it('is kept by the database once closed, whatever writes to it', async () => {
    const { id, electionId, ana, ben } = await election();
    const governance = t.services.governance;
    await governance.closeElection(leaderOf(id), electionId, { turnout: 3, electedIds: [ana] });
    const db = t.database.db;
    await expect(sql`update elections set turnout = 1 where id = ${electionId}`.execute(db)).rejects.toThrow(
      /closed and cannot be changed/,
    );
    await expect(sql`update election_candidates set votes = 99 where id = ${ben}`.execute(db)).rejects.toThrow(
      /closed and cannot be changed/,
    );
    await expect(
      sql`insert into election_candidates (election_id, name) values (${electionId}, 'Late')`.execute(db),
    ).rejects.toThrow(/closed and cannot be changed/);
    await expect(sql`delete from election_candidates where id = ${ana}`.execute(db)).rejects.toThrow(
      /closed and cannot be changed/,
    );
    await expect(governance.addCandidate(leaderOf(id), electionId, { name: 'Late' })).rejects.toThrow(/has closed/);
  });
});
