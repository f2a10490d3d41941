/** Translating any number of texts through a provider: batching, retries, concurrency, partial results. */
import { runLimited, splitBatches, withRetry, type Batch, type RetryOptions } from './batching.js';
import { MtError } from './errors.js';
import type { MtProvider, MtRequest } from './types.js';

/** Options for {@link translateAll}. */
export interface TranslateAllOptions {
  /** Batches in flight at once. Default 2. */
  concurrency?: number;
  retry?: Omit<RetryOptions, 'signal'>;
  signal?: AbortSignal;
  /** Called after each successful batch (for progress and incremental saving). */
  onBatch?: (done: { indices: number[]; texts: string[]; billedCharacters: number }) => void;
}

/** What {@link translateAll} got done; texts that failed or were never sent are `undefined`. */
export interface TranslateAllResult {
  texts: (string | undefined)[];
  billedCharacters: number;
  /** Batches that failed after retries. */
  failures: { indices: number[]; error: MtError }[];
  /** Indices never sent because the run stopped (quota, auth, …) or was aborted. */
  skipped: number[];
  /** The error that stopped the run, if any. */
  stoppedBy?: MtError;
}

/** Wraps anything thrown into an {@link MtError}. */
export function toMtError(err: unknown): MtError {
  if (err instanceof MtError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MtError('bad_response', message, { cause: err });
}

/**
 * Translates `req.texts` in batches within the provider's limits, retrying transient failures
 * and stopping (with partial results) on quota, auth or language errors.
 */
export async function translateAll(
  provider: MtProvider,
  req: MtRequest,
  options: TranslateAllOptions = {},
): Promise<TranslateAllResult> {
  const { limits } = provider;
  const batches = splitBatches(req.texts, req.context, limits);
  const result: TranslateAllResult = { texts: req.texts.map(() => undefined), billedCharacters: 0, failures: [], skipped: [] };

  const contextFor = (b: Batch): MtRequest['context'] => {
    if (limits.contextPerRequest) return b.context;
    if (Array.isArray(req.context)) return b.indices.map((i) => (req.context as (string | undefined)[])[i]);
    return req.context;
  };
  const tasks = batches.map((batch) => async () => {
    if (batch.oversized) {
      throw new MtError('request_too_large', `text ${batch.indices[0]} alone exceeds ${limits.maxBytes} bytes`);
    }
    const context = contextFor(batch);
    const sub: MtRequest = { ...req, texts: batch.texts };
    if (context === undefined) delete sub.context;
    else sub.context = context;
    const res = await withRetry(() => provider.translateBatch(sub, options.signal), {
      ...options.retry,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (res.texts.length !== batch.texts.length) {
      throw new MtError('bad_response', `expected ${batch.texts.length} translations, got ${res.texts.length}`);
    }
    batch.indices.forEach((idx, k) => (result.texts[idx] = res.texts[k]));
    result.billedCharacters += res.billedCharacters;
    options.onBatch?.({ indices: batch.indices, texts: res.texts, billedCharacters: res.billedCharacters });
    return res;
  });

  const { outcomes, stoppedBy } = await runLimited(tasks, {
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const aborted = (reason: unknown) => options.signal?.aborted === true && reason === options.signal.reason;
  outcomes.forEach((o, k) => {
    const batch = batches[k];
    if (!batch) return;
    // A batch cut short by the caller's abort was not translated, but did not fail either.
    if (o.status === 'skipped' || (o.status === 'rejected' && aborted(o.reason))) result.skipped.push(...batch.indices);
    else if (o.status === 'rejected') result.failures.push({ indices: batch.indices, error: toMtError(o.reason) });
  });
  if (stoppedBy !== undefined && !aborted(stoppedBy)) result.stoppedBy = toMtError(stoppedBy);
  result.skipped.sort((a, b) => a - b);
  return result;
}
