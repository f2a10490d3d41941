/**
 * Saves under load: a real `bitext serve` child process on a free port, over a temporary database holding
 * the longest corpus article, an admin and an API token; autocannon (programmatic) saves translations through
 * `PUT /api/segments/:id/translations/en` with 50 connections for 30 s, after 1 connection for 5 s as the
 * baseline. Every request names the version it edits, tracked from the responses, and no two requests in
 * flight touch the same segment, so a correct server answers 200 throughout (409s are counted, not hidden).
 * Also the server's resident memory: at rest after start, and its peak (VmHWM) at the end of the load.
 *
 *   npx tsx bench/load.ts [runs=3] [--duration 30] [--connections 50] [--pg postgres://…] [--cpu-prof DIR] [--sql]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  childError,
  flag,
  forEachDb,
  isMain,
  printSection,
  procCpuMs,
  procMemoryMiB,
  ROOT,
  standaloneOptions,
  withDb,
  type BenchDb,
} from './common.js';
import { type Figure, type Section } from './report.js';
import { seedLongest } from './seed.js';

/** A running `bitext serve`. */
interface ServerChild {
  proc: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** What bench/loadProbe.mjs measured inside the server during one phase (ms). */
export interface ProbeReport {
  loopDelay: { p50: number; p99: number; max: number };
  txWait: { n: number; p50: number; p99: number; max: number; sum: number };
  txHold: { n: number; p50: number; p99: number; max: number; sum: number };
  /** Requests as the server saw them: from the parsed request to the finished response. */
  served: { n: number; p50: number; p99: number; max: number; sum: number };
  /** The statements that took longest in total. */
  sql: { sql: string; n: number; sum: number; max: number }[];
}

/**
 * Starts `bitext serve --port 0` on DATABASE_URL=url; resolves with its address once it listens. With `probe`, the
 * server runs with bench/loadProbe.mjs preloaded (answers {@link readProbe}); with `cpuProfDir`, it writes a V8 CPU
 * profile there when it stops.
 */
export function startServerChild(url: string, opts: { probe?: string; cpuProfDir?: string } = {}): Promise<ServerChild> {
  const nodeArgs = [
    ...(opts.probe ? ['--import', path.join(ROOT, 'bench/loadProbe.mjs')] : []),
    ...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : []),
    // Extra Node.js options for the server only, e.g. BENCH_SERVER_NODE_ARGS=--trace-gc with BENCH_SERVER_LOG=FILE.
    ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const proc = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin/bitext.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, ...(opts.probe ? { BENCH_PROBE_OUT: opts.probe } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /serving (http:\/\/[^/\s]+)\//.exec(output);
      if (m) {
        proc.stdout!.off('data', onData);
        proc.stderr!.off('data', onData);
        // Keep draining the pipes so that a chatty server never blocks on a full pipe (into BENCH_SERVER_LOG if set,
        // e.g. with NODE_OPTIONS=--trace-gc).
        const log = process.env.BENCH_SERVER_LOG;
        if (log) {
          const out = createWriteStream(log, { flags: 'a' });
          proc.stdout!.pipe(out);
          proc.stderr!.pipe(out);
        } else {
          proc.stdout!.resume();
          proc.stderr!.resume();
        }
        resolve({ proc, base: m[1]!, stop });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(childError(output) ?? `bitext serve exited with ${code}: ${output.slice(-500)}`)));
  });
}

/** Asks the probe in the server for what it measured since the last call (and resets it). */
async function readProbe(proc: ChildProcess, file: string): Promise<ProbeReport> {
  rmSync(file, { force: true });
  proc.kill('SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(25);
  return JSON.parse(readFileSync(file, 'utf8')) as ProbeReport;
}

/** Seconds after which autocannon gives a request up (counted as a timeout, not in the latencies). */
const TIMEOUT_S = 30;

/** A segment saved by the load test, with the version its next save must name. */
interface Slot {
  id: number;
  version: number;
}

/** What one autocannon run gave. */
interface LoadResult {
  saves: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  conflicts: number;
  errors: number;
  timeouts: number;
  /** Server CPU time (user + system) per successful save, in ms. */
  cpuPerSave: number;
  /**
   * p99 and slowest of the requests sent once every connection had its first answer (the bench's own timing): the
   * first requests of 50 connections opened at once wait for Node.js to take the connections one per turn of its busy
   * event loop (see docs/performance.md), which an editor's open connection does not.
   */
  open: { p99: number; max: number; n: number };
  /** Measured inside the server during the phase. */
  probe?: ProbeReport;
}

/**
 * Runs autocannon against the save route. Segments wait in a queue; a request takes the first one and puts it
 * back with its new version when answered, so each in-flight request (pipelining 1) has a segment to itself.
 */
async function saveLoad(base: string, authorization: string, free: Slot[], connections: number, duration: number): Promise<LoadResult> {
  if (free.length < connections * 2) throw new Error(`${free.length} segments are too few for ${connections} connections`);
  let n = 0;
  const phaseStart = performance.now();
  /** The slowest requests as the bench timed them (setupRequest to onResponse), with when they started. */
  const slowest: { ms: number; at: number; slot: number }[] = [];
  /** Every request's start (ms into the phase) and time, and when each connection had its first answer. */
  const timed: { at: number; ms: number }[] = [];
  const firstAnswers = new Set<object>();
  let allOpenAt = Infinity;
  let ok = 0;
  let conflicts = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    pipelining: 1,
    // Long enough that slow saves are measured (in the percentiles) rather than dropped as timeouts.
    timeout: TIMEOUT_S,
    headers: { authorization, 'content-type': 'application/json' },
    requests: [
      {
        method: 'PUT',
        setupRequest: (req, context) => {
          const slot = free.shift()!;
          (context as { slot?: Slot; t0?: number }).slot = slot;
          (context as { t0?: number }).t0 = performance.now();
          return {
            ...req,
            path: `/api/segments/${slot.id}/translations/en`,
            body: JSON.stringify({ text: `Load test save ${++n}`, version: slot.version }),
          };
        },
        onResponse: (status, body, context) => {
          const slot = (context as { slot: Slot }).slot;
          const t0 = (context as { t0: number }).t0;
          const ms = performance.now() - t0;
          timed.push({ at: t0 - phaseStart, ms });
          if (!firstAnswers.has(context)) {
            firstAnswers.add(context);
            if (firstAnswers.size === connections) allOpenAt = performance.now() - phaseStart;
          }
          if (slowest.length < 5 || ms > slowest[slowest.length - 1]!.ms) {
            slowest.push({ ms, at: t0 - phaseStart, slot: slot.id });
            slowest.sort((a, b) => b.ms - a.ms);
            slowest.length = Math.min(slowest.length, 5);
          }
          if (status === 200) {
            ok++;
            slot.version = (JSON.parse(body) as { version: number }).version;
          } else if (status === 409) {
            conflicts++;
            slot.version = (JSON.parse(body) as { error: { current: { version: number } } }).error.current.version;
          }
          free.push(slot);
        },
      },
    ],
  });
  if (process.env.BENCH_SLOWEST)
    process.stderr.write(
      `${connections} connections, slowest requests: ${slowest.map((x) => `${x.ms.toFixed(0)} ms started at ${(x.at / 1000).toFixed(2)} s`).join('; ')}\n`,
    );
  const open = timed
    .filter((r) => r.at >= allOpenAt)
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  if (ok !== result['2xx']) throw new Error(`autocannon counted ${result['2xx']} 2xx, the bench ${ok} saves`);
  return {
    saves: ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    conflicts,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuPerSave: NaN,
    open: { p99: open[Math.floor(open.length * 0.99)] ?? NaN, max: open.at(-1) ?? NaN, n: open.length },
  };
}

/** One run on a fresh database: seed, start the server, 1 connection as the baseline, then the load. */
async function loadRun(
  url: string,
  opts: { connections: number; duration: number; baselineDuration: number; cpuProfDir?: string; showSql?: boolean },
) {
  const seeded = await seedLongest(url, ['en']);
  await seeded.db.$disconnect();
  const probe = path.join(os.tmpdir(), `bitext-load-probe-${process.pid}.json`);
  const server = await startServerChild(url, { probe, ...(opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}) });
  try {
    const pid = server.proc.pid!;
    const rest = procMemoryMiB(pid, 'VmRSS');
    const free: Slot[] = [];
    for (let offset = 0; offset < seeded.segments; offset += 500) {
      const res = await fetch(`${server.base}/api/documents/${seeded.documentId}/segments?lang=en&offset=${offset}&limit=500`, {
        headers: { authorization: seeded.authorization },
      });
      if (!res.ok) throw new Error(`segment listing: ${res.status}`);
      const page = (await res.json()) as { segments: { id: number; translatable: boolean; translation: { version: number } }[] };
      for (const s of page.segments) if (s.translatable) free.push({ id: s.id, version: s.translation.version });
    }
    await readProbe(server.proc, probe);
    const cpu0 = procCpuMs(pid);
    const single = await saveLoad(server.base, seeded.authorization, free, 1, opts.baselineDuration);
    const cpu1 = procCpuMs(pid);
    single.probe = await readProbe(server.proc, probe);
    const cpu1b = procCpuMs(pid);
    const load = await saveLoad(server.base, seeded.authorization, free, opts.connections, opts.duration);
    const cpu2 = procCpuMs(pid);
    load.probe = await readProbe(server.proc, probe);
    if (opts.showSql) {
      for (const q of load.probe.sql) process.stderr.write(`${q.n}× ${q.sum.toFixed(0)} ms (max ${q.max.toFixed(1)}) ${q.sql}\n`);
    }
    const peak = procMemoryMiB(pid, 'VmHWM');
    single.cpuPerSave = (cpu1 - cpu0) / single.saves;
    load.cpuPerSave = (cpu2 - cpu1b) / load.saves;
    return { single, load, rest, peak, article: seeded.article, translatable: free.length };
  } finally {
    await server.stop();
  }
}

/** The load section (and the server's memory figures), per database. */
export async function benchLoad(opts: {
  runs: number;
  targets: BenchDb[];
  connections?: number;
  duration?: number;
  baselineDuration?: number;
  /** Folder for a V8 CPU profile of each server (`--cpu-prof DIR`). */
  cpuProfDir?: string;
  /** Prints the statements that took longest under load to stderr (`--sql`). */
  showSql?: boolean;
}): Promise<{ section: Section; memory: Figure[]; memoryNotMeasured: string[] }> {
  const connections = opts.connections ?? 50;
  const duration = opts.duration ?? 30;
  const baselineDuration = opts.baselineDuration ?? 5;
  const figures: Figure[] = [];
  const memory: Figure[] = [];
  const notMeasured: string[] = [];
  const memoryNotMeasured: string[] = [];
  let about = 'the longest corpus article';
  const results = await forEachDb(opts.targets, async (target) => {
    const runs = [];
    for (let r = 0; r < opts.runs; r++)
      runs.push(
        await withDb(target, (url) =>
          loadRun(url, {
            connections,
            duration,
            baselineDuration,
            ...(opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}),
            showSql: opts.showSql ?? false,
          }),
        ),
      );
    return runs;
  });
  for (const res of results) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      memoryNotMeasured.push(`${res.label}: server not measured: ${res.reason}`);
      continue;
    }
    const runs = res.value;
    about = `\`${runs[0]!.article}\` (${runs[0]!.translatable} translatable segments)`;
    const l = res.label;
    const one = `${l}: 1 connection`;
    const many = `${l}: ${connections} connections`;
    const counts = (pick: (r: (typeof runs)[number]) => LoadResult) => {
      const sum = (f: (x: LoadResult) => number) => runs.reduce((a, r) => a + f(pick(r)), 0);
      return `${sum((x) => x.saves).toLocaleString('en-US')} saves; non-2xx ${sum((x) => x.non2xx)} (409: ${sum((x) => x.conflicts)}), errors ${sum((x) => x.errors)}, timeouts ${sum((x) => x.timeouts)} (all runs)`;
    };
    const maxNote = (pick: (r: (typeof runs)[number]) => LoadResult) =>
      `slowest save ${Math.round(Math.max(...runs.map((r) => pick(r).max))).toLocaleString('en-US')} ms`;
    figures.push(
      { label: `${one}, throughput`, unit: 'saves/s', samples: runs.map((r) => r.single.perSecond), note: counts((r) => r.single) },
      { label: `${one}, p50 latency`, unit: 'ms', samples: runs.map((r) => r.single.p50) },
      { label: `${one}, p99 latency`, unit: 'ms', samples: runs.map((r) => r.single.p99), note: maxNote((r) => r.single) },
      { label: `${one}, server CPU per save`, unit: 'ms', samples: runs.map((r) => r.single.cpuPerSave) },
      {
        label: `${many}, throughput`,
        unit: 'saves/s',
        samples: runs.map((r) => r.load.perSecond),
        baseline: `${one}, throughput`,
        note: counts((r) => r.load),
      },
      { label: `${many}, p50 latency`, unit: 'ms', samples: runs.map((r) => r.load.p50), baseline: `${one}, p50 latency` },
      {
        label: `${many}, p99 latency`,
        unit: 'ms',
        samples: runs.map((r) => r.load.p99),
        baseline: `${one}, p99 latency`,
        note: maxNote((r) => r.load),
      },
      {
        label: `${many}, p99 latency once all connections are open`,
        unit: 'ms',
        samples: runs.map((r) => r.load.open.p99),
        note: `slowest ${Math.round(Math.max(...runs.map((r) => r.load.open.max))).toLocaleString('en-US')} ms; ${runs.map((r) => r.load.open.n).join(' / ')} saves`,
      },
      {
        label: `${many}, server CPU per save`,
        unit: 'ms',
        samples: runs.map((r) => r.load.cpuPerSave),
        baseline: `${one}, server CPU per save`,
      },
    );
    // Where the waiting happens, measured inside the server (bench/loadProbe.mjs).
    for (const [label, pick] of [
      [one, (r: (typeof runs)[number]) => r.single],
      [many, (r: (typeof runs)[number]) => r.load],
    ] as const) {
      const probes = runs.map((r) => pick(r).probe).filter((p): p is ProbeReport => p !== undefined);
      if (probes.length === 0) continue;
      figures.push({
        label: `${label}, event-loop delay p99`,
        unit: 'ms',
        samples: probes.map((p) => p.loopDelay.p99),
        note: `max ${Math.round(Math.max(...probes.map((p) => p.loopDelay.max)))} ms`,
      });
      figures.push({
        label: `${label}, time in the server p99`,
        unit: 'ms',
        samples: probes.map((p) => p.served.p99),
        note: `request parsed to response finished; max ${Math.round(Math.max(...probes.map((p) => p.served.max)))} ms`,
      });
      if (probes.some((p) => p.txWait.n > 0)) {
        figures.push({
          label: `${label}, wait for the SQLite transaction lock p99`,
          unit: 'ms',
          samples: probes.map((p) => p.txWait.p99),
          note: `max ${Math.round(Math.max(...probes.map((p) => p.txWait.max)))} ms; transactions held p99 ${probes.map((p) => p.txHold.p99.toFixed(1)).join(' / ')} ms, ${probes.map((p) => p.txHold.n).join(' / ')} transactions`,
        });
      }
    }
    memory.push(
      { label: `${l}: server at rest after start`, unit: 'MiB', samples: runs.map((r) => r.rest), note: 'VmRSS' },
      {
        label: `${l}: server, peak while serving the load test`,
        unit: 'MiB',
        samples: runs.map((r) => r.peak),
        baseline: `${l}: server at rest after start`,
        note: 'VmHWM',
      },
    );
  }
  const section: Section = {
    title: 'Saves under load',
    how: `Per run: a fresh database with ${about}, an admin and an API token; \`bitext serve --port 0\` started as a child
process; autocannon (in the bench process, same machine) sends \`PUT /api/segments/:id/translations/en\` with
\`{text, version}\`, first with 1 connection for ${baselineDuration} s (the baseline), then with ${connections} connections
for ${duration} s. Segments wait in a queue: each request takes the first free segment and returns it with the version
from the response, so no two requests in flight edit the same segment and every save names the current version;
a 409 would be counted in the note, not retried. Throughput counts 2xx responses only; latencies are autocannon's
(all responses; a request unanswered after ${TIMEOUT_S} s counts as a timeout instead). *Server CPU per save*: user + system time of the server process (\`/proc/PID/stat\`) during the phase ÷
its successful saves, which other work on the machine barely changes. *Event-loop delay* and *wait for the SQLite
transaction lock* are measured inside the server by \`bench/loadProbe.mjs\` (preloaded with \`node --import\`; it only
times): the delay a ready callback waited for the JS thread (perf_hooks histogram), and the time a transaction waited
for the Prisma SQLite adapter's one connection (a mutex held from BEGIN to COMMIT). *Once all connections are open*: the requests sent after every connection had its first
answer, timed by the bench (a bare Node.js server takes new connections one per turn of a busy event loop, so the first
requests of 50 connections opened at once wait seconds; see docs/performance.md). *Time in the server*: from the
parsed request to the finished response, inside the server. Baseline: the same server with 1 connection.`,
    figures,
    notMeasured,
  };
  return { section, memory, memoryNotMeasured };
}

if (isMain(import.meta.url)) {
  const duration = Number(flag(process.argv, 'duration') ?? 30);
  const { section, memory, memoryNotMeasured } = await benchLoad({
    ...standaloneOptions(process.argv, 3),
    connections: Number(flag(process.argv, 'connections') ?? 50),
    duration,
    baselineDuration: Math.min(5, duration),
    ...(flag(process.argv, 'cpu-prof') ? { cpuProfDir: path.resolve(flag(process.argv, 'cpu-prof')!) } : {}),
    showSql: process.argv.includes('--sql'),
  });
  printSection({ figures: [...section.figures, ...memory], notMeasured: [...section.notMeasured, ...memoryNotMeasured] });
}
