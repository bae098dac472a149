/**
 * A practice's spread, attacked: a practice shown only to its network, taken up by four
 * organisations (one from the library, the others from a school that had it), reads as a tree on
 * its page, in its JSON and map data, as GEXF and as CSV; a partnership's staff see which of
 * their schools' practices spread and which stayed; and no one outside the network — a leader of
 * another school, a viewer of the owning school, a token of theirs, an anonymous visitor — sees
 * any of it.
 */
import gexfModule from 'graphology-gexf';
import { MultiGraph } from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import { localAuthority, member, organisation, school, trust, userWith, type SignedInUser } from '../factories.js';

// graphology-gexf is CommonJS: its parser is on the default export at run time.
const gexf = ((gexfModule as unknown as { default?: unknown }).default ?? gexfModule) as {
  parse: (g: typeof MultiGraph, source: string) => MultiGraph;
};

let t: TestApp;
const ids = { network: 0, la: 0, trust: 0, oak: 0, ash: 0, beech: 0, cedar: 0, centre: 0, far: 0 };
const practices = { spread: 0, stayed: 0, hidden: 0 };
let oakStaff: SignedInUser;
let networkStaff: SignedInUser;
let farHead: SignedInUser;
let oakViewer: SignedInUser;
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const MEASURE = 'ks2-maths-progress';

beforeAll(async () => {
  t = await createTestApp();
  ids.network = await organisation(t, { kind: 'network', name: 'Spread Learning Network' });
  ids.la = await localAuthority(t, { name: 'Northshire' });
  ids.trust = await trust(t, { name: 'River Trust' });
  ids.oak = await school(t, { name: 'Oak Primary', localAuthorityId: ids.la, latitude: 53.1, longitude: -1.5 });
  ids.ash = await school(t, { name: 'Ash Primary', localAuthorityId: ids.la, latitude: 53.2, longitude: -1.4 });
  ids.beech = await school(t, { name: 'Beech Primary', localAuthorityId: ids.la });
  ids.cedar = await school(t, { name: 'Cedar Primary' });
  ids.centre = await organisation(t, { kind: 'family-centre', name: 'Elm Family Centre' });
  ids.far = await school(t, { name: 'Faraway Primary' });
  for (const id of [ids.oak, ids.ash, ids.beech, ids.cedar, ids.centre]) await member(t, id, ids.network);
  for (const id of [ids.ash, ids.beech]) await member(t, id, ids.trust);
  oakStaff = await userWith(t, { organisationId: ids.oak, role: 'member' });
  networkStaff = await userWith(t, { organisationId: ids.network, role: 'member' });
  farHead = await userWith(t, { organisationId: ids.far, role: 'leader' });
  oakViewer = await userWith(t, { organisationId: ids.oak, role: 'viewer' });

  const p = t.services.practices;
  const write = (title: string, organisationId: number, partnershipIds: number[]) =>
    p.create(ADMIN, {
      organisationId,
      title,
      problem: 'Pupils read too little at home.',
      approach: 'Ten minutes of reading aloud at the end of every day.',
      published: false,
      partnershipIds,
    });
  practices.spread = await write('Reading aloud every day', ids.oak, [ids.network]);
  practices.stayed = await write('Attendance phone calls', ids.ash, [ids.network]);
  practices.hidden = await write('Private maths clinic', ids.oak, []);
  // Written up today: Ash takes it from the library 10 days on, Beech from Ash 12 days after that,
  // Cedar from Oak 13 days after Beech, and the family centre from Beech 28 days after Cedar.
  const adopt = (organisationId: number, fromOrganisationId: number | null, startedOn: string) =>
    p.adopt(ADMIN, practices.spread, { organisationId, fromOrganisationId, startedOn, measures: [MEASURE] });
  const ash = await adopt(ids.ash, null, daysAhead(10));
  const beech = await adopt(ids.beech, ids.ash, daysAhead(22));
  await adopt(ids.cedar, ids.oak, daysAhead(35));
  await adopt(ids.centre, ids.beech, daysAhead(63));
  await p.judge(ADMIN, ash, { judgement: 'keep' });
  await p.judge(ADMIN, beech, { judgement: 'adapt' });
  // The private practice is tried by Oak's network neighbour, so it has an adoption among the network's schools.
  await p.adopt(ADMIN, practices.hidden, { organisationId: ids.ash, startedOn: daysAhead(5), measures: [MEASURE] });
});
afterAll(async () => t?.close());

const spreadOf = (id: number) => `/practices/${id}/spread`;

describe('a practice’s spread', () => {
  it('lists the tree on its page: each school under the one it took the practice from', async () => {
    const page = await oakStaff.page(spreadOf(practices.spread));
    expect(page.statusCode, page.body).toBe(200);
    const start = page.body.indexOf('id="tree"');
    const list = page.body.slice(start, page.body.indexOf('How fast it spread', start));
    const text = (html: string) =>
      html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .replace(/ ([,.:])/g, '$1')
        .trim();
    const items = list
      .split('<li')
      .slice(1)
      .map((item) => text(`<li${item}`));
    expect(items.map((i) => i.split(',')[0])).toEqual([
      'Ash Primary',
      'Beech Primary',
      'Elm Family Centre',
      'Cedar Primary',
    ]);
    expect(items[0]).toContain('Ash Primary, from the library. Started on');
    expect(items[0]).toContain(': 10 days after it was written up.');
    expect(items[0]).toMatch(/Kept on /);
    expect(items[1]).toContain(': 12 days after Ash Primary began.');
    expect(items[1]).toMatch(/Adapted again on /);
    expect(items[2]).toContain('Elm Family Centre, from Beech Primary.');
    expect(items[2]).toContain(': 41 days after Beech Primary began.');
    expect(items[2]).toContain('Still being tried.');
    expect(items[3]).toContain('Cedar Primary, from Oak Primary.');
    expect(items[3]).toContain(': 35 days after it was written up.');
    // Beech hangs under Ash and the centre under Beech, two lists deep, both closed before Cedar.
    const underAsh = list.slice(list.indexOf('Ash Primary'), list.indexOf('Cedar Primary'));
    expect(underAsh.match(/<ul/g)).toHaveLength(2);
    expect(underAsh.match(/<\/ul>/g)).toHaveLength(2);
    expect(page.body).toContain(`data-graph-url="/api/v1/practices/${practices.spread}/spread/map"`);
    expect(page.body).toContain('data-directed="true"');
  });

  it('gives the same tree, its speed, reach and trials as JSON', async () => {
    const response = await oakStaff.get(`/api/v1${spreadOf(practices.spread)}`);
    expect(response.statusCode, response.body).toBe(200);
    const spread = response.json();
    expect(
      spread.tree.map((r: { organisationName: string; depth: number; daysFromParent: number }) => [
        r.organisationName,
        r.depth,
        r.daysFromParent,
      ]),
    ).toEqual([
      ['Ash Primary', 1, 10],
      ['Beech Primary', 2, 12],
      ['Elm Family Centre', 3, 41],
      ['Cedar Primary', 1, 35],
    ]);
    // In date order: 10 -> 22 -> 35 -> 63 days ahead, gaps of 12, 13 and 28: the median is 13.
    expect(spread.speed.gaps.map((g: { days: number }) => g.days)).toEqual([12, 13, 28]);
    expect(spread.speed.medianGap).toBe(13);
    // Along the tree 10, 12, 41, 35: the median is (12 + 35) / 2.
    expect(spread.speed.medianAlongTree).toBe(23.5);
    expect(spread.reach.total).toBe(4);
    expect(spread.reach.bySystem.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([
      ['education', 3],
      ['public-services', 1],
      ['community', 0],
    ]);
    expect(spread.reach.byLocalAuthority.map((r: { label: string; count: number }) => [r.label, r.count])).toEqual([
      ['Northshire', 2],
      ['No local authority recorded', 2],
    ]);
    expect(spread.reach.byTrust.map((r: { label: string; count: number }) => [r.label, r.count])).toEqual([
      ['River Trust', 2],
      ['Not in an academy trust', 2],
    ]);
    expect(spread.trials).toEqual({ keep: 1, adapt: 1, stop: 0, running: 2 });
  });

  it('draws the schools and adoption edges for the map', async () => {
    const response = await oakStaff.get(`/api/v1${spreadOf(practices.spread)}/map`);
    expect(response.statusCode, response.body).toBe(200);
    const map = response.json();
    const label = (i: number) => map.nodes.label[i];
    expect(map.nodes.label).toHaveLength(5);
    expect(
      map.edges.source.map((s: number, e: number) => `${label(s)} > ${label(map.edges.target[e])}`).sort(),
    ).toEqual([
      'Ash Primary > Beech Primary',
      'Beech Primary > Elm Family Centre',
      'Oak Primary > Ash Primary',
      'Oak Primary > Cedar Primary',
    ]);
  });

  it('exports the adoption network as GEXF, with schools’ attributes and adoptions’ dates and judgements', async () => {
    const response = await oakStaff.page(`${spreadOf(practices.spread)}.gexf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/gexf+xml');
    const graph = gexf.parse(MultiGraph, response.body);
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(4);
    const ash = graph.nodes().find((n) => graph.getNodeAttribute(n, 'label') === 'Ash Primary')!;
    expect(graph.getNodeAttributes(ash)).toMatchObject({
      role: 'adopter',
      trust: 'River Trust',
      local_authority: 'Northshire',
    });
    const oak = graph.nodes().find((n) => graph.getNodeAttribute(n, 'label') === 'Oak Primary')!;
    expect(graph.getNodeAttribute(oak, 'role')).toBe('owner');
    const edge = graph.edges(oak, ash)[0]!;
    // The simple file by default: every edge undirected, the adoption's direction kept in an attribute.
    expect(graph.isDirected(edge)).toBe(false);
    expect(graph.source(edge)).toBe(oak);
    expect(graph.getEdgeAttributes(edge)).toMatchObject({
      directed: true,
      started_on: daysAhead(10),
      judgement: 'keep',
      days_from_parent: 10,
    });
    const mixed = gexf.parse(MultiGraph, (await oakStaff.page(`${spreadOf(practices.spread)}.gexf?edges=mixed`)).body);
    expect(mixed.isDirected(mixed.edges(oak, ash)[0]!)).toBe(true);
  });

  it('exports the adoption network as GraphML, with the same schools and adoptions', async () => {
    const response = await oakStaff.page(`${spreadOf(practices.spread)}.graphml`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/graphml+xml');
    expect(response.headers['content-disposition']).toContain('spread.graphml');
    expect(response.body.match(/<node /g)).toHaveLength(5);
    expect(response.body.match(/<edge /g)).toHaveLength(4);
    expect(response.body).toContain('<data key="n_name">Ash Primary</data>');
    expect(response.body).not.toContain(' directed="true"');
  });

  it('exports the adoptions as CSV, in the tree’s order', async () => {
    const response = await oakStaff.page(`/practices/${practices.spread}/adoptions.csv`);
    expect(response.statusCode, response.body).toBe(200);
    const [header, ...lines] = response.body
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const column = (name: string) => lines.map((l) => l[header!.indexOf(name)]);
    expect(column('adopter')).toEqual(['Ash Primary', 'Beech Primary', 'Elm Family Centre', 'Cedar Primary']);
    expect(column('hangs_under')).toEqual(['Oak Primary', 'Ash Primary', 'Beech Primary', 'Oak Primary']);
    expect(column('judgement')).toEqual(['keep', 'adapt', '', '']);
    expect(column('started_on')).toEqual([daysAhead(10), daysAhead(22), daysAhead(63), daysAhead(35)]);
  });
});

describe('a partnership’s practices', () => {
  it('shows its staff which spread and which stayed, never one they may not see', async () => {
    const page = await networkStaff.page(`/practices/spread?partnership=${ids.network}`);
    expect(page.statusCode, page.body).toBe(200);
    const section = (id: string) =>
      page.body.slice(page.body.indexOf(`id="${id}"`), page.body.indexOf('</table>', page.body.indexOf(`id="${id}"`)));
    expect(section('spread')).toContain('Reading aloud every day');
    expect(section('spread')).toMatch(/>4<\/td>/);
    expect(section('stayed')).toContain('Attendance phone calls');
    expect(page.body).toMatch(/id="spread-count">1</);
    expect(page.body).toMatch(/id="stayed-count">1</);
    // Oak's private practice, shown to no partnership: not on the network's page, though Ash tried it.
    expect(page.body).not.toContain('Private maths clinic');
  });

  it('is refused to anyone not on the partnership’s staff', async () => {
    expect((await farHead.page(`/practices/spread?partnership=${ids.network}`)).statusCode).toBe(403);
    expect((await oakStaff.page(`/practices/spread?partnership=${ids.network}`)).statusCode).toBe(403);
    expect((await new TestBrowser(t.app).get(`/practices/spread?partnership=${ids.network}`)).statusCode).toBe(303);
  });

  it('offers its staff the partnerships they work for', async () => {
    const page = await networkStaff.page('/practices/spread');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/practices/spread?partnership=${ids.network}`);
  });
});

describe('a practice the reader may not see', () => {
  const routes = (id: number) => [
    spreadOf(id),
    `${spreadOf(id)}.gexf`,
    `${spreadOf(id)}.graphml`,
    `/practices/${id}/adoptions.csv`,
  ];
  const api = (id: number) => [`/api/v1${spreadOf(id)}`, `/api/v1${spreadOf(id)}/map`];

  it('is not found for a leader of a school outside its network, on every page, download and API', async () => {
    for (const url of routes(practices.spread)) {
      const response = await farHead.page(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Ash Primary');
    }
    for (const url of api(practices.spread)) {
      const response = await farHead.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Ash Primary');
    }
  });

  it('is not found for a viewer of the owning school, who sees only published practice', async () => {
    for (const url of routes(practices.spread)) expect((await oakViewer.page(url)).statusCode, url).toBe(404);
    for (const url of api(practices.spread)) expect((await oakViewer.get(url)).statusCode, url).toBe(404);
  });

  it('is not found for the network’s own staff when the practice is shown to no partnership', async () => {
    for (const url of routes(practices.hidden)) expect((await networkStaff.page(url)).statusCode, url).toBe(404);
    for (const url of api(practices.hidden)) expect((await networkStaff.get(url)).statusCode, url).toBe(404);
  });

  it('sends an anonymous visitor to sign in, and refuses the API without a token', async () => {
    const anonymous = new TestBrowser(t.app);
    for (const url of routes(practices.spread)) expect((await anonymous.get(url)).statusCode, url).toBe(303);
    for (const url of api(practices.spread)) expect((await t.app.inject({ url })).statusCode, url).toBe(401);
  });

  it('is not found for a practice that does not exist', async () => {
    expect((await oakStaff.get('/api/v1/practices/999999/spread')).statusCode).toBe(404);
  });
});
