/**
 * The analysis report of a document in one target language: progress by status, repetitions,
 * translation-memory match bands, what machine translation would still bill and cost, and how much
 * the machine drafts were post-edited.
 */
import type { Db } from '../db/client.js';
import { loadDocumentHeader } from '../db/documents.js';
import { confirmedInProject, documentRows, lastMtDrafts } from '../db/documentRows.js';
import { analyse, type Analysis } from '../domain/analysis.js';
import { TmIndex } from '../domain/tm/index.js';
import { chooseLang } from './editorService.js';
import { costOf } from './usageService.js';

/** Best memory score (0–100) per segment id, for the segments given. */
export type TmScorer = (segments: { segmentId: number; source: string }[]) => Promise<Map<number, number>>;

/** The analysis plus what the document is and what the MT estimate costs. */
export interface AnalysisReport extends Analysis {
  documentId: number;
  path: string;
  project: string;
  lang: string;
  /** EUR for `mtEstimate.characters` at `pricePerMillion`. */
  mtEstimatedCost: number;
  pricePerMillion: number;
}

/** Lowest score worth a band (below it counts as no match). */
const MIN_SCORE = 50;

/**
 * Scores against the project's confirmed translations in `lang` (a segment never matches itself).
 * Used unless a scorer over a larger memory is given.
 */
export function projectScorer(db: Db, projectId: number, lang: string): TmScorer {
  return async (segments) => {
    const index = new TmIndex();
    index.addAll((await confirmedInProject(db, projectId, lang)).map((u) => ({ id: u.segmentId, source: u.source, target: u.target, lang })));
    const scores = new Map<number, number>();
    for (const s of segments) {
      const best = index.lookup(s.source, { minScore: MIN_SCORE, limit: 2, lang }).find((m) => m.entry.id !== s.segmentId);
      if (best) scores.set(s.segmentId, best.score);
    }
    return scores;
  };
}

/** Analyses a document for one of its project's target languages (400 for another language). */
export async function analyseDocument(
  db: Db,
  documentId: number,
  lang: string,
  options: { pricePerMillion: number; scorer?: TmScorer },
): Promise<AnalysisReport> {
  const doc = await loadDocumentHeader(db, documentId);
  chooseLang(doc.project, lang);
  const [rows, drafts] = await Promise.all([documentRows(db, documentId, lang), lastMtDrafts(db, documentId, lang)]);
  const scorer = options.scorer ?? projectScorer(db, doc.projectId, lang);
  const scores = await scorer(rows);
  const analysis = analyse(
    rows.map((r) => ({
      ...r,
      ...(drafts.has(r.segmentId) ? { mtDraft: drafts.get(r.segmentId)! } : {}),
      ...(scores.has(r.segmentId) ? { tmScore: scores.get(r.segmentId)! } : {}),
    })),
  );
  return {
    documentId,
    path: doc.path,
    project: doc.project.name,
    lang,
    ...analysis,
    mtEstimatedCost: costOf(analysis.mtEstimate.characters, options.pricePerMillion),
    pricePerMillion: options.pricePerMillion,
  };
}
