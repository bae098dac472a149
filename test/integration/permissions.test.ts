import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, createToken, createUser, type TestApp } from '../test-app.js';
import { organisation, person, school, userWith } from '../factories.js';

let t: TestApp;
let schoolA: number;
let schoolB: number;
const tokens: Record<'leader' | 'member' | 'viewer' | 'outsider' | 'admin', string> = {
  leader: '',
  member: '',
  viewer: '',
  outsider: '',
  admin: '',
};

beforeAll(async () => {
  t = await createTestApp();
  schoolA = await school(t, { name: 'Alder Primary' });
  schoolB = await school(t, { name: 'Birch Primary' });
  tokens.leader = (await userWith(t, { organisationId: schoolA, role: 'leader' })).token;
  tokens.member = (await userWith(t, { organisationId: schoolA, role: 'member' })).token;
  tokens.viewer = (await userWith(t, { organisationId: schoolA, role: 'viewer' })).token;
  tokens.outsider = (await userWith(t, { organisationId: schoolB, role: 'leader' })).token;
  tokens.admin = await createToken(t.services, { isAdmin: true });
});
afterAll(async () => t?.close());

/** A new person of an organisation (the factory, named apart from the `person` of the erasure test). */
const personIn = (organisationId: number, overrides: Parameters<typeof person>[2]) =>
  person(t, organisationId, overrides);

function as(who: keyof typeof tokens, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens[who]}` } });
}

describe('who may change what', () => {
  it('lets a leader change their own organisation only', async () => {
    expect((await as('leader', 'PATCH', `/api/v1/organisations/${schoolA}`, { pupils: 210 })).statusCode).toBe(200);
    expect((await as('leader', 'PATCH', `/api/v1/organisations/${schoolB}`, { pupils: 1 })).statusCode).toBe(403);
    expect((await as('member', 'PATCH', `/api/v1/organisations/${schoolA}`, { pupils: 1 })).statusCode).toBe(403);
    expect((await as('viewer', 'PATCH', `/api/v1/organisations/${schoolA}`, { pupils: 1 })).statusCode).toBe(403);
    expect((await as('leader', 'PATCH', `/api/v1/organisations/${schoolA}`, { kind: 'employer' })).statusCode).toBe(
      403,
    );
    expect((await t.services.landscape.getOrganisation(ADMIN, schoolB)).pupils).toBeNull();
  });

  it('lets a leader tie their organisation to another, and nobody else tie two organisations that are not theirs', async () => {
    const tie = await as('leader', 'POST', '/api/v1/relationships', {
      type: 'partnership',
      fromOrganisationId: schoolA,
      toOrganisationId: schoolB,
    });
    expect(tie.statusCode).toBe(201);
    // The other end's leader may change or end it too.
    expect(
      (await as('outsider', 'PATCH', `/api/v1/relationships/${tie.json().id}`, { note: 'Shared training days' }))
        .statusCode,
    ).toBe(200);
    const other = (await t.services.landscape.createOrganisation(ADMIN, { kind: 'employer', name: 'Cedar Works' })).id;
    expect(
      (
        await as('leader', 'POST', '/api/v1/relationships', {
          type: 'partnership',
          fromOrganisationId: schoolB,
          toOrganisationId: other,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as('member', 'POST', '/api/v1/relationships', {
          type: 'partnership',
          fromOrganisationId: schoolA,
          toOrganisationId: other,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('keeps new organisations and imports for administrators', async () => {
    expect(
      (await as('leader', 'POST', '/api/v1/organisations', { kind: 'employer', name: 'Not Mine Ltd' })).statusCode,
    ).toBe(403);
    expect(
      (await as('admin', 'POST', '/api/v1/organisations', { kind: 'employer', name: 'Mine Ltd' })).statusCode,
    ).toBe(201);
  });
});

describe('personal data', () => {
  it('shows contact details to members and leaders of the person’s organisation only, and audits each read', async () => {
    const personA = await person(t, schoolA, { name: 'Ada Audited', email: 'ada.audited@alder.example' });
    expect((await as('member', 'GET', `/api/v1/people/${personA}`)).json().email).toBe('ada.audited@alder.example');
    expect((await as('leader', 'GET', `/api/v1/people/${personA}`)).json().email).toBe('ada.audited@alder.example');
    expect((await as('viewer', 'GET', `/api/v1/people/${personA}`)).json().email).toBeNull();
    expect((await as('outsider', 'GET', `/api/v1/people/${personA}`)).json().email).toBeNull();
    const list = await as('leader', 'GET', '/api/v1/people?q=Ada');
    expect(JSON.stringify(list.json())).not.toContain('ada.audited@alder.example');
    const reads = await sql<{
      n: number;
    }>`select count(*) as n from audit_log where action = 'read-personal' and entity = 'person' and entity_id = ${String(personA)}`.execute(
      t.database.db,
    );
    // The administrator who created the record read it back, then the member and the leader.
    expect(Number(reads.rows[0]!.n)).toBe(3);
  });
});

describe('sharing agreements', () => {
  it('lets a partnership see the contact details an organisation shares with it, only while the agreement lasts', async () => {
    const personA = await person(t, schoolA, { name: 'Ada Alder', email: 'ada@alder.example' });
    const trust = await organisation(t, { kind: 'academy-trust', name: 'Sharing Trust' });
    const trustMember = (await userWith(t, { organisationId: trust, role: 'member' }, { scope: 'read' })).token;
    const read = () =>
      t.app.inject({ url: `/api/v1/people/${personA}`, headers: { authorization: `Bearer ${trustMember}` } });
    expect((await read()).json().email).toBeNull();
    // Only the organisation's leader decides what it shares.
    expect(
      (
        await as('outsider', 'POST', `/api/v1/organisations/${schoolA}/sharing-agreements`, {
          partnershipId: trust,
          what: 'contact-details',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as('leader', 'POST', `/api/v1/organisations/${schoolA}/sharing-agreements`, {
          partnershipId: schoolB,
          what: 'contact-details',
        })
      ).statusCode,
    ).toBe(400);
    const created = await as('leader', 'POST', `/api/v1/organisations/${schoolA}/sharing-agreements`, {
      partnershipId: trust,
      what: 'contact-details',
    });
    expect(created.statusCode).toBe(201);
    expect((await read()).json().email).toBe('ada@alder.example');
    expect((await as('leader', 'POST', `/api/v1/sharing-agreements/${created.json().id}/end`, {})).statusCode).toBe(
      200,
    );
    // Ended today: still in force until the day is over.
    const agreements = (await as('leader', 'GET', `/api/v1/organisations/${schoolA}/sharing-agreements`)).json().items;
    expect(agreements[0]).toMatchObject({
      partnershipName: 'Sharing Trust',
      what: 'contact-details',
      endDate: new Date().toISOString().slice(0, 10),
    });
  });
});

describe('the audit trail', () => {
  it('records writes with who, what and from where, and refuses any change to an entry', async () => {
    const other = await organisation(t, { kind: 'employer', name: 'Audited Works' });
    const tie = await as('leader', 'POST', '/api/v1/relationships', {
      type: 'partnership',
      fromOrganisationId: schoolA,
      toOrganisationId: other,
    });
    expect(tie.statusCode).toBe(201);
    expect(
      (await as('leader', 'PATCH', `/api/v1/relationships/${tie.json().id}`, { note: 'Work experience' })).statusCode,
    ).toBe(200);
    const rows = await sql<{
      action: string;
      entity: string;
      ip: string | null;
    }>`select action, entity, ip from audit_log where entity = 'relationship' and entity_id = ${String(tie.json().id)} order by id`.execute(
      t.database.db,
    );
    expect(rows.rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(rows.rows[0]!.ip).toBe('127.0.0.1');
    await expect(sql`update audit_log set action = 'nothing'`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('writes a change and its audit entry together or not at all', async () => {
    // Make recording an update impossible for a moment: the change it describes must not happen either.
    await sql`alter table audit_log add constraint refuse_updates_for_test check (action <> 'update') not valid`.execute(
      t.database.db,
    );
    try {
      const refused = await as('leader', 'PATCH', `/api/v1/organisations/${schoolA}`, { pupils: 999 });
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect((await t.services.landscape.getOrganisation(ADMIN, schoolA)).pupils).not.toBe(999);
    } finally {
      await sql`alter table audit_log drop constraint refuse_updates_for_test`.execute(t.database.db);
    }
    expect((await as('leader', 'PATCH', `/api/v1/organisations/${schoolA}`, { pupils: 999 })).statusCode).toBe(200);
  });

  it('shows a leader the entries about their organisation only, and exports them as CSV', async () => {
    // An entry about an organisation that is not theirs.
    expect(
      (await as('admin', 'POST', '/api/v1/organisations', { kind: 'employer', name: 'Mine Ltd' })).statusCode,
    ).toBe(201);
    const leaderEntries = (await as('leader', 'GET', '/api/v1/audit')).json().items as Array<{
      organisationIds: number[];
    }>;
    expect(leaderEntries.length).toBeGreaterThan(0);
    expect(leaderEntries.every((e) => e.organisationIds.includes(schoolA))).toBe(true);
    expect((await as('member', 'GET', '/api/v1/audit')).statusCode).toBe(403);
    const all = (await as('admin', 'GET', '/api/v1/audit')).json().items;
    expect(all.length).toBeGreaterThan(leaderEntries.length);
    const { browser } = await userWith(t, { organisationId: schoolA, role: 'leader' });
    const csv = await browser.get('/audit.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('id,at,actor,ip,action,entity,entity_id,organisation_ids,detail');
    expect(csv.body).not.toContain('Mine Ltd');
  });
});

describe('members of an organisation', () => {
  it('lets its leader add and remove members on its page', async () => {
    const { browser } = await userWith(t, { organisationId: schoolB, role: 'leader' });
    const newcomer = await createUser(t.services);
    const page = await browser.get(`/organisations/${schoolB}`);
    expect(page.body).toContain('Members of Birch Primary in Syslead');
    const added = await browser.post(`/organisations/${schoolB}/members`, { email: newcomer.email, role: 'member' });
    expect(added.statusCode).toBe(303);
    expect((await t.services.accounts.listMembers(ADMIN, schoolB)).map((m) => m.email)).toContain(newcomer.email);
    const other = await browser.get(`/organisations/${schoolA}`);
    expect(other.body).not.toContain('Members of Alder Primary');
    const refused = await browser.post(`/organisations/${schoolA}/members`, { email: newcomer.email, role: 'leader' });
    expect(refused.statusCode).toBe(403);
  });
});

describe('data subject requests', () => {
  it('exports everything held about a person and erases them, keeping only the record that it happened', async () => {
    const person = { id: await personIn(schoolA, { name: 'Erin Erase', email: 'erin@alder.example' }) };
    await t.services.landscape.createRoleAssignment(ADMIN, {
      personId: person.id,
      roleCode: 'specialist-leader',
      organisationId: schoolA,
      startDate: '2024-09-01',
    });
    expect((await as('leader', 'GET', `/api/v1/people/${person.id}/export`)).statusCode).toBe(403);
    const exported = (await as('admin', 'GET', `/api/v1/people/${person.id}/export`)).json();
    expect(exported.person).toMatchObject({ name: 'Erin Erase', email: 'erin@alder.example' });
    expect(exported.roleAssignments.map((r: { roleCode: string }) => r.roleCode)).toEqual(['specialist-leader']);
    expect((await as('leader', 'POST', `/api/v1/people/${person.id}/erase`, {})).statusCode).toBe(403);
    const erased = await as('admin', 'POST', `/api/v1/people/${person.id}/erase`, {});
    expect(erased.json()).toEqual({ roleAssignments: 1 });
    expect((await as('admin', 'GET', `/api/v1/people/${person.id}`)).statusCode).toBe(404);
    const trail = await sql<{
      action: string;
      detail: unknown;
    }>`select action, detail from audit_log where entity = 'person' and entity_id = ${String(person.id)} order by id`.execute(
      t.database.db,
    );
    expect(trail.rows.map((r) => r.action)).toContain('erase');
    expect(JSON.stringify(trail.rows)).not.toMatch(/Erin|erin@/);
  });
});
