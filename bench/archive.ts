/**
 * Archive-scale import benchmark (issue #16): one `bitext import DIR` of a whole archive, as a user runs it.
 *
 * The real public archive is 5,793 Markdown files (84.9 MB, 275,216 segments): thousands of short news and social
 * posts and a few hundred long transcripts (up to about 2,000 segments each). This bench builds a synthetic archive of
 * the same shape in a temporary folder from the 18 files of test/fixtures/corpus (real text, byte for byte): every
 * short corpus file (under 50 kB) is copied about 390 times, every long transcript about 75 times, so that the archive
 * has about 5,800 files and 85 MB (`--scale 0.1` builds a tenth of it; `--quick` does so too). Files are spread over
 * folders of 100 like the real archive (gnews/…, gettr/…, transcript/…).
 *
 * Measured per database (a fresh SQLite file; a fresh PostgreSQL database when `--pg URL` or BENCH_PG_URL is given):
 * - wall time of the child process `node bin/bitext.js import DIR --project archive` (start-up and migration of the
 *   empty database included), and MB/s over the archive's bytes;
 * - ratio to parse-only speed: reading, decoding and segmenting every file of the archive in this process, no
 *   database (measured right before each import, so that both see the same load from other work on the machine);
 * - peak RSS and CPU time of the importing process (`process.resourceUsage()`, written by a preload hook at exit;
 *   CPU time says more than wall time when other work loads the machine; PostgreSQL's own work is not in it);
 * - the imported document and segment counts, checked against the archive.
 *
 *   npx tsx bench/archive.ts [runs=1] [--scale 1] [--quick] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *   npm run bench -- --only archive [--quick]
 *
 * Goals (issue #16): SQLite ≤ 10 s and ≥ 0.3 of parse-only speed, peak RSS ≤ 400 MiB; PostgreSQL ≤ 15 s.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFile } from '../src/domain/decode.js';
import { segmentDocument } from '../src/domain/segment.js';
import { openDatabase } from '../src/db/client.js';
import { corpusFiles, flag, forEachDb, isMain, printSection, ROOT, standaloneOptions, withDb, type BenchDb } from './common.js';
import type { Figure, Section } from './report.js';

/** Files and bytes of the real archive, the shape the synthetic one copies. */
export const ARCHIVE_SHAPE = { files: 5_793, bytes: 84.9e6 };
/** Corpus files at least this long count as transcripts (copied fewer times). */
const LONG = 50_000;

/** A synthetic archive on disk. */
export interface Archive {
  dir: string;
  files: number;
  bytes: number;
  segments: number;
}

/**
 * How many copies of each corpus file make `scale` × the real archive's file count and bytes: solves
 * short × nShort + long × nLong = bytes and nShort + nLong = files for the copies of short and long files.
 */
export function copyCounts(sizes: number[], scale = 1): number[] {
  const short = sizes.filter((s) => s < LONG);
  const long = sizes.filter((s) => s >= LONG);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const files = ARCHIVE_SHAPE.files * scale;
  const bytes = ARCHIVE_SHAPE.bytes * scale;
  const nLong = Math.max(1, (bytes - files * avg(short)) / (avg(long) - avg(short)));
  const nShort = files - nLong;
  return sizes.map((s) => Math.max(1, Math.round(s < LONG ? nShort / short.length : nLong / long.length)));
}

/** Writes the synthetic archive into a new temporary folder. */
export function buildArchive(scale = 1): Archive {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bitext-archive-'));
  const corpus = corpusFiles();
  const copies = copyCounts(
    corpus.map((f) => f.bytes.length),
    scale,
  );
  let files = 0;
  let bytes = 0;
  let segments = 0;
  corpus.forEach((f, i) => {
    const source = f.name.split('__')[0]!.replace(/\.md$/, '');
    const segs = segmentDocument(decodeFile(f.name, f.bytes, 1e9).text).segments.length;
    for (let c = 0; c < copies[i]!; c++) {
      const folder = path.join(dir, source, String(Math.floor(c / 100)).padStart(3, '0'));
      if (c % 100 === 0) mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, `${c}-${f.name}`), f.bytes);
      files++;
      bytes += f.bytes.length;
      segments += segs;
    }
  });
  return { dir, files, bytes, segments };
}

/** Every file below `dir`, in a stable order. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Milliseconds to read, decode and segment every file of the archive (no database), and the segments found. */
export function parseArchive(dir: string): { ms: number; segments: number } {
  const t0 = performance.now();
  let segments = 0;
  for (const file of walk(dir)) segments += segmentDocument(decodeFile(file, readFileSync(file), 1e9).text).segments.length;
  return { ms: performance.now() - t0, segments };
}

/** Preloaded into the importing process: writes its peak RSS (bytes) and CPU time (µs) to BENCH_RSS_FILE at exit. */
const RSS_HOOK = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rss: u.maxRSS * 1024, cpu: u.userCPUTime + u.systemCPUTime }));
});
`;

/** One import of the archive by `bin/bitext.js` into `url`: wall time, peak RSS, what the database holds after. */
export async function importArchive(
  url: string,
  archive: Archive,
): Promise<{ ms: number; cpuMs: number; peakMiB: number; documents: number; segments: number }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bitext-archive-rss-'));
  const hook = path.join(tmp, 'rss-hook.mjs');
  const rssFile = path.join(tmp, 'rss');
  writeFileSync(hook, RSS_HOOK);
  try {
    const t0 = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', hook, path.join(ROOT, 'bin/bitext.js'), 'import', archive.dir, '--project', 'archive'],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: url, BENCH_RSS_FILE: rssFile },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const ms = performance.now() - t0;
    if (code !== 0) {
      const lines = stderr.split('\n').filter((l) => l && !/^bitext: (importing|job #)/.test(l));
      throw new Error(`bitext import exited with ${code}: ${lines.slice(0, 3).join(' | ')}`);
    }
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { rss: number; cpu: number };
    const peakMiB = usage.rss / 2 ** 20;
    const cpuMs = usage.cpu / 1000;
    const db = await openDatabase(url);
    try {
      return { ms, cpuMs, peakMiB, documents: await db.document.count(), segments: await db.segment.count() };
    } finally {
      await db.$disconnect();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The archive section: wall time, MB/s and ratio to parse-only, and peak RSS of `bitext import DIR`, per database. */
export async function benchArchive(opts: {
  runs: number;
  targets: BenchDb[];
  scale: number;
}): Promise<{ section: Section; memory: Figure[] }> {
  const archive = buildArchive(opts.scale);
  const mb = archive.bytes / 1e6;
  const figures: Figure[] = [];
  const memory: Figure[] = [];
  const notMeasured: string[] = [];
  try {
    const results = await forEachDb(opts.targets, async (target) => {
      const parse: number[] = [];
      const runs: Awaited<ReturnType<typeof importArchive>>[] = [];
      for (let r = 0; r < opts.runs; r++) {
        parse.push(parseArchive(archive.dir).ms);
        const run = await withDb(target, (url) => importArchive(url, archive));
        if (run.documents !== archive.files || run.segments !== archive.segments)
          throw new Error(
            `imported ${run.documents} documents and ${run.segments} segments, expected ${archive.files} and ${archive.segments}`,
          );
        process.stderr.write(
          `bench: archive ${target.label}: ${(run.ms / 1000).toFixed(1)} s (CPU ${(run.cpuMs / 1000).toFixed(1)} s), ${(mb / (run.ms / 1000)).toFixed(1)} MB/s, parse only ${(mb / (parse.at(-1)! / 1000)).toFixed(1)} MB/s, peak RSS ${run.peakMiB.toFixed(0)} MiB (load ${os.loadavg()[0]!.toFixed(2)})\n`,
        );
        runs.push(run);
      }
      return { parse, runs };
    });
    const mbps = (ms: number[]) => ms.map((m) => mb / (m / 1000));
    for (const res of results) {
      if (!res.ok) {
        notMeasured.push(`${res.label}: not measured: ${res.reason}`);
        continue;
      }
      const l = res.label;
      const { parse, runs } = res.value;
      figures.push(
        { label: `${l}: parse only (read, decode, segment)`, unit: 'MB/s', samples: mbps(parse) },
        {
          label: `${l}: bitext import DIR`,
          unit: 'MB/s',
          samples: mbps(runs.map((r) => r.ms)),
          baseline: `${l}: parse only (read, decode, segment)`,
        },
        { label: `${l}: bitext import DIR, wall time`, unit: 's', samples: runs.map((r) => r.ms / 1000) },
        // CPU time of the importing process (user + system), less sensitive than wall time to other work on the machine.
        { label: `${l}: bitext import DIR, CPU time of the process`, unit: 's', samples: runs.map((r) => r.cpuMs / 1000) },
      );
      memory.push({ label: `${l}: bitext import DIR (archive), peak`, unit: 'MiB', samples: runs.map((r) => r.peakMiB) });
    }
  } finally {
    rmSync(archive.dir, { recursive: true, force: true });
  }
  const section: Section = {
    title: 'Archive import',
    how: `A synthetic archive shaped like the real public one (${ARCHIVE_SHAPE.files.toLocaleString('en-US')} files, ${ARCHIVE_SHAPE.bytes / 1e6} MB)
at scale ${opts.scale}: ${archive.files.toLocaleString('en-US')} files, ${mb.toFixed(1)} MB, ${archive.segments.toLocaleString('en-US')} segments, copies of
the files of \`test/fixtures/corpus/\` (short posts about 390 times each, long transcripts about 75 times), imported by one
\`bitext import DIR\` child process into a fresh database (start-up included). Baseline: reading, decoding and segmenting
the same files in the bench process, no database. Peak RSS of the importing process is in the Memory section.
Goals (issue #16): SQLite ≤ 10 s, ≥ 0.3 of parse-only speed, peak RSS ≤ 400 MiB; PostgreSQL ≤ 15 s.`,
    figures,
    notMeasured,
  };
  return { section, memory };
}

if (isMain(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const scale = Number(flag(process.argv, 'scale') ?? (quick ? 0.1 : 1));
  const { section, memory } = await benchArchive({ ...standaloneOptions(process.argv, 1), scale });
  printSection({ figures: [...section.figures, ...memory], notMeasured: section.notMeasured });
}
