/**
 * Measuring probe for bench/load.ts, preloaded into the `bitext serve` child (`node --import`): it never changes
 * what the server does, only times it. On SIGUSR2 it writes what it measured since the last SIGUSR2 to the file
 * named by BENCH_PROBE_OUT (JSON) and starts again:
 * - event-loop delay (perf_hooks histogram, 10 ms resolution): how long ready work waited for the one JS thread;
 * - SQLite transactions: the Prisma adapter holds one connection and a mutex per transaction, so a transaction
 *   open across awaits makes every other transaction wait: time waited for the mutex and time it was held.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

const out = process.env.BENCH_PROBE_OUT;
let loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let waits = [];
let holds = [];
/** Time from a request's arrival (headers parsed) to its response being finished, as the server sees it. */
let served = [];
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function probedEmit(event, req, res) {
  if (event === 'request') {
    const t0 = performance.now();
    res.once('finish', () => served.push(performance.now() - t0));
  }
  return emit.apply(this, arguments);
};
/** Time per SQL statement text (synchronous in better-sqlite3: it blocks the event loop). */
let sql = new Map();

function timed(target, method) {
  const f = target[method].bind(target);
  target[method] = async (query) => {
    const t0 = performance.now();
    try {
      return await f(query);
    } finally {
      const d = performance.now() - t0;
      const k = query.sql.slice(0, 160);
      const e = sql.get(k) ?? { n: 0, sum: 0, max: 0 };
      e.n++;
      e.sum += d;
      e.max = Math.max(e.max, d);
      sql.set(k, e);
    }
  };
}

const connect = PrismaBetterSqlite3.prototype.connect;
PrismaBetterSqlite3.prototype.connect = async function probedConnect() {
  const adapter = await connect.call(this);
  timed(adapter, 'queryRaw');
  timed(adapter, 'executeRaw');
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (level) => {
    const t0 = performance.now();
    const tx = await start(level);
    const t1 = performance.now();
    waits.push(t1 - t0);
    timed(tx, 'queryRaw');
    timed(tx, 'executeRaw');
    for (const end of ['commit', 'rollback']) {
      const f = tx[end].bind(tx);
      tx[end] = () => {
        holds.push(performance.now() - t1);
        return f();
      };
    }
    return tx;
  };
  return adapter;
};

const pct = (xs, p) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (xs) => ({
  n: xs.length,
  p50: pct(xs, 50),
  p99: pct(xs, 99),
  max: xs.length ? Math.max(...xs) : 0,
  sum: xs.reduce((a, b) => a + b, 0),
});

process.on('SIGUSR2', () => {
  const ms = (ns) => ns / 1e6;
  const report = {
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    txWait: summary(waits),
    txHold: summary(holds),
    served: summary(served),
    sql: [...sql]
      .sort((a, b) => b[1].sum - a[1].sum)
      .slice(0, 12)
      .map(([k, v]) => ({ sql: k, ...v })),
  };
  if (out) writeFileSync(out, JSON.stringify(report));
  loop.disable();
  loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  waits = [];
  holds = [];
  served = [];
  sql = new Map();
});
