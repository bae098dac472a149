/**
 * Print layouts and their PDFs (ADR 12): the printable pages of a small trust made as PDFs by
 * Chromium and read back as text, each with the permissions of the person asking; and the
 * charts beside their tables. The PDFs are skipped, saying why, only where Chromium is not
 * installed.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildStylesheet } from '../../scripts/build-stylesheet.mjs';
import { loadConfig } from '../../src/config.js';
import { formatDate } from '../../src/platform/http/views.js';
import { buildApp } from '../../src/app.js';
import { ADMIN, createTestApp, TestBrowser, type TestApp } from '../test-app.js';
import {
  answeredSurvey,
  importValues,
  member,
  school,
  supportChain,
  trust,
  userWith,
  type SignedInUser,
} from '../factories.js';

const CHROMIUM = loadConfig({ NODE_ENV: 'test', ...process.env }).chromiumPath;
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM)
  console.warn(`Skipping the PDF tests: Chromium is not installed at ${CHROMIUM} (set SYSLEAD_CHROMIUM).`);

/** The stylesheet's right margin of a page (12 mm), in points. */
const RIGHT_MARGIN = (12 / 25.4) * 72;

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
let outsider: SignedInUser;
const ids = { trust: 0, ash: 0, beech: 0, cherry: 0, engagement: 0, survey: 0 };

beforeAll(async () => {
  // The PDFs are laid out with the built stylesheet, as a served installation's are.
  if (HAS_CHROMIUM) buildStylesheet();
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
  outsider = await userWith(t, null);
  ids.engagement = (
    await supportChain(t, {
      seeker: ids.ash,
      helper: ids.beech,
      opening: {
        type: 'school-to-school',
        aims: 'Fewer sessions missed',
        accountableTo: 'The governing board',
        startDate: '2021-09-01',
        measures: [{ code: 'absence-overall-percent', target: 4 }],
      },
    })
  ).engagementId!;
  ids.survey = (
    await answeredSurvey(t, {
      organisationId: ids.ash,
      title: 'Staff voice',
      audience: 'staff',
      period: '2023/24',
      questions: [{ type: 'scale', prompt: 'I feel trusted to do my job', indicatorName: 'Staff feel trusted' }],
      answers: [{ organisationId: ids.ash, times: 12, answer: (i, [q]) => ({ [`q${q}`]: String((i % 5) + 1) }) }],
    })
  ).id;
}, 180_000); // building the stylesheet and the data takes a while on a busy machine
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
    expect(text).toMatch(/Sources DfE performance tables .*Benchmark: England/);
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
      // Nothing of the page's content reaches into the right margin, where a page is cut.
      for (const item of page.items.filter((i) => i.text.trim() && !/^Page \d+ of \d+$/.test(i.text)))
        expect(item.right, item.text).toBeLessThanOrEqual(page.width - RIGHT_MARGIN);
    }
  });
});

describe.skipIf(!HAS_CHROMIUM)('the PDFs of every printable page', () => {
  it('shows only what the person asking may see: an outsider’s group results name no member and have no Yours', async () => {
    const mine = (await readPdf((await staff.page(`/groups.pdf?scope=org:${ids.trust}`)).rawPayload))
      .map((p) => p.text)
      .join(' ');
    const theirs = (await readPdf((await outsider.page(`/groups.pdf?scope=org:${ids.trust}`)).rawPayload))
      .map((p) => p.text)
      .join(' ');
    expect(mine).toContain('Beech Print School');
    expect(theirs).toContain('Results as one group');
    expect(theirs).not.toContain('Beech Print School');
    expect(theirs).not.toContain('(yours)');
  });

  it('makes each page’s PDF with its print header and page numbers, several at once', async () => {
    const pages = [
      [`/organisations/${ids.ash}/indicators.pdf`, 'Indicators of Ash Print School', 'Scope Ash Print School'],
      [`/engagements/${ids.engagement}/impact.pdf`, 'Impact so far', 'Scope Ash Print School, supported by Beech'],
      ['/landscape.pdf', 'The landscape of system leadership', 'Scope Every organisation in Syslead'],
      ['/support/coverage.pdf', 'Who is waiting for help', 'Scope Every need you may see'],
      [`/network.pdf?scope=org:${ids.trust}`, 'The network of Printing Trust', 'Scope Printing Trust'],
    ] as const;
    const responses = await Promise.all(pages.map(([url]) => staff.page(url)));
    for (const [i, [url, heading, scope]] of pages.entries()) {
      const response = responses[i]!;
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe('application/pdf');
      const text = (await readPdf(response.rawPayload)).map((p) => p.text).join(' ');
      for (const expected of [heading, scope, 'As at', 'Sources', 'Printed', 'Page 1 of'])
        expect(text, `${url}: ${expected}`).toContain(expected);
      for (const absent of ['Sign out', 'Skip to main content', 'Download PDF'])
        expect(text, `${url}: ${absent}`).not.toContain(absent);
    }
  });

  it('answers a PDF of a page the person may not see as the page does', async () => {
    expect((await outsider.page(`/engagements/${ids.engagement}/impact.pdf`)).statusCode).toBe(404);
    const anonymous = await t.app.inject({ url: '/groups.pdf' });
    expect(anonymous.statusCode).toBe(303);
  });
});

describe('printable pages without Chromium', () => {
  it('offer no PDF, say to print from the browser, and answer the PDF address with how to', async () => {
    const config = loadConfig(
      { NODE_ENV: 'test' },
      { dataDir: '(unused)', requireAdminTwoFactor: false, chromiumPath: '' },
    );
    const app = await buildApp({ config, db: t.database.db, runJobs: false });
    try {
      const browser = new TestBrowser(app);
      await browser.signIn(staff.email, staff.password);
      const page = await browser.get(`/groups?scope=org:${ids.trust}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Download PDF');
      expect(page.body).toContain('use your browser’s Print, then Save as PDF');
      const pdf = await browser.get(`/groups.pdf?scope=org:${ids.trust}`);
      expect(pdf.statusCode).toBe(404);
      expect(pdf.body).toContain('use your browser’s Print, then Save as PDF');
    } finally {
      await app.close();
    }
  });
});

describe('the print header and the charts on the pages', () => {
  it('puts the print-only header on the page: title, scope, as at, sources and when printed', async () => {
    const body = (await staff.page(`/groups?scope=org:${ids.trust}`)).body;
    const header = /<div class="syslead-print-only syslead-print-header">([\s\S]*?)<\/dl>/.exec(body)?.[1] ?? '';
    expect(header).toContain('Group results: Printing Trust');
    for (const key of ['Scope', 'As at', 'Sources', 'Printed'])
      expect(header).toContain(`<dt class="govuk-summary-list__key">${key}</dt>`);
    expect(header).toContain('DfE performance tables');
  });

  it('draws group results with the viewer’s line beside the group’s and England’s, as an image with its figures in a table', async () => {
    const body = (await staff.page(`/groups?scope=org:${ids.trust}&indicator=absence-overall-percent`)).body;
    const svg = /<svg class="syslead-chart"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="trend-title">Overall absence, 2021/22 to 2023/24</title>');
    expect(svg).toMatch(/<desc id="trend-desc">Line chart in per cent\. Ash Print School \(yours\): 2021\/22 7\.5%/);
    for (const line of ['own', 'group', 'benchmark']) expect(svg).toContain(`syslead-chart__series--${line}`);
    for (const name of [
      'Ash Print School (yours)',
      'Printing Trust (the group)',
      'England (state-funded schools)',
      'Per cent',
    ])
      expect(svg).toContain(`>${name}</text>`);
    expect(body).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Ash Print School (yours)</th>',
    );
  });

  it('draws a school’s results, an engagement’s impact and a survey’s answers, each beside a table', async () => {
    const school = (await staff.page(`/organisations/${ids.ash}/indicators`)).body;
    expect(school).toContain('<title id="chart-1-title">Overall absence, 2021/22 to 2023/24</title>');
    expect(school).toContain('>Overall absence by period</caption>');

    const impact = (await staff.page(`/engagements/${ids.engagement}/impact`)).body;
    expect(impact).toMatch(/<title id="impact-1-title">Overall absence/);
    expect(impact).toContain('>Ash Print School (supported)</text>');
    expect(impact).toContain('Overall absence by period</caption>');

    const survey = (await staff.page(`/surveys/${ids.survey}/results`)).body;
    expect(survey).toMatch(/<svg class="syslead-chart"[^>]*role="img"/);
    expect(survey).toContain('Ash Print School: answers to question 1, I feel trusted to do my job</title>');
    expect(survey).toContain('>People who chose each answer</text>');
    expect(survey).toContain('Answers to question 1</caption>');
  });
});
