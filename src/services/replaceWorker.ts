/**
 * Find and replace planning off the main thread. User patterns already run on RE2 (linear time, see
 * src/domain/userPattern.ts), but linear in a 100,000-character translation times a 2,000-instruction pattern
 * is still seconds of work: done on the event loop, every other request (and `/healthz`) would wait for it.
 * So the plan is made in a worker thread with a time budget; past it the worker is stopped and the request
 * gets a 400 naming the pattern. One worker serves the process, one plan at a time, and does not keep the
 * process alive while idle.
 */
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../domain/errors.js';
import { domainModuleUrl, tsxApi } from './offThread.js';
import { compileFind, type ReplaceCandidate, type ReplaceOptions, type ReplacePlan } from '../domain/replace.js';

/** Longest a plan may take before the pattern is refused as too slow for the document, in milliseconds. */
export const REPLACE_TIME_BUDGET_MS = 5_000;

const domainModule = domainModuleUrl('replace');

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = (workerData.tsxApi ? import(workerData.tsxApi).then((m) => m.register()) : Promise.resolve()).then(() => import(workerData.domainModule));
ready.then(() => parentPort.postMessage({ ready: true }), (err) => parentPort.postMessage({ ready: false, error: String((err && err.stack) || err) }));
parentPort.on('message', async ({ id, candidates, options }) => {
  try {
    const { planReplace } = await ready;
    parentPort.postMessage({ id, plan: planReplace(candidates, options) });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.stack) || err) });
  }
});
`;

/** The worker and the moment it has loaded the domain module (the time budget starts after it). */
interface Running {
  w: Worker;
  ready: Promise<void>;
}

let worker: Running | undefined;
let nextId = 0;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Running {
  const w = new Worker(WORKER_CODE, { eval: true, workerData: { domainModule, tsxApi } });
  const forget = () => {
    if (worker?.w === w) worker = undefined;
  };
  w.on('error', forget);
  w.on('exit', forget);
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: { ready?: boolean; error?: string }) => {
      if (m.ready === undefined) return;
      w.off('message', onMessage);
      w.unref();
      if (m.ready) resolve();
      else reject(new Error(`find and replace worker: ${m.error}`));
    };
    w.on('message', onMessage);
    w.once('error', reject);
  });
  // Loading holds the process until the worker is ready (or failed), then the worker no longer does.
  ready.catch(forget);
  return { w, ready };
}

/** Starts the worker ahead of the first find and replace (the server does it at start; loading takes a moment). */
export function warmReplaceWorker(): void {
  worker ??= startWorker();
}

/** One plan in the worker, or a refusal when it takes longer than `budgetMs`. */
async function runInWorker(candidates: readonly ReplaceCandidate[], options: ReplaceOptions, budgetMs: number): Promise<ReplacePlan> {
  const running = (worker ??= startWorker());
  await running.ready;
  const w = running.w;
  const id = ++nextId;
  return new Promise<ReplacePlan>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
      w.unref();
    };
    const onMessage = (m: { id: number; plan?: ReplacePlan; error?: string }) => {
      if (m.id !== id) return;
      done();
      if (m.error !== undefined) reject(new Error(`find and replace worker: ${m.error}`));
      else resolve(m.plan!);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`find and replace worker exited (${code})`));
    };
    const timer = setTimeout(() => {
      done();
      if (worker === running) worker = undefined;
      void w.terminate();
      const find = options.find;
      reject(
        new ValidationError(
          `find: "${find}" took over ${budgetMs / 1000} s on this document; use a simpler pattern`,
          { field: 'find', value: find },
          'pattern_too_slow',
          {
            key: 'pattern_too_slow',
            params: { pattern: find, seconds: budgetMs / 1000 },
          },
        ),
      );
    }, budgetMs);
    w.on('message', onMessage);
    w.once('exit', onExit);
    w.ref();
    w.postMessage({ id, candidates, options });
  });
}

/**
 * Plans find and replace (as `planReplace`) in the worker thread. The pattern is checked here first, so a
 * refused pattern gets its own 400 at once; the plan then runs in the worker within `budgetMs`.
 */
export async function planReplaceOffThread(
  candidates: readonly ReplaceCandidate[],
  options: ReplaceOptions,
  budgetMs = REPLACE_TIME_BUDGET_MS,
): Promise<ReplacePlan> {
  compileFind(options);
  const run = queue.then(() => runInWorker(candidates, options, budgetMs));
  queue = run.catch(() => undefined);
  return run;
}
