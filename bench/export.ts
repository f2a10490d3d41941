/**
 * Export benchmark: every layout (source, target, interleaved, table) of the longest corpus article with
 * en and ru drafted (through the local DeepL stub, without latency), timed through exportDocument (what
 * `bitext export` and the download button call).
 *
 *   npx tsx bench/export.ts [runs=5] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 */
import { createDeepLProvider } from '../src/mt/deepl.js';
import { exportDocument, type ExportRequest } from '../src/services/exportService.js';
import { pretranslate } from '../src/services/pretranslate/run.js';
import { startDeepLStub } from '../test/mt/deeplStub.js';
import { forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import { median, type Figure, type Section } from './report.js';
import { seedLongest } from './seed.js';

/** The exports timed, by label; the first is the baseline. */
const LAYOUTS: { label: string; layout: ExportRequest['layout']; langs: string[] }[] = [
  { label: 'source', layout: 'source', langs: [] },
  { label: 'target (en)', layout: 'target', langs: ['en'] },
  { label: 'interleaved (en, ru)', layout: 'interleaved', langs: ['en', 'ru'] },
  { label: 'table (en, ru)', layout: 'table', langs: ['en', 'ru'] },
];
/** Exports per layout and run; the run's sample is their median. */
const REPEATS = 5;

/** Milliseconds per layout per run, and the output size per layout, for one database. */
async function exportRuns(url: string, runs: number) {
  const seeded = await seedLongest(url, ['en', 'ru']);
  const { db, documentId } = seeded;
  const stub = await startDeepLStub({ characterLimit: 1e12 });
  try {
    const provider = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url });
    const summary = await pretranslate(db, { provider, scope: { documentId }, langs: ['en', 'ru'], concurrency: 8 });
    if (!summary.complete) throw new Error('pretranslation of the article did not complete');
    const ms = new Map<string, number[]>(LAYOUTS.map((l) => [l.label, []]));
    const bytes = new Map<string, number>();
    for (let r = 0; r <= runs; r++) {
      for (const l of LAYOUTS) {
        const times: number[] = [];
        for (let k = 0; k < REPEATS; k++) {
          const t0 = performance.now();
          const { text } = await exportDocument(db, { documentId, layout: l.layout, langs: l.langs });
          times.push(performance.now() - t0);
          bytes.set(l.label, Buffer.byteLength(text));
        }
        if (r > 0) ms.get(l.label)!.push(median(times)); // run 0 warms up
      }
    }
    return { ms, bytes, article: seeded.article, segments: seeded.segments };
  } finally {
    await stub.close();
    await db.$disconnect();
  }
}

/** The export section, per database. */
export async function benchExport(opts: { runs: number; targets: BenchDb[] }): Promise<Section> {
  const figures: Figure[] = [];
  const notMeasured: string[] = [];
  let about = 'the longest corpus article';
  for (const res of await forEachDb(opts.targets, (t) => withDb(t, (url) => exportRuns(url, opts.runs)))) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      continue;
    }
    about = `\`${res.value.article}\` (${res.value.segments} segments)`;
    for (const l of LAYOUTS) {
      figures.push({
        label: `${res.label}: ${l.label}`,
        unit: 'ms',
        samples: res.value.ms.get(l.label)!,
        ...(l === LAYOUTS[0] ? {} : { baseline: `${res.label}: ${LAYOUTS[0]!.label}` }),
        note: `${Math.round(res.value.bytes.get(l.label)! / 1000).toLocaleString('en-US')} kB out`,
      });
    }
  }
  return {
    title: 'Export',
    how: `${about}, en and ru drafted through the DeepL stub, exported in each layout by \`exportDocument\` (the bytes
\`bitext export\` prints and the browser downloads: the document loaded from the database, then rendered). A run's figure
is the median of ${REPEATS} exports; one warm-up run first. Baseline: the \`source\` layout (the imported bytes given
back), i.e. the cost of loading the document without rendering translations.`,
    figures,
    notMeasured,
  };
}

if (isMain(import.meta.url)) printSection(await benchExport(standaloneOptions(process.argv, 5)));
