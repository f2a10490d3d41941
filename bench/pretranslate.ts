/**
 * Pretranslation benchmark: drafts all of test/fixtures/corpus/ into en and ru through the real deepl-node
 * client against the local DeepL stub answering each request after a fixed latency, with 1, 4 and 8
 * requests in flight, into a fresh database per run. Measures texts sent per second against the
 * theoretical maximum (in flight × 50 texts per request ÷ latency), and checks that the characters billed
 * equal the floor (unique translatable characters, once per language).
 *
 * It also says what limits the rate: how busy bitext's main thread was (event-loop utilisation), the
 * round trip the client saw against the stub's latency (the excess is time the answer waited for the
 * main thread), CPU per 1,000 texts, and, from one more run with every database statement timed, the
 * time spent planning and in the database per batch. The stub runs in a process of its own
 * (bench/deeplStubProcess.ts), so its own work does not count against the run.
 *
 *   npx tsx bench/pretranslate.ts [runs=3] [--latency 150] [--concurrency 1,4,8] [--pg postgres://…] [--cpu-prof FILE]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/client.js';
import { createDeepLProvider } from '../src/mt/deepl.js';
import type { MtProvider } from '../src/mt/types.js';
import { importFiles } from '../src/services/importService.js';
import { estimatePretranslation } from '../src/services/pretranslate/estimate.js';
import { pretranslate } from '../src/services/pretranslate/run.js';
import { MAX_TEXTS } from '../test/mt/deeplStub.js';
import { corpusFiles, flag, forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import { startStubProcess } from './deeplStubProcess.js';
import { median, type Figure, type Section } from './report.js';

const LANGS = ['en', 'ru'];
const STUB_LATENCY = 'stub latency';
const PROFILE_OUT = flag(process.argv, 'cpu-prof');

/** One run's outcome. */
interface PretranslateRun {
  seconds: number;
  texts: number;
  written: number;
  requests: number;
  billed: number;
  floor: number;
  maxInFlight: number;
  /** Event-loop utilisation of the run (0–1): how busy the main thread was. */
  busy: number;
  /** Mean request round trip as the client saw it, in ms. */
  roundTripMs: number;
  /** Process CPU time (user + system) of the run, in ms. */
  cpuMs: number;
  /** Time of the plan alone (the estimate), in ms. */
  planMs: number;
  /** From the start of the run to its first request, in ms (a run sends while it still plans). */
  firstRequestMs: number;
  /** From the last answer to the end of the run, in ms (storing the last drafts, closing the run). */
  afterLastAnswerMs: number;
  /** With `profile`: where the main thread's time went. */
  shares?: TimeShares;
}

/** Where the main thread's time went during a run, from a CPU profile: share (0–1) per area. */
export type TimeShares = Record<'database' | 'http' | 'markdown' | 'gc' | 'idle' | 'other', number>;

const NATIVE_DB = new Set(['run', 'all', 'get', 'iterate', 'Statement', 'bind', 'prepare', 'exec', 'raw', 'columns']);

/** The area a profile frame belongs to, by its script URL or function name. */
export function areaOf(url: string, functionName: string): keyof TimeShares {
  if (functionName === '(garbage collector)') return 'gc';
  // `dispatch` is the inspector's own Profiler.stop at the end of the profile.
  if (functionName === '(idle)' || functionName === '(program)' || functionName === 'dispatch') return 'idle';
  // Native functions have no URL: better-sqlite3's statements, the socket writes of requests.
  if (url === '' && NATIVE_DB.has(functionName)) return 'database';
  if (url === '' && /^write|^writev$/.test(functionName)) return 'http';
  if (/@prisma|better-sqlite3|\/pg(-[a-z]+)?\/|\/src\/db\/|^wasm:/.test(url)) return 'database';
  if (/axios|deepl-node|follow-redirects|form-data|node:(internal\/)?(url|querystring|http|https|net|_http|stream|zlib)/.test(url))
    return 'http';
  if (/micromark|mdast|markdown-it|\/src\/domain\//.test(url)) return 'markdown';
  return 'other';
}

/** Sums a CPU profile's samples by {@link areaOf}. */
function sharesOf(profile: {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}): TimeShares {
  const area = new Map(profile.nodes.map((n) => [n.id, areaOf(n.callFrame.url, n.callFrame.functionName)]));
  const out: TimeShares = { database: 0, http: 0, markdown: 0, gc: 0, idle: 0, other: 0 };
  let total = 0;
  (profile.samples ?? []).forEach((id, k) => {
    const dt = profile.timeDeltas?.[k] ?? 0;
    out[area.get(id) ?? 'other'] += dt;
    total += dt;
  });
  for (const key of Object.keys(out) as (keyof TimeShares)[]) out[key] = total > 0 ? out[key] / total : 0;
  return out;
}

/** Imports the corpus into `url`, then pretranslates it once against a stub with `latencyMs` per request. */
async function pretranslateOnce(url: string, latencyMs: number, concurrency: number, profile = false): Promise<PretranslateRun> {
  const db = await openDatabase(url);
  const stub = await startStubProcess(latencyMs);
  try {
    const report = await importFiles(db, corpusFiles(), { project: 'bench', sourceLang: 'zh', targetLangs: LANGS, maxBytes: 1e9 });
    if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
    const deepl = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url });
    let roundTrips = 0;
    let roundTripMs = 0;
    let firstRequestAt: number | undefined;
    let lastAnswerAt = 0;
    const provider: MtProvider = {
      name: deepl.name,
      limits: deepl.limits,
      translateBatch: async (req, signal) => {
        const t = performance.now();
        firstRequestAt ??= t;
        try {
          return await deepl.translateBatch(req, signal);
        } finally {
          roundTrips++;
          lastAnswerAt = performance.now();
          roundTripMs += lastAnswerAt - t;
        }
      },
    };
    const scope = { projectName: 'bench' } as const;
    const tPlan = performance.now();
    const floor = (await estimatePretranslation(db, { scope, langs: LANGS, provider, pricePerMillion: 20 })).characters;
    const planMs = performance.now() - tPlan;
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await pretranslate(db, { provider, scope, langs: LANGS, concurrency });
    const tEnd = performance.now();
    const seconds = (tEnd - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const busy = performance.eventLoopUtilization(elu0).utilization;
    const cpuProfile = session ? (await session.post('Profiler.stop')).profile : undefined;
    // --cpu-prof FILE keeps the diagnosis run's profile (open it in Chrome DevTools).
    if (cpuProfile && PROFILE_OUT)
      writeFileSync(PROFILE_OUT.replace(/(\.cpuprofile)?$/, `-${concurrency}.cpuprofile`), JSON.stringify(cpuProfile));
    const shares = cpuProfile ? sharesOf(cpuProfile) : undefined;
    session?.disconnect();
    if (!summary.complete) throw new Error(`pretranslation incomplete: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    return {
      seconds,
      texts: summary.texts,
      written: summary.drafted + summary.tmReused,
      requests: summary.requests,
      billed: summary.billedCharacters,
      floor,
      maxInFlight: (await stub.stats()).maxInFlight,
      busy,
      roundTripMs: roundTripMs / Math.max(1, roundTrips),
      cpuMs: (cpu.user + cpu.system) / 1000,
      planMs,
      firstRequestMs: (firstRequestAt ?? t0) - t0,
      afterLastAnswerMs: tEnd - Math.max(lastAnswerAt, t0),
      ...(shares ? { shares } : {}),
    };
  } finally {
    await stub.close();
    await db.$disconnect();
  }
}

const AREA_NAMES: Record<keyof TimeShares, string> = {
  database: 'database (Prisma, driver)',
  http: 'HTTP client (deepl-node, axios, form encoding)',
  markdown: 'Markdown and tags (planning, drafting)',
  gc: 'garbage collection',
  idle: 'idle',
  other: 'other JavaScript',
};

/**
 * What limited a run: the main thread when it was busy nearly all the time (then the areas of its CPU
 * profile, largest first); otherwise the provider's latency, with what stretched it: the rounds of
 * requests at the round trip the client saw (latency plus the time answers waited for the main
 * thread) and the planning before the first request.
 */
export function limitOf(
  r: {
    busy: number;
    roundTripMs: number;
    shares: TimeShares;
    requests: number;
    concurrency: number;
    firstRequestMs: number;
    afterLastAnswerMs: number;
    seconds: number;
  },
  latencyMs: number,
): string {
  const areas = (Object.entries(r.shares) as [keyof TimeShares, number][])
    .filter(([k, v]) => k !== 'idle' && v >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${AREA_NAMES[k]} ${Math.round(v * 100)}%`)
    .join(', ');
  const rounds = Math.ceil(r.requests / r.concurrency);
  const wait = Math.max(0, Math.round(r.roundTripMs - latencyMs));
  if (r.busy >= 0.9) {
    return `the main thread (${Math.round(r.busy * 100)}% busy, round trip ${Math.round(r.roundTripMs)} ms for ${latencyMs} ms of latency; profile: ${areas})`;
  }
  return (
    `the provider's latency (${Math.round(r.busy * 100)}% busy): ${rounds} rounds of requests at ${Math.round(r.roundTripMs)} ms ` +
    `(${latencyMs} ms latency + ${wait} ms waiting for the main thread), ${Math.round(r.firstRequestMs)} ms before the first request (planning the first batches, recording the run) ` +
    `and ${Math.round(r.afterLastAnswerMs)} ms after the last answer (storing, closing the run), ` +
    `of ${Math.round(r.seconds * 1000)} ms; profile: ${areas}`
  );
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
  figures.push({ label: STUB_LATENCY, unit: 'ms', samples: [latencyMs], note: 'what the stub waits before answering' });
  const notMeasured: string[] = [];
  let about = '';
  const results = await forEachDb(opts.targets, async (target) => {
    const byConcurrency = new Map<number, { runs: PretranslateRun[]; diagnosis: PretranslateRun }>();
    for (const c of concurrencies) {
      const runs: PretranslateRun[] = [];
      for (let r = 0; r < opts.runs; r++) runs.push(await withDb(target, (url) => pretranslateOnce(url, latencyMs, c)));
      const diagnosis = await withDb(target, (url) => pretranslateOnce(url, latencyMs, c, true));
      byConcurrency.set(c, { runs, diagnosis });
    }
    return byConcurrency;
  });
  for (const res of results) {
    if (!res.ok) {
      notMeasured.push(`${res.label}: not measured: ${res.reason}`);
      continue;
    }
    for (const [c, { runs, diagnosis }] of res.value) {
      const first = runs[0]!;
      const limit = limitOf(
        {
          busy: median(runs.map((r) => r.busy)),
          roundTripMs: median(runs.map((r) => r.roundTripMs)),
          shares: diagnosis.shares!,
          requests: first.requests,
          concurrency: c,
          firstRequestMs: median(runs.map((r) => r.firstRequestMs)),
          afterLastAnswerMs: median(runs.map((r) => r.afterLastAnswerMs)),
          seconds: median(runs.map((r) => r.seconds)),
        },
        latencyMs,
      );
      process.stderr.write(`pretranslate ${res.label}, ${c} in flight: ${limit}\n`);
      about = `${first.texts} unique texts (${first.written} segment translations) in ${first.requests} requests, ${(first.texts / first.requests).toFixed(1)} texts a request`;
      const billing = runs.every((r) => r.billed === r.floor) ? 'billed = floor' : `billed ${first.billed} ≠ floor ${first.floor}`;
      figures.push(
        {
          label: `${res.label}: ${c} in flight, texts sent`,
          unit: 'texts/s',
          samples: runs.map((r) => r.texts / r.seconds),
          baseline: max(c),
          note: `max in flight seen ${Math.max(...runs.map((r) => r.maxInFlight))}; ${billing}; limit: ${limit}`,
        },
        {
          label: `${res.label}: ${c} in flight, main thread busy`,
          unit: '%',
          samples: runs.map((r) => r.busy * 100),
          note: 'event-loop utilisation during the run',
        },
        {
          label: `${res.label}: ${c} in flight, request round trip seen by bitext`,
          unit: 'ms',
          samples: runs.map((r) => r.roundTripMs),
          baseline: STUB_LATENCY,
          note: 'above 1 × latency: answers waited for the main thread',
        },
        {
          label: `${res.label}: ${c} in flight, CPU per 1,000 texts`,
          unit: 'ms',
          samples: runs.map((r) => (r.cpuMs / r.texts) * 1000),
          note: 'user + system time of the process',
        },
        {
          label: `${res.label}: ${c} in flight, planning`,
          unit: 'ms',
          samples: runs.map((r) => r.planMs),
          note: 'the plan alone (an estimate), before the first request of a run',
        },
        {
          label: `${res.label}: ${c} in flight, first request`,
          unit: 'ms',
          samples: runs.map((r) => r.firstRequestMs),
          note: 'from the start of the run; the run sends its first batches while it plans the rest',
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
\`pretranslate\` through the real deepl-node client against the local DeepL stub (\`test/mt/deeplStub.ts\`, in a process of its own:
\`bench/deeplStubProcess.ts\`), which answers every translate request after ${latencyMs} ms. ${about ? `Per run: ${about}.` : ''} *Texts sent* counts the unique
texts sent to MT per second of the run (storing included); *segment translations written* also counts the duplicates
filled from them. Baseline: the theoretical maximum, in flight × ${MAX_TEXTS} texts per request ÷ latency; requests
carry consecutive paragraphs of one document, so short articles give requests of fewer than ${MAX_TEXTS} texts.
*Limit* (in the note) says what held the rate back: the main thread when it was busy ≥ 90% of the run (*main thread
busy*, event-loop utilisation; the *round trip seen by bitext* then exceeds the stub's latency by the time answers
waited for it), with where its time went, from a CPU profile of one more run (database, HTTP client, Markdown and tags, garbage
collection); otherwise the provider's latency.`,
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
