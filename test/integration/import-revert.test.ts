import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, signedInBrowser, type TestApp, type TestBrowser } from '../test-app.js';

/**
 * Tables that are not the data an import changes: the audit trail, sign-in and rate-limit records,
 * the migrations, the outbox and job tables, the version of the data and the reports kept for it
 * (which every write, a revert too, moves on), and the import history itself.
 */
const NOT_DATA = [
  'audit_log',
  'sessions',
  'api_tokens',
  'rate_limits',
  'kysely_migration',
  'kysely_migration_lock',
  'event_outbox',
  'event_deliveries',
  'data_version',
  'kept_reports',
  'import_runs',
  'import_changes',
  'import_uploads',
  'import_run_organisations',
];

let t: TestApp;
let dir: string;
let admin: TestBrowser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInBrowser(t, { isAdmin: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-revert-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every table's rows, one hash per table, but for those that are not data. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
      and table_name <> all(${NOT_DATA}::text[]) order by table_name`.execute(t.database.db);
  const parts: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const row = await sql<{ h: string }>`
      select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.table(table_name)} x`.execute(
      t.database.db,
    );
    parts[table_name] = row.rows[0]!.h;
  }
  return parts;
}

function write(name: string, lines: string[]) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const importFile = (kind: string, file: string) => t.services.imports.importFile(ADMIN, kind, file);

// GIAS's full-width extract, cut to the columns the importer reads.
const GIAS_HEADER =
  '"URN","LA (code)","LA (name)","EstablishmentName","TypeOfEstablishment (name)","EstablishmentTypeGroup (name)","EstablishmentStatus (name)","OpenDate","CloseDate","PhaseOfEducation (name)","NumberOfPupils","Trusts (code)","Trusts (name)","Town","Postcode"';
const gias = (rows: string[]) => [GIAS_HEADER, ...rows];

const FIRST = gias([
  '991101,"850","Hampshire","Alder Primary School","Academy converter","Academies","Open","01-09-2012","","Primary","210","5101","Oak Learning Trust","Alton","GU34 1DH"',
  '991102,"850","Hampshire","Birch Academy","Academy converter","Academies","Open","01-09-2013","","Secondary","900","5101","Oak Learning Trust","Alton","GU34 1DJ"',
  '991103,"850","Hampshire","Cedar Infant School","Community school","Local authority maintained schools","Open","","","Primary","120","","","Petersfield","GU31 4AA"',
]);
const SECOND = gias([
  '991101,"850","Hampshire","Alder Church of England Primary School","Academy converter","Academies","Open","01-09-2012","","Primary","215","5101","Oak Learning Trust","Alton","GU34 1DH"',
  '991102,"850","Hampshire","Birch Academy","Academy converter","Academies","Open","01-09-2013","","Secondary","900","5102","Elm Schools Trust","Alton","GU34 1DJ"',
  '991103,"851","Portsmouth","Cedar Infant School","Community school","Local authority maintained schools","Closed","","31-08-2024","Primary","120","","","Petersfield","GU31 4AA"',
  '991104,"851","Portsmouth","Damson Primary School","Community school","Local authority maintained schools","Open","","","Primary","300","","","Portsmouth","PO1 2AB"',
]);

describe('what an import changed, and reverting it', { shuffle: false }, () => {
  let first: number;
  let second: number;
  let afterFirst: Record<string, string>;

  it('records each organisation added, updated (before and after) and closed, and each membership', async () => {
    first = (await importFile('gias', write('first.csv', FIRST))).runId;
    afterFirst = await fingerprint();
    const result = await importFile('gias', write('second.csv', SECOND));
    second = result.runId;
    expect(result).toMatchObject({ inserted: 1, updated: 2, rejected: 0 });

    const changes = await t.services.imports.listChanges(ADMIN, second, {});
    const byLabel = (label: string) => changes.items.filter((c) => c.label === label).map((c) => c.name);
    expect(byLabel('Organisation added').sort()).toEqual(['Damson Primary School', 'Elm Schools Trust', 'Portsmouth']);
    expect(byLabel('Organisation closed')).toEqual(['Cedar Infant School']);
    expect(byLabel('Membership ended')).toEqual(['Birch Academy']);
    expect(byLabel('Membership begun')).toEqual(['Birch Academy']);
    const alder = changes.items.find((c) => c.urn === 991101)!;
    expect(alder.label).toBe('Organisation updated');
    expect(alder.fields).toEqual(
      expect.arrayContaining([
        {
          field: 'name',
          label: 'Name',
          before: 'Alder Primary School',
          after: 'Alder Church of England Primary School',
        },
        { field: 'pupils', label: 'Pupils', before: '210', after: '215' },
      ]),
    );
    const cedar = changes.items.find((c) => c.urn === 991103)!;
    expect(cedar.fields).toEqual(
      expect.arrayContaining([
        { field: 'status', label: 'Status', before: 'Open', after: 'Closed' },
        { field: 'closed_on', label: 'Closing date', before: 'none', after: '31 August 2024' },
        { field: 'local_authority_id', label: 'Local authority', before: 'Hampshire', after: 'Portsmouth' },
      ]),
    );
    const ended = changes.items.find((c) => c.label === 'Membership ended')!;
    expect(ended.otherName).toBe('Oak Learning Trust');
  });

  it('shows the changes on the import page with filters and human labels, and as CSV', async () => {
    const page = await admin.get(`/imports/${second}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Name: Alder Primary School → Alder Church of England Primary School');
    expect(page.body).toContain('Local authorities added');
    expect(page.body).not.toMatch(/trustsAdded|membershipsEnded|localAuthoritiesAdded/);
    const pupils = await admin.get(`/imports/${second}?field=pupils`);
    expect(pupils.body).toContain('Pupils: 210 → 215');
    expect(pupils.body).not.toContain('Cedar Infant School');
    const search = await admin.get(`/imports/${second}?q=991103`);
    expect(search.body).toContain('Status: Open → Closed');
    expect(search.body).not.toContain('Alder Church');
    const closed = await admin.get(`/imports/${second}?change=closed`);
    expect(closed.body).toContain('Cedar Infant School');
    expect(closed.body).not.toContain('Damson Primary School');

    const csv = await admin.get(`/imports/${second}/changes.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('change,name,urn,other organisation,field,before,after');
    expect(lines).toContain(
      'Organisation updated,Alder Church of England Primary School,991101,,Name,Alder Primary School,Alder Church of England Primary School',
    );
    expect(lines).toContain('Organisation added,Damson Primary School,991104,,,,');
    expect(
      lines.some((l) => l.startsWith('Membership ended,Birch Academy,991102,Oak Learning Trust,End date,none,')),
    ).toBe(true);
  });

  it('refuses to revert the first import while the second stands, naming it', async () => {
    const plan = await t.services.imports.revertPlan(ADMIN, first);
    expect(plan.revertible).toBe(false);
    expect(plan.laterRuns.map((r) => r.id)).toEqual([second]);
    await expect(t.services.imports.revert(ADMIN, first)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`second.csv, import ${second}`),
    });
    const confirm = await admin.get(`/imports/${first}/revert`);
    expect(confirm.body).toContain(`href="/imports/${second}">second.csv</a>`);
    expect(confirm.body).not.toContain('action="/imports');
  });

  it('is for administrators only', async () => {
    const leader = { ...ADMIN, userId: 999, isAdmin: false };
    await expect(t.services.imports.revert(leader, second)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.services.imports.revertPlan(leader, second)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reverts the second import from its confirmation page: every table as after the first, audited, once', async () => {
    const confirm = await admin.get(`/imports/${second}/revert`);
    expect(confirm.body).toContain('3 organisations it added are removed');
    expect(confirm.body).toContain('1 organisation it closed is put back as it was');
    expect(confirm.body).toContain('1 membership it ended is in force again');
    const done = await admin.post(`/imports/${second}/revert`, {});
    expect(done.statusCode).toBe(303);
    expect(await fingerprint()).toEqual(afterFirst);
    const page = await admin.get(`/imports/${second}`);
    expect(page.body).toMatch(/Reverted on \d+ \w+ \d{4} by /);
    expect(page.body).not.toContain(`href="/imports/${second}/revert"`);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'import-run')
      .where('action', '=', 'revert')
      .where('entity_id', '=', String(second))
      .execute();
    expect(audit).toEqual([{ action: 'revert', entity_id: String(second) }]);
    await expect(t.services.imports.revert(ADMIN, second)).rejects.toMatchObject({ code: 'conflict' });
    expect(await fingerprint()).toEqual(afterFirst);
  });

  it('refuses to remove an organisation others now use, naming what stands in the way', async () => {
    const third = await importFile('gias', write('third.csv', SECOND));
    const damson = (await t.services.landscape.listOrganisations(ADMIN, { q: '991104' })).items[0]!;
    const cedar = (await t.services.landscape.listOrganisations(ADMIN, { q: '991103' })).items[0]!;
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'support',
      fromOrganisationId: cedar.id,
      toOrganisationId: damson.id,
    });
    const before = await fingerprint();
    const plan = await t.services.imports.revertPlan(ADMIN, third.runId);
    expect(plan.revertible).toBe(false);
    expect(plan.obstacles.map((o) => o.reason)).toContain(
      'Damson Primary School, which this import added, now has ties added since.',
    );
    await expect(t.services.imports.revert(ADMIN, third.runId)).rejects.toMatchObject({ code: 'conflict' });
    expect(await fingerprint()).toEqual(before);
  });
});

describe('reverting links and trusts that waited for their schools', { shuffle: false }, () => {
  it('puts back ties, waiting links and memberships, one import at a time', async () => {
    await importFile(
      'gias-minimal',
      write('schools.csv', [
        'urn,name,town,postcode',
        '991201,Hazel School,Town,AB1 2CD',
        '991202,Holly School,Town,AB1 2CE',
      ]),
    );
    const afterSchools = await fingerprint();
    const links = await importFile(
      'gias-links',
      write('links.csv', [
        'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate',
        '991201,991202,"Holly School",Successor,01-09-2021',
        '991202,991203,"Hornbeam School",Successor,01-09-2022',
      ]),
    );
    const trusts = await importFile(
      'dfe-mats',
      write('trusts.csv', [
        'CHAINID,UID,GROUP-TYPE,CHAINNAME,SCHOOL-URNS',
        'TR09001,9001,Multi-academy trust,Hedgerow Trust,991201;991203',
      ]),
    );
    expect(trusts.details).toMatchObject({ membershipsAdded: 1, membershipsWaitingForASchool: 1 });
    const afterTrusts = await fingerprint();
    const arrival = await importFile(
      'gias-minimal',
      write('arrival.csv', ['urn,name,town,postcode', '991203,Hornbeam School,Town,AB1 2CF']),
    );
    expect(arrival.details.pendingResolved).toBe(2);
    const arrived = await t.services.imports.listChanges(ADMIN, arrival.runId, {});
    expect(arrived.items.map((c) => c.label).sort()).toEqual([
      'Membership begun',
      'Organisation added',
      'Tie added',
      'Waiting link or membership made a tie',
      'Waiting link or membership made a tie',
    ]);

    // The links cannot go while the trusts and the arrival stand on what they wrote.
    const blocked = await t.services.imports.revertPlan(ADMIN, links.runId);
    expect(blocked.laterRuns.map((r) => r.id)).toEqual([arrival.runId]);

    await t.services.imports.revert(ADMIN, arrival.runId);
    expect(await fingerprint()).toEqual(afterTrusts);
    await t.services.imports.revert(ADMIN, trusts.runId);
    await t.services.imports.revert(ADMIN, links.runId);
    expect(await fingerprint()).toEqual(afterSchools);
  });

  it('says an import of a kind that keeps no changes cannot be reverted', async () => {
    await t.services.landscape.createOrganisation(ADMIN, { kind: 'school', name: 'Roles Primary', urn: 991301 });
    const roles = await importFile(
      'roles',
      write('roles.csv', [
        'person_ref,person_name,urn,role,start_date,end_date',
        'p-91,Ivy Leader,991301,national-leader-of-education,2019-09-01,',
      ]),
    );
    const plan = await t.services.imports.revertPlan(ADMIN, roles.runId);
    expect(plan).toMatchObject({ revertible: false, cannot: expect.stringContaining('do not keep what they changed') });
  });
});
