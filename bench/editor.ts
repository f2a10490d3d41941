/**
 * Editor benchmark on the longest corpus article:
 * - server render time of the editor's first page (time to first byte and full body),
 * - a full segment listing (all rows through the HTML fragments the editor loads, and through the JSON API),
 * - save latency p50/p99 for 1,000 sequential saves through the HTTP API.
 *   npx tsx bench/editor.ts [rounds]
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/client.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/web/app.js';
import { importFiles } from '../src/services/importService.js';
import { createApiToken, createUser } from '../src/services/auth/authService.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');
const longest = readdirSync(corpus)
  .map((name) => ({ name, size: statSync(path.join(corpus, name)).size }))
  .sort((a, b) => b.size - a.size)[0]!.name;
const rounds = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-')), 'bench.db')}`;
const db = await openDatabase(url);
const report = await importFiles(db, [{ name: longest, bytes: readFileSync(path.join(corpus, longest)) }], {
  project: 'bench',
  sourceLang: 'zh',
  targetLangs: ['en'],
  maxBytes: 1e9,
});
const doc = report.documents[0]!;
await createUser(db, 'bench', 'admin', 'bench-password-long');
const auth = { Authorization: `Bearer ${(await createApiToken(db, 'bench', 'bench')).token}` };
const app = await createApp({ db, config: loadConfig({ DATABASE_URL: url }), log: () => {} });
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const addr = server.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

async function timed(pathname: string): Promise<{ ttfb: number; total: number; body: string; headers: Headers }> {
  const t0 = performance.now();
  const res = await fetch(base + pathname, { headers: auth, redirect: 'error' });
  const ttfb = performance.now() - t0;
  const body = await res.text();
  if (!res.ok) throw new Error(`${pathname}: ${res.status}`);
  return { ttfb, total: performance.now() - t0, body, headers: res.headers };
}

const first = { ttfb: [] as number[], total: [] as number[] };
const fragments: number[] = [];
const api: number[] = [];
for (let r = 0; r <= rounds; r++) {
  const page = await timed(`/documents/${doc.id}?lang=en`);
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
  for (let offset = 0; offset < doc.segments; offset += 500) {
    const part = await timed(`/api/documents/${doc.id}/segments?lang=en&offset=${offset}&limit=500`);
    listed += (JSON.parse(part.body) as { segments: unknown[] }).segments.length;
  }
  const t2 = performance.now();
  if (rows !== doc.segments || listed !== doc.segments) throw new Error(`listed ${rows}/${listed} of ${doc.segments}`);
  if (r === 0) continue; // warm-up
  first.ttfb.push(page.ttfb);
  first.total.push(page.total);
  fragments.push(page.total + (t1 - t0));
  api.push(t2 - t1);
}

const segs = await db.segment.findMany({ where: { documentId: doc.id, translatable: true }, select: { id: true }, orderBy: { index: 'asc' } });
const versions = new Map<number, number>();
const saves: number[] = [];
for (let i = 0; i < 1000; i++) {
  const id = segs[i % segs.length]!.id;
  const t0 = performance.now();
  const res = await fetch(`${base}/api/segments/${id}/translations/en`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify({ text: `Translation ${i}`, version: versions.get(id) ?? 0 }),
  });
  const body = (await res.json()) as { version: number };
  saves.push(performance.now() - t0);
  if (!res.ok) throw new Error(`save ${i}: ${res.status}`);
  versions.set(id, body.version);
}
server.close();
await db.$disconnect();

const f = (n: number) => `${n.toFixed(1)} ms`;
console.log(`document: ${longest} (${doc.segments} segments); medians of ${rounds} rounds`);
console.log(`editor first page (100 rows): time to first byte ${f(median(first.ttfb))}, full body ${f(median(first.total))}`);
console.log(`all ${doc.segments} rows as the editor loads them (page + fragments of 100): ${f(median(fragments))}`);
console.log(`full JSON listing through the API (pages of 500): ${f(median(api))}`);
console.log(`1000 sequential saves: p50 ${f(pct(saves, 50))}, p99 ${f(pct(saves, 99))}, ${(1000 / (saves.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} saves/s`);
