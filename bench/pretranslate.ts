/**
 * Pretranslation benchmark: drafts all of test/fixtures/corpus/ into en and ru through the real deepl-node
 * client against the local DeepL stub answering each request after a fixed latency, with 1, 4 and 8
 * requests in flight, into a fresh database per run. Measures texts sent per second against the
 * theoretical maximum (in flight × 50 texts per request ÷ latency), and checks that the characters billed
 * equal the floor (unique translatable characters, once per language).
 *
 *   npx tsx bench/pretranslate.ts [runs=3] [--latency 150] [--concurrency 1,4,8] [--pg postgres://…]
 */
import { openDatabase } from '../src/db/client.js';
import { createDeepLProvider } from '../src/mt/deepl.js';
import { importFiles } from '../src/services/importService.js';
import { estimatePretranslation } from '../src/services/pretranslate/estimate.js';
import { pretranslate } from '../src/services/pretranslate/run.js';
import { MAX_TEXTS, startDeepLStub } from '../test/mt/deeplStub.js';
import { corpusFiles, flag, forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import { type Figure, type Section } from './report.js';

const LANGS = ['en', 'ru'];

/** One run's outcome. */
interface PretranslateRun {
  seconds: number;
  texts: number;
  written: number;
  requests: number;
  billed: number;
  floor: number;
  maxInFlight: number;
}

/** Imports the corpus into `url`, then pretranslates it once against a stub with `latencyMs` per request. */
async function pretranslateOnce(url: string, latencyMs: number, concurrency: number): Promise<PretranslateRun> {
  const db = await openDatabase(url);
  const stub = await startDeepLStub({ characterLimit: 1e12 });
  try {
    const report = await importFiles(db, corpusFiles(), { project: 'bench', sourceLang: 'zh', targetLangs: LANGS, maxBytes: 1e9 });
    if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
    // Every translate request waits `latencyMs` before it is answered.
    stub.faults.push(...Array.from({ length: 100_000 }, () => ({ path: '/v2/translate', delayMs: latencyMs })));
    const provider = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url });
    const scope = { projectName: 'bench' } as const;
    const floor = (await estimatePretranslation(db, { scope, langs: LANGS, provider, pricePerMillion: 20 })).characters;
    const t0 = performance.now();
    const summary = await pretranslate(db, { provider, scope, langs: LANGS, concurrency });
    const seconds = (performance.now() - t0) / 1000;
    if (!summary.complete) throw new Error(`pretranslation incomplete: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    return {
      seconds,
      texts: summary.texts,
      written: summary.drafted + summary.tmReused,
      requests: summary.requests,
      billed: summary.billedCharacters,
      floor,
      maxInFlight: stub.maxInFlight,
    };
  } finally {
    await stub.close();
    await db.$disconnect();
  }
}

/** The pretranslation section: per database and concurrency, `runs` runs on fresh databases. */
export async function benchPretranslate(opts: {
  runs: number;
  targets: BenchDb[];
  latencyMs?: number;
  concurrencies?: number[];
}): Promise<Section> {
  const latencyMs = opts.latencyMs ?? 150;
  const concurrencies = opts.concurrencies ?? [1, 4, 8];
  const max = (c: number) => `theoretical max, ${c} in flight`;
  const figures: Figure[] = concurrencies.map((c) => ({
    label: max(c),
    unit: 'texts/s',
    samples: [(c * MAX_TEXTS) / (latencyMs / 1000)],
    note: `${c} × ${MAX_TEXTS} texts ÷ ${latencyMs} ms (computed)`,
  }));
  const notMeasured: string[] = [];
  let about = '';
  const results = await forEachDb(opts.targets, async (target) => {
    const byConcurrency = new Map<number, PretranslateRun[]>();
    for (const c of concurrencies) {
      const runs: PretranslateRun[] = [];
      for (let r = 0; r < opts.runs; r++) runs.push(await withDb(target, (url) => pretranslateOnce(url, latencyMs, c)));
      byConcurrency.set(c, runs);
    }
    return byConcurrency;
  });
  for (const res of results) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      continue;
    }
    for (const [c, runs] of res.value) {
      const first = runs[0]!;
      about = `${first.texts} unique texts (${first.written} segment translations) in ${first.requests} requests, ${(first.texts / first.requests).toFixed(1)} texts a request`;
      const billing = runs.every((r) => r.billed === r.floor) ? 'billed = floor' : `billed ${first.billed} ≠ floor ${first.floor}`;
      figures.push(
        {
          label: `${res.label}: ${c} in flight, texts sent`,
          unit: 'texts/s',
          samples: runs.map((r) => r.texts / r.seconds),
          baseline: max(c),
          note: `max in flight seen ${Math.max(...runs.map((r) => r.maxInFlight))}; ${billing}`,
        },
        {
          label: `${res.label}: ${c} in flight, segment translations written`,
          unit: 'segments/s',
          samples: runs.map((r) => r.written / r.seconds),
          note: 'duplicates included',
        },
      );
    }
  }
  return {
    title: 'Pretranslation',
    how: `All of \`test/fixtures/corpus/\` imported into a fresh database per run, then drafted into ${LANGS.join(' and ')} by
\`pretranslate\` through the real deepl-node client against the local DeepL stub (\`test/mt/deeplStub.ts\`), which answers
every translate request after ${latencyMs} ms. ${about ? `Per run: ${about}.` : ''} *Texts sent* counts the unique
texts sent to MT per second of the run (storing included); *segment translations written* also counts the duplicates
filled from them. Baseline: the theoretical maximum, in flight × ${MAX_TEXTS} texts per request ÷ latency; requests
carry consecutive paragraphs of one document, so short articles give requests of fewer than ${MAX_TEXTS} texts.`,
    figures,
    notMeasured,
  };
}

if (isMain(import.meta.url)) {
  const section = await benchPretranslate({
    ...standaloneOptions(process.argv, 3),
    latencyMs: Number(flag(process.argv, 'latency') ?? 150),
    concurrencies: (flag(process.argv, 'concurrency') ?? '1,4,8').split(',').map(Number),
  });
  printSection(section);
}
