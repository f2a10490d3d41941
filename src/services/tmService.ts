/**
 * Translation memory use cases: confirmed translations enter the memory, exact matches prefill
 * untranslated segments (origin `tm`, in-context matches flagged `tm_context`), fuzzy matches for
 * the editor through an in-process index per language pair kept current from the database, and
 * concordance search.
 *
 * Context: a unit records hashes of the sources of the previous and next *translatable* segments
 * of its document ("" at a document's ends); a match whose hashes equal the segment's is in context.
 */
import type { Db } from '../db/client.js';
import type { RawSql } from '../db/direct.js';
import {
  concordanceUnits,
  documentForMemory,
  documentsWithConfirmed,
  languagesWithMemory,
  exactTmUnits,
  projectNames,
  segmentContext,
  tmUnitsAfter,
  tmUnitsByIds,
  tmUnitsChangedSince,
  importTmUnits,
  upsertTmUnits,
  tmProjects,
  tmStats,
  type Dialect,
  type IndexedUnit,
  type SegmentContext,
  type TmOrigin,
  type TmUnitInput,
  type TmUnitRow,
} from '../db/tm.js';
import { storeDrafts, type DraftWrite } from '../db/mt.js';
import { memberProjectIds, type AuthUser } from '../db/users.js';
import { hashSource, TmIndex, type TmEntry } from '../domain/tm/index.js';
import { highlightPhrase } from '../domain/tm/concordance.js';
import { diffChars, type DiffPart, type HitPiece } from '../domain/diff.js';

/** The flag an in-context exact prefill carries on its translation. */
export const TM_CONTEXT_FLAG = 'tm_context';
const CONFIRMED = new Set(['translated', 'reviewed']);

/** Context hashes from the neighbours' sources ("" where there is no neighbour). */
export function contextHashes(prevSource: string | undefined, nextSource: string | undefined): { prevHash: string; nextHash: string } {
  return {
    prevHash: prevSource === undefined ? '' : hashSource(prevSource),
    nextHash: nextSource === undefined ? '' : hashSource(nextSource),
  };
}

/** Whether a status puts a translation into the memory. */
export function entersMemory(status: string): boolean {
  return CONFIRMED.has(status);
}

/** Puts one confirmed translation into the memory (called after a save as translated or reviewed). */
export async function recordTranslation(
  db: Db,
  t: { segmentId: number; lang: string; text: string; user: string; origin: TmOrigin; qaErrors?: boolean },
): Promise<void> {
  const unit = await memoryUnitOf(db, t);
  if (unit) await upsertTmUnits(db, [unit]);
}

/**
 * The memory unit of one confirmed translation (undefined for an empty text), read before a save so that the save's
 * transaction only writes it ({@link storeMemoryUnit}). `ctx`: the segment's context when the caller has read it.
 */
export async function memoryUnitOf(
  db: Db,
  t: { segmentId: number; lang: string; text: string; user: string; origin: TmOrigin; qaErrors?: boolean },
  ctx?: SegmentContext,
): Promise<TmUnitInput | undefined> {
  if (t.text.trim() === '') return undefined;
  ctx ??= await segmentContext(db, t.segmentId);
  return {
    sourceLang: ctx.sourceLang,
    targetLang: t.lang,
    source: ctx.source,
    target: t.text,
    sourceHash: hashSource(ctx.source),
    projectId: ctx.projectId,
    documentId: ctx.documentId,
    segmentId: ctx.id,
    createdBy: t.user,
    origin: t.origin,
    ...contextHashes(ctx.prevSource, ctx.nextSource),
    qaErrors: t.qaErrors ?? false,
  };
}

/** Stores a unit made by {@link memoryUnitOf} inside a save's transaction (`dialect`: the database's). */
export async function storeMemoryUnit(tx: RawSql, unit: TmUnitInput, dialect: Dialect): Promise<void> {
  await upsertTmUnits(tx, [unit], dialect);
}

/** The units of a document's confirmed translations (all of them, or only those of `only` segment × language). */
async function documentUnits(db: Db, documentId: number, origin: TmOrigin, only?: { segmentId: number; lang: string; user: string }[]) {
  const wanted = only ? new Map(only.map((o) => [`${o.segmentId}:${o.lang}`, o.user])) : undefined;
  const doc = await documentForMemory(db, documentId, only ? [...new Set(only.map((o) => o.lang))] : undefined);
  const units: TmUnitInput[] = [];
  doc.segments.forEach((s, k) => {
    for (const t of s.translations) {
      if (!entersMemory(t.status) || t.text.trim() === '') continue;
      if (wanted && !wanted.has(`${s.id}:${t.lang}`)) continue;
      units.push({
        sourceLang: doc.sourceLang,
        targetLang: t.lang,
        source: s.source,
        target: t.text,
        sourceHash: hashSource(s.source),
        projectId: doc.projectId,
        documentId: doc.id,
        segmentId: s.id,
        createdBy: wanted?.get(`${s.id}:${t.lang}`) ?? t.updatedBy,
        origin,
        ...contextHashes(doc.segments[k - 1]?.source, doc.segments[k + 1]?.source),
      });
    }
  });
  return units;
}

/** Puts confirmed translations of one document into the memory (XLIFF import: one query for the whole file). */
export async function recordDocumentTranslations(
  db: Db,
  documentId: number,
  items: { segmentId: number; lang: string; user: string }[],
  origin: TmOrigin,
): Promise<{ created: number; updated: number }> {
  if (items.length === 0) return { created: 0, updated: 0 };
  return importTmUnits(db, await documentUnits(db, documentId, origin, items));
}

/** What `tm rebuild` did. */
export interface RebuildReport {
  documents: number;
  created: number;
  updated: number;
}

/** Backfills the memory from every confirmed translation (idempotent: existing units are only refreshed). */
export async function rebuildMemory(db: Db): Promise<RebuildReport> {
  const report: RebuildReport = { documents: 0, created: 0, updated: 0 };
  for (const id of await documentsWithConfirmed(db)) {
    const r = await importTmUnits(db, await documentUnits(db, id, 'rebuild'));
    report.documents++;
    report.created += r.created;
    report.updated += r.updated;
  }
  return report;
}

// ---- exact matches ----

/** A segment looking for an exact match, with its neighbours' sources. */
export interface ExactCandidate {
  id: number;
  source: string;
  before?: string | undefined;
  after?: string | undefined;
}

/**
 * Drafts (origin `tm`) for the candidates whose source is in the memory of the project (or the
 * shared memory), keyed by segment id: an in-context unit first, then one of the project, then the
 * newest. In-context drafts carry the `tm_context` flag.
 */
export async function memoryDrafts(
  db: Db,
  scope: { projectId: number; sourceLang: string; lang: string },
  candidates: ExactCandidate[],
): Promise<Map<number, DraftWrite & { inContext: boolean }>> {
  const out = new Map<number, DraftWrite & { inContext: boolean }>();
  if (candidates.length === 0) return out;
  const units = await exactTmUnits(db, {
    sourceLang: scope.sourceLang,
    targetLang: scope.lang,
    sourceHashes: [...new Set(candidates.map((c) => hashSource(c.source)))],
    projectIds: [scope.projectId, null],
  });
  const bySource = new Map<string, TmUnitRow[]>();
  for (const u of units) bySource.set(u.source, [...(bySource.get(u.source) ?? []), u]);
  for (const c of candidates) {
    const found = bySource.get(c.source);
    if (!found) continue;
    const { prevHash, nextHash } = contextHashes(c.before, c.after);
    const rank = (u: TmUnitRow) => (u.prevHash === prevHash && u.nextHash === nextHash ? 2 : 0) + (u.projectId === scope.projectId ? 1 : 0);
    // Units come oldest first, so among equals the last (newest) wins.
    const best = found.reduce((a, b) => (rank(b) >= rank(a) ? b : a));
    const inContext = best.prevHash === prevHash && best.nextHash === nextHash;
    out.set(c.id, {
      segmentId: c.id,
      lang: scope.lang,
      text: best.target,
      origin: 'tm',
      flags: inContext ? [TM_CONTEXT_FLAG] : [],
      inContext,
    });
  }
  return out;
}

/** What a prefill stored, per language. */
export interface PrefillReport {
  filled: number;
  inContext: number;
  byLang: Record<string, { filled: number; inContext: number }>;
}

const PREFILL_CHUNK = 200;

/**
 * Gives every untranslated segment of a document with an exact memory match a draft (origin `tm`,
 * user `tm`). Never touches a segment that has any translation (checked again when storing).
 */
export async function prefillFromMemory(db: Db, documentId: number, langs?: string[]): Promise<PrefillReport> {
  const report: PrefillReport = { filled: 0, inContext: 0, byLang: {} };
  // An empty memory (a new installation, a new language) costs one query, not a read of the document.
  const withMemory = await languagesWithMemory(db, documentId, langs);
  if (withMemory.length === 0) return report;
  const doc = await documentForMemory(db, documentId, withMemory);
  for (const lang of withMemory) {
    const candidates: ExactCandidate[] = [];
    doc.segments.forEach((s, k) => {
      const t = s.translations.find((x) => x.lang === lang);
      if (t && t.status !== 'untranslated') return;
      candidates.push({ id: s.id, source: s.source, before: doc.segments[k - 1]?.source, after: doc.segments[k + 1]?.source });
    });
    const drafts = [...(await memoryDrafts(db, { projectId: doc.projectId, sourceLang: doc.sourceLang, lang }, candidates)).values()];
    const stats = { filled: 0, inContext: 0 };
    for (let i = 0; i < drafts.length; i += PREFILL_CHUNK) {
      const chunk = drafts.slice(i, i + PREFILL_CHUNK);
      const res = await storeDrafts(db, chunk, { overwriteDrafts: false, user: 'tm' });
      const kept = new Set(res.changedMeanwhile);
      stats.filled += res.stored;
      stats.inContext += chunk.filter((d) => d.inContext && !kept.has(d.segmentId)).length;
    }
    report.byLang[lang] = stats;
    report.filled += stats.filled;
    report.inContext += stats.inContext;
  }
  return report;
}

// ---- fuzzy matches ----

type MemoryEntry = TmEntry & {
  unitId: number;
  projectId: number | null;
  segmentId: number | null;
  createdBy: string;
  changedAt: Date;
  qaErrors: boolean;
};

interface CachedIndex {
  index: TmIndex;
  maxId: number;
  /** Unit id → updatedAt (ms) as indexed. */
  seen: Map<number, number>;
  /** Start of the last refresh (ms), 0 before the first. */
  lastRefresh: number;
  /** Refreshes of one index run one after another. */
  queue: Promise<unknown>;
  /** Units read per query (passed to every read, so a short page always means the end). */
  pageSize: number;
}

/**
 * How far back a refresh looks for changed units. Updates are single statements committed at once,
 * except in a TMX import, which stamps its updated units again after its transaction commits; the
 * slack covers the time between a statement and its commit.
 */
const CHANGE_SLACK_MS = 10_000;
/** Units read per query when loading an index, unless {@link memoryIndex} is given another page size. */
const TM_PAGE = 20_000;
const indexes = new WeakMap<Db, Map<string, CachedIndex>>();

function entryOf(u: IndexedUnit): MemoryEntry {
  return {
    id: u.id,
    unitId: u.id,
    source: u.source,
    target: u.target,
    lang: u.targetLang,
    prevHash: u.prevHash,
    nextHash: u.nextHash,
    changedAt: u.updatedAt,
    qaErrors: u.qaErrors,
    projectId: u.projectId,
    segmentId: u.segmentId,
    createdBy: u.createdBy,
  };
}

async function refresh(db: Db, c: CachedIndex, sourceLang: string, targetLang: string): Promise<void> {
  const started = Date.now();
  // New units (ids above the watermark: SQLite commits one writer at a time, so ids appear in order)
  // and changed ones (a confirmed translation saved again: new time, user, context), in parallel.
  const known = c.maxId;
  const [fresh, changed] = await Promise.all([
    tmUnitsAfter(db, sourceLang, targetLang, known, c.pageSize),
    c.lastRefresh > 0 ? tmUnitsChangedSince(db, sourceLang, targetLang, known, new Date(c.lastRefresh - CHANGE_SLACK_MS)) : [],
  ]);
  for (let rows = fresh; ; rows = await tmUnitsAfter(db, sourceLang, targetLang, c.maxId, c.pageSize)) {
    for (const u of rows) {
      c.index.add(entryOf(u));
      c.seen.set(u.id, u.updatedAt.getTime());
      c.maxId = u.id;
    }
    if (rows.length < c.pageSize) break;
  }
  const stale = changed.filter((u) => c.seen.get(u.id) !== u.updatedAt.getTime()).map((u) => u.id);
  if (stale.length > 0) {
    for (const u of await tmUnitsByIds(db, stale)) {
      c.index.remove(u.id);
      c.index.add(entryOf(u));
      c.seen.set(u.id, u.updatedAt.getTime());
    }
  }
  c.lastRefresh = started;
}

/**
 * The fuzzy index of a language pair: built from the database on first use, then brought up to date
 * (new and changed units) before every lookup, so several app processes stay correct. `pageSize` (units per
 * query, fixed when the index is first built) is for tests that need several pages without 20,000 units.
 */
export async function memoryIndex(db: Db, sourceLang: string, targetLang: string, options: { pageSize?: number } = {}): Promise<TmIndex> {
  let perDb = indexes.get(db);
  if (!perDb) indexes.set(db, (perDb = new Map()));
  const key = `${sourceLang}\u0000${targetLang}`;
  let c = perDb.get(key);
  if (!c) {
    perDb.set(
      key,
      (c = {
        index: new TmIndex(),
        maxId: 0,
        seen: new Map(),
        lastRefresh: 0,
        queue: Promise.resolve(),
        pageSize: options.pageSize ?? TM_PAGE,
      }),
    );
  }
  const cached = c;
  const run = cached.queue.then(() => refresh(db, cached, sourceLang, targetLang));
  cached.queue = run.catch(() => undefined);
  await run;
  return cached.index;
}

/** Builds the fuzzy index of every language pair in the memory (at server start, so the first lookup is quick). */
export async function warmMemoryIndexes(db: Db): Promise<number> {
  let units = 0;
  for (const pair of await tmStats(db)) units += (await memoryIndex(db, pair.sourceLang, pair.targetLang)).size;
  return units;
}

/**
 * Best memory score (0–100, from `minScore`) of each segment against the units a project may use (its
 * own and the shared ones), never against the segment's own unit: the analysis report's match bands.
 */
export async function memoryScores(
  db: Db,
  scope: { projectId: number; sourceLang: string; lang: string },
  segments: readonly { segmentId: number; source: string }[],
  minScore = 50,
): Promise<Map<number, number>> {
  const index = await memoryIndex(db, scope.sourceLang, scope.lang);
  const scores = new Map<number, number>();
  for (const s of segments) {
    const [best] = index.lookup(s.source, {
      minScore,
      limit: 1,
      lang: scope.lang,
      accept: (e) => {
        const m = e as MemoryEntry;
        return (m.projectId === scope.projectId || m.projectId === null) && m.segmentId !== s.segmentId;
      },
    });
    if (best) scores.set(s.segmentId, best.score);
  }
  return scores;
}

/** One fuzzy match as the editor shows it. */
export interface FuzzyMatch {
  unitId: number;
  score: number;
  inContext: boolean;
  source: string;
  target: string;
  /** The unit's source against the segment's: `del` only in the unit, `add` only in the segment. */
  diff: DiffPart[];
  createdBy: string;
  updatedAt: Date;
  /** The project the unit came from; null for shared (imported) memory. */
  project: string | null;
  /** Confirmed although QA errors remained. */
  qaErrors: boolean;
}

/** Project ids a user may read units of (null = shared units); undefined for admins (everything). */
export async function visibleProjects(db: Db, user: AuthUser): Promise<(number | null)[] | undefined> {
  if (user.role === 'admin') return undefined;
  return [...(await memberProjectIds(db, user.id)), null];
}

/** The best memory matches (default: 3 from 70) for a segment in one target language, among units the user may see. */
export async function fuzzyMatches(
  db: Db,
  user: AuthUser,
  segmentId: number,
  lang: string,
  options: { limit?: number; minScore?: number } = {},
): Promise<FuzzyMatch[]> {
  const ctx = await segmentContext(db, segmentId);
  const [index, visible] = await Promise.all([memoryIndex(db, ctx.sourceLang, lang), visibleProjects(db, user)]);
  const allowed = visible && new Set(visible);
  const matches = index.lookup(ctx.source, {
    limit: options.limit ?? 3,
    minScore: options.minScore ?? 70,
    lang,
    ...contextHashes(ctx.prevSource, ctx.nextSource),
    ...(allowed ? { accept: (e: TmEntry) => allowed.has((e as MemoryEntry).projectId) } : {}),
  });
  const names = await projectNames(db, [
    ...new Set(matches.map((m) => (m.entry as MemoryEntry).projectId).filter((p): p is number => p !== null)),
  ]);
  return matches.map((m) => {
    const e = m.entry as MemoryEntry;
    return {
      unitId: e.unitId,
      score: m.score,
      inContext: m.inContext,
      source: e.source,
      target: e.target,
      diff: diffChars(e.source, ctx.source),
      createdBy: e.createdBy,
      updatedAt: e.changedAt,
      project: e.projectId === null ? null : (names.get(e.projectId) ?? null),
      qaErrors: e.qaErrors,
    };
  });
}

// ---- concordance ----

/** A concordance request. */
export interface ConcordanceRequest {
  q: string;
  side: 'source' | 'target';
  lang?: string | undefined;
  offset: number;
  limit: number;
}

/** Units containing a word or phrase, with the phrase marked in the searched side. */
export async function searchMemory(db: Db, user: AuthUser, req: ConcordanceRequest) {
  const q = req.q.trim();
  if (q === '') return { q, total: 0, offset: req.offset, limit: req.limit, units: [] };
  const projectIds = await visibleProjects(db, user);
  const { total, units } = await concordanceUnits(db, {
    q,
    side: req.side,
    ...(req.lang ? { targetLang: req.lang } : {}),
    ...(projectIds ? { projectIds } : {}),
    offset: req.offset,
    limit: req.limit,
  });
  const names = await projectNames(db, [...new Set(units.map((u) => u.projectId).filter((p): p is number => p !== null))]);
  const mark = (text: string, side: 'source' | 'target'): HitPiece[] =>
    side === req.side ? highlightPhrase(text, q) : [{ text, hit: false }];
  return {
    q,
    total,
    offset: req.offset,
    limit: req.limit,
    units: units.map((u) => ({
      id: u.id,
      sourceLang: u.sourceLang,
      targetLang: u.targetLang,
      source: u.source,
      target: u.target,
      sourcePieces: mark(u.source, 'source'),
      targetPieces: mark(u.target, 'target'),
      project: u.projectId === null ? null : (names.get(u.projectId) ?? null),
      createdBy: u.createdBy,
      updatedAt: u.updatedAt,
    })),
  };
}

/** The projects whose memory a user may pick on the memory page (all for admins, else their memberships). */
export async function memoryProjectsFor(db: Db, user: AuthUser) {
  const visible = await visibleProjects(db, user);
  return tmProjects(
    db,
    visible?.filter((p): p is number => p !== null),
  );
}

/** Units per language pair and in all, for the memory page. */
export function memoryStats(db: Db) {
  return tmStats(db);
}
