/**
 * Conversion throughput: convertMarkdownDocument vs calling opencc-js directly, per configuration,
 * on all files of ../shared/corpus (relative to the repo root). Not a test: nothing is asserted.
 *
 *   npx tsx bench/convert.ts [rounds]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { CONVERSION_CONFIGS, convertMarkdownDocument, getConverter } from '../src/domain/convert.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '../../shared/corpus');
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(path.join(corpusDir, f), 'utf8'));
const chars = files.reduce((n, f) => n + f.length, 0);
const rounds = Math.max(1, Number(process.argv[2] ?? 3));

/** Best-of-`rounds` wall time in ms of converting every file once. */
function time(convert: (text: string) => string): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const f of files) convert(f);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`corpus: ${files.length} files, ${fmt(chars)} chars; best of ${rounds} rounds\n`);
console.log(['config', 'build ms', 'document chars/s', 'opencc chars/s', 'document/opencc'].map((h, i) => (i ? h.padStart(17) : h.padEnd(7))).join(''));
for (const { name, from, to } of CONVERSION_CONFIGS) {
  const t0 = performance.now();
  getConverter(name); // built once and cached; excluded from the timings below
  const build = performance.now() - t0;
  const direct = OpenCC.Converter({ from, to });
  const doc = time((text) => convertMarkdownDocument(text, name));
  const raw = time(direct);
  const docRate = (chars / doc) * 1000;
  const rawRate = (chars / raw) * 1000;
  console.log(
    [name.padEnd(7), build.toFixed(0), fmt(docRate), fmt(rawRate), (docRate / rawRate).toFixed(2)]
      .map((c, i) => (i ? c.padStart(17) : c))
      .join(''),
  );
}
