/**
 * TMX import at memory scale: a TMX file of `units` units (corpus sentences, varied to reach the count) imported
 * into a fresh database through the service `bitext tm import` and the memory page use, then the same file again
 * (every unit already stored: all updates). While each import runs, a probe on the same connection pool reads one
 * row every 20 ms, as an editor save would: *longest wait of another query* is the worst time it waited, which is
 * how long the import holds the database from everyone else. Not a test: nothing is asserted.
 *
 *   npx tsx bench/tmx.ts [runs=1] [--units 100000] [--pg postgres://…]
 */
import { writeTmx } from '../src/domain/formats/tmx.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { importMemoryTmx } from '../src/services/tmxService.js';
import { flag, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import { percentile, type Section } from './report.js';
import { tmSentences } from './tm.js';

/** A TMX document of `n` zh → en units built from the corpus sentences. */
export function tmxOf(n: number): string {
  const sentences = tmSentences();
  const units = Array.from({ length: n }, (_, i) => {
    const s = sentences[i % sentences.length]!;
    const source = i < sentences.length ? s : `${s}（${Math.floor(i / sentences.length)}）`;
    return {
      variants: [
        { lang: 'zh-CN', text: source },
        { lang: 'en-US', text: `Translation ${i} of a corpus sentence.` },
      ],
    };
  });
  return writeTmx({ header: { srcLang: 'zh-CN' }, units });
}

/** Runs `fn` while a probe reads through `db` every 20 ms; returns fn's time and the probe's waits. */
async function probed(db: Db, fn: () => Promise<unknown>): Promise<{ ms: number; waits: number[] }> {
  const waits: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await db.$queryRawUnsafe('SELECT 1');
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  running = false;
  await probe;
  return { ms, waits };
}

/** One run on one database: first import, re-import, and the probe's waits during each. */
async function runOnce(target: BenchDb, xml: string) {
  return withDb(target, async (url) => {
    const db = await openDatabase(url);
    try {
      const first = await probed(db, () => importMemoryTmx(db, 'bench.tmx', xml));
      const again = await probed(db, () => importMemoryTmx(db, 'bench.tmx', xml));
      return { first, again };
    } finally {
      await db.$disconnect();
    }
  });
}

/** The TMX section of the bench report. */
export async function tmxSection(runs: number, targets: BenchDb[], units = 100_000): Promise<Section> {
  const xml = tmxOf(units);
  const figures: Section['figures'] = [];
  for (const target of targets) {
    const samples = [];
    for (let r = 0; r < runs; r++) samples.push(await runOnce(target, xml));
    const l = target.label;
    // One pair of rows per import: its time, and the longest wait of another query meanwhile.
    const phases = [
      ['first', `first import of ${units.toLocaleString('en')} units`, 'first import'],
      ['again', 'the same file again (all updates)', 'again'],
    ] as const;
    for (const [key, title, short] of phases) {
      const waits = samples.flatMap((s) => s[key].waits);
      figures.push(
        { label: `${l}: ${title}`, unit: 'ms', samples: samples.map((s) => s[key].ms) },
        {
          label: `${l}: ${short}, longest wait of another query`,
          unit: 'ms',
          samples: samples.map((s) => Math.max(...s[key].waits)),
          note: `p99 ${percentile(waits, 99).toFixed(1)} ms`,
        },
      );
    }
  }
  return {
    title: 'TMX import',
    how: `A TMX file of ${units.toLocaleString('en')} zh → en units (${(Buffer.byteLength(xml) / 1e6).toFixed(1)} MB, corpus sentences) imported into a fresh database through the service behind \`bitext tm import\`, then the same file again (every unit stored already: all updates). Meanwhile a probe reads one row every 20 ms through the same client, as an editor save would; its longest wait is how long the import keeps the database from everyone else.`,
    figures,
    notMeasured: [],
  };
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  const { runs, targets } = standaloneOptions(argv, 1);
  const units = Number(flag(argv, 'units') ?? 100_000);
  printSection(await tmxSection(runs, targets, units));
}
