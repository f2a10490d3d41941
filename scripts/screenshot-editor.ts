/**
 * Regenerates docs/editor.png: the document editor at 1400×900 on the seed article (test/fixtures/seed-article.md)
 * with a few translations in every status, a glossary, a memory match for the active segment and a colleague
 * working on another segment. Runs the app in this process on a temporary SQLite database and Debian's Chromium.
 *
 *   npx tsx scripts/screenshot-editor.ts [--ui en|zh-Hans|zh-Hant|ru] [--out docs/editor.png] [--all-ui] [--serve]
 *
 * --all-ui takes one screenshot per interface language: docs/editor-en.png, editor-ru.png, editor-zh-Hans.png,
 * editor-zh-Hant.png, and docs/editor.png (English, the one the README shows).
 * --serve keeps the app running (prints the address and an API token) instead of taking the screenshot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { parseDatabaseUrl } from '../src/db/adapter.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { saveTranslation } from '../src/db/translations.js';
import type { Origin, Status } from '../src/domain/status.js';
import { setPresence } from '../src/services/liveService.js';
import { createApiToken, createUser } from '../src/services/auth/authService.js';
import { saveFromEditor } from '../src/services/editorService.js';
import { importGlossaryFile } from '../src/services/glossaryService.js';
import { importFiles } from '../src/services/importService.js';
import { createApp } from '../src/web/app.js';
import { UI_LANGS } from '../src/web/i18n.js';
import { launchBrowser } from '../test/helpers/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const DOCS = path.join(ROOT, 'docs');
/** Interface language → the files its screenshot is written to. */
const shots: [string, string[]][] = argv.includes('--all-ui')
  ? UI_LANGS.map((l) => [l, [path.join(DOCS, `editor-${l}.png`), ...(l === 'en' ? [path.join(DOCS, 'editor.png')] : [])]])
  : [[opt('ui') ?? 'en', [path.resolve(opt('out') ?? path.join(DOCS, 'editor.png'))]]];

/** Translations shown in the screenshot, by segment index: text, status, origin. */
const TRANSLATIONS: Record<number, [string, Status, Origin]> = {
  0: ['[:house:Back to the home page](https://github.com/ourhimalayas/txt)', 'reviewed', 'human'],
  2: ['Topics the Russia–US summit may cover', 'reviewed', 'human'],
  3: ['` HimalayaRussia` [Reposted from GNews](https://gnews.org/zh-hans/1273823/)', 'translated', 'human'],
  4: ['Katyusha Farm, Moscow, Russia — Lovsky takes down the CCP', 'translated', 'mt'],
  5: [
    'Uploaded by Galaxy\n![]()![](https://gnews-media-offload.s3.amazonaws.com/wp-content/uploads/2021/05/26123900/Snipaste_2021-05-26_19-38-41.jpg)',
    'translated',
    'mt',
  ],
  7: ['**1****. Meeting agenda**', 'draft', 'mt'],
  8: [
    'The Kremlin said the US and Russian leaders plan to “discuss the state and prospects of further development of Russian–US relations, issues of strategic stability, and pressing issues on the international agenda, including cooperation in fighting the CCP coronavirus pandemic and settling regional conflicts”.',
    'draft',
    'mt',
  ],
  9: ['The White House was more terse about the agenda: “the two leaders will discuss a range of pressing issues.”', 'rejected', 'human'],
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'bitext-shot-'));
const url = `file:${path.join(dir, 'shot.db')}`;
await migrate(parseDatabaseUrl(url));
const db = await openDatabase(url);
try {
  const admin = await createUser(db, 'anna', 'admin', 'screenshot-password');
  const colleague = await createUser(db, 'boris', 'reviewer', 'screenshot-password');
  const { token } = await createApiToken(db, 'anna', 'screenshot');
  // An earlier article whose confirmed translation the memory offers for segment 6 (a fuzzy match).
  const earlier = await importFiles(
    db,
    [{ name: 'earlier.md', bytes: Buffer.from('塔斯社汇编了迄今已知的有关领导人接触和即将举行的会谈的主要内容。\n') }],
    {
      project: 'gnews',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e7,
    },
  );
  const earlierSeg = await db.segment.findFirstOrThrow({ where: { documentId: earlier.documents[0]!.id, translatable: true } });
  await saveFromEditor(db, {
    segmentId: earlierSeg.id,
    lang: 'en',
    text: 'TASS has compiled the main facts known so far about the leaders’ contacts and the upcoming talks.',
    status: 'translated',
    version: 0,
    user: admin,
  });
  const report = await importFiles(
    db,
    [{ name: 'seed-article.md', bytes: readFileSync(path.join(ROOT, 'test/fixtures/seed-article.md')) }],
    {
      project: 'gnews',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru'],
      maxBytes: 1e7,
    },
  );
  const doc = report.documents[0]!;
  await importGlossaryFile(
    db,
    { projectId: doc.projectId },
    { name: 'glossary.csv', bytes: readFileSync(path.join(ROOT, 'test/fixtures/glossary-sample.csv')) },
    1e7,
  );
  await importGlossaryFile(
    db,
    { projectId: doc.projectId },
    { name: 'extra.csv', bytes: Buffer.from('zh,en,ru,note\n塔斯社,TASS,ТАСС,news agency\n') },
    1e7,
  );
  const segments = await db.segment.findMany({ where: { documentId: doc.id }, orderBy: { index: 'asc' } });
  for (const [index, [text, status, origin]] of Object.entries(TRANSLATIONS)) {
    const seg = segments[Number(index)]!;
    await saveTranslation(db, {
      segmentId: seg.id,
      lang: 'en',
      text,
      status,
      origin,
      version: 0,
      user: origin === 'mt' ? 'deepl' : 'anna',
      ...(origin === 'mt' ? { engine: 'deepl' } : {}),
    });
  }
  // The active segment's draft is stored (with its QA result) before the screenshots, so every one counts the same.
  await saveFromEditor(db, {
    segmentId: segments[6]!.id,
    lang: 'en',
    text: 'TASS has compiled the main facts known so far about the leaders’ contacts',
    version: 0,
    user: admin,
  });
  await setPresence(db, {
    clientId: 'screenshot-boris',
    documentId: doc.id,
    lang: 'en',
    segmentId: segments[10]!.id,
    userName: colleague.name,
  });

  const app = await createApp({ db, config: loadConfig({ DATABASE_URL: url }), log: () => {} });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (argv.includes('--serve')) {
    console.log(`${base}/documents/${doc.id}?lang=en  (Authorization: Bearer ${token}; or sign in as anna / screenshot-password)`);
    await new Promise(() => {});
  }
  const browser = await launchBrowser();
  try {
    for (const [ui, files] of shots) {
      // The previous screenshot's tab is anna too: its presence would show as "anna is editing".
      await db.presence.deleteMany({ where: { clientId: { not: 'screenshot-boris' } } });
      const context = await browser.newContext({
        viewport: { width: 1400, height: 900 },
        extraHTTPHeaders: { Authorization: `Bearer ${token}` },
      });
      await context.addCookies([{ name: 'bitext_lang', value: ui, url: base }]);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) console.error(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${base}/documents/${doc.id}?lang=en`, { waitUntil: 'load' });
      // The page opens on the first unconfirmed segment (6): wait for its memory match and the colleague's mark.
      await page.locator('.seg.active .tm-match').first().waitFor({ timeout: 10_000 });
      await page.locator('.seg .presence:not([hidden])').first().waitFor();
      // The same text in every screenshot (the first one's autosave stored it: select it and type it again).
      await page.keyboard.press('Control+A');
      await page.keyboard.type('TASS has compiled the main facts known so far about the leaders’ contacts');
      await page.waitForTimeout(700);
      await page.evaluate('window.scrollTo(0, 0)');
      for (const file of files) {
        await page.screenshot({ path: file });
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
