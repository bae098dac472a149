import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { MultiGraph } from 'graphology';
import gexfModule from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_LANDSCAPE } from '../../src/modules/network/network.service.js';
import { ADMIN, createTestApp, createToken, signedInBrowser, type TestApp } from '../test-app.js';

// graphology-gexf is CommonJS: its parser is on the default export at run time.
const gexf = ((gexfModule as unknown as { default?: unknown }).default ?? gexfModule) as {
  parse: (g: typeof MultiGraph, source: string) => MultiGraph;
};

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  await t.services.demo.load(ADMIN);
  auth = { authorization: `Bearer ${await createToken(t.services)}` };
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ url, headers: auth });

describe('network metrics', () => {
  it('describes the demo network, every node with the key it was imported with', async () => {
    const response = await get('/api/v1/network/metrics');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.summary).toMatchObject({ components: 1, betweenness: 'exact' });
    expect(body.summary.nodes).toBeGreaterThan(70);
    expect(body.summary.edges).toBeGreaterThan(150);
    expect(body.summary.communities).toBeGreaterThan(1);
    const keys = body.nodes.map((n: { key: string }) => n.key);
    expect(keys).toContain('la:990');
    expect(keys).toContain('uid:DEMO-T1');
    expect(keys.filter((k: string) => k.startsWith('urn:99')).length).toBeGreaterThan(50);
    expect(body.isolated_schools.length).toBeGreaterThanOrEqual(2);
    expect(body.top_brokers[0].betweenness).toBeGreaterThan(0);
  });

  it('computes over exactly the nodes and ties the exports write', async () => {
    const metrics = (await get('/api/v1/network/metrics?type=support&type=partnership')).json();
    const nodes = (await get('/api/v1/network/export?format=nodes.csv&type=support&type=partnership')).body
      .trim()
      .split('\n');
    const edges = (await get('/api/v1/network/export?format=edges.csv&type=support&type=partnership')).body
      .trim()
      .split('\n');
    expect(nodes.length - 1).toBe(metrics.summary.nodes);
    expect(edges.length - 1).toBe(metrics.summary.edges);
    expect(new Set(edges.slice(1).map((l) => l.split(',')[2]))).toEqual(new Set(['support', 'partnership']));
    const gexfText = (await get('/api/v1/network/export?format=gexf&type=support&type=partnership')).body;
    const parsed = gexf.parse(MultiGraph, gexfText);
    expect(parsed.order).toBe(metrics.summary.nodes);
    expect(parsed.size).toBe(metrics.summary.edges);
    const la = parsed.getNodeAttributes('la:990');
    const fromMetrics = metrics.nodes.find((n: { key: string }) => n.key === 'la:990');
    expect(la).toMatchObject({
      label: 'Elderbrook Borough Council',
      kind: 'local-authority',
      degree: fromMetrics.degree,
      isolated: fromMetrics.isolated,
    });
    expect(la.betweenness).toBeCloseTo(fromMetrics.betweenness, 12);
  });

  it('writes GraphML whose every key is declared and whose ties join declared nodes', async () => {
    const text = (await get('/api/v1/network/export?format=graphml')).body;
    const errors: string[] = [];
    const doc = new DOMParser({
      onError: (level, message) => void (level !== 'warning' && errors.push(message)),
    }).parseFromString(text, 'text/xml');
    expect(errors).toEqual([]);
    const keys = new Map(
      [...Array.from(doc.getElementsByTagName('key'))].map((k) => [
        k.getAttribute('id')!,
        k.getAttribute('attr.type')!,
      ]),
    );
    expect(keys.size).toBeGreaterThan(10);
    const nodeIds = new Set(Array.from(doc.getElementsByTagName('node')).map((n) => n.getAttribute('id')!));
    for (const data of Array.from(doc.getElementsByTagName('data'))) {
      const type = keys.get(data.getAttribute('key')!);
      expect(type, data.getAttribute('key')!).toBeDefined();
      if (type === 'double' || type === 'int') expect(Number.isFinite(Number(data.textContent))).toBe(true);
    }
    const edges = Array.from(doc.getElementsByTagName('edge'));
    expect(edges.length).toBeGreaterThan(150);
    for (const e of edges) {
      expect(nodeIds.has(e.getAttribute('source')!)).toBe(true);
      expect(nodeIds.has(e.getAttribute('target')!)).toBe(true);
    }
  });

  it('limits to a scope and its neighbours, and to a phase', async () => {
    const trust = (await get('/api/v1/network/metrics?scope=DEMO-T1')).json();
    expect(trust.scope.name).toBe('Riverside Learning Trust');
    const inScope = trust.nodes.filter((n: { in_scope: boolean }) => n.in_scope);
    expect(inScope.length).toBe(13); // the trust and its twelve schools
    expect(trust.nodes.length).toBeGreaterThan(inScope.length);
    const primary = (await get('/api/v1/network/metrics?phase=primary')).json();
    const phases = new Set(
      primary.nodes.filter((n: { kind: string }) => n.kind === 'school').map((n: { key: string }) => n.key),
    );
    expect(phases.size).toBeLessThan(45);
    const custom = (await get('/api/v1/network/metrics?scope=DEMO-T1,DEMO-T2')).json();
    expect(custom.nodes.filter((n: { in_scope: boolean }) => n.in_scope).length).toBe(13 + 9);
    expect(custom.scope.name).toBe('Riverside Learning Trust, Oakhaven Academies Trust');
    expect((await get('/api/v1/network/metrics?scope=000')).statusCode).toBe(400);
    expect((await get('/api/v1/network/metrics?type=friendship')).statusCode).toBe(400);
  });

  it('sees the network as it was on an earlier day, and what changed since', async () => {
    const then = (await get('/api/v1/network/metrics?asOf=2017-01-01')).json();
    const now = (await get('/api/v1/network/metrics')).json();
    expect(then.summary.edges).toBeLessThan(now.summary.edges);
    const compare = (await get('/api/v1/network/compare?from=2017-01-01&to=2026-01-01')).json();
    expect(compare.added.length).toBeGreaterThan(0);
    expect(compare.from.edges - compare.ended.length + compare.added.length).toBe(compare.to.edges);
  });

  it('serves map data with a position and size for every organisation', async () => {
    const map = (await get('/api/v1/network/graph?sizeBy=betweenness')).json();
    const n = map.nodes.key.length;
    expect(map.nodes.x).toHaveLength(n);
    expect(map.nodes.x.every((x: number) => Number.isFinite(x))).toBe(true);
    expect(map.edges.source.every((i: number) => i >= 0 && i < n)).toBe(true);
  });
});

describe('network pages', () => {
  it('shows the summary, brokers, isolated schools and a sortable table, and compares two days', async () => {
    const browser = await signedInBrowser(t);
    const page = await browser.get('/network?sort=degree');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The network in figures');
    expect(page.body).toContain('Top brokers');
    expect(page.body).toContain('aria-sort="descending"');
    expect(page.body).toContain('data-graph-url="/api/v1/network/graph?');
    const filtered = await browser.get('/network?type=support&system=education');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('value="support" checked');
    const compare = await browser.get('/network/compare?from=2017-01-01&to=2026-01-01');
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Ties that began');
    const bad = await browser.get('/network?scope=000');
    expect(bad.statusCode).toBe(400);
  });
});

describe('the network at the version of the data', () => {
  it('shows a new tie on the next request: a report is kept only until the data changes', async () => {
    const own = await createTestApp();
    try {
      await own.services.demo.load(ADMIN);
      const headers = { authorization: `Bearer ${await createToken(own.services)}` };
      const edges = async () =>
        (await own.app.inject({ url: '/api/v1/network/metrics', headers })).json().summary.edges as number;
      const before = await edges();
      expect(await edges()).toBe(before);
      const [a, b] = (await own.services.landscape.listOrganisations(ADMIN, { kind: 'school', perPage: 2 })).items;
      await own.services.landscape.createRelationship(ADMIN, {
        type: 'peer-review',
        fromOrganisationId: a!.id,
        toOrganisationId: b!.id,
      });
      expect(await edges()).toBe(before + 1);
    } finally {
      await own.close();
    }
  });
});

describe('the network of a national landscape', () => {
  it('is worked out by a job, kept at the version of the data, and worked out again after a change', async () => {
    const own = await createTestApp();
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslead-national-'));
      const file = path.join(dir, 'schools.csv');
      const rows = Array.from({ length: LARGE_LANDSCAPE }, (_, i) => `${700000 + i},School ${i},Town,AB1 2CD`);
      fs.writeFileSync(file, `urn,name,town,postcode\n${rows.join('\n')}\n`);
      await own.services.imports.importFile(ADMIN, 'gias-minimal', file);
      fs.rmSync(dir, { recursive: true, force: true });
      const browser = await signedInBrowser(own);
      const headers = { authorization: `Bearer ${await createToken(own.services)}` };
      const metrics = () => own.app.inject({ url: '/api/v1/network/metrics', headers });

      // Nothing kept yet: the API asks to come back (and its call sends the job), and the page says
      // the figures are on their way — unless the job, quick on a network with no ties, is done already.
      const asked = await metrics();
      expect(asked.statusCode).toBe(503);
      expect(asked.json().error.message).toContain('being worked out in the background');
      const first = await browser.get('/network');
      expect(first.statusCode).toBe(200);
      expect(first.body).toMatch(/being worked out in the background|Isolated schools/);
      // Kept and current: the page shows the figures without saying they are out of date; then the API gives them.
      const settled = async () => {
        for (let i = 0; i < 300; i++) {
          const page = await browser.get('/network');
          if (!page.body.includes('being brought up to date') && page.body.includes('Isolated schools')) {
            const response = await metrics();
            if (response.statusCode === 200) return response.json();
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('The network of England was never kept');
      };
      const before = await settled();
      expect(before.summary).toMatchObject({ nodes: LARGE_LANDSCAPE, edges: 0 });

      // A new tie: the kept figures are shown as out of date at once, and the job brings them up to date.
      const [a, b] = (await own.services.landscape.listOrganisations(ADMIN, { kind: 'school', perPage: 2 })).items;
      await own.services.landscape.createRelationship(ADMIN, {
        type: 'peer-review',
        fromOrganisationId: a!.id,
        toOrganisationId: b!.id,
      });
      const stale = await browser.get('/network');
      expect(stale.body).toMatch(/the data has changed since, and they are being brought up to date|Isolated schools/);
      const after = await settled();
      expect(after.summary.edges).toBe(1);
      const kept = await own.database.db.selectFrom('kept_reports').select('data_version').execute();
      expect(kept).toHaveLength(1);
    } finally {
      await own.close();
    }
  }, 120_000);
});
