import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, signedInBrowser, type TestApp, TestBrowser } from '../test-app.js';

let t: TestApp;
let admin: TestBrowser;
let reader: TestBrowser;

beforeAll(async () => {
  t = await createTestApp();
  await t.services.demo.load(ADMIN);
  admin = await signedInBrowser(t, { isAdmin: true });
  reader = await signedInBrowser(t);
});
afterAll(async () => t?.close());

async function firstSchool(q: string) {
  const page = await t.services.landscape.listOrganisations(ADMIN, { q, kind: 'school' });
  return page.items[0]!;
}

describe('organisation pages', () => {
  it('lists, searches, filters and pages the organisations', async () => {
    const all = await reader.get('/organisations');
    expect(all.statusCode).toBe(200);
    expect(all.body).toMatch(/Showing 1 to 25 of \d+ organisations/);
    const nextPage = await reader.get('/organisations?page=2');
    expect(nextPage.body).toContain('Showing 26 to 50');
    const secondary = await reader.get('/organisations?kind=school&phase=secondary');
    expect(secondary.body).toContain('of 10 organisations');
    const search = await reader.get('/organisations?q=Riverside+Learning');
    expect(search.body).toContain('Riverside Learning Trust');
    expect(search.body).toContain('of 1 organisations');
    // A bad filter value is ignored rather than breaking the page.
    expect((await reader.get('/organisations?phase=castle&page=-4')).statusCode).toBe(200);
  });

  it('shows a profile with facts, relationships both ways, roles and people', async () => {
    const trust = (await t.services.landscape.listOrganisations(ADMIN, { q: 'Riverside Learning Trust' })).items[0]!;
    const page = await reader.get(`/organisations/${trust.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Academy trust');
    expect(page.body).toContain('has member');
    expect(page.body).toContain('Chief executive');
    // A reader sees no editing controls.
    expect(page.body).not.toContain('Add a relationship');
    expect((await reader.get(`/organisations/${trust.id}/relationships/new`)).statusCode).toBe(403);
  });

  it('escapes what users typed', async () => {
    await t.services.landscape.createOrganisation(ADMIN, {
      kind: 'community-group',
      name: '<script>alert(1)</script> Club',
    });
    const page = await reader.get('/organisations?q=Club');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Club');
    expect(page.body).not.toContain('<script>alert(1)</script>');
  });

  it('answers 404 with a page for a missing organisation', async () => {
    const page = await reader.get('/organisations/999999');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('was not found');
  });
});

describe('adding, changing and ending a relationship from a profile', () => {
  it('finds the other organisation, adds the tie and shows it on both profiles', async () => {
    const school = await firstSchool('Primary');
    const clinic = (await t.services.landscape.listOrganisations(ADMIN, { kind: 'health' })).items[0]!;
    const find = await admin.get(
      `/organisations/${school.id}/relationships/new?q=${encodeURIComponent(clinic.name.slice(0, 12))}`,
    );
    expect(find.body).toContain(`otherId=${clinic.id}`);
    await admin.get(`/organisations/${school.id}/relationships/new?otherId=${clinic.id}`);
    const added = await admin.post(`/organisations/${school.id}/relationships`, {
      otherId: String(clinic.id),
      type: 'multi-agency',
      direction: 'inward',
      startDate: '2025-09-01',
      note: 'Termly joint clinic',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/organisations/${school.id}?notice=relationship-added#relationships`);
    const schoolPage = await admin.get(added.headers.location as string);
    expect(schoolPage.body).toContain('The relationship has been added');
    expect(schoolPage.body).toContain('Termly joint clinic');
    const clinicPage = await admin.get(`/organisations/${clinic.id}`);
    expect(clinicPage.body).toContain(school.name);
    expect(clinicPage.body).toContain('Termly joint clinic');

    const tie = (
      await t.services.landscape.listRelationships(ADMIN, { organisationId: clinic.id, perPage: 200 })
    ).items.find((r) => r.note === 'Termly joint clinic')!;
    expect(tie).toMatchObject({
      fromOrganisationId: clinic.id,
      toOrganisationId: school.id,
      widerSystem: 'public-services',
    });

    await admin.get(`/relationships/${tie.id}/edit?back=${school.id}`);
    const badEdit = await admin.post(`/relationships/${tie.id}/edit`, {
      back: String(school.id),
      type: 'multi-agency',
      startDate: '2025-09-01',
      endDate: '2024-01-01',
      note: 'Termly joint clinic',
    });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.body).toContain('There is a problem');
    const edit = await admin.post(`/relationships/${tie.id}/edit`, {
      back: String(school.id),
      type: 'partnership',
      startDate: '2025-09-01',
      endDate: '',
      note: 'Weekly joint clinic',
    });
    expect(edit.statusCode).toBe(303);
    expect(edit.headers.location).toContain(`/organisations/${school.id}`);
    expect((await t.services.landscape.getRelationship(ADMIN, tie.id)).note).toBe('Weekly joint clinic');

    await admin.get(`/organisations/${school.id}`);
    const end = await admin.post(`/relationships/${tie.id}/end`, { back: String(school.id) });
    expect(end.statusCode).toBe(303);
    const ended = await t.services.landscape.getRelationship(ADMIN, tie.id);
    expect(ended.endDate).toBe(new Date().toISOString().slice(0, 10));
  });

  it('re-shows the form with every problem and writes nothing when the input is wrong', async () => {
    const school = await firstSchool('Primary');
    const other = await firstSchool('Academy');
    const before = (await t.services.landscape.summary(ADMIN)).relationships;
    await admin.get(`/organisations/${school.id}/relationships/new?otherId=${other.id}`);
    const response = await admin.post(`/organisations/${school.id}/relationships`, {
      otherId: String(other.id),
      type: 'rivalry',
      direction: 'sideways',
      startDate: 'yesterday',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose type of relationship from the list');
    expect(response.body).toContain('Choose direction from the list');
    expect(response.body).toContain('Start date must be a real date, like 27 3 2025');
    expect((await t.services.landscape.summary(ADMIN)).relationships).toBe(before);
  });
});

describe('organisation and person forms', () => {
  it('adds an organisation and lists each problem of a bad one', async () => {
    await admin.get('/organisations/new');
    const bad = await admin.post('/organisations', { kind: 'school', name: '', urn: '12', fsmPercent: 'lots' });
    expect(bad.statusCode).toBe(400);
    for (const label of ['Name', 'URN', 'Free school meals (%)']) expect(bad.body).toContain(label);
    const good = await admin.post('/organisations', {
      kind: 'school',
      name: 'Brand New Primary',
      urn: '998877',
      phase: 'primary',
      status: 'open',
      pupils: '120',
    });
    expect(good.statusCode).toBe(303);
    const profile = await admin.get(good.headers.location as string);
    expect(profile.body).toContain('Brand New Primary');
    expect(profile.body).toContain('998877');
  });

  it('adds a person and gives them a role', async () => {
    const school = await firstSchool('Primary');
    await admin.get('/people/new');
    const created = await admin.post('/people', {
      name: 'Robin Testperson',
      jobTitle: 'Deputy head',
      organisationId: String(school.id),
    });
    expect(created.statusCode).toBe(303);
    const personUrl = (created.headers.location as string).split('?')[0]!;
    await admin.get(`${personUrl}/roles/new`);
    const role = await admin.post(`${personUrl}/roles`, {
      roleCode: 'specialist-leader',
      organisationId: String(school.id),
      startDate: '2024-09-01',
    });
    expect(role.statusCode).toBe(303);
    const page = await admin.get(personUrl);
    expect(page.body).toContain('Specialist leader');
    expect(page.body).toContain(school.name);
  });
});

describe('roles and home', () => {
  it('shows the taxonomy with counts and the home summary', async () => {
    const roles = await reader.get('/roles');
    expect(roles.body).toContain('national-leader-of-education');
    const home = await reader.get('/');
    expect(home.body).toContain('Organisations by kind');
  });
});
