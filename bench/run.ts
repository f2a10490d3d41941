/**
 * `npm run bench`: runs every bench (import, archive import, editor, saves under load, export, pretranslation, TMX import and memory on SQLite,
 * and on PostgreSQL when a server is given; conversion and TM lookups, which use no database) and writes
 * bench/RESULTS.md: the machine's description, a table per area (median, min–max, ratio to the baseline) and how each
 * figure was measured.
 *
 *   npm run bench -- [--runs 3] [--quick] [--pg postgres://postgres@127.0.0.1:5432/postgres]
 *                    [--only import,archive,editor,save,load,export,pretranslate,tmx,convert,tm] [--duration 30] [--out FILE] [--note TEXT]
 *                    [--archive-scale 1]
 *
 * --quick: 1 run, a 5 s load test, an archive a tenth of the real one's size, written to bench/RESULTS.quick.md unless
 * --out is given. The archive import (bench/archive.ts) and the TMX import of 100,000 units (bench/tmx.ts; 10,000 with
 * --quick) run once per database whatever --runs says (minutes each).
 * PostgreSQL: --pg URL or BENCH_PG_URL (the bench creates and drops its own databases on that server).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDbs, flag, ROOT } from './common.js';
import { benchConvert } from './convert.js';
import { benchEditor } from './editor.js';
import { benchExport } from './export.js';
import { benchImport } from './import.js';
import { benchArchive } from './archive.js';
import { benchLoad } from './load.js';
import { benchPretranslate } from './pretranslate.js';
import { benchSave } from './save.js';
import { benchTm } from './tm.js';
import { tmxSection } from './tmx.js';
import { renderResults, type Figure, type RunInfo, type Section } from './report.js';

const AREAS = ['import', 'archive', 'editor', 'save', 'load', 'export', 'pretranslate', 'tmx', 'convert', 'tm'] as const;
type Area = (typeof AREAS)[number];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runs = Number(flag(argv, 'runs') ?? (quick ? 1 : 3));
const duration = Number(flag(argv, 'duration') ?? (quick ? 5 : 30));
const pgUrl = flag(argv, 'pg') ?? process.env.BENCH_PG_URL;
const archiveScale = Number(flag(argv, 'archive-scale') ?? (quick ? 0.1 : 1));
const only = new Set((flag(argv, 'only') ?? AREAS.join(',')).split(',') as Area[]);
const out = path.resolve(flag(argv, 'out') ?? path.join(ROOT, 'bench', quick ? 'RESULTS.quick.md' : 'RESULTS.md'));
for (const a of only) if (!AREAS.includes(a)) throw new Error(`--only: "${a}" is not one of ${AREAS.join(', ')}`);
if (!(runs >= 1) || !(duration >= 1)) throw new Error('--runs and --duration must be at least 1');

const targets = benchDbs(pgUrl);
const noPg = pgUrl ? [] : ['PostgreSQL: not measured: no server given (`--pg URL` or `BENCH_PG_URL`)'];

/** The command line as a person would type it. */
const command = ['npm run bench', ...(argv.length ? ['--', ...argv.map((a) => a.replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@'))] : [])].join(
  ' ',
);

/** The commit measured, read at the start (commits made during a run do not count). */
function commitMeasured(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  // Only changes to what is measured count (not the README, not an earlier RESULTS.md).
  const measured = ['src', 'bench', 'views', 'public', 'prisma', 'locales', 'package.json', ':!bench/RESULTS*.md'];
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', ...measured) ? ' (with uncommitted changes)' : '';
  return `${git('rev-parse', '--short', 'HEAD')}${dirty}`;
}

/** Machine and run facts for the header of RESULTS.md. */
function runInfo(commit: string, loadAtStart: number, loadMax: number, notes: string[]): RunInfo {
  const release = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${release}, Linux ${os.release()}`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    runs,
    loadDuration: duration,
    command,
    load: [loadAtStart, loadMax],
    notes,
  };
}

const commit = commitMeasured();
const loadAtStart = os.loadavg()[0]!;
let loadMax = loadAtStart;
const sampler = setInterval(() => (loadMax = Math.max(loadMax, os.loadavg()[0]!)), 2000);
const started = performance.now();
const step = (name: string) => process.stderr.write(`bench: ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);

/** What a bench gives the runner: its section, and memory figures for the Memory section if it measures any. */
interface Outcome {
  section: Section;
  memory?: Figure[];
  memoryNotMeasured?: string[];
  /** True for benches that use a database (they get the "PostgreSQL: not measured" line when no server is given). */
  usesDb?: boolean;
}
const withDbs = (p: Promise<Outcome | Section>): Promise<Outcome> =>
  p.then((r) => ('section' in r ? { ...r, usesDb: true } : { section: r, usesDb: true }));
const BENCHES: Record<Area, { name: string; run: () => Promise<Outcome> }> = {
  import: { name: 'import', run: () => withDbs(benchImport({ runs, targets })) },
  archive: { name: 'archive import', run: () => withDbs(benchArchive({ runs: 1, targets, scale: archiveScale })) },
  editor: { name: 'editor', run: () => withDbs(benchEditor({ runs, targets })) },
  save: { name: 'editor saves in process', run: () => withDbs(benchSave({ runs, targets })) },
  load: { name: 'saves under load', run: () => withDbs(benchLoad({ runs, targets, duration, baselineDuration: Math.min(5, duration) })) },
  export: { name: 'export', run: () => withDbs(benchExport({ runs, targets })) },
  pretranslate: { name: 'pretranslation', run: () => withDbs(benchPretranslate({ runs, targets })) },
  tmx: { name: 'TMX import', run: () => withDbs(tmxSection(1, targets, quick ? 10_000 : 100_000)) },
  convert: { name: 'conversion', run: async () => ({ section: benchConvert({ runs }) }) },
  tm: { name: 'translation memory', run: async () => ({ section: benchTm({ runs }) }) },
};

const sections: Section[] = [];
const memory: Figure[] = [];
const memoryNotMeasured: string[] = [];
for (const area of AREAS.filter((a) => only.has(a))) {
  step(BENCHES[area].name);
  const r = await BENCHES[area].run();
  if (r.usesDb) r.section.notMeasured.push(...noPg);
  sections.push(r.section);
  memory.push(...(r.memory ?? []));
  memoryNotMeasured.push(...(r.memoryNotMeasured ?? []));
}
if (only.has('import') || only.has('archive') || only.has('load')) {
  sections.push({
    title: 'Memory',
    how: `Peak resident set size (VmHWM in \`/proc/PID/status\`). *Importing process*: a fresh Node process (the same
\`importFiles\` as \`bitext import\`) imports the whole corpus; its baseline is its own VmRSS after loading the code and
opening the database, just before the import. *Archive import*: the \`bitext import DIR\` child of the archive bench
(\`process.resourceUsage().maxRSS\` at its exit; start-up and migration of the empty database included). *Server*: the
\`bitext serve\` child of the load test, read at the end of the load; its baseline is its VmRSS at rest after start.`,
    figures: memory,
    notMeasured: [...memoryNotMeasured, ...noPg],
  });
}
clearInterval(sampler);
step('done');

const notes: string[] = [];
if (quick) notes.push('Quick mode (`--quick`): one run and a short load test, for development only; not comparable figures.');
if (loadMax > os.cpus().length / 2) {
  notes.push(
    `The 1-minute load average reached ${loadMax.toFixed(1)} on ${os.cpus().length} cores during the run (the bench's own ` +
      'server, autocannon, Chromium and PostgreSQL count, and so does any other work on the machine), so figures are ' +
      'noisier than on an idle machine; the ratios to baselines measured in the same run are the more meaningful numbers.',
  );
}
const note = flag(argv, 'note');
if (note) notes.push(note);
writeFileSync(out, renderResults(runInfo(commit, loadAtStart, loadMax, notes), sections));
process.stderr.write(`bench: wrote ${path.relative(process.cwd(), out)}\n`);
// A failure on SQLite is a bug of the bench or the app, not a missing feature.
if (sections.some((s) => s.notMeasured.some((l) => l.startsWith('SQLite')))) process.exitCode = 1;
