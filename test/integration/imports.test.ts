import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/platform/csv/csv-reader.js';
import { ADMIN, createTestApp, signedInBrowser, type TestApp } from '../test-app.js';

// The public files sit beside the project (../shared/data); SYSLEAD_SHARED_DATA points elsewhere.
const DATA = process.env.SYSLEAD_SHARED_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
const FILES = {
  minimal: `${DATA}/gias_all_establishments_minimal_2022-07/schools_20220706.csv`,
  open: `${DATA}/gias_open_state_schools_minimal_2025-07/schools_gias_20250711.csv`,
  links: `${DATA}/gias_establishment_links_2025-04-22/links_edubasealldata20250422.csv`,
  gias: `${DATA}/gias_fullwidth_sample_hampshire_surrey_2022-04-20/gias_results_hampshire850_surrey936_20220420.csv`,
  ks2Mats: `${DATA}/dfe_performance_tables_2018-19/england_ks2-mats-performance.csv`,
  ks4Mats: `${DATA}/dfe_performance_tables_2018-19/england_ks4-mats-performance.csv`,
  ks2LatLong: `${DATA}/dfe_performance_tables_2018-19_processed_with_ofsted_latlong/england_ks2final.csv`,
};
const haveData = fs.existsSync(FILES.gias);

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-import-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const importFile = (kind: string, file: string) => t.services.imports.importFile(ADMIN, kind, file);
const summary = () => t.services.landscape.summary(ADMIN);
function write(name: string, content: string | Buffer) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const r = 6371000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

describe.runIf(haveData)('importing the real public files', () => {
  // Each test imports into a database of its own: first the lists it builds on, then the file it checks.
  let national: TestApp;
  beforeEach(async () => {
    national = await createTestApp();
  });
  afterEach(async () => national?.close());
  const importNational = (kind: string, file: string) => national.services.imports.importFile(ADMIN, kind, file);

  it('imports the national list of establishments, then finds it all unchanged', async () => {
    const first = await importNational('gias-minimal', FILES.minimal);
    expect(first).toMatchObject({ rowsRead: 49514, inserted: 49514, rejected: 0 });
    const again = await importNational('gias-minimal', FILES.minimal);
    expect(again).toMatchObject({ rowsRead: 49514, inserted: 0, updated: 0, unchanged: 49514, rejected: 0 });
    const closed = await national.services.landscape.listOrganisations(ADMIN, { status: 'closed', perPage: 1 });
    expect(closed.total).toBeGreaterThan(20000);
  });

  it('updates what a newer list changed and leaves the rest', async () => {
    await importNational('gias-minimal', FILES.minimal);
    const newer = await importNational('gias-minimal', FILES.open);
    expect(newer.rejected).toBe(0);
    expect(newer.inserted).toBeGreaterThan(0);
    expect(newer.updated).toBeGreaterThan(0);
    expect(newer.inserted + newer.updated + newer.unchanged).toBe(newer.rowsRead);
  });

  it('imports the links file as lineage, both sides of a link as one tie', async () => {
    // The schools at both ends: the national list of 2022 and the open schools of 2025.
    await importNational('gias-minimal', FILES.minimal);
    await importNational('gias-minimal', FILES.open);
    const first = await importNational('gias-links', FILES.links);
    expect(first.rejected).toBe(0);
    expect(first.details.rowsRepeatingAnotherSide).toBeGreaterThan(15000);
    const again = await importNational('gias-links', FILES.links);
    expect(again).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
    const lineage = await national.services.landscape.listRelationships(ADMIN, { type: 'lineage', perPage: 1 });
    expect(lineage.total).toBeGreaterThan(15000);

    // The whole of England at once: the unscoped network is worked out by a job, not in the
    // request; its page says so at once, then shows the figures the job kept.
    const browser = await signedInBrowser(national);
    const waiting = await browser.get('/network');
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).toMatch(/being worked out in the background|Isolated schools/);
    let page = waiting;
    for (let i = 0; i < 600 && !page.body.includes('Isolated schools'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      page = await browser.get('/network');
    }
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Isolated schools');
    const metrics = await browser.get('/api/v1/network/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.json().summary.nodes).toBeGreaterThan(25000);
    const kept = await national.database.db.selectFrom('kept_reports').select(['key', 'data_version']).execute();
    expect(kept).toHaveLength(1);
  });

  it('imports the full-width GIAS sample with trusts, federations and locations', async () => {
    const first = await importNational('gias', FILES.gias);
    expect(first).toMatchObject({ rowsRead: 1096, rejected: 0 });
    expect(first.details.trustsAdded).toBe(50);
    expect(first.details.membershipsAdded).toBe(176 + 68);
    const again = await importNational('gias', FILES.gias);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1096, rejected: 0 });
    expect(again.details.membershipsAdded).toBe(0);

    const published = new Map<number, { lat: number; lon: number }>();
    for await (const r of readCsv(FILES.ks2LatLong, { checkHeader: () => [] })) {
      if (r.values.LATITUDE && r.values.LONGITUDE)
        published.set(Number(r.values.URN), { lat: Number(r.values.LATITUDE), lon: Number(r.values.LONGITUDE) });
    }
    const hampshire = (
      await national.services.landscape.listOrganisations(ADMIN, { la: '850', kind: 'school', perPage: 200 })
    ).items;
    const compared = hampshire.filter((s) => s.urn && s.latitude !== null && published.has(s.urn));
    expect(compared.length).toBeGreaterThan(100);
    // The only published coordinates for these schools are postcode centroids, so a school's
    // own site sits near, not on, them; the conversion itself is checked against PROJ in a unit test.
    const distances = compared
      .map((s) => metres({ lat: s.latitude!, lon: s.longitude! }, published.get(s.urn!)!))
      .sort((a, b) => a - b);
    expect(distances[Math.floor(distances.length / 2)]).toBeLessThan(150);
    expect(distances[Math.floor(distances.length * 0.95)]).toBeLessThan(600);
  });

  it('imports both DfE trust files: trusts keyed on UID, memberships of their academies', async () => {
    // The academies, from the national list.
    await importNational('gias-minimal', FILES.minimal);
    const ks2 = await importNational('dfe-mats', FILES.ks2Mats);
    expect(ks2).toMatchObject({ rowsRead: 298, rejected: 0 });
    const ks4 = await importNational('dfe-mats', FILES.ks4Mats);
    expect(ks4.rejected).toBe(0);
    expect(ks4.inserted + ks4.unchanged + ks4.updated).toBe(102);
    const again = await importNational('dfe-mats', FILES.ks2Mats);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 298 });
    const aet = (await national.services.landscape.listOrganisations(ADMIN, { q: 'Academies Enterprise Trust' }))
      .items[0]!;
    expect(aet.groupUid).toBe('2054');
    const members = await national.services.landscape.listRelationships(ADMIN, {
      organisationId: aet.id,
      type: 'membership',
      perPage: 1,
    });
    expect(members.total).toBeGreaterThanOrEqual(33);
  });
});

describe('bad files', () => {
  it('refuses a wrong header before writing anything', async () => {
    const before = await summary();
    const file = write('wrong-header.csv', 'school_id,title,town,postcode\n100000,A school,Town,AB1 2CD\n');
    await expect(importFile('gias-minimal', file)).rejects.toThrow(
      /Line 1: The header is not the one expected: missing column "urn"; missing column "name"/,
    );
    expect(await summary()).toEqual(before);
  });

  it('rejects truncated lines, bad dates and bad URNs with their line numbers, and imports the rest', async () => {
    const file = write(
      'mixed.csv',
      [
        'urn,name,town,postcode,open_date,close_date',
        '990101,Good School,Town,AB1 2CD,01-09-2001,',
        '990102,Truncated School,Town',
        '990103,Bad Date School,Town,AB1 2CD,31-02-2020,',
        '99010,Short URN School,Town,AB1 2CD,,',
        '990104,"Quoted, Comma School",Town,ab12cd,2001-09-01,2020-08-31',
        '990101,Repeated School,Town,AB1 2CD,,',
      ].join('\r\n'),
    );
    const result = await importFile('gias-minimal', file);
    expect(result).toMatchObject({ rowsRead: 6, inserted: 2, rejected: 4 });
    expect(result.rejects).toEqual([
      { line: 3, reason: 'has 3 fields but the header has 6 (a truncated or broken line)' },
      { line: 4, reason: 'open_date "31-02-2020" is not a date: write it as 27/03/2025 or 2025-03-27' },
      { line: 5, reason: 'urn "99010" is not a six-digit URN' },
      { line: 7, reason: 'repeats URN 990101 already given on line 2' },
    ]);
    const quoted = (await t.services.landscape.listOrganisations(ADMIN, { q: '990104' })).items[0]!;
    expect(quoted).toMatchObject({
      name: 'Quoted, Comma School',
      postcode: 'AB1 2CD',
      status: 'closed',
      closedOn: '2020-08-31',
    });
  });

  it('reads Windows-1252 and UTF-8 with a byte-order mark alike', async () => {
    const cp1252 = Buffer.concat([
      Buffer.from('urn,name,town,postcode\n990201,Ysgol Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',Town,AB1 2CD\n'),
    ]);
    await importFile('gias-minimal', write('cp1252.csv', cp1252));
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('urn,name,town,postcode\n990202,École Été,Town,AB1 2CD\n'),
    ]);
    const result = await importFile('gias-minimal', write('bom.csv', bom));
    expect(result.rejected).toBe(0);
    const names = [
      (await t.services.landscape.listOrganisations(ADMIN, { q: '990201' })).items[0]?.name,
      (await t.services.landscape.listOrganisations(ADMIN, { q: '990202' })).items[0]?.name,
    ].sort();
    expect(names).toEqual(['Ysgol Café', 'École Été']);
  });

  it('refuses a UTF-16 file and a file with an unclosed quote, writing nothing', async () => {
    const before = await summary();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('urn,name,town,postcode\n', 'utf16le')]);
    await expect(importFile('gias-minimal', write('utf16.csv', utf16))).rejects.toThrow(/UTF-16/);
    const rows = [
      'urn,name,town,postcode',
      ...Array.from({ length: 12000 }, (_, i) => `${990300 + (i % 9000)},School ${i},Town,AB1 2CD`),
    ];
    const broken = write('unclosed.csv', `${rows.slice(0, 9001).join('\n')}\n990999,"Never closed,Town,AB1 2CD\n`);
    await expect(importFile('gias-minimal', broken)).rejects.toThrow(/Quote Not Closed|quote/i);
    expect(await summary()).toEqual(before);
  });

  it('imports system leaders and rejects unknown schools and role codes by line', async () => {
    await t.services.landscape.createOrganisation(ADMIN, { kind: 'school', name: 'Leaders Primary', urn: 990501 });
    const file = write(
      'roles.csv',
      [
        'person_ref,person_name,urn,role,start_date,end_date',
        'p-1,Ada Leader,990501,national-leader-of-education,2019-09-01,',
        'p-1,Ada Leader,990501,mentor-head,2015-01-01,2018-07-31',
        'p-2,Ben Leader,990501,wizard,2020-01-01,',
        'p-3,Cal Leader,990599,consultant-leader,,',
        'p-4,Dee Leader,990501,consultant-leader,31/02/2020,',
      ].join('\n'),
    );
    const first = await importFile('roles', file);
    expect(first).toMatchObject({ rowsRead: 5, inserted: 2, rejected: 3 });
    expect(first.rejects.map((r) => r.line)).toEqual([4, 5, 6]);
    expect(first.rejects[0]!.reason).toContain('"wizard" is not a role code');
    expect(first.rejects[1]!.reason).toContain('URN 990599 is not a known school');
    expect(first.rejects[2]!.reason).toContain('start_date "31/02/2020" is not a date');
    const again = await importFile('roles', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 3 });
    const ada = (await t.services.landscape.listPeople(ADMIN, { q: 'Ada Leader' })).items[0]!;
    const roles = await t.services.landscape.listRoleAssignments(ADMIN, { personId: ada.id });
    expect(roles.items.map((r) => r.roleCode).sort()).toEqual(['mentor-head', 'national-leader-of-education']);
  });

  it('keeps a link to a school not yet known and makes the tie when the school arrives', async () => {
    await importFile('gias-minimal', write('first.csv', 'urn,name,town,postcode\n990601,Old School,Town,AB1 2CD\n'));
    const links = await importFile(
      'gias-links',
      write(
        'links.csv',
        'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n990601,990602,"New School",Successor,01-09-2021\n',
      ),
    );
    expect(links.details.linksWaitingForASchool).toBe(1);
    const later = await importFile(
      'gias-minimal',
      write('second.csv', 'urn,name,town,postcode\n990602,New School,Town,AB1 2CD\n'),
    );
    expect(later.details.pendingResolved).toBe(1);
    const old = (await t.services.landscape.listOrganisations(ADMIN, { q: '990601' })).items[0]!;
    const ties = await t.services.landscape.listRelationships(ADMIN, { organisationId: old.id, type: 'lineage' });
    expect(ties.items).toHaveLength(1);
    expect(ties.items[0]).toMatchObject({
      fromOrganisationName: 'Old School',
      toOrganisationName: 'New School',
      startDate: '2021-09-01',
    });
  });

  it('refuses an importer that does not exist', async () => {
    await expect(importFile('spreadsheet', FILES.gias)).rejects.toMatchObject({ code: 'validation' });
  });
});
