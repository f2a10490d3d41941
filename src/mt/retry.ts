/** Retrying one request with backoff, and running requests with a bound on those in flight. */
import { isRetryable, stopsRun } from './errors.js';

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
export type TaskOutcome<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'skipped' };

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
  const limiter = createLimiter<T>(options);
  for (const task of tasks) limiter.add(task);
  return limiter.close();
}

/** A {@link runLimited} fed while it runs: see {@link createLimiter}. */
export interface Limiter<T> {
  /** Queues a task; it starts as soon as fewer than `concurrency` tasks are in flight (never after a stop). */
  add: (task: () => Promise<T>) => void;
  /** No more tasks: resolves, like {@link runLimited}, once every queued task has run or been skipped. */
  close: () => Promise<{ outcomes: TaskOutcome<T>[]; stoppedBy?: unknown }>;
  /** Starts no further task (tasks in flight finish; queued ones are skipped), e.g. after a failure elsewhere. */
  stop: () => void;
  /** True once a task failed with a stopping error, `stop` was called or the signal aborted: tasks added now are skipped. */
  readonly stopped: boolean;
}

/**
 * {@link runLimited} for tasks that become known while earlier ones run (a pretranslation sends its
 * first batches while it plans the rest): same order, bound and stopping rules.
 */
export function createLimiter<T>(options: LimitOptions = {}): Limiter<T> {
  const { concurrency = 2, stopOn = stopsRun, signal } = options;
  const limit = Math.max(1, concurrency);
  const tasks: (() => Promise<T>)[] = [];
  const outcomes: TaskOutcome<T>[] = [];
  let next = 0;
  let running = 0;
  let stopped = false;
  let stoppedBy: unknown;
  let closed = false;
  let finish: (() => void) | undefined;
  const settled = new Promise<void>((resolve) => (finish = resolve));
  const pump = (): void => {
    while (!stopped && !signal?.aborted && running < limit && next < tasks.length) {
      const i = next++;
      running++;
      void (async () => {
        try {
          outcomes[i] = { status: 'fulfilled', value: await tasks[i]!() };
        } catch (reason) {
          outcomes[i] = { status: 'rejected', reason };
          if (!stopped && stopOn(reason)) {
            stopped = true;
            stoppedBy = reason;
          }
        }
        running--;
        pump();
      })();
    }
    if (closed && running === 0) finish?.();
  };
  return {
    add: (task) => {
      if (closed) throw new Error('limiter closed');
      tasks.push(task);
      outcomes.push({ status: 'skipped' });
      pump();
    },
    close: async () => {
      closed = true;
      pump();
      await settled;
      return stoppedBy === undefined ? { outcomes } : { outcomes, stoppedBy };
    },
    stop: () => {
      stopped = true;
    },
    get stopped() {
      return stopped || signal?.aborted === true;
    },
  };
}
