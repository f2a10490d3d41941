/**
 * QA in the product: builds the context of a segment (glossary, the segment's other targets, the
 * project's other translations of the same source), runs the checks of src/domain/qa, stores the
 * results, and runs QA over a whole document (`bitext qa`, the "Run QA" page).
 */
import type { Db } from '../db/client.js';
import { glossaryTermsFor } from '../db/glossary.js';
import { loadDocumentHeader } from '../db/documents.js';
import { documentIssues, projectTranslationsOf, qaCounts, qaSegments, storeQaResults, type QaResult, type QaSegment } from '../db/qa.js';
import { QA_CHECKS, runChecks, type GlossaryTerm, type QaIssue } from '../domain/qa/index.js';
import { sameLanguage } from '../domain/qa/lang.js';
import type { SegmentKind } from '../domain/segment.js';
import { chooseLang } from './editorService.js';

/** Loads a project's glossary terms for a target language (wired to the glossary store at merge). */
export type GlossaryLoader = (db: Db, projectId: number, lang: string) => Promise<GlossaryTerm[]>;

/** The loader used when a caller gives none: the project's glossary merged with the shared one. */
export const DEFAULT_GLOSSARY: GlossaryLoader = glossaryTermsFor;

/** Glossaries for saves, per database, project and language, with the stamp they were read at. */
const glossaries = new WeakMap<Db, Map<string, { stamp: string; terms: Promise<GlossaryTerm[]> }>>();
/** Project × language glossaries kept per database (a save of another one evicts the oldest). */
const CACHED_GLOSSARIES = 200;

/**
 * The stored glossary of a project in one language, read again only when `stamp` (read with the segment, see
 * SaveSegment.glossaryStamp) changed: an entry added, edited or removed here or by another process. Every save runs
 * QA with the glossary; reading and merging it each time cost a statement and, with a large glossary, most of a save.
 * Without a stamp the glossary is read.
 */
export async function cachedGlossary(db: Db, projectId: number, lang: string, stamp: string | undefined): Promise<GlossaryTerm[]> {
  if (stamp === undefined) return DEFAULT_GLOSSARY(db, projectId, lang);
  let cache = glossaries.get(db);
  if (!cache) glossaries.set(db, (cache = new Map()));
  const key = `${projectId}\u0000${lang}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.terms;
  const terms = DEFAULT_GLOSSARY(db, projectId, lang);
  cache.delete(key);
  if (cache.size >= CACHED_GLOSSARIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, terms });
  // A failed read is not kept: the next save reads again.
  terms.catch(() => cache.get(key)?.terms === terms && cache.delete(key));
  return terms;
}

/** Options of every QA entry point. */
export interface QaOptions {
  /** Where glossary terms come from (default: the project's and the shared glossary). */
  glossary?: GlossaryLoader;
}

/** Issue counts of a list of issues. */
export function summarize(issues: readonly QaIssue[]) {
  return {
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
  };
}

/** The other target languages' texts of a segment (translated ones only). */
function otherTargets(seg: QaSegment, lang: string): Record<string, string> {
  return Object.fromEntries(
    seg.translations
      .filter((t) => !sameLanguage(t.lang, lang) && t.status !== 'untranslated' && t.text.trim() !== '')
      .map((t) => [t.lang, t.text]),
  );
}

/**
 * The QA issues of `text` as the translation of a segment into `lang` (what a save would store).
 * Consistency compares with the project's other translations of the same source.
 */
export async function checkSegmentText(
  db: Db,
  seg: QaSegment & { glossaryStamp?: string },
  lang: string,
  text: string,
  opts: QaOptions = {},
): Promise<QaIssue[]> {
  const [glossary, project] = await Promise.all([
    opts.glossary ? opts.glossary(db, seg.projectId, lang) : cachedGlossary(db, seg.projectId, lang, seg.glossaryStamp),
    projectTranslationsOf(db, seg.projectId, lang, [seg.source]),
  ]);
  return runChecks({
    source: seg.source,
    target: text,
    sourceLang: 'zh',
    targetLang: lang,
    kind: seg.kind as SegmentKind,
    glossary,
    otherTargets: otherTargets(seg, lang),
    projectTranslations: project.filter((p) => p.segmentId !== seg.id),
  });
}

/** The JSON answer to a save: the stored translation and the QA issues of its text. */
export function savedTranslationJson(
  saved: { text: string; status: string; origin: string; engine: string; version: number; updatedAt: Date; updatedBy: string },
  issues: QaIssue[],
  override?: string,
) {
  return {
    text: saved.text,
    status: saved.status,
    origin: saved.origin,
    engine: saved.engine,
    version: saved.version,
    updatedAt: saved.updatedAt,
    updatedBy: saved.updatedBy,
    qa: { ...summarize(issues), issues, ...(override ? { override } : {}) },
  };
}

/** One segment's part of a document QA report. */
export interface SegmentQa {
  segmentId: number;
  /** Segment number as shown (1-based). */
  number: number;
  status: string;
  source: string;
  target: string;
  issues: QaIssue[];
}

/** The result of a document QA run. */
export interface DocumentQaReport {
  documentId: number;
  path: string;
  lang: string;
  /** Translations checked (untranslated segments are not: that is their status, not a QA issue). */
  checked: number;
  errors: number;
  warnings: number;
  /** Issues per check id. */
  checks: Record<string, number>;
  /** Segments with at least one issue, in document order. */
  segments: SegmentQa[];
}

/**
 * Runs every check on every translation of a document in one language, stores the results
 * (replacing older ones, including those made stale by bulk writes) and returns the report.
 * Throws 404 for an unknown document and 400 for a language that is not a target of its project.
 */
export async function runDocumentQa(db: Db, documentId: number, lang: string | undefined, opts: QaOptions = {}): Promise<DocumentQaReport> {
  const doc = await loadDocumentHeader(db, documentId);
  const chosen = chooseLang(doc.project, lang).lang;
  const segments = await qaSegments(db, documentId);
  const translated = segments.flatMap((s) => {
    const t = s.translations.find((x) => x.lang === chosen);
    return t && t.status !== 'untranslated' ? [{ seg: s, t }] : [];
  });
  const [glossary, project] = await Promise.all([
    (opts.glossary ?? DEFAULT_GLOSSARY)(db, doc.projectId, chosen),
    projectTranslationsOf(
      db,
      doc.projectId,
      chosen,
      translated.map((x) => x.seg.source),
    ),
  ]);
  const bySource = new Map<string, { segmentId: number; source: string; target: string }[]>();
  for (const p of project) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
  const results: QaResult[] = [];
  const report: DocumentQaReport = {
    documentId,
    path: doc.path,
    lang: chosen,
    checked: translated.length,
    errors: 0,
    warnings: 0,
    checks: {},
    segments: [],
  };
  for (const { seg, t } of translated) {
    const issues = runChecks({
      source: seg.source,
      target: t.text,
      sourceLang: 'zh',
      targetLang: chosen,
      kind: seg.kind as SegmentKind,
      glossary,
      otherTargets: otherTargets(seg, chosen),
      projectTranslations: (bySource.get(seg.source) ?? []).filter((p) => p.segmentId !== seg.id),
    });
    results.push({ translationId: t.id, version: t.version, documentId, lang: chosen, issues });
    if (issues.length === 0) continue;
    const s = summarize(issues);
    report.errors += s.errors;
    report.warnings += s.warnings;
    for (const i of issues) report.checks[i.check] = (report.checks[i.check] ?? 0) + 1;
    report.segments.push({ segmentId: seg.id, number: seg.index + 1, status: t.status, source: seg.source, target: t.text, issues });
  }
  // Translations that are untranslated again keep no stale issues.
  const stale = segments.flatMap((s) => s.translations.filter((t) => t.lang === chosen && t.status === 'untranslated'));
  for (const t of stale) results.push({ translationId: t.id, version: t.version, documentId, lang: chosen, issues: [] });
  await storeQaResults(db, results);
  return report;
}

/**
 * Runs document QA again after a bulk write (MT run, document conversion, XLIFF import, memory prefill at import), so
 * the stored results and the editor's QA counts describe the texts just written. A failure here is not the bulk
 * write's: it is swallowed, and the results are then shown as stale until the next run.
 */
export async function refreshDocumentQa(db: Db, documentId: number, langs: readonly string[], opts: QaOptions = {}): Promise<void> {
  for (const lang of langs) await runDocumentQa(db, documentId, lang, opts).catch(() => undefined);
}

/** The stored QA counts of a document in one language, with every check listed (for the editor's filter). */
export async function documentQaSummary(db: Db, documentId: number, lang: string) {
  const counts = await qaCounts(db, documentId, lang);
  return {
    segments: counts.segments,
    checks: QA_CHECKS.filter((c) => c.appliesTo(lang)).map((c) => ({
      id: c.id,
      severity: c.severity,
      description: c.description,
      count: counts.checks[c.id] ?? 0,
      /** Segments with at least one issue of the check (the editor's filter counts segments, like its other choices). */
      segments: counts.segmentsPerCheck[c.id] ?? 0,
    })),
  };
}

/** The stored QA issues of a document in one language, per segment (the QA report page and its JSON). */
export function documentQaIssues(db: Db, documentId: number, lang: string) {
  return documentIssues(db, documentId, lang);
}
