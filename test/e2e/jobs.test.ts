/** Background jobs in a real browser: a large upload goes to the job page, which follows the job by server-sent events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { createJobRunner } from '../../src/services/jobTypes.js';
import { launchBrowser } from '../helpers/browser.js';

let db: Db;
let url: string;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  // The server only queues jobs: the test decides who runs them.
  const t = await testApp({ IMPORT_JOB_FILES: '1', BITEXT_WORKER: 'off' });
  db = t.db;
  url = t.url;
  server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (err) => {
    throw err;
  });
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${base}/login`);
  await page.locator('input[name=name]').fill('admin');
  await page.locator('input[name=password]').fill('admin-password-long');
  await Promise.all([page.waitForURL(`${base}/`), page.locator('form.stacked button').click()]);
});

afterAll(async () => {
  // A save still in flight when the browser closes fails its fetch; that is teardown, not a defect of the page.
  page?.removeAllListeners('pageerror');
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
});

describe('jobs in a real browser', () => {
  it('follows a job on its page by server-sent events: progress as it changes, then the result', async () => {
    // No worker runs: the test moves the job along.
    const job = await db.job.create({ data: { type: 'import', params: JSON.stringify({ project: 'x', files: 2 }) } });
    await page.goto(`${base}/jobs/${job.id}`);
    expect(await page.locator('.job-status-label').textContent()).toBe('Waiting');
    await expect.poll(() => requested.includes(`/api/jobs/${job.id}/events`)).toBe(true);
    await db.job.update({ where: { id: job.id }, data: { status: 'running', done: 1, total: 2 } });
    await expect.poll(() => page.locator('.job-count').textContent()).toBe('1 of 2');
    expect(await page.locator('.job-status-label').textContent()).toBe('Running');
    expect(await page.locator('.job-bar').evaluate((b: HTMLProgressElement) => [b.value, b.max])).toEqual([1, 2]);
    await Promise.all([
      page.waitForEvent('load'),
      db.job.update({
        where: { id: job.id },
        data: {
          status: 'done',
          done: 2,
          total: 2,
          result: JSON.stringify({ documents: [{ id: 1, path: 'one.md', action: 'created', translatable: 1, notes: '' }], refused: [] }),
        },
      }),
    ]);
    expect(await page.locator('.job-status-label').textContent()).toBe('Done');
    expect(await page.locator('.import-ok li').allTextContents()).toEqual(['one.md: new, 1 segment']);
    expect(await page.locator('.job-cancel-page').count()).toBe(0);
    expect(requested.filter((p) => p === `/api/jobs/${job.id}`)).toEqual([]); // no polling while the stream works
  });

  it('sends a large upload from the project page to its job page, which shows every imported file a worker imported', async () => {
    const worker = createJobRunner(db, loadConfig({ DATABASE_URL: url }), { pollMs: 100 });
    await worker.start();
    await page.goto(`${base}/`);
    await page.locator('.upload-form input[name=project]').fill('bulk');
    await page.locator('.upload-form input[type=file]:not(.folder)').setInputFiles([
      { name: 'a.md', mimeType: 'text/markdown', buffer: Buffer.from('第一篇。\n') },
      { name: 'b.md', mimeType: 'text/markdown', buffer: Buffer.from('第二篇。\n') },
    ]);
    await page.locator('.upload-form button[type=submit]').click();
    await page.waitForURL(/\/jobs\/\d+$/);
    await expect.poll(() => page.locator('.import-ok li a').allTextContents()).toEqual(['a.md', 'b.md']);
    expect(await page.locator('.job-status-label').textContent()).toBe('Done');
    await worker.stop();
  });
});
