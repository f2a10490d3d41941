/**
 * WAL checkpoints of a SQLite database off the main thread. SQLite copies the write-ahead log back into the database
 * file (a checkpoint) when a commit makes it pass 1000 pages, synchronously in the connection that committed: in the
 * server that is the one JavaScript thread, and under 50 saving editors it stalled every request for 50–120 ms about
 * every 100 saves (bench/load.ts: COMMIT's slowest statement). Here a worker thread with its own connection
 * checkpoints (PASSIVE: it never waits for, nor blocks, the server's reads and writes) every few hundred milliseconds,
 * and the server's connection stops checkpointing while the worker runs.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints, in ms. */
const INTERVAL_MS = 250;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another checkpoint, e.g. another process's): the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/** A running checkpointer; `stop` ends the worker and closes its connection. */
export interface Checkpointer {
  /** Resolves once the worker's connection is open and `onReady` has run. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` in a worker thread. `onReady` runs once the worker's connection is open (turn the main
 * connection's automatic checkpoints off then), `onExit` if the worker ends on its own (an error: turn them back on).
 */
export function startCheckpointer(
  file: string,
  hooks: { onReady: () => Promise<void>; onExit: (err?: Error) => Promise<void> },
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { file, driver, intervalMs: INTERVAL_MS } });
  let stopping = false;
  let failure: Error | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.once('message', () => {
    // Referenced until it is ready (something may be waiting for `ready`), never after: it must not keep a process alive.
    worker.unref();
    void hooks.onReady().finally(markReady);
  });
  worker.on('error', (err) => (failure = err));
  worker.once('exit', () => {
    if (!stopping) void hooks.onExit(failure);
  });
  return {
    ready,
    async stop() {
      stopping = true;
      // Referenced while stopping: the caller waits for the worker's exit.
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
