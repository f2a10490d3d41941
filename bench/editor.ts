/**
 * Editor benchmark on the longest corpus article, through HTTP against the app in this process:
 * time to first byte and full body of the editor's first page (the first 100 rows, server-rendered),
 * every row as the editor loads them (that page plus the HTML fragments it fetches while scrolling),
 * the full JSON listing through the API (pages of 500), and the same page in headless Chromium: navigation timings
 * and the time until every row is rendered after scrolling to the end.
 *
 *   npx tsx bench/editor.ts [runs=5] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/web/app.js';
import { corpusFiles, forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb, type CorpusFile } from './common.js';
import type { Db } from '../src/db/client.js';
import { segmentDocument } from '../src/domain/segment.js';
import { importFiles } from '../src/services/importService.js';
import { percentile, type Figure, type Section } from './report.js';
import { seedLongest } from './seed.js';
import { CHROMIUM, launchBrowser } from '../test/helpers/browser.js';

/** A segment row in the editor's HTML (a table row before issue 14, a grid row since). */
const ROW_MARK = / class="seg[ "]/g;

/** One run's timings in ms. */
interface EditorRun {
  ttfb: number;
  firstPage: number;
  allRows: number;
  api: number;
}

/** One run in Chromium, in ms since navigation start. */
interface BrowserRun {
  ttfb: number;
  domContentLoaded: number;
  load: number;
  allRows: number;
}

/**
 * Runs in the page (given as text: tsx would add helpers to a function that the page does not have): scrolls to the
 * end until `total` rows exist, then reports Navigation Timing figures and when all rows were painted.
 */
const IN_PAGE = `async (total) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const deadline = performance.now() + 120000;
  while (document.querySelectorAll('.seg').length < total && performance.now() < deadline) {
    // The editor loads more rows when its #more marker comes into view: leave and re-enter the view each time.
    window.scrollTo(0, 0);
    await frame();
    document.getElementById('more')?.scrollIntoView();
    await frame();
  }
  await frame();
  return {
    ttfb: nav.responseStart,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    allRows: performance.now(),
    rows: document.querySelectorAll('.seg').length,
  };
}`;

/**
 * Loads the editor in headless Chromium `runs` + 1 times (the first warms up): navigation timings of the first page,
 * then scrolls to the end, as a reader would, until all `segments` rows are in the page.
 */
async function browserRuns(pageUrl: string, authorization: string, segments: number, runs: number): Promise<BrowserRun[]> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { Authorization: authorization },
    });
    const out: BrowserRun[] = [];
    for (let r = 0; r <= runs; r++) {
      const page = await context.newPage();
      await page.goto(pageUrl, { waitUntil: 'load' });
      const run = (await page.evaluate(`(${IN_PAGE})(${segments})`)) as BrowserRun & { rows: number };
      await page.close();
      if (run.rows !== segments) throw new Error(`Chromium showed ${run.rows} of ${segments} rows`);
      if (r > 0) out.push(run);
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Segments of the long document the typing figures are measured on. */
const LONG_SEGMENTS = 2500;

/**
 * A document of at least LONG_SEGMENTS segments: the longest corpus transcripts (court case included) joined, longest
 * first, until the Markdown has that many segments.
 */
export function longDocument(): CorpusFile {
  const transcripts = corpusFiles()
    .filter((f) => /transcript/i.test(f.name))
    .sort((a, b) => b.bytes.length - a.bytes.length);
  let text = '';
  for (const f of transcripts) {
    text += (text ? '\n\n' : '') + f.bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (segmentDocument(text).segments.length >= LONG_SEGMENTS) return { name: 'joined-transcripts.md', bytes: Buffer.from(text, 'utf8') };
  }
  throw new Error(`the corpus transcripts joined have fewer than ${LONG_SEGMENTS} segments`);
}

/** One run of the interaction figures in Chromium at 1400×900. */
interface UiRun {
  /** Seed article rows fully inside the window with the first row at the top. */
  rowsVisible: number;
  /** Key-to-next-frame latencies (ms) of the keys typed into a target after scrolling through the long document. */
  keys: number[];
  /** From pressing Enter in "Go to segment" 1500 (on a freshly loaded page) until that segment's target has focus. */
  goto: number;
  /** From navigation start until a target of the long document is in the page, visible, with the editor's scripts run. */
  firstEditable: number;
  segments: number;
}

/** Records, for every key pressed, the time from the key event to the first task after the next frame. */
const KEY_PROBE = `(() => {
  window.__lat = [];
  document.addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t0), 0));
  }, true);
})()`;

/** Notes when a target is first visible after the scripts ran (DOMContentLoaded: module scripts have executed). */
const FIRST_EDITABLE_PROBE = `addEventListener('DOMContentLoaded', () => {
  const tick = () => {
    const a = document.querySelector('.seg textarea');
    if (a && a.getBoundingClientRect().height > 0) window.__firstEditable = performance.now();
    else requestAnimationFrame(tick);
  };
  tick();
});`;

const SEED_ROWS = `(() => {
  document.querySelector('.seg').scrollIntoView({ block: 'start' });
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const h = window.innerHeight;
    resolve([...document.querySelectorAll('.seg')].filter((r) => { const b = r.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= h; }).length);
  })));
})()`;

/** Typing figures in Chromium (`runs` + 1 runs, the first warms up); see the section's text. */
async function uiRuns(base: string, authorization: string, docs: Awaited<ReturnType<typeof seedUi>>, runs: number): Promise<UiRun[]> {
  const { seedId, longId, longSegments: segments, gotoNumber } = docs;
  const browser = await launchBrowser();
  try {
    // bypassCSP: the probes below are strings evaluated in the page, which the app's CSP (no unsafe-eval) would refuse.
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      bypassCSP: true,
      extraHTTPHeaders: { Authorization: authorization },
    });
    await context.addInitScript(FIRST_EDITABLE_PROBE);
    const out: UiRun[] = [];
    for (let r = 0; r <= runs; r++) {
      const page = await context.newPage();
      await page.goto(`${base}/documents/${seedId}?lang=en`, { waitUntil: 'load' });
      const rowsVisible = (await page.evaluate(SEED_ROWS)) as number;

      // Time to the first editable target, then scroll through the whole long document and type into a target.
      await page.goto(`${base}/documents/${longId}?lang=en`, { waitUntil: 'load' });
      await page.waitForFunction('window.__firstEditable !== undefined');
      const firstEditable = (await page.evaluate('window.__firstEditable')) as number;
      const loaded = (await page.evaluate(`(${IN_PAGE})(${segments})`)) as { rows: number };
      if (loaded.rows !== segments) throw new Error(`Chromium showed ${loaded.rows} of ${segments} rows`);
      const middle = Math.floor(segments / 2);
      await page.evaluate(`(() => {
        const rows = [...document.querySelectorAll('.seg')].filter((r) => r.querySelector('textarea') && Number(r.dataset.index) >= ${middle});
        const a = rows[0].querySelector('textarea');
        a.scrollIntoView({ block: 'center' });
        a.focus();
      })()`);
      await page.evaluate(KEY_PROBE);
      for (let k = 0; k < 60; k++) {
        await page.keyboard.press(k % 12 === 11 ? 'Space' : 'KeyA');
        await page.waitForFunction(`window.__lat.length >= ${k + 1}`, undefined, { polling: 'raf' });
        // A pause now and then lets the autosave run, as between words.
        if (k % 20 === 19) await page.waitForTimeout(600);
      }
      const keys = (await page.evaluate('window.__lat')) as number[];

      // Go to segment 1500 on a freshly loaded page.
      await page.goto(`${base}/documents/${longId}?lang=en`, { waitUntil: 'load' });
      await page.locator('input[name=goto]').fill(String(gotoNumber));
      const t0 = Date.now();
      await page.locator('input[name=goto]').press('Enter');
      await page.waitForFunction(`document.activeElement?.closest('.seg')?.dataset.index === '${gotoNumber - 1}'`, undefined, {
        polling: 'raf',
        timeout: 30_000,
      });
      const goto = Date.now() - t0;
      await page.close();
      if (r > 0) out.push({ rowsVisible, keys, goto, firstEditable, segments });
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** Imports the seed article and the long document into the bench project; their ids and the long one's segment count. */
async function seedUi(db: Db): Promise<{ seedId: number; longId: number; longSegments: number; gotoNumber: number }> {
  const seed = corpusFiles().find((f) => f.name === 'seed-article.md');
  if (!seed) throw new Error('the corpus has no seed-article.md');
  const report = await importFiles(db, [seed, longDocument()], { project: 'bench', sourceLang: 'zh', targetLangs: ['en'], maxBytes: 1e9 });
  const [s, l] = report.documents;
  if (!s || !l) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
  // "Go to segment 1500", or the first segment after it with a target when 1500 is a code block or the like.
  const target = await db.segment.findFirstOrThrow({
    where: { documentId: l.id, index: { gte: 1499 }, translatable: true },
    orderBy: { index: 'asc' },
  });
  return { seedId: s.id, longId: l.id, longSegments: l.segments, gotoNumber: target.index + 1 };
}

/** Samples per run for one database: seeds it, serves it on a random port, loads the editor `runs` + 1 times (the first warms up). */
async function editorRuns(
  url: string,
  runs: number,
): Promise<{ runs: EditorRun[]; browser: BrowserRun[] | string; ui: UiRun[] | string; article: string; segments: number }> {
  const seeded = await seedLongest(url, ['en']);
  const uiDocs = await seedUi(seeded.db);
  const { db, documentId, segments } = seeded;
  const headers = { Authorization: seeded.authorization };
  const app = await createApp({ db, config: loadConfig({ DATABASE_URL: url }), log: () => {} });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const timed = async (pathname: string) => {
    const t0 = performance.now();
    const res = await fetch(base + pathname, { headers, redirect: 'error' });
    const ttfb = performance.now() - t0;
    const body = await res.text();
    if (!res.ok) throw new Error(`${pathname}: ${res.status}`);
    return { ttfb, total: performance.now() - t0, body, headers: res.headers };
  };
  const out: EditorRun[] = [];
  let browser: BrowserRun[] | string;
  let ui: UiRun[] | string;
  try {
    for (let r = 0; r <= runs; r++) {
      const page = await timed(`/documents/${documentId}?lang=en`);
      let next = /id="more" data-url="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      const t0 = performance.now();
      let rows = (page.body.match(ROW_MARK) ?? []).length;
      while (next) {
        const part = await timed(next);
        rows += (part.body.match(ROW_MARK) ?? []).length;
        next = part.headers.get('x-next-url') || undefined;
      }
      const t1 = performance.now();
      let listed = 0;
      for (let offset = 0; offset < segments; offset += 500) {
        const part = await timed(`/api/documents/${documentId}/segments?lang=en&offset=${offset}&limit=500`);
        listed += (JSON.parse(part.body) as { segments: unknown[] }).segments.length;
      }
      const t2 = performance.now();
      if (rows !== segments || listed !== segments) throw new Error(`listed ${rows}/${listed} of ${segments} segments`);
      if (r > 0) out.push({ ttfb: page.ttfb, firstPage: page.total, allRows: page.total + (t1 - t0), api: t2 - t1 });
    }
    browser = existsSync(CHROMIUM)
      ? await browserRuns(`${base}/documents/${documentId}?lang=en`, seeded.authorization, segments, runs)
      : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
    ui = existsSync(CHROMIUM) ? await uiRuns(base, seeded.authorization, uiDocs, runs) : (browser as string);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await db.$disconnect();
  }
  return { runs: out, browser, ui, article: seeded.article, segments };
}

/** The editor section, per database. */
export async function benchEditor(opts: { runs: number; targets: BenchDb[] }): Promise<Section> {
  const figures: Figure[] = [];
  const notMeasured: string[] = [];
  let about = '';
  for (const res of await forEachDb(opts.targets, (t) => withDb(t, (url) => editorRuns(url, opts.runs)))) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      continue;
    }
    const { runs, browser, ui, article, segments } = res.value;
    about = `\`${article}\` (${segments} segments)`;
    const l = res.label;
    figures.push(
      { label: `${l}: first page, time to first byte`, unit: 'ms', samples: runs.map((r) => r.ttfb) },
      { label: `${l}: first page, full body (100 rows)`, unit: 'ms', samples: runs.map((r) => r.firstPage) },
      {
        label: `${l}: all rows as the editor loads them`,
        unit: 'ms',
        samples: runs.map((r) => r.allRows),
        note: 'page + fragments of 100',
      },
      { label: `${l}: all rows through the JSON API`, unit: 'ms', samples: runs.map((r) => r.api), note: 'pages of 500' },
    );
    if (typeof browser === 'string') notMeasured.push(`${l}: Chromium: not measured: ${browser}`);
    else {
      figures.push(
        { label: `${l}: Chromium, time to first byte`, unit: 'ms', samples: browser.map((r) => r.ttfb) },
        { label: `${l}: Chromium, DOMContentLoaded`, unit: 'ms', samples: browser.map((r) => r.domContentLoaded) },
        { label: `${l}: Chromium, load event (first 100 rows)`, unit: 'ms', samples: browser.map((r) => r.load) },
        {
          label: `${l}: Chromium, all rows rendered`,
          unit: 'ms',
          samples: browser.map((r) => r.allRows),
          note: `${segments} rows`,
        },
      );
    }
    if (typeof ui === 'string') notMeasured.push(`${l}: typing figures: not measured: ${ui}`);
    else {
      const long = `${ui[0]?.segments ?? LONG_SEGMENTS} rows loaded`;
      figures.push(
        { label: `${l}: seed article rows visible at 1400×900`, unit: 'rows', samples: ui.map((r) => r.rowsVisible) },
        { label: `${l}: key to next frame, p50`, unit: 'ms', samples: ui.map((r) => percentile(r.keys, 50)), note: long },
        { label: `${l}: key to next frame, p95`, unit: 'ms', samples: ui.map((r) => percentile(r.keys, 95)), note: long },
        { label: `${l}: key to next frame, max`, unit: 'ms', samples: ui.map((r) => Math.max(...r.keys)), note: long },
        { label: `${l}: go to segment 1500 (fresh page)`, unit: 'ms', samples: ui.map((r) => r.goto) },
        {
          label: `${l}: time to first editable target`,
          unit: 'ms',
          samples: ui.map((r) => r.firstEditable),
          note: `${ui[0]?.segments ?? LONG_SEGMENTS}-row document`,
        },
      );
    }
  }
  return {
    title: 'Editor',
    how: `The longest corpus article, ${about || 'the longest corpus article'}, imported with target en; the editor
(\`GET /documents/:id?lang=en\`, authenticated with an API token) is fetched over HTTP from the app served in the bench
process, one warm-up load first. *Time to first byte*: until the response headers arrive; *full body*: until the whole
first page (the first 100 rows, rendered by the server) is read; *all rows*: that page plus every HTML fragment the
editor fetches while scrolling; *JSON API*: the whole document through \`GET /api/documents/:id/segments\`.
*Chromium*: the same page in headless Chromium (playwright-core, a new tab per run), times since navigation start from
the Navigation Timing API; *all rows rendered*: until every row is in the page and painted, the page being scrolled to
the top and back to the editor's "more" marker frame after frame (the editor fetches the next 100 rows when the marker
comes into view), a reader scrolling as fast as the page allows.
*Typing figures* (Chromium at 1400×900): *rows visible*: rows of \`seed-article.md\` wholly inside the window once the
first row is scrolled to the top; then a document of at least ${LONG_SEGMENTS} segments (the longest corpus transcripts
joined, longest first): *time to first editable target* since navigation start (a target visible and the editor's
scripts run); the page is scrolled through until every row is loaded, a target in the middle gets the focus and 60 keys
are typed one after another (a 600 ms pause every 20 keys lets autosave run); *key to next frame* is from each key
event to the first task after the next animation frame (p50, p95 and max of the 60 keys of a run); *go to segment
1500*: on a freshly loaded page, from pressing Enter in *Go to segment* until that segment's target has the focus (the
next segment with a target if 1500 has none). No baseline: these are absolute times.`,
    figures,
    notMeasured,
  };
}

if (isMain(import.meta.url)) printSection(await benchEditor(standaloneOptions(process.argv, 5)));
