import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, type TestApp } from '../test-app.js';
import { localAuthority, school as schoolIn, uniqueLaCode, uniqueUrn } from '../factories.js';

let t: TestApp;
let admin: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = { authorization: `Bearer ${await createToken(t.services, { isAdmin: true })}` };
  reader = { authorization: `Bearer ${await createToken(t.services)}` };
});
afterAll(async () => t?.close());

async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = admin) {
  return t.app.inject({ method, url, payload: payload as object, headers });
}

async function counts() {
  return t.services.landscape.summary({
    userId: 0,
    email: '',
    name: '',
    isAdmin: true,
    mustChangePassword: false,
    memberships: [],
  });
}

describe('organisations', () => {
  it('creates a local authority and a school in it, and reads them back', async () => {
    const la = await api('POST', '/api/v1/organisations', {
      kind: 'local-authority',
      name: 'Testshire County Council',
      laCode: '998',
    });
    expect(la.statusCode).toBe(201);
    const laId = la.json().id;
    const school = await api('POST', '/api/v1/organisations', {
      kind: 'school',
      name: 'Hazel Lane Primary School',
      urn: 998001,
      localAuthorityId: laId,
      phase: 'primary',
      pupils: 210,
      fsmPercent: 23.5,
      postcode: 'te1 2ab',
      openedOn: '2001-09-01',
    });
    expect(school.statusCode).toBe(201);
    const schoolId = school.json().id;
    const read = await api('GET', `/api/v1/organisations/${schoolId}`, undefined, reader);
    expect(read.json()).toMatchObject({
      name: 'Hazel Lane Primary School',
      urn: 998001,
      localAuthorityName: 'Testshire County Council',
      postcode: 'TE1 2AB',
      fsmPercent: 23.5,
      openedOn: '2001-09-01',
      status: 'open',
      widerSystem: 'education',
    });
  });

  it('lists every problem of a bad body at once and writes nothing', async () => {
    const before = await counts();
    const response = await api('POST', '/api/v1/organisations', {
      kind: 'castle',
      name: '',
      urn: 12,
      pupils: -3,
      fsmPercent: 140,
      postcode: 'nope',
      colour: 'red',
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation');
    const fields = new Set((body.error.details as Array<{ field: string }>).map((d) => d.field));
    for (const field of ['kind', 'name', 'urn', 'pupils', 'fsmPercent', 'postcode', 'colour'])
      expect(fields, field).toContain(field);
    expect((await counts()).organisations).toBe(before.organisations);
  });

  it('checks rules that span fields and records, listing each', async () => {
    const schoolId = await schoolIn(t); // not a local authority
    const before = await counts();
    const response = await api('POST', '/api/v1/organisations', {
      kind: 'school',
      name: 'Odd School',
      laCode: '997',
      localAuthorityId: schoolId,
      openedOn: '2020-01-01',
      closedOn: '2019-01-01',
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().error.details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(['closedOn', 'laCode', 'localAuthorityId']);
    expect((await counts()).organisations).toBe(before.organisations);
  });

  it('refuses a second school with the same URN as a conflict', async () => {
    const urn = uniqueUrn();
    await schoolIn(t, { urn });
    const response = await api('POST', '/api/v1/organisations', { kind: 'school', name: 'Copy', urn });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0].field).toBe('urn');
  });

  it('updates only what is sent, and null clears a fact', async () => {
    const schoolId = await schoolIn(t, { name: 'Rowan Lane Primary School', pupils: 210, fsmPercent: 23.5 });
    const response = await api('PATCH', `/api/v1/organisations/${schoolId}`, { pupils: 230, fsmPercent: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ pupils: 230, fsmPercent: null, name: 'Rowan Lane Primary School' });
    expect((await api('PATCH', `/api/v1/organisations/${schoolId}`, {})).statusCode).toBe(400);
    expect((await api('PATCH', `/api/v1/organisations/${schoolId}`, { name: null })).statusCode).toBe(400);
  });

  it('filters by kind, phase, local authority, status and name or URN, with pages', async () => {
    // A local authority and a school of its own; no other test makes secondary or closed schools.
    const laCode = uniqueLaCode();
    const laId = await localAuthority(t, { laCode });
    const urn = uniqueUrn();
    const schoolId = await schoolIn(t, {
      name: 'Juniper Lane Primary School',
      urn,
      localAuthorityId: laId,
      phase: 'primary',
    });
    for (let i = 0; i < 5; i++)
      await api('POST', '/api/v1/organisations', {
        kind: 'school',
        name: `Filter Test School ${i}`,
        localAuthorityId: laId,
        phase: i < 3 ? 'secondary' : 'primary',
        status: i === 4 ? 'closed' : 'open',
      });
    const byLa = (
      await api('GET', `/api/v1/organisations?la=${laCode}&kind=school&perPage=2&page=2`, undefined, reader)
    ).json();
    expect(byLa.total).toBe(6);
    expect(byLa.items).toHaveLength(2);
    expect(byLa.page).toBe(2);
    const secondary = (await api('GET', '/api/v1/organisations?phase=secondary', undefined, reader)).json();
    expect(secondary.items.map((o: { name: string }) => o.name)).toEqual([
      'Filter Test School 0',
      'Filter Test School 1',
      'Filter Test School 2',
    ]);
    const closed = (await api('GET', '/api/v1/organisations?status=closed', undefined, reader)).json();
    expect(closed.items.map((o: { name: string }) => o.name)).toEqual(['Filter Test School 4']);
    expect((await api('GET', `/api/v1/organisations?q=${urn}`, undefined, reader)).json().items[0].id).toBe(schoolId);
    expect((await api('GET', '/api/v1/organisations?q=juniper', undefined, reader)).json().total).toBe(1);
    expect((await api('GET', '/api/v1/organisations?q=%25', undefined, reader)).json().total).toBe(0);
    expect((await api('GET', '/api/v1/organisations?perPage=5000', undefined, reader)).statusCode).toBe(400);
  });

  it('answers 404 for an organisation that does not exist, and 400 for a bad id', async () => {
    expect((await api('GET', '/api/v1/organisations/999999', undefined, reader)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/organisations/abc', undefined, reader)).statusCode).toBe(400);
  });

  it('lets only administrators change the landscape', async () => {
    const schoolId = await schoolIn(t);
    const response = await api('POST', '/api/v1/organisations', { kind: 'employer', name: 'Not Allowed Ltd' }, reader);
    expect(response.statusCode).toBe(403);
    expect((await api('PATCH', `/api/v1/organisations/${schoolId}`, { pupils: 1 }, reader)).statusCode).toBe(403);
  });
});

describe('people and roles', () => {
  it('serves the role taxonomy with the codes and origins it must have', async () => {
    const roles = (await api('GET', '/api/v1/roles', undefined, reader)).json().items as Array<{
      code: string;
      origin: string;
      category: number | null;
    }>;
    const origin = Object.fromEntries(roles.map((r) => [r.code, r.origin]));
    for (const code of [
      'executive-head-federation',
      'support-school-in-difficulty',
      'community-partnership-broker',
      'challenging-circumstances-head',
    ])
      expect(origin[code]).toBe('local');
    for (const code of [
      'consultant-leader',
      'mentor-head',
      'school-improvement-partner',
      'national-leader-of-education',
    ])
      expect(origin[code]).toBe('national');
    expect(origin['other-system-role']).toBe('other');
    expect(roles.find((r) => r.code === 'national-leader-of-education')!.category).toBe(5);
  });

  it('adds a person, gives them two roles and finds them by role', async () => {
    const org = (await api('POST', '/api/v1/organisations', { kind: 'school', name: 'Role Test School' })).json();
    const person = await api('POST', '/api/v1/people', {
      name: 'Ada Example',
      jobTitle: 'Headteacher',
      organisationId: org.id,
      personRef: 'ref-1',
      email: 'Ada@Example.test',
    });
    expect(person.statusCode).toBe(201);
    expect(person.json().email).toBe('ada@example.test');
    const personId = person.json().id;
    const first = await api('POST', '/api/v1/role-assignments', {
      personId,
      roleCode: 'mentor-head',
      organisationId: org.id,
      startDate: '2020-09-01',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ roleName: 'Mentor head', current: true, personName: 'Ada Example' });
    const second = await api('POST', '/api/v1/role-assignments', {
      personId,
      roleCode: 'consultant-leader',
      organisationId: org.id,
      startDate: '2018-01-01',
      endDate: '2019-12-31',
    });
    expect(second.json().current).toBe(false);
    const byRole = (await api('GET', '/api/v1/people?role=mentor-head', undefined, reader)).json();
    expect(byRole.items.map((p: { name: string }) => p.name)).toEqual(['Ada Example']);
    const theirs = (await api('GET', `/api/v1/role-assignments?personId=${personId}`, undefined, reader)).json();
    expect(theirs.total).toBe(2);
    const ended = await api('PATCH', `/api/v1/role-assignments/${first.json().id}`, { endDate: '2021-07-31' });
    expect(ended.json()).toMatchObject({ endDate: '2021-07-31', current: false });
  });

  it('rejects an unknown role, person or organisation, listing each', async () => {
    const response = await api('POST', '/api/v1/role-assignments', {
      personId: 999999,
      roleCode: 'wizard',
      organisationId: 999999,
      startDate: '2020-01-01',
      endDate: '2019-01-01',
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().error.details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(['endDate', 'organisationId', 'personId', 'roleCode']);
  });

  it('refuses a duplicate person reference', async () => {
    await api('POST', '/api/v1/people', { name: 'First', personRef: 'dup-ref' });
    const second = await api('POST', '/api/v1/people', { name: 'Second', personRef: 'dup-ref' });
    expect(second.statusCode).toBe(400);
    expect(second.json().error.details[0].field).toBe('personRef');
  });
});

describe('relationships', () => {
  it('derives the wider system from the two ends and shows ties from both sides', async () => {
    const school = (await api('POST', '/api/v1/organisations', { kind: 'school', name: 'Tie School' })).json();
    const clinic = (await api('POST', '/api/v1/organisations', { kind: 'health', name: 'Tie Clinic' })).json();
    const other = (await api('POST', '/api/v1/organisations', { kind: 'school', name: 'Tie Partner School' })).json();
    const health = await api('POST', '/api/v1/relationships', {
      type: 'multi-agency',
      fromOrganisationId: clinic.id,
      toOrganisationId: school.id,
      startDate: '2022-01-01',
    });
    expect(health.statusCode).toBe(201);
    expect(health.json()).toMatchObject({
      widerSystem: 'public-services',
      boundarySpanning: true,
      directed: false,
      current: true,
    });
    const support = await api('POST', '/api/v1/relationships', {
      type: 'support',
      fromOrganisationId: school.id,
      toOrganisationId: other.id,
    });
    expect(support.json()).toMatchObject({ widerSystem: 'education', boundarySpanning: false, directed: true });
    const fromPartner = (
      await api('GET', `/api/v1/relationships?organisationId=${other.id}`, undefined, reader)
    ).json();
    expect(fromPartner.items.map((r: { id: number }) => r.id)).toEqual([support.json().id]);
    const ended = await api('PATCH', `/api/v1/relationships/${support.json().id}`, { endDate: '2020-01-01' });
    expect(ended.json().current).toBe(false);
    const current = (
      await api('GET', `/api/v1/relationships?organisationId=${school.id}&current=true`, undefined, reader)
    ).json();
    expect(current.items.map((r: { type: string }) => r.type)).toEqual(['multi-agency']);
  });

  it('refuses a tie to itself, to nowhere, or with dates the wrong way round, writing nothing', async () => {
    const school = (await api('POST', '/api/v1/organisations', { kind: 'school', name: 'Lonely School' })).json();
    const before = await counts();
    const self = await api('POST', '/api/v1/relationships', {
      type: 'partnership',
      fromOrganisationId: school.id,
      toOrganisationId: school.id,
    });
    expect(self.statusCode).toBe(400);
    const nowhere = await api('POST', '/api/v1/relationships', {
      type: 'partnership',
      fromOrganisationId: school.id,
      toOrganisationId: 999999,
      startDate: '2020-02-01',
      endDate: '2020-01-01',
    });
    expect(
      nowhere
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['endDate', 'toOrganisationId']);
    const badType = await api('POST', '/api/v1/relationships', {
      type: 'friendship',
      fromOrganisationId: school.id,
      toOrganisationId: school.id,
      startDate: '2020-13-45',
    });
    expect(badType.json().error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['type', 'startDate']),
    );
    expect((await counts()).relationships).toBe(before.relationships);
  });
});

describe('OpenAPI document', () => {
  it('describes every API route and none of the pages', async () => {
    const doc = (await api('GET', '/api/v1/openapi.json', undefined, reader)).json();
    const documented = Object.keys(doc.paths);
    const apiUrls = new Set(
      t.app.routeTable
        .filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json')
        .map((r) => r.url.replace(/:(\w+)/g, '{$1}')),
    );
    expect(new Set(documented)).toEqual(apiUrls);
    expect(doc.paths['/api/v1/organisations'].post.requestBody).toBeDefined();
  });
});
