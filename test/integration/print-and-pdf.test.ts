/**
 * Print layouts and their PDFs (ADR 12): the group results of a small trust made as a PDF by
 * Chromium, read back as text. Skipped, saying why, only where Chromium is not installed.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildStylesheet } from '../../scripts/build-stylesheet.mjs';
import { loadConfig } from '../../src/config.js';
import { formatDate } from '../../src/platform/http/views.js';
import { ADMIN, createTestApp, type TestApp } from '../test-app.js';
import { importValues, member, school, trust, userWith, type SignedInUser } from '../factories.js';

const CHROMIUM = loadConfig({ NODE_ENV: 'test', ...process.env }).chromiumPath;
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM)
  console.warn(`Skipping the PDF tests: Chromium is not installed at ${CHROMIUM} (set SYSLEAD_CHROMIUM).`);

/** Each page of a PDF: its size in points and its text in reading order, with where each piece ends. */
async function readPdf(body: Buffer) {
  const document = await getDocument({ data: new Uint8Array(body) }).promise;
  const pages = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const items = (await page.getTextContent()).items.flatMap((i) =>
      'str' in i ? [{ text: i.str, right: i.transform[4] + i.width, x: i.transform[4] as number }] : [],
    );
    pages.push({
      width,
      height,
      items,
      text: items
        .map((i) => i.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    });
  }
  return pages;
}

let t: TestApp;
let staff: SignedInUser;
const ids = { trust: 0, ash: 0, beech: 0, cherry: 0 };

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  buildStylesheet();
  t = await createTestApp();
  ids.trust = await trust(t, { name: 'Printing Trust' });
  for (const [key, urn, name] of [
    ['ash', 991001, 'Ash Print School'],
    ['beech', 991002, 'Beech Print School'],
    ['cherry', 991003, 'Cherry Print School'],
  ] as const) {
    ids[key] = await school(t, { name, urn });
    await member(t, ids[key], ids.trust);
  }
  await t.services.indicators.listIndicators(ADMIN);
  const lines = ['urn,indicator,period,value'];
  for (const [urn, values] of [
    [991001, [7.5, 6.25, 5.125]],
    [991002, [8, 7, 6]],
    [991003, [9, 9.5, 8]],
  ] as const)
    ['2021/22', '2022/23', '2023/24'].forEach((period, i) =>
      lines.push(`${urn},absence-overall-percent,${period},${values[i]}`),
    );
  expect((await importValues(t, lines)).rejected).toBe(0);
  staff = await userWith(t, { organisationId: ids.ash, role: 'member' });
});
afterAll(async () => t?.close());

describe.skipIf(!HAS_CHROMIUM)('the PDF of group results', () => {
  it('is A4 and keeps every column, Yours included, with the as-at and printed dates and page numbers', async () => {
    const html = await staff.page(`/groups?scope=org:${ids.trust}`);
    expect(html.statusCode).toBe(200);
    const link = /href="([^"]+)"[^>]*>Download PDF/.exec(html.body)?.[1];
    expect(link).toBe(`/groups.pdf?scope=org:${ids.trust}`);

    const response = await staff.page(link!.replaceAll('&amp;', '&'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('group-results-printing-trust.pdf');
    const pages = await readPdf(response.rawPayload);
    const text = pages.map((p) => p.text).join(' ');
    expect(text).toMatch(/Indicator Period Group Members Middle half of members Benchmark Yours/);
    // Ash's own latest value is in the Yours column, and its line is in the chart and the trend.
    expect(text).toMatch(/Overall absence .* 2023\/24 6\.4% 3 .* 5\.1%/);
    expect(text).toContain('Ash Print School (yours)');
    const today = formatDate(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()));
    expect(text).toContain(`As at ${today}`);
    expect(text).toMatch(new RegExp(`Printed ${today} at \\d\\d:\\d\\d`));
    expect(text).toContain('Sources DfE performance tables Benchmark: England');
    expect(text).toContain(`Page 1 of ${pages.length}`);
    expect(text).toContain(`Page ${pages.length} of ${pages.length}`);
    for (const absent of [
      'Skip to main content',
      'Sign out',
      'Notifications',
      'Menu',
      'Engagements',
      'Surveys',
      'Show',
      'Save setting',
      'Download',
      'Open Government Licence',
    ])
      expect(text, absent).not.toContain(absent);
    for (const page of pages) {
      expect([Math.round(page.width), Math.round(page.height)]).toEqual([595, 842]);
      for (const item of page.items.filter((i) => i.text.trim()))
        expect(item.right, item.text).toBeLessThanOrEqual(page.width);
    }
  });
});
