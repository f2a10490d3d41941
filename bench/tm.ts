/**
 * Translation-memory lookup speed: builds a TmIndex of 100,000 entries from the sentences of
 * ../shared/corpus (relative to the repo root; paragraphs split at 。！？, varied to reach the
 * count), then times 1,000 fuzzy lookups of edited sentences. Not a test: nothing is asserted.
 *
 *   npx tsx bench/tm.ts [entries] [lookups]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TmIndex } from '../src/domain/tm/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '../../shared/corpus');
const entries = Math.max(1, Number(process.argv[2] ?? 100_000));
const lookups = Math.max(1, Number(process.argv[3] ?? 1_000));

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
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const avgLen = sources.reduce((n, s) => n + [...s].length, 0) / sources.length;

console.log(`corpus: ${sentences.length} distinct sentences; index: ${index.size} entries, ${avgLen.toFixed(1)} chars on average`);
console.log(`build: ${build.toFixed(0)} ms`);
console.log(
  `lookup (minScore 70, limit 3), ${lookups} queries: p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms; ${found} with a match`,
);
