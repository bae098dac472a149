import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, signedInBrowser, type TestApp, TestBrowser } from '../test-app.js';

let t: TestApp;
let admin: TestBrowser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInBrowser(t, { isAdmin: true });
});
afterAll(async () => t?.close());

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----sysleadtest';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(browser: TestBrowser, fields: Record<string, string>, file?: { name: string; content: string }) {
  const body = multipart(fields, file);
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url: '/imports',
    payload: body.payload,
    headers: { cookie, 'content-type': body.contentType },
  });
}

/** The run's page once its background job has finished. */
async function finished(browser: TestBrowser, location: string) {
  for (let i = 0; i < 200; i++) {
    const page = await browser.get(location);
    if (!page.body.includes('data-progress-url')) return page;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The import at ${location} did not finish`);
}

const LIST =
  'urn,name,town,postcode\n990701,Upload Primary,Town,AB1 2CD\n990702,Upload Academy,Town,AB1 2CE\n99,Broken,Town,AB1 2CF\n';

describe('the import page', () => {
  it('imports an uploaded file and shows what changed, with the rejected rows to download', async () => {
    await admin.get('/imports');
    const response = await upload(
      admin,
      { _csrf: admin.csrf, kind: 'gias-minimal' },
      { name: 'july.csv', content: LIST },
    );
    expect(response.statusCode).toBe(303);
    const runPage = await finished(admin, response.headers.location as string);
    expect(runPage.body).toContain('Import of july.csv');
    expect(runPage.body).toMatch(/Added<\/th><td[^>]*>2</);
    expect(runPage.body).toContain('urn &quot;99&quot; is not a six-digit URN');
    const csv = await admin.get(`${response.headers.location}/rejects.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe('line,reason\n4,"urn ""99"" is not a six-digit URN"\n');
    const again = await upload(admin, { _csrf: admin.csrf, kind: 'gias-minimal' }, { name: 'july.csv', content: LIST });
    const second = await finished(admin, again.headers.location as string);
    expect(second.body).toMatch(/Unchanged<\/th><td[^>]*>2</);
    expect((await admin.get('/imports')).body).toContain('july.csv');
  });

  it('answers at once and lets the page follow the job: waiting, then what it changed', async () => {
    await admin.get('/imports');
    const content = `urn,name,town,postcode\n${Array.from({ length: 3000 }, (_, i) => `${991000 + i},School ${i},Town,AB1 2CD`).join('\n')}\n`;
    const response = await upload(admin, { _csrf: admin.csrf, kind: 'gias-minimal' }, { name: 'big.csv', content });
    expect(response.statusCode).toBe(303);
    const location = response.headers.location as string;
    const id = Number(location.split('/').pop());
    const page = await admin.get(location);
    let last: { state: string; status: string; inserted: number } | undefined;
    for (let i = 0; i < 200 && last?.state !== 'done'; i++) {
      last = (await admin.get(`/api/v1/imports/${id}`)).json();
      if (last!.state !== 'done') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(last).toMatchObject({ state: 'done', succeeded: true, inserted: 3000, status: 'Finished.' });
    // The page first said where the import was, in a live region a screen reader reads out.
    if (page.body.includes('data-progress-url')) expect(page.body).toMatch(/role="status"[^>]*>(Waiting|Reading|All)/);
    const stored = await t.database.db.selectFrom('import_uploads').select('run_id').where('run_id', '=', id).execute();
    expect(stored).toEqual([]);
  });

  it('refuses an upload without the CSRF token before storing anything', async () => {
    const before = await t.services.landscape.summary(ADMIN);
    const response = await upload(
      admin,
      { kind: 'gias-minimal' },
      { name: 'forged.csv', content: 'urn,name,town,postcode\n990801,Forged,Town,AB1 2CD\n' },
    );
    expect(response.statusCode).toBe(403);
    expect(await t.services.landscape.summary(ADMIN)).toEqual(before);
  });

  it('refuses a file with the wrong header, says why, and records the refusal', async () => {
    await admin.get('/imports');
    const response = await upload(
      admin,
      { _csrf: admin.csrf, kind: 'gias-links' },
      { name: 'wrong.csv', content: LIST },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('missing column &quot;LinkURN&quot;');
    const page = await admin.get('/imports');
    expect(page.body).toMatch(/wrong\.csv<\/a> <strong class="govuk-tag govuk-tag--red">Refused/);
  });

  it('asks for a kind and a file when they are missing', async () => {
    await admin.get('/imports');
    const response = await upload(admin, { _csrf: admin.csrf, kind: 'nonsense' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose what kind of file this is');
    expect(response.body).toContain('Choose a file to import');
  });

  it('is for administrators only', async () => {
    const reader = await signedInBrowser(t);
    expect((await reader.get('/imports')).statusCode).toBe(403);
    const response = await upload(
      reader,
      { _csrf: reader.csrf, kind: 'gias-minimal' },
      { name: 'x.csv', content: LIST },
    );
    expect(response.statusCode).toBe(403);
  });
});
