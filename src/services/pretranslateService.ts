/**
 * Bulk pretranslation: machine drafts for every segment that has no translation yet.
 *
 * Rules: non-translatable segments are never sent; a segment with any translation other than
 * `untranslated` is never overwritten (with `overwriteDrafts`, earlier MT drafts may be); a source
 * in the translation memory (the project's or shared) or already confirmed elsewhere in the project
 * is reused (origin `tm`, nothing billed; an in-context memory match is flagged `tm_context`); identical
 * sources are sent once per project and language; each batch's drafts and billing record are
 * stored in one transaction that re-checks the no-overwrite rule. A killed run loses at most the
 * batches in flight, and a re-run skips what was stored, so nothing is paid twice. Each batch is
 * written to the billing ledger before it is sent (see mtLedger.ts), so a killed run's in-flight
 * batches are counted as possibly billed once it is recovered.
 */
import type { Db } from '../db/client.js';
import {
  confirmedTranslations,
  createRun,
  currentTranslation,
  draftMayReplace,
  finishRun,
  loadScope,
  segmentWithDocument,
  storeDrafts,
  translationStates,
  type DraftWrite,
  type MtScope,
  type ScopeProject,
} from '../db/mt.js';
import { AppError, ValidationError } from '../domain/errors.js';
import { plainText } from '../domain/inline.js';
import { nothingToTranslate } from '../domain/mtSkip.js';
import { toTagged, type TaggedSegment } from '../domain/mtTags.js';
import { fieldBytes, runLimited, withRetry, type RetryOptions } from '../mt/batching.js';
import { DEEPL_LIMITS } from '../mt/deepl.js';
import { MtError } from '../mt/errors.js';
import { failureError, toMtAppError } from '../mt/factory.js';
import type { MtLimits, MtProvider, MtRequest } from '../mt/types.js';
import type { JobHandler } from './jobs.js';
import { recordBatchSent, settleBatch } from '../db/mtLedger.js';
import { billableCharacters, keepRunAlive, processOwner, recoverInterruptedRuns } from './mtLedger.js';
import { isGlossaryNotFound, RunGlossaries } from './mtGlossary.js';
import { memoryDrafts } from './tmService.js';
import { refreshDocumentQa } from './qaService.js';
import { costOf } from './usageService.js';

/** What to pretranslate. */
export interface PretranslateTarget {
  scope: MtScope;
  langs: string[];
  /** Only these segments (of the scope); their neighbours still serve as context. */
  segmentIds?: number[];
  /** Replace earlier MT drafts (origin mt, status draft). Never anything else. */
  overwriteDrafts?: boolean;
}

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

/** Segments not sent, by reason (each counted once per target language). */
export interface SkipCounts {
  /** Already had a translation (human, imported, confirmed, or a draft kept). */
  alreadyTranslated: number;
  /** Code, HTML, image blocks and the like. */
  nonTranslatable: number;
  /** Same source as a text sent in this run: drafted from that one translation. */
  duplicate: number;
  /** Filled from a confirmed translation of the same source in the project (not billed). */
  tmReuse: number;
  /** Someone saved a translation while the batch was at the provider: theirs was kept. */
  changedMeanwhile: number;
  /** Planned but never sent (quota, cancellation, failed batch). */
  notSent: number;
  /**
   * Nothing to translate (only a URL, markup, whitespace, punctuation or numbers): copied as they are
   * (status draft, origin mt, engine `copy`), never sent nor billed.
   */
  nothingToTranslate: number;
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

/** One unique text to send, and the segments that get its translation. */
interface Unit {
  segmentIds: number[];
  /** The tagged form of each segment (same order as `segmentIds`): each restores its own markup. */
  segmentTags: TaggedSegment[];
  /** What is sent (identical for every segment of the unit). */
  tagged: TaggedSegment;
  /** Plain text of this segment and of its neighbours, for context. */
  plain: string;
  before?: string;
  after?: string;
}

/** What a run will do for one project and language. */
interface LangPlan {
  project: ScopeProject;
  lang: string;
  units: Unit[];
  tm: DraftWrite[];
  /** Segments with nothing to translate, copied as they are (never sent). */
  copies: DraftWrite[];
  skipped: SkipCounts;
}

const zeroSkips = (): SkipCounts => ({
  alreadyTranslated: 0,
  nonTranslatable: 0,
  duplicate: 0,
  tmReuse: 0,
  changedMeanwhile: 0,
  notSent: 0,
  nothingToTranslate: 0,
});
const TABLE_KINDS = new Set(['table_row', 'table_header']);
const codePoints = (s: string) => [...s].length;

/** Languages a project can be pretranslated into; throws when a named document or project lacks one. */
function langsFor(project: ScopeProject, langs: string[], strict: boolean): string[] {
  const missing = langs.filter((l) => !project.targetLangs.includes(l));
  if (strict && missing.length > 0) {
    throw new ValidationError(
      `project ${project.name} does not translate into ${missing.join(', ')} (targets: ${project.targetLangs.join(', ')})`,
      {
        field: 'langs',
      },
      undefined,
      { key: 'not_target_lang', params: { value: missing.join(', '), project: project.name, langs: project.targetLangs } },
    );
  }
  if (project.sourceLang !== 'zh') {
    if (!strict) return [];
    throw new ValidationError(
      `project ${project.name}: machine translation needs source language zh, not ${project.sourceLang}`,
      undefined,
      undefined,
      {
        key: 'mt_source_not_zh',
        params: { project: project.name, sourceLang: project.sourceLang },
      },
    );
  }
  return langs.filter((l) => project.targetLangs.includes(l));
}

/** Caches a one-argument function (each paragraph's plain text serves up to three times as context). */
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) cache.set(s, (v = fn(s)));
    return v;
  };
}

/** Works out, without calling any provider, what a run would send and store. */
async function plan(db: Db, target: PretranslateTarget): Promise<LangPlan[]> {
  if (target.langs.length === 0)
    throw new ValidationError('no target language given', { field: 'langs' }, undefined, { key: 'no_lang', params: { field: 'langs' } });
  const projects = await loadScope(db, target.scope);
  const only = target.segmentIds ? new Set(target.segmentIds) : undefined;
  const plans: LangPlan[] = [];
  const plainOf = memo(plainText);
  const tagged = new Map<string, TaggedSegment>();
  const taggedOf = (source: string, tableRow: boolean) => {
    const key = `${tableRow ? 't' : 'p'}\u0000${source}`;
    let t = tagged.get(key);
    if (!t) tagged.set(key, (t = toTagged(source, { tableRow })));
    return t;
  };
  for (const project of projects) {
    const langs = langsFor(project, target.langs, !('all' in target.scope));
    const ids = project.documents.flatMap((d) => d.segments.map((s) => s.id));
    const states = await translationStates(db, ids, langs);
    for (const lang of langs) {
      const p: LangPlan = { project, lang, units: [], tm: [], copies: [], skipped: zeroSkips() };
      const candidates: { id: number; kind: string; source: string; before?: string; after?: string }[] = [];
      for (const doc of project.documents) {
        const translatable = doc.segments.filter((s) => s.translatable);
        const position = new Map(translatable.map((s, k) => [s.id, k]));
        doc.segments.forEach((s) => {
          if (only && !only.has(s.id)) return;
          if (!s.translatable) return void p.skipped.nonTranslatable++;
          if (!draftMayReplace(states.get(`${s.id}:${lang}`), target.overwriteDrafts ?? false)) return void p.skipped.alreadyTranslated++;
          const k = position.get(s.id) ?? 0;
          const before = translatable[k - 1]?.source;
          const after = translatable[k + 1]?.source;
          candidates.push({ id: s.id, kind: s.kind, source: s.source, ...(before ? { before } : {}), ...(after ? { after } : {}) });
        });
      }
      // Exact translation-memory matches first (in-context ones flagged), then confirmed translations of the
      // project not (yet) in the memory, e.g. before `bitext tm rebuild`.
      const memory = await memoryDrafts(db, { projectId: project.id, sourceLang: project.sourceLang, lang }, candidates);
      const tm = await confirmedTranslations(db, project.id, lang, [
        ...new Set(candidates.filter((c) => !memory.has(c.id)).map((c) => c.source)),
      ]);
      const byXml = new Map<string, Unit>();
      for (const c of candidates) {
        const fromMemory = memory.get(c.id);
        if (fromMemory) {
          p.tm.push({ segmentId: c.id, lang, text: fromMemory.text, origin: 'tm', flags: fromMemory.flags });
          p.skipped.tmReuse++;
          continue;
        }
        const reuse = tm.get(c.source);
        if (reuse !== undefined) {
          p.tm.push({ segmentId: c.id, lang, text: reuse, origin: 'tm', flags: [] });
          p.skipped.tmReuse++;
          continue;
        }
        // Table cells tag their pipes, so a table row and a paragraph with the same text are different requests.
        const t = taggedOf(c.source, TABLE_KINDS.has(c.kind));
        if (nothingToTranslate(t.xml)) {
          p.copies.push({ segmentId: c.id, lang, text: c.source, origin: 'mt', engine: COPY_ENGINE, flags: [] });
          p.skipped.nothingToTranslate++;
          continue;
        }
        // Deduplicated after tagging: sources that differ only in their markup (link targets, code) are sent once.
        const seen = byXml.get(t.xml);
        if (seen) {
          seen.segmentIds.push(c.id);
          seen.segmentTags.push(t);
          p.skipped.duplicate++;
          continue;
        }
        const unit: Unit = {
          segmentIds: [c.id],
          segmentTags: [t],
          tagged: t,
          plain: plainOf(c.source),
          ...(c.before ? { before: plainOf(c.before) } : {}),
          ...(c.after ? { after: plainOf(c.after) } : {}),
        };
        byXml.set(t.xml, unit);
        p.units.push(unit);
      }
      plans.push(p);
    }
  }
  return plans;
}

/** A batch of units and the context to send with it. */
interface UnitBatch {
  units: Unit[];
  context: MtRequest['context'];
  /** A single text too large for one request. */
  oversized: boolean;
}

const OVERHEAD_BYTES = 2048;

/**
 * The context of a request holding several consecutive paragraphs (providers with one context
 * per request, i.e. DeepL): the previous paragraph, the batch's own paragraphs and the next one,
 * so that every text's previous and next paragraph are in it. Context is not billed.
 */
export function windowContext(units: { plain: string; before?: string; after?: string }[]): string {
  const parts: string[] = [];
  for (const u of units) {
    for (const piece of [u.before, u.plain, u.after]) if (piece && !parts.includes(piece)) parts.push(piece);
  }
  return parts.join('\n');
}

const itemContext = (u: Unit) => [u.before, u.after].filter(Boolean).join('\n') || undefined;

/** Splits units, in order, into batches within the provider's text and byte limits, context included. */
function makeBatches(units: Unit[], limits: MtLimits): UnitBatch[] {
  const batches: UnitBatch[] = [];
  // Running byte counts, kept as upper bounds: a context's parts are measured one by one, each
  // with a field's overhead, which is at least what their joined form takes.
  let group: Unit[] = [];
  let textBytes = 0;
  let contextBytes = 0;
  let parts = new Set<string>();
  const contextCost = (u: Unit): { bytes: number; added: string[] } => {
    if (!limits.contextPerRequest) return { bytes: fieldBytes('context', itemContext(u) ?? ''), added: [] };
    const added = [u.before, u.plain, u.after].filter((x): x is string => Boolean(x) && !parts.has(x as string));
    return { bytes: added.reduce((n, x) => n + fieldBytes('context', x), 0), added };
  };
  const close = () => {
    if (group.length === 0) return;
    const fits = OVERHEAD_BYTES + textBytes + contextBytes <= limits.maxBytes;
    const context = !fits ? undefined : limits.contextPerRequest ? windowContext(group) : group.map(itemContext);
    batches.push({ units: group, context, oversized: OVERHEAD_BYTES + textBytes > limits.maxBytes });
    group = [];
    textBytes = 0;
    contextBytes = 0;
    parts = new Set();
  };
  for (const u of units) {
    const bytes = fieldBytes('text', u.tagged.xml);
    let ctx = contextCost(u);
    if (
      group.length > 0 &&
      (group.length >= limits.maxTexts || OVERHEAD_BYTES + textBytes + contextBytes + bytes + ctx.bytes > limits.maxBytes)
    ) {
      close();
      ctx = contextCost(u);
    }
    group.push(u);
    textBytes += bytes;
    contextBytes += ctx.bytes;
    for (const x of ctx.added) parts.add(x);
  }
  close();
  return batches;
}

const TM_CHUNK = 200;
/** The engine recorded on drafts copied because they had nothing to translate. */
export const COPY_ENGINE = 'copy';

/** Runs a pretranslation; returns its summary (check `stoppedBy`, `errors`, see {@link assertComplete}). */
export async function pretranslate(db: Db, options: PretranslateOptions): Promise<PretranslateSummary> {
  const { provider } = options;
  const plans = await plan(db, options);
  const overwriteDrafts = options.overwriteDrafts ?? false;
  // Runs left `running` by a dead process are closed first, their in-flight batches counted as possibly billed.
  await recoverInterruptedRuns(db);
  const runId = await createRun(db, {
    provider: provider.name,
    langs: options.langs,
    params: { scope: options.scope, segmentIds: options.segmentIds, overwriteDrafts },
    ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
    owner: processOwner(),
  });
  const stopHeartbeat = keepRunAlive(db, runId);
  try {
    return await runPlans(db, options, plans, runId);
  } catch (err) {
    // An unexpected failure (the database) must not leave the run `running`.
    await finishRun(db, runId, 'failed', { error: describeFailure(err) }).catch(() => {});
    throw err;
  } finally {
    stopHeartbeat();
  }
}

async function runPlans(db: Db, options: PretranslateOptions, plans: LangPlan[], runId: number): Promise<PretranslateSummary> {
  const { provider } = options;
  const overwriteDrafts = options.overwriteDrafts ?? false;
  const user = `mt:${provider.name}`;
  const summary: PretranslateSummary = {
    runId,
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
  for (const p of plans) {
    for (const [k, v] of Object.entries(p.skipped) as [keyof SkipCounts, number][]) summary.skipped[k] += v;
    summary.progress.total += p.tm.length + p.copies.length + p.units.reduce((n, u) => n + u.segmentIds.length, 0);
    langStats(p.lang);
  }
  const report = async () => options.onProgress?.({ ...summary.progress, billedCharacters: summary.billedCharacters });
  const settle = async (stored: number, changed: number) => {
    summary.progress.done += stored + changed;
    summary.skipped.changedMeanwhile += changed;
    await report();
  };

  // Translation-memory reuse first: free, and it may settle a whole document.
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
  const glossaries = new RunGlossaries(db, provider, options.retry);

  const runBatch = async (p: LangPlan, batch: UnitBatch, useGlossary: boolean): Promise<void> => {
    const segments = batch.units.reduce((n, u) => n + u.segmentIds.length, 0);
    const req: MtRequest = {
      texts: batch.units.map((u) => u.tagged.xml),
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
          `a paragraph of ${batch.units[0]?.plain.length ?? 0} characters exceeds one request (${provider.limits.maxBytes} bytes)`,
        );
      }
      // The ledger row is committed before the request leaves: a kill from here on leaves a trace.
      batchId = await recordBatchSent(db, {
        runId,
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
      if (res.texts.length !== batch.units.length) {
        throw new MtError('bad_response', `expected ${batch.units.length} translations, got ${res.texts.length}`);
      }
      const drafts: DraftWrite[] = batch.units.flatMap((u, k) =>
        u.segmentIds.map((segmentId, m) => {
          // Each segment restores its own markup (link targets, code) into the shared translation.
          const restored = (u.segmentTags[m] ?? u.tagged).restore(res.texts[k] ?? '');
          const flags = [...new Set(restored.issues.map((i) => i.code))];
          return { segmentId, lang: p.lang, text: restored.text, origin: 'mt' as const, flags };
        }),
      );
      const stored = await storeDrafts(db, drafts, {
        overwriteDrafts,
        user,
        billing: {
          batchId,
          runId,
          projectId: p.project.id,
          lang: p.lang,
          provider: provider.name,
          texts: batch.units.length,
          billedCharacters: res.billedCharacters,
          requests,
          retries,
          durationMs: Date.now() - started,
        },
      });
      const changed = new Set(stored.changedMeanwhile);
      summary.flagged += drafts.filter((d) => d.flags.length > 0 && !changed.has(d.segmentId)).length;
      summary.drafted += stored.stored;
      summary.texts += batch.units.length;
      summary.billedCharacters += res.billedCharacters;
      const l = langStats(p.lang);
      l.drafted += stored.stored;
      l.billedCharacters += res.billedCharacters;
      l.requests += requests;
      await settle(stored.stored, stored.changedMeanwhile.length);
    } catch (err) {
      if (batchId !== undefined) await settleFailedBatch(db, batchId, err, { requests, retries, durationMs: Date.now() - started, billed });
      summary.errors.push({ lang: p.lang, ...describeFailure(err), segments });
      // Rethrown as is: MT errors decide themselves whether the run goes on; anything else (the database) stops it.
      throw err;
    } finally {
      summary.requests += requests;
      summary.retries += retries;
    }
  };

  const tasks: (() => Promise<void>)[] = [];
  let status = 'done';
  try {
    for (const p of plans) {
      if (p.units.length === 0) continue;
      const useGlossary = options.glossary !== false;
      // Synced before any batch is sent (retried like translation; its errors name the step).
      if (useGlossary) await glossaries.idFor(p.project, p.lang);
      for (const batch of makeBatches(p.units, provider.limits)) tasks.push(() => runBatch(p, batch, useGlossary));
    }
  } catch (err) {
    // Glossary sync failed after retries (quota, auth, …): nothing was sent.
    summary.stoppedBy = describeFailure(err);
  }

  if (!summary.stoppedBy) {
    const { stoppedBy } = await runLimited(tasks, {
      concurrency: options.concurrency ?? 4,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (stoppedBy !== undefined) {
      const e = describeFailure(stoppedBy);
      summary.stoppedBy = e;
      // The stopping error is reported as stoppedBy, not once more among batch errors.
      summary.errors = summary.errors.filter((x) => x.message !== e.message || x.code !== e.code);
    }
  }
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

/** What a run would send, per language, and what it would cost. */
export interface PretranslateEstimate {
  langs: { lang: string; project: string; texts: number; segments: number; characters: number; requests: number; skipped: SkipCounts }[];
  texts: number;
  characters: number;
  requests: number;
  pricePerMillion: number;
  /** EUR. */
  estimatedCost: number;
}

/**
 * Dry run: what would be sent (unique texts, characters as sent with their tags, requests) and
 * the estimated cost, without calling any provider or writing anything.
 */
export async function estimatePretranslation(
  db: Db,
  target: PretranslateTarget & { pricePerMillion: number; limits?: MtLimits },
): Promise<PretranslateEstimate> {
  const plans = await plan(db, target);
  const langs = plans.map((p) => ({
    lang: p.lang,
    project: p.project.name,
    texts: p.units.length,
    segments: p.units.reduce((n, u) => n + u.segmentIds.length, 0),
    characters: p.units.reduce((n, u) => n + codePoints(u.tagged.xml), 0),
    requests: p.units.length === 0 ? 0 : makeBatches(p.units, target.limits ?? DEEPL_LIMITS).length,
    skipped: p.skipped,
  }));
  const characters = langs.reduce((n, l) => n + l.characters, 0);
  return {
    langs,
    texts: langs.reduce((n, l) => n + l.texts, 0),
    characters,
    requests: langs.reduce((n, l) => n + l.requests, 0),
    pricePerMillion: target.pricePerMillion,
    estimatedCost: costOf(characters, target.pricePerMillion),
  };
}

/**
 * Drafts one segment now (the editor's "MT" button). Replaces an earlier MT draft; never a
 * translation someone made or confirmed: that is a 409 carrying the current translation.
 */
export async function draftSegment(
  db: Db,
  provider: MtProvider,
  segmentId: number,
  lang: string,
  options: Pick<PretranslateOptions, 'retry'> = {},
) {
  const seg = await segmentWithDocument(db, segmentId);
  const summary = await pretranslate(db, {
    provider,
    scope: { documentId: seg.documentId },
    segmentIds: [segmentId],
    langs: [lang],
    overwriteDrafts: true,
    ...options,
  });
  if (summary.skipped.nonTranslatable > 0) {
    throw new ValidationError(`segment ${segmentId} is not translatable (code, HTML or image block)`, {}, 'not_translatable', {
      params: { segment: segmentId },
    });
  }
  if (summary.skipped.alreadyTranslated > 0 || summary.skipped.changedMeanwhile > 0) {
    const current = await currentTranslation(db, segmentId, lang);
    throw new AppError(
      'translation_exists',
      `segment ${segmentId} already has a ${current?.status ?? ''} translation into ${lang}; it is kept`,
      409,
      {
        current,
      },
      { params: { segment: segmentId, lang } },
    );
  }
  assertComplete(summary);
  return currentTranslation(db, segmentId, lang);
}

/** The job type of a background pretranslation. */
export const PRETRANSLATE_JOB = 'pretranslate';

/** Parameters of a {@link PRETRANSLATE_JOB}. */
export interface PretranslateJobParams {
  documentId: number;
  langs: string[];
  segmentIds?: number[];
  overwriteDrafts?: boolean;
}

/** The job handler: pretranslates a document (or some of its segments), one stored batch after another. */
export function pretranslateJobHandler(makeProvider: () => MtProvider, concurrency: number): JobHandler {
  return async ({ db, job, signal, progress }) => {
    const params = job.params as PretranslateJobParams;
    const summary = await pretranslate(db, {
      provider: makeProvider(),
      scope: { documentId: params.documentId },
      langs: params.langs,
      ...(params.segmentIds ? { segmentIds: params.segmentIds } : {}),
      overwriteDrafts: params.overwriteDrafts ?? false,
      concurrency,
      signal,
      jobId: job.id,
      onProgress: (p) => progress(p.done, p.total),
    });
    // The drafts just stored get their QA results, so the editor's QA counts are right after the run.
    await refreshDocumentQa(db, params.documentId, params.langs);
    await progress(summary.progress.done, summary.progress.total);
    if (summary.cancelled && !summary.stoppedBy) return { status: 'cancelled', result: summary };
    try {
      assertComplete(summary);
    } catch (err) {
      const e = err instanceof AppError ? err : toMtAppError(err);
      return { status: 'failed', result: summary, error: { code: e.code, message: e.message } };
    }
    return { status: 'done', result: summary };
  };
}
