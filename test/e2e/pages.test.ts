/**
 * Every page of the workbench in a real browser, in each interface language: it loads without console
 * errors or failed requests, its controls pass Playwright's actionability checks (visible, enabled, not
 * covered by another element: a covering overlay fails), and axe-core finds no critical or serious
 * violation. Then the same app is reached as http://bitext.test:PORT/ (a non-localhost name over plain
 * HTTP) to prove that signing in, the stylesheet and form posts work without HTTPS.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Express } from 'express';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { UI_LANGS, type UiLang } from '../../src/web/i18n.js';
import { ROOT } from '../helpers/db.js';
import { listRoutes, testApp } from '../helpers/app.js';
import { axeViolations, launchBrowser } from '../helpers/browser.js';
import { listen, signIn } from '../helpers/server.js';
import { finishedImportJobRefusingBigFile } from '../helpers/importJob.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'pages');
/** Screenshots of every page in every language (for people to look at) when BITEXT_SCREENSHOTS=1. */
const SCREENSHOTS = process.env.BITEXT_SCREENSHOTS === '1';

// A page is opened, clicked through and checked by axe: seconds each on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let app: Express;
let db: Db;
let server: Server;
let base: string;
let port: number;
let browser: Browser;
const ids = { doc: 0, gbk: 0, project: 0, job: 0 };

/** One page of the app: the route it covers, where to open it, and the controls a user clicks there. */
interface PageCase {
  route: string;
  url: () => string;
  /** Checked with a trial click (actionability, including "not covered"); default: every button, link and field. */
  controls?: string;
  /** Clicked for real afterwards; the page it leads to is checked too (console, requests, axe). */
  submit?: string;
  /** Being rewritten elsewhere (the editor): only load, console and axe. */
  genericOnly?: boolean;
}

const MAX_CONTROLS = 25;
const CONTROLS =
  'header.top a, header.top button, main a, main button, main input:not([type=hidden]), main select, main textarea, main summary';

const PAGES: PageCase[] = [
  { route: '/', url: () => '/' },
  { route: '/convert', url: () => '/convert', submit: 'form.convert button[type=submit]' },
  { route: '/projects/:id/conversion', url: () => `/projects/${ids.project}/conversion` },
  { route: '/projects/:id/glossary', url: () => `/projects/${ids.project}/glossary` },
  { route: '/glossary/shared', url: () => '/glossary/shared' },
  { route: '/documents/:id', url: () => `/documents/${ids.doc}?lang=en`, genericOnly: true },
  { route: '/documents/:id/replace', url: () => `/documents/${ids.doc}/replace?lang=en`, submit: 'form.replace-form button[type=submit]' },
  { route: '/documents/:id/analysis', url: () => `/documents/${ids.doc}/analysis?lang=en` },
  { route: '/documents/:id/qa', url: () => `/documents/${ids.doc}/qa?lang=en` },
  { route: '/documents/:id/delete', url: () => `/documents/${ids.gbk}/delete` },
  { route: '/jobs/:id', url: () => `/jobs/${ids.job}` },
  { route: '/tm', url: () => '/tm' },
  { route: '/admin/users', url: () => '/admin/users' },
  { route: '/admin/audit', url: () => '/admin/audit' },
  { route: '/admin/usage', url: () => '/admin/usage' },
  { route: '/setup', url: () => '/setup?token=not-a-real-token' },
];
/** GET routes that answer data, downloads or streams rather than a page. */
const NOT_PAGES = [/^\/api\//, /^\/healthz$/, /\/export$/, /\/export\.zip$/, /^\/documents\/:id\/rows$/];

beforeAll(async () => {
  // A small import limit, so that the upload form's own size check can be tried with small files.
  const t = await testApp({ MAX_IMPORT_BYTES: '4096' });
  ({ app, db } = t);
  const seed = await importFiles(db, [{ name: 'seed-article.md', bytes: readFileSync(path.join(FIXTURES, 'seed-article.md')) }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e7,
  });
  ids.doc = seed.documents[0]!.id;
  ids.project = seed.documents[0]!.projectId;
  const gbk = await importFiles(
    db,
    [{ name: 'gbk-note.md', bytes: iconv.encode('# 标题\n\n这是一段用 GBK 编码的中文文字，用于测试编码说明。\n', 'gbk') }],
    {
      project: 'news',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e7,
    },
  );
  ids.gbk = gbk.documents[0]!.id;
  // A few drafts and one confirmed translation, so the progress bars have every colour.
  const segments = await db.segment.findMany({ where: { documentId: ids.doc, translatable: true }, orderBy: { index: 'asc' }, take: 4 });
  for (const [i, s] of segments.entries()) {
    await saveTranslation(db, {
      segmentId: s.id,
      lang: 'en',
      text: `Draft ${i}`,
      status: i === 0 ? 'translated' : 'draft',
      origin: 'human',
      version: 0,
      user: 'admin',
    });
  }
  // A finished import job whose report refuses a file that is too large.
  ids.job = await finishedImportJobRefusingBigFile(db, 'news');
  ({ server, base } = await listen(app));
  port = Number(new URL(base).port);
  browser = await launchBrowser();
  if (SCREENSHOTS) mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
});

/** Records what went wrong on a page while it is used: console errors, script errors, failed requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A request cut short by the next navigation (the favicon or an event stream when a click leaves the page) is
    // not a failure; a blocked, refused or upgraded-to-https request fails with another error and is reported.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

/** Trial-clicks every visible control matching `selector`: Playwright waits until each is visible, stable, enabled and not covered. */
async function clickThrough(page: Page, selector: string): Promise<number> {
  const controls = page.locator(selector);
  let clicked = 0;
  // The first MAX_CONTROLS of a page: the header, the page's own forms, and the first rows of long lists.
  const count = Math.min(await controls.count(), MAX_CONTROLS);
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    await control.click({ trial: true, timeout: 3000 });
    clicked++;
  }
  return clicked;
}

async function checkPage(page: Page, problems: string[], label: string): Promise<void> {
  await page.waitForLoadState('load');
  expect.soft(problems, `${label}: console errors and failed requests`).toEqual([]);
  expect.soft(await axeViolations(page), `${label}: axe critical/serious violations`).toEqual([]);
  problems.length = 0;
}

async function signedInContext(lang: UiLang, origin = base, b = browser): Promise<BrowserContext> {
  const context = await b.newContext({ viewport: { width: 1400, height: 900 }, locale: lang, acceptDownloads: true });
  await context.addCookies([{ name: 'bitext_lang', value: lang, url: origin }]);
  return context;
}

describe('the list of pages', () => {
  it('covers every page route of the app (a new page cannot be forgotten here)', () => {
    const pages = listRoutes(app)
      .filter((r) => r.method === 'GET' && !NOT_PAGES.some((re) => re.test(r.path)))
      .map((r) => r.path);
    expect(new Set(PAGES.map((p) => p.route).concat('/login'))).toEqual(new Set(pages));
  });
});

describe.each(UI_LANGS)('every page in %s', (lang) => {
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    context = await signedInContext(lang);
    page = await context.newPage();
    problems = watch(page);
  });
  afterAll(async () => context?.close());

  it('signs in through the login page', async () => {
    await page.goto(`${base}/login`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await checkPage(page, problems, `${lang} /login`);
    await clickThrough(page, CONTROLS);
    await signIn(page, base);
    problems.length = 0;
  });

  it.each(PAGES.map((p) => [p.route, p] as const))('%s', async (_route, p) => {
    const response = await page.goto(base + p.url());
    expect(response?.status(), `${p.url()} answers`).toBeLessThan(400);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    if (SCREENSHOTS) await page.screenshot({ path: path.join(ARTIFACTS, `${lang}${p.route.replace(/[/:]+/g, '_')}.png`), fullPage: true });
    if (!p.genericOnly) expect(await clickThrough(page, p.controls ?? CONTROLS)).toBeGreaterThan(0);
    await checkPage(page, problems, `${lang} ${p.route}`);
    if (p.submit && !p.genericOnly) {
      await Promise.all([page.waitForLoadState('load'), page.locator(p.submit).first().click()]);
      await page.waitForLoadState('load');
      if (SCREENSHOTS)
        await page.screenshot({ path: path.join(ARTIFACTS, `${lang}${p.route.replace(/[/:]+/g, '_')}-result.png`), fullPage: true });
      await clickThrough(page, CONTROLS);
      await checkPage(page, problems, `${lang} ${p.route} after submit`);
    }
  });
});

// A 12.7 MB file was sent whole and then refused with a raw byte count in English; a .png chosen with an .md
// was silently left out of the report.
describe('the upload form in Russian', () => {
  it('names a file over the limit with human sizes and an unsupported file, and sends only the rest', async () => {
    const context = await signedInContext('ru');
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${base}/login`);
    await signIn(page, base);
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/import') posted.push(r.postDataBuffer()?.toString('latin1') ?? '');
    });
    await page.locator('.upload-form input[name=project]').fill('uploads');
    await page.locator('.dropzone input[type=file]:not(.folder)').setInputFiles([
      { name: 'ok.md', mimeType: 'text/markdown', buffer: Buffer.from('# 标题\n\n正文。\n') },
      { name: 'big.md', mimeType: 'text/markdown', buffer: Buffer.alloc(5000, 'a') },
      { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) },
    ]);
    await page.locator('.upload-form button[type=submit]').click();
    await expect
      .poll(() => page.locator('.upload-status .import-ok li').allTextContents())
      .toEqual([expect.stringMatching(/^✓ ok\.md \(/)]);
    const refused = await page.locator('.upload-status .import-refused li').allTextContents();
    expect(refused).toEqual([
      '✗ big.md: 4,9 кБ > 4 кБ (наибольший допустимый файл), не отправлен.',
      expect.stringMatching(/^✗ photo\.png: неподдерживаемый тип файла/),
    ]);
    // Neither file left the browser: the server imported ok.md alone.
    expect(posted.join('')).not.toContain('big.md');
    expect(posted.join('')).not.toContain('photo.png');
    const project = await db.project.findUniqueOrThrow({ where: { name: 'uploads' }, include: { documents: true } });
    expect(project.documents.map((d) => d.path)).toEqual(['ok.md']);
    await checkPage(page, problems, 'ru / after upload');
    if (SCREENSHOTS) await page.screenshot({ path: path.join(ARTIFACTS, 'ru_upload-report.png'), fullPage: true });
    await context.close();
  });
});

describe('plain HTTP under a non-localhost name (http://bitext.test:PORT/)', () => {
  let lan: Browser;
  afterAll(async () => lan?.close());

  it('signs in, loads the stylesheet and posts forms without any HTTPS', async () => {
    lan = await launchBrowser([`--host-resolver-rules=MAP bitext.test 127.0.0.1`]);
    const origin = `http://bitext.test:${port}`;
    const context = await signedInContext('ru', origin, lan);
    const page = await context.newPage();
    const problems = watch(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${origin}/login`);
    await signIn(page, origin);
    expect(page.url()).toBe(`${origin}/`);
    // The stylesheet applied: the header is a flex row (the browser's default would be block).
    expect(await page.locator('header.top').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    // A form post (the language switcher) is allowed by the CSP's form-action and lands back over HTTP.
    await Promise.all([page.waitForURL(`${origin}/`), page.locator('form.ui-langs button[value="zh-Hant"]').click()]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    await checkPage(page, problems, 'bitext.test /');
    expect(requested.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    await context.close();
  });
});
