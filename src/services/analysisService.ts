/**
 * The analysis report of a document in one target language: progress by status, repetitions,
 * translation-memory match bands, what machine translation would still bill and cost, and how much
 * the machine drafts were post-edited.
 */
import type { Db } from '../db/client.js';
import { loadDocumentHeader } from '../db/documents.js';
import { documentRows, lastMtDrafts } from '../db/documentRows.js';
import { analyse, type Analysis } from '../domain/analysis.js';
import { chooseLang } from './editorService.js';
import { costOf } from './usageService.js';
import { memoryScores } from './tmService.js';

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

/**
 * Scores against the translation memory: the project's units and the shared ones (a segment never
 * matches its own unit). Used unless another scorer is given.
 */
export function memoryScorer(db: Db, scope: { projectId: number; sourceLang: string; lang: string }): TmScorer {
  return (segments) => memoryScores(db, scope, segments);
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
  const scorer = options.scorer ?? memoryScorer(db, { projectId: doc.projectId, sourceLang: doc.sourceLang, lang });
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
