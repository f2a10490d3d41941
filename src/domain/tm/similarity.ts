/**
 * Fuzzy-match scoring for translation memory: character-based, so it works on Chinese, which has
 * no spaces between words. Pure logic.
 *
 * Scores are 0–100: 100 only for byte-identical sources, 99 for sources equal after
 * {@link normalizeForMatch} (width, case, whitespace, punctuation style differ), otherwise
 * `floor(100 × (1 − distance / longer length))` on the normalised code points, capped at 99.
 */

/** Width/style variants of punctuation mapped to one form (after NFKC). */
const PUNCT_MAP: Readonly<Record<string, string>> = {
  '。': '.',
  '｡': '.',
  '、': ',',
  '，': ',',
  '：': ':',
  '；': ';',
  '！': '!',
  '？': '?',
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '‘': "'",
  '’': "'",
  '《': '"',
  '》': '"',
  '〈': '"',
  '〉': '"',
  '【': '[',
  '】': ']',
  '〔': '(',
  '〕': ')',
  '（': '(',
  '）': ')',
  '—': '-',
  '–': '-',
  '－': '-',
  '～': '~',
  '…': '...',
};
const PUNCT_RE = new RegExp(`[${Object.keys(PUNCT_MAP).join('')}]`, 'gu');

/**
 * Normalises text for matching: NFKC (full-width letters, digits and spaces become half-width),
 * lower case, whitespace removed, punctuation variants unified (，→, 。→. “”«»《》→").
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(PUNCT_RE, (ch) => PUNCT_MAP[ch] ?? ch)
    .toLowerCase()
    .replace(/\s+/gu, '');
}

/** The code points of a string (so astral Han characters count as one). */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

/**
 * Levenshtein distance between two code-point arrays. With `max`, stops early and returns
 * `max + 1` as soon as the distance is known to exceed `max`.
 */
export function levenshtein(a: readonly number[], b: readonly number[], max = Infinity): number {
  if (a.length < b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  if (n - m > max) return max + 1;
  if (m === 0) return n;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a[i - 1];
    for (let j = 1; j <= m; j++) {
      const cost = ai === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[m]!;
}

/** Score from a distance and the two normalised lengths (0–99; callers handle the 100/99 cases). */
export function scoreFromDistance(distance: number, lenA: number, lenB: number): number {
  const longer = Math.max(lenA, lenB);
  if (longer === 0) return 99;
  return Math.max(0, Math.min(99, Math.floor(100 * (1 - distance / longer))));
}

/**
 * Similarity of two sources, 0–100: 100 when identical, 99 when equal after normalisation,
 * otherwise the Levenshtein ratio on normalised code points (at most 99). Two empty strings score
 * 100; an empty and a non-empty one score 0.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 100;
  const na = codePoints(normalizeForMatch(a));
  const nb = codePoints(normalizeForMatch(b));
  if (na.length === 0 || nb.length === 0) return na.length === nb.length ? 99 : 0;
  return scoreFromDistance(levenshtein(na, nb), na.length, nb.length);
}

/** A match band, as shown to translators and used for TM statistics. */
export type MatchBand = '100' | '95-99' | '85-94' | '75-84' | '50-74' | 'none';

/** The bands from best to worst, with their lowest score. */
export const MATCH_BANDS: readonly { band: MatchBand; min: number }[] = [
  { band: '100', min: 100 },
  { band: '95-99', min: 95 },
  { band: '85-94', min: 85 },
  { band: '75-84', min: 75 },
  { band: '50-74', min: 50 },
  { band: 'none', min: 0 },
];

/** The band of a score (100, 95–99, 85–94, 75–84, 50–74, none below 50). */
export function matchBand(score: number): MatchBand {
  for (const b of MATCH_BANDS) if (score >= b.min) return b.band;
  return 'none';
}

/** Counts how many of `scores` fall into each band (for analysis reports). */
export function matchBands(scores: Iterable<number>): Record<MatchBand, number> {
  const counts: Record<MatchBand, number> = { '100': 0, '95-99': 0, '85-94': 0, '75-84': 0, '50-74': 0, none: 0 };
  for (const s of scores) counts[matchBand(s)]++;
  return counts;
}
