/**
 * Translation-memory lookup speed: builds a TmIndex of 100,000 entries from the sentences of
 * test/fixtures/corpus (paragraphs split at 。！？, varied to reach the count), then times 1,000 fuzzy
 * lookups of edited sentences. Not a test: nothing is asserted.
 *
 *   npx tsx bench/tm.ts [entries=100000] [lookups=1000] [runs=1]
 */
import { TmIndex } from '../src/domain/tm/index.js';
import { corpusFiles, isMain } from './common.js';
import { percentile, renderTable, type Section } from './report.js';

const FILL = [...'的了和在是有我们他这年月日中国美俄总统会议表示'];

/** The distinct corpus sentences (paragraphs split at 。！？) with Han text and six characters or more. */
export function tmSentences(): string[] {
  return [
    ...new Set(
      corpusFiles()
        .flatMap((f) => f.bytes.toString('utf8').split(/\r?\n/))
        .flatMap((line) => line.split(/(?<=[。！？])/u))
        .map((s) => s.trim())
        .filter((s) => /\p{Script=Han}/u.test(s) && [...s].length >= 6),
    ),
  ];
}

/**
 * The memory and the queries of a run, from a fixed seed: `entries` sources (the sentences, then
 * variants of them), `lookups` edited sentences, and `phrases` three-character phrases for concordance.
 */
export function tmWorkload(sentences: string[], entries: number, lookups: number) {
  let seed = 42;
  /** Deterministic pseudo-random integer below n. */
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  /** A sentence with a few characters replaced, inserted or deleted. */
  const vary = (s: string, edits: number): string => {
    const c = [...s];
    for (let k = 0; k < edits; k++) {
      const at = rand(c.length + 1);
      const op = rand(3);
      if (op === 0) c.splice(at, 1, FILL[rand(FILL.length)]!);
      else if (op === 1) c.splice(at, 0, FILL[rand(FILL.length)]!);
      else if (c.length > 1) c.splice(at, 1);
    }
    return c.join('');
  };
  const sources: string[] = [];
  for (let i = 0; sources.length < entries; i++) {
    const s = sentences[i % sentences.length]!;
    sources.push(i < sentences.length ? s : vary(s, 1 + rand(6)));
  }
  const queries = Array.from({ length: lookups }, () => vary(sentences[rand(sentences.length)]!, rand(5)));
  const phrases = Array.from({ length: 50 }, () => {
    const c = [...sentences[rand(sentences.length)]!];
    const at = rand(Math.max(1, c.length - 3));
    return c.slice(at, at + 3).join('');
  });
  return { sources, queries, phrases };
}

/** One run: a fresh index of the workload's sources and its queries timed one by one. */
export function tmRun(sentences: string[], entries: number, lookups: number) {
  const { sources, queries } = tmWorkload(sentences, entries, lookups);
  const t0 = performance.now();
  const index = new TmIndex();
  sources.forEach((source, i) => index.add({ id: i, source, target: `t${i}`, lang: 'en' }));
  const build = performance.now() - t0;
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    const start = performance.now();
    found += index.lookup(q, { minScore: 70, limit: 3 }).length > 0 ? 1 : 0;
    times.push(performance.now() - start);
  }
  return { build, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times), found, size: index.size };
}

/** The TM section: index build time and fuzzy lookup latency. */
export function benchTm(opts: { runs: number; entries?: number; lookups?: number }): Section {
  const entries = opts.entries ?? 100_000;
  const lookups = opts.lookups ?? 1_000;
  const sentences = tmSentences();
  const runs = Array.from({ length: opts.runs }, () => tmRun(sentences, entries, lookups));
  const note = `${runs[0]!.found} of ${lookups} with a match`;
  return {
    title: 'Translation memory',
    how: `A \`TmIndex\` of ${entries.toLocaleString('en-US')} entries built from the ${sentences.length} distinct corpus sentences
(varied by a few characters to reach the count), then ${lookups.toLocaleString('en-US')} fuzzy lookups (minimum score 70,
3 results) of edited sentences, timed one by one. No baseline: absolute times.`,
    figures: [
      { label: 'index build', unit: 'ms', samples: runs.map((r) => r.build) },
      { label: 'lookup p50', unit: 'ms', samples: runs.map((r) => r.p50), note },
      { label: 'lookup p99', unit: 'ms', samples: runs.map((r) => r.p99) },
    ],
    notMeasured: [],
  };
}

if (isMain(import.meta.url)) {
  const [entries, lookups, runs] = process.argv.slice(2).map(Number);
  console.log(renderTable(benchTm({ entries: entries || undefined, lookups: lookups || undefined, runs: runs || 1 }).figures));
}
