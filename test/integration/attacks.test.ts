/**
 * Hostile input on every API body and form, generated with fast-check: script tags, SQL
 * fragments, overlong and tricky Unicode strings, wrong types, huge numbers, deep JSON.
 * Whatever arrives: never a server error, never a change to the database when the request
 * is refused, and never markup written back into a page unescaped.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, createToken, signedInBrowser, type TestApp, TestBrowser } from '../test-app.js';
import { organisation, person, school } from '../factories.js';

let t: TestApp;
let auth: Record<string, string>;
let browser: TestBrowser;
const ids = { school: 0, other: 0, person: 0, relationship: 0, assignment: 0 };

beforeAll(async () => {
  t = await createTestApp();
  auth = { authorization: `Bearer ${await createToken(t.services, { isAdmin: true })}` };
  browser = await signedInBrowser(t, { isAdmin: true });
  ids.school = await school(t, { name: 'Target School' });
  ids.other = await organisation(t, { kind: 'health', name: 'Target Clinic' });
  ids.person = await person(t, ids.school, { name: 'Target Person' });
  ids.relationship = (
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'partnership',
      fromOrganisationId: ids.school,
      toOrganisationId: ids.other,
    })
  ).id;
  ids.assignment = (
    await t.services.landscape.createRoleAssignment(ADMIN, {
      personId: ids.person,
      roleCode: 'mentor-head',
      organisationId: ids.school,
    })
  ).id;
});
afterAll(async () => t?.close());

/** A fingerprint of every table except those that record attempts by design: the audit trail, sessions, tokens and rate-limit counters. */
async function fingerprint(): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('audit_log', 'sessions', 'api_tokens', 'rate_limits', 'kysely_migration', 'kysely_migration_lock') order by table_name`.execute(
    t.database.db,
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const row = await sql<{
      h: string | null;
    }>`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${
      // The events a write added count; when the relay handed them on (it runs on its own) does not.
      table_name === 'event_outbox' ? sql`(select id, name, payload from event_outbox)` : sql.table(table_name)
    } x`.execute(t.database.db);
    parts.push(`${table_name}:${row.rows[0]!.h}`);
  }
  return parts.join(',');
}

const NASTY_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; drop table organisations; --",
  "1' or '1'='1",
  '\u202eevil\u202c',
  'zero\u200bwidth',
  'nul\u0000byte',
  '𝕳𝖊𝖑𝖑𝖔 👋🏽',
  'x'.repeat(10_000),
  '',
  ' ',
  '{{ 7*7 }}',
  '${process.exit()}',
  '../../etc/passwd',
];
const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : { a: deep(depth - 1) });
const nastyValue = fc.oneof(
  nastyString,
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0, 2147483648, 3.5, true, false, null),
  fc.constant([1, 2, 3]),
  fc.constant({ nested: { deeper: ['x'] } }),
  fc.constant(deep(200)),
  fc.integer(),
  fc.double(),
);

const BODIES: Array<{ method: 'POST' | 'PATCH'; url: () => string; fields: string[] }> = [
  {
    method: 'POST',
    url: () => '/api/v1/organisations',
    fields: [
      'kind',
      'name',
      'urn',
      'laCode',
      'localAuthorityId',
      'phase',
      'pupils',
      'fsmPercent',
      'postcode',
      'latitude',
      'website',
      'openedOn',
    ],
  },
  {
    method: 'PATCH',
    url: () => `/api/v1/organisations/${ids.school}`,
    fields: ['name', 'pupils', 'fsmPercent', 'status', 'closedOn', 'kind', 'description'],
  },
  { method: 'POST', url: () => '/api/v1/people', fields: ['name', 'email', 'jobTitle', 'organisationId', 'personRef'] },
  { method: 'PATCH', url: () => `/api/v1/people/${ids.person}`, fields: ['name', 'email', 'organisationId'] },
  {
    method: 'POST',
    url: () => '/api/v1/role-assignments',
    fields: ['personId', 'roleCode', 'organisationId', 'startDate', 'endDate'],
  },
  {
    method: 'PATCH',
    url: () => `/api/v1/role-assignments/${ids.assignment}`,
    fields: ['roleCode', 'startDate', 'endDate'],
  },
  {
    method: 'POST',
    url: () => '/api/v1/relationships',
    fields: ['type', 'fromOrganisationId', 'toOrganisationId', 'startDate', 'note'],
  },
  { method: 'PATCH', url: () => `/api/v1/relationships/${ids.relationship}`, fields: ['type', 'endDate', 'note'] },
  { method: 'POST', url: () => '/api/v1/tokens', fields: ['name'] },
];

const FORMS: Array<{ url: () => string; fields: string[] }> = [
  {
    url: () => '/organisations',
    fields: ['kind', 'name', 'urn', 'pupils', 'fsmPercent', 'postcode', 'website', 'openedOn'],
  },
  { url: () => `/organisations/${ids.school}/edit`, fields: ['name', 'pupils', 'description', 'status'] },
  {
    url: () => `/organisations/${ids.school}/relationships`,
    fields: ['otherId', 'type', 'direction', 'startDate', 'note'],
  },
  { url: () => `/relationships/${ids.relationship}/edit`, fields: ['type', 'startDate', 'note', 'back'] },
  { url: () => '/people', fields: ['name', 'email', 'jobTitle', 'organisationId'] },
  { url: () => `/people/${ids.person}/edit`, fields: ['name', 'email', 'jobTitle'] },
  { url: () => `/people/${ids.person}/roles`, fields: ['roleCode', 'organisationId', 'startDate'] },
  { url: () => '/account/password', fields: ['currentPassword', 'newPassword', 'confirmPassword'] },
  { url: () => '/account/tokens', fields: ['name'] },
  { url: () => `/organisations/${ids.school}/members`, fields: ['email', 'role'] },
  { url: () => '/sign-in', fields: ['email', 'password', 'next'] },
];

function bodyOf(fields: string[]) {
  return fc.dictionary(fc.constantFrom(...fields, 'unexpected'), nastyValue, { maxKeys: fields.length + 1 });
}

describe('hostile input', () => {
  it.each(BODIES)(
    'API $method $url: no server error, and nothing changes when refused',
    async ({ method, url, fields }) => {
      await fc.assert(
        fc.asyncProperty(bodyOf(fields), async (body) => {
          const before = await fingerprint();
          const response = await t.app.inject({ method, url: url(), payload: body as object, headers: auth });
          expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await fingerprint()).toBe(before);
        }),
        { numRuns: 25 },
      );
    },
  );

  it('refuses deep JSON and a body that is not JSON at all without a server error', async () => {
    const deepBody = `${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`;
    for (const payload of [deepBody, '{"name":', 'null', '[]', '"just a string"']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload,
        headers: { ...auth, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
  });

  it.each(FORMS)('form $url: no server error, and nothing changes when refused', async ({ url, fields }) => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...fields, 'unexpected'), nastyString, { maxKeys: fields.length + 1 }),
        async (form) => {
          await browser.get('/account');
          const before = await fingerprint();
          const response = await browser.post(url(), form);
          expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await fingerprint()).toBe(before);
          expect(response.body).not.toContain('<script>alert(1)</script>');
          expect(response.body).not.toContain('<img src=x onerror');
        },
      ),
      { numRuns: 15 },
    );
  });

  it('writes stored markup back escaped on every page that shows it', async () => {
    const name = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { kind: 'community-group', name, description: name },
      headers: auth,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await t.services.landscape.createRelationship(ADMIN, {
      type: 'partnership',
      fromOrganisationId: id,
      toOrganisationId: ids.school,
      note: name,
    });
    for (const url of [
      `/organisations/${id}`,
      `/organisations/${ids.school}`,
      '/organisations?kind=community-group',
      '/network',
      `/organisations/${ids.school}/relationships/new?q=script`,
    ]) {
      const page = await browser.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('<script>alert(1)</script>');
      expect(page.body, url).not.toContain('<img src=x');
    }
  });
});
