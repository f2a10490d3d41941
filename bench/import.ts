/**
 * Import benchmark: imports all of test/fixtures/corpus/ into a fresh database per run and measures MB/s and
 * segments/s end to end, beside parse-only speed (decode + segment) of the same files; and the peak
 * resident memory of a process that imports the corpus.
 *
 *   npx tsx bench/import.ts [runs=5] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeFile } from '../src/domain/decode.js';
import { segmentDocument } from '../src/domain/segment.js';
import { openDatabase } from '../src/db/client.js';
import { importFiles } from '../src/services/importService.js';
import {
  childError,
  corpusFiles,
  flag,
  forEachDb,
  isMain,
  printSection,
  procMemoryMiB,
  ROOT,
  standaloneOptions,
  withDb,
  type BenchDb,
  type CorpusFile,
} from './common.js';
import { type Figure, type Section } from './report.js';

const IMPORT_OPTIONS = { project: 'bench', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e9 };

/** Imports every file into the database at `url`; throws when a file is refused. */
async function importCorpus(url: string, files: CorpusFile[]): Promise<number> {
  const db = await openDatabase(url);
  try {
    const t0 = performance.now();
    const report = await importFiles(db, files, IMPORT_OPTIONS);
    const ms = performance.now() - t0;
    if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
    return ms;
  } finally {
    await db.$disconnect();
  }
}

/** Milliseconds of one parse-only pass (decode + segment every file, no database), and the segment count. */
export function parseOnce(files: CorpusFile[]): { ms: number; segments: number } {
  const t0 = performance.now();
  let segments = 0;
  for (const f of files) segments += segmentDocument(decodeFile(f.name, f.bytes, 1e9).text).segments.length;
  return { ms: performance.now() - t0, segments };
}

/** Peak RSS (MiB) of a fresh process importing the corpus into `url`, and its RSS just before the import. */
export async function importPeakRss(url: string): Promise<{ before: number; peak: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/import.ts', '--rss-child', url], {
    cwd: ROOT,
    maxBuffer: 1e6,
  }).catch((err: { stderr?: string; message: string }) => {
    throw new Error(childError(err.stderr ?? '') ?? err.message);
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { before: number; peak: number };
}

/** The child side of importPeakRss: imports, then prints its RSS figures as one JSON line. */
async function rssChild(url: string): Promise<void> {
  const files = corpusFiles();
  const db = await openDatabase(url);
  const before = procMemoryMiB('self', 'VmRSS');
  const report = await importFiles(db, files, IMPORT_OPTIONS);
  if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
  await db.$disconnect();
  console.log(JSON.stringify({ before, peak: procMemoryMiB('self', 'VmHWM') }));
}

/** The import section: parse-only and end-to-end speed per database, and the importing process's peak RSS. */
export async function benchImport(opts: {
  runs: number;
  targets: BenchDb[];
}): Promise<{ section: Section; memory: Figure[]; memoryNotMeasured: string[] }> {
  const files = corpusFiles();
  const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
  let segments = 0;
  const figures: Figure[] = [];
  const memory: Figure[] = [];
  const notMeasured: string[] = [];
  const memoryNotMeasured: string[] = [];
  // Parse-only and import passes alternate, so that both see the same load from other work on the machine.
  const results = await forEachDb(opts.targets, async (target) => {
    const parse: number[] = [];
    const full: number[] = [];
    for (let r = 0; r <= opts.runs; r++) {
      const p = parseOnce(files);
      segments = p.segments;
      const t = await withDb(target, (url) => importCorpus(url, files));
      if (r === 0) continue; // run 0 warms the JIT up
      parse.push(p.ms);
      full.push(t);
    }
    return { parse, full };
  });
  const mbps = (ms: number[]) => ms.map((m) => mb / (m / 1000));
  const segps = (ms: number[]) => ms.map((m) => segments / (m / 1000));
  for (const res of results) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      continue;
    }
    const l = res.label;
    const { parse, full } = res.value;
    figures.push(
      { label: `${l}: parse only`, unit: 'MB/s', samples: mbps(parse) },
      { label: `${l}: end to end`, unit: 'MB/s', samples: mbps(full), baseline: `${l}: parse only` },
      { label: `${l}: parse only (segments)`, unit: 'segments/s', samples: segps(parse) },
      { label: `${l}: end to end (segments)`, unit: 'segments/s', samples: segps(full), baseline: `${l}: parse only (segments)` },
    );
  }
  const rss = await forEachDb(opts.targets, async (target) => {
    const samples = [];
    for (let r = 0; r < opts.runs; r++) samples.push(await withDb(target, importPeakRss));
    return samples;
  });
  for (const res of rss) {
    if (!res.ok) {
      memoryNotMeasured.push(`${res.label}: import not measured: ${res.reason}`);
      continue;
    }
    memory.push(
      { label: `${res.label}: importing process before the import`, unit: 'MiB', samples: res.value.map((s) => s.before) },
      {
        label: `${res.label}: importing process, peak`,
        unit: 'MiB',
        samples: res.value.map((s) => s.peak),
        baseline: `${res.label}: importing process before the import`,
      },
    );
  }
  const section: Section = {
    title: 'Import',
    how: `All ${files.length} files of \`test/fixtures/corpus/\` (${mb.toFixed(2)} MB, ${segments} segments) imported by
\`importFiles\` (what \`bitext import\` and the upload call: decode, segment, one transaction per document) into a fresh
database per run, targets en and ru; one warm-up run first. Parse only: decode and segment the same files, no database,
right before each import (the two alternate, so both see the same load from other work on the machine).
Baseline: parse-only speed of the same files.`,
    figures,
    notMeasured,
  };
  return { section, memory, memoryNotMeasured };
}

if (isMain(import.meta.url)) {
  const child = flag(process.argv, 'rss-child');
  if (child) {
    await rssChild(child);
  } else {
    const { section, memory, memoryNotMeasured } = await benchImport(standaloneOptions(process.argv, 5));
    printSection({ figures: [...section.figures, ...memory], notMeasured: [...section.notMeasured, ...memoryNotMeasured] });
  }
}
