/**
 * CPU of an editor save in process: the longest fixture article on a fresh database, then N saves through the
 * service the API calls (saveFromEditor), as drafts and as confirmed translations (these also write the memory),
 * each on another segment. Reports process CPU time (user + system, process.cpuUsage) per save, which on SQLite
 * includes the database's work (better-sqlite3 runs in this thread), and the SQL statements per save (counted at
 * the driver adapter, SQLite only; BEGIN and COMMIT not included). Measures what PUT /api/segments/:id/translations/:lang
 * does without HTTP: the access check, then the save. BENCH_SQL=1 prints every statement; BENCH_SAVE_PROFILE=file.cpuprofile
 * writes a CPU profile of the measured saves.
 *
 *   npx tsx bench/save.ts [runs=3] [--saves 200] [--pg postgres://…]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { flag, forEachDb, isMain, printSection, standaloneOptions, withDb, type BenchDb } from './common.js';
import type { Figure, Section } from './report.js';
import { seedLongest } from './seed.js';
import { saveFromEditor } from '../src/services/editorService.js';
import { segmentForSave } from '../src/services/auth/authService.js';
import type { AuthUser } from '../src/db/users.js';
import { watchDirectStatements } from '../src/db/direct.js';
import { checkpointInBackground } from '../src/db/client.js';

let statements = 0;
/** Time per statement text of the direct statements (src/db/direct.ts), printed with BENCH_SQL_TIME=1. */
const timing = new Map<string, { n: number; ms: number }>();

/** Counts the statements of every SQLite adapter connected from now on (and of its transactions). */
function countStatements(): void {
  const proto = PrismaBetterSqlite3.prototype as unknown as { connect(): Promise<Record<string, unknown>>; __counted?: boolean };
  if (proto.__counted) return;
  proto.__counted = true;
  // The save path's statements on SQLite bypass the adapter (src/db/direct.ts): counted there (BEGIN not, as here).
  watchDirectStatements((sql, ms) => {
    if (sql.startsWith('BEGIN')) return;
    statements++;
    if (process.env.BENCH_SQL) console.log(sql.slice(0, 200));
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 120);
    const t = timing.get(key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += ms;
    timing.set(key, t);
  });
  const connect = proto.connect;
  const counted = (target: Record<string, unknown>, method: string) => {
    const f = (target[method] as (q: unknown) => Promise<unknown>).bind(target);
    target[method] = (q: unknown) => {
      statements++;
      if (process.env.BENCH_SQL) console.log((q as { sql: string }).sql.slice(0, 200));
      return f(q);
    };
  };
  proto.connect = async function countedConnect(this: unknown) {
    const adapter = await connect.call(this);
    counted(adapter, 'queryRaw');
    counted(adapter, 'executeRaw');
    const start = (adapter.startTransaction as (l?: unknown) => Promise<Record<string, unknown>>).bind(adapter);
    adapter.startTransaction = async (level?: unknown) => {
      const tx = await start(level);
      counted(tx, 'queryRaw');
      counted(tx, 'executeRaw');
      return tx;
    };
    return adapter;
  };
}

/** CPU ms and statements per save of one run: drafts, then confirmations of the same segments. */
export async function measureSaves(target: BenchDb, saves: number) {
  return withDb(target, async (url) => {
    const seeded = await seedLongest(url, ['en']);
    const { db } = seeded;
    // As `bitext serve` does (src/web/server.ts): WAL checkpoints in a worker thread, none inside a commit.
    const checkpointer = checkpointInBackground(db, (line) => process.stderr.write(line));
    await checkpointer?.ready;
    try {
      const row = await db.user.findFirstOrThrow({ where: { name: 'bench' }, select: { id: true, name: true, role: true } });
      const user = row as AuthUser;
      const segments = (
        await db.segment.findMany({
          where: { documentId: seeded.documentId, translatable: true },
          orderBy: { index: 'asc' },
          select: { id: true },
        })
      ).map((s) => s.id);
      const versions = new Map<number, number>();
      const save = async (segmentId: number, k: number, status?: 'translated') => {
        // As PUT /api/segments/:id/translations/:lang does: the access check, then the save.
        const segment = await segmentForSave(db, user, segmentId);
        const text = `Saved text ${k} of segment ${segmentId}`;
        const saved = await saveFromEditor(db, {
          segmentId,
          lang: 'en',
          text,
          version: versions.get(segmentId) ?? 0,
          user,
          segment,
          ...(status ? { status } : {}),
        });
        versions.set(segmentId, saved.version);
      };
      // Warm-up (query plans, caches, JIT) on segments the measured saves do not touch.
      const warm = segments.slice(-20);
      for (const [k, id] of warm.entries()) await save(id, k);
      for (const [k, id] of warm.entries()) await save(id, k, 'translated');
      const ids = Array.from({ length: saves }, (_, k) => segments[k % (segments.length - warm.length)]!);
      const phase = async (status?: 'translated') => {
        const n0 = statements;
        const c0 = process.cpuUsage();
        for (const [k, id] of ids.entries()) await save(id, k, status);
        const c = process.cpuUsage(c0);
        return { cpuMs: (c.user + c.system) / 1000 / saves, statements: (statements - n0) / saves };
      };
      const profile = process.env.BENCH_SAVE_PROFILE;
      const session = profile ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const out = { draft: await phase(), confirmed: await phase('translated') };
      if (session && profile) {
        const { profile: data } = await session.post('Profiler.stop');
        writeFileSync(profile, JSON.stringify(data));
        session.disconnect();
      }
      return out;
    } finally {
      await checkpointer?.stop();
      await db.$disconnect();
    }
  });
}

/** The section of RESULTS.md: CPU per draft and per confirmed save, per database. */
export async function benchSave(opts: { runs: number; targets: BenchDb[]; saves?: number }): Promise<Section> {
  const saves = opts.saves ?? 200;
  countStatements();
  const figures: Figure[] = [];
  const notMeasured: string[] = [];
  for (const r of await forEachDb(opts.targets, async (target) => {
    const out = [];
    for (let i = 0; i < opts.runs; i++) out.push(await measureSaves(target, saves));
    return out;
  })) {
    if (!r.ok) {
      notMeasured.push(`${r.label}: not measured: ${r.reason}`);
      continue;
    }
    const sql = r.label === 'SQLite';
    for (const kind of ['draft', 'confirmed'] as const) {
      figures.push({
        label: `${r.label}: CPU per ${kind} save`,
        unit: 'ms',
        samples: r.value.map((v) => v[kind].cpuMs),
        ...(sql ? { note: `${r.value[0]![kind].statements.toFixed(1)} statements per save` } : {}),
      });
    }
  }
  return {
    title: 'Editor saves in process',
    how: `The longest fixture article on a fresh database; ${saves} saves through the service PUT /api/segments/:id/translations/:lang
calls (the access check, then \`saveFromEditor\`), each on another segment: first as drafts (mostly first saves), then
confirmed (these also write the memory). Process CPU time (user + system) per save, which on SQLite includes the
database's work; SQL statements per save counted at the driver adapter and on the direct path of src/db/direct.ts (SQLite;
COMMIT included, BEGIN not).`,
    figures,
    notMeasured,
  };
}

if (isMain(import.meta.url)) {
  const { runs, targets } = standaloneOptions(process.argv, 3);
  printSection(await benchSave({ runs, targets, saves: Number(flag(process.argv, 'saves') ?? 200) }));
  if (process.env.BENCH_SQL_TIME) {
    for (const [sql, t] of [...timing].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
      process.stderr.write(`${t.n}× ${t.ms.toFixed(0)} ms (${((1000 * t.ms) / t.n).toFixed(0)} µs each) ${sql}\n`);
  }
}
