/**
 * The analysis of one document in one target language: how much is done, how much the translation
 * memory covers, what machine translation would still cost in characters, and how much the
 * machine drafts were edited (post-edit distance). Pure logic over rows the service loads.
 */
import { codePoints, levenshtein, MATCH_BANDS, matchBand, normalizeForMatch, type MatchBand } from './tm/similarity.js';

/** One translatable segment as the analysis needs it. */
export interface AnalysisRow {
  segmentId: number;
  index: number;
  source: string;
  /** untranslated | draft | translated | reviewed | rejected … */
  status: string;
  /** Current target text ("" when untranslated). */
  text: string;
  origin: string | null;
  /** The last machine-translation draft of this translation, when there was one. */
  mtDraft?: string;
  /** Best translation-memory score (0–100) of the source against other units, when any. */
  tmScore?: number;
}

/** Segments and source characters. */
export interface Tally {
  segments: number;
  characters: number;
}

/** Post-edit distance of one segment: how much of the machine draft was changed. */
export interface PostEdit {
  segmentId: number;
  index: number;
  /** 0 (kept as drafted) to 100 (rewritten), character-based. */
  distance: number;
  characters: number;
}

/** The analysis report. */
export interface Analysis {
  total: Tally;
  byStatus: Record<string, Tally>;
  /** Segments whose source already appeared earlier in the document (first occurrences are not counted). */
  repetitions: Tally;
  /** Non-repeated segments by best memory match (100 %, 95–99, … none). */
  matchBands: Record<MatchBand, Tally>;
  /** Untranslated, non-repeated segments without a 100 % memory match: what machine translation would bill. */
  mtEstimate: Tally;
  postEdit: {
    /** Confirmed segments (translated or reviewed) that started as a machine draft. */
    segments: PostEdit[];
    /** Mean distance over those segments, and weighted by source characters. */
    mean: number | null;
    weighted: number | null;
    /** How many were confirmed without a change. */
    unchanged: number;
  };
}

/** Source characters as billed: code points, markup included. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const zero = (): Tally => ({ segments: 0, characters: 0 });
const add = (t: Tally, chars: number) => {
  t.segments++;
  t.characters += chars;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Post-edit distance between a machine draft and the final text, 0–100: character edits (on code
 * points, case and spacing included: editors made them) per character of the longer text.
 */
export function postEditDistance(draft: string, final: string): number {
  if (draft === final) return 0;
  const a = codePoints(draft);
  const b = codePoints(final);
  return round1((100 * levenshtein(a, b)) / Math.max(a.length, b.length));
}

/** Analyses the translatable segments of one document (in document order) for one language. */
export function analyse(rows: readonly AnalysisRow[]): Analysis {
  const report: Analysis = {
    total: zero(),
    byStatus: {},
    repetitions: zero(),
    matchBands: Object.fromEntries(MATCH_BANDS.map((b) => [b.band, zero()])) as Record<MatchBand, Tally>,
    mtEstimate: zero(),
    postEdit: { segments: [], mean: null, weighted: null, unchanged: 0 },
  };
  const seen = new Set<string>();
  for (const r of rows) {
    const chars = characterCount(r.source);
    add(report.total, chars);
    add((report.byStatus[r.status] ??= zero()), chars);
    const key = normalizeForMatch(r.source);
    const repeated = seen.has(key);
    seen.add(key);
    if (repeated) {
      add(report.repetitions, chars);
    } else {
      const band = matchBand(r.tmScore ?? 0);
      add(report.matchBands[band], chars);
      if (r.status === 'untranslated' && band !== '100') add(report.mtEstimate, chars);
    }
    if (r.mtDraft !== undefined && (r.status === 'translated' || r.status === 'reviewed')) {
      const distance = postEditDistance(r.mtDraft, r.text);
      report.postEdit.segments.push({ segmentId: r.segmentId, index: r.index, distance, characters: chars });
      if (distance === 0) report.postEdit.unchanged++;
    }
  }
  const pe = report.postEdit.segments;
  if (pe.length > 0) {
    report.postEdit.mean = round1(pe.reduce((s, p) => s + p.distance, 0) / pe.length);
    const weight = pe.reduce((s, p) => s + p.characters, 0);
    report.postEdit.weighted = weight > 0 ? round1(pe.reduce((s, p) => s + p.distance * p.characters, 0) / weight) : report.postEdit.mean;
  }
  return report;
}
