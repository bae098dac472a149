/**
 * Every graph Syslead exports opens in networkx (Debian's python3-networkx): the network, a
 * practice's adoption network and the agencies that work together, each as GEXF and GraphML,
 * read back with node and edge counts and an attribute; the mixed file networkx refuses, as it
 * should. Each file is also checked well-formed by xmllint where it is installed. No GEXF 1.3
 * or GraphML schema is on the machine, so the files are not validated against one.
 * Outside CI the test is skipped, saying so, when python3 cannot import networkx; in CI it runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, createUser, signedInBrowser, type TestApp, type TestBrowser } from '../test-app.js';
import { member, organisation, school, trust, unique } from '../factories.js';

const hasNetworkx = spawnSync('python3', ['-c', 'import networkx']).status === 0;
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const skip = !hasNetworkx && !process.env.CI;
if (skip) console.warn('network-exports: skipped, as python3 cannot import networkx (install python3-networkx)');

/** What networkx reads from a file: whether it is a multigraph or directed, its nodes and edges with their data. */
const READ = `
import json, sys
import networkx as nx
path, fmt = sys.argv[1], sys.argv[2]
g = nx.read_gexf(path) if fmt == 'gexf' else nx.read_graphml(path)
print(json.dumps({
  'multigraph': g.is_multigraph(),
  'directed': g.is_directed(),
  'nodes': {n: d for n, d in g.nodes(data=True)},
  'edges': [dict(d, u=u, v=v) for u, v, d in g.edges(data=True)],
}))
`;
type Read = {
  multigraph: boolean;
  directed: boolean;
  nodes: Record<string, Record<string, unknown>>;
  edges: Array<Record<string, unknown> & { u: string; v: string }>;
};

let t: TestApp;
let admin: TestBrowser;
let dir: string;
beforeAll(async () => {
  t = await createTestApp({ signInAttemptsPerMinute: 1000 });
  admin = await signedInBrowser(t, { isAdmin: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-exports-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** Downloads an export to the temporary folder, checks it is well-formed XML, and returns its path. */
async function download(url: string, name: string): Promise<string> {
  const response = await admin.get(url);
  expect(response.statusCode, response.body).toBe(200);
  const file = path.join(dir, `${unique()}-${name}`);
  fs.writeFileSync(file, response.body);
  if (hasXmllint) expect(spawnSync('xmllint', ['--noout', file]).status, `${name} is well-formed XML`).toBe(0);
  return file;
}

function networkx(file: string): Read {
  const format = file.endsWith('.gexf') ? 'gexf' : 'graphml';
  return JSON.parse(execFileSync('python3', ['-c', READ, file, format], { encoding: 'utf8' })) as Read;
}

/** The error networkx gives reading a file it refuses. */
function refusal(file: string): string {
  const result = spawnSync('python3', ['-c', READ, file, file.endsWith('.gexf') ? 'gexf' : 'graphml'], {
    encoding: 'utf8',
  });
  expect(result.status, 'networkx refuses the file').not.toBe(0);
  return result.stderr;
}

const tie = (type: string, from: number, to: number) =>
  t.services.landscape.createRelationship(ADMIN, { type, fromOrganisationId: from, toOrganisationId: to });

describe.skipIf(skip)('exports read back by networkx', () => {
  it('reads the network as one undirected graph, each tie an edge with its direction kept, and refuses the mixed file', async () => {
    // A trust of two schools (two membership ties, directed), which are partners (undirected)
    // and one of which supports the other (directed): four ties, two of them between the schools.
    const uid = `NX${unique()}`;
    const trustId = await trust(t, { name: 'Networkx Trust', groupUid: uid });
    const [ash, beech] = [await school(t, { name: 'Ash NX School' }), await school(t, { name: 'Beech NX School' })];
    for (const id of [ash, beech]) await member(t, id, trustId);
    await tie('partnership', ash, beech);
    await tie('support', ash, beech);
    const ashKey = `urn:${(await t.services.landscape.getOrganisation(ADMIN, ash)).urn}`;
    const beechKey = `urn:${(await t.services.landscape.getOrganisation(ADMIN, beech)).urn}`;
    for (const format of ['gexf', 'graphml']) {
      const url = `/api/v1/network/export?scope=${uid}&format=${format}`;
      const g = networkx(await download(url, `network.${format}`));
      expect(g.directed, format).toBe(false);
      expect(g.multigraph, format).toBe(true);
      expect(Object.keys(g.nodes).sort(), format).toEqual([`uid:${uid}`, ashKey, beechKey].sort());
      expect(g.nodes[ashKey], format).toMatchObject({ kind: 'school', degree: 2 });
      expect(g.edges, format).toHaveLength(4);
      const between = g.edges.filter((e) => new Set([e.u, e.v]).has(ashKey) && new Set([e.u, e.v]).has(beechKey));
      expect(between.map((e) => [e.type, e.directed]).sort(), format).toEqual([
        ['partnership', false],
        ['support', true],
      ]);
      expect(
        g.edges.filter((e) => e.type === 'membership').every((e) => e.directed === true),
        format,
      ).toBe(true);
      const mixed = await download(`${url}&edges=mixed`, `network-mixed.${format}`);
      expect(refusal(mixed), format).toMatch(/[Dd]irected.*edge found in undirected graph/);
    }
  });

  it('reads a practice’s adoption network: the owner and its adopters, each adoption an edge from the school it came from', async () => {
    const owner = await school(t, { name: 'Owner NX School' });
    const [first, second] = [await school(t), await school(t)];
    const practice = await t.services.practices.create(ADMIN, {
      organisationId: owner,
      title: 'Reading to networkx',
      problem: 'Pupils read too little at home.',
      approach: 'Ten minutes of reading aloud every day.',
      published: true,
      partnershipIds: [],
    });
    const today = new Date().toISOString().slice(0, 10);
    const adopt = (organisationId: number, fromOrganisationId: number | null) =>
      t.services.practices.adopt(ADMIN, practice, {
        organisationId,
        fromOrganisationId,
        startedOn: today,
        measures: ['ks2-maths-progress'],
      });
    await adopt(first, owner);
    await adopt(second, first);
    const keyOf = async (id: number) => `urn:${(await t.services.landscape.getOrganisation(ADMIN, id)).urn}`;
    for (const format of ['gexf', 'graphml']) {
      const g = networkx(await download(`/practices/${practice}/spread.${format}`, `spread.${format}`));
      expect(g.directed, format).toBe(false);
      expect(Object.keys(g.nodes), format).toHaveLength(3);
      expect(g.nodes[await keyOf(owner)], format).toMatchObject({ role: 'owner' });
      expect(g.edges, format).toHaveLength(2);
      const deeper = g.edges.find((e) => e.depth === 2)!;
      expect(new Set([deeper.u, deeper.v]), format).toEqual(new Set([await keyOf(first), await keyOf(second)]));
      expect(deeper, format).toMatchObject({ directed: true, days_from_parent: 0 });
    }
  });

  it('reads the agencies that work together, and never a pair of agencies with fewer than five families', async () => {
    const [ash, beech, health] = [
      await school(t, { name: 'Ash Agency School' }),
      await school(t, { name: 'Beech Agency School' }),
      await organisation(t, { kind: 'health', name: 'Agency Health Service' }),
    ];
    const [ashLead, beechLead, nurse] = [await pro(ash), await pro(beech), await pro(health)];
    // Five families at Ash with the health service on their team, four at Beech.
    for (let i = 0; i < 5; i++) await familyWith(ash, ashLead, health, nurse);
    for (let i = 0; i < 4; i++) await familyWith(beech, beechLead, health, nurse);
    const keyOf = async (id: number) => {
      const o = await t.services.landscape.getOrganisation(ADMIN, id);
      return o.urn ? `urn:${o.urn}` : `id:${o.id}`;
    };
    const [ashKey, beechKey, healthKey] = [await keyOf(ash), await keyOf(beech), await keyOf(health)];
    for (const format of ['gexf', 'graphml']) {
      const file = await download(`/families/figures.${format}`, `agencies.${format}`);
      // Beech's four families, and its four with the health service, appear nowhere in the file.
      expect(fs.readFileSync(file, 'utf8'), format).not.toContain(beechKey);
      expect(fs.readFileSync(file, 'utf8'), format).not.toContain('Beech Agency School');
      const g = networkx(file);
      expect(Object.keys(g.nodes).sort(), format).toEqual([ashKey, healthKey].sort());
      expect(g.nodes[healthKey], format).toMatchObject({ families: 9, kind: 'health' });
      expect(g.edges, format).toHaveLength(1);
      expect(g.edges[0], format).toMatchObject({ families: 5, directed: false });
    }
    // A fifth family at Beech: it and its pair with the health service now reach five.
    await familyWith(beech, beechLead, health, nurse);
    const g = networkx(await download('/families/figures.graphml', 'agencies-ten.graphml'));
    expect(Object.keys(g.nodes).sort()).toEqual([ashKey, beechKey, healthKey].sort());
    expect(g.edges.map((e) => e.families)).toEqual([5, 5]);
  });
});

/** A professional at an organisation, signed in with two factors, as family records need. */
async function pro(organisationId: number) {
  const email = `nx${unique()}@example.test`;
  await createUser(t.services, { email });
  const name = `Professional ${unique()}`;
  const { id } = await t.database.db
    .updateTable('users')
    .set({ name, totp_secret: 'JBSWY3DPEHPK3PXP' })
    .where('email', '=', email)
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.services.accounts.setMembership(ADMIN, { email, organisationId, role: 'member' });
  return {
    userId: id,
    email,
    name,
    isAdmin: false,
    mustChangePassword: false,
    memberships: [{ organisationId, role: 'member' }],
    via: 'session' as const,
  };
}

/** A family opened by a school's lead, with consent to share health information with health services, who join its team. */
async function familyWith(
  schoolId: number,
  lead: Awaited<ReturnType<typeof pro>>,
  healthId: number,
  nurse: Awaited<ReturnType<typeof pro>>,
) {
  const familyId = await t.services.families.open(lead, {
    organisationId: schoolId,
    teamRole: 'Designated safeguarding lead',
    people: [
      { role: 'child', name: `Child ${unique()}`, bornOn: '2018-04-01' },
      { role: 'adult', name: `Parent ${unique()}`, relationship: 'mother' },
    ],
    needs: [{ outcome: 'be-healthy', summary: 'Missed health checks' }],
    consent: {
      givenBy: 1,
      purpose: 'Early help',
      information: ['education', 'health'],
      agencies: ['health'],
      lawfulBasis: 'consent',
      fromOn: new Date().toISOString().slice(0, 10),
    },
  });
  await t.services.families.addMember(lead, familyId, {
    email: nurse.email,
    organisationId: healthId,
    teamRole: 'Health visitor',
  });
}
