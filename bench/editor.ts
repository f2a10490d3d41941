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
import { forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import { type Figure, type Section } from './report.js';
import { seedLongest } from './seed.js';
import { CHROMIUM, launchBrowser } from '../test/helpers/browser.js';

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
  while (document.querySelectorAll('tr.seg').length < total && performance.now() < deadline) {
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
    rows: document.querySelectorAll('tr.seg').length,
  };
}`;

/**
 * Loads the editor in headless Chromium `runs` + 1 times (the first warms up): navigation timings of the first page,
 * then scrolls to the end, as a reader would, until all `segments` rows are in the page.
 */
async function browserRuns(pageUrl: string, authorization: string, segments: number, runs: number): Promise<BrowserRun[]> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { Authorization: authorization } });
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

/** Samples per run for one database: seeds it, serves it on a random port, loads the editor `runs` + 1 times (the first warms up). */
async function editorRuns(
  url: string,
  runs: number,
): Promise<{ runs: EditorRun[]; browser: BrowserRun[] | string; article: string; segments: number }> {
  const seeded = await seedLongest(url, ['en']);
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
  try {
    for (let r = 0; r <= runs; r++) {
      const page = await timed(`/documents/${documentId}?lang=en`);
      let next = /id="more" data-url="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      const t0 = performance.now();
      let rows = (page.body.match(/<tr class="seg/g) ?? []).length;
      while (next) {
        const part = await timed(next);
        rows += (part.body.match(/<tr class="seg/g) ?? []).length;
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
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await db.$disconnect();
  }
  return { runs: out, browser, article: seeded.article, segments };
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
    const { runs, browser, article, segments } = res.value;
    about = `\`${article}\` (${segments} segments)`;
    const l = res.label;
    figures.push(
      { label: `${l}: first page, time to first byte`, unit: 'ms', samples: runs.map((r) => r.ttfb) },
      { label: `${l}: first page, full body (100 rows)`, unit: 'ms', samples: runs.map((r) => r.firstPage) },
      { label: `${l}: all rows as the editor loads them`, unit: 'ms', samples: runs.map((r) => r.allRows), note: 'page + fragments of 100' },
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
comes into view), a reader scrolling as fast as the page allows. No baseline: these are absolute times.`,
    figures,
    notMeasured,
  };
}

if (isMain(import.meta.url)) printSection(await benchEditor(standaloneOptions(process.argv, 5)));
