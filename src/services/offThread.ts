/**
 * Pure domain work on big inputs, off the main thread. Parsing a 100,000-unit TMX file takes seconds of
 * JavaScript; on the event loop every other request (saves, `/healthz`) would wait for it. A worker thread
 * runs the domain function instead and hands back its result (structured clone: Dates and nested objects
 * survive) or its error, rebuilt as the same typed error on this side. Small inputs stay on the main
 * thread, where starting a worker would cost more than the work.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../domain/errors.js';

/** Inputs of at least this many characters are parsed in a worker (smaller ones take milliseconds). */
export const OFF_THREAD_MIN_CHARS = 256 * 1024;

// Workers import the domain module themselves: through tsx when the sources are TypeScript (tsx, vitest).
const typescript = import.meta.url.endsWith('.ts');

/** The file URL of tsx's ES module API when running from TypeScript sources, else null. */
export const tsxApi: string | null = typescript ? tsxEsmApi() : null;

function tsxEsmApi(): string {
  // tsx's package exports give CommonJS to `require.resolve`: find its ES module API by hand.
  const require = createRequire(import.meta.url);
  const pkg = require('tsx/package.json') as { exports: Record<string, { import?: { default?: string } }> };
  const entry = pkg.exports['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), entry)).href;
}

/** The URL of a module of src/domain (`formats/tmx`…) as a worker must import it. */
export function domainModuleUrl(name: string): string {
  return new URL(`../domain/${name}.${typescript ? 'ts' : 'js'}`, import.meta.url).href;
}

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((m) => m.register()) : Promise.resolve())
  .then(() => import(workerData.module))
  .then((m) => parentPort.postMessage({ value: m[workerData.fn](...workerData.args) }))
  .catch((err) => {
    const e = err || {};
    parentPort.postMessage({ error: { message: String(e.message || err), stack: String(e.stack || ''), code: e.code, status: e.status, details: e.details, key: e.key, params: e.params } });
  });
`;

interface WorkerError {
  message: string;
  stack: string;
  code?: unknown;
  status?: unknown;
  details?: Record<string, unknown>;
  key?: string;
  params?: Record<string, unknown>;
}

/**
 * Calls `fn` of the domain module `module` with `args` in a new worker thread and resolves with its result.
 * A typed error (AppError: code, status, message key) thrown there is thrown here as an AppError with the same
 * fields; anything else as an Error carrying the worker's stack.
 */
export function runOffThread<T>(module: string, fn: string, args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(WORKER_CODE, { eval: true, workerData: { module: domainModuleUrl(module), fn, args, tsxApi } });
    let settled = false;
    w.once('message', (m: { value?: T; error?: WorkerError }) => {
      settled = true;
      void w.terminate();
      if (!m.error) return resolve(m.value as T);
      const e = m.error;
      if (typeof e.code === 'string' && typeof e.status === 'number') {
        reject(
          new AppError(e.code, e.message, e.status, e.details, e.key === undefined ? undefined : { key: e.key, params: e.params ?? {} }),
        );
      } else reject(new Error(`${module}.${fn} in a worker: ${e.stack || e.message}`));
    });
    w.once('error', (err) => {
      settled = true;
      reject(err);
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`${module}.${fn} in a worker: the worker exited (${code}) without an answer`));
    });
  });
}
