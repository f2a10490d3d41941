/**
 * WAL checkpoints of a SQLite database off the main thread. SQLite copies the write-ahead log back into the database
 * file (a checkpoint) when a commit makes it pass 1000 pages, synchronously in the connection that committed: in the
 * server that is the one JavaScript thread, and under 50 saving editors such a COMMIT took up to 46 ms (118 ms under
 * the profiler; bench/load.ts), every request waiting meanwhile. Here a worker thread with its own connection
 * checkpoints (PASSIVE: it never waits for, nor blocks, the server's reads and writes) every 100 ms, and the server's
 * connection stops checkpointing on commit while the worker runs.
 *
 * A checkpoint only lets SQLite start the log again from its beginning when it copied every frame, and under a steady
 * stream of saves new frames arrive while the worker copies: the log grew without end (400 MB in 40 s of
 * bench/load.ts). So when the log has passed {@link FINISH_AT_PAGES}, the worker asks the server's connection to
 * finish: a checkpoint there copies only the frames written since the worker's (no write can come in between), and the
 * next commit starts the log again.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints, in ms. */
const INTERVAL_MS = 100;
/** Log size (pages) from which the worker asks the server's connection to finish a checkpoint (SQLite's default limit). */
const FINISH_AT_PAGES = 1000;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log >= workerData.finishAt) parentPort.postMessage('finish');
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
 * connection's automatic checkpoints off then), `onFinish` when the log is long (checkpoint on the main connection:
 * see the module comment), `onExit` if the worker ends on its own (an error: turn them back on).
 */
export function startCheckpointer(
  file: string,
  hooks: { onReady: () => Promise<void>; onFinish: () => Promise<void>; onExit: (err?: Error) => Promise<void> },
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { file, driver, intervalMs: INTERVAL_MS, finishAt: FINISH_AT_PAGES } });
  let stopping = false;
  let failure: Error | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let finishing = false;
  worker.on('message', (m: unknown) => {
    if (m === 'ready') {
      // Referenced until it is ready (something may be waiting for `ready`), never after: it must not keep a process alive.
      worker.unref();
      void hooks.onReady().finally(markReady);
    } else if (m === 'finish' && !finishing && !stopping) {
      finishing = true;
      void hooks
        .onFinish()
        .catch(() => undefined)
        .finally(() => (finishing = false));
    }
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
