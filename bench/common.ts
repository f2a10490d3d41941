/**
 * Shared plumbing of the benches: the corpus, the databases a bench runs against (a temporary SQLite
 * file always; a PostgreSQL database created and dropped per use when a server URL is given), process
 * memory from /proc, and a "run alone" check for each bench script.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { renderTable, type Section } from './report.js';

/** The repository root (the folder above bench/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The corpus the tests use (test/fixtures/corpus: all 18 field articles, byte for byte), so a clone can bench. */
export const CORPUS_DIR = path.join(ROOT, 'test/fixtures/corpus');

/** One corpus file. */
export interface CorpusFile {
  name: string;
  bytes: Buffer;
}

/** Every Markdown file of the corpus, sorted by name. */
export function corpusFiles(): CorpusFile[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(CORPUS_DIR, name)) }));
}

/** The longest corpus article (by bytes). */
export function longestArticle(): CorpusFile {
  return corpusFiles().sort((a, b) => b.bytes.length - a.bytes.length)[0]!;
}

/** A database a bench can be pointed at; `create` gives a fresh, empty one each time. */
export interface BenchDb {
  /** "SQLite" or "PostgreSQL", used as a row prefix in RESULTS.md. */
  label: string;
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

/** A new temporary SQLite file per `create`, deleted with its folder by `drop`. */
export function sqliteDb(): BenchDb {
  return {
    label: 'SQLite',
    async create() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-'));
      return { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

let pgCounter = 0;

/**
 * A new database `bitext_bench_<pid>_<n>` per `create` on the PostgreSQL server of `serverUrl`
 * (e.g. postgres://postgres@127.0.0.1:5432/postgres, the database in it is used only to connect),
 * dropped (connections closed) by `drop`.
 */
export function postgresDb(serverUrl: string): BenchDb {
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    label: 'PostgreSQL',
    async create() {
      const name = `bitext_bench_${process.pid}_${++pgCounter}`;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${name}`)));
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { url: url.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) };
    },
  };
}

/** SQLite, plus PostgreSQL when a server URL is given. */
export function benchDbs(pgUrl: string | undefined): BenchDb[] {
  return pgUrl ? [sqliteDb(), postgresDb(pgUrl)] : [sqliteDb()];
}

/** Runs `fn` with a fresh database of `target` and drops it afterwards, whatever happens. */
export async function withDb<T>(target: BenchDb, fn: (url: string) => Promise<T>): Promise<T> {
  const { url, drop } = await target.create();
  try {
    return await fn(url);
  } finally {
    await drop().catch(() => {});
  }
}

/** A bench's outcome for one database: its samples, or why it could not be measured there. */
export type PerDb<T> = { label: string; ok: true; value: T } | { label: string; ok: false; reason: string };

/** Runs `fn` for each database; a failure is recorded as the reason instead of stopping the others. */
export async function forEachDb<T>(targets: BenchDb[], fn: (target: BenchDb) => Promise<T>): Promise<PerDb<T>[]> {
  const out: PerDb<T>[] = [];
  for (const target of targets) {
    try {
      out.push({ label: target.label, ok: true, value: await fn(target) });
    } catch (err) {
      // The per-run database name would make every line differ; the reason is the same.
      const reason = (err instanceof Error ? err.message.split('\n')[0]! : String(err)).replace(/bitext_bench_\d+_\d+/g, 'bitext_bench_N');
      process.stderr.write(`bench: ${target.label} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      out.push({ label: target.label, ok: false, reason });
    }
  }
  return out;
}

/** A field of /proc/PID/status in MiB (VmRSS: resident now, VmHWM: peak resident). */
export function procMemoryMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat (clock ticks of 10 ms). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** True when the module at `metaUrl` is the script node was started with (a bench run alone). */
export function isMain(metaUrl: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === metaUrl;
}

/** The value after `--name` in argv, if any. */
export function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** The message of the last "Error: …" line a failed child process printed, if any. */
export function childError(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((l) => /^\w*Error: /.test(l));
  return lines.pop()?.replace(/^\w*Error: /, '');
}

/** Options of a bench run alone: runs (the first bare number, else `defaultRuns`) and databases (`--pg` or BENCH_PG_URL). */
export function standaloneOptions(argv: string[], defaultRuns: number): { runs: number; targets: BenchDb[] } {
  const runs = Number(argv.slice(2).find((a) => /^\d+$/.test(a)) ?? defaultRuns);
  return { runs, targets: benchDbs(flag(argv, 'pg') ?? process.env.BENCH_PG_URL) };
}

/** Prints a bench's table (and what it could not measure) when it runs alone. */
export function printSection(section: Pick<Section, 'figures' | 'notMeasured'>): void {
  console.log(renderTable(section.figures));
  for (const line of section.notMeasured) console.log(line);
}
