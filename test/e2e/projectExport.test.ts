/** In a real browser: the upload form's format choice, and the project's zip download from the projects page. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../helpers/app.js';
import { axeViolations, launchBrowser } from '../helpers/browser.js';
import { listen, signIn } from '../helpers/server.js';
import { ROOT, tempDir } from '../helpers/db.js';
import { unzip } from '../helpers/zip.js';
import { exportDocument } from '../../src/services/exportService.js';

const SEED = path.join(ROOT, 'test/fixtures/000_2f1ea46cb1892beb.txt');
let db: Db;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const t = await testApp();
  db = t.db;
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (err) => {
    throw err;
  });
  await signIn(page, base);
}, 120_000);

afterAll(async () => {
  // A save still in flight when the browser closes fails its fetch; that is teardown, not a defect of the page.
  page?.removeAllListeners('pageerror');
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
});

describe('format choice and project zip in a real browser', () => {
  it('uploads the Markdown .txt article with the format left on automatic, and then as plain text', async () => {
    const form = page.locator('form.upload-form');
    await form.locator('input[name=project]').fill('browser');
    await expect.poll(() => form.locator('select[name=format]').inputValue()).toBe('auto');
    await form.locator('input[type=file]:not(.folder)').setInputFiles(SEED);
    await form.locator('button[type=submit]').click();
    await expect
      .poll(() => page.locator('.upload-status').innerText(), { timeout: 30_000 })
      .toContain('29 segments, read as Markdown (detected from the content)');

    await page.goto(`${base}/`);
    await form.locator('input[name=project]').fill('browser-plain');
    await form.locator('select[name=format]').selectOption('text');
    await form.locator('input[type=file]:not(.folder)').setInputFiles(SEED);
    await form.locator('button[type=submit]').click();
    await expect
      .poll(() => page.locator('.upload-status').innerText(), { timeout: 30_000 })
      .toContain('28 segments, read as plain text (as chosen)');
  }, 90_000);

  it('downloads the whole project as one zip from the picker, each file its document export', async () => {
    await page.goto(`${base}/`);
    const form = page.locator('section.project', { hasText: 'browser-plain' }).locator('form.export-picker');
    await form.locator('select[name=layout]').selectOption('interleaved');
    await form.locator('input[name=lang][value=ru]').uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), form.locator('button.zip').click()]);
    expect(download.suggestedFilename()).toBe('browser-plain.interleaved.en.zip');
    const file = path.join(tempDir(), 'p.zip');
    await download.saveAs(file);
    const entries = await unzip(readFileSync(file));
    const doc = await db.document.findFirstOrThrow({ where: { project: { name: 'browser-plain' } } });
    const { text } = await exportDocument(db, { documentId: doc.id, layout: 'interleaved', langs: ['en'] });
    expect([...entries.keys()]).toEqual(['000_2f1ea46cb1892beb.interleaved.en.md']);
    expect(entries.get('000_2f1ea46cb1892beb.interleaved.en.md')!.toString('utf8')).toBe(text);
  }, 90_000);

  it('keeps both forms free of critical and serious accessibility violations (axe-core)', async () => {
    await page.goto(`${base}/`);
    const violations = await axeViolations(page, ['form.upload-form', 'form.export-picker']);
    expect(violations).toEqual([]);
  }, 60_000);
});
