/**
 * Running a pretranslation: machine drafts for every planned text, in batches of the one planner
 * (mt/batching.ts), sent with retries and a bound on requests in flight.
 *
 * Rules: a segment with any translation other than `untranslated` is never overwritten (with
 * `overwriteDrafts`, earlier MT drafts may be); a source in the translation memory (the project's or
 * shared) or already confirmed elsewhere in the project is reused (origin `tm`, nothing billed);
 * identical sources are sent once per project and language; each batch's drafts and billing record
 * are stored in one transaction that re-checks the no-overwrite rule. Each batch is written to the
 * billing ledger before it is sent (see mtLedger.ts), so a killed run's in-flight batches are counted
 * as possibly billed once it is recovered, and a re-run skips what was stored: nothing is paid twice.
 */
import type { Db } from '../../db/client.js';
import { createRun, finishRun, storeDrafts, type DraftWrite } from '../../db/mt.js';
import { recordBatchSent, settleBatch } from '../../db/mtLedger.js';
import { AppError } from '../../domain/errors.js';
import type { PlannedBatch } from '../../mt/batching.js';
import { MtError } from '../../mt/errors.js';
import { failureError } from '../../mt/factory.js';
import { createLimiter, withRetry, type Limiter, type RetryOptions } from '../../mt/retry.js';
import type { MtProvider, MtRequest } from '../../mt/types.js';
import { billableCharacters, keepRunAlive, processOwner, recoverInterruptedRuns } from '../mtLedger.js';
import { isGlossaryNotFound, RunGlossaries } from '../mtGlossary.js';
import {
  COPY_ENGINE,
  plan,
  zeroSkips,
  type LangPlan,
  type PlanStream,
  type PretranslateTarget,
  type SkipCounts,
  type Unit,
} from './plan.js';

/** Progress after each stored batch. */
export interface PretranslateProgress {
  /** Segment × language pairs written or settled so far. */
  done: number;
  total: number;
  billedCharacters: number;
}

/** Options of {@link pretranslate}. */
export interface PretranslateOptions extends PretranslateTarget {
  provider: MtProvider;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /** Retry tuning (tests inject `sleep`). */
  retry?: Omit<RetryOptions, 'signal' | 'onRetry'>;
  /** Aborting stops launching batches; batches in flight finish and are stored. */
  signal?: AbortSignal;
  onProgress?: (p: PretranslateProgress) => void | Promise<void>;
  /** Job this run belongs to, for the run record. */
  jobId?: number;
  /** Sync and use the project glossary (DeepL). Default true. */
  glossary?: boolean;
}

/** One batch that failed. */
export interface PretranslateError {
  lang: string;
  code: string;
  message: string;
  segments: number;
}

/** The result of a run. */
export interface PretranslateSummary {
  runId: number | null;
  provider: string;
  langs: string[];
  /** Segments that got a new MT draft (duplicates included). */
  drafted: number;
  /** Segments filled from confirmed translations (origin tm). */
  tmReused: number;
  /** Drafts stored with tag flags (markup lost or reordered by the engine). */
  flagged: number;
  skipped: SkipCounts;
  /** Unique texts sent. */
  texts: number;
  /** HTTP requests, retries included. */
  requests: number;
  retries: number;
  billedCharacters: number;
  errors: PretranslateError[];
  /** Why the run stopped early (quota, auth, …). */
  stoppedBy?: { code: string; message: string };
  /** Problems that did not stop the run (e.g. a previous DeepL glossary that could not be deleted). */
  warnings?: string[];
  cancelled: boolean;
  /** True when everything planned was stored or settled. */
  complete: boolean;
  progress: { done: number; total: number };
  byLang: Record<string, { drafted: number; tmReused: number; billedCharacters: number; requests: number }>;
}

/** Memory reuses and copies stored per transaction. */
const TM_CHUNK = 200;

/**
 * Runs a pretranslation; returns its summary (check `stoppedBy`, `errors`, see {@link assertComplete}).
 *
 * Batches are sent while the rest is still being planned (see `PlanStream`): the first requests leave
 * once the scope is loaded and the first paragraphs tagged. A duplicate the plan finds after its text's
 * drafts were stored gets the same translation at the end of the run (sent and billed once). Progress is
 * reported once the plan is complete, when its total is known.
 */
export async function pretranslate(db: Db, options: PretranslateOptions): Promise<PretranslateSummary> {
  const { provider } = options;
  const overwriteDrafts = options.overwriteDrafts ?? false;
  const user = `mt:${provider.name}`;
  const summary: PretranslateSummary = {
    runId: null,
    provider: provider.name,
    langs: options.langs,
    drafted: 0,
    tmReused: 0,
    flagged: 0,
    skipped: zeroSkips(),
    texts: 0,
    requests: 0,
    retries: 0,
    billedCharacters: 0,
    errors: [],
    cancelled: false,
    complete: false,
    progress: { done: 0, total: 0 },
    byLang: {},
  };
  const langStats = (lang: string) => (summary.byLang[lang] ??= { drafted: 0, tmReused: 0, billedCharacters: 0, requests: 0 });
  let planComplete = false;
  const report = async () => {
    if (planComplete) await options.onProgress?.({ ...summary.progress, billedCharacters: summary.billedCharacters });
  };
  const settle = async (stored: number, changed: number) => {
    summary.progress.done += stored + changed;
    summary.skipped.changedMeanwhile += changed;
    await report();
  };
  const glossaries = new RunGlossaries(db, provider, options.retry);
  const useGlossary = options.glossary !== false;
  const limiter = createLimiter<void>({
    concurrency: options.concurrency ?? 4,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let runId: number | undefined;
  let stopHeartbeat = () => {};
  // Units whose drafts are stored: how many of their segments, and the translation (for duplicates found later).
  const stored = new Map<Unit, { segments: number; translation: string }>();
  const synced = new Set<string>();

  /** Adds stored drafts to the summary and the progress. */
  const counted = async (lang: string, drafts: DraftWrite[], result: { stored: number; changedMeanwhile: number[] }) => {
    const changed = new Set(result.changedMeanwhile);
    summary.flagged += drafts.filter((d) => d.flags.length > 0 && !changed.has(d.segmentId)).length;
    summary.drafted += result.stored;
    langStats(lang).drafted += result.stored;
    await settle(result.stored, result.changedMeanwhile.length);
  };

  const runBatch = async (p: LangPlan, batch: PlannedBatch<Unit>): Promise<void> => {
    const req: MtRequest = {
      texts: batch.items.map((u) => u.tagged.xml),
      sourceLang: 'zh',
      targetLang: p.lang,
      ...(batch.context !== undefined ? { context: batch.context } : {}),
    };
    const started = Date.now();
    let requests = 0;
    let retries = 0;
    let batchId: number | undefined;
    let billed: number | undefined;
    try {
      if (batch.oversized) {
        throw new MtError(
          'request_too_large',
          `a paragraph of ${batch.items[0]?.plain.length ?? 0} characters exceeds one request (${provider.limits.maxBytes} bytes)`,
        );
      }
      // The ledger row is committed before the request leaves: a kill from here on leaves a trace.
      batchId = await recordBatchSent(db, {
        runId: runId!,
        projectId: p.project.id,
        lang: p.lang,
        provider: provider.name,
        texts: req.texts.length,
        sentCharacters: billableCharacters(req.texts),
      });
      const send = (glossaryId: string | undefined) =>
        withRetry(
          () => {
            requests++;
            return provider.translateBatch(glossaryId === undefined ? req : { ...req, glossaryId });
          },
          { ...options.retry, onRetry: () => retries++ },
        );
      const glossaryId = useGlossary ? await glossaries.idFor(p.project, p.lang) : undefined;
      const res = await send(glossaryId).catch(async (err: unknown) => {
        // A stale glossary (deleted, expired, another key): recreated once for the run, and the batch sent again.
        if (glossaryId === undefined || !isGlossaryNotFound(err)) throw err;
        return send(await glossaries.recreate(p.project, p.lang));
      });
      billed = res.billedCharacters;
      if (res.texts.length !== batch.items.length) {
        throw new MtError('bad_response', `expected ${batch.items.length} translations, got ${res.texts.length}`);
      }
      // The plan may still add duplicates to these units: the segments known now are stored now, the others at the end.
      const known = batch.items.map((u) => u.segmentIds.length);
      const drafts: DraftWrite[] = batch.items.flatMap((u, k) => draftsOf(p.lang, u, res.texts[k] ?? '', 0, known[k]!));
      const result = await storeDrafts(db, drafts, {
        overwriteDrafts,
        user,
        billing: {
          batchId,
          runId: runId!,
          projectId: p.project.id,
          lang: p.lang,
          provider: provider.name,
          texts: batch.items.length,
          billedCharacters: res.billedCharacters,
          requests,
          retries,
          durationMs: Date.now() - started,
        },
      });
      batch.items.forEach((u, k) => stored.set(u, { segments: known[k]!, translation: res.texts[k] ?? '' }));
      summary.texts += batch.items.length;
      summary.billedCharacters += res.billedCharacters;
      const l = langStats(p.lang);
      l.billedCharacters += res.billedCharacters;
      l.requests += requests;
      await counted(p.lang, drafts, result);
    } catch (err) {
      if (batchId !== undefined) await settleFailedBatch(db, batchId, err, { requests, retries, durationMs: Date.now() - started, billed });
      const segments = batch.items.reduce((n, u) => n + u.segmentIds.length, 0);
      summary.errors.push({ lang: p.lang, ...describeFailure(err), segments });
      // Rethrown as is: MT errors decide themselves whether the run goes on; anything else (the database) stops it.
      throw err;
    } finally {
      summary.requests += requests;
      summary.retries += retries;
    }
  };

  const stream: PlanStream = {
    limits: provider.limits,
    ready: async () => {
      // Runs left `running` by a dead process are closed first, their in-flight batches counted as possibly billed.
      await recoverInterruptedRuns(db);
      runId = await createRun(db, {
        provider: provider.name,
        langs: options.langs,
        params: { scope: options.scope, segmentIds: options.segmentIds, overwriteDrafts },
        ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
        owner: processOwner(),
      });
      summary.runId = runId;
      stopHeartbeat = keepRunAlive(db, runId);
    },
    batch: async (p, batch) => {
      if (summary.stoppedBy || limiter.stopped) return;
      const key = `${p.project.id}:${p.lang}`;
      if (useGlossary && !synced.has(key)) {
        synced.add(key);
        try {
          // Synced before the first batch of its language is sent (retried like translation; its errors name the step).
          await glossaries.idFor(p.project, p.lang);
        } catch (err) {
          // Glossary sync failed after retries (quota, auth, …): nothing more is sent.
          summary.stoppedBy = describeFailure(err);
          return;
        }
      }
      limiter.add(() => runBatch(p, batch));
    },
  };

  let plans: LangPlan[];
  try {
    plans = await plan(db, options, stream);
  } catch (err) {
    // A validation error comes before the run is recorded; a later failure (the database) waits for the
    // batches in flight, which store their drafts, then closes the run as failed.
    limiter.stop();
    await limiter.close();
    stopHeartbeat();
    if (runId !== undefined) await finishRun(db, runId, 'failed', { error: describeFailure(err) }).catch(() => {});
    throw err;
  }
  try {
    return await finishPlans(db, options, plans, runId!, summary, {
      langStats,
      settle,
      counted,
      glossaries,
      limiter,
      stored,
      planComplete: async () => {
        planComplete = true;
        await report();
      },
    });
  } catch (err) {
    // An unexpected failure (the database) must not leave the run `running`.
    limiter.stop();
    await limiter.close();
    await finishRun(db, runId!, 'failed', { error: describeFailure(err) }).catch(() => {});
    throw err;
  } finally {
    stopHeartbeat();
  }
}

/** Counts the plan into the summary, stores memory reuses and copies, waits for the batches sent, and closes the run. */
async function finishPlans(
  db: Db,
  options: PretranslateOptions,
  plans: LangPlan[],
  runId: number,
  summary: PretranslateSummary,
  run: {
    langStats: (lang: string) => PretranslateSummary['byLang'][string];
    settle: (stored: number, changed: number) => Promise<void>;
    counted: (lang: string, drafts: DraftWrite[], result: { stored: number; changedMeanwhile: number[] }) => Promise<void>;
    glossaries: RunGlossaries;
    limiter: Limiter<void>;
    stored: Map<Unit, { segments: number; translation: string }>;
    planComplete: () => Promise<void>;
  },
): Promise<PretranslateSummary> {
  const overwriteDrafts = options.overwriteDrafts ?? false;
  const { langStats, settle, glossaries, limiter } = run;
  for (const p of plans) {
    for (const [k, v] of Object.entries(p.skipped) as [keyof SkipCounts, number][]) summary.skipped[k] += v;
    summary.progress.total += p.tm.length + p.copies.length + p.units.reduce((n, u) => n + u.segmentIds.length, 0);
    langStats(p.lang);
  }
  // The total is known: progress is reported from now on.
  await run.planComplete();

  // Translation-memory reuse: free, and it may settle a whole document.
  for (const p of plans) {
    for (let i = 0; i < p.tm.length; i += TM_CHUNK) {
      const res = await storeDrafts(db, p.tm.slice(i, i + TM_CHUNK), { overwriteDrafts, user: 'tm' });
      summary.tmReused += res.stored;
      langStats(p.lang).tmReused += res.stored;
      await settle(res.stored, res.changedMeanwhile.length);
    }
    // Nothing to translate (a URL, markup, numbers): copied as drafts, never sent or billed.
    for (let i = 0; i < p.copies.length; i += TM_CHUNK) {
      const res = await storeDrafts(db, p.copies.slice(i, i + TM_CHUNK), { overwriteDrafts, user: `mt:${COPY_ENGINE}` });
      await settle(res.stored, res.changedMeanwhile.length);
    }
  }

  const { stoppedBy } = await limiter.close();
  // Duplicates found after their text's drafts were stored: the same translation, not sent again.
  const user = `mt:${options.provider.name}`;
  for (const p of plans) {
    const late = p.units.flatMap((u) => {
      const s = run.stored.get(u);
      return s ? draftsOf(p.lang, u, s.translation, s.segments, u.segmentIds.length, options.provider.name) : [];
    });
    for (let i = 0; i < late.length; i += TM_CHUNK) {
      const drafts = late.slice(i, i + TM_CHUNK);
      await run.counted(p.lang, drafts, await storeDrafts(db, drafts, { overwriteDrafts, user }));
    }
  }
  if (stoppedBy !== undefined && !summary.stoppedBy) {
    const e = describeFailure(stoppedBy);
    summary.stoppedBy = e;
    // The stopping error is reported as stoppedBy, not once more among batch errors.
    summary.errors = summary.errors.filter((x) => x.message !== e.message || x.code !== e.code);
  }
  let status = 'done';
  summary.skipped.notSent = summary.progress.total - summary.progress.done;
  if (glossaries.warnings.length > 0) summary.warnings = [...glossaries.warnings];
  summary.cancelled = options.signal?.aborted === true && summary.skipped.notSent > 0;
  summary.complete = summary.skipped.notSent === 0 && summary.errors.length === 0 && !summary.stoppedBy;
  if (summary.stoppedBy) status = 'stopped';
  else if (summary.cancelled) status = 'cancelled';
  else if (summary.errors.length > 0) status = 'failed';
  await finishRun(db, runId, status, summary);
  return summary;
}

/** The MT drafts of a unit's segments `from`…`to` (each restores its own markup: link targets, code) from one translation. */
function draftsOf(lang: string, u: Unit, translation: string, from: number, to: number, engine?: string): DraftWrite[] {
  const out: DraftWrite[] = [];
  for (let m = from; m < to; m++) {
    const restored = (u.segmentTags[m] ?? u.tagged).restore(translation);
    const flags = [...new Set(restored.issues.map((i) => i.code))];
    out.push({ segmentId: u.segmentIds[m]!, lang, text: restored.text, origin: 'mt', flags, ...(engine !== undefined ? { engine } : {}) });
  }
  return out;
}

/**
 * Settles the ledger row of a batch that yielded no drafts: a timeout or a lost connection may have
 * been billed (`unknown`, counted as possibly billed); a refusal was not (`failed`); an answer that
 * could not be stored was billed as the provider said.
 */
async function settleFailedBatch(
  db: Db,
  batchId: number,
  err: unknown,
  s: { requests: number; retries: number; durationMs: number; billed: number | undefined },
): Promise<void> {
  const { code } = describeFailure(err);
  const { billed, ...counts } = s;
  const state = billed === undefined && code === 'network' ? 'unknown' : 'failed';
  await settleBatch(db, batchId, { state, error: code, ...counts, ...(billed !== undefined ? { billedCharacters: billed } : {}) }).catch(
    () => {
      // The database itself failed: the row stays `sent` and recovery counts it as possibly billed.
    },
  );
}

/** Throws a typed error (e.g. `mt_quota_exceeded`, with the summary in its details) unless the run completed. */
export function assertComplete(summary: PretranslateSummary): void {
  const first = summary.stoppedBy ?? summary.errors[0];
  if (!first) return;
  const how = `${summary.progress.done} of ${summary.progress.total} segment translations done`;
  throw failureError(first.code, `${first.message} (${how}; run again to continue: stored drafts are skipped)`, { summary });
}

/** Code and message of a failure: the MT error code, or `internal_error` for anything else (e.g. the database). */
function describeFailure(err: unknown): { code: string; message: string } {
  if (err instanceof MtError || err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
}
