import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { clientFor, testApp } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';

let db: Db;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
let docId: number;

beforeAll(async () => {
  const t = await testApp();
  db = t.db;
  const report = await importFiles(db, [{ name: 'summit.md', bytes: Buffer.from('普京将于6月16日在日内瓦会晤。\n\n会议议程\n') }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e7,
  });
  docId = report.documents[0]!.id;
  const rita = await clientFor(t.app, db, 'rita', 'reviewer');
  await db.projectMember.create({ data: { userId: rita.id, projectId: report.documents[0]!.projectId } });
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
  await page.goto(`${base}/documents/${docId}?lang=en`);
  await page.locator('input[name=name]').fill('rita');
  await page.locator('input[name=password]').fill('rita-password-long');
  await page.locator('form.stacked button').click();
  await page.waitForURL(`${base}/documents/${docId}?lang=en`);
});

afterAll(async () => {
  // A save still in flight when the browser closes fails its fetch; that is teardown, not a defect of the page.
  page?.removeAllListeners('pageerror');
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
});

/** The first segment's row (a locator made fresh each time, since rows are re-rendered). */
const row = () => page.locator('.seg[data-index="0"]');

describe('review in a real browser', () => {
  it('shows the QA issue of a save under the row, with an error badge', async () => {
    const area = row().locator('textarea');
    await area.click();
    await area.fill('Putin will meet in Geneva on June 17.');
    await expect.poll(() => row().locator('.state').textContent()).toBe('Saved');
    await expect
      .poll(() => row().locator('.qa-issues li.qa-error').textContent())
      .toBe('Numbers The number 16 of the source is not in the target.');
    expect(await row().locator('.qa-badge.qa-error').textContent()).toBe('1');
    expect(await row().locator('.qa-badge.qa-error').isVisible()).toBe(true);
  });

  it('refuses Approve while the error remains and approves with an override reason', async () => {
    await row().locator('button.approve').click();
    await expect.poll(() => page.locator('.review-panel .qa-blocked').textContent()).toContain('QA errors remain (Numbers)');
    expect(await row().getAttribute('data-status')).toBe('draft');
    await page.locator('.review-panel input.override-reason').fill('the source date is wrong');
    await page.locator('.review-panel form.override button').click();
    await expect.poll(() => row().getAttribute('data-status')).toBe('reviewed');
    expect(await page.locator('.review-panel').count()).toBe(0);
    const rev = await db.revision.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(rev.note).toBe('QA override (numbers): the source date is wrong');
  });

  it('fixing the text clears the issues; the history shows the diff and restores an older version', async () => {
    const area = row().locator('textarea');
    await area.fill('Putin will meet in Geneva on June 16.');
    await expect.poll(() => row().locator('.state').textContent()).toBe('Saved');
    await expect.poll(() => row().locator('.qa-issues').isVisible()).toBe(false);
    await row().locator('button.history-toggle').click();
    await expect.poll(() => page.locator('.review-panel li.revision').count()).toBe(3);
    expect(await page.locator('.review-panel li.revision').first().locator('del').textContent()).toBe('17');
    expect(await page.locator('.review-panel li.revision').first().locator('ins').textContent()).toBe('16');
    await page.locator('.review-panel li.revision').last().locator('button.restore').click();
    await expect.poll(() => area.inputValue()).toBe('Putin will meet in Geneva on June 17.');
    await expect.poll(() => page.locator('.review-panel li.revision').count()).toBe(4);
    expect(await row().getAttribute('data-version')).toBe('4');
    await expect.poll(() => row().locator('.qa-badge.qa-error').isVisible()).toBe(true);
  });

  it('adds a comment and rejects with one', async () => {
    await row().locator('button.comments-toggle').click();
    await page.locator('.review-panel textarea.comment-input').fill('Check the date against TASS');
    await page.locator('.review-panel form.comment-form button').click();
    await expect.poll(() => page.locator('.review-panel li.comment .comment-text').textContent()).toBe('Check the date against TASS');
    expect(await row().locator('button.comments-toggle').textContent()).toBe('Comments (1)');
    await row().locator('button.reject').click();
    await page.locator('.review-panel textarea.reject-comment').fill('Wrong date');
    await page.locator('.review-panel form.reject-form button').click();
    await expect.poll(() => row().getAttribute('data-status')).toBe('rejected');
    expect(await row().locator('button.comments-toggle').textContent()).toBe('Comments (2)');
    expect(await row().locator('.status').textContent()).toBe('Rejected');
  });
});
