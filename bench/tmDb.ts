/**
 * Translation-memory lookup speed: builds a TmIndex of 100,000 entries from the sentences of
 * ../shared/corpus (relative to the repo root; paragraphs split at 。！？, varied to reach the
 * count), then times 1,000 fuzzy lookups of edited sentences. Not a test: nothing is asserted.
 *
 * With --db, the same entries are also stored as TmUnit rows in a fresh SQLite database, the
 * queries imported as a document, and each lookup goes through the service the editor's API uses
 * (fuzzyMatches: segment context, index refresh from the database, diff of the sources).
 *
 *   npx tsx bench/tmDb.ts [entries] [lookups] [--db]
 *
 * (bench/tm.ts is the index-only figure that `npm run bench` collects; this script adds the database path.)
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSource, TmIndex } from '../src/domain/tm/index.js';
import { openDatabase } from '../src/db/client.js';
import { upsertTmUnits } from '../src/db/tm.js';
import { importFiles } from '../src/services/importService.js';
import { createUser } from '../src/services/auth/authService.js';
import { fuzzyMatches, memoryIndex, searchMemory } from '../src/services/tmService.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '../../shared/corpus');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withDb = process.argv.includes('--db');
const entries = Math.max(1, Number(args[0] ?? 100_000));
const lookups = Math.max(1, Number(args[1] ?? 1_000));

const sentences = [
  ...new Set(
    readdirSync(corpusDir)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .flatMap((f) => readFileSync(path.join(corpusDir, f), 'utf8').split(/\r?\n/))
      .flatMap((line) => line.split(/(?<=[。！？])/u))
      .map((s) => s.trim())
      .filter((s) => /\p{Script=Han}/u.test(s) && [...s].length >= 6),
  ),
];

let seed = 42;
/** Deterministic pseudo-random integer below n. */
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const FILL = [...'的了和在是有我们他这年月日中国美俄总统会议表示'];

/** A sentence with a few characters replaced, inserted or deleted. */
function vary(s: string, edits: number): string {
  const c = [...s];
  for (let k = 0; k < edits; k++) {
    const at = rand(c.length + 1);
    const op = rand(3);
    if (op === 0) c.splice(at, 1, FILL[rand(FILL.length)]!);
    else if (op === 1) c.splice(at, 0, FILL[rand(FILL.length)]!);
    else if (c.length > 1) c.splice(at, 1);
  }
  return c.join('');
}

const sources: string[] = [];
for (let i = 0; sources.length < entries; i++) {
  const s = sentences[i % sentences.length]!;
  sources.push(i < sentences.length ? s : vary(s, 1 + rand(6)));
}

const t0 = performance.now();
const index = new TmIndex();
sources.forEach((source, i) => index.add({ id: i, source, target: `t${i}`, lang: 'en' }));
const build = performance.now() - t0;

const queries = Array.from({ length: lookups }, () => vary(sentences[rand(sentences.length)]!, rand(5)));
const times: number[] = [];
let found = 0;
for (const q of queries) {
  const start = performance.now();
  found += index.lookup(q, { minScore: 70, limit: 3 }).length > 0 ? 1 : 0;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
/** The p-th percentile of sorted times. */
const pctOf = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const pct = (p: number) => pctOf(times, p);
const avgLen = sources.reduce((n, s) => n + [...s].length, 0) / sources.length;

console.log(`corpus: ${sentences.length} distinct sentences; index: ${index.size} entries, ${avgLen.toFixed(1)} chars on average`);
console.log(`build: ${build.toFixed(0)} ms`);
console.log(
  `lookup (minScore 70, limit 3), ${lookups} queries: p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms; ${found} with a match`,
);

if (withDb) {
  const url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-tm-')), 'tm.db')}`;
  const db = await openDatabase(url);
  const t0db = performance.now();
  for (let i = 0; i < sources.length; i += 10_000) {
    await upsertTmUnits(
      db,
      sources.slice(i, i + 10_000).map((source, k) => ({
        sourceLang: 'zh',
        targetLang: 'en',
        source,
        target: `t${i + k}`,
        sourceHash: hashSource(source),
        projectId: null,
        createdBy: 'bench',
        origin: 'tmx' as const,
        prevHash: '',
        nextHash: '',
      })),
    );
  }
  const insertMs = performance.now() - t0db;
  // The queries as a document (one paragraph each), so that lookups go through segments like the editor's.
  const report = await importFiles(db, [{ name: 'queries.md', bytes: Buffer.from(queries.map((q) => q.replace(/^[#>*+\-\d.\s|`]+/u, '')).join('\n\n') + '\n') }], {
    project: 'bench',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e9,
  });
  const segments = await db.segment.findMany({ where: { documentId: report.documents[0]!.id, translatable: true }, select: { id: true } });
  const user = await createUser(db, 'bench', 'admin', 'bench-password-long');
  const t1 = performance.now();
  await memoryIndex(db, 'zh', 'en');
  const buildMs = performance.now() - t1;
  const dbTimes: number[] = [];
  let dbFound = 0;
  for (const s of segments) {
    const start = performance.now();
    dbFound += (await fuzzyMatches(db, user, s.id, 'en')).length > 0 ? 1 : 0;
    dbTimes.push(performance.now() - start);
  }
  dbTimes.sort((a, b) => a - b);
  console.log(`database: ${await db.tmUnit.count()} units inserted in ${insertMs.toFixed(0)} ms; index built from the database in ${buildMs.toFixed(0)} ms`);
  console.log(
    `fuzzyMatches (service, with refresh from the database), ${dbTimes.length} segments: p50 ${pctOf(dbTimes, 50).toFixed(2)} ms, p99 ${pctOf(dbTimes, 99).toFixed(2)} ms, max ${dbTimes[dbTimes.length - 1]!.toFixed(2)} ms; ${dbFound} with a match`,
  );
  // Concordance: a substring scan over every unit.
  const phrases = Array.from({ length: 50 }, () => {
    const s = [...sentences[rand(sentences.length)]!];
    const at = rand(Math.max(1, s.length - 3));
    return s.slice(at, at + 3).join('');
  });
  const concTimes: number[] = [];
  for (const q of phrases) {
    const start = performance.now();
    await searchMemory(db, user, { q, side: 'source', offset: 0, limit: 50 });
    concTimes.push(performance.now() - start);
  }
  concTimes.sort((a, b) => a - b);
  console.log(`concordance (3-character phrases, first 50 of the units containing them), ${phrases.length} queries: p50 ${pctOf(concTimes, 50).toFixed(1)} ms, p99 ${pctOf(concTimes, 99).toFixed(1)} ms`);
  await db.$disconnect();
}
