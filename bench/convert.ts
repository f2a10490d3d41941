/**
 * Conversion throughput: convertMarkdownDocument (markup-safe, Markdown-aware) against calling the raw
 * converter directly (opencc-js, or bitext's own engine for t2s, s2hkp, hk2sp), per configuration, on all
 * files of test/fixtures/corpus; for t2s, opencc-js's converter too (what t2s used before). Not a test: nothing is asserted.
 *
 *   npx tsx bench/convert.ts [runs=3] [configs, e.g. t2s,s2hkp]
 */
import * as OpenCC from 'opencc-js';
import { CONVERSION_CONFIGS, convertMarkdownDocument, getConverter } from '../src/domain/convert.js';
import { isEngineConfig } from '../src/domain/openccConfigs.js';
import { corpusFiles, isMain } from './common.js';
import { renderTable, type Figure, type Section } from './report.js';

/** Milliseconds per run of converting every file once, after one warm-up pass. */
function timeRuns(texts: string[], runs: number, convert: (text: string) => string): number[] {
  const ms: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    for (const t of texts) convert(t);
    if (r > 0) ms.push(performance.now() - t0);
  }
  return ms;
}

/** The conversion section: characters/s per configuration, with opencc-js alone as the baseline. */
export function benchConvert(opts: { runs: number; only?: readonly string[] }): Section {
  const texts = corpusFiles().map((f) => f.bytes.toString('utf8'));
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const rate = (ms: number[]) => ms.map((m) => chars / (m / 1000));
  // The same documents with their markup blanked (links, code, HTML, URLs, indentation, front matter), as most
  // paragraphs and many documents are: what the one-call path handles.
  const plain = texts.map((t) => t.replace(/[[<`~]|https?:\/\/|www\.|\t| {4}/g, ' ').replace(/^(---|\+\+\+)/, 'x'));
  const plainChars = plain.reduce((n, t) => n + t.length, 0);
  const plainRate = (ms: number[]) => ms.map((m) => plainChars / (m / 1000));
  const figures: Figure[] = [];
  for (const { name, from, to } of CONVERSION_CONFIGS.filter((c) => !opts.only || opts.only.includes(c.name))) {
    const t0 = performance.now();
    const raw = getConverter(name); // built once and cached; excluded from the timings
    const build = performance.now() - t0;
    const engine = isEngineConfig(name);
    if (engine && from && to) {
      const before = OpenCC.Converter({ from, to });
      figures.push({ label: `${name}: opencc-js alone (before)`, unit: 'chars/s', samples: rate(timeRuns(texts, opts.runs, before)) });
    }
    const base = `${name}: ${engine ? 'bitext engine' : 'opencc-js'} alone`;
    figures.push(
      { label: base, unit: 'chars/s', samples: rate(timeRuns(texts, opts.runs, raw)) },
      {
        label: `${name}: convertMarkdownDocument`,
        unit: 'chars/s',
        samples: rate(timeRuns(texts, opts.runs, (t) => convertMarkdownDocument(t, name))),
        baseline: base,
        note: `converter built in ${Math.round(build)} ms (once)`,
      },
      {
        label: `${name}: convertMarkdownDocument, reference path`,
        unit: 'chars/s',
        samples: rate(timeRuns(texts, opts.runs, (t) => convertMarkdownDocument(t, name, {}, { fast: false }))),
        baseline: base,
        note: 'one converter call per text piece (the path before the fast one)',
      },
      {
        label: `${name}: ${engine ? 'bitext engine' : 'opencc-js'} alone, without markup`,
        unit: 'chars/s',
        samples: plainRate(timeRuns(plain, opts.runs, raw)),
      },
      {
        label: `${name}: convertMarkdownDocument, without markup`,
        unit: 'chars/s',
        samples: plainRate(timeRuns(plain, opts.runs, (t) => convertMarkdownDocument(t, name))),
        baseline: `${name}: ${engine ? 'bitext engine' : 'opencc-js'} alone, without markup`,
      },
    );
  }
  return {
    title: 'Chinese script conversion',
    how: `Every corpus file (${chars.toLocaleString('en-US')} characters) converted once per run, after a warm-up run, per
OpenCC configuration: \`convertMarkdownDocument\` (what \`bitext convert\`, drafts and exports use: code, URLs and HTML
kept byte-identical; a document without markup in one converter call, the pieces of any other document together in one
call) against the same raw converter applied to the whole text; *reference path*: the same function converting each
piece by its own call (what it did before; tests check both give the same bytes). *Without markup*: the same files
with links, code, HTML, URLs, indentation and front matter blanked, as most paragraphs are. Baseline: the raw converter alone
(opencc-js, or bitext's own engine over OpenCC's dictionaries for t2s, s2hkp and hk2sp; t2s also shows opencc-js).`,
    figures,
    notMeasured: [],
  };
}

if (isMain(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 3);
  const only = process.argv[3]?.split(',');
  console.log(renderTable(benchConvert({ runs, ...(only ? { only } : {}) }).figures));
}
