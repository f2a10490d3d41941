import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { saveFromEditor } from '../../src/services/editorService.js';
import { testApp } from '../helpers/app.js';
import { ROOT } from '../helpers/db.js';
import { listen, signIn } from '../helpers/server.js';
import { launchBrowser } from '../helpers/browser.js';

let db: Db;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
let docId: number;

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const MEMORY = '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。';

beforeAll(async () => {
  const t = await testApp();
  db = t.db;
  // One document confirms a sentence; the second has a near copy (96 %) and an exact copy in the same context.
  const first = await importFiles(db, [{ name: 'first.md', bytes: Buffer.from(`${MEMORY}\n\n白宫对会议议程的评论更加简洁。\n`) }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e7,
  });
  const admin = (await db.user.findUniqueOrThrow({ where: { name: 'admin' } })) as unknown as Parameters<typeof saveFromEditor>[1]['user'];
  const [s1, s2] = await db.segment.findMany({ where: { documentId: first.documents[0]!.id }, orderBy: { index: 'asc' } });
  await saveFromEditor(db, {
    segmentId: s1!.id,
    lang: 'en',
    text: 'Putin and Biden <b>meet</b> on June 16.',
    status: 'translated',
    version: 0,
    user: admin,
  });
  await saveFromEditor(db, {
    segmentId: s2!.id,
    lang: 'en',
    text: 'The White House was brief.',
    status: 'reviewed',
    version: 0,
    user: admin,
  });
  docId = (
    await importFiles(
      db,
      [
        {
          name: 'second.md',
          bytes: Buffer.from(`俄罗斯总统普京和美国总统拜登将于6月17日在日内瓦会晤。\n\n${MEMORY}\n\n白宫对会议议程的评论更加简洁。\n`),
        },
      ],
      {
        project: 'news',
        sourceLang: 'zh',
        targetLangs: ['en'],
        maxBytes: 1e7,
      },
    )
  ).documents[0]!.id;
  ({ server, base } = await listen(t.app));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (err) => {
    throw err;
  });
  await signIn(page, base);
});

afterAll(async () => {
  // A save still in flight when the browser closes fails its fetch; that is teardown, not a defect of the page.
  page?.removeAllListeners('pageerror');
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
});

const row = (index: number) => page.locator(`.seg[data-index="${index}"]`);

describe('translation memory in the editor', () => {
  it('shows the fuzzy match beside the focused segment with the difference marked, and Ctrl+1 inserts and saves it', async () => {
    await page.goto(`${base}/documents/${docId}?lang=en`);
    const area = row(0).locator('textarea');
    await area.click();
    const match = row(0).locator('.tm-panel .tm-match');
    await expect.poll(() => match.count()).toBe(1);
    expect(await match.locator('.tm-score').textContent()).toBe('96 %');
    expect(await match.locator('.tm-source del').textContent()).toBe('6');
    expect(await match.locator('.tm-source ins').textContent()).toBe('7');
    // Markup in the memory's text is shown as text, never as page markup.
    expect(await match.locator('.tm-target').textContent()).toBe('Putin and Biden <b>meet</b> on June 16.');
    expect(await match.locator('.tm-target b').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-tm.png') });
    await area.press('Control+1');
    expect(await area.inputValue()).toBe('Putin and Biden <b>meet</b> on June 16.');
    await expect.poll(() => row(0).locator('.state').textContent()).toBe('Saved');
    const seg = await db.segment.findFirstOrThrow({ where: { documentId: docId, index: 0 } });
    expect(await db.translation.findFirstOrThrow({ where: { segmentId: seg.id, lang: 'en' } })).toMatchObject({
      text: 'Putin and Biden <b>meet</b> on June 16.',
      status: 'draft',
    });
  });

  it('shows exact prefills (origin TM), the in-context badge where the neighbours match too, and moves the panel', async () => {
    await page.goto(`${base}/documents/${docId}?lang=en`);
    // The exact copy follows another sentence here than in first.md: exact, not in context.
    expect(await row(1).locator('textarea').inputValue()).toBe('Putin and Biden <b>meet</b> on June 16.');
    expect(await row(1).locator('.origin').textContent()).toBe('TM');
    expect(await row(1).locator('.tm-badge').count()).toBe(0);
    // The last sentence follows the same sentence and ends the document, as in first.md: in context.
    expect(await row(2).locator('textarea').inputValue()).toBe('The White House was brief.');
    expect(await row(2).locator('.tm-badge').textContent()).toBe('In context');
    await row(2).locator('textarea').click();
    await expect.poll(() => row(2).locator('.tm-panel .tm-context').textContent()).toBe('in context');
    expect(await row(2).locator('.tm-panel .tm-score').first().textContent()).toBe('100 %');
    await row(1).locator('textarea').click();
    await expect.poll(() => row(1).locator('.tm-panel .tm-score').first().textContent()).toBe('100 %');
    expect(await row(2).locator('.tm-panel').count()).toBe(0);
  });

  it('finds a phrase on the memory page (linked from the header) and highlights it', async () => {
    await page.goto(`${base}/`);
    await page.locator('header nav a[href="/tm"]').click({ timeout: 5000 });
    await page.locator('.tm-search input[name=q]').fill('普京和美国', { timeout: 5000 });
    await page.locator('.tm-search button[type=submit]').click({ timeout: 5000 });
    await page.waitForURL(/\/tm\?q=/, { timeout: 5000 });
    expect(await page.locator('.tm-results mark').allTextContents()).toEqual(['普京和美国']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'tm-page.png'), fullPage: true });
  });
});
