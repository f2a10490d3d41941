/**
 * Parsing import files in a worker thread: an import job decodes and segments its next batch of files there while
 * the importing thread saves the previous batch, so the two run on two cores (on the 85 MB archive parsing is about
 * 5 s of CPU and saving about as much). The worker loads only the parser (src/services/importParse.ts, no database
 * module) and its heap is capped (`resourceLimits`); if it dies (out of memory on a huge file, a failed start), the
 * caller parses on its own thread instead.
 */
import { Worker } from 'node:worker_threads';
import type { FormatChoice } from '../domain/formatDetect.js';
import type { FileBytes, ParsedFile, ParseRefusal } from './importParse.js';
import { tsxApi } from './offThread.js';

/** One file's outcome in the worker: parsed, or refused (an AppError's fields). */
export type ParseResult = { parsed: ParsedFile } | { refused: ParseRefusal };

/** The worker died or could not start: the caller parses on its own thread instead. */
export class ParseWorkerLost extends Error {}

/**
 * Heap limits of the worker, in MiB: a batch is at most 1 MB of files (one longer file alone), parsed file by file.
 * On the 85 MB archive 96 MiB instead of 48 MiB of old generation cost about 25 MiB more peak RSS and no less time.
 */
export const PARSE_WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

// The worker imports the parser itself: through tsx when the sources are TypeScript (tsx, vitest).
const parseModule = new URL(`./importParse.${tsxApi ? 'ts' : 'js'}`, import.meta.url).href;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = (workerData.tsxApi ? import(workerData.tsxApi).then((m) => m.register()) : Promise.resolve()).then(() => import(workerData.parseModule));
parentPort.on('message', async ({ id, files, maxBytes, choice }) => {
  try {
    const { parseFiles } = await ready;
    parentPort.postMessage({ id, results: parseFiles(files, maxBytes, choice) });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.stack) || err) });
  }
});
`;

/** A worker thread that parses batches of files, one request after another. */
export class ParseWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: ParseResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private lost: Error | undefined;

  /** Starts the worker; `limits` caps its heap (a worker out of memory dies alone, see {@link ParseWorkerLost}). */
  constructor(limits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } = PARSE_WORKER_LIMITS) {
    this.worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { parseModule, tsxApi },
      resourceLimits: limits,
    });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; results?: ParseResult[]; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.settled();
      if (m.error !== undefined) p.reject(new Error(`import parser: ${m.error}`));
      else p.resolve(m.results!);
    });
    const fail = (why: string) => {
      this.lost ??= new ParseWorkerLost(`import parser worker ${why}`);
      for (const p of this.pending.values()) p.reject(this.lost);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(`failed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`exited (${code})`));
  }

  /** Decodes and segments files in the worker (as `parseFiles`); rejects with {@link ParseWorkerLost} if the worker dies. */
  parse(files: readonly FileBytes[], maxBytes: number, choice: FormatChoice): Promise<ParseResult[]> {
    if (this.lost) return Promise.reject(this.lost);
    const id = ++this.nextId;
    return new Promise<ParseResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Holds the process while a request is pending (the worker is unref'd when idle).
      this.worker.ref();
      this.worker.postMessage({ id, files: files.map((f) => ({ name: f.name, bytes: f.bytes })), maxBytes, choice });
    });
  }

  private settled(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
