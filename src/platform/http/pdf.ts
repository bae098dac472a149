import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PUBLIC_FOLDER } from './plugins.js';

/** How Chromium starts on a server: headless, without the background traffic a closed network refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Turns a page's HTML, as its viewer sees it, into the PDF of its print layout (ADR 12). */
export interface PdfMaker {
  /** Whether this server can make PDFs (Chromium is installed where the configuration says). */
  readonly available: boolean;
  /** The stylesheet the PDF is laid out with, put inside the page since Chromium fetches nothing. */
  stylesheet(): string;
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * One Chromium for the whole process, started at the first PDF and closed with the app; at
 * most `concurrency` pages rendered at once, the rest waiting their turn. Chromium is given
 * the finished HTML and nothing else: it runs no script and every request it would make is
 * refused, so it never reaches the app, or anything, with anyone's credentials.
 */
export function createPdfMaker({
  chromiumPath,
  concurrency = 2,
}: {
  chromiumPath: string;
  concurrency?: number;
}): PdfMaker {
  const available = chromiumPath !== '' && fs.existsSync(chromiumPath);
  let browser: Promise<Browser> | undefined;
  let css: string | undefined;
  let running = 0;
  const waiting: Array<() => void> = [];

  function launch(): Promise<Browser> {
    browser ??= import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS }))
      .then((started) => {
        started.on('disconnected', () => (browser = undefined));
        return started;
      })
      .catch((error: unknown) => {
        browser = undefined;
        throw error;
      });
    return browser;
  }

  async function turn(): Promise<void> {
    if (running < concurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function done(): void {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  return {
    available,
    stylesheet() {
      const file = path.join(PUBLIC_FOLDER, 'build', 'syslead.css');
      if (css === undefined && fs.existsSync(file)) css = fs.readFileSync(file, 'utf8');
      return css ?? '';
    },
    async render(html) {
      if (!available) throw new Error('Chromium is not installed, so PDFs cannot be made');
      await turn();
      try {
        const context = await (await launch()).newContext({ javaScriptEnabled: false });
        try {
          await context.route('**/*', (route) => route.abort());
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        } finally {
          await context.close();
        }
      } finally {
        done();
      }
    },
    async close() {
      const started = browser;
      browser = undefined;
      if (started) await (await started.catch(() => undefined))?.close();
    },
  };
}
