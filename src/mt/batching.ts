/** Splitting texts into request-sized batches, retrying with backoff, and running batches concurrently. */
import { isRetryable, stopsRun } from './errors.js';

/** A slice of the input texts sent as one request. */
export interface Batch {
  /** Positions of the texts in the input list. */
  indices: number[];
  texts: string[];
  /** Context shared by the whole batch (only when context is per request). */
  context?: string;
  /** Estimated request body size in bytes. */
  bytes: number;
  /** A single text that alone exceeds `maxBytes`; sending it would fail. */
  oversized: boolean;
}

/** Options for {@link splitBatches}. */
export interface SplitOptions {
  maxTexts: number;
  maxBytes: number;
  /** Texts with different contexts never share a batch; the batch context is counted once. */
  contextPerRequest?: boolean;
  /** Bytes reserved for the other request parameters (target_lang, tag_handling, …). Default 2048. */
  overheadBytes?: number;
  /** Bytes a field adds to the request body. Default {@link fieldBytes}. */
  measure?: (name: string, value: string) => number;
}

/**
 * Bytes a field adds to a request body, the larger of its form-encoded (`name=value&`, CJK
 * percent-encoded to 9 bytes a character) and JSON (`"value",`) forms, so the estimate holds
 * whichever encoding the client uses.
 */
export function fieldBytes(name: string, value: string): number {
  const form = Buffer.byteLength(new URLSearchParams([[name, value]]).toString()) + 1;
  const json = Buffer.byteLength(JSON.stringify(value)) + 1;
  return Math.max(form, json);
}

/**
 * Splits texts into batches of at most `maxTexts` texts and `maxBytes` estimated body bytes,
 * keeping input order within each batch. `contexts` is one context for all or one per text.
 */
export function splitBatches(
  texts: string[],
  contexts: string | (string | undefined)[] | undefined,
  options: SplitOptions,
): Batch[] {
  const { maxTexts, maxBytes, contextPerRequest = false, overheadBytes = 2048, measure = fieldBytes } = options;
  const contextOf = (i: number) => (Array.isArray(contexts) ? contexts[i] : contexts);

  // Group indices by context when context is per request; otherwise one group.
  const groups = new Map<string | undefined, number[]>();
  texts.forEach((_, i) => {
    const key = contextPerRequest ? contextOf(i) : undefined;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });

  const batches: Batch[] = [];
  for (const [key, indices] of groups) {
    const base = overheadBytes + (contextPerRequest && key !== undefined ? measure('context', key) : 0);
    let current: Batch | undefined;
    for (const i of indices) {
      const text = texts[i] ?? '';
      const ctx = contextPerRequest ? undefined : contextOf(i);
      const size = measure('text', text) + (ctx === undefined ? 0 : measure('context', ctx));
      if (current && (current.texts.length >= maxTexts || current.bytes + size > maxBytes)) {
        batches.push(current);
        current = undefined;
      }
      if (!current) {
        current = { indices: [], texts: [], bytes: base, oversized: false };
        if (contextPerRequest && key !== undefined) current.context = key;
      }
      current.indices.push(i);
      current.texts.push(text);
      current.bytes += size;
      if (current.bytes > maxBytes) current.oversized = true;
    }
    if (current) batches.push(current);
  }
  return batches;
}

/** Options for {@link withRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  /** Backoff cap of the first retry, in ms. Default 500. */
  baseMs?: number;
  /** Upper bound of any delay, in ms. Default 30000. */
  maxMs?: number;
  /** Uniform random in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits `ms`; injectable so tests take no real time. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Which errors to retry. Default {@link isRetryable} (429, 5xx, network). */
  retryIf?: (err: unknown) => boolean;
  /** Called before each wait. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The "full jitter" delay before retry `attempt` (0-based): uniform in [0, min(maxMs, baseMs·2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

/**
 * Runs `fn`, retrying retryable errors with exponential backoff and full jitter. A server's
 * `retryAfterMs` (Retry-After) raises the delay, still capped by `maxMs`. Throws the last error.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    retries = 4,
    baseMs = 500,
    maxMs = 30_000,
    random = Math.random,
    sleep = defaultSleep,
    signal,
    retryIf = isRetryable,
    onRetry,
  } = options;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries || !retryIf(error) || signal?.aborted) throw error;
      let delayMs = backoffDelay(attempt, baseMs, maxMs, random);
      const after = (error as { retryAfterMs?: unknown }).retryAfterMs;
      if (typeof after === 'number') delayMs = Math.min(maxMs, Math.max(delayMs, after));
      onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/** Outcome of one task of {@link runLimited}. */
export type TaskOutcome<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: unknown }
  | { status: 'skipped' };

/** Options for {@link runLimited}. */
export interface LimitOptions {
  /** Tasks in flight at once. Default 2. */
  concurrency?: number;
  /** Whether a failure stops launching further tasks. Default {@link stopsRun} (quota, auth, …). */
  stopOn?: (err: unknown) => boolean;
  signal?: AbortSignal;
}

/**
 * Runs tasks with at most `concurrency` in flight, in order of launch. After a task fails with an
 * error for which `stopOn` holds (or `signal` aborts), no new task starts; tasks already running
 * finish, the rest are `skipped`. Never throws.
 */
export async function runLimited<T>(
  tasks: (() => Promise<T>)[],
  options: LimitOptions = {},
): Promise<{ outcomes: TaskOutcome<T>[]; stoppedBy?: unknown }> {
  const { concurrency = 2, stopOn = stopsRun, signal } = options;
  const outcomes: TaskOutcome<T>[] = tasks.map(() => ({ status: 'skipped' }));
  let next = 0;
  let stopped = false;
  let stoppedBy: unknown;
  const worker = async () => {
    while (!stopped && !signal?.aborted && next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (!task) continue;
      try {
        outcomes[i] = { status: 'fulfilled', value: await task() };
      } catch (reason) {
        outcomes[i] = { status: 'rejected', reason };
        if (!stopped && stopOn(reason)) {
          stopped = true;
          stoppedBy = reason;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  return stoppedBy === undefined ? { outcomes } : { outcomes, stoppedBy };
}
